"""OutboxStore on both engines: which rows a claim may take, and how outcomes are written.

The claim query and the outcome writes have an engine-specific form (PostgreSQL
writes a batch of 'sent' outcomes in one autocommit statement); these tests pin
the rows they leave, not the SQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.fenced import Op
from bot.delivery.store import OutboxStore
from bot.storage.types import utcnow
from tests.delivery.helpers import publish
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _row(engine: Engine, chat_id: int, aid: str) -> dict:
    with engine.connect() as conn:
        row = conn.execute(
            sa.text(
                "SELECT id, status, message_id, claimed_by, attempts, error, sent_at"
                " FROM deliveries WHERE chat_id = :c AND article_id = :a"
            ),
            {"c": chat_id, "a": aid},
        ).one()
    return dict(row._mapping)


def _set(engine: Engine, chat_id: int, aid: str, **cols: object) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in cols)
    with engine.begin() as conn:
        conn.execute(
            sa.text(f"UPDATE deliveries SET {sets} WHERE chat_id = :c AND article_id = :a"),
            {**cols, "c": chat_id, "a": aid},
        )


def test_claim_skips_chats_with_a_send_in_flight_or_a_retry_pending(engine: Engine) -> None:
    for chat in (1, 2, 3, 4):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", minutes=1, tickers=("BABA.US",))
    publish(engine, "A2", minutes=2, tickers=("BABA.US",))
    _set(engine, 1, "A1", status="sending", claimed_by="other")  # chat 1: another worker sends
    later = utcnow() + timedelta(minutes=5)
    _set(engine, 2, "A1", next_attempt_at=later)  # chat 2: A1 waits for a retry (429)
    _set(engine, 3, "A1", status="held")  # chat 3: A1 held for a digest: A2 may go

    units = OutboxStore(engine, "me").claim(100)  # claims keep no connection open

    got = sorted((u.chat_id, _article(engine, u.ids[0])) for u in units)
    assert got == [(3, "A2"), (4, "A1"), (4, "A2")]
    assert _row(engine, 4, "A1")["status"] == "sending"
    assert _row(engine, 4, "A1")["claimed_by"] == "me"
    assert _row(engine, 2, "A2")["status"] == "queued"  # not overtaking the pending retry


def _article(engine: Engine, delivery_id: int) -> str:
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT article_id FROM deliveries WHERE id = :i"), {"i": delivery_id}
        ).scalar_one()


def test_outcomes_sent_alone_and_mixed_with_others(engine: Engine) -> None:
    for chat in (1, 2, 3):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", minutes=1, tickers=("BABA.US",))
    publish(engine, "A2", minutes=2, tickers=("BABA.US",))
    store = OutboxStore(engine, "me", max_attempts=3)
    units = {(u.chat_id, _article(engine, u.ids[0])): u for u in store.claim(100)}
    assert len(units) == 6

    # only 'sent' outcomes (on PostgreSQL: the one-statement path)
    store.apply(
        [
            Op("sent", ids=units[(1, "A1")].ids, chat_id=1, message_id=11),
            Op("sent", ids=units[(2, "A1")].ids, chat_id=2, message_id=21),
        ]
    )
    # 'sent' with other outcomes, in one transaction
    when = utcnow() + timedelta(minutes=1)
    store.apply(
        [
            Op("sent", ids=units[(1, "A2")].ids, chat_id=1, message_id=12),
            Op("retry", ids=units[(2, "A2")].ids, when=when, error="502 Bad Gateway"),
            Op("fail", ids=units[(3, "A1")].ids, error="400 message is too long"),
            Op("digest_done", chat_id=3),
        ]
    )

    for chat, aid, mid in ((1, "A1", 11), (2, "A1", 21), (1, "A2", 12)):
        row = _row(engine, chat, aid)
        assert (row["status"], row["message_id"], row["claimed_by"]) == ("sent", mid, None)
        assert row["sent_at"] is not None
    retry = _row(engine, 2, "A2")
    assert (retry["status"], retry["attempts"], retry["error"]) == ("queued", 1, "502 Bad Gateway")
    assert retry["claimed_by"] is None
    failed = _row(engine, 3, "A1")
    assert (failed["status"], failed["error"]) == ("failed", "400 message is too long")
    assert _row(engine, 3, "A2")["status"] == "sending"  # untouched: still claimed
    with engine.connect() as conn:
        digest_at = conn.execute(sa.text("SELECT last_digest_at FROM chats WHERE id = 3"))
        assert digest_at.scalar_one() is not None
    store.apply([Op("sent", ids=units[(3, "A2")].ids, chat_id=3, message_id=32)])  # again
    assert _row(engine, 3, "A2")["status"] == "sent"
    store.close()


def test_sent_batches_survive_a_lost_connection(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL keeps a connection open for 'sent' batches")
    for chat in (1, 2):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    store = OutboxStore(engine, "me")
    first, second = sorted(store.claim(10), key=lambda u: u.chat_id)
    store.apply([Op("sent", ids=first.ids, chat_id=1, message_id=1)])
    pid = store._sent_conn().exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
    with engine.connect() as conn:  # the server drops it (restart, idle timeout, ...)
        conn.execute(sa.text("SELECT pg_terminate_backend(:p)"), {"p": pid})

    with pytest.raises(sa.exc.DBAPIError):
        store.apply([Op("sent", ids=second.ids, chat_id=2, message_id=2)])
    assert _row(engine, 2, "A1")["status"] == "sending"  # not recorded: the worker retries
    store.apply([Op("sent", ids=second.ids, chat_id=2, message_id=2)])  # on a new connection

    assert _row(engine, 2, "A1")["status"] == "sent"
    store.close()
