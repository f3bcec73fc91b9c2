"""The worker's duties keep their pace while a long digest pass runs (real worker)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.worker import DeliveryWorker
from bot.storage.db import session_scope
from bot.storage.models import Chat, Subscription
from tests.delivery.helpers import make_bot, publish, running, settings, until
from tests.fakes.botapi import FakeBotAPI

pytestmark = pytest.mark.db

DIGEST_CHATS = 3000


def _digest_chats_and_one_push(engine: Engine) -> None:
    """3,000 chats whose daily digest is due now, and chat -5 with an ordinary push."""
    old = datetime.now(UTC) - timedelta(days=2)
    with session_scope(engine) as s:
        for i in range(1, DIGEST_CHATS + 1):
            s.add(
                Chat(
                    id=i,
                    kind="private",
                    digest_mode="daily",
                    digest_time="00:00",
                    timezone="UTC",
                    last_digest_at=old,
                )
            )
        s.add(Chat(id=-5, kind="channel"))
        s.flush()
        for i in [*range(1, DIGEST_CHATS + 1), -5]:
            s.add(Subscription(chat_id=i, thread_id=0, kind="ticker", value="BABA.US"))
    publish(engine, "A1", tickers=("BABA.US",))


def _state(engine: Engine) -> tuple[datetime | None, int, int]:
    """(claimed_at of chat -5's push, rows still held, digest rows claimed or sent)."""
    with engine.connect() as conn:
        claimed = conn.execute(
            sa.text("SELECT claimed_at FROM deliveries WHERE chat_id = -5 AND status = 'sending'")
        ).scalar()
        held, taken = conn.execute(
            sa.text(
                "SELECT sum(CASE WHEN status = 'held' THEN 1 ELSE 0 END),"
                " sum(CASE WHEN status <> 'held' THEN 1 ELSE 0 END)"
                " FROM deliveries WHERE chat_id > 0"
            )
        ).one()
    return claimed, int(held or 0), int(taken or 0)


async def test_claims_stay_fresh_during_a_long_digest_pass(engine: Engine) -> None:
    """At a popular digest time thousands of chats are due at once, and the pass claims
    them one by one (about 5 ms each on PostgreSQL: a minute for 12,000 chats). The
    heartbeat ran in the same loop after the pass, so this worker's claims aged past
    `stale_claim_seconds` and another replica's `release_stale` handed them back,
    while a send was in flight: sent again (a duplicate), its outcome fenced. The
    heartbeat (and the sender-lock check) now keep their pace during the pass."""
    _digest_chats_and_one_push(engine)
    with FakeBotAPI() as api:
        api.fail(-5, "delay", times=1, seconds=20)  # chat -5's push is in flight meanwhile
        cfg = settings(stale_claim_seconds=3, send_timeout=30)
        w = DeliveryWorker(cfg, engine, make_bot(api))
        async with running(w):
            await until(lambda: _state(engine)[0] is not None and _state(engine)[2] > 0)
            claimed_at = _state(engine)[0]  # the digest pass has begun
            await until(lambda: _state(engine)[0] != claimed_at or _state(engine)[1] == 0, 60)
            refreshed, held, _ = _state(engine)
            # not refreshed: the send ended or the whole pass ran first (a stale claim)
            assert refreshed is not None and held > 0, (refreshed, held)
            assert refreshed > claimed_at
