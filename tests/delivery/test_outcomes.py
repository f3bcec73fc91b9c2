"""Resend policy by what is known, against the fake Bot API's connection faults.

An HTTP answer (even one the client cannot read) means delivered: never resent. No
answer after the request was written means maybe delivered: resent at most
`resend_unknown` times, then the row ends `unknown`. No connection / 5xx / 429 mean
not delivered: retried.
"""

from __future__ import annotations

import collections

import httpx
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from telegram.error import NetworkError, TelegramError, TimedOut

from bot.delivery import outbox
from bot.delivery.sender import DELIVERED, NOT_DELIVERED, UNKNOWN, Exchange, outcome
from bot.delivery.worker import DeliveryWorker
from bot.storage.types import utcnow
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _rows(engine: Engine) -> dict[int, tuple]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT chat_id, status, unknown_sends, message_id, error FROM deliveries")
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _counters(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return outbox.counters(conn)


def _from(exc: BaseException, cause: BaseException) -> BaseException:
    exc.__cause__ = cause
    return exc


def test_outcome_by_what_is_known() -> None:
    req = httpx.Request("POST", "http://x")
    answered = Exchange(status=200)
    assert outcome(TelegramError("Invalid server response"), answered) == DELIVERED
    assert outcome(AttributeError("'bool' object has no attribute 'get'"), answered) == DELIVERED
    assert outcome(NetworkError("Bad Gateway"), Exchange(status=502)) == NOT_DELIVERED
    none = Exchange()
    for cause in (httpx.ConnectError("refused", request=req), httpx.ConnectTimeout("t")):
        assert outcome(_from(NetworkError("x"), cause), none) == NOT_DELIVERED
    assert outcome(_from(TimedOut("pool"), httpx.PoolTimeout("p")), none) == NOT_DELIVERED
    assert outcome(_from(TimedOut(), httpx.ReadTimeout("r")), none) == UNKNOWN
    cut = httpx.RemoteProtocolError("Server disconnected without sending a response.")
    assert outcome(_from(NetworkError("x"), cut), none) == UNKNOWN
    assert outcome(_from(NetworkError("x"), httpx.ReadError("reset")), none) == UNKNOWN


async def test_answered_but_unreadable_is_delivered_once(engine: Engine) -> None:
    for chat in (1, 2, 3):
        add_chat(engine, chat, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(1, "garbled", times=1)
        api.fail(2, "truncated", times=1)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 3})
        assert api.transport_faults == {"garbled": 1, "truncated": 1}
        per_chat = collections.Counter(m.chat_id for m in api.sent)
    assert per_chat == {1: 1, 2: 1, 3: 1}  # no resend after an HTTP answer
    rows = _rows(engine)
    assert rows[1][:3] == ("sent", 0, None) and rows[2][:3] == ("sent", 0, None)
    assert rows[3][2] is not None  # a readable answer keeps its message_id
    assert _counters(engine)["answered_unreadable"] == 2


@pytest.mark.parametrize("kind", ["cut", "reset", "late"])
async def test_no_answer_is_resent_at_most_once(engine: Engine, kind: str) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])  # the fault once: resent, then answered
    add_chat(engine, 2, [("ticker", "BABA.US")])  # the fault every time: ends unknown
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(1, kind, times=1, seconds=1.0)
        api.fail(2, kind, seconds=1.0)
        w = DeliveryWorker(settings(), engine, make_bot(api, timeout=0.4))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1, "unknown": 1}, 15)
        sends = collections.Counter(p["chat_id"] for p in api.calls("sendMessage"))
        copies = collections.Counter(m.chat_id for m in api.sent)
    assert sends == {1: 2, 2: 2}  # one send and at most one resend each
    delivered_without_answer = 0 if kind == "reset" else 1
    assert copies[1] == 1 + delivered_without_answer
    assert copies[2] == 2 * delivered_without_answer
    rows = _rows(engine)
    assert rows[1][:2] == ("sent", 1) and rows[2][:2] == ("unknown", 2)
    c = _counters(engine)
    assert (c["unknown"], c["resent_unknown"]) == (3, 2)


