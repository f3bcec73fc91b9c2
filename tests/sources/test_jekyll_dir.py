"""`jekyll-dir` source: a `_posts` directory, new and changed files, `git pull`."""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_dir
from bot.storage.models import ArticleRow
from tests.fakes.site import DATA
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, article_ids, state

FILES = sorted(DATA.glob("*.md"))
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


@pytest.fixture(autouse=True)
def _fresh_stat_cache() -> None:
    jekyll_dir._stat_cache.clear()


def _copy(files: list[Path], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copyfile(f, dest / f.name)


def test_a_utf16_post_with_a_byte_order_mark_is_stored(
    engine: Engine, tmp_path: Path, settings: Settings
) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    for f in FILES[:2]:  # one as saved by a Windows editor's "Unicode"
        text = f.read_text(encoding="utf-8")
        data = text.encode("utf-16") if f == FILES[0] else text.encode("utf-8")
        (posts / f.name).write_bytes(data)
    report = poll_source(settings, engine, quick("dir", "jekyll-dir", path=str(posts)))
    assert (report.new, report.skipped, report.error) == (2, 0, None)
    with Session(engine) as s:
        row = s.get(ArticleRow, "202112082206747356")
        assert row is not None and "涨超10%" in row.title


def test_new_and_changed_files(engine: Engine, tmp_path: Path, settings: Settings) -> None:
    posts = tmp_path / "_posts"
    _copy(FILES[:2], posts)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    first = poll_source(settings, engine, cfg)
    assert (first.new, first.error) == (2, None)

    _copy(FILES[2:3], posts / "2022")  # subdirectories are scanned too
    second = poll_source(settings, engine, cfg)
    assert (second.new, second.updated, second.seen) == (1, 0, 2)

    changed = posts / FILES[0].name
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("涨超10%", "涨超12%"), encoding="utf-8"
    )
    third = poll_source(settings, engine, cfg)
    assert (third.new, third.updated, third.seen) == (0, 1, 2)
    with Session(engine) as s:
        row = s.get(ArticleRow, "202112082206747356")
        assert row is not None and "涨超12%" in row.title
    assert article_count(engine) == 3
    assert poll_source(settings, engine, cfg).seen == 3


def test_restart_reads_files_again_but_stores_nothing(
    engine: Engine, tmp_path: Path, settings: Settings
) -> None:
    posts = tmp_path / "_posts"
    _copy(FILES, posts)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    assert poll_source(settings, engine, cfg).new == 4
    jekyll_dir.forget("dir")  # a new process: no stat cache
    report = poll_source(settings, engine, cfg)
    assert (report.new, report.updated, report.seen) == (0, 0, 4)


def test_broken_file_is_skipped_and_not_retried_until_changed(
    sqlite_engine: Engine, tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    posts = tmp_path / "_posts"
    _copy(FILES[:1], posts)
    junk = posts / "2021-12-09-junk.md"
    junk.write_bytes(bytes(range(256)) * 8)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped, report.error) == (1, 1, None)
    assert any("junk" in r.getMessage() and "rejected" in r.getMessage() for r in caplog.records)
    jekyll_dir.forget("dir")
    assert poll_source(settings, sqlite_engine, cfg).skipped == 0  # same digest: not re-parsed
    junk.write_text(FILES[1].read_text(encoding="utf-8"), encoding="utf-8")
    assert poll_source(settings, sqlite_engine, cfg).new == 1


def test_missing_directory_is_a_source_error(sqlite_engine: Engine, tmp_path: Path) -> None:
    cfg = quick("dir", "jekyll-dir", path=str(tmp_path / "nope"))
    report = poll_source(Settings(), sqlite_engine, cfg)
    assert report.error is not None and "not a directory" in report.error
    assert state(sqlite_engine, "dir").consecutive_failures == 1


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env=GIT_ENV)


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_pull_brings_new_posts(engine: Engine, tmp_path: Path, settings: Settings) -> None:
    origin = tmp_path / "origin"
    _copy(FILES[:2], origin / "_posts")
    _git("init", "-q", "-b", "main", cwd=origin)
    _git("add", ".", cwd=origin)
    _git("commit", "-q", "-m", "two posts", cwd=origin)
    checkout = tmp_path / "checkout"
    _git("clone", "-q", str(origin), str(checkout), cwd=tmp_path)

    cfg = quick("git", "jekyll-dir", path=str(checkout / "_posts"), git_pull=True, git_timeout=20)
    assert poll_source(settings, engine, cfg).new == 2

    _copy(FILES[2:], origin / "_posts")
    _git("add", ".", cwd=origin)
    _git("commit", "-q", "-m", "two more", cwd=origin)
    report = poll_source(settings, engine, cfg)
    assert (report.new, report.seen, report.error) == (2, 2, None)
    assert len(article_ids(engine)) == 4
    assert (checkout / "_posts" / FILES[3].name).exists()


