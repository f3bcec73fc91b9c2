"""One `finews-bot run` per SQLite file: a second one stops at once with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.storage.locks import AlreadyRunning, instance_lock, sqlite_file


def test_second_holder_is_refused_and_lock_freed_on_exit(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'finews.db'}"
    with instance_lock(url) as lock:
        assert lock == (tmp_path / "finews.db.lock").resolve()
        assert lock.read_text() == str(os.getpid())
        with (
            pytest.raises(AlreadyRunning, match=rf"pid {os.getpid()}.*finews.db"),
            instance_lock(url),
        ):
            pass
    with instance_lock(url):  # released: the next run starts
        pass


def test_postgres_and_memory_need_no_lock() -> None:
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert sqlite_file("sqlite://") is None and sqlite_file("sqlite:///:memory:") is None
    with instance_lock("postgresql+psycopg://u@h/db") as lock:
        assert lock is None


@pytest.mark.slow
def test_second_run_exits_with_a_message(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}"\n[telegram]\nbase_url = "http://127.0.0.1:9/bot"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "FINEWS_BOT_TOKEN": "1:x", "PYTHONPATH": os.getcwd()}
    with instance_lock(f"sqlite:///{tmp_path / 'finews.db'}"):  # the first `run`
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--config", str(cfg)],
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
        )
    assert proc.returncode == 1, proc.stderr
    assert "another finews-bot run (pid" in proc.stderr and str(tmp_path) in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "finews.db").exists()  # stopped before touching the database


@pytest.mark.slow
@pytest.mark.parametrize("args", [["stats"], ["healthcheck"], ["db", "purge"]], ids=" ".join)
def test_stats_elsewhere_creates_no_empty_database(tmp_path: Path, args: list[str]) -> None:
    """Run from another directory than the bot's (a relative data_dir), `healthcheck`
    and `db purge` made an empty data/finews.db there, then answered with SQL errors
    (`no such table: source_state` inside the JSON report, `no such table: deliveries`),
    and a later `stats` said the same instead of where it looked. They read an existing
    database, as `stats` does: the same one line, nothing created."""
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("FINEWS_DATABASE_URL", None)
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        env=env,
    )
    assert proc.returncode == 1
    assert f"no database at {tmp_path / 'data' / 'finews.db'}" in proc.stderr
    assert not (tmp_path / "data").exists()
