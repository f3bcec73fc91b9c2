"""`/sub 600519 @finchan` in a private chat: the channel named after the targets. It was
read as a keyword and offered as a "did you mean" button, subscribing the private chat
to "@finchan"; it means the channel, as `/sub @finchan 600519` does."""

from __future__ import annotations

import pytest

from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

OWNER = {"id": 301, "is_bot": False, "first_name": "Owner", "username": "owner"}
CHAN = -1005000
OTHER = -1005001


def _ready(env):  # type: ignore[no-untyped-def]
    env.api.channel(CHAN, "财经频道", username="finchan")
    env.api.set_member(CHAN, OWNER["id"], "creator")
    env.api.set_member(CHAN, env.api.bot_id, "administrator", can_post_messages=True)
    return env.api.private_chat(OWNER["id"])


@pytest.mark.parametrize("where", ["600519 @finchan", "600519，@finchan", "600519 t.me/finchan"])
async def test_a_channel_named_after_the_targets_is_the_channel(engine, where: str) -> None:
    async with running_bot(engine) as env:
        pm = _ready(env)
        r = await env.say(pm, OWNER, f"/sub {where}")
        assert r.text.startswith("频道 财经频道：已订阅"), r.text
        assert r.buttons == [], r.text
        assert env.subs(CHAN) == [(0, "ticker", "600519.SH")]
        assert env.subs(OWNER["id"]) == []
        r = await env.say(pm, OWNER, f"/unsub {where}")
        assert "已取消订阅" in r.text and env.subs(CHAN) == []


async def test_two_channels_in_one_command_get_a_hint(engine) -> None:
    """Which one was meant cannot be told: say so, and subscribe nothing."""
    async with running_bot(engine) as env:
        pm = _ready(env)
        env.api.channel(OTHER, "另一个频道", username="otherchan")
        r = await env.say(pm, OWNER, "/sub @finchan 600519 @otherchan")
        assert "一条命令只能设置一个频道" in r.text, r.text
        assert "<code>/sub @finchan 600519</code>" in r.text, r.text
        assert r.buttons == [] and env.subs(CHAN) == [] and env.subs(OWNER["id"]) == []
