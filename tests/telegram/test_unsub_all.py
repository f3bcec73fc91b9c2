"""`/unsub all`: asked first, removed on the button, the operator's routes kept (SQLite and
PostgreSQL, the real PTB client against the fake Bot API)."""

from __future__ import annotations

import pytest

from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

ALICE = {"id": 101, "is_bot": False, "first_name": "Alice"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}
MEMBER = {"id": 202, "is_bot": False, "first_name": "Member"}


async def test_unsub_all_asks_then_removes_everything(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        await env.say(chat, ALICE, "/sub 600519 kw:新能源 每日经济新闻 -kw:传闻")
        assert len(env.subs(101)) == 4
        ask = await env.say(chat, ALICE, "/unsub 全部")
        assert "全部 4 个订阅" in ask.text and len(env.subs(101)) == 4  # nothing yet
        await env.press(ALICE, ask, "保留")
        await env.api.until(lambda: "保留着" in env.api.last(101).text)
        assert len(env.subs(101)) == 4
        ask = await env.say(chat, ALICE, "/unsub ALL")
        await env.press(ALICE, ask, "全部取消")
        await env.api.until(lambda: "已取消全部 4 个订阅" in env.api.last(101).text)
        assert env.subs(101) == [] and env.api.last(101).buttons == []
        r = await env.say(chat, ALICE, "/unsub all")
        assert r.text == "这里没有可以取消的订阅。" and r.buttons == []


async def test_all_means_the_stock_all_when_the_chat_holds_it(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        await env.say(chat, ALICE, "/sub ALL.US 600519")
        r = await env.say(chat, ALICE, "/unsub all")
        assert r.text.startswith("已取消订阅") and env.subs(101) == [(0, "ticker", "600519.SH")]


async def test_in_a_group_only_admins_remove_all_and_routes_stay(engine):
    routes = [{"chat": "@routed", "tickers": ["600519"]}]

    def setup(api):
        api.channel(-1006000, "路由频道", username="routed")
        api.set_member(-1006000, ADMIN["id"], "administrator")

    async with running_bot(engine, setup, channels=routes) as env:
        grp = env.api.group(-2000, "投资交流群")
        env.api.set_member(-2000, ADMIN["id"], "administrator")
        env.api.set_member(-2000, MEMBER["id"], "member")
        await env.say(grp, ADMIN, "/sub 600519 kw:白酒")
        r = await env.say(grp, MEMBER, "/unsub all")
        assert "只有群管理员" in r.text
        ask = await env.say(grp, ADMIN, "/unsub all")
        answer = await env.press(MEMBER, ask, "全部取消")
        assert "管理员" in answer["text"] and len(env.subs(-2000)) == 2
        await env.press(ADMIN, ask, "全部取消")
        await env.api.until(lambda: "已取消全部 2 个" in env.api.last(-2000).text)
        assert env.subs(-2000) == []
        # a channel's config route stays: the operator's, not the admin's to remove
        chan = env.api.chats[-1006000]
        await env.say(chan, None, "/sub kw:锂电")
        ask = await env.say(chan, None, "/unsub all")
        assert "全部 1 个订阅" in ask.text


async def test_an_old_unsub_all_question_asks_again_when_the_chat_changed(engine):
    """`/unsub all` asked 确定要取消这里的全部 2 个订阅吗; pressed later, after the chat had
    subscribed to more, its 全部取消 removed those too, which the question never named. The
    button carries the count it asked about: when the chat's subscriptions are no longer
    that many, the question is asked again with the count of now, and nothing is removed."""
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        await env.say(chat, ALICE, "/sub 600519 kw:新能源")
        ask = await env.say(chat, ALICE, "/unsub all")
        assert "全部 2 个订阅" in ask.text
        await env.say(chat, ALICE, "/sub 00700")
        answer = await env.press(ALICE, ask, "全部取消")
        assert "再确认" in answer.get("text", ""), answer
        await env.api.until(lambda: "全部 3 个订阅" in ask.text)
        assert len(env.subs(101)) == 3
        await env.press(ALICE, ask, "全部取消")  # the question of now: done
        await env.api.until(lambda: "已取消全部 3 个订阅" in ask.text)
        assert env.subs(101) == []
