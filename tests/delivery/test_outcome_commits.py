"""Committing send outcomes while the database is down (the flusher, `Outcomes`)."""

from __future__ import annotations

import asyncio
import logging

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.fenced import Op
from bot.delivery.outcomes import Outcomes


def _down() -> sa.exc.OperationalError:
    return sa.exc.OperationalError(
        "UPDATE deliveries", {}, Exception("server closed the connection unexpectedly")
    )


async def test_outcomes_that_wait_for_the_database_are_told_once(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """Sends done, the database gone: each retry of the commit (one a second) logged
    'recording N delivery outcomes failed' with a full traceback, for as long as the
    outage lasted (the lines the housekeeping loops' `Outage` was made to spare). Now:
    one WARNING when it starts, one INFO when the outcomes are recorded, and nothing is
    lost (the slot comes back once the commit succeeds)."""
    caplog.set_level(logging.INFO, logger="bot.delivery")
    tries: list[list[Op]] = []

    async def apply(ops: list[Op]) -> None:
        tries.append(ops)
        if len(tries) <= 5:
            raise _down()

    out = Outcomes(apply, 4, engine=sqlite_engine)
    out.retry_pause = 0.01
    await out.take_slot()
    out.record(Op("sent", ids=[1]), releases=True)
    for _ in range(6):
        await out.flush()
    assert len(tries) == 6 and tries[-1][0].ids == [1]
    assert out._held == 0  # the slot came back with the commit
    told = [(r.levelname, r.getMessage(), r.exc_info) for r in caplog.records]
    assert [(lv, exc) for lv, _, exc in told] == [("WARNING", None), ("INFO", None)], told
    assert told[0][1].startswith("recording delivery outcomes: the database is unavailable")
    assert told[1][1] == "recording delivery outcomes: the database answers again"


async def test_an_outcome_commit_that_fails_for_a_bug_keeps_its_traceback(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    async def apply(ops: list[Op]) -> None:
        raise ValueError("a bug")

    out = Outcomes(apply, 4, engine=sqlite_engine)
    out.retry_pause = 0.01
    out.record(Op("sent", ids=[1]), releases=False)
    await asyncio.wait_for(out.flush(), 5)
    (record,) = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelname == "ERROR" and record.exc_info is not None
