"""Channels: commands posted in the channel, `/sub @channel …` in private, config routes."""

from __future__ import annotations

import pytest

from bot.subscriptions.service import add_subscriptions
from bot.subscriptions.targets import Target
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

OWNER = {"id": 301, "is_bot": False, "first_name": "Owner", "username": "owner"}
STRANGER = {"id": 302, "is_bot": False, "first_name": "Stranger"}
CHAN = -1005000


async def test_channel_post_commands(engine):
    async with running_bot(engine) as env:
        chan = env.api.channel(CHAN, "财经频道", username="finchan")
        r = await env.say(chan, None, "/sub 600519 kw:新能源")
        assert r.text.startswith("已订阅") and r.chat_id == CHAN
        assert env.subs(CHAN) == [(0, "keyword", "新能源"), (0, "ticker", "600519.SH")]
        assert env.chat(CHAN).kind == "channel"
        r = await env.say(chan, None, "/sub@FinewsTestBot 每日经济新闻")
        assert "每日经济新闻" in r.text
        r = await env.say(chan, None, "/digest daily 7:30")
        assert env.chat(CHAN).digest_time == "07:30"
        r = await env.say(chan, None, "/unsub kw:新能源")
        assert env.subs(CHAN) == [(0, "category", "meirijingjixinwen"), (0, "ticker", "600519.SH")]


async def test_sub_channel_from_private_checks_both_sides(engine):
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        pm = env.api.private_chat(OWNER["id"])
        spm = env.api.private_chat(STRANGER["id"])

        # the bot is not an admin of the channel yet, so Telegram hides the channel's admins
        # from it (getChatMember: 400 member list is inaccessible). That 400 was taken for a
        # blip: the owner read 抱歉，处理时出了点问题，请稍后再试 (and, with it read as "no admin",
        # 只有频道的管理员可以…). The bot's own rights are asked first now.
        r = await env.say(pm, OWNER, "/sub @finchan 600519")
        assert "请把机器人添加为频道管理员" in r.text and env.subs(CHAN) == [], r.text
        r = await env.say(spm, STRANGER, "/settings @finchan")
        assert "请把机器人添加为频道管理员" in r.text, r.text
        env.api.set_member(CHAN, env.api.bot_id, "administrator", can_post_messages=False)
        env.app.bot_data["finews"].members.forget(CHAN)
        r = await env.say(pm, OWNER, "/sub @finchan 600519")
        assert "我还不能在 @finchan 发消息" in r.text and env.subs(CHAN) == []

        env.api.set_member(CHAN, env.api.bot_id, "administrator", can_post_messages=True)
        env.app.bot_data["finews"].members.forget(CHAN)
        r = await env.say(pm, OWNER, "/sub @finchan 600519 kw:锂电")
        assert r.text.startswith("频道 财经频道：已订阅") and r.chat_id == OWNER["id"]
        assert env.subs(CHAN) == [(0, "keyword", "锂电"), (0, "ticker", "600519.SH")]
        assert env.subs(OWNER["id"]) == []  # the private chat itself got nothing
        assert env.api.messages(CHAN) == []  # nothing was posted into the channel

        r = await env.say(spm, STRANGER, "/sub @finchan 000001")
        assert "只有频道 @finchan 的管理员" in r.text
        r = await env.say(spm, STRANGER, "/sub @nosuchchannel 000001")
        assert "找不到频道 @nosuchchannel" in r.text
        assert len(env.subs(CHAN)) == 2

        # /list @channel from private: buttons act on the channel
        listing = await env.say(pm, OWNER, "/list @finchan")
        assert "频道 财经频道" in listing.text and len(listing.buttons) == 2
        answer = await env.press(OWNER, listing, "锂电")
        assert answer["text"].startswith("已删除")
        assert env.subs(CHAN) == [(0, "ticker", "600519.SH")]
        # a stranger replaying the owner's button cannot touch the channel
        qid = env.api.press(STRANGER, listing, listing.button("600519")["callback_data"])
        answer = await env.api.wait_answer(qid)
        assert answer.get("show_alert") is True and env.subs(CHAN) == [(0, "ticker", "600519.SH")]

        r = await env.say(pm, OWNER, "/unsub @finchan 600519")
        assert "已取消订阅" in r.text and env.subs(CHAN) == []
        # a suggestion button made for the channel subscribes the channel, not the private chat
        r = await env.say(pm, OWNER, "/sub @finchan 茅台酒")
        await env.press(OWNER, r, "茅台酒")
        assert env.subs(CHAN) == [(0, "keyword", "茅台酒")] and env.subs(OWNER["id"]) == []


