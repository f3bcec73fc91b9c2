"""What the operator reads: a Bot API outage and start-up leave short lines, no tracebacks."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.telegram.app import build_application, polling_error
from bot.telegram.handlers_chat import describe_error
from tests.fakes.botapi import FakeBotAPI
from tests.telegram.harness import make_settings


async def test_bot_api_outage_is_one_line_per_failed_poll(sqlite_engine, caplog):
    caplog.set_level(logging.DEBUG)
    api = FakeBotAPI().start()
    app = build_application(make_settings(api), sqlite_engine)
    await app.initialize()
    try:
        await app.start()
        await app.updater.start_polling(  # type: ignore[union-attr]
            poll_interval=0.0, timeout=1, error_callback=polling_error
        )
        api.stop()  # the Bot API goes away for a while
        await asyncio.sleep(2.5)
        records = list(caplog.records)  # (stopping during the outage has its own error)
    finally:
        await app.updater.stop()  # type: ignore[union-attr]
        await app.stop()
        await app.shutdown()
    failed = [r for r in records if "getUpdates failed" in r.getMessage()]
    assert failed and all(r.levelno == logging.WARNING and not r.exc_info for r in failed)
    loud = [r for r in records if r.levelno >= logging.ERROR]
    assert loud == [], [r.getMessage() for r in loud]


def test_error_text_names_the_class_once() -> None:
    from telegram.error import BadRequest, Forbidden

    assert describe_error(Forbidden("Forbidden: bot was blocked by the user")) == (
        "Forbidden: bot was blocked by the user"
    )
    assert describe_error(BadRequest("Chat not found")) == "BadRequest: Chat not found"
    assert describe_error(None) == "unknown error"


@pytest.mark.slow
def test_start_up_has_no_alembic_chatter(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    env.pop("FINEWS_DATABASE_URL", None)
    cmd = [sys.executable, "-m", "bot", "db", "upgrade", "--config", str(cfg)]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert first.returncode == 0, first.stderr
    assert "alembic" not in first.stderr
    assert "database schema upgraded: (empty) ->" in first.stderr
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
    assert again.returncode == 0 and again.stderr.strip() == "", again.stderr
