"""A digest stays a digest when one of its messages fails (real worker, fake Bot API)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.worker import DeliveryWorker
from bot.storage.models import Chat
from tests.delivery.helpers import (
    fail_nth_send,
    held_in_quiet_hours,
    make_bot,
    publish,
    running,
    settings,
    statuses,
    until,
)
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _held_after_quiet_hours(engine: Engine, n: int) -> None:
    """Chat 1 (no digest mode) has `n` long items held by quiet hours that are over."""
    add_chat(engine, 1, [("ticker", "BABA.US")], quiet_start="00:00", quiet_end="00:01")
    for i in range(n):
        title = f"阿里巴巴 第{i:02d}条 " + "财报" * 40
        publish(engine, f"A{i:02d}", minutes=i, tickers=("BABA.US",), title=title)
    held_in_quiet_hours(engine)  # what the claim did while the chat was in quiet hours


async def test_a_failed_first_part_keeps_the_rest_of_a_quiet_hours_digest_a_digest(
    engine: Engine,
) -> None:
    """The first message of a several-message digest gets a 502: the parts behind it
    wait for the retry as digest parts, they are not sent one push per article (a
    quiet-hours digest of 30 items must not become 20 separate notifications)."""
    _held_after_quiet_hours(engine, 30)
    with FakeBotAPI() as api:
        fail_nth_send(api, 1)
        w = DeliveryWorker(settings(private_per_second=20), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 30})
        texts = api.texts(1)
    assert [sum(f"第{i:02d}条" in t for t in texts) for i in range(30)] == [1] * 30
    assert all("免打扰期间的新闻" in t for t in texts), [t[:40] for t in texts]


async def test_a_stop_mid_digest_keeps_the_parts_not_sent_a_digest(engine: Engine) -> None:
    """The worker stops while the first message of a several-message digest is being
    sent: the parts it had not started go back to held (the next start sends them as a
    digest), not to queued, where the next claim would send one push per article."""
    _held_after_quiet_hours(engine, 30)
    with FakeBotAPI() as api:
        api.fail(1, "delay", times=1, seconds=0.5)
        w = DeliveryWorker(settings(private_per_second=20), engine, make_bot(api))
        async with running(w):
            await until(lambda: any(m == "sendMessage" for m, _ in api.requests))
        assert len(api.texts(1)) == 1
    after = statuses(engine)  # the first part's items sent, every other item held
    assert set(after) == {"sent", "held"} and sum(after.values()) == 30, after


async def test_a_digest_to_a_group_that_became_a_supergroup_stays_a_digest(
    engine: Engine,
) -> None:
    """The first message of a quiet-hours digest is answered "upgraded to a supergroup":
    the digest's rows follow the chat to its new id and go out there as a digest again,
    not one push per article."""
    add_chat(
        engine, -100, [("ticker", "BABA.US")], kind="group", quiet_start="00:00", quiet_end="00:01"
    )
    for i in range(30):
        title = f"阿里巴巴 第{i:02d}条 " + "财报" * 40
        publish(engine, f"A{i:02d}", minutes=i, tickers=("BABA.US",), title=title)
    held_in_quiet_hours(engine)
    with FakeBotAPI() as api:
        api.fail(-100, "migrated", times=1, migrate_to=-1001234)
        w = DeliveryWorker(settings(group_per_minute=600), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 30})
        texts = api.texts(-1001234)
    assert [sum(f"第{i:02d}条" in t for t in texts) for i in range(30)] == [1] * 30
    assert all("免打扰期间的新闻" in t for t in texts), [t[:40] for t in texts]


async def test_a_digest_whose_last_part_ends_unknown_is_done(engine: Engine) -> None:
    """A daily digest's only message gets no answer, twice (sent, then resent once:
    `resend_unknown` 1): it ends `unknown`, maybe delivered. The digest is over all the
    same, so news stored after it waits for tomorrow's digest; the chat's last digest
    stayed yesterday's, and the next article went out at once as a one-item digest."""
    now = datetime.now(UTC)
    an_hour_ago = (now - timedelta(hours=1)).astimezone(ZoneInfo("Asia/Shanghai"))
    add_chat(
        engine,
        1,
        [("ticker", "BABA.US")],
        digest_mode="daily",
        digest_time=an_hour_ago.strftime("%H:%M"),
        last_digest_at=now - timedelta(days=1, hours=1),
    )
    publish(engine, "A00", tickers=("BABA.US",), title="阿里巴巴 第00条")
    with FakeBotAPI() as api:
        api.fail(1, "cut", times=2)  # sent, no answer; resent, no answer
        w = DeliveryWorker(settings(send_timeout=1.0), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"unknown": 1})
            publish(engine, "A01", minutes=1, tickers=("BABA.US",), title="阿里巴巴 第01条")
            await asyncio.sleep(1.5)  # several digest checks (every 0.2 s)
        texts = api.texts(1)
    assert statuses(engine) == {"unknown": 1, "held": 1}
    assert len(texts) == 2 and all("第01条" not in t for t in texts), texts
    with engine.connect() as conn:
        c = Chat.__table__.c
        last = conn.execute(sa.select(c.last_digest_at).where(c.id == 1)).scalar()
    assert last is not None and last > now, last  # tomorrow's slot is counted from it


async def test_a_digest_whose_last_part_went_to_a_deleted_topic_is_done(engine: Engine) -> None:
    """A forum group's daily digest, one part per topic; topic 42, the last part's, was
    deleted ("message thread not found": its subscriptions end, the part fails). The
    digest was never done (only a sent or otherwise refused last part ended it): the
    chat's last digest stayed yesterday's, and the next article for topic 7 went out at
    once as a one-item digest. It waits for tomorrow's digest."""
    now = datetime.now(UTC)
    an_hour_ago = (now - timedelta(hours=1)).astimezone(ZoneInfo("Asia/Shanghai"))
    daily = {
        "digest_mode": "daily",
        "digest_time": an_hour_ago.strftime("%H:%M"),
        "last_digest_at": now - timedelta(days=1, hours=1),
    }
    add_chat(engine, -1009, [("ticker", "BABA.US")], kind="supergroup", thread_id=7, **daily)
    add_chat(engine, -1009, [("ticker", "BABA.US")], thread_id=42)
    publish(engine, "A00", tickers=("BABA.US",), title="阿里巴巴 第00条")
    with FakeBotAPI() as api:
        api.supergroup(-1009, "论坛", forum=True)
        api.fail(-1009, "thread_gone", thread=42)
        w = DeliveryWorker(settings(group_per_minute=600), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1, "failed": 1})
            await until(lambda: _last_digest(engine, -1009) > now)  # the digest is done
            publish(engine, "A01", minutes=1, tickers=("BABA.US",), title="阿里巴巴 第01条")
            await asyncio.sleep(1.5)  # several digest checks (every 0.2 s)
        texts = api.texts(-1009)
    assert statuses(engine) == {"sent": 1, "failed": 1, "held": 1}
    assert all("第01条" not in t for t in texts), texts


def _last_digest(engine: Engine, chat_id: int) -> datetime:
    with engine.connect() as conn:
        c = Chat.__table__.c
        last = conn.execute(sa.select(c.last_digest_at).where(c.id == chat_id)).scalar()
    return last or datetime.min.replace(tzinfo=UTC)
