"""The fake Bot API server, driven by the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import time

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter

from tests.fakes.botapi import FakeBotAPI, html_error
from tests.fakes.botapi_limits import SendLimits


@pytest.fixture
def api():
    with FakeBotAPI() as server:
        yield server


def make_bot(api: FakeBotAPI) -> Bot:
    return Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url)


# ---------------------------------------------------------------- pure limits


def test_limits_global_window():
    lim = SendLimits(global_per_second=3, private_per_second=100, group_per_minute=100)
    assert [lim.check_and_record(i, False, 0.0) for i in range(3)] == [None, None, None]
    assert lim.check_and_record(99, False, 0.5) == 1  # 4th within the same second
    assert lim.check_and_record(99, False, 1.0) is None  # window slid past t=0
    assert lim.refused == 1 and lim.accepted == 4


def test_limits_per_chat_one_per_second():
    lim = SendLimits(global_per_second=100)
    assert lim.check_and_record(1, False, 10.0) is None
    assert lim.check_and_record(1, False, 10.4) == 1
    assert lim.check_and_record(2, False, 10.4) is None  # other chat unaffected
    assert lim.check_and_record(1, False, 11.0) is None


def test_limits_group_twenty_per_minute_with_retry_after():
    lim = SendLimits(global_per_second=100)
    for i in range(20):
        assert lim.check_and_record(-5, True, float(i * 1.5)) is None
    # 21st at t=30: the first send (t=0) leaves the window at t=60 -> wait 30 s
    assert lim.check_and_record(-5, True, 30.0) == 30
    assert lim.check_and_record(-5, True, 60.0) is None


def test_limits_tolerance_absorbs_jitter():
    strict = SendLimits(global_per_second=2, private_per_second=100)
    loose = SendLimits(global_per_second=2, private_per_second=100, tolerance=0.01)
    for lim in (strict, loose):
        lim.check_and_record(1, False, 0.0)
        lim.check_and_record(2, False, 0.5)
    assert strict.check_and_record(3, False, 0.995) == 1
    assert loose.check_and_record(3, False, 0.995) is None


def test_limits_fractional_rate():
    lim = SendLimits(global_per_second=100, private_per_second=0.5)
    assert lim.check_and_record(1, False, 0.0) is None
    assert lim.check_and_record(1, False, 1.5) == 1  # one per 2 s
    assert lim.check_and_record(1, False, 2.0) is None


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("<b>贵州茅台</b> 600519.SH", True),
        ('<a href="https://x.cn/?a=1&amp;b=2">原文</a>', True),
        ("a &lt;b&gt; &amp; c", True),
        ("<script>alert(1)</script>", False),
        ("<b>unclosed", False),
        ("1 < 2", False),
        ("R&D", False),
        ("<b><i>x</b></i>", False),
    ],
)
def test_html_check(text, ok):
    assert (html_error(text) is None) is ok


# ---------------------------------------------------------------- through PTB


async def test_get_me_send_and_edit(api):
    async with make_bot(api) as bot:
        assert bot.username == api.bot_username
        kb = InlineKeyboardMarkup([[InlineKeyboardButton("删除", callback_data="rm:1")]])
        msg = await bot.send_message(
            -1001, "<b>你好</b>", parse_mode=ParseMode.HTML, reply_markup=kb
        )
        assert msg.chat_id == -1001 and msg.text == "<b>你好</b>"
        rec = api.last(-1001)
        assert rec.parse_mode == "HTML" and rec.button("删除")["callback_data"] == "rm:1"
        await bot.edit_message_text(
            "改了", chat_id=-1001, message_id=msg.message_id, reply_markup=kb
        )
        assert api.last(-1001).text == "改了" and api.last(-1001).edits
        assert api.last(-1001).buttons
        await bot.edit_message_reply_markup(chat_id=-1001, message_id=msg.message_id)
        assert api.last(-1001).reply_markup is None
        await bot.answer_callback_query("7", text="好")
        assert api.callback_answers[-1]["callback_query_id"] == "7"
        await bot.set_my_commands([("sub", "订阅")])
        assert [c.command for c in await bot.get_my_commands()] == ["sub"]
        assert await bot.do_api_request("someFutureMethod", {"x": 1}) is True
        assert api.unknown[-1][0] == "someFutureMethod"


async def test_get_updates_offsets_and_long_poll(api):
    user = api.user(5)
    chat = api.private_chat(5)
    async with make_bot(api) as bot:
        api.send_text(chat, user, "/sub@FinewsTestBot 600519")
        ups = await bot.get_updates(timeout=1)
        assert len(ups) == 1
        msg = ups[0].message
        assert msg.text.startswith("/sub@") and msg.entities[0].type == "bot_command"
        assert msg.entities[0].length == len("/sub@FinewsTestBot")
        # not confirmed yet -> served again; confirmed by offset -> gone
        assert len(await bot.get_updates(timeout=0)) == 1
        assert await bot.get_updates(offset=ups[0].update_id + 1, timeout=0) == ()
        assert api.pending_updates() == 0
        # long polling: an update arriving during the wait is returned at once
        started = time.monotonic()
        asyncio.get_running_loop().call_later(0.2, api.send_text, chat, user, "hi")
        ups = await bot.get_updates(offset=ups[0].update_id + 1, timeout=5)
        assert [u.message.text for u in ups] == ["hi"]
        assert time.monotonic() - started < 3


async def test_chat_member_statuses(api):
    api.channel(-100500, "频道", username="mychan")
    api.set_member(-100500, 7, "creator")
    api.set_member(-100500, api.bot_id, "administrator", can_post_messages=False)
    async with make_bot(api) as bot:
        assert (await bot.get_chat_member(-100500, 7)).status == "creator"
        bot_member = await bot.get_chat_member("@mychan", api.bot_id)
        assert bot_member.status == "administrator" and bot_member.can_post_messages is False
        assert (await bot.get_chat_member(-100500, 8)).status == "left"
        chat = await bot.get_chat("@mychan")
        assert chat.id == -100500 and chat.type == "channel"
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.get_chat("@nosuch")


async def test_faults_map_to_ptb_errors(api):
    api.fail(1, "blocked")
    api.fail(2, "not_found")
    api.fail(-3, "migrated", migrate_to=-1003)
    api.fail(4, "bad_html", times=1)
    api.fail(5, "server_error", times=1, status=502)
    api.fail(6, "retry_after", times=1, retry_after=3)
    async with make_bot(api) as bot:
        with pytest.raises(Forbidden, match=r"(?i)blocked"):
            await bot.send_message(1, "x")
        with pytest.raises(BadRequest, match=r"(?i)chat not found"):
            await bot.send_message(2, "x")
        with pytest.raises(ChatMigrated) as mig:
            await bot.send_message(-3, "x")
        assert mig.value.new_chat_id == -1003
        await bot.send_message(4, "plain is fine")  # bad_html only hits HTML sends
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(4, "<b>x</b>", parse_mode="HTML")
        await bot.send_message(4, "<b>x</b>", parse_mode="HTML")  # times=1 used up
        with pytest.raises(NetworkError):
            await bot.send_message(5, "x")
        await bot.send_message(5, "x")
        with pytest.raises(RetryAfter) as ra:
            await bot.send_message(6, "x")
        assert ra.value.retry_after in (3, __import__("datetime").timedelta(seconds=3))
        assert api.count_429 == 1
        with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
            await bot.send_message(7, "<script>", parse_mode="HTML")
        with pytest.raises(BadRequest, match=r"(?i)too long"):
            await bot.send_message(7, "字" * 4097)
        with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
            kb = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="长" * 30)]])
            await bot.send_message(7, "x", reply_markup=kb)


async def test_limits_answer_429_and_count(api):
    api.limits = SendLimits(global_per_second=100, private_per_second=1)
    async with make_bot(api) as bot:
        await bot.send_message(9, "one")
        with pytest.raises(RetryAfter):
            await bot.send_message(9, "two")
        await bot.send_message(10, "other chat")
    assert api.count_429 == 1 and len(api.messages(9)) == 1


async def test_concurrent_sends(api):
    async with make_bot(api) as bot:
        await asyncio.gather(*(bot.send_message(1000 + i, f"m{i}") for i in range(50)))
    assert len(api.sent) == 50
    assert len({m.message_id for m in api.sent}) == 50


async def test_delay_fault(api):
    api.fail(11, "delay", times=1, seconds=0.3)
    async with make_bot(api) as bot:
        t0 = time.monotonic()
        await bot.send_message(11, "slow")
        assert time.monotonic() - t0 >= 0.3


async def test_injected_update_kinds_parse_in_ptb(api):
    user = api.user(3, username="alice")
    chan = api.channel(-100777, "频道", username="news")
    grp = api.group(-55)
    forum = api.supergroup(-100888, "论坛", forum=True)
    async with make_bot(api) as bot:
        sent = await bot.send_message(
            3,
            "选择",
            reply_markup=InlineKeyboardMarkup(
                [[InlineKeyboardButton("下一页", callback_data="src:1")]]
            ),
        )
        api.channel_post(chan, "/sub 600519")
        api.press(user, api.last(3), "src:1")
        api.my_chat_member(chan, user, "left", "administrator")
        api.migrate(grp, -100555, user)
        api.send_text(forum, user, "/sub kw:新能源", thread_id=42)
        ups = await bot.get_updates(timeout=1)
    post, cb, mcm, mig_from_old, mig_in_new, topic = ups
    assert post.channel_post.text == "/sub 600519" and post.channel_post.sender_chat.id == -100777
    assert post.effective_user is None
    assert (
        cb.callback_query.data == "src:1"
        and cb.callback_query.message.message_id == sent.message_id
    )
    assert mcm.my_chat_member.new_chat_member.status == "administrator"
    assert mig_from_old.message.migrate_to_chat_id == -100555
    assert mig_in_new.message.migrate_from_chat_id == -55
    assert topic.message.message_thread_id == 42 and topic.message.is_topic_message
    assert topic.message.chat.is_forum
