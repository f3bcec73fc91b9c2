"""The bot is still in a chat but may not post there (an admin took its rights away): the
chat's pushes wait, held, and go out when it may post again; nothing is lost.

Real worker and real PTB against the fake Bot API answering with Telegram's words
(`tests.fakes.botapi_objects.RIGHTS_REFUSALS`), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fakes.botapi import TOKEN, FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db

ADMIN = 301  # subscribed the chat (privately, for a channel) and talks to the bot
# the fake Bot API sets no limits: a group's 3 s between messages only made these slow
FAST = {"group_per_minute": 600, "private_per_second": 20}


def _subscribe(engine: Engine, chat_id: int, kind: str) -> None:
    add_chat(engine, ADMIN, [])  # the admin's private chat with the bot
    add_chat(engine, chat_id, [("ticker", "BABA.US")], kind=kind, title="财经快讯")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE subscriptions SET created_by = :u"), {"u": ADMIN})


def _sends(api: FakeBotAPI, chat_id: int) -> list[dict]:
    return [p for p in api.calls("sendMessage") if str(p.get("chat_id")) == str(chat_id)]


def _no_rights_at(engine: Engine, chat_id: int) -> object:
    with engine.connect() as conn:
        return conn.execute(
            sa.text("SELECT no_rights_at FROM chats WHERE id = :c"), {"c": chat_id}
        ).scalar()


@pytest.mark.parametrize(
    ("fault", "chat_id", "kind"),
    [
        ("no_admin_rights", -1005, "channel"),
        ("not_enough_rights", -1006, "supergroup"),
        ("no_rights", -1006, "supergroup"),
        ("chat_restricted", -1006, "supergroup"),
        ("plain_forbidden", -1006, "supergroup"),
        ("write_forbidden", -800, "group"),
    ],
)
async def test_pushes_wait_while_the_bot_may_not_post_and_follow_when_it_may(
    engine: Engine, caplog: pytest.LogCaptureFixture, fault: str, chat_id: int, kind: str
) -> None:
    """Refused for rights: the chat's rows are held (not failed), the chat is marked, one
    WARNING line says so, the admin is told once, privately, in Chinese. News published
    meanwhile waits too, without a send. When the rights are back the next probe sends
    what waited, in order (one digest, as after /pause), and the chat is unmarked."""
    _subscribe(engine, chat_id, kind)
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 第1条")
    publish(engine, "A2", minutes=1, tickers=("BABA.US",), title="阿里巴巴 第2条")
    caplog.set_level(logging.INFO)
    with FakeBotAPI() as api:
        if kind == "channel":
            api.channel(chat_id, "财经快讯")
        elif kind == "group":
            api.group(chat_id, "财经快讯")
        else:
            api.supergroup(chat_id, "财经快讯")
        api.private_chat(ADMIN)
        api.fail(chat_id, fault)
        w = DeliveryWorker(settings(rights_probe_seconds=1, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"held": 2} and len(api.texts(ADMIN)) == 1)
            assert _no_rights_at(engine, chat_id) is not None
            publish(engine, "A3", minutes=2, tickers=("BABA.US",), title="阿里巴巴 第3条")
            await until(lambda: statuses(engine) == {"held": 3})
            api.clear_faults(chat_id)  # an admin gave the rights back
            await until(lambda: statuses(engine) == {"sent": 3}, timeout=20)
        assert _no_rights_at(engine, chat_id) is None
        (digest,) = api.texts(chat_id)  # what waited, once, in publish order
        assert digest.index("第1条") < digest.index("第2条") < digest.index("第3条")
        (notice,) = api.texts(ADMIN)
        assert "财经快讯" in notice and "权限" in notice and "补发" in notice
    warned = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1, [r.getMessage() for r in warned]
    line = warned[0].getMessage()
    assert f"chat {chat_id}" in line and "may not post" in line and TOKEN not in line
    with engine.connect() as conn:
        active = conn.execute(sa.text("SELECT active FROM chats WHERE id = :c"), {"c": chat_id})
        assert bool(active.scalar()) is True  # the chat is not gone


async def test_a_digest_refused_for_rights_waits_held(engine: Engine) -> None:
    """A chat on digests: its digest refused for rights goes back to held, unspent (no
    attempt counted), and follows when the rights are back."""
    _subscribe(engine, -1005, "channel")
    with engine.begin() as conn:
        conn.execute(  # its hourly digest is due
            sa.text("UPDATE chats SET digest_mode = 'hourly', last_digest_at = :t WHERE id < 0"),
            {"t": datetime.now(UTC) - timedelta(hours=2)},
        )
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 第1条")
    with FakeBotAPI() as api:
        api.channel(-1005, "财经快讯")
        api.private_chat(ADMIN)
        api.fail(-1005, "no_admin_rights")
        w = DeliveryWorker(settings(rights_probe_seconds=1, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: len(api.texts(ADMIN)) == 1)
            # probed again since, and refused again: still held
            await until(
                lambda: len(_sends(api, -1005)) >= 2 and statuses(engine) == {"held": 1}, timeout=20
            )
            api.clear_faults(-1005)
            await until(lambda: statuses(engine) == {"sent": 1}, timeout=20)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT attempts FROM deliveries")).scalar() == 0


def _by_thread(engine: Engine, chat_id: int) -> dict[int, list[str]]:
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT thread_id, status FROM deliveries WHERE chat_id = :c ORDER BY id"),
            {"c": chat_id},
        ).all()
    out: dict[int, list[str]] = {}
    for thread, status in rows:
        out.setdefault(thread, []).append(status)
    return out


async def test_a_closed_topic_keeps_its_pushes_until_it_is_open_again(engine: Engine) -> None:
    """An admin closed a forum topic ("Bad Request: TOPIC_CLOSED"): its pushes failed one
    by one, lost, while it stayed closed. They wait, held and unspent, and follow (in
    order, as one digest) once it is open again; the group's other topics go on as usual.
    """
    add_chat(engine, -1009, [("keyword", "阿里巴巴")], kind="supergroup", thread_id=42)
    add_chat(engine, -1009, [("category", "meirijingjixinwen")], thread_id=7)
    publish(engine, "A1", title="阿里巴巴 第1条")
    publish(engine, "A2", minutes=1, title="阿里巴巴 第2条")
    with FakeBotAPI() as api:
        api.supergroup(-1009, "论坛", forum=True)
        api.fail(-1009, "topic_closed", thread=42)
        w = DeliveryWorker(settings(rights_probe_seconds=1, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: _by_thread(engine, -1009) == {7: ["sent"] * 2, 42: ["held"] * 2})
            api.clear_faults(-1009)  # reopened
            await until(lambda: statuses(engine) == {"sent": 4}, timeout=20)
        in_topic = [m.text for m in api.messages(-1009) if m.thread_id == 42]
        assert len(in_topic) == 1 and in_topic[0].index("第1条") < in_topic[0].index("第2条")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT max(attempts) FROM deliveries")).scalar() == 0


async def test_a_closed_topic_does_not_hold_up_the_other_topics_digest(engine: Engine) -> None:
    """A forum group on hourly digests, one part per topic. Topic 7 is closed: its part is
    refused and waits `rights_probe_seconds`. The part for topic 42, put back unsent
    behind it, waited as long (the chat was due only once every held row was), here
    30 s; it goes out at once, and topic 7's rows still wait, held."""
    add_chat(engine, -1009, [("keyword", "阿里巴巴")], kind="supergroup", thread_id=7)
    add_chat(engine, -1009, [("category", "meirijingjixinwen")], thread_id=42)
    with engine.begin() as conn:
        conn.execute(  # its hourly digest is due
            sa.text("UPDATE chats SET digest_mode = 'hourly', last_digest_at = :t"),
            {"t": datetime.now(UTC) - timedelta(hours=2)},
        )
    publish(engine, "A1", title="阿里巴巴 第1条")
    publish(engine, "A2", minutes=1, title="阿里巴巴 第2条")
    with FakeBotAPI() as api:
        api.supergroup(-1009, "论坛", forum=True)
        api.fail(-1009, "topic_closed", thread=7)
        w = DeliveryWorker(settings(rights_probe_seconds=30, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: _by_thread(engine, -1009) == {7: ["held"] * 2, 42: ["sent"] * 2})
        in_42 = [m.text for m in api.messages(-1009) if m.thread_id == 42]
        assert len(in_42) == 1 and "第1条" in in_42[0] and "第2条" in in_42[0]


async def test_probes_of_a_chat_that_stays_restricted_back_off(engine: Engine) -> None:
    """CHAT_RESTRICTED for good: each probe was refused and the next came
    `rights_probe_seconds` later, for as long as retention kept rows (one refused send
    per 30 min). A refused probe now waits twice as long as since the refusal before it:
    its rows' next try (`next_attempt_at`) is that far past the refusal (`no_rights_at`)."""
    _subscribe(engine, -1006, "supergroup")
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 第1条")
    with FakeBotAPI() as api:
        api.supergroup(-1006, "财经快讯")
        api.private_chat(ADMIN)
        api.fail(-1006, "chat_restricted")
        w = DeliveryWorker(settings(rights_probe_seconds=1, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: len(_sends(api, -1006)) >= 2 and statuses(engine) == {"held": 1})
            with engine.connect() as conn:
                refused, next_try = conn.execute(
                    sa.text(
                        "SELECT c.no_rights_at, d.next_attempt_at FROM chats c"
                        " JOIN deliveries d ON d.chat_id = c.id WHERE c.id = -1006"
                    )
                ).one()
            sends = len(_sends(api, -1006))
    if isinstance(refused, str):  # SQLite through text(): parse
        refused, next_try = (datetime.fromisoformat(x) for x in (refused, next_try))
    assert (next_try - refused).total_seconds() >= 1.8, (refused, next_try)  # 2 x >= 1 s
    assert sends == 2


async def test_one_item_held_by_a_rights_blip_goes_out_as_a_push(engine: Engine) -> None:
    """A channel's one push refused for rights, the right back soon after: it came as a
    one-item 新闻摘要 (digest header, no 阅读原文 / 🔕 buttons). It goes out as the push it
    was: the same text and buttons as the same article's push to another chat."""
    _subscribe(engine, -1005, "channel")
    add_chat(engine, 302, [("ticker", "BABA.US")])  # the same push, sent as usual
    publish(engine, "A1", tickers=("BABA.US",), title="阿里巴巴 第1条")
    with FakeBotAPI() as api:
        api.channel(-1005, "财经快讯")
        api.private_chat(ADMIN)
        api.private_chat(302)
        api.fail(-1005, "no_admin_rights")
        w = DeliveryWorker(settings(rights_probe_seconds=1, **FAST), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"held": 1, "sent": 1})
            api.clear_faults(-1005)
            await until(lambda: statuses(engine) == {"sent": 2}, timeout=20)
        (pushed,), (usual,) = api.messages(-1005), api.messages(302)
    assert "新闻摘要" not in pushed.text and pushed.text == usual.text
    assert [b["text"] for b in pushed.buttons] == [b["text"] for b in usual.buttons]
    assert any(b["text"] == "阅读原文" for b in pushed.buttons), pushed.buttons
    assert _no_rights_at(engine, -1005) is None  # the probe that passed unmarked the chat
