"""The bot's own membership updates that take or give back its right to post: the
outbox hears of them at once (`chats.no_rights_at`), not from a refused send."""

from __future__ import annotations

import logging

import pytest

from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

OWNER = {"id": 301, "is_bot": False, "first_name": "Owner", "username": "owner"}


def _sends(api, chat_id: int) -> list[dict]:  # type: ignore[no-untyped-def]
    return [p for p in api.calls("sendMessage") if str(p.get("chat_id")) == str(chat_id)]


@pytest.mark.parametrize("where", ["channel", "group"])
async def test_an_update_taking_the_post_right_holds_pushes_at_once(engine, caplog, where):
    """A channel admin took "Post Messages" from the bot (it stays an administrator), or a
    group restricted it from sending: Telegram says so in a my_chat_member update. The
    chat was not marked, so the next push was tried and refused first (and the admins
    told only then). Now the update marks it: the owner hears it privately once, one
    WARNING line says so, the push waits held without a send, and the update giving
    the right back sends it."""
    chat_id = -1005210 if where == "channel" else -7210
    caplog.set_level(logging.INFO)
    async with running_bot(engine) as env:
        pm = env.api.private_chat(OWNER["id"])
        if where == "channel":
            chat = env.api.channel(chat_id, "快讯频道", username="kxchan9")
            env.api.set_member(chat_id, OWNER["id"], "creator")
            env.api.set_member(chat_id, env.api.bot_id, "administrator", can_post_messages=True)
            r = await env.say(pm, OWNER, "/sub @kxchan9 kw:阿里巴巴")
            lost = ("administrator", "administrator", {"can_post_messages": False})
            back = ("administrator", "administrator", {})
        else:
            chat = env.api.supergroup(chat_id, "快讯群")
            env.api.set_member(chat_id, OWNER["id"], "creator")
            await env.say(pm, OWNER, "/start")  # the bot can reach the admin privately
            r = await env.say(chat, OWNER, "/sub kw:阿里巴巴")
            lost = ("member", "restricted", {"can_send_messages": False})
            back = ("restricted", "member", {})
        assert "已订阅" in r.text
        env.api.my_chat_member(chat, OWNER, lost[0], lost[1], **lost[2])
        await until(lambda: env.chat(chat_id).no_rights_at is not None)
        await until(lambda: any("补发" in t for t in env.api.texts(OWNER["id"])))
        publish(engine, "A1")
        before = len(_sends(env.api, chat_id))
        w = DeliveryWorker(settings(rights_probe_seconds=3600), engine, make_bot(env.api))
        async with running(w):
            await until(lambda: statuses(engine) == {"held": 1})
            assert len(_sends(env.api, chat_id)) == before  # not tried
            env.api.my_chat_member(chat, OWNER, back[0], back[1], **back[2])
            await until(lambda: statuses(engine) == {"sent": 1})
        assert env.chat(chat_id).no_rights_at is None
        assert len([t for t in env.api.texts(OWNER["id"]) if "补发" in t]) == 1
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and f"chat {chat_id}" in warned[0], warned
    assert "may not post" in warned[0], warned