async def test_no_answer_never_resent_when_configured(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(1, "cut", times=1)
        w = DeliveryWorker(settings(resend_unknown=0), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"unknown": 1})
            await until(lambda: _counters(engine)["unknown"] == 1)
        assert len(api.calls("sendMessage")) == 1 and len(api.sent) == 1
    (status, unknown_sends, _, error) = _rows(engine)[1]
    assert (status, unknown_sends) == ("unknown", 1) and "disconnected" in error.lower()


async def test_no_answer_to_the_send_after_a_failed_edit_is_unknown(engine: Engine) -> None:
    """A story update in a chat that chose /updates edit: its first push was deleted, so
    editMessageText is answered 400 and the update is sent as a new message, which gets
    no answer. That send is unknown like any other (here never resent), not taken for
    refused by the edit's 400 and sent again and again."""
    add_chat(engine, 1, [("ticker", "BABA.US")], updates="edit")
    publish(engine, "A1", minutes=1, tickers=("BABA.US",))
    publish(engine, "A2", minutes=2, tickers=("BABA.US",))
    with engine.begin() as conn:  # A1 was pushed as message 999, since deleted
        conn.execute(sa.text("UPDATE articles SET story_id = 'A1'"))
        conn.execute(
            sa.text(
                "UPDATE deliveries SET status = 'sent', message_id = 999, sent_at = :t"
                " WHERE article_id = 'A1'"
            ),
            {"t": utcnow()},
        )
    with FakeBotAPI() as api:
        api.fail(1, "cut")  # every send is delivered and its answer lost
        w = DeliveryWorker(settings(resend_unknown=0, max_attempts=3), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: not {"queued", "sending"} & statuses(engine).keys())
        copies = len(api.sent)
    assert copies == 1, f"{copies} copies of the update"
    with engine.connect() as conn:
        status, unknown_sends, error = conn.execute(
            sa.text("SELECT status, unknown_sends, error FROM deliveries WHERE article_id = 'A2'")
        ).one()
    assert (status, unknown_sends) == ("unknown", 1) and "disconnected" in error.lower()


async def test_send_cut_short_by_a_stop_is_unknown_and_the_rest_goes_back(engine: Engine) -> None:
    """The worker stops while a send waits for its answer (Telegram has the message): once
    `shutdown_grace` is over the send is cancelled and its row is `unknown`, never resent
    with resend_unknown = 0. The chat's next message, claimed but not started, goes back
    as it was and the next worker sends it."""
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 第一条")
    publish(engine, "A2", minutes=2, tickers=("BABA.US",), title="阿里巴巴 第二条")
    with FakeBotAPI() as api:
        api.fail(1, "late", times=1, seconds=3.0)  # delivered, answered after 3 s
        w = DeliveryWorker(settings(resend_unknown=0), engine, make_bot(api))
        w.shutdown_grace = 0.2
        async with running(w):
            await until(lambda: len(api.sent) == 1)
        with engine.connect() as conn:
            rows = conn.execute(
                sa.text(
                    "SELECT article_id, status, attempts, unknown_sends FROM deliveries"
                    " ORDER BY article_id"
                )
            ).all()
        assert [tuple(r) for r in rows] == [("A1", "unknown", 1, 1), ("A2", "queued", 0, 0)]
        w2 = DeliveryWorker(settings(resend_unknown=0), engine, make_bot(api))
        async with running(w2):
            await until(lambda: statuses(engine) == {"unknown": 1, "sent": 1})
        texts = api.texts(1)
    assert ["第一条" in t for t in texts] == [True, False] and "第二条" in texts[1]
    assert _counters(engine)["unknown"] == 1


async def test_error_text_is_redacted_before_it_is_stored(engine: Engine) -> None:
    from bot.logs import register_secret

    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        register_secret(api.token)
        api.fail(1, "server_error", status=500)
        orig = api._dispatch

        def dispatch(method: str, params: dict) -> tuple[int, dict]:
            status, payload = orig(method, params)
            if status == 500:  # a proxy echoing the URL, token included
                payload["description"] = f"Bad gateway for /bot{api.token}/sendMessage"
            return status, payload

        api._dispatch = dispatch  # type: ignore[method-assign]
        w = DeliveryWorker(settings(max_attempts=1), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"failed": 1})
    error = _rows(engine)[1][3]
    assert "Bad gateway" in error and api.token not in error and "<token>" in error
