"""Left-overs at the Telegram edge for Chinese-speaking users: commands as they type them,
settings with a sentence's end, keywords stored with marks, groups named as channels
(the real PTB client against the fake Bot API)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.telegram.harness import running_bot

U = {"id": 401, "is_bot": False, "first_name": "U"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}


async def test_a_command_addressed_to_another_bot_in_a_private_chat_is_answered(
    sqlite_engine: Engine,
) -> None:
    """`/sub@OtherBot 600519` (copied from a group) in a private chat got no reply at all: in a
    private chat only this bot reads it. It is run as `/sub 600519`; in a group it stays
    another bot's business."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub@OtherBot 600519")
        assert r.text.startswith("已订阅") and env.subs(401) == [(0, "ticker", "600519.SH")]
        r = await env.say(pm, U, "/nosuch@OtherBot")
        assert "没有这个命令" in r.text
        grp = env.api.group(-2700, "群")
        env.api.set_member(-2700, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "/sub@OtherBot 600519")
        await env.silent(grp, ADMIN, "/nosuch@OtherBot")
        assert env.subs(-2700) == []