async def test_a_channel_list_page_rechecks_the_admin(engine):
    """/list @channel needs a channel admin; so do its ‹ › pages: a user no longer admin
    cannot keep reading the channel's subscriptions from the old message."""
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "administrator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        words = " ".join(f"kw:词{i:02d}" for i in range(12))
        await env.say(pm, OWNER, f"/sub @finchan {words}")
        listing = await env.say(pm, OWNER, "/list @finchan")
        assert "词00" in listing.text and "词10" not in listing.text  # two pages

        env.api.set_member(CHAN, OWNER["id"], "member")  # demoted by the channel's owner
        env.app.bot_data["finews"].members.forget(CHAN)  # (the cache's minute has passed)
        answer = await env.press(OWNER, listing, "下一页")
        assert answer.get("show_alert") is True, answer
        await env.sync()
        edited = env.api.messages(OWNER["id"])[-1]
        assert "词10" not in edited.text and not edited.edits, edited


async def test_a_channel_command_is_not_answered_again_in_its_discussion_group(engine):
    """Telegram copies every channel post into the channel's linked discussion group (an
    automatic forward from the channel). A command posted in the channel is answered
    there; its copy in the group is no command of the group's (no 'only group admins')."""
    telegram = {"id": 777000, "is_bot": False, "first_name": "Telegram"}
    async with running_bot(engine) as env:
        chan = env.api.channel(CHAN, "财经频道", username="finchan")
        talk = env.api.supergroup(-1005001, "财经频道讨论组")
        r = await env.say(chan, None, "/sub 600519")
        assert r.text.startswith("已订阅")
        for text in ("/sub 600519", "/help", "/sub@FinewsTestBot 000001"):
            await env.silent(talk, telegram, text, sender_chat=chan, is_automatic_forward=True)
        assert env.subs(-1005001) == [] and env.subs(CHAN) == [(0, "ticker", "600519.SH")]
        assert env.chat(-1005001) is None  # the bot never took the group for a user


async def test_config_routes_applied_at_startup(engine):
    routes = [
        {
            "chat": "@routed",
            "categories": ["每日经济新闻", "emnews"],
            "tickers": ["600519", "700.HK"],
            "keywords": ["新能源", "-传闻"],
        },
        {"chat": "@unknownchan", "tickers": ["600519"]},
    ]

    def routed_channel(api):
        api.channel(-1006000, "路由频道", username="routed")

    async with running_bot(engine, routed_channel, channels=routes) as env:
        assert env.subs(-1006000) == [
            (0, "category", "emnews"),
            (0, "category", "meirijingjixinwen"),
            (0, "exclude", "传闻"),
            (0, "keyword", "新能源"),
            (0, "ticker", "00700.HK"),
            (0, "ticker", "600519.SH"),
        ]
        assert env.chat(-1006000).kind == "channel"
        # a user-made subscription survives a restart; config ones are re-applied exactly
        await env.say(env.api.chats[-1006000], None, "/sub kw:锂电")
        await env.app.post_init(env.app)  # type: ignore[misc]
        assert (0, "keyword", "锂电") in env.subs(-1006000) and len(env.subs(-1006000)) == 7


