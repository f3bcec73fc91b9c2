"""`finews-bot poll --once` and `finews-bot import DIR`, as real subprocesses."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.backfill import import_dir
from bot.config import DatabaseConfig, Settings
from tests.fakes.site import DATA, FakeSite, sample_posts

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _config(tmp_path: Path, db_url: str, sources: str) -> Path:
    cfg = tmp_path / "finews.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n{sources}', encoding="utf-8")
    return cfg


@pytest.mark.slow
def test_poll_once(db_url: str, tmp_path: Path) -> None:
    with FakeSite(posts=sample_posts()[:3]) as site:
        site.fail("/down.xml", 503)
        cfg = _config(
            tmp_path,
            db_url,
            f"""
[[sources]]
name = "finews"
kind = "feed"
url = "{site.url("/feed.xml")}"
timeout = 0.5

[[sources]]
name = "down"
kind = "feed"
url = "{site.url("/down.xml")}"
timeout = 0.5
retries = 0
""",
        )
        first = _run("poll", "--once", "--config", str(cfg))
        assert first.returncode == 1, first.stderr  # one source failed
        lines = first.stdout.splitlines()
        assert lines[0].startswith("finews: 3 new, 0 updated, 0 seen")
        assert lines[1].startswith("down: FAILED: GET ") and "HTTP 503" in lines[1]
        assert "down" in first.stderr  # the operator's log line names the source

        site.clear_faults()
        site.serve_raw("/down.xml", site.feed_xml(), ctype="application/atom+xml")
        second = _run("poll", "--once", "--config", str(cfg))
        assert second.returncode == 0, second.stderr
        assert second.stdout.splitlines() == [
            "finews: 0 new, 0 updated, 0 seen (not modified)",
            "down: 0 new, 0 updated, 3 seen",  # back up; the posts were stored by finews
        ]


@pytest.mark.slow
def test_import_dir(db_url: str, tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    for f in DATA.glob("*.md"):
        shutil.copyfile(f, posts / f.name)
    (posts / "2021-01-01-broken.md").write_bytes(b"\x00\x01\x02" * 100)
    cfg = _config(tmp_path, db_url, "")
    first = _run("import", str(posts), "--config", str(cfg))
    assert first.returncode == 1, first.stderr  # a file failed: a cron job must notice
    assert first.stdout.startswith("import: 5 files, 4 new, 0 updated, 0 unchanged, 1 failed")
    assert "2021-01-01-broken.md" in first.stderr  # the operator is told which one
    second = _run("import", str(posts), "--config", str(cfg), "--source", "backfill")
    assert second.returncode == 1, second.stderr
    assert second.stdout.startswith("backfill: 5 files, 0 new, 0 updated, 4 unchanged, 1 failed")
    (posts / "2021-01-01-broken.md").unlink()
    third = _run("import", str(posts), "--config", str(cfg))
    assert third.returncode == 0, third.stderr
    assert third.stdout.startswith("import: 4 files, 0 new, 0 updated, 4 unchanged, 0 failed")


def test_import_progress_bar(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = Settings(database=DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
    result = import_dir(settings, DATA, source="import", progress=True)
    assert (result.files, result.new) == (4, 4)
    assert "4/4" in capsys.readouterr().err


def test_import_source_name_too_long_for_the_column(db_url: str, tmp_path: Path) -> None:
    """`--source` is stored in a 64-character column: PostgreSQL refused the first post
    and the import died in a traceback (SQLite ignores the length). Refused up front,
    in one line, like a source name in the config."""
    posts = tmp_path / "_posts"
    shutil.copytree(DATA, posts)
    cfg = _config(tmp_path, db_url, "")
    proc = _run("import", str(posts), "--source", "archive-" * 9, "--config", str(cfg))
    assert proc.returncode == 2, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "64" in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("sources", ["none", "all-disabled"])
def test_poll_once_with_nothing_to_poll_says_so(tmp_path: Path, sources: str) -> None:
    """With every source `enabled = false`, `poll --once` printed nothing and exited 0
    (and made the database), while with none it said `no [[sources]] configured`, exit
    2: a cron job saw success for a poll that never ran. Both now say so, exit 2."""
    table = (
        f'[[sources]]\nname = "d"\nkind = "jekyll-dir"\npath = "{tmp_path}"\nenabled = false\n'
        if sources == "all-disabled"
        else ""
    )
    cfg = _config(tmp_path, f"sqlite:///{tmp_path / 'f.db'}", table)
    proc = _run("poll", "--once", "--config", str(cfg))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "no enabled [[sources]] configured" in proc.stderr, proc.stderr
    assert not (tmp_path / "f.db").exists()


def test_import_goes_on_past_a_post_that_cannot_be_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A post whose row fails to store (odd data, a bug) stopped the whole import in a
    traceback, the files after it never read; a poll skips such a post and goes on. The
    import now names it in one line, counts it failed and stores the others."""
    import bot.backfill

    real = bot.backfill.process
    bad = "202112082206799077"

    def flaky(session, article, **kw):  # type: ignore[no-untyped-def]
        if article.id == bad:
            raise ValueError("simulated bad row")
        return real(session, article, **kw)

    monkeypatch.setattr(bot.backfill, "process", flaky)
    settings = Settings(database=DatabaseConfig(url=f"sqlite:///{tmp_path / 'x.db'}"))
    caplog.set_level(logging.WARNING)
    result = import_dir(settings, DATA, source="import", progress=False)
    assert (result.files, result.new, result.failed) == (4, 3, 1)
    assert any(bad in r.getMessage() and r.exc_info is None for r in caplog.records)
    assert any(bad in f for f, _ in result.failures)
