"""The walkthrough of issue 13, each item through the real PTB client and the fake Bot API:
operator routes, channel commands, groups, forum topics, input forms, buttons, /settings."""

from __future__ import annotations

import asyncio
import json
import logging

import pytest

from tests.telegram.harness import OPERATOR, running_bot, seed_articles

pytestmark = pytest.mark.db

OWNER = {"id": 301, "is_bot": False, "first_name": "Owner", "username": "owner"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}
MEMBER = {"id": 202, "is_bot": False, "first_name": "Member"}
U = {"id": 401, "is_bot": False, "first_name": "U", "language_code": "zh-hans"}
CHAN = -1006000


def _params(msg) -> dict:
    p = msg.params.get("reply_parameters")
    return json.loads(p) if isinstance(p, str) else (p or {})


async def test_operator_routes_are_read_only_for_the_channel(engine):
    routes = [{"chat": "@routed", "tickers": ["600519"], "keywords": ["新能源"]}]

    def setup(api):
        api.channel(CHAN, "路由频道", username="routed")
        api.set_member(CHAN, OWNER["id"], "creator")
        api.set_member(CHAN, api.bot_id, "administrator", can_post_messages=True)

    async with running_bot(engine, setup, channels=routes) as env:
        pm = env.api.private_chat(OWNER["id"])
        await env.say(pm, OWNER, "/sub @routed kw:锂电")
        listing = await env.say(pm, OWNER, "/list @routed")
        assert "新能源 📌" in listing.text and "📌 为机器人运营者配置的订阅" in listing.text
        labels = [b["text"] for b in listing.buttons]
        assert labels == ["❌ 关键词 锂电"]  # only the channel's own subscription has a ❌
        r = await env.say(pm, OWNER, "/unsub @routed 600519 kw:锂电")
        assert "已取消订阅 关键词 锂电" in r.text
        assert "600519.SH 是机器人运营者配置的订阅，不能在这里删除" in r.text
        assert env.subs(CHAN) == [(0, "keyword", "新能源"), (0, "ticker", "600519.SH")]
        # an old ❌ button of a route (or a forged one) is refused with an alert
        sub_id = _sub_id(env, CHAN, "600519.SH")
        qid = env.api.press(OWNER, listing, f"rm|{sub_id}|{CHAN}|0")
        answer = await env.api.wait_answer(qid)
        assert answer.get("show_alert") is True and "运营者" in answer["text"]
        assert len(env.subs(CHAN)) == 2


def _sub_id(env, chat_id: int, value: str) -> int:
    from sqlmodel import Session, select

    from bot.storage.models import Subscription

    with Session(env.engine) as s:
        row = s.exec(
            select(Subscription).where(Subscription.chat_id == chat_id, Subscription.value == value)
        ).one()
        return row.id


async def test_channel_commands_and_replies_are_deleted(engine):
    async with running_bot(engine, channel_reply_seconds=0.3) as env:
        chan = env.api.channel(-1005000, "财经频道")
        before = len(env.api.messages(-1005000))
        post = env.api.channel_post(chan, "/sub 600519")
        r = await env.api.wait_message(-1005000, before + 1)
        assert r.text.startswith("已订阅")
        listing = await env.say(chan, None, "/list")
        assert listing.buttons  # buttons still work while the reply is up
        await env.api.until(lambda: env.api.messages(-1005000) == [], timeout=3)
        deleted = {int(c["message_id"]) for c in env.api.calls("deleteMessage")}
        assert {post["message_id"], r.message_id, listing.message_id} <= deleted
        assert env.subs(-1005000) == [(0, "ticker", "600519.SH")]


async def test_channel_messages_waiting_for_deletion_go_at_shutdown(sqlite_engine):
    async with running_bot(sqlite_engine) as env:  # the default delay: 120 s
        chan = env.api.channel(-1005000, "财经频道")
        r = await env.say(chan, None, "/help")
        assert env.api.messages(-1005000) == [r]
        await env.sync()  # the handler has finished (and scheduled both deletions)
        await env.app.post_stop(env.app)  # type: ignore[misc]  (what `finews-bot run` calls)
        assert env.api.messages(-1005000) == []
        assert len(env.api.calls("deleteMessage")) == 2  # the command post and the reply


