"""The delivery worker against the fake Bot API server (real PTB client, real HTTP)."""

from __future__ import annotations

import asyncio
import itertools
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.delivery.liveness import Liveness
from bot.delivery.worker import DeliveryWorker
from bot.storage.db import session_scope
from bot.storage.models import Chat, Delivery, Subscription
from bot.storage.types import UTCDateTime
from tests.delivery.helpers import (
    fail_nth_send,
    make_bot,
    publish,
    running,
    settings,
    statuses,
    until,
)
from tests.fakes.botapi import FakeBotAPI, SendLimits
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


def _timed(api: FakeBotAPI) -> list[tuple[float, object, int]]:
    """Record (time, chat_id, status) of every sendMessage the server answers."""
    log: list[tuple[float, object, int]] = []
    orig = api._dispatch

    def dispatch(method: str, params: dict) -> tuple[int, dict]:
        status, payload = orig(method, params)
        if method == "sendMessage":
            log.append((time.monotonic(), params.get("chat_id"), status))
        return status, payload

    api._dispatch = dispatch  # type: ignore[method-assign]
    return log


def _rows(engine: Engine, chat_id: int) -> list[tuple]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT article_id, status, attempts, error FROM deliveries"
                    " WHERE chat_id = :c ORDER BY article_id"
                ),
                {"c": chat_id},
            )
        )


async def test_sends_each_once_in_publish_order(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("keyword", "阿里巴巴")])
    add_chat(engine, -100, [("category", "meirijingjixinwen")], kind="supergroup", thread_id=9)
    # enqueued out of publish order: A3 (10:03) first, A1 (10:01) last
    for aid, minute in (("A3", 3), ("A2", 2), ("A1", 1)):
        publish(engine, aid, minutes=minute, tickers=("BABA.US",), title=f"阿里巴巴 {aid}")
    with FakeBotAPI(limits=SendLimits(private_per_second=20, group_per_minute=600)) as api:
        w = DeliveryWorker(
            settings(private_per_second=20, group_per_minute=600), engine, make_bot(api)
        )
        async with running(w):
            await until(lambda: statuses(engine).get("sent", 0) == 9)
        assert api.count_429 == 0
        for chat in (1, 2, -100):
            texts = api.texts(chat)
            assert len(texts) == 3
            assert [t.index(a) >= 0 for t, a in zip(texts, ("A1", "A2", "A3"), strict=True)]
            assert ["A1" in texts[0], "A2" in texts[1], "A3" in texts[2]] == [True] * 3
        m = api.messages(-100)[0]
        assert m.thread_id == 9 and m.parse_mode == "HTML"
        assert m.params.get("link_preview_options", {}).get("is_disabled") is True
    with engine.connect() as conn:
        ids = conn.execute(sa.text("SELECT count(*) FROM deliveries WHERE message_id IS NULL"))
        assert ids.scalar() == 0


async def test_429_waits_retry_after_for_that_chat_only(engine: Engine) -> None:
    for c in (1, 2, 3):
        add_chat(engine, c, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        log = _timed(api)
        api.fail(1, "retry_after", times=1, retry_after=2)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine).get("sent", 0) == 3)
        refused = [t for t, c, s in log if c == 1 and s == 429]
        ok1 = [t for t, c, s in log if c == 1 and s == 200]
        others = [t for t, c, s in log if c in (2, 3) and s == 200]
        assert len(refused) == 1 and len(ok1) == 1
        assert ok1[0] - refused[0] >= 2.0  # waited the whole retry_after
        assert max(others) < ok1[0]  # ...while the other chats were served
        assert len(api.texts(1)) == 1  # once
    assert _rows(engine, 1)[0][1:3] == ("sent", 0)  # a 429 is not a failed attempt


