"""The sender-lock check when asking for the lock raises (not an outage the lock saw)."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.engine import Engine

from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import settings
from tests.fakes.locks import BrokenLock


async def test_a_lock_check_that_raises_is_not_told_as_a_standby(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """`lock.is_leader` raising logged its traceback and then `stands by (another replica
    sends)`: no other replica was known to send, nothing was decided. Now the error is
    the one line, no standby is told, and `sending()` still says undecided (None), so
    the updates loop does not hand its lock to a replica that may not exist."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    w = DeliveryWorker(settings(), sqlite_engine, bot=None, lock=BrokenLock())  # type: ignore[arg-type]
    for _ in range(2):
        await w._check_leader()
    lines = [r.getMessage() for r in caplog.records]
    assert not any("stands by" in line for line in lines), lines
    assert lines.count("delivery: cannot check the sender lock") == 2, lines
    assert w.sending() is None and w.leading is False


async def test_a_sender_whose_lock_check_raises_stops_and_says_why(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """Leading, then the check raises: it stops sending (it cannot know it still holds
    the lock) with a line saying the check failed, not "the database is unreachable"."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    w = DeliveryWorker(settings(), sqlite_engine, bot=None, lock=BrokenLock(True))  # type: ignore[arg-type]
    await w._check_leader()
    assert w.sending() is True
    await w._check_leader()
    lines = [r.getMessage() for r in caplog.records]
    assert w.sending() is False and not any("stands by" in line for line in lines), lines
    assert any("stops sending: the telegram-sender lock could not be checked" in x for x in lines)