async def test_pause_and_resume_a_channel_from_private(engine):
    """/sub, /unsub and /list take `@channel` in a private chat; /pause @finchan ignored it,
    paused the admin's own private chat and answered 已暂停推送, while the channel went on
    getting every push. It now pauses (and /resume resumes) the channel, with the same
    checks as /sub @channel."""
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        await env.say(pm, OWNER, "/sub @finchan 600519")
        r = await env.say(pm, OWNER, "/pause @finchan")
        assert r.text.startswith("频道 财经频道：已暂停推送"), r.text
        assert env.chat(CHAN).paused is True and env.chat(OWNER["id"]).paused is False
        r = await env.say(pm, OWNER, "/resume @finchan")
        assert r.text.startswith("频道 财经频道：已恢复推送"), r.text
        assert env.chat(CHAN).paused is False
        spm = env.api.private_chat(STRANGER["id"])
        r = await env.say(spm, STRANGER, "/pause @finchan")  # a setting, not a subscription
        assert r.text == "只有频道 @finchan 的管理员可以查看和修改它的设置。", r.text
        assert env.chat(CHAN).paused is False
        r = await env.say(spm, STRANGER, "/sub @finchan 600519")  # a subscription
        assert r.text == "只有频道 @finchan 的管理员可以修改它的订阅。", r.text


async def test_settings_of_a_channel_from_private(engine):
    """/settings @finchan in a private chat showed the private chat's own settings, and its
    buttons changed the private chat. It now opens the channel's settings (in the channel's
    language), for its admins only, with the checks of /pause @channel; its buttons change
    the channel and re-check the presser."""
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        await env.say(pm, OWNER, "/sub @finchan 600519 kw:锂电")
        await env.say(pm, OWNER, "/pause")  # the private chat is paused, the channel is not
        screen = await env.say(pm, OWNER, "/settings @finchan")
        assert screen.text.startswith("频道 财经频道："), screen.text
        assert "推送：即时推送" in screen.text and "订阅：2 个" in screen.text, screen.text

        answer = await env.press(OWNER, screen, "静音")
        assert answer["text"] == "已保存"
        assert env.chat(CHAN).silent is True and env.chat(OWNER["id"]).silent is False
        await env.api.until(lambda: "静音推送（不响铃）" in screen.text)
        assert screen.text.startswith("频道 财经频道：")
        await env.press(OWNER, screen, "English")
        assert env.chat(CHAN).lang == "en" and env.chat(OWNER["id"]).lang == "zh"
        await env.api.until(lambda: "Language: English" in screen.text)

        # a stranger is refused, and cannot use the owner's buttons either
        spm = env.api.private_chat(STRANGER["id"])
        r = await env.say(spm, STRANGER, "/settings @finchan")  # refused, no screen shown
        assert r.text == "只有频道 @finchan 的管理员可以查看和修改它的设置。", r.text
        assert "本聊天的设置" not in r.text and not r.buttons
        qid = env.api.press(STRANGER, screen, screen.button("⏸")["callback_data"])
        answer = await env.api.wait_answer(qid)
        assert answer.get("show_alert") is True and env.chat(CHAN).paused is False
        r = await env.say(spm, STRANGER, "/settings @nosuchchannel")
        assert "找不到频道 @nosuchchannel" in r.text
        # without an argument it is still the private chat's own screen
        r = await env.say(pm, OWNER, "/settings")
        assert not r.text.startswith("频道") and "推送：已暂停" in r.text