async def test_group_replies_threaded_stats_silent_greeting(engine):
    async with running_bot(engine) as env:
        grp = env.api.group(-7000, "投资群")
        env.api.my_chat_member(grp, ADMIN, "left", "member")
        hello = await env.api.wait_message(-7000)
        assert "大家好" in hello.text and "/sub 600519" in hello.text
        msg = env.api.send_text(grp, MEMBER, "/help")
        r = await env.api.wait_message(-7000, 2)
        assert _params(r).get("message_id") == msg["message_id"]
        await env.silent(grp, MEMBER, "/stats")  # not the operator: no answer in a group
        pm = env.api.private_chat(MEMBER["id"])
        r = await env.say(pm, MEMBER, "/stats")
        assert "只对机器人运营者开放" in r.text and not _params(r)  # private: no threading
        assert f"你的用户 ID：{MEMBER['id']}" in r.text  # what goes into [telegram] admins
        r = await env.say(grp, env.api.user(OPERATOR), "/stats")
        assert "运行状态" in r.text


async def test_channel_added_tells_the_adder_privately(engine):
    async with running_bot(engine) as env:
        chan = env.api.channel(-1005100, "新频道", username="newchan")
        env.api.private_chat(OWNER["id"])
        env.api.my_chat_member(chan, OWNER, "left", "administrator")
        r = await env.api.wait_message(OWNER["id"])
        assert "新频道" in r.text and "<code>/sub @newchan 600519</code>" in r.text, r.text
        await env.sync()
        assert env.api.messages(-1005100) == []  # nothing posted to the subscribers


async def test_a_private_channels_welcome_names_it_by_its_id(engine):
    """The admin who added the bot read `/sub @频道用户名 600519`: a placeholder, though the
    bot knew the channel, and for a private channel, which has no username, no command
    they could send at all (nothing told them the id the bot takes instead). The welcome
    now writes the commands for this channel: its @name, or its id."""
    async with running_bot(engine) as env:
        chan = env.api.channel(-1001234567890, "内部频道")
        env.api.set_member(-1001234567890, OWNER["id"], "creator")
        env.api.set_member(-1001234567890, env.api.bot_id, "administrator")
        pm = env.api.private_chat(OWNER["id"])
        env.api.my_chat_member(chan, OWNER, "left", "administrator")
        r = await env.api.wait_message(OWNER["id"])
        assert "<code>/sub -1001234567890 600519</code>" in r.text, r.text
        assert "<code>/list -1001234567890</code>" in r.text and "频道用户名" not in r.text
        r = await env.say(pm, OWNER, "/sub -1001234567890 600519")  # as the welcome says
        assert r.text.startswith("频道 内部频道：已订阅"), r.text
        assert env.subs(-1001234567890) == [(0, "ticker", "600519.SH")]


async def test_latest_in_a_group_is_one_message(engine):
    seed_articles(engine, 7)
    async with running_bot(engine) as env:
        grp = env.api.group(-7100, "群")
        r = await env.say(grp, MEMBER, "/latest 600519")
        await env.sync()
        assert len(env.api.messages(-7100)) == 1
        assert r.text.startswith("<b>最新 4 条</b>") and r.text.count("• ") == 4
        pm = env.api.private_chat(U["id"])
        msgs = await env.replies(pm, U, "/latest 600519", 4)
        assert len(msgs) == 4  # a private chat gets the pushes themselves


async def test_latest_in_a_group_shows_every_article_it_counts(engine):
    """With `[summary] max_chars` raised, five items outgrow one message: the group still
    gets all five (the newest last), not the oldest ones under a header saying five."""
    from datetime import UTC, datetime, timedelta

    from bot.article import Article, Summary
    from bot.storage.articles import save_article
    from bot.storage.db import session_scope

    base = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    with session_scope(engine) as s:
        for i in range(5):
            a = Article(
                id=f"NW20261126L{i}",
                title=f"贵州茅台长文第{i}条",
                published_at=base + timedelta(minutes=i),
                category="meirijingjixinwen",
                category_name="每日经济新闻",
                url=f"https://finance.eastmoney.com/a/20261126L{i}.html",
                paragraphs=("贵州茅台（600519）公告。",),
                tickers=("600519.SH",),
                stock_names={"600519.SH": "贵州茅台"},
            )
            save_article(s, a, Summary(f"第{i}条摘要：" + "营收稳步增长。" * 140), source="test")
    async with running_bot(engine) as env:
        grp = env.api.group(-7200, "群")
        env.api.send_text(grp, MEMBER, "/latest 600519")
        await env.sync()
        texts = env.api.texts(-7200)
        assert all(len(x) <= 4096 for x in texts)
        shown = "\n".join(texts)
        assert shown.count("• ") == 5, [x[:40] for x in texts]
        assert shown.index("长文第0条") < shown.index("长文第4条")  # the newest last