def test_failing_git_pull_is_logged_once_and_the_checkout_still_polled(
    sqlite_engine: Engine, tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING)
    posts = tmp_path / "_posts"  # not a git repository
    _copy(FILES[:2], posts)
    cfg = quick("dir", "jekyll-dir", path=str(posts), git_pull=True, git_timeout=10)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(3)]
    assert reports[0].new == 2 and all(r.error is None for r in reports)
    git_logs = [r for r in caplog.records if "git pull" in r.getMessage()]
    assert len(git_logs) == 1 and git_logs[0].getMessage().startswith("dir: ")


def test_a_fresh_database_rereads_files_in_the_same_process(
    tmp_path: Path, settings: Settings
) -> None:
    """The stat cache never hides files from a database that has not seen them."""
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade

    posts = tmp_path / "_posts"
    _copy(FILES, posts)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    for name in ("a.db", "b.db"):
        eng = make_engine(f"sqlite:///{tmp_path / name}")
        upgrade(eng)
        assert poll_source(settings, eng, cfg).new == 4
        eng.dispose()


def test_undated_post_is_not_updated_on_every_poll(
    engine: Engine, tmp_path: Path, settings: Settings
) -> None:
    """No date in the front matter or file name: the file's mtime is the time seen,
    so re-reading it (after a restart) finds the same article."""
    posts = tmp_path / "_posts"
    posts.mkdir()
    undated = posts / "nodate-dueec2e95b239cafba85ca348503a8742440.md"
    undated.write_text(
        '---\nlayout: post\ntitle: "没有日期的帖子"\ncategories: 36ke\ntags: 36氪新闻\n---\n\n'
        "<p>正文一段，没有发布日期。</p>\n",
        encoding="utf-8",
    )
    os.utime(undated, (1_700_000_000, 1_700_000_000))
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    assert poll_source(settings, engine, cfg).new == 1
    with Session(engine) as s:
        row = s.get(ArticleRow, "dueec2e95b239cafba85ca348503a8742440")
        assert row is not None and int(row.published_at.timestamp()) == 1_700_000_000
    # a second source reading the same file: same article, not an update
    again = poll_source(settings, engine, quick("dir2", "jekyll-dir", path=str(posts)))
    assert (again.new, again.updated, again.seen) == (0, 0, 1)


