"""Fencing and the chat lifecycle, on both engines.

A worker whose claim was released (late heartbeat) and taken by another worker can
change nothing on those rows, whatever outcome it reports; it drops its units. Chat
changes (pause, removal, migration) leave no row that nothing would ever send or end.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.delivery.fenced import Op
from bot.delivery.liveness import Liveness
from bot.delivery.store import OutboxStore
from bot.delivery.worker import DeliveryWorker
from bot.ops.health import check_health
from bot.ops.retention import purge
from bot.storage.types import utcnow
from bot.subscriptions import chats
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _rows(engine: Engine) -> list[tuple]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT chat_id, article_id, status, claimed_by, attempts, error"
                    " FROM deliveries ORDER BY chat_id, article_id"
                )
            )
        )


def _steal(engine: Engine, thief: OutboxStore) -> list:
    """What happens to a worker whose heartbeat was late: its claims are released
    (`release_stale`) and another worker claims the rows."""
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE deliveries SET claimed_at = :t"), {"t": utcnow() - timedelta(hours=1)}
        )
    thief.release_stale(60)
    return thief.claim(100)


def test_a_worker_that_lost_its_claims_changes_nothing(engine: Engine) -> None:
    for chat in (1, 2, 3, 4):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    slow, thief, third = (
        OutboxStore(engine, w, max_attempts=1) for w in ("slow", "thief", "third")
    )
    mine = {u.chat_id: u for u in slow.claim(100)}
    assert len(mine) == 4
    stolen = {u.chat_id: u for u in _steal(engine, thief)}
    assert set(stolen) == {1, 2, 3, 4}
    before = _rows(engine)
    assert {r[3] for r in before} == {"thief"}

    when = utcnow()
    fenced = slow.apply(
        [
            Op("sent", ids=mine[1].ids, chat_id=1, message_id=1),
            Op("retry", ids=mine[2].ids, when=when, error="502"),
            Op("unknown", ids=mine[3].ids, when=when, error="ReadTimeout"),
            Op("fail", ids=mine[4].ids, error="400 too long"),
        ]
    )
    assert fenced == 4
    assert slow.apply([Op("sent", ids=mine[1].ids, chat_id=1, message_id=1)]) == 1  # hot path
    assert _rows(engine) == before  # nothing changed
    assert slow.heartbeat() == set()  # the slow worker learns it holds nothing

    # a third worker steals from the thief: the thief is fenced out in turn
    _steal(engine, third)
    assert thief.apply([Op("sent", ids=stolen[1].ids, chat_id=1, message_id=9)]) == 1
    assert third.apply([Op("sent", ids=stolen[1].ids, chat_id=1, message_id=9)]) == 0
    rows = {r[0]: r for r in _rows(engine)}
    assert rows[1][2:4] == ("sent", None) and rows[2][2:4] == ("sending", "third")
    with engine.connect() as conn:
        assert outbox.counters(conn)["fenced"] == 6
    for s in (slow, thief, third):
        s.close()


async def test_worker_drops_units_taken_over_after_a_late_heartbeat(engine: Engine) -> None:
    """Three workers, one row each time: every message goes out once."""
    for chat in range(1, 7):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(poll_interval=0.05), engine, make_bot(api))
        w.leader_check = 0.1
        # the worker claims everything but cannot send yet (its dispatcher waits on slots)
        for _ in range(w.outcomes.max_in_flight):
            await w.outcomes.take_slot()
        async with running(w):
            await until(lambda: w._units == 6)  # claimed and taken in
            thief = OutboxStore(engine, "thief")
            alive = Liveness(engine, "thief")  # a live worker (PostgreSQL sees its lock)
            alive.ensure()
            stolen = _steal(engine, thief)
            assert len(stolen) == 6
            await w._heartbeat()  # the worker finds its rows gone and drops the units
            assert w._units == 0 and not w._queues
            w.outcomes.free_slots(w.outcomes.max_in_flight)
            await asyncio.sleep(0.5)
            assert api.sent == []  # the worker sent none of the rows it lost
            thief.apply([Op("sent", ids=u.ids, chat_id=u.chat_id, message_id=1) for u in stolen])
            thief.close()
            alive.stop()
        assert statuses(engine) == {"sent": 6}


def test_pause_holds_and_resume_releases_as_a_digest(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    publish(engine, "A2", minutes=1, tickers=("BABA.US",))
    assert outbox.pause(engine, 1) == 2
    assert outbox.pause(engine, 2) == 2
    assert publish(engine, "A3", minutes=2, tickers=("BABA.US",)) == 0  # nothing new while paused
    assert {r[2] for r in _rows(engine)} == {"held"}
    _, report = check_health(settings(), engine, now=utcnow() + timedelta(hours=2))
    assert report["checks"]["delivery"] == "ok"  # held on purpose, not stuck
    assert outbox.resume(engine, 1) == 2


async def test_no_row_is_stranded_by_chat_changes(engine: Engine) -> None:
    """A paused chat, a removed one, one migrated by an update, and a paused chat whose
    rows were queued behind the outbox's back (an older release): every row ends."""
    for chat in (1, 2, 3):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    add_chat(engine, -5, [("ticker", "BABA.US")], kind="group")
    publish(engine, "A1", tickers=("BABA.US",))
    assert outbox.pause(engine, 1) == 1
    assert outbox.chat_removed(engine, 2) == 1
    with engine.begin() as conn:  # chat 3 paused the old way: its row still queued
        conn.execute(sa.text("UPDATE chats SET paused = :t WHERE id = 3"), {"t": True})
        chats.migrate(conn, -5, -1005)  # chat and subscriptions moved ...
    with engine.begin() as conn:  # ... and a row left behind at the old id, as before
        conn.execute(sa.text("UPDATE deliveries SET chat_id = -5 WHERE chat_id = -1005"))
    assert outbox.chat_migrated(engine, -5, -1005) == (0, 1)

    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(digest_check_seconds=0.1), engine, make_bot(api))
        async with running(w):
            await until(lambda: {r[0]: r[2] for r in _rows(engine)}.get(3) == "held")
            await until(lambda: len(api.texts(-1005)) == 1)
            outbox.resume(engine, 1)
            await until(lambda: len(api.texts(1)) == 1)
        assert "新闻摘要" in api.texts(1)[0]  # held by /pause: a plain digest header
        assert api.texts(2) == [] and api.texts(3) == []
    rows = {r[0]: r for r in _rows(engine)}
    assert rows[1][2] == "sent" and rows[-1005][2] == "sent"
    assert rows[2][2:] == ("failed", None, 0, "removed")
    assert rows[3][2] == "held"  # paused: held, follows on /resume
    # retention ends what waits longer than the period (a chat paused for ever)
    result = purge(engine, 1, now=utcnow() + timedelta(days=2))
    assert result["expired"] == 1 and result["kept_pending"] == 0
    assert statuses(engine).get("held", 0) == 0


