"""Commands whose `@name` is not this bot's, and marks that mean nothing where typed (the
real PTB client against the fake Bot API)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.telegram.harness import running_bot

OWNER = {"id": 411, "is_bot": False, "first_name": "Owner"}
ADMIN = {"id": 211, "is_bot": False, "first_name": "Admin"}


async def test_a_channel_glued_to_the_command_is_the_channel_not_the_private_chat(
    sqlite_engine: Engine,
) -> None:
    """`/sub@finchan 600519` in a private chat subscribed the PRIVATE chat: `@finchan` was
    read as some other bot's name and dropped. No bot's name lacks the `bot` ending
    Telegram requires, so it is the channel, as `/sub @finchan 600519`; `@ThisBot` and
    another bot's name (copied from a group) still mean this private chat."""
    async with running_bot(sqlite_engine) as env:
        env.api.channel(-1005410, "财经频道", username="finchan")
        env.api.set_member(-1005410, OWNER["id"], "creator")
        env.api.set_member(-1005410, env.api.bot_id, "administrator", can_post_messages=True)
        pm = env.api.private_chat(OWNER["id"])
        r = await env.say(pm, OWNER, "/sub@finchan 600519")
        assert env.subs(OWNER["id"]) == [], r.text
        assert env.subs(-1005410) == [(0, "ticker", "600519.SH")], r.text
        r = await env.say(pm, OWNER, "/订阅@finchan kw:锂电")
        assert env.subs(OWNER["id"]) == [] and len(env.subs(-1005410)) == 2, r.text
        r = await env.say(pm, OWNER, "/list@finchan")
        assert "锂电" in r.text and "财经频道" in r.text, r.text
        r = await env.say(pm, OWNER, "/latest@finchan")  # no channel to name: as /latest
        assert "没找到" not in r.text and "@finchan" not in r.text, r.text
        r = await env.say(pm, OWNER, "/sub@nosuchchan 600519")  # no such channel: told so
        assert "nosuchchan" in r.text and env.subs(OWNER["id"]) == [], r.text
        r = await env.say(pm, OWNER, "/sub@FinewsTestBot 000001")
        assert r.text.startswith("已订阅") and env.subs(OWNER["id"]) == [(0, "ticker", "000001.SZ")]
        r = await env.say(pm, OWNER, "/sub@OtherBot 600519")
        assert r.text.startswith("已订阅") and len(env.subs(OWNER["id"])) == 2, r.text


async def test_a_code_glued_to_a_command_addressed_to_the_bot_works(sqlite_engine: Engine) -> None:
    """`/sub600519@FinewsTestBot` (a code glued on, then the bot's name, as a group's command
    menu completes it) was 没有这个命令 in a private chat and in a group: the name was read
    with the code. The code is the argument; another bot's stays its business in a group."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(OWNER["id"])
        r = await env.say(pm, OWNER, "/sub600519@FinewsTestBot")
        assert r.text.startswith("已订阅") and env.subs(OWNER["id"]) == [(0, "ticker", "600519.SH")]
        grp = env.api.group(-2710, "群")
        env.api.set_member(-2710, ADMIN["id"], "administrator")
        r = await env.say(grp, ADMIN, "/sub600519@FinewsTestBot")
        assert r.text.startswith("已订阅") and env.subs(-2710) == [(0, "ticker", "600519.SH")]
        r = await env.say(grp, ADMIN, "/unsub600519@FinewsTestBot")
        assert r.text.startswith("已取消订阅") and env.subs(-2710) == [], r.text
        await env.silent(grp, ADMIN, "/sub600519@OtherBot")
        assert env.subs(-2710) == []


async def test_a_plus_after_a_keyword_is_asked_about_not_stored(sqlite_engine: Engine) -> None:
    """`/sub kw:GPT-5+` stored the keyword `gpt-5+` with its `+`, the stocks' mark for
    "mentions too", which means nothing for a keyword: posts writing GPT-5 never matched.
    It is asked, with both readings as buttons (Disney+ is a name); `kw:C++`, with nothing
    left to mean without its `+`, is stored as typed."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(OWNER["id"])
        r = await env.say(pm, OWNER, "/sub kw:GPT-5+")
        assert env.subs(OWNER["id"]) == [] and "+" in r.text and "股票" in r.text, r.text
        await env.press(OWNER, r, "GPT-5")
        assert env.subs(OWNER["id"]) == [(0, "keyword", "gpt-5")]
        r = await env.say(pm, OWNER, "/sub kw:C++")
        assert r.text.startswith("已订阅"), r.text
        assert (0, "keyword", "c++") in env.subs(OWNER["id"])
        r = await env.say(pm, OWNER, "/lang en")
        r = await env.say(pm, OWNER, "/sub kw:Disney+")
        assert "stock" in r.text and len(env.subs(OWNER["id"])) == 2, r.text
        await env.press(OWNER, r, "Disney+")  # the name, as typed
        assert (0, "keyword", "disney+") in env.subs(OWNER["id"])
        r = await env.say(pm, OWNER, "/unsub kw:Disney+")  # the one held is the one meant
        assert (0, "keyword", "disney+") not in env.subs(OWNER["id"]), r.text


async def test_lang_traditional_is_answered_in_simplified_chinese(sqlite_engine: Engine) -> None:
    """`/lang 繁体` (or 繁體中文, zh-TW) got the usage, `/lang zh` or `/lang en`, leaving a
    Hong Kong or Taiwan reader to guess. There is no traditional interface: the chat is set
    to Chinese, and the answer says it is the simplified one."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(OWNER["id"])
        for text in ("/lang 繁体", "/lang 繁體中文", "/lang zh-TW"):
            await env.say(pm, OWNER, "/lang en")
            r = await env.say(pm, OWNER, text)
            assert env.chat(OWNER["id"]).lang == "zh" and "繁体" in r.text, (text, r.text)
            assert "简体" in r.text and "用法" not in r.text, r.text
