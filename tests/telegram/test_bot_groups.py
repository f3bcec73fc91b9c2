"""Groups, supergroups, forum topics and migration, end to end (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}
MEMBER = {"id": 202, "is_bot": False, "first_name": "Member"}
GROUP = -2000


async def test_only_admins_change_a_group(engine):
    async with running_bot(engine) as env:
        grp = env.api.group(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        env.api.set_member(GROUP, MEMBER["id"], "member")

        r = await env.say(grp, MEMBER, "/sub 600519")
        assert r.text == "只有群管理员可以修改订阅。"
        assert env.subs(GROUP) == []
        r = await env.say(grp, MEMBER, "/list")  # anyone may look
        assert "还没有任何订阅" in r.text
        r = await env.say(grp, MEMBER, "/pause")
        assert "只有群管理员" in r.text and env.chat(GROUP).paused is False
        r = await env.say(grp, MEMBER, "/settings")  # anyone may look at the settings too
        assert "本聊天的设置" in r.text and "即时推送" in r.text

        r = await env.say(grp, ADMIN, "/sub@FinewsTestBot 600519 kw:白酒")
        assert r.text.startswith("已订阅") and "600519.SH" in r.text
        assert env.subs(GROUP) == [(0, "keyword", "白酒"), (0, "ticker", "600519.SH")]
        chat = env.chat(GROUP)
        assert (chat.kind, chat.title) == ("group", "投资交流群")

        # another bot's command is none of our business
        await env.silent(grp, ADMIN, "/sub@SomeOtherBot 000001")
        await env.silent(grp, MEMBER, "/weather")  # unaddressed unknown command in a group
        assert len(env.subs(GROUP)) == 2

        listing = await env.say(grp, MEMBER, "/list")
        answer = await env.press(MEMBER, listing, "白酒")
        assert answer["text"] == "只有管理员可以修改订阅" and answer.get("show_alert") is True
        assert len(env.subs(GROUP)) == 2
        answer = await env.press(ADMIN, listing, "白酒")
        assert answer["text"].startswith("已删除")
        assert env.subs(GROUP) == [(0, "ticker", "600519.SH")]

        # admin rights are cached briefly: several commands, one getChatMember per user
        calls = [c for c in env.api.calls("getChatMember") if c["user_id"] == ADMIN["id"]]
        assert len(calls) == 1


async def test_anonymous_admin_and_supergroup(engine):
    async with running_bot(engine) as env:
        sg = env.api.supergroup(-1002100, "超级群")
        anon = {
            "id": 1087968824,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }
        r = await env.say(sg, anon, "/sub 00700", sender_chat=sg)
        assert "00700.HK" in r.text
        assert env.subs(-1002100) == [(0, "ticker", "00700.HK")]


async def test_group_migration_keeps_subscriptions(engine):
    async with running_bot(engine) as env:
        grp = env.api.group(-3000, "老群")
        env.api.set_member(-3000, ADMIN["id"], "creator")
        await env.say(grp, ADMIN, "/sub 600519 每日经济新闻")
        await env.say(grp, ADMIN, "/quiet 23:00-07:00")
        env.api.set_member(-1003000, ADMIN["id"], "creator")
        new = env.api.migrate(grp, -1003000, ADMIN)
        await env.sync()
        assert env.subs(-3000) == []
        assert env.subs(-1003000) == [
            (0, "category", "meirijingjixinwen"),
            (0, "ticker", "600519.SH"),
        ]
        moved = env.chat(-1003000)
        assert (moved.kind, moved.quiet_start, moved.quiet_end) == ("supergroup", "23:00", "07:00")
        assert env.chat(-3000).active is False
        r = await env.say(new, MEMBER, "/list")
        assert "2 个" in r.text
        r = await env.say(new, ADMIN, "/unsub 600519")
        assert r.text.startswith("已取消订阅")


async def test_forum_topics_store_their_thread(engine):
    async with running_bot(engine) as env:
        forum = env.api.supergroup(-1004000, "论坛群", forum=True)
        env.api.set_member(-1004000, ADMIN["id"], "administrator")
        r = await env.say(forum, ADMIN, "/sub kw:新能源", thread_id=42)
        assert r.thread_id == 42  # the reply went into the topic
        r = await env.say(forum, ADMIN, "/sub 600519")  # General topic: thread 0
        assert r.thread_id is None
        assert env.subs(-1004000) == [(0, "ticker", "600519.SH"), (42, "keyword", "新能源")]
        r = await env.say(forum, MEMBER, "/list", thread_id=42)
        assert "本话题的订阅" in r.text and "新能源" in r.text and "600519" not in r.text
        assert r.thread_id == 42
        # a button pressed inside the topic acts on that topic
        answer = await env.press(ADMIN, r, "新能源")
        assert answer["text"].startswith("已删除")
        assert env.subs(-1004000) == [(0, "ticker", "600519.SH")]
        r = await env.say(forum, ADMIN, "/sub 茅台酒", thread_id=7)
        await env.press(ADMIN, r, "茅台酒")  # the keyword suggestion, tapped in topic 7
        assert (7, "keyword", "茅台酒") in env.subs(-1004000)


async def test_a_bot_api_blip_does_not_make_an_admin_a_member(engine):
    """getChatMember failing for a moment (a 5xx) says nothing about the user's rights:
    the admin is asked to try again, not told they are no admin, and trying again works
    at once (the failure is not cached for a minute like an answer)."""
    async with running_bot(engine) as env:
        grp = env.api.group(-2400, "投资交流群")
        env.api.set_member(-2400, ADMIN["id"], "administrator")
        env.api.fail(-2400, "server_error", times=1, status=502, method="getChatMember")
        r = await env.say(grp, ADMIN, "/sub 600519")
        assert r.text == "抱歉，处理时出了点问题，请稍后再试。", r.text
        r = await env.say(grp, ADMIN, "/sub 600519")
        assert r.text.startswith("已订阅"), r.text
        assert env.subs(-2400) == [(0, "ticker", "600519.SH")]


async def test_a_failed_button_press_is_answered_in_the_chats_language(engine):
    """A press that fails (here: getChatMember answered 502) gets the polite error toast,
    in the language the chat chose, like a failed command's reply."""
    async with running_bot(engine) as env:
        grp = env.api.group(-2500, "Investors")
        env.api.set_member(-2500, ADMIN["id"], "administrator")
        await env.say(grp, ADMIN, "/lang en")
        screen = await env.say(grp, ADMIN, "/settings")
        env.app.bot_data["finews"].members.forget(-2500)
        env.api.fail(-2500, "server_error", times=1, status=502, method="getChatMember")
        answer = await env.press(ADMIN, screen, "Pause")
        assert answer["text"] == "Sorry, something went wrong; please try again later.", answer
        assert env.chat(-2500).paused is False


