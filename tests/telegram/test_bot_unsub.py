"""/unsub names what /list shows, and only that; replies speak the chat's language;
a zone no place keeps is refused (the real PTB client against the fake Bot API)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.telegram.harness import running_bot

U = {"id": 401, "is_bot": False, "first_name": "U"}


async def test_unsub_takes_the_option_the_user_picked_for_an_ambiguous_word(
    sqlite_engine: Engine,
) -> None:
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub ABT")  # 安博通 (by its initials) or Abbott?
        await env.press(U, r, "ABT.US")
        assert env.subs(401) == [(0, "ticker", "ABT.US")]
        r = await env.say(pm, U, "/unsub ABT")
        assert env.subs(401) == [], r.text
        assert "已取消订阅" in r.text


async def test_unsub_takes_a_spaced_keyword_the_bot_suggested(sqlite_engine: Engine) -> None:
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub kw:machine learning")
        await env.press(U, r, "machine learning")
        assert env.subs(401) == [(0, "keyword", "machine learning")]
        r = await env.say(pm, U, "/unsub kw:machine learning")
        assert env.subs(401) == [], r.text


async def test_unsub_a_word_of_two_keywords_removes_neither(sqlite_engine: Engine) -> None:
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for kw in ("machine learning", "deep learning"):
            r = await env.say(pm, U, f"/sub kw:{kw}")
            await env.press(U, r, kw)
        r = await env.say(pm, U, "/unsub learning")  # no subscription is called "learning"
        assert len(env.subs(401)) == 2, r.text


async def test_an_english_chat_reads_the_mentions_mark_in_english(sqlite_engine: Engine) -> None:
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/lang en")
        r = await env.say(pm, U, "/sub BABA+")
        assert "BABA.US (mentions too)" in r.text and "含提及" not in r.text
        r = await env.say(pm, U, "/list")
        assert "BABA.US (mentions too)" in r.text and "含提及" not in r.text


async def test_a_zone_no_place_keeps_is_refused_and_nothing_stored(sqlite_engine: Engine) -> None:
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/timezone UTC-13")
        assert "抱歉" not in r.text and "UTC-13" in r.text
        assert env.chat(401).timezone == "Asia/Shanghai"


async def test_a_keyword_spelled_another_way_is_already_subscribed(sqlite_engine: Engine) -> None:
    """`/sub kw:GPT5` then `/sub kw:GPT-5` stored both (every GPT-5 post matched twice in
    /list, and /unsub had to name each); the second is the one already held."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/sub kw:GPT5")
        r = await env.say(pm, U, "/sub kw:GPT-5")
        assert r.text.startswith("已经订阅过") and "GPT5" in r.text, r.text
        assert env.subs(401) == [(0, "keyword", "gpt5")]
        r = await env.say(pm, U, "/unsub kw:GPT-5")
        assert r.text.startswith("已取消订阅") and env.subs(401) == [], r.text


async def test_unsub_of_a_word_not_held_says_so_without_pointing_at_nothing(
    sqlite_engine: Engine,
) -> None:
    """/unsub answered a word it could not read with /sub's lines: `「阿里巴巴」有多个可能：`
    and `关键词是不是下面这个？` with nothing under them (/unsub offers no buttons). It says
    the chat holds no such subscription. `kw:gpt 5` (asked about: the space) is the GPT-5
    the chat holds."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/sub kw:GPT-5")
        r = await env.say(pm, U, "/unsub kw:gpt 5")
        assert r.text.startswith("已取消订阅") and env.subs(401) == [], r.text
        r = await env.say(pm, U, "/unsub 阿里巴巴 kw:new energy 1")
        for word in ("阿里巴巴", "kw:new energy", "1"):
            assert f"没有订阅「{word}」" in r.text, r.text
        assert "可能：" not in r.text and "下面" not in r.text and "没找到" not in r.text, r.text
        assert r.text.endswith("用 /list 查看现有订阅。"), r.text


async def test_unsub_in_another_topic_says_where_the_subscription_is(
    sqlite_engine: Engine,
) -> None:
    """A group admin who subscribed in a forum topic and sent /unsub in General read only
    没有订阅：贵州茅台 600519.SH, as if the bot had lost it. It says the subscription is in
    another topic, where /unsub removes it."""
    admin = {"id": 201, "is_bot": False, "first_name": "Admin"}
    async with running_bot(sqlite_engine) as env:
        forum = env.api.supergroup(-1004200, "论坛群", forum=True)
        env.api.set_member(-1004200, admin["id"], "administrator")
        await env.say(forum, admin, "/sub 600519 kw:GPT-5", thread_id=42)
        r = await env.say(forum, admin, "/unsub 600519 kw:GPT5 kw:锂电")
        assert "其他话题" in r.text and "600519" in r.text and "GPT5" in r.text, r.text
        assert "没有订阅：关键词 锂电" in r.text and "没有订阅：贵州茅台" not in r.text, r.text
        assert len(env.subs(-1004200)) == 2
        r = await env.say(forum, admin, "/unsub 600519", thread_id=42)
        assert r.text.startswith("已取消订阅"), r.text


async def test_unsub_all_in_general_names_the_topics_subscriptions(sqlite_engine: Engine) -> None:
    """/unsub all in a forum's General, whose topics hold every subscription, said only
    这里没有可以取消的订阅。 (as /list there says: the topics hold them)."""
    admin = {"id": 201, "is_bot": False, "first_name": "Admin"}
    async with running_bot(sqlite_engine) as env:
        forum = env.api.supergroup(-1004300, "论坛群", forum=True)
        env.api.set_member(-1004300, admin["id"], "administrator")
        await env.say(forum, admin, "/sub 600519 kw:GPT-5", thread_id=42)
        r = await env.say(forum, admin, "/unsub all")
        assert "其他话题" in r.text and "2 个" in r.text and not r.buttons, r.text
        assert len(env.subs(-1004300)) == 2
