"""Inline buttons as people press them: twice in a row, on a message Telegram no longer lets
the bot edit (older than 48 hours) (the real PTB client against the fake Bot API)."""

from __future__ import annotations

import time

from sqlalchemy.engine import Engine

from tests.fakes.botapi import SentMessage
from tests.telegram.harness import BotEnv, running_bot

U = {"id": 401, "is_bot": False, "first_name": "U"}


def _age(msg: SentMessage, hours: float = 49) -> None:
    """The message was sent `hours` ago (the fake refuses edits past 48 hours)."""
    msg.date = int(time.time() - hours * 3600)


async def _press(env: BotEnv, msg: SentMessage, label: str) -> dict:
    return await env.api.wait_answer(env.api.press(U, msg, msg.button(label)["callback_data"]))


async def test_unsub_all_pressed_twice_does_not_say_nothing_was_removed(
    sqlite_engine: Engine,
) -> None:
    """全部取消 tapped twice (a double tap, or a slow spinner): the second press found 0 of
    the 2 it asked about and answered 订阅在这之后有变化，没有取消任何订阅 over the message that
    said 已取消全部 2 个订阅, though the first press had removed them."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/sub 600519 kw:新能源")
        ask = await env.say(pm, U, "/unsub all")
        data = ask.button("全部取消")["callback_data"]
        first, second = env.api.press(U, ask, data), env.api.press(U, ask, data)
        await env.api.wait_answer(first)
        answer = await env.api.wait_answer(second)
        await env.sync()
        assert env.subs(401) == []
        assert "没有取消任何订阅" not in answer.get("text", ""), answer
        assert ask.text == "已取消全部 2 个订阅。", ask.text


async def test_buttons_on_a_message_too_old_to_edit_answer_with_a_new_one(
    sqlite_engine: Engine,
) -> None:
    """Telegram refuses to edit a message older than 48 hours ("message can't be edited").
    A page turn of /sources or /list, a ❌ of /list, a /settings toggle and 全部取消 then
    did their work (or nothing) and showed nothing: the refusal went to the error handler
    (an ERROR with a traceback), the page never turned and the list never lost the line.
    The screen comes as a new message instead."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/sub 600519 kw:新能源")
        sources = await env.say(pm, U, "/sources")
        _age(sources)
        before = len(env.api.messages(401))
        await _press(env, sources, "下一页")
        page2 = await env.api.wait_message(401, before + 1)
        assert "第 2/" in page2.text and page2.buttons, page2.text

        listing = await env.say(pm, U, "/list")
        _age(listing)
        answer = await _press(env, listing, "新能源")
        assert answer["text"].startswith("已删除") and len(env.subs(401)) == 1
        fresh = await env.api.wait_message(401, before + 3)
        assert "1 个" in fresh.text and "新能源" not in fresh.text, fresh.text

        screen = await env.say(pm, U, "/settings")
        _age(screen)
        await _press(env, screen, "暂停")
        fresh = await env.api.wait_message(401, before + 5)
        assert "已暂停" in fresh.text and env.chat(401).paused is True, fresh.text

        ask = await env.say(pm, U, "/unsub all")
        _age(ask)
        await _press(env, ask, "全部取消")
        fresh = await env.api.wait_message(401, before + 7)
        assert fresh.text == "已取消全部 1 个订阅。" and env.subs(401) == []


async def test_a_keyword_button_of_an_older_release_stores_the_word_without_marks(
    sqlite_engine: Engine,
) -> None:
    """Before `strip_marks`, `/sub “储能”。` offered the keyword with its marks as a button
    (`s|k||“储能”。`). Pressed now, it stored “储能”。, a keyword /sub no longer makes and
    no post contains; the button reads the word as /sub does now."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        old = await env.say(pm, U, "/help")  # stands in for the older release's reply
        for data in ("s|k||“储能”。", "s|x||《传闻》"):
            answer = await env.api.wait_answer(env.api.press(U, old, data))
            assert "已订阅" in answer["text"], answer
        assert env.subs(401) == [(0, "exclude", "传闻"), (0, "keyword", "储能")]


async def test_a_button_the_bot_does_not_know_says_so(sqlite_engine: Engine) -> None:
    """A button whose data this release does not read (a newer release's, after the operator
    went back a version; a setting it does not have) cleared its spinner and did nothing:
    the user could only tap again. It says the button is out of date and what to send."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        old = await env.say(pm, U, "/help")
        for data in ("zz|1|2", "set|weekly"):
            answer = await env.api.wait_answer(env.api.press(U, old, data))
            assert "按钮已失效" in answer.get("text", ""), answer
        assert env.chat(401).paused is False


async def test_a_screen_sent_anew_in_a_forum_topic_stays_in_that_topic(
    sqlite_engine: Engine,
) -> None:
    """A button on a message too old to edit gets its screen as a new message. Telegram
    may show such a message to the bot without its topic (an inaccessible message): a ❌
    of a topic's /list then sent the topic's list into General, a /settings toggle the
    screen too. The list goes to the topic its subscription was in; a screen whose topic
    cannot be told is not sent (the toast says what was done)."""
    admin = {"id": 202, "is_bot": False, "first_name": "Admin"}
    async with running_bot(sqlite_engine) as env:
        forum = env.api.supergroup(-1004100, "论坛群", forum=True)
        env.api.set_member(-1004100, admin["id"], "administrator")
        await env.say(forum, admin, "/sub 600519 kw:新能源 kw:锂电", thread_id=42)
        for inaccessible in (False, True):
            screen = await env.say(forum, admin, "/list", thread_id=42)
            _age(screen)
            before = len(env.api.messages(-1004100))
            data = screen.buttons[0]["callback_data"]
            answer = await env.api.wait_answer(
                env.api.press(admin, screen, data, inaccessible=inaccessible)
            )
            assert answer["text"].startswith("已删除"), answer
            fresh = await env.api.wait_message(-1004100, before + 1)
            assert fresh.thread_id == 42 and "本话题" in fresh.text, (inaccessible, fresh.text)
        screen = await env.say(forum, admin, "/settings", thread_id=42)
        _age(screen)
        before = len(env.api.messages(-1004100))
        data = screen.button("暂停")["callback_data"]
        answer = await env.api.wait_answer(env.api.press(admin, screen, data, inaccessible=True))
        assert answer["text"] == "已保存" and env.chat(-1004100).paused is True
        await env.sync()
        assert env.api.messages(-1004100)[before:] == [], "a screen landed in General"