async def test_chat_settings_of_a_channel_from_private(engine):
    """/pause @finchan and /settings @finchan act on the channel; /digest, /quiet, /timezone,
    /updates and /lang with @finchan in a private chat changed the private chat itself (or
    answered its usage) while the channel kept its settings. They now act on the channel
    (its @name or t.me link), for its admins, with the checks and refusals of /pause."""
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        await env.say(pm, OWNER, "/sub @finchan 600519")
        before = env.chat(OWNER["id"])
        for text, done in (
            ("/digest @finchan daily 7:30", "已改为每天 07:30 汇总推送"),
            ("/quiet t.me/finchan 23-7", "免打扰时段：23:00-07:00"),
            ("/timezone @finchan 东京", "时区已设为"),
            ("/updates @finchan edit", "会直接改写之前推送的那条消息"),
            ("/digest @finchan", "当前汇总：每天 07:30"),
        ):
            r = await env.say(pm, OWNER, text)
            assert r.text.startswith("频道 财经频道：") and done in r.text, (text, r.text)
        r = await env.say(pm, OWNER, "/lang @finchan en")  # in the language set (test below)
        assert r.text == "Channel 财经频道: Language set to English.", r.text
        chan = env.chat(CHAN)
        assert (chan.digest_mode, chan.digest_time) == ("daily", "07:30")
        assert (chan.quiet_start, chan.quiet_end) == ("23:00", "07:00")
        assert (chan.timezone, chan.updates, chan.lang) == ("Asia/Tokyo", "edit", "en")
        after = env.chat(OWNER["id"])  # the private chat itself is as it was
        for name in ("digest_mode", "quiet_start", "timezone", "updates", "lang"):
            assert getattr(after, name) == getattr(before, name), name
        assert env.api.messages(CHAN) == []  # nothing was posted into the channel

        spm = env.api.private_chat(STRANGER["id"])
        for text in (
            "/digest @finchan off",
            "/quiet @finchan off",
            "/timezone @finchan UTC",
            "/updates @finchan off",
            "/lang @finchan zh",
            "/digest @finchan",
        ):
            r = await env.say(spm, STRANGER, text)  # a setting: not 订阅
            assert r.text == "只有频道 @finchan 的管理员可以查看和修改它的设置。", (text, r.text)
        r = await env.say(spm, STRANGER, "/quiet @nosuchchannel 23-7")
        assert "找不到频道 @nosuchchannel" in r.text
        assert env.chat(CHAN) == chan
        r = await env.say(pm, OWNER, "/digest")  # without a channel: the private chat's own
        assert r.text.startswith("当前汇总："), r.text


@pytest.mark.parametrize(
    ("own", "chosen", "said"),
    [
        ("en", "zh", "频道 财经频道：语言已设为中文。"),
        ("zh", "en", "Channel 财经频道: Language set to English."),
    ],
)
async def test_lang_of_a_channel_is_answered_in_one_language(engine, own, chosen, said):
    """/lang @finchan zh from a private chat in English answered `Channel 财经频道: 语言已设为
    中文。`: the heading in the private chat's language, the line in the channel's new one.
    The whole reply now reads in the language set, as /lang answers in a chat of its own
    and as /settings @finchan shows the channel in the channel's language."""
    async with running_bot(engine) as env:
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        await env.say(pm, OWNER, f"/lang {own}")
        r = await env.say(pm, OWNER, f"/lang @finchan {chosen}")
        assert r.text == said, r.text
        assert env.chat(CHAN).lang == chosen and env.chat(OWNER["id"]).lang == own


