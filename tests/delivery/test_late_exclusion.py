"""An exclusion added after a post was enqueued still applies when the worker sends it.

Rows held for a digest (or quiet hours, a paused chat) can wait hours; a reader who
sends `/sub -kw:广告` meanwhile must not get that news later anyway.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.digest import due_digests
from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import make_bot, publish, running, settings, until
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _rows(engine: Engine, chat_id: int) -> list[tuple]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT article_id, status, error FROM deliveries"
                    " WHERE chat_id = :c ORDER BY article_id"
                ),
                {"c": chat_id},
            )
        )


async def test_a_digest_leaves_out_what_an_exclusion_added_since_matches(engine: Engine) -> None:
    now = datetime.now(UTC)
    add_chat(engine, 1, [("ticker", "BABA.US")], digest_mode="hourly", last_digest_at=now)
    publish(engine, "A0", tickers=("BABA.US",), title="阿里巴巴 第0条 广告合作")
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 第1条")
    publish(engine, "A2", minutes=2, tickers=("BABA.US",), title="阿里巴巴 第2条")
    assert [r[1] for r in _rows(engine, 1)] == ["held"] * 3
    add_chat(engine, 1, [("exclude", "广告")])  # /sub -kw:广告 while the rows wait
    with engine.begin() as conn:  # the hourly digest is due
        conn.execute(
            sa.text("UPDATE chats SET last_digest_at = :t WHERE id = 1"),
            {"t": now - timedelta(hours=2)},
        )
    with FakeBotAPI() as api:
        async with running(DeliveryWorker(settings(), engine, make_bot(api))):
            await until(lambda: len(api.texts(1)) == 1)
    (digest,) = api.texts(1)
    assert "第1条" in digest and "第2条" in digest
    assert "第0条" not in digest and "2 条" in digest
    assert _rows(engine, 1) == [
        ("A0", "failed", "excluded"),
        ("A1", "sent", None),
        ("A2", "sent", None),
    ]


async def test_a_queued_push_an_exclusion_added_since_matches_is_not_sent(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 1, [("ticker", "BABA.US")], thread_id=7, kind="supergroup")
    add_chat(engine, 2, [("ticker", "BABA.US")])
    publish(engine, "A0", tickers=("BABA.US",), title="阿里巴巴 广告合作")
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 财报")
    add_chat(engine, 1, [("exclude", "广告")])  # the main chat's: every topic of it too
    with engine.begin() as conn:  # chat 2 unsubscribed: no exclusion, its rows still go
        conn.execute(sa.text("DELETE FROM subscriptions WHERE chat_id = 2"))
    with FakeBotAPI() as api:
        async with running(DeliveryWorker(settings(), engine, make_bot(api))):
            await until(lambda: len(api.texts(1)) == 2 and len(api.texts(2)) == 2)
            await until(lambda: all(r[1] in ("sent", "failed") for r in _rows(engine, 1)))
    assert all("广告" not in t for t in api.texts(1))
    assert sorted((r[0], r[1], r[2]) for r in _rows(engine, 1)) == [
        ("A0", "failed", "excluded"),
        ("A0", "failed", "excluded"),
        ("A1", "sent", None),
        ("A1", "sent", None),
    ]
    assert [r[1] for r in _rows(engine, 2)] == ["sent", "sent"]


async def test_a_digest_whose_items_were_all_excluded_spends_its_slot(engine: Engine) -> None:
    """Every item of a due daily digest was excluded since: nothing is sent, and the slot
    is spent all the same. Left due (last_digest_at not moved), the next article stored
    went out at once, alone, as that chat's "daily" digest, instead of at the next slot."""
    now = datetime.now(UTC)
    earlier = now - timedelta(days=2)
    add_chat(engine, 1, [("ticker", "BABA.US")], digest_mode="daily", last_digest_at=earlier)
    publish(engine, "A0", tickers=("BABA.US",), title="阿里巴巴 广告合作")
    add_chat(engine, 1, [("exclude", "广告")])
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: _rows(engine, 1) == [("A0", "failed", "excluded")])
        assert api.texts(1) == []
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 财报")
    assert due_digests(w.store) == []  # A1 waits for the next 08:00