async def test_latest_in_a_group_says_how_often_a_story_was_told(engine):
    """A private chat's /latest says 另有N家媒体报道 under a story told by several outlets;
    the group's compact /latest says it too (in the chat's language)."""
    from bot.pipeline import process
    from bot.storage.db import session_scope
    from tests.stories.helpers import flash

    told = [
        flash("a", "南向资金净流入超20亿港元", "数据显示，截至目前，南向资金净流入超20亿港元。"),
        flash("b", "南向资金净流入超30亿港元", "数据显示，南向资金净流入超30亿港元。", minutes=12),
        flash("c", "南向资金净流入超30亿港元", "截至目前，南向资金净流入超30亿港元。", minutes=13),
    ]
    for art in told:
        with session_scope(engine) as s:
            process(s, art, source="test", push=False)
    async with running_bot(engine) as env:
        pm = env.api.private_chat(U["id"])
        await env.say(pm, U, "/sub kw:南向资金")
        r = await env.say(pm, U, "/latest")
        assert "另有2家媒体报道" in r.text
        grp = env.api.group(-7300, "群")
        env.api.set_member(-7300, ADMIN["id"], "administrator")
        await env.say(grp, ADMIN, "/sub kw:南向资金")
        r = await env.say(grp, MEMBER, "/latest")
        assert r.text.count("• ") == 1 and "另有2家媒体报道" in r.text, r.text
        await env.say(grp, ADMIN, "/lang en")
        r = await env.say(grp, MEMBER, "/latest")
        assert "2 more reports" in r.text, r.text


async def test_forum_topic_pause_and_settings(engine):
    async with running_bot(engine) as env:
        forum = env.api.supergroup(-1004000, "论坛群", forum=True)
        env.api.set_member(-1004000, ADMIN["id"], "administrator")
        await env.say(forum, ADMIN, "/sub kw:新能源 kw:锂电", thread_id=42)
        await env.say(forum, ADMIN, "/sub 600519")
        r = await env.say(forum, MEMBER, "/settings", thread_id=42)
        assert "订阅：本话题 2 个，全群共 3 个" in r.text and "包括所有话题" in r.text
        r = await env.say(forum, MEMBER, "/pause", thread_id=42)
        assert r.text == "只有群管理员可以修改本群的设置。"
        r = await env.say(forum, MEMBER, "/quiet", thread_id=42)  # looking is for everyone
        assert r.text.startswith("当前免打扰：未设置")
        r = await env.say(forum, MEMBER, "/quiet 23-7", thread_id=42)
        assert (
            r.text == "只有群管理员可以修改本群的设置。" and env.chat(-1004000).quiet_start is None
        )
        r = await env.say(forum, ADMIN, "/pause", thread_id=42)
        assert "本群所有话题都已暂停" in r.text and env.chat(-1004000).paused is True
        assert r.thread_id == 42


async def test_input_forms(engine):
    async with running_bot(engine) as env:
        pm = env.api.private_chat(U["id"])
        r = await env.say(pm, U, "/timezone UTC+5:30")
        assert env.chat(401).timezone == "Asia/Kolkata" and "孟买时间（Asia/Kolkata）" in r.text
        r = await env.say(pm, U, "/timezone UTC+8")
        assert "UTC+8" in r.text and "Etc/GMT" not in r.text
        r = await env.say(pm, U, "/quiet 23-7")
        chat = env.chat(401)
        assert (chat.quiet_start, chat.quiet_end) == ("23:00", "07:00"), r.text
        r = await env.say(pm, U, "/quiet")
        assert r.text.startswith("当前免打扰：23:00-07:00（UTC+8）")
        r = await env.say(pm, U, "/digest")
        assert r.text.startswith("当前汇总：关闭，新闻即时推送")
        await env.say(pm, U, "/digest daily 7:30")
        r = await env.say(pm, U, "/digest")
        assert r.text.startswith("当前汇总：每天 07:30 汇总")
        r = await env.say(pm, U, "/unsub -kw:传闻")
        assert "没有订阅" in r.text
        await env.say(pm, U, "/sub -kw:传闻")
        r = await env.say(pm, U, "/unsub -kw:传闻")
        assert r.text.startswith("已不再排除 传闻")


