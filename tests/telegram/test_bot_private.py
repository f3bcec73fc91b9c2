"""Private chats, end to end: the real PTB client against the fake Bot API, on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest

from tests.fanout.helpers import add_chat
from tests.telegram.harness import running_bot, seed_articles, seed_stocks

pytestmark = pytest.mark.db

ALICE = {"id": 101, "is_bot": False, "first_name": "Alice", "username": "alice"}


async def test_start_examples_subscribe_with_one_tap(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        welcome = await env.say(chat, ALICE, "/start")
        assert "finews" in welcome.text and welcome.parse_mode == "HTML"
        assert len(welcome.buttons) == 3
        answer = await env.press(ALICE, welcome, "贵州茅台")
        assert "已订阅" in answer["text"] and "600519.SH" in answer["text"]
        assert env.subs(101) == [(0, "ticker", "600519.SH")]
        await env.api.until(lambda: env.api.last(101).button("贵州茅台")["text"].startswith("✅"))
        answer = await env.press(ALICE, env.api.last(101), "新能源")
        assert env.subs(101) == [(0, "keyword", "新能源"), (0, "ticker", "600519.SH")]
        # the commands menu was registered in Chinese (and English for English clients)
        menus = env.api.commands
        zh = next(v for k, v in menus.items() if k.endswith("|"))
        assert {"sub", "unsub", "list", "sources", "latest"} <= {c["command"] for c in zh}
        assert any(c["description"].startswith("订阅") for c in zh)
        assert any(k.endswith("|en") for k in menus)


async def test_subscribe_list_remove_unsubscribe(engine):
    seed_stocks(engine, {"600519.SH": "贵州茅台"})
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub 600519 kw:新能源 每日经济新闻 -kw:传闻")
        assert r.text.startswith("已订阅 ")
        assert "已排除 传闻" in r.text
        for part in ("贵州茅台 600519.SH", "关键词 新能源", "每日经济新闻"):
            assert part in r.text
        assert env.subs(101) == [
            (0, "category", "meirijingjixinwen"),
            (0, "exclude", "传闻"),
            (0, "keyword", "新能源"),
            (0, "ticker", "600519.SH"),
        ]
        r = await env.say(chat, ALICE, "/sub sh600519")
        assert "已经订阅过" in r.text and len(env.subs(101)) == 4  # idempotent
        await env.say(chat, ALICE, "/unsub -kw:传闻")

        listing = await env.say(chat, ALICE, "/list")
        assert "当前订阅" in listing.text and "3 个" in listing.text
        assert len(listing.buttons) == 3
        answer = await env.press(ALICE, listing, "新能源")
        assert answer["text"].startswith("已删除")
        assert env.subs(101) == [(0, "category", "meirijingjixinwen"), (0, "ticker", "600519.SH")]
        await env.api.until(lambda: len(env.api.messages(101)[-1].buttons) == 2)
        assert "新能源" not in env.api.messages(101)[-1].text  # the list was refreshed in place

        r = await env.say(chat, ALICE, "/unsub 每日经济新闻 贵州茅台")
        assert r.text.startswith("已取消订阅") and env.subs(101) == []
        r = await env.say(chat, ALICE, "/unsub 600519")
        assert "没有订阅" in r.text
        r = await env.say(chat, ALICE, "/list")
        assert "还没有任何订阅" in r.text and r.buttons == []


async def test_unsub_removes_an_index_stored_before_indices_were_refused(engine):
    add_chat(engine, 101, [("ticker", "399001.SZ")])  # what `/sub 399001` once stored
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub 399001")
        assert "是指数" in r.text
        r = await env.say(chat, ALICE, "/unsub 399001")
        assert r.text.startswith("已取消订阅") and env.subs(101) == []


async def test_latest_renders_like_pushes(engine):
    arts = seed_articles(engine, 7)
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/latest")
        assert "还没有订阅" in r.text
        await env.say(chat, ALICE, "/sub 贵州茅台")  # learned from the stored posts
        assert env.subs(101) == [(0, "ticker", "600519.SH")]
        msgs = await env.replies(chat, ALICE, "/latest", 4)
        moutai = [a for a in arts if "600519.SH" in a.tickers]
        assert len(msgs) == len(moutai) == 4
        # oldest first, newest last; each one is the push rendering (HTML checked by the fake)
        assert [a.title in m.text for a, m in zip(moutai, msgs, strict=True)] == [True] * 4
        assert all(m.parse_mode == "HTML" and "阅读原文" not in m.text for m in msgs)
        assert all(m.button("阅读原文")["url"] == a.url for a, m in zip(moutai, msgs, strict=True))
        await env.say(chat, ALICE, "/lang en")  # an English chat's button is English too
        msgs = await env.replies(chat, ALICE, "/latest", 4)
        assert all(
            m.button("Read original")["url"] == a.url for a, m in zip(moutai, msgs, strict=True)
        )
        await env.say(chat, ALICE, "/lang zh")
        msgs = await env.replies(chat, ALICE, "/latest kw:新能源", 3)
        assert all("新能源车销量" in m.text for m in msgs)
        assert "&amp;" in msgs[0].text  # the title's & was escaped, Telegram accepted it
        r = await env.say(chat, ALICE, "/latest kw:没有这种新闻")
        assert "暂时没有匹配的新闻" in r.text


async def test_unknown_and_ambiguous_targets_offer_buttons(engine):
    seed_stocks(engine, {"600519.SH": "贵州茅台", "BABA.US": "阿里巴巴", "09988.HK": "阿里巴巴"})
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub 贵州茅")
        assert "没找到「贵州茅」" in r.text and "点一下即可订阅" in r.text
        assert env.subs(101) == []
        await env.press(ALICE, r, "600519.SH")
        assert env.subs(101) == [(0, "ticker", "600519.SH")]
        r = await env.say(chat, ALICE, "/sub 阿里巴巴 kw:电商")
        assert "已订阅 关键词 电商" in r.text and "「阿里巴巴」有多个可能" in r.text
        assert [b["text"] for b in r.buttons] == ["阿里巴巴 09988.HK", "阿里巴巴 BABA.US"]
        await env.press(ALICE, r, "BABA.US")
        assert (0, "ticker", "BABA.US") in env.subs(101)


async def test_sources_pages_and_subscribe_tap(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sources")
        assert "新闻来源" in r.text and "第 1/" in r.text
        first_page = [b["text"] for b in r.buttons]
        await env.press(ALICE, r, "下一页")
        await env.api.until(lambda: "第 2/" in env.api.last(101).text)
        page2 = env.api.last(101)
        assert page2.message_id == r.message_id  # edited in place
        assert [b["text"] for b in page2.buttons] != first_page
        target = page2.buttons[0]
        answer = await env.press(ALICE, page2, target["text"])
        assert answer["text"].startswith("已订阅")
        slug = target["callback_data"].split("|")[-1]
        assert env.subs(101) == [(0, "category", slug)]
        r = await env.say(chat, ALICE, "/sources 证券")
        assert "「证券」" in r.text
        names = [b["text"] for b in r.buttons if b["callback_data"].startswith("s|")]
        assert names and all("证券" in n for n in names)
        r = await env.say(chat, ALICE, "/sources 不存在的来源")
        assert "没有找到包含「不存在的来源」的来源" in r.text


async def test_a_keyword_too_long_for_a_button_is_offered_as_a_command(engine):
    """A Chinese word of 20-30 characters is a valid keyword, but its button data would pass
    Telegram's 64 bytes: the reply said 点一下即可订阅 over no button at all. It now says what
    to send instead, and asks to tap only when there is something to tap."""
    long_word = "人工智能芯片产业链上下游投资机会全面梳理"  # 20 characters, 60 bytes
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        for command, tap in (("/sub", "点一下即可订阅"), ("/latest", "点一下查看最新新闻")):
            r = await env.say(chat, ALICE, f"{command} {long_word}")
            assert r.buttons == [] and tap not in r.text, r.text
            assert f"<code>{command} kw:{long_word}</code>" in r.text, r.text
        r = await env.say(chat, ALICE, f"/sub kw:{long_word}")  # what the reply said works
        assert r.text.startswith("已订阅") and env.subs(101) == [(0, "keyword", long_word)]
        # a channel's button also carries its id: shorter words already do not fit
        env.api.channel(-1001234567890, "财经频道", username="finchan")
        env.api.set_member(-1001234567890, ALICE["id"], "creator")
        env.api.set_member(-1001234567890, env.api.bot_id, "administrator")
        word = "新能源汽车产业链上下游投资新机会"  # 16 characters
        r = await env.say(chat, ALICE, f"/sub @finchan {word}")
        assert r.buttons == [] and f"<code>/sub @finchan kw:{word}</code>" in r.text
