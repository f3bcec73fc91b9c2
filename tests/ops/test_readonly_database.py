"""`finews-bot run` on a database that opens and reads but takes no write: a SQLite file
the bot's user may not write (made by root with `docker exec`, a volume mounted
read-only), a PostgreSQL standby or `default_transaction_read_only`. It logged
`database ready` and started, then every poll, /sub and delivery failed on its write.
It now stops at start, one line naming the database and why."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.botapi import FakeBotAPI

pytestmark = [pytest.mark.slow, pytest.mark.db]
ROOT = Path(__file__).resolve().parents[2]
READ_ONLY_PG = "options=-c%20default_transaction_read_only%3Don"


def _without_root() -> list[str]:
    """A prefix running the command without root's right to write any file (as the
    container's user is): `unshare -U`, a user namespace without capabilities."""
    if os.geteuid() != 0:
        return []
    if shutil.which("unshare") is None:
        pytest.skip("running as root without unshare: a read-only file is writable")
    probe = subprocess.run(["unshare", "-U", "true"], capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip("running as root and unshare -U is not allowed here")
    return ["unshare", "-U"]


def test_run_stops_at_start_on_a_database_it_cannot_write(db_url: str, tmp_path: Path) -> None:
    prefix: list[str] = []
    if db_url.startswith("sqlite"):
        db = Path(db_url.removeprefix("sqlite:///"))
        for path in db.parent.glob(db.name + "*"):
            path.chmod(0o444)
        prefix = _without_root()
        url = db_url
    else:
        url = db_url + ("&" if "?" in db_url else "?") + READ_ONLY_PG
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}"\n[database]\nurl = "{url}"\n'
        f'[telegram]\ntoken = "{FakeBotAPI().token}"\nbase_url = "http://127.0.0.1:9/bot"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    try:
        proc = subprocess.run(
            [*prefix, sys.executable, "-m", "bot", "run", "--config", str(cfg)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=90,  # before: it waited for the Bot API (port 9 refuses) for ever
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"run did not stop on a read-only database: {exc.stderr!r:.3000}")
    assert proc.returncode == 1, proc.stderr[-3000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("finews-bot run: cannot use the database "), proc.stderr[-3000:]
    assert "takes no writes" in last and "read-only" in last, last
    assert "database ready" not in proc.stderr


@pytest.mark.parametrize("command", [["poll", "--once"], ["import"]], ids=" ".join)
def test_poll_and_import_refuse_a_database_they_cannot_write(
    db_url: str, tmp_path: Path, command: list[str]
) -> None:
    """`poll --once` and `import` had no such check: they failed on their first write
    (a traceback, or every post 'rejected'). They now say what `run` says, one line,
    exit 1, before reading a post."""
    posts = tmp_path / "posts"
    posts.mkdir()
    post = sorted((ROOT / "tests" / "sources" / "data").glob("*.md"))[0]
    shutil.copy(post, posts / post.name)
    prefix: list[str] = []
    if db_url.startswith("sqlite"):
        db = Path(db_url.removeprefix("sqlite:///"))
        for path in db.parent.glob(db.name + "*"):
            path.chmod(0o444)
        prefix = _without_root()
        url = db_url
    else:
        url = db_url + ("&" if "?" in db_url else "?") + READ_ONLY_PG
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[database]\nurl = "{url}"\n'
        f'[[sources]]\nname = "dir"\nkind = "jekyll-dir"\npath = "{posts}"\n',
        encoding="utf-8",
    )
    args = [*command, str(posts)] if command == ["import"] else command
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "bot", *args, "--config", str(cfg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.stdout == "", proc.stdout
    line = f"finews-bot {command[0]}: cannot use the database "
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(line), proc.stderr[-3000:]
    assert "takes no writes" in last and "read-only" in last, last