def test_gb18030_and_bom_files_are_read(sqlite_engine: Engine, tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    text = FILES[0].read_text(encoding="utf-8")
    (posts / FILES[0].name).write_bytes(text.encode("gb18030"))
    (posts / FILES[1].name).write_bytes(b"\xef\xbb\xbf" + FILES[1].read_bytes())
    report = poll_source(Settings(), sqlite_engine, quick("dir", "jekyll-dir", path=str(posts)))
    assert (report.new, report.skipped) == (2, 0)
    with Session(sqlite_engine) as s:
        row = s.get(ArticleRow, "202112082206747356")
        assert row is not None and row.title == "海伦司(09869.HK)涨超10%"


def test_a_file_that_cannot_be_stored_is_read_again_next_poll(
    engine: Engine, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stat cache remembers only files whose row was stored."""
    import bot.ingest

    real = bot.ingest.process

    def flaky(session, article, **kw):  # type: ignore[no-untyped-def]
        if article.id == "202112082206747356":
            raise ValueError("simulated bad row")
        return real(session, article, **kw)

    posts = tmp_path / "_posts"
    _copy(FILES, posts)
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    monkeypatch.setattr(bot.ingest, "process", flaky)
    first = poll_source(settings, engine, cfg)
    assert (first.new, first.store_failures) == (3, 1)
    monkeypatch.setattr(bot.ingest, "process", real)
    second = poll_source(settings, engine, cfg)
    assert (second.new, second.seen) == (1, 3)
    assert "202112082206747356" in article_ids(engine)


def test_a_post_with_an_over_long_link_id_stores_on_every_engine(
    engine: Engine, tmp_path: Path, settings: Settings
) -> None:
    """PostgreSQL refuses an id longer than the column, where SQLite keeps it: such a post
    failed to store on every poll there. Its id is hashed short, like a long slug's."""
    posts = tmp_path / "_posts"
    posts.mkdir()
    link = "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2025100135280" + "7" * 60
    text = FILES[0].read_text(encoding="utf-8")
    (posts / "2021-12-08-NW2025100135280.md").write_text(
        re.sub(r"<http[^>]+>", f"<{link}>", text), encoding="utf-8"
    )
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    first = poll_source(settings, engine, cfg)
    assert (first.new, first.store_failures, first.error) == (1, 0, None), first.line()
    (stored,) = article_ids(engine)
    assert len(stored) <= 64 and stored.startswith("s")
    jekyll_dir.forget("dir")  # a restart: the file is read again, and recognized
    assert poll_source(settings, engine, cfg).seen == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_a_git_pull_failing_for_long_is_told_again_then_its_recovery(
    sqlite_engine: Engine, tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A pull that keeps failing (the remote's history rewritten, credentials gone) leaves the
    checkout stale while every poll succeeds: after `failing_report_after` failed pulls in a
    row an ERROR says so again (once), as for a failing source; a working pull says so."""
    caplog.set_level(logging.INFO)
    posts = tmp_path / "_posts"  # not a git repository
    _copy(FILES[:2], posts)
    cfg = quick(
        "dir", "jekyll-dir", path=str(posts), git_pull=True, git_timeout=10, failing_report_after=3
    )
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(5)]
    assert all(r.error is None for r in reports)
    told = [r for r in caplog.records if "git pull" in r.getMessage()]
    assert [r.levelname for r in told] == ["WARNING", "ERROR"], [r.getMessage() for r in told]
    assert "3 polls" in told[1].getMessage() and "not read" in told[1].getMessage()
    assert state(sqlite_engine, "dir").cursor["git_failures"] == 5
    _git("init", "-q", "-b", "main", cwd=posts)  # the checkout repaired: the pull works

    _git("add", ".", cwd=posts)
    _git("commit", "-q", "-m", "posts", cwd=posts)
    origin = tmp_path / "origin"
    _git("clone", "-q", "--bare", str(posts), str(origin), cwd=tmp_path)
    _git("remote", "add", "origin", str(origin), cwd=posts)
    _git("fetch", "-q", "origin", cwd=posts)
    _git("branch", "-q", "--set-upstream-to=origin/main", "main", cwd=posts)
    caplog.clear()
    assert poll_source(settings, sqlite_engine, cfg).error is None
    told = [r.getMessage() for r in caplog.records if "git pull" in r.getMessage()]
    assert told == ["dir: git pull works again"]
    assert not state(sqlite_engine, "dir").cursor.get("git_failures")


_FRONT = (
    "---\nlayout: post\ntitle: {title}\ndate: {date}\n"
    "categories: emnews\ntags: 东财滚动新闻\n---\n\n"
)
_PROPER = "2022-05-26-202205262391921712.md"
_UNDATED = "-202205262391921712.md"  # what the generator wrote when it had no date


def test_the_generators_undated_copy_of_a_post_is_the_same_article(
    sqlite_engine: Engine, tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """`-<id>.md` (no title, no date, empty link) and `<date>-<id>.md` are one post:
    the blank copy is rejected in one line, a copy with text is the same article."""
    caplog.set_level(logging.WARNING)
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / _UNDATED).write_text(
        _FRONT.format(title='""', date='" +0800"') + "<>\n", encoding="utf-8"
    )
    (posts / _PROPER).write_text(
        _FRONT.format(title='"北向资金净流入超40亿"', date="2022-05-26 10:48:44")
        + "数据显示，北向资金净流入超40亿元。\n\n<>\n",
        encoding="utf-8",
    )
    cfg = quick("dir", "jekyll-dir", path=str(posts))
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped, report.error) == (1, 1, None)
    assert article_ids(sqlite_engine) == {"202205262391921712"}
    rejected = [r for r in caplog.records if _UNDATED in r.getMessage()]
    assert len(rejected) == 1 and not rejected[0].exc_info
    assert "no title and no text" in rejected[0].getMessage()
    # the undated copy carrying the text: still the one article, not a second one
    (posts / _UNDATED).write_text(
        _FRONT.format(title='""', date='" +0800"') + "数据显示，北向资金净流入超40亿元。\n\n<>\n",
        encoding="utf-8",
    )
    again = poll_source(settings, sqlite_engine, cfg)
    assert again.new == 0 and article_ids(sqlite_engine) == {"202205262391921712"}
