"""The CLI as an operator types it, in real `finews-bot` subprocesses: every command
that reads the config takes `--config`, and the help says what a command needs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"


def _bot(*args: str, columns: int = 100) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    env["COLUMNS"] = str(columns)  # the help's width, whatever the terminal running the tests
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def _config(tmp_path: Path, text: str = f'[telegram]\ntoken = "{TOKEN}"\n') -> Path:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_check_config_takes_config_like_every_command(tmp_path: Path) -> None:
    """`check-config --config x.toml` (as `run --config x.toml`) failed: 'No such option:
    --config'. Both forms are read now; the positional one still works."""
    cfg = _config(tmp_path)
    for args in (["--config", str(cfg)], ["-c", str(cfg)], [str(cfg)]):
        proc = _bot("check-config", *args)
        assert proc.returncode == 0, (args, proc.stderr)
        assert proc.stdout.strip() == f"{cfg}: OK, 0 source(s), token set", args
    bad = _config(tmp_path, "[telegram]\nadmins = 5\n")
    proc = _bot("check-config", "--config", str(bad))
    assert proc.returncode == 2 and "telegram.admins" in proc.stderr, proc.stderr


def test_check_config_needs_one_file(tmp_path: Path) -> None:
    """No file at all, or two different ones: one line saying how to call it, exit 2."""
    proc = _bot("check-config")
    assert proc.returncode == 2
    assert "check-config: give the config file: finews-bot check-config --config" in proc.stderr
    one, two = _config(tmp_path), tmp_path / "other.toml"
    proc = _bot("check-config", str(one), "--config", str(two))
    assert proc.returncode == 2
    assert "two config files" in proc.stderr, proc.stderr
    same = _bot("check-config", str(one), "--config", str(one))
    assert same.returncode == 0, same.stderr


COMMANDS = [
    [],
    ["parse"],
    ["preview"],
    ["poll"],
    ["import"],
    ["run"],
    ["stats"],
    ["db", "purge"],
    ["outlets", "rename"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "finews-bot")
def test_help_shows_no_value_after_a_flag(command: list[str]) -> None:
    """The help printed `--once <bool>`, `--json <bool>`, `--help <bool>`: as if each
    flag took a value (`--once true` is an error). A flag is shown alone."""
    proc = _bot(*command, "--help")
    assert proc.returncode == 0, proc.stderr
    assert "<bool>" not in proc.stdout, proc.stdout
    assert "--help" in proc.stdout


def test_the_command_list_uses_a_wide_terminal() -> None:
    """Click wraps help at 80 columns however wide the terminal: the command list cut each
    summary short (`Exit 0 if the bot is healthy, 1 if not (for Docker...`). Up to 120
    columns are used now; a narrow terminal or a pipe still gets 80."""
    wide = _bot("--help", columns=120).stdout
    assert "(for Docker HEALTHCHECK and scripts)." in wide, wide
    assert "print what was new (--once is required)." in wide, wide
    assert "(for Docker..." in _bot("--help", columns=80).stdout


def test_poll_help_says_once_is_needed() -> None:
    proc = _bot("poll", "--help")
    assert proc.returncode == 0, proc.stderr
    text = " ".join(proc.stdout.split())  # as wrapped at any width
    assert "--once is required" in text, proc.stdout
    assert "finews-bot run" in text, proc.stdout


def test_poll_without_once_says_what_to_type(tmp_path: Path) -> None:
    """`finews-bot poll --config x.toml` said only `use --once (…)`: the command to type
    instead is named, and nothing is polled (exit 2)."""
    cfg = _config(tmp_path)
    proc = _bot("poll", "--config", str(cfg))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.strip() == (
        "finews-bot poll: add --once to poll every source once now "
        f"(finews-bot poll --once --config {cfg}); `finews-bot run` polls continuously"
    )