async def test_403_and_chat_not_found_make_chat_inactive(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    add_chat(engine, 3, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    publish(engine, "A2", minutes=1, tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(1, "blocked")
        api.fail(2, "not_found")
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"failed": 4, "sent": 2})
        assert len(api.texts(3)) == 2
    with session_scope(engine) as s:
        c1, c2 = s.get(Chat, 1), s.get(Chat, 2)
        assert c1 is not None and not c1.active and "blocked" in (c1.inactive_reason or "")
        assert (
            c2 is not None
            and not c2.active
            and "chat not found" in (c2.inactive_reason or "").lower()
        )
    assert all(r[1] == "failed" and "403" in r[3] for r in _rows(engine, 1))
    assert publish(engine, "A3", minutes=2, tickers=("BABA.US",)) == 1  # only chat 3 now


async def test_migrated_group_moves_and_resends(engine: Engine) -> None:
    add_chat(engine, -100, [("ticker", "BABA.US"), ("keyword", "茅台")], kind="group")
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(-100, "migrated", times=1, migrate_to=-1001234)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1})
        assert api.texts(-100) == [] and len(api.texts(-1001234)) == 1
    with session_scope(engine) as s:
        new = s.get(Chat, -1001234)
        assert new is not None and new.active and new.kind == "supergroup"
        subs = s.exec(sa.select(Subscription.chat_id)).scalars().all()  # type: ignore[call-overload]
        assert set(subs) == {-1001234}
    assert _rows(engine, -1001234)[0][1] == "sent"


async def test_rejected_html_is_resent_as_plain_text(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 <财报>")
    with FakeBotAPI() as api:
        api.fail(1, "bad_html", times=1)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1})
        (m,) = api.messages(1)
        assert m.parse_mode is None
        assert "阿里巴巴 <财报>" in m.text and "<b>" not in m.text


async def test_5xx_retried_with_backoff_then_failed_after_max_attempts(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.fail(1, "server_error", times=2, status=502)
        api.fail(2, "server_error", status=500)  # forever
        w = DeliveryWorker(settings(max_attempts=3), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1, "failed": 1})
        assert len(api.texts(1)) == 1
    assert _rows(engine, 1)[0][1:3] == ("sent", 2)
    (_, status, attempts, error) = _rows(engine, 2)[0]
    assert (status, attempts) == ("failed", 3) and "Internal Server Error" in error


async def test_an_outage_answering_5xx_to_everything_spends_no_attempt(engine: Engine) -> None:
    """Telegram's front answering 502 to every request (getMe too) is an outage, not the
    message's fault: however long it lasts the rows wait, unspent, and all go out after it."""
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(max_attempts=2, private_per_second=20), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            api.outage(502)
            # more 502s than the two rows' attempts allow (4), or a row given up
            await until(lambda: api.errors.get(502, 0) >= 6 or "failed" in statuses(engine))
            assert "failed" not in statuses(engine)
            api.outage(None)
            await until(lambda: statuses(engine) == {"sent": 2})
        assert len(api.texts(1)) == len(api.texts(2)) == 1
    assert [r[2] for r in _rows(engine, 1) + _rows(engine, 2)] == [0, 0]


def _local(minutes: int) -> str:
    """HH:MM in Shanghai, `minutes` from now (the chats' default time zone)."""
    t = datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(minutes=minutes)
    return t.strftime("%H:%M")


async def test_digest_and_quiet_hours(engine: Engine) -> None:
    two_h_ago = datetime.now(UTC) - timedelta(hours=2)
    add_chat(engine, 1, [("ticker", "BABA.US")], digest_mode="hourly", last_digest_at=two_h_ago)
    add_chat(engine, 2, [("ticker", "BABA.US")], quiet_start=_local(-60), quiet_end=_local(60))
    add_chat(
        engine,
        3,
        [("ticker", "BABA.US")],
        digest_mode="daily",
        digest_time=_local(120),
        last_digest_at=datetime.now(UTC) - timedelta(hours=1),
    )
    for i in range(3):
        publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",), title=f"阿里巴巴 第{i}条")
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: len(api.texts(1)) == 1)
            (digest,) = api.texts(1)
            assert "3 条" in digest
            assert digest.index("第0条") < digest.index("第1条") < digest.index("第2条")
            await until(lambda: _rows(engine, 2)[0][1] == "held")
            assert api.texts(2) == [] and api.texts(3) == []
            came = datetime.now(UTC) - timedelta(minutes=45)
            with engine.begin() as conn:  # quiet hours end; the news came inside them
                conn.execute(
                    sa.text("UPDATE chats SET quiet_end = :e WHERE id = 2"), {"e": _local(-30)}
                )
                conn.execute(
                    sa.text("UPDATE deliveries SET created_at = :t WHERE chat_id = 2").bindparams(
                        sa.bindparam("t", type_=UTCDateTime())
                    ),
                    {"t": came},
                )
            await until(lambda: len(api.texts(2)) == 1)
            assert "免打扰" in api.texts(2)[0] and "第2条" in api.texts(2)[0]
        assert api.texts(3) == []  # its daily digest is two hours away
    assert [r[1] for r in _rows(engine, 1) + _rows(engine, 2)] == ["sent"] * 6
    assert [r[1] for r in _rows(engine, 3)] == ["held"] * 3