async def test_a_t_me_link_names_the_channel_and_is_no_keyword(engine):
    """Users copy a channel's link from its profile. `/sub https://t.me/finchan 600519` in a
    private chat subscribed the private chat to 600519 and offered the link as a keyword
    button; `/sub https://t.me/xxx` alone offered it too, a keyword no post contains. A t.me
    link now names the channel where a channel is taken, and is refused as a target with
    how to subscribe a channel instead."""

    def linked(api):
        api.channel(-1006000, "路由频道", username="routed")

    routes = [{"chat": "https://t.me/routed", "tickers": ["600519"]}]
    async with running_bot(engine, linked, channels=routes) as env:
        assert env.subs(-1006000) == [(0, "ticker", "600519.SH")]  # a config route's link
        env.api.channel(CHAN, "财经频道", username="finchan")
        env.api.set_member(CHAN, OWNER["id"], "creator")
        env.api.set_member(CHAN, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        r = await env.say(pm, OWNER, "/sub https://t.me/finchan 600519")
        assert r.text.startswith("频道 财经频道：已订阅"), r.text
        assert env.subs(CHAN) == [(0, "ticker", "600519.SH")] and env.subs(OWNER["id"]) == []
        for ref in ("t.me/finchan", "https://t.me/s/finchan", "ｔ．ｍｅ/finchan"):
            r = await env.say(pm, OWNER, f"/list {ref}")
            assert r.text.startswith("频道 财经频道：") and "600519" in r.text, (ref, r.text)
        r = await env.say(pm, OWNER, "/pause t.me/finchan")
        assert r.text.startswith("频道 财经频道：已暂停推送") and env.chat(CHAN).paused is True

        for text in ("/sub https://t.me/xxxnews", "/sub kw:t.me/xxxnews"):
            r = await env.say(pm, OWNER, text)
            assert "是链接，不是关键词" in r.text and "/sub @xxxnews 600519" in r.text, r.text
            assert not r.buttons and env.subs(OWNER["id"]) == []
        r = await env.say(pm, OWNER, "/sub 600519 https://t.me/+AbCdEf")  # an invite: no name
        assert "已订阅" in r.text and "/sub @频道用户名 600519" in r.text and not r.buttons
        assert env.subs(OWNER["id"]) == [(0, "ticker", "600519.SH")]
        r = await env.say(pm, OWNER, "/unsub https://t.me/xxxnews")
        assert "是链接，不是关键词" in r.text
        # one stored as a keyword before links were refused is still removed by its text
        link = Target("keyword", "https://t.me/xxxnews", "https://t.me/xxxnews")
        add_subscriptions(env.engine, OWNER["id"], [link])
        r = await env.say(pm, OWNER, "/unsub https://t.me/xxxnews")
        assert "已取消订阅" in r.text and env.subs(OWNER["id"]) == [(0, "ticker", "600519.SH")]


async def test_the_linked_channel_speaks_as_an_admin_in_its_discussion_group(engine):
    """A channel's admins can write in its discussion group as the channel (sender_chat is
    the linked channel, from is Channel_Bot): their /sub there got 只有群管理员可以修改订阅.
    The group's linked channel (getChat's linked_chat_id, cached) now counts as an admin;
    any other channel a user writes as does not, and a post's automatic copy stays silent."""
    channel_bot = {
        "id": 136817688,
        "is_bot": True,
        "first_name": "Channel",
        "username": "Channel_Bot",
    }
    async with running_bot(engine) as env:
        chan = env.api.channel(CHAN, "财经频道", username="finchan")
        other = env.api.channel(-1005009, "别的频道", username="otherchan")
        talk = env.api.supergroup(-1005001, "财经频道讨论组")
        env.api.link(CHAN, -1005001)
        r = await env.say(talk, channel_bot, "/sub 600519", sender_chat=chan)
        assert r.text.startswith("已订阅"), r.text
        r = await env.say(talk, channel_bot, "/digest hourly", sender_chat=chan)
        assert r.text.startswith("已改为每小时") and env.chat(-1005001).digest_mode == "hourly"
        r = await env.say(talk, channel_bot, "/sub 000001", sender_chat=other)
        assert r.text == "只有群管理员可以修改订阅。"
        r = await env.say(talk, channel_bot, "/start", sender_chat=chan)
        assert len(r.buttons) == 3  # the admins' welcome
        await env.silent(
            talk, channel_bot, "/sub 000002", sender_chat=chan, is_automatic_forward=True
        )
        assert env.subs(-1005001) == [(0, "ticker", "600519.SH")]
        linked = [c for c in env.api.calls("getChat") if str(c["chat_id"]) == "-1005001"]
        assert len(linked) == 1, linked  # cached like the admins' rights
