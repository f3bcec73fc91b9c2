"""Pushes as the delivery worker sends them, read and pressed through the real bot:
silent chats, the 🔕 button, deleted forum topics, a channel's "chat not found" blip."""

from __future__ import annotations

import json

import pytest

from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fanout.helpers import add_chat
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

U = {"id": 401, "is_bot": False, "first_name": "U"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}
MEMBER = {"id": 202, "is_bot": False, "first_name": "Member"}


def _markup(msg) -> dict:  # type: ignore[no-untyped-def]
    m = msg.params.get("reply_markup")
    return json.loads(m) if isinstance(m, str) else (m or {})


async def test_silent_chats_and_the_unsubscribe_button(engine):
    add_chat(engine, 401, [("ticker", "BABA.US")], silent=True)
    add_chat(engine, 402, [("category", "meirijingjixinwen")])
    publish(engine, "A1", tickers=("BABA.US",))
    async with running_bot(engine) as env:
        env.api.private_chat(401)
        env.api.private_chat(402)
        async with running(DeliveryWorker(settings(), engine, make_bot(env.api))):
            await until(lambda: statuses(engine) == {"sent": 2})
        quiet, loud = env.api.last(401), env.api.last(402)
        assert quiet.params.get("disable_notification") in (True, "true")
        assert "disable_notification" not in loud.params
        labels = [b["text"] for b in quiet.buttons]
        assert labels == ["阅读原文", "🔕 退订 阿里巴巴 $BABA"], labels  # as the push names it
        assert [b["text"] for b in loud.buttons][1] == "🔕 退订 每日经济新闻"

        answer = await env.press(U, quiet, "退订")
        assert answer["text"] == "已取消订阅 阿里巴巴 BABA.US" and env.subs(401) == []
        await env.api.until(lambda: quiet.buttons[1]["text"] == "已退订")
        assert quiet.buttons[0]["text"] == "阅读原文"  # the link stays


async def test_unsubscribe_button_in_a_group_is_for_admins(engine):
    add_chat(engine, -800, [("keyword", "阿里巴巴")], kind="group")
    publish(engine, "A1")
    async with running_bot(engine) as env:
        env.api.group(-800, "群")
        env.api.set_member(-800, ADMIN["id"], "administrator")
        async with running(DeliveryWorker(settings(), engine, make_bot(env.api))):
            await until(lambda: statuses(engine) == {"sent": 1})
        push = env.api.last(-800)
        answer = await env.press(MEMBER, push, "退订")
        assert answer.get("show_alert") is True and len(env.subs(-800)) == 1
        answer = await env.press(ADMIN, push, "退订 阿里巴巴")
        assert answer["text"] == "已取消订阅 关键词 阿里巴巴" and env.subs(-800) == []


async def test_deleted_forum_topic_ends_its_subscriptions_and_tells_the_group(engine):
    add_chat(engine, -1009, [("keyword", "阿里巴巴")], kind="supergroup", thread_id=42)
    add_chat(engine, -1009, [("category", "meirijingjixinwen")], thread_id=7)
    publish(engine, "A1")
    publish(engine, "A2", minutes=1)
    async with running_bot(engine) as env:
        env.api.supergroup(-1009, "论坛", forum=True)
        env.api.fail(-1009, "thread_gone", thread=42)
        async with running(DeliveryWorker(settings(), engine, make_bot(env.api))):
            await until(lambda: statuses(engine) == {"failed": 2, "sent": 2})
        assert env.subs(-1009) == [(7, "category", "meirijingjixinwen")]  # topic 7 lives on
        notices = [m for m in env.api.messages(-1009) if "话题已被删除" in m.text]
        assert len(notices) == 1 and notices[0].thread_id is None  # in General, once
        assert "1 个订阅已取消：关键词 阿里巴巴" in notices[0].text
        assert env.chat(-1009).active is True  # the group itself is fine
        assert [m.thread_id for m in env.api.messages(-1009) if m is not notices[0]] == [7, 7]