def test_rows_in_flight_when_a_group_migrates_follow_it_to_the_supergroup(
    engine: Engine,
) -> None:
    """The migration update moves the chat while its rows are being sent; the send gets a
    5xx, so they come back queued under the old id. The next claim moves them to the
    supergroup (and the one after sends them there) instead of failing them. A chat
    retired by an older release ("migrated", no new id) still has its rows end."""
    add_chat(engine, -5, [("ticker", "BABA.US")], kind="group")
    add_chat(engine, -6, [("ticker", "BABA.US")], kind="group")
    publish(engine, "A1", minutes=1, tickers=("BABA.US",))
    publish(engine, "A2", minutes=2, tickers=("BABA.US",))
    with engine.begin() as conn:  # -6 was retired by an older release
        conn.execute(
            sa.text("UPDATE chats SET active = :f, inactive_reason = 'migrated' WHERE id = -6"),
            {"f": False},
        )
    store = OutboxStore(engine, "me")
    units = store.claim(10)
    assert [u.chat_id for u in units] == [-5, -5]
    assert outbox.chat_migrated(engine, -5, -1005) == (1, 0)  # nothing queued to move yet
    ids = [i for u in units for i in u.ids]
    store.apply([Op("retry", ids=ids, when=utcnow(), error="502 Bad Gateway")])
    assert store.claim(10) == []  # moved, not sent to the retired id
    rows = [(r[0], r[1], r[2], r[5]) for r in _rows(engine)]
    assert rows == [
        (-1005, "A1", "queued", "502 Bad Gateway"),
        (-1005, "A2", "queued", "502 Bad Gateway"),
        (-6, "A1", "failed", "chat inactive: migrated"),
        (-6, "A2", "failed", "chat inactive: migrated"),
    ]
    assert [(u.chat_id, u.ids) for u in store.claim(10)] == [(-1005, ids[:1]), (-1005, ids[1:])]
    store.close()


def test_a_digest_part_failed_after_the_migration_follows_the_chat(engine: Engine) -> None:
    """The migration update moves the group while its digest is being sent; the part
    fails and goes back to `held` under the old id, which no digest reads (digests are
    for active chats). The digest check moves it to the supergroup, whose digest sends it."""
    from datetime import UTC, datetime

    from bot.delivery.digest import claim_digest, due_digests

    two_h_ago = datetime.now(UTC) - timedelta(hours=2)
    add_chat(
        engine, -5, [("ticker", "BABA.US")], kind="group", digest_mode="hourly",
        last_digest_at=two_h_ago,
    )  # fmt: skip
    publish(engine, "A1", tickers=("BABA.US",))
    store = OutboxStore(engine, "me")
    store.claim(10)  # a digest chat's row is held
    units = claim_digest(store, -5)
    assert [u.chat_id for u in units] == [-5]
    assert outbox.chat_migrated(engine, -5, -1005) == (1, 0)  # the row is being sent
    ids = [i for u in units for i in u.ids]
    store.apply([Op("retry", ids=ids, when=utcnow(), error="502 Bad Gateway", back_to="held")])
    assert [(r[0], r[2]) for r in _rows(engine)] == [(-5, "held")]
    assert due_digests(store) == []  # stuck: no digest reads a retired chat's rows
    assert outbox.follow_migrations(engine) == 1
    assert [(r[0], r[2]) for r in _rows(engine)] == [(-1005, "held")]
    assert due_digests(store) == [-1005]
    assert outbox.follow_migrations(engine) == 0
    store.close()


def test_a_failed_digest_waits_for_its_backoff(engine: Engine) -> None:
    from datetime import UTC, datetime

    from bot.delivery.digest import due_digests

    two_h_ago = datetime.now(UTC) - timedelta(hours=2)
    for chat in (1, 2):
        add_chat(
            engine, chat, [("ticker", "BABA.US")], digest_mode="hourly", last_digest_at=two_h_ago
        )
    publish(engine, "A1", tickers=("BABA.US",))
    store = OutboxStore(engine, "me")
    assert sorted(due_digests(store)) == [1, 2]
    with engine.begin() as conn:  # chat 1's digest failed: its rows retry in a minute
        conn.execute(
            sa.text("UPDATE deliveries SET next_attempt_at = :t WHERE chat_id = 1"),
            {"t": utcnow() + timedelta(minutes=1)},
        )
    assert due_digests(store) == [2]
