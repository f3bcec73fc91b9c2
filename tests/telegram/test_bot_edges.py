"""Telegram's edges: what a Chinese keyboard sends, what members and admins see, what a
group's upgrade and a linked channel's posts look like to the bot (the real PTB client
against the fake Bot API, SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio

import pytest

from tests.telegram.harness import running_bot, seed_stocks

pytestmark = pytest.mark.db

ALICE = {"id": 101, "is_bot": False, "first_name": "Alice"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}
MEMBER = {"id": 202, "is_bot": False, "first_name": "Member"}
GROUP = -1002300


async def test_a_full_width_slash_is_a_command_in_a_private_chat(engine):
    """A Chinese keyboard types `／sub 阿里巴巴` (U+FF0F), for which Telegram marks no
    bot_command: the bot answered the private chat's search-box hint and subscribed nothing.
    In a private chat it is now the command, any command by one rule (full-width letters
    too); an unknown one is told so. In a group it is members' chatter: no answer."""
    seed_stocks(engine, {"600519.SH": "贵州茅台"})
    async with running_bot(engine) as env:
        pm = env.api.private_chat(ALICE["id"])
        r = await env.say(pm, ALICE, "／sub 阿里巴巴")  # as /sub answers it: which listing?
        assert r.text.startswith("「阿里巴巴」有多个可能"), r.text
        await env.press(ALICE, r, "BABA.US")
        r = await env.say(pm, ALICE, "／ｓｕｂ　600519")  # full-width letters and space
        assert r.text.startswith("已订阅") and "600519.SH" in r.text, r.text
        assert env.subs(ALICE["id"]) == [(0, "ticker", "600519.SH"), (0, "ticker", "BABA.US")]
        r = await env.say(pm, ALICE, "／list")
        assert "当前订阅" in r.text and "2 个" in r.text
        r = await env.say(pm, ALICE, "／Pause")
        assert r.text.startswith("已暂停推送") and env.chat(ALICE["id"]).paused is True
        r = await env.say(pm, ALICE, "／weather")
        assert r.text == "没有这个命令。发送 /help 查看可用命令。"

        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "／sub 阿里巴巴")
        await env.silent(grp, MEMBER, "／help")
        assert env.subs(GROUP) == []


async def test_a_chinese_punctuation_slash_is_a_command_in_a_private_chat(engine):
    """A Chinese keyboard in Chinese-punctuation mode types `/` as `、`: `、sub 阿里巴巴` got the
    private chat's hint (发送 /help 查看用法) and subscribed nothing. In a private chat `、` and
    a command of the bot's is now that command, by the rule `／` follows; `、` is also the
    enumeration comma, so `、` and anything else reads as before (a stock or outlet typed
    after it is still looked up). In a group it is members' chatter: no answer."""
    seed_stocks(engine, {"600519.SH": "贵州茅台"})
    async with running_bot(engine) as env:
        pm = env.api.private_chat(ALICE["id"])
        r = await env.say(pm, ALICE, "、sub 阿里巴巴")
        assert r.text.startswith("「阿里巴巴」有多个可能"), r.text
        await env.press(ALICE, r, "BABA.US")
        r = await env.say(pm, ALICE, "、ｓｕｂ　600519")
        assert r.text.startswith("已订阅") and "600519.SH" in r.text, r.text
        assert env.subs(ALICE["id"]) == [(0, "ticker", "600519.SH"), (0, "ticker", "BABA.US")]
        r = await env.say(pm, ALICE, "、List")
        assert "当前订阅" in r.text and "2 个" in r.text, r.text
        # not a command: what a private chat's text gets today
        r = await env.say(pm, ALICE, "、600519")
        assert r.text.startswith("<b>贵州茅台 600519.SH</b>") and r.buttons, r.text
        for word in ("你好", "weather", "BABA", "贵州茅台"):  # read as the word alone is
            plain = await env.say(pm, ALICE, word)
            r = await env.say(pm, ALICE, "、" + word)
            assert r.text == plain.text and r.buttons == plain.buttons, (word, r.text)
        r = await env.say(pm, ALICE, "、")
        assert r.text.startswith("发送 /help 查看用法"), r.text
        assert env.subs(ALICE["id"]) == [(0, "ticker", "600519.SH"), (0, "ticker", "BABA.US")]

        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "、sub 阿里巴巴")
        await env.silent(grp, MEMBER, "、help")
        assert env.subs(GROUP) == []