async def test_one_chat_not_found_is_confirmed_before_a_channel_is_dropped(engine):
    add_chat(engine, -1005, [("keyword", "阿里巴巴")], kind="channel")
    add_chat(engine, -1006, [("keyword", "阿里巴巴")], kind="channel")
    publish(engine, "A1")
    async with running_bot(engine) as env:
        env.api.channel(-1005, "频道")
        env.api.channel(-1006, "没了的频道")
        env.api.fail(-1005, "not_found", times=1)  # a blip: getChat still finds the channel
        env.api.fail(-1006, "not_found")  # really gone: getChat agrees
        w = DeliveryWorker(settings(), engine, make_bot(env.api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 1, "failed": 1})
        assert env.chat(-1005).active is True and len(env.api.messages(-1005)) == 1
        assert env.chat(-1006).active is False


async def test_an_old_push_in_a_forum_topic_does_not_unsubscribe_general(engine):
    """Telegram leaves out a message too old to show the bot: only its chat and id, date 0,
    no topic. 🔕 under an old push in topic 8 was read as pressed in General, so it ended
    General's subscription of the same name (or said 没有订阅) and topic 8 went on getting
    pushes. The topic cannot be known: the press says so and changes nothing."""
    add_chat(engine, -1010, [("keyword", "锂电")], kind="supergroup")  # General
    add_chat(engine, -1010, [("keyword", "锂电")], thread_id=8)
    async with running_bot(engine) as env:
        forum = env.api.supergroup(-1010, "论坛", forum=True)
        env.api.set_member(-1010, ADMIN["id"], "administrator")
        old = await env.say(forum, ADMIN, "/help", thread_id=8)  # stands in for the old push
        for data in ("u|k||锂电", "s|t||600519.SH"):  # 🔕 under a push; a /sources button
            answer = await env.api.wait_answer(env.api.press(ADMIN, old, data, inaccessible=True))
            assert "/list" in answer["text"] and answer.get("show_alert") is True, answer
        assert env.subs(-1010) == [(0, "keyword", "锂电"), (8, "keyword", "锂电")]


OWNER = {"id": 301, "is_bot": False, "first_name": "Owner", "username": "owner"}


@pytest.mark.parametrize("where", ["channel", "group"])
async def test_pushes_held_for_rights_follow_when_telegram_says_the_bot_may_post(engine, where):
    """The bot lost the right to post (a channel admin took "Post Messages", a group
    restricted it): the push waits, held; the admin who subscribed is told privately.
    The my_chat_member update that gives the right back sends what waited at once, long
    before the next probe."""
    chat_id = -1005200 if where == "channel" else -7200
    async with running_bot(engine) as env:
        pm = env.api.private_chat(OWNER["id"])
        if where == "channel":
            chat = env.api.channel(chat_id, "快讯频道", username="kxchan")
            env.api.set_member(chat_id, OWNER["id"], "creator")
            env.api.set_member(chat_id, env.api.bot_id, "administrator", can_post_messages=True)
            r = await env.say(pm, OWNER, "/sub @kxchan kw:阿里巴巴")
            fault, old, new = "no_admin_rights", "administrator", "administrator"
        else:
            chat = env.api.supergroup(chat_id, "快讯群")
            env.api.set_member(chat_id, OWNER["id"], "creator")
            await env.say(pm, OWNER, "/start")  # the bot can reach the admin privately
            r = await env.say(chat, OWNER, "/sub kw:阿里巴巴")
            fault, old, new = "not_enough_rights", "restricted", "member"
        assert "已订阅" in r.text
        env.api.fail(chat_id, fault)
        publish(engine, "A1")
        w = DeliveryWorker(settings(rights_probe_seconds=3600), engine, make_bot(env.api))
        async with running(w):
            await until(lambda: any("补发" in t for t in env.api.texts(OWNER["id"])))
            await until(lambda: statuses(engine) == {"held": 1})
            env.api.clear_faults(chat_id)
            env.api.my_chat_member(chat, OWNER, old, new)
            await until(lambda: statuses(engine) == {"sent": 1})
        pushed = [t for t in env.api.texts(chat_id) if "阿里巴巴发布财报" in t]
        assert len(pushed) == 1
        assert env.chat(chat_id).no_rights_at is None