async def test_deep_link_and_private_text(engine):
    seed_articles(engine, 3)
    async with running_bot(engine) as env:
        pm = env.api.private_chat(U["id"])
        r = await env.say(pm, U, "/start sub_600519-meirijingjixinwen")
        assert r.text.startswith("已订阅 贵州茅台 600519.SH、每日经济新闻"), r.text
        assert env.subs(401) == [(0, "category", "meirijingjixinwen"), (0, "ticker", "600519.SH")]
        r = await env.say(pm, U, "/start")
        assert "你好" in r.text

        r = await env.say(pm, U, "贵州茅台")
        assert "贵州茅台 600519.SH" in r.text
        assert [b["text"] for b in r.buttons] == ["➕ 订阅", "📰 最新"]
        before = len(env.api.messages(401))
        await env.press(U, r, "最新")
        await env.api.wait_message(401, before + 2)  # the two Moutai articles
        assert "贵州茅台第" in env.api.messages(401)[before].text
        r = await env.say(pm, U, "每日经济新闻")
        assert "每日经济新闻" in r.text and len(r.buttons) == 2
        r = await env.say(pm, U, "hello")
        assert "/help" in r.text and not r.buttons  # not read as the US ticker HELLO


async def test_sources_toggle_and_latest_suggestions(engine):
    async with running_bot(engine) as env:
        pm = env.api.private_chat(U["id"])
        r = await env.say(pm, U, "/sources 每日")
        answer = await env.press(U, r, "每日经济新闻")
        assert answer["text"] == "已订阅 每日经济新闻"
        msg = env.api.messages(401)[-1]
        await env.api.until(lambda: msg.button("每日经济新闻")["text"] == "✅ 每日经济新闻")
        answer = await env.press(U, msg, "✅ 每日经济新闻")
        assert answer["text"] == "已取消订阅 每日经济新闻" and env.subs(401) == []
        await env.api.until(lambda: msg.button("每日经济新闻")["text"] == "每日经济新闻")

        r = await env.say(pm, U, "/latest 茅台酒")
        assert "点一下查看最新新闻" in r.text
        button = r.button("茅台酒")
        assert button["callback_data"].startswith("lt|")
        before = len(env.api.messages(401))
        await env.press(U, r, "茅台酒")
        reply = await env.api.wait_message(401, before + 1)
        assert reply.text == "暂时没有匹配的新闻。" and env.subs(401) == []


async def test_list_is_paged(engine):
    async with running_bot(engine) as env:
        pm = env.api.private_chat(U["id"])
        words = " ".join(f"kw:词{i:02d}" for i in range(20))
        await env.say(pm, U, "/sub " + words)
        await env.say(pm, U, "/sub " + " ".join(f"kw:语{i}" for i in range(5)))
        r = await env.say(pm, U, "/list")
        assert "（25 个" in r.text and r.text.count("\n") == 10
        removes = [b for b in r.buttons if b["text"].startswith("❌")]
        assert len(removes) == 10 and r.button("1/3")
        await env.press(U, r, "下一页")
        page2 = env.api.messages(401)[-1]
        await env.api.until(lambda: "11. " in page2.text)
        assert page2.button("2/3") and page2.button("上一页")
        answer = await env.press(U, page2, page2.buttons[0]["text"])
        assert answer["text"].startswith("已删除")
        await env.api.until(lambda: "（24 个" in page2.text)
        assert page2.button("2/3")  # stays on the page it was pressed on


async def test_settings_menu_buttons(engine):
    async with running_bot(engine) as env:
        grp = env.api.group(-7200, "群")
        env.api.set_member(-7200, ADMIN["id"], "administrator")
        r = await env.say(grp, MEMBER, "/settings")
        answer = await env.press(MEMBER, r, "暂停推送")
        assert answer.get("show_alert") is True and env.chat(-7200).paused is False
        answer = await env.press(ADMIN, r, "暂停推送")
        assert answer["text"] == "已保存" and env.chat(-7200).paused is True
        await env.api.until(lambda: "推送：已暂停" in r.text)
        await env.press(ADMIN, r, "静音推送")
        assert env.chat(-7200).silent is True
        await env.api.until(lambda: "提醒：静音推送" in r.text)
        await env.press(ADMIN, r, "汇总")
        assert env.chat(-7200).digest_mode == "hourly"
        await env.press(ADMIN, r, "免打扰")
        assert (env.chat(-7200).quiet_start, env.chat(-7200).quiet_end) == ("23:00", "07:00")
        await env.press(ADMIN, r, "English")
        assert env.chat(-7200).lang == "en"
        await env.api.until(lambda: "This chat's settings" in r.text)
        await env.press(ADMIN, r, "Resume")
        assert env.chat(-7200).paused is False


