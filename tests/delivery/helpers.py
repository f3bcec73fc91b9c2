"""Running a DeliveryWorker against the fake Bot API inside a test."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import AsyncIterator, Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from telegram import Bot

from bot.config import Settings
from bot.delivery.sender import delivery_request
from bot.delivery.worker import DeliveryWorker
from bot.fanout import enqueue_deliveries
from bot.storage.db import session_scope
from bot.storage.types import UTCDateTime
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_article, article_row


def settings(**delivery: object) -> Settings:
    base = {"poll_interval": 0.05, "stale_claim_seconds": 30, "digest_check_seconds": 0.2}
    return Settings.model_validate({"delivery": {**base, **delivery}})


def make_bot(api: FakeBotAPI, pool: int = 64, timeout: float = 10.0) -> Bot:
    """A Bot like `make_delivery_bot`'s (its answer hooks), pointed at the fake API."""
    return Bot(api.token, base_url=api.base_url, request=delivery_request(pool, timeout))


def publish(engine: Engine, aid: str, *, minutes: int = 0, **kw: object) -> int:
    """Store an article and enqueue its deliveries in one transaction (like ingest does)."""
    with session_scope(engine) as s:
        add_article(s, article_row(aid, minutes=minutes, **kw))  # type: ignore[arg-type]
        return enqueue_deliveries(s, aid)


def statuses(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, count(*) FROM deliveries GROUP BY status"))
        return {s: n for s, n in rows}


async def until(pred: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def running(worker: DeliveryWorker) -> AsyncIterator[DeliveryWorker]:
    async with worker.bot:
        task = asyncio.create_task(worker.run())
        try:
            yield worker
        finally:
            await worker.stop()
            await asyncio.wait_for(task, 10)


def fail_nth_send(api: FakeBotAPI, n: int) -> None:
    """The n-th sendMessage gets a 502 (not delivered), the others go through."""
    orig, count = api._dispatch, itertools.count(1)

    def dispatch(method: str, params: dict) -> tuple[int, dict]:
        if method == "sendMessage" and next(count) == n:
            return 502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}
        return orig(method, params)

    api._dispatch = dispatch  # type: ignore[method-assign]


def held_in_quiet_hours(engine: Engine) -> None:
    """Every delivery held as the claim holds them during a chat's quiet hours: arrived
    inside the `00:00-00:01` (Asia/Shanghai, the default zone) window, so the digest that
    releases them is headed as quiet hours' news."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    arrived = datetime.now(ZoneInfo("Asia/Shanghai")).replace(hour=0, minute=0, second=30)
    stmt = sa.text("UPDATE deliveries SET status = 'held', created_at = :t").bindparams(
        sa.bindparam("t", type_=UTCDateTime())
    )
    with engine.begin() as conn:
        conn.execute(stmt, {"t": arrived})