@pytest.mark.parametrize(
    ("present", "gone"),
    [
        ("member", "kicked"),
        # a supergroup may remove the bot while keeping its restrictions: the update says
        # "restricted" with is_member false
        ("restricted", "restricted-out"),
    ],
)
async def test_bot_removed_and_added_back(engine, present: str, gone: str):
    """Removed: nothing more may be sent there; added back: active, and greeted again."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(-5000, "群")
        env.api.set_member(-5000, ADMIN["id"], "administrator")
        env.api.my_chat_member(grp, ADMIN, "left", present)
        await env.api.wait_message(-5000)  # greeted (a supergroup after a short wait)
        assert env.chat(-5000).active is True
        env.api.my_chat_member(grp, ADMIN, present, gone)
        await env.sync()
        chat = env.chat(-5000)
        assert (chat.active, chat.inactive_reason) == (False, "removed")
        greeted = len(env.api.texts(-5000))
        env.api.my_chat_member(grp, ADMIN, gone, "member")
        await env.api.wait_message(-5000, greeted + 1)  # welcomed back
        assert env.chat(-5000).active is True


async def test_a_reply_refused_with_429_is_sent_after_retry_after(sqlite_engine):
    """A busy group: Telegram answers the reply with 429; it goes out after the wait."""
    async with running_bot(sqlite_engine) as env:
        grp = env.api.group(GROUP, "投资交流群")
        env.api.fail(GROUP, "retry_after", times=1, retry_after=1)
        r = await env.say(grp, MEMBER, "/help")
        assert "使用说明" in r.text
        assert env.api.count_429 == 1


async def test_list_in_general_points_to_the_topics_subscriptions(engine):
    """In a forum, /list and /latest in General read General's subscriptions only. With the
    group's subscriptions all in topics they said 还没有任何订阅 / 还没有订阅 (and /settings
    there said 订阅：2 个), so an admin looking for them from General was told there were none."""
    async with running_bot(engine) as env:
        forum = env.api.supergroup(-1004100, "论坛群", forum=True)
        env.api.set_member(-1004100, ADMIN["id"], "administrator")
        await env.say(forum, ADMIN, "/sub kw:新能源 600519", thread_id=42)
        r = await env.say(forum, MEMBER, "/list")
        assert "还没有任何订阅" not in r.text and "其他话题" in r.text and "2 个" in r.text, r.text
        r = await env.say(forum, MEMBER, "/latest")  # General's latest: none of its own either
        assert "还没有订阅" not in r.text and "/latest" in r.text and "话题" in r.text, r.text
        await env.say(forum, ADMIN, "/sub 00700")
        r = await env.say(forum, MEMBER, "/list")
        assert "腾讯控股" in r.text and "新能源" not in r.text, r.text
        assert "其他话题另有 2 个订阅" in r.text, r.text


async def test_a_channel_named_in_a_group_is_sent_to_the_private_chat(engine):
    """`/sub @finchan` in a group, where no channel can be meant, was offered as the keyword
    @finchan (a button) and stored on a press; `/sub @finchan 600519` subscribed the group
    to 600519. The bot now says, politely, that a channel's subscriptions are set in a
    private chat with it (`/sub @finchan …` there), and stores nothing."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        for text, command in (
            ("/sub @finchan", "/sub @finchan 600519"),
            ("/sub @finchan 600519 kw:锂电", "/sub @finchan 600519 kw:锂电"),
            ("/sub https://t.me/finchan 600519", "/sub @finchan 600519"),
        ):
            r = await env.say(grp, ADMIN, text)
            assert "频道的订阅请在与我的私聊中设置" in r.text, (text, r.text)
            assert f"<code>{command}</code>" in r.text and "@FinewsTestBot" in r.text, r.text
            assert not r.buttons and env.subs(GROUP) == []
        r = await env.say(grp, MEMBER, "/sub @finchan")  # a member: told the same
        assert "频道的订阅请在与我的私聊中设置" in r.text and env.subs(GROUP) == []
        chan = env.api.channel(-1005000, "财经频道", username="finchan")
        r = await env.say(chan, None, "/sub @otherchan")  # posted in a channel: the same
        assert "频道的订阅请在与我的私聊中设置" in r.text and env.subs(-1005000) == []
        r = await env.say(grp, ADMIN, "/sub 600519")  # a group's own subscription: as before
        assert r.text.startswith("已订阅") and env.subs(GROUP) == [(0, "ticker", "600519.SH")]