async def test_a_stale_settings_button_does_what_it_says(engine):
    """Two /settings screens: a button of the older one, pressed after the newer changed the
    setting, does what its label says (汇总 → 每小时, English), not the step after the
    current state."""
    async with running_bot(engine) as env:
        grp = env.api.group(-7300, "群")
        env.api.set_member(-7300, ADMIN["id"], "administrator")
        old = await env.say(grp, ADMIN, "/settings")
        new = await env.say(grp, ADMIN, "/settings")
        await env.press(ADMIN, new, "汇总 → 每小时")
        assert env.chat(-7300).digest_mode == "hourly"
        await env.press(ADMIN, old, "汇总 → 每小时")
        assert env.chat(-7300).digest_mode == "hourly"
        await env.press(ADMIN, new, "English")
        assert env.chat(-7300).lang == "en"
        await env.press(ADMIN, old, "English")
        assert env.chat(-7300).lang == "en"


async def test_an_unknown_digest_mode_steps_the_same_on_every_button(engine):
    """A digest_mode the bot does not know (a newer version's, or set by hand) reads as
    off on /settings and its button offers 每小时, but a bare `set|digest` (screens sent
    before buttons named their target) set off: the screen's step and the press
    disagreed. Both step from off now, to hourly, and a bare press goes on from there."""
    from bot.subscriptions.chats import update_chat

    async with running_bot(engine) as env:
        grp = env.api.group(-7400, "群")
        env.api.set_member(-7400, ADMIN["id"], "administrator")
        await env.say(grp, ADMIN, "/settings")
        update_chat(env.engine, -7400, digest_mode="weekly")
        screen = await env.say(grp, ADMIN, "/settings")
        assert "汇总：关闭" in screen.text and screen.button("汇总 → 每小时")
        steps = []
        for _ in range(3):
            answer = await env.api.wait_answer(env.api.press(ADMIN, screen, "set|digest"))
            assert answer["text"] == "已保存"
            steps.append(env.chat(-7400).digest_mode)
        assert steps == ["hourly", "daily", "off"]


async def test_rate_limited_presses_still_get_a_toast(sqlite_engine):
    async with running_bot(sqlite_engine, commands_per_minute=2) as env:
        pm = env.api.private_chat(U["id"])
        r = await env.say(pm, U, "/sources")
        await env.say(pm, U, "/help")
        first = await env.press(U, r, "36氪")
        assert first.get("show_alert") is True and "秒后再试" in first["text"]
        second = await env.press(U, r, "36氪")
        assert "秒后再试" in second["text"] and not second.get("show_alert")
        assert env.subs(401) == []


async def test_forbidden_reply_is_logged_once_without_traceback(sqlite_engine, caplog):
    caplog.set_level(logging.INFO, logger="bot")
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(U["id"])
        env.api.fail(401, "blocked", times=1)
        env.api.send_text(pm, U, "/help")
        await env.sync()
        await asyncio.sleep(0.05)
    lines = [r for r in caplog.records if "could not answer" in r.getMessage()]
    assert lines and lines[0].exc_info is None
    assert "Forbidden: Forbidden" not in lines[0].getMessage()
    assert "Forbidden: bot was blocked by the user" in lines[0].getMessage()


async def test_a_newer_releases_setting_value_on_a_button_is_stale(engine):
    """`set|digest:weekly` (a newer release's mode, the bot gone back a version) stepped
    to the next mode, and `set|lang:ja` flipped the language: a change nobody pressed for.
    Such a value is answered 这个按钮已失效 and changes nothing, as an unknown setting is."""
    async with running_bot(engine) as env:
        grp = env.api.group(-7401, "群")
        env.api.set_member(-7401, ADMIN["id"], "administrator")
        screen = await env.say(grp, ADMIN, "/settings")
        for data in ("set|digest:weekly", "set|lang:ja"):
            answer = await env.api.wait_answer(env.api.press(ADMIN, screen, data))
            assert "按钮已失效" in answer["text"] and answer.get("show_alert"), data
        chat = env.chat(-7401)
        assert (chat.digest_mode, chat.lang) == ("off", "zh")
