"""The updates loop (`bot.app._long_poll_when_leading`) when a leader-lock check raises or
the sender stops: what it logs says what happened."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from bot.app import _long_poll_when_leading
from tests.fakes.locks import BrokenLock


class _Updater:
    def __init__(self, running: bool = False) -> None:
        self.running = running

    async def start_polling(self, **_: object) -> None:
        self.running = True

    async def stop(self) -> None:
        self.running = False


async def _run(lock: BrokenLock, decisions: list[bool | None], updater: _Updater) -> None:
    """One loop round per decision of `sending()`, then stop."""
    stop = asyncio.Event()

    def sending() -> bool | None:
        answer = decisions.pop(0)
        if not decisions:
            stop.set()
        return answer

    app = SimpleNamespace(updater=updater)
    await asyncio.wait_for(_long_poll_when_leading(app, lock, stop, sending), 10)  # type: ignore[arg-type]


def _lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records]


async def test_a_lock_check_that_raises_while_polling_stops_it_and_says_why(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The updates lock's check raised: logged `could not start long polling; retrying`
    (it was polling already, and kept on without knowing it held the lock). It stops, and
    says the lock could not be checked; a standby whose check raises tells no standby."""
    caplog.set_level(logging.INFO, logger="bot.app")
    updater = _Updater()
    await _run(BrokenLock(True), [True, True, True], updater)
    lines = _lines(caplog)
    assert not any("could not start long polling" in x for x in lines), lines
    assert updater.running is False
    assert any(
        "stopped long polling: the telegram-updates lock could not be checked" in x for x in lines
    )
    assert sum("cannot check the telegram-updates lock" in x for x in lines) == 1, lines
    caplog.clear()
    await _run(BrokenLock(), [True, True], _Updater())
    lines = _lines(caplog)
    assert not any("could not start" in x or "stands by" in x for x in lines), lines


async def test_a_replica_that_stops_sending_says_so_not_lost_the_lock(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The sender lock's check raised, so this replica stopped sending (`sending()`
    False) and the loop handed the updates lock on itself: it logged `lost the updates
    lock`, which nobody took. It says the replica no longer sends."""
    caplog.set_level(logging.INFO, logger="bot.app")
    updater = _Updater()
    await _run(BrokenLock(True), [True, False, False], updater)
    lines = _lines(caplog)
    assert updater.running is False and not any("lost the updates lock" in x for x in lines)
    assert not any("stands by" in x for x in lines), lines  # it was not told another sends
    assert any("stopped long polling: this replica no longer sends" in x for x in lines), lines