async def test_a_space_after_a_chinese_keyboards_slash(engine):
    """Some Chinese keyboards put a space after punctuation before Latin letters: `、 sub
    600519` got the private chat's hint (发送 /help 查看用法) and `／ sub 600519` 没有这个命令,
    while `、sub 600519` subscribed. The space after the slash is now dropped, so both are
    `/sub 600519` (its arguments do not start with `sub`); `、` and a word that is no
    command of the bot's still reads as the word, and a group does not answer."""
    seed_stocks(engine, {"600519.SH": "贵州茅台"})
    async with running_bot(engine) as env:
        pm = env.api.private_chat(ALICE["id"])
        r = await env.say(pm, ALICE, "、 sub 600519")
        assert r.text == "已订阅 贵州茅台 600519.SH", r.text
        r = await env.say(pm, ALICE, "／　sub kw:新能源")  # a full-width space
        assert r.text == "已订阅 关键词 新能源", r.text
        r = await env.say(pm, ALICE, "、 sub")  # no target: the usage, not `sub` looked up
        assert r.text.startswith("请告诉我要订阅什么"), r.text
        r = await env.say(pm, ALICE, "、 List")
        assert "当前订阅" in r.text and "2 个" in r.text, r.text
        r = await env.say(pm, ALICE, "、 600519")  # not a command: the stock, as before
        assert r.text.startswith("<b>贵州茅台 600519.SH</b>") and r.buttons, r.text
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "、 sub 600519")
        assert env.subs(GROUP) == []


async def test_targets_in_chinese_quotes_brackets_or_with_a_full_stop(engine):
    """Chinese writes a name in book-title marks or quotes and ends a sentence with 。:
    `/sub 《每日经济新闻》`, `/sub “贵州茅台”`, `/sub 贵州茅台。`, `/sub 【600519】` answered 没找到
    and offered the text with its marks as a keyword (关键词 贵州茅台。), and `kw:“新能源”` stored
    the quote marks. Marks around a target and a sentence's end after it are dropped."""
    seed_stocks(engine, {"600519.SH": "贵州茅台"})
    async with running_bot(engine) as env:
        pm = env.api.private_chat(ALICE["id"])
        for typed, said in (
            ("/sub 《每日经济新闻》", "已订阅 每日经济新闻"),
            ("/sub “贵州茅台”", "已订阅 贵州茅台 600519.SH"),
            ("/sub 贵州茅台。", "已经订阅过：贵州茅台 600519.SH"),
            ("/sub 【600519】！", "已经订阅过：贵州茅台 600519.SH"),
            ("/sub kw:“新能源”", "已订阅 关键词 新能源"),
            ("/sub 「腾讯控股」、《財聯社》", "已订阅 腾讯控股 00700.HK、财联社"),
        ):
            r = await env.say(pm, ALICE, typed)
            assert r.text == said and not r.buttons, (typed, r.text)
        r = await env.say(pm, ALICE, "/unsub kw:“新能源”。")
        assert r.text == "已取消订阅 关键词 新能源", r.text
        r = await env.say(pm, ALICE, "《每日经济新闻》")  # typed alone: the outlet's card
        assert r.text.startswith("<b>每日经济新闻</b>") and r.buttons, r.text


async def test_a_full_width_command_counts_against_the_limit(sqlite_engine):
    """`／help` is a command like `/help`: the per-user limit counts it (else a user typing
    on a Chinese keyboard could make the bot answer without limit)."""
    async with running_bot(sqlite_engine, commands_per_minute=2) as env:
        pm = env.api.private_chat(ALICE["id"])
        for _ in range(2):
            r = await env.say(pm, ALICE, "／help")
            assert "使用说明" in r.text
        r = await env.say(pm, ALICE, "／help")
        assert r.text.startswith("操作太频繁了"), r.text


