"""The offline demo runs the real pipeline and prints what the subscriber receives."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.demo import ARCHIVE, DEMO_CHAT_ID, NEWS, bundled_posts, run_pipeline
from bot.parser import parse_file

ALIBABA = "2022-05-26-NW202205262393417736.md"


def _title(name: str) -> str:
    return parse_file(bundled_posts() / name).title


def test_bundled_posts() -> None:
    names = sorted(p.name for p in bundled_posts().glob("*.md"))
    assert names == sorted(ARCHIVE + NEWS)
    assert len(names) <= 8  # only a handful of corpus posts travel with the project
    assert ALIBABA in NEWS


def test_pipeline_pushes_only_new_matching_posts(tmp_path: Path) -> None:
    result, subs = run_pipeline(tmp_path)
    assert subs[0] == "每日经济新闻" and "BABA.US" in subs[1]
    assert result.archived == len(ARCHIVE)
    assert result.new == len(NEWS)
    texts = [m.text for m in result.messages]
    assert all(m.chat_id == DEMO_CHAT_ID for m in result.messages)
    assert all(len(t) <= 4096 for t in texts)
    # The Alibaba post matches twice (outlet and ticker) and arrives once.
    alibaba = _title(ALIBABA)
    assert sum(alibaba in t for t in texts) == 1
    # Archive posts are never pushed, even the one in the subscribed outlet.
    for name in ARCHIVE:
        assert not any(_title(name) in t for t in texts), name
    # Flash items of other outlets without BABA are stored but not pushed.
    assert len(result.not_pushed) == 2
    assert len(result.messages) == len(NEWS) - 2
    # A second run in the same directory starts from a fresh database: same result.
    again, _ = run_pipeline(tmp_path)
    assert [m.text for m in again.messages] == texts


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess, Path]:
    """`finews-bot demo` run once, in an empty directory, for the tests that read its output
    (each run is a 3 s subprocess; the tests only read what it printed and left)."""
    cwd = tmp_path_factory.mktemp("demo")
    script = Path(sys.executable).parent / "finews-bot"
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    proc = subprocess.run([*cmd, "demo"], capture_output=True, text=True, timeout=180, cwd=cwd)
    return proc, cwd


@pytest.mark.slow
def test_demo_command_output(demo_run: tuple[subprocess.CompletedProcess, Path]) -> None:
    proc, cwd = demo_run
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert _title(ALIBABA) in out
    assert "2040.52亿元" in out  # a key figure of the Alibaba post, as the post writes it
    assert "$BABA" in out
    assert "first poll" in out and "no match" in out
    # The way on names the config: `finews-bot run` alone (the demo's old hint) runs the
    # embedded defaults, with no source, and never pushes anything.
    assert "cp config.example.toml config.toml" in out
    assert "`finews-bot run --config config.toml`" in out
    assert "Traceback" not in proc.stderr
    assert not any(cwd.iterdir())  # nothing left behind without --data-dir


@pytest.mark.slow
def test_demo_shows_every_button_the_subscriber_gets(
    demo_run: tuple[subprocess.CompletedProcess, Path],
) -> None:
    """The demo says it shows "exactly the messages the subscriber receives", but printed
    only the first button of each push (阅读原文): the 🔕 退订 button that unsubscribes, in
    one tap, the outlet or stock that brought the push (README, first section) was left
    out, though the real bot sends it (the same worker, against the fake Bot API)."""
    proc, _ = demo_run
    assert proc.returncode == 0, proc.stderr
    pushes = [p for p in proc.stdout.split("────") if "📰" in p]
    assert len(pushes) == 3, proc.stdout
    alibaba = next(p for p in pushes if _title(ALIBABA) in p)
    assert "[按钮 button: 阅读原文]" in alibaba
    assert "[按钮 button: 🔕 退订 阿里巴巴 $BABA]" in alibaba, alibaba
    assert all("[按钮 button: 🔕 退订 " in p for p in pushes), proc.stdout


@pytest.mark.slow
@pytest.mark.parametrize("where", ["a-file", "a-file/demo"])
def test_a_data_dir_that_cannot_be_used_is_one_line(tmp_path: Path, where: str) -> None:
    """`demo --data-dir` naming a file, or a directory under one, died in a
    FileExistsError / NotADirectoryError traceback; now one line naming it, exit 1."""
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    target = tmp_path / where
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "demo", "--data-dir", str(target)],
        capture_output=True, text=True, timeout=180, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stderr.startswith(f"finews-bot demo: cannot use --data-dir {target}: ")
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