async def test_per_chat_pacing_against_telegram_limits(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    for i in range(3):
        publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",))
    with FakeBotAPI(limits=SendLimits()) as api:  # 30/s overall, 1/s per chat
        log = _timed(api)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine).get("sent", 0) == 6)
        assert api.count_429 == 0
        for chat in (1, 2):
            t = [at for at, c, s in log if c == chat and s == 200]
            assert len(t) == 3 and all(b - a >= 0.9 for a, b in itertools.pairwise(t))


async def test_long_digest_split_between_items(engine: Engine) -> None:
    add_chat(
        engine,
        1,
        [("ticker", "BABA.US")],
        digest_mode="hourly",
        last_digest_at=datetime.now(UTC) - timedelta(hours=2),
    )
    for i in range(30):
        publish(
            engine,
            f"A{i:02d}",
            minutes=i,
            tickers=("BABA.US",),
            title=f"阿里巴巴 第{i:02d}条 " + "财报" * 40,
        )
    with FakeBotAPI() as api:  # refuses texts over 4,096 visible characters
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 30})
        texts = api.texts(1)
    assert len(texts) > 1 and all(len(t) <= 4096 for t in texts)
    joined = "".join(texts)
    positions = [joined.index(f"第{i:02d}条") for i in range(30)]
    assert positions == sorted(positions)  # every item once, in publish order


def _daily_digest_chat(engine: Engine, start: datetime) -> None:
    """Chat 1 takes a daily digest at 00:00 UTC; its last one was two days ago (due now)."""
    add_chat(
        engine,
        1,
        [("ticker", "BABA.US")],
        digest_mode="daily",
        digest_time="00:00",
        timezone="UTC",
        last_digest_at=start - timedelta(days=2),
    )


def _assert_done_for_its_slot(engine: Engine, start: datetime) -> None:
    """The digest counts as done: a new article waits for tomorrow's slot."""
    from bot.delivery.digest import due_digests
    from bot.delivery.store import OutboxStore

    with session_scope(engine) as s:
        chat = s.get(Chat, 1)
        assert chat is not None and chat.last_digest_at is not None
        assert chat.last_digest_at > start
    publish(engine, "B1", minutes=40, tickers=("BABA.US",))
    assert due_digests(OutboxStore(engine, "x")) == []  # held for tomorrow's digest


async def test_rest_of_a_digest_follows_its_backoff_not_the_next_slot(engine: Engine) -> None:
    """A daily digest of several messages whose second part gets a 502: the rest goes out
    once its backoff is over, not at tomorrow's digest time. The digest counts as done
    when its last part is sent: a new article then waits for the next slot."""
    start = datetime.now(UTC)
    _daily_digest_chat(engine, start)
    for i in range(30):
        title = f"阿里巴巴 第{i:02d}条 " + "财报" * 40
        publish(engine, f"A{i:02d}", minutes=i, tickers=("BABA.US",), title=title)
    with FakeBotAPI() as api:
        fail_nth_send(api, 2)
        w = DeliveryWorker(settings(), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 30})
        texts = api.texts(1)
    assert [sum(f"第{i:02d}条" in t for t in texts) for i in range(30)] == [1] * 30
    _assert_done_for_its_slot(engine, start)


async def test_a_digest_whose_last_part_is_refused_is_done_for_its_slot(engine: Engine) -> None:
    """Telegram refuses the digest's last message (400): those rows fail, and the digest
    is still done for its slot, so a new article waits for the next one, not the next check."""
    start = datetime.now(UTC)
    _daily_digest_chat(engine, start)
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 A1")
    with FakeBotAPI() as api:
        orig = api._dispatch

        def dispatch(method: str, params: dict) -> tuple[int, dict]:
            if method == "sendMessage":
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: x"}
            return orig(method, params)

        api._dispatch = dispatch  # type: ignore[method-assign]
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"failed": 1})
    _assert_done_for_its_slot(engine, start)


