"""Stock names, mentions and keywords through the real PTB client on a fresh database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.article import Article
from bot.pipeline import process
from bot.storage.db import session_scope
from bot.storage.models import Delivery, Subscription
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db

ALICE = {"id": 101, "is_bot": False, "first_name": "Alice", "username": "alice"}


def _article(aid: str, title: str, text: str, **kw: object) -> Article:
    return Article(
        id=aid,
        title=title,
        published_at=datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
        category="emnews",
        category_name="东财滚动新闻",
        paragraphs=(text,),
        **kw,  # type: ignore[arg-type]
    )


def _push(engine, *articles: Article) -> None:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        for a in articles:
            process(s, a, source="test", push=True)


def _delivered(engine, chat_id: int) -> set[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        rows = s.exec(select(Delivery).where(Delivery.chat_id == chat_id))
        return {d.article_id for d in rows}


async def test_name_forms_resolve_before_any_post(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub 贵州茅台")
        assert r.text == "已订阅 贵州茅台 600519.SH"
        for form in ("茅台", "gzmt", "GZMT"):
            r = await env.say(chat, ALICE, f"/sub {form}")
            assert r.text == "已经订阅过：贵州茅台 600519.SH", form
        r = await env.say(chat, ALICE, "/sub 腾讯")
        assert r.text == "已订阅 腾讯控股 00700.HK"
        r = await env.say(chat, ALICE, "/sub 中国平安")
        assert "「中国平安」有多个可能" in r.text
        assert [b["text"] for b in r.buttons] == ["中国平安 601318.SH", "中国平安 02318.HK"]
        await env.press(ALICE, r, "02318.HK")
        assert env.subs(101) == [(0, "ticker", t) for t in ("00700.HK", "02318.HK", "600519.SH")]
        r = await env.say(chat, ALICE, "/list")
        for shown in ("贵州茅台 600519.SH", "腾讯控股 00700.HK", "中国平安 02318.HK"):
            assert shown in r.text


async def test_mentions_opt_in(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub 600519")
        r = await env.say(chat, ALICE, "/sub BABA+")
        assert r.text == "已订阅 阿里巴巴 BABA.US（含提及）"
        with Session(engine) as s:
            flags = {x.value: x.mentions for x in s.exec(select(Subscription))}
        assert flags == {"600519.SH": False, "BABA.US": True}
        r = await env.say(chat, ALICE, "/list")
        assert "阿里巴巴 BABA.US（含提及）" in r.text
        about = _article("S1", "贵州茅台三季度营收增长", "茅台公告。", tickers=("600519.SH",))
        passing = _article(
            "S2", "白酒板块走强", "五粮液、贵州茅台、阿里巴巴等涨。",
            mentions=("600519.SH", "BABA.US"),
        )  # fmt: skip
        _push(engine, about, passing)
        # 600519 (subjects only) gets S1; BABA+ also gets the post that only mentions it
        assert _delivered(engine, 101) == {"S1", "S2"}
        r = await env.say(chat, ALICE, "/sub 600519 BABA")  # BABA without + : back out
        assert "已订阅 阿里巴巴 BABA.US" in r.text
        _push(engine, _article("S3", "消费股", "贵州茅台、阿里巴巴等。", mentions=("BABA.US",)))
        assert "S3" not in _delivered(engine, 101)


async def test_keywords_match_words(engine):
    async with running_bot(engine) as env:
        chat = env.api.private_chat(101)
        r = await env.say(chat, ALICE, "/sub kw:AI")
        assert r.text == "已订阅 关键词 AI"
        _push(
            engine,
            _article("K1", "Daily market notes", "pedaily daily digest"),
            _article("K2", "OpenAI's AI push", "OpenAI's AI models"),
            _article("K3", "国产AI芯片出货", "AI芯片需求大增"),
        )
        assert _delivered(engine, 101) == {"K2", "K3"}
        msgs = await env.replies(chat, ALICE, "/latest kw:AI", 2)
        assert not any("Daily" in m.text for m in msgs)

        r = await env.say(chat, ALICE, "/sub kw:a")
        assert "只有一个字" in r.text and len(env.subs(101)) == 1
        r = await env.say(chat, ALICE, "/sub kw:新 能源")
        assert "中间有空格" in r.text and len(env.subs(101)) == 1
        await env.press(ALICE, r, "新能源")
        assert (0, "keyword", "新能源") in env.subs(101)
        r = await env.say(chat, ALICE, "/sub -kw:能源")
        assert "含关键词「新能源」的新闻都含有排除词「能源」" in r.text
        r = await env.say(chat, ALICE, "/sub dongfangcaifuchoiceshuju")
        assert r.text == "已订阅 东方财富Choice数据"