async def test_a_keyword_picked_by_button_is_stored_as_shown(engine):
    """`/sub OpenAI` offers the keyword OpenAI as a button; pressed, it was stored (and
    listed) as `openai`, the folded form the button carried. The button now carries the
    keyword as shown: /list shows OpenAI, and matching stays case-insensitive."""
    async with running_bot(engine) as env:
        pm = env.api.private_chat(ALICE["id"])
        r = await env.say(pm, ALICE, "/sub OpenAI")
        answer = await env.press(ALICE, r, "关键词 OpenAI")
        assert answer["text"] == "已订阅 关键词 OpenAI", answer
        r = await env.say(pm, ALICE, "/sub kw:iPhone 16")  # a space: asked with a button
        await env.press(ALICE, r, "iPhone 16")
        r = await env.say(pm, ALICE, "/sub -kw:Short Seller")
        await env.press(ALICE, r, "Short Seller")
        assert env.subs(ALICE["id"]) == [
            (0, "exclude", "short seller"),
            (0, "keyword", "iphone 16"),
            (0, "keyword", "openai"),
        ]
        listing = await env.say(pm, ALICE, "/list")
        for shown in ("关键词 OpenAI", "关键词 iPhone 16", "排除 Short Seller"):
            assert shown in listing.text, listing.text
        r = await env.say(pm, ALICE, "/sub kw:openai")  # the same keyword, in any case
        assert r.text.startswith("已经订阅过"), r.text


async def test_a_members_start_in_a_group_shows_no_admin_buttons(engine):
    """A member's /start in a group showed the welcome's three subscribe buttons, which
    answer a member's press with 只有管理员可以修改订阅. Members now read a welcome without
    them, saying the admins set the group's subscriptions; admins keep theirs."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        env.api.set_member(GROUP, MEMBER["id"], "member")
        r = await env.say(grp, MEMBER, "/start")
        assert not r.buttons and "管理员" in r.text and "finews" in r.text, r.text
        assert "/sub 600519" not in r.text  # no command a member cannot use
        r = await env.say(grp, ADMIN, "/start")
        assert len(r.buttons) == 3 and "点下面的例子试试" in r.text
        pm = env.api.private_chat(MEMBER["id"])  # in private, the member is their own admin
        r = await env.say(pm, MEMBER, "/start")
        assert len(r.buttons) == 3


@pytest.mark.parametrize("join", ["before", "after"])
async def test_an_unrecorded_group_upgraded_is_not_welcomed_as_new(engine, join):
    """A group the bot is in but has no row for (it joined before this database, or while
    the bot was down) was welcomed like a group that had just added it when it became a
    supergroup and Telegram reported the join, though its members had had the bot all
    along; a recorded group was not, nor one whose join the Bot API did not report. Every
    upgrade is now recorded (the old id retired as migrated to the new one, known or
    not), so no upgraded group is welcomed; the supergroup then works as any."""
    async with running_bot(engine) as env:
        env.app.bot_data["finews"].migration_grace = 1.0  # ample for the migration's updates
        grp = env.api.group(-3300, "老群")
        env.api.set_member(-1003300, ADMIN["id"], "administrator")
        new = env.api.migrate(grp, -1003300, ADMIN, join=join)
        await env.sync()
        await asyncio.sleep(1.2)  # past the grace: a greeting would have been sent
        await env.sync()
        assert env.api.texts(-1003300) == [], env.api.texts(-1003300)
        r = await env.say(new, ADMIN, "/sub 600519")
        assert r.text.startswith("已订阅") and env.subs(-1003300) == [(0, "ticker", "600519.SH")]


@pytest.mark.parametrize("join", ["before", "after"])
async def test_a_group_upgraded_to_a_supergroup_is_not_welcomed_again(engine, join):
    """On an upgrade Telegram also tells the bot it joined the new supergroup (left ->
    member), which read as being added: the group, welcomed when the bot came, got the
    welcome a second time. A supergroup that a known group became is not welcomed, whether
    the join comes before the migration's messages or after; a supergroup the bot really
    joins still is."""
    async with running_bot(engine) as env:
        env.app.bot_data["finews"].migration_grace = 1.0  # ample for the migration's updates
        grp = env.api.group(-3100, "老群")
        env.api.my_chat_member(grp, ADMIN, "left", "member")
        hello = await env.api.wait_message(-3100)
        assert "大家好" in hello.text
        env.api.migrate(grp, -1003100, ADMIN, join=join)
        await env.sync()
        await asyncio.sleep(1.2)  # past the grace: a greeting would have been sent
        await env.sync()
        assert env.api.texts(-1003100) == [] and env.chat(-1003100).active is True

        fresh = env.api.supergroup(-1003200, "新超级群")
        env.api.my_chat_member(fresh, ADMIN, "left", "member")
        hello = await env.api.wait_message(-1003200)
        assert "大家好" in hello.text