async def test_a_members_presses_that_change_the_group_are_refused(engine):
    """Every button that changes a group (subscribe, the ✅ of /sources, remove, /unsub
    all) re-checks the presser: a member's press is refused with a toast and changes
    nothing; an admin's works."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        env.api.set_member(GROUP, MEMBER["id"], "member")
        await env.say(grp, ADMIN, "/sub 每日经济新闻")
        held = [(0, "category", "meirijingjixinwen")]
        options = await env.say(grp, ADMIN, "/sub 阿里巴巴")
        sources = await env.say(grp, MEMBER, "/sources 每日经济")
        listing = await env.say(grp, MEMBER, "/list")
        ask = await env.say(grp, ADMIN, "/unsub all")
        for message, label in (
            (options, "BABA.US"),  # subscribe
            (sources, "✅ 每日经济新闻"),  # unsubscribe
            (listing, "每日经济新闻"),  # remove
            (ask, "全部取消"),  # /unsub all
        ):
            answer = await env.press(MEMBER, message, label)
            assert answer["text"] == "只有管理员可以修改订阅", (label, answer)
            assert answer.get("show_alert") is True and env.subs(GROUP) == held
        answer = await env.press(ADMIN, options, "BABA.US")
        assert answer["text"].startswith("已订阅") and len(env.subs(GROUP)) == 2


async def test_unsub_naming_a_channel_in_a_group_is_sent_to_the_private_chat(engine):
    """`/unsub @finchan` in a group went down the keyword path (没找到「@finchan」), and
    `/unsub @finchan 600519` removed the group's own 600519 while the admin meant the
    channel's. Like `/sub @finchan` there, it now says that a channel's subscriptions are
    managed in a private chat with the bot, and removes nothing; a keyword `@finchan` the
    group stored before channels were refused here is still removed by it."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        await env.say(grp, ADMIN, "/sub 600519")
        held = [(0, "ticker", "600519.SH")]
        for text, command in (
            ("/unsub @finchan", "/unsub @finchan 600519"),
            ("/unsub @finchan 600519", "/unsub @finchan 600519"),
            ("/unsub ＠finchan 600519", "/unsub @finchan 600519"),
        ):
            r = await env.say(grp, ADMIN, text)
            assert "频道的订阅请在与我的私聊中" in r.text, (text, r.text)
            assert f"<code>{command}</code>" in r.text and "@FinewsTestBot" in r.text, r.text
            assert "没有取消任何订阅" in r.text and env.subs(GROUP) == held, r.text
        chan = env.api.channel(-1005000, "财经频道", username="finchan")
        r = await env.say(chan, None, "/unsub @otherchan")  # posted in a channel: the same
        assert "频道的订阅请在与我的私聊中" in r.text, r.text
        await env.say(grp, ADMIN, "/sub kw:@oldchan")  # a keyword stored as before
        r = await env.say(grp, ADMIN, "/unsub @oldchan")
        assert r.text == "已取消订阅 关键词 @oldchan", r.text
        assert env.subs(GROUP) == held