async def test_claims_left_by_a_dead_process(engine: Engine) -> None:
    """A claim whose worker is gone goes back at once: on SQLite any claim found at start
    (one process per file); on PostgreSQL one whose owner's liveness lock is free, while
    a live replica's claim (its lock held) stays until its heartbeat times out."""
    add_chat(engine, 1, [("ticker", "BABA.US")])
    add_chat(engine, 2, [("ticker", "BABA.US")])
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 A1")
    with engine.begin() as conn:  # what a SIGKILLed worker and a live replica leave behind
        for chat, owner in ((1, "dead:1"), (2, "live:1")):
            conn.execute(
                sa.update(Delivery)
                .where(Delivery.chat_id == chat)
                .values(status="sending", claimed_by=owner, claimed_at=datetime.now(UTC))
            )
    live = Liveness(engine, "live:1")
    live.ensure()  # the live replica holds its lock (a no-op on SQLite)
    try:
        with FakeBotAPI() as api:
            w = DeliveryWorker(settings(stale_claim_seconds=600), engine, make_bot(api))
            async with running(w):
                await until(lambda: len(api.texts(1)) == 1)
                if engine.dialect.name == "sqlite":
                    await until(lambda: statuses(engine).get("sent", 0) == 2)
                else:
                    await asyncio.sleep(0.5)
                    assert statuses(engine) == {"sent": 1, "sending": 1}
                    assert api.texts(2) == []
    finally:
        live.stop()


async def test_stop_right_after_a_send_records_it_as_sent(engine: Engine) -> None:
    """A stop while the outcome commit waits behind other DB work must not lose it.

    The worker has one DB thread. Here it is kept busy for 0.5 s just after the
    send, so the commit of "sent" is queued on it when stop() comes. Were that
    commit dropped, the shutdown would hand the row back as queued and the next
    start would send the message twice.
    """
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: w.sent == 1)
            w._db.submit(time.sleep, 0.5)  # other DB work holds the thread
            await asyncio.sleep(0.15)  # the flusher has taken the outcome and waits
        assert len(api.texts(1)) == 1
    assert [r[1] for r in _rows(engine, 1)] == ["sent"]


async def test_pause_holds_what_the_worker_claimed_but_has_not_sent(engine: Engine) -> None:
    """/pause while the worker holds the chat's next messages in memory (claimed five at
    a time): the one in flight may still go out, the rest are held, not sent one by one,
    and after /resume they arrive once, as one digest."""
    add_chat(engine, -100, [("ticker", "BABA.US")], kind="group")
    for i in range(6):
        publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",))
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(group_per_minute=60), engine, make_bot(api))
        w.pause_check = 0.2
        async with running(w):
            await until(lambda: w.sent == 1)
            assert outbox.pause(engine, -100) == 1  # the one row not yet claimed
            await asyncio.sleep(2.5)  # a group message a second: three more without the check
            sent_while_paused = len(api.texts(-100))
            assert sent_while_paused <= 2
            assert statuses(engine) == {"sent": sent_while_paused, "held": 6 - sent_while_paused}
            outbox.resume(engine, -100)
            await until(lambda: statuses(engine) == {"sent": 6})
        texts = api.texts(-100)
    assert len(texts) == sent_while_paused + 1 and "新闻摘要" in texts[-1]


async def test_a_long_host_name_still_delivers(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The worker's claim id is `<host name>:<pid>:<random>` in a 64-character column; a
    Kubernetes pod name runs to 63 characters (and some hosts report their FQDN), so on
    PostgreSQL, which enforces the length, every claim failed ("value too long") and
    nothing was ever sent (SQLite ignores lengths)."""
    monkeypatch.setattr("socket.gethostname", lambda: "finews-bot-delivery-" + "x" * 43)
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", minutes=1, tickers=("BABA.US",), title="阿里巴巴 A1")
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine).get("sent", 0) == 1)
    assert len(api.texts(1)) == 1