async def test_a_setting_or_list_naming_a_channel_in_a_group_is_sent_to_the_private_chat(engine):
    """`/pause @finchan` in a group paused the group itself (已暂停推送), `/list @finchan` and
    `/settings @finchan` showed the group's own, and `/digest @finchan daily 8` answered the
    usage: the channel named first was read only in a private chat. As for `/sub @finchan`
    in a group, the bot now says that a channel's subscriptions and settings are seen and
    changed in a private chat with it (the command to send there), and changes nothing."""
    async with running_bot(engine) as env:
        grp = env.api.supergroup(GROUP, "投资交流群")
        env.api.set_member(GROUP, ADMIN["id"], "administrator")
        for text, command in (
            ("/pause @finchan", "/pause @finchan"),
            ("/resume https://t.me/finchan", "/resume @finchan"),
            ("/list @finchan", "/list @finchan"),
            ("/settings@FinewsTestBot @finchan", "/settings @finchan"),
            ("/digest @finchan daily 8", "/digest @finchan daily 8"),
            ("/lang ＠finchan en", "/lang @finchan en"),
        ):
            r = await env.say(grp, ADMIN, text)
            assert "频道的订阅和设置请在与我的私聊中" in r.text, (text, r.text)
            assert f"<code>{command}</code>" in r.text and "@FinewsTestBot" in r.text, r.text
            assert not r.buttons and "这里没有做任何更改" in r.text, r.text
        chat = env.chat(GROUP)
        assert (chat.paused, chat.digest_mode, chat.lang) == (False, "off", "zh")
        chan = env.api.channel(-1005000, "财经频道", username="finchan")
        r = await env.say(chan, None, "/pause @otherchan")  # posted in a channel: the same
        assert "频道的订阅和设置请在与我的私聊中" in r.text and env.chat(-1005000).paused is False
        r = await env.say(grp, ADMIN, "/pause")  # the group's own: as before
        assert r.text.startswith("已暂停推送") and env.chat(GROUP).paused is True
