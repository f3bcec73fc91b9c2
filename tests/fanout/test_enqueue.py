"""enqueue_deliveries on SQLite and PostgreSQL, compared with the pure rules."""

from __future__ import annotations

import random

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import select

from bot.fanout import enqueue_deliveries
from bot.fanout.match import ChatState, Sub, matching_chats
from bot.storage.db import session_scope
from bot.storage.models import Chat, Delivery, Subscription
from bot.subscriptions.latest import latest_for_targets
from bot.subscriptions.targets import Target
from tests.fanout.helpers import add_article, add_chat, article_row

pytestmark = pytest.mark.db


def _rows(engine: Engine) -> dict[tuple[int, int], str]:
    with session_scope(engine) as s:
        return {(d.chat_id, d.thread_id): d.status for d in s.exec(select(Delivery))}


def _store(engine: Engine, row, push: bool = True) -> int:  # type: ignore[no-untyped-def]
    with session_scope(engine) as s:
        add_article(s, row)
        return enqueue_deliveries(s, row.id) if push else 0


def test_each_kind_exclusion_paused_inactive_digest(engine: Engine) -> None:
    add_chat(engine, 1, [("category", "meirijingjixinwen")])
    add_chat(engine, 2, [("ticker", "09988.HK")])
    add_chat(engine, 3, [("keyword", "新能源")])
    add_chat(
        engine,
        4,
        [("category", "meirijingjixinwen"), ("ticker", "BABA.US"), ("keyword", "阿里巴巴")],
    )
    add_chat(engine, 5, [("ticker", "BABA.US"), ("exclude", "传闻")])
    add_chat(engine, 6, [("ticker", "BABA.US")], paused=True)
    add_chat(engine, 7, [("ticker", "BABA.US")], active=False, inactive_reason="blocked")
    add_chat(engine, 8, [("ticker", "BABA.US")], digest_mode="daily", digest_time="08:00")
    add_chat(engine, 9, [("ticker", "600519.SH"), ("keyword", "茅台"), ("category", "x")])
    add_chat(engine, 10, [("ticker", "BABA.US")], kind="supergroup", thread_id=42)
    add_chat(engine, 10, [("keyword", "新能源")], thread_id=0)
    row = article_row(
        "A1",
        paragraphs=("阿里巴巴新能源业务据传闻将分拆。",),
        tickers=("BABA.US", "09988.HK"),
    )
    n = _store(engine, row)
    expected = {
        (1, 0): "queued",
        (2, 0): "queued",
        (3, 0): "queued",
        (4, 0): "queued",
        (8, 0): "held",
        (10, 42): "queued",
        (10, 0): "queued",
    }
    assert _rows(engine) == expected
    assert n == len(expected)


def test_reenqueue_is_harmless(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US"), ("keyword", "阿里")])
    _store(engine, article_row("A1", tickers=("BABA.US",)))
    with session_scope(engine) as s:
        assert enqueue_deliveries(s, "A1") == 0
        assert enqueue_deliveries(s, "nope") == 0
    assert _rows(engine) == {(1, 0): "queued"}


def test_rolled_back_article_leaves_no_deliveries(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])
    with pytest.raises(RuntimeError), session_scope(engine) as s:
        row = article_row("A1", tickers=("BABA.US",))
        add_article(s, row)
        assert enqueue_deliveries(s, "A1") == 1
        raise RuntimeError("crash before commit")
    assert _rows(engine) == {}
    with session_scope(engine) as s:
        assert s.execute(sa.text("SELECT count(*) FROM articles")).scalar() == 0


def test_mentions_reach_only_opted_in_ticker_subscriptions(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")])  # subjects only
    add_chat(engine, 2, [("ticker", "BABA.US+")])  # `/sub BABA+`
    add_chat(engine, 3, [("ticker", "600519.SH")])
    add_chat(engine, 4, [("ticker", "600519.SH+")])
    row = article_row("M1", tickers=("600519.SH",), mentions=("BABA.US",))
    _store(engine, row)
    assert _rows(engine) == {(2, 0): "queued", (3, 0): "queued", (4, 0): "queued"}


def test_a_keyword_typed_without_a_space_reaches_the_spaced_post(engine: Engine) -> None:
    """`kw:iPhone16` against a post that writes `iPhone 16`: no delivery before, while
    `kw:iPhone 16` matched `iPhone16`. The enqueue SQL and the pure rules agree."""
    add_chat(engine, 1, [("keyword", "iphone16")])
    add_chat(engine, 2, [("keyword", "iphone 16")])
    add_chat(engine, 3, [("keyword", "iphone160")])
    text = ("苹果iPhone 16系列销量超预期",)
    _store(engine, article_row("K1", title="苹果发布新机", paragraphs=text))
    assert _rows(engine) == {(1, 0): "queued", (2, 0): "queued"}
    subs = [Sub(1, 0, "keyword", "iphone16"), Sub(2, 0, "keyword", "iphone 16")]
    subs.append(Sub(3, 0, "keyword", "iphone160"))
    expected = matching_chats(
        category="meirijingjixinwen",
        tickers=(),
        text="\n".join(["苹果发布新机", *text]),
        subscriptions=subs,
        chats={1: ChatState(), 2: ChatState(), 3: ChatState()},
    )
    assert expected == _rows(engine)


def test_random_subscriptions_agree_with_pure_rules(engine: Engine) -> None:
    rnd = random.Random(7)
    cats = ["meirijingjixinwen", "zhongguozhengquanbao", "xinhuashe"]
    ticks = ["BABA.US", "09988.HK", "600519.SH", "000001.SZ"]
    kws = ["阿里", "新能源", "茅台", "CLOUD", "传闻"]
    subs: list[Sub] = []
    chats: dict[int, ChatState] = {}
    with session_scope(engine) as s:
        for cid in range(1, 121):
            st = ChatState(
                active=rnd.random() > 0.1,
                paused=rnd.random() < 0.1,
                digest_mode=rnd.choice(["off", "off", "hourly"]),
            )
            chats[cid] = st
            s.add(
                Chat(
                    id=cid,
                    kind="private",
                    active=st.active,
                    paused=st.paused,
                    digest_mode=st.digest_mode,
                )
            )
        s.flush()
        seen = set()
        for _ in range(500):
            cid = rnd.randint(1, 120)
            th = rnd.choice([0, 0, 0, 3])
            kind = rnd.choice(["category", "ticker", "keyword", "exclude"])
            value = rnd.choice({"category": cats, "ticker": ticks}.get(kind, kws))
            if (cid, th, kind, value) in seen:
                continue
            seen.add((cid, th, kind, value))
            plus = kind == "ticker" and rnd.random() < 0.5
            subs.append(Sub(cid, th, kind, value, mentions=plus))
            s.add(Subscription(chat_id=cid, thread_id=th, kind=kind, value=value, mentions=plus))
    row = article_row(
        "A9",
        category="xinhuashe",
        tickers=("600519.SH",),
        mentions=("BABA.US", "000001.SZ"),
        paragraphs=("贵州茅台 cloud 业务，阿里巴巴、平安银行等也在布局",),
    )
    _store(engine, row)
    expected = matching_chats(
        category="xinhuashe",
        tickers=("600519.SH",),
        mentions=("BABA.US", "000001.SZ"),
        text="\n".join([row.title, *row.paragraphs]),
        subscriptions=subs,
        chats=chats,
    )
    assert expected  # the random fixture does exercise matches
    assert _rows(engine) == expected


def test_a_product_line_keyword_reaches_its_numbered_models(engine: Engine) -> None:
    """`kw:HBM` gets the post that writes only HBM4/HBM3E (the Micron results post,
    em202606253781873757), and `-kw:HBM` keeps it from a chat that excludes the line."""
    add_chat(engine, 1, [("keyword", "hbm")])
    add_chat(engine, 2, [("ticker", "MU.US"), ("exclude", "hbm")])
    add_chat(engine, 3, [("keyword", "ai")])  # MAIL2 is no AI
    row = article_row(
        "A1",
        paragraphs=("HBM4 12层产品的量产爬坡速度目前是HBM3E 12层版本的两倍。MAIL2",),
        tickers=("MU.US",),
    )
    _store(engine, row)
    assert _rows(engine) == {(1, 0): "queued"}


def test_a_hyphenated_keyword_reaches_the_post_that_writes_it_otherwise(engine: Engine) -> None:
    """`kw:GPT-5` against a post writing `GPT5`, and `kw:GPT5` against one writing `GPT-5`:
    nothing was delivered, and `-kw:GPT5` let the `GPT-5` post through. The enqueue SQL
    and the pure rules agree."""
    add_chat(engine, 1, [("keyword", "gpt-5")])
    add_chat(engine, 2, [("keyword", "gpt5")])
    add_chat(engine, 3, [("keyword", "gpt-50")])
    add_chat(engine, 4, [("keyword", "openai"), ("exclude", "gpt5")])
    subs = [Sub(1, 0, "keyword", "gpt-5"), Sub(2, 0, "keyword", "gpt5")]
    subs += [Sub(3, 0, "keyword", "gpt-50"), Sub(4, 0, "keyword", "openai")]
    subs.append(Sub(4, 0, "exclude", "gpt5"))
    chats = {i: ChatState() for i in range(1, 5)}
    posts = {"K1": "OpenAI称GPT5将免费开放。", "K2": "OpenAI公布GPT-5定价。"}
    for aid, text in posts.items():
        _store(engine, article_row(aid, title="OpenAI新模型", paragraphs=(text,)))
        expected = matching_chats(
            category="meirijingjixinwen",
            tickers=(),
            text="\n".join(["OpenAI新模型", text]),
            subscriptions=subs,
            chats=chats,
        )
        assert expected == {(1, 0): "queued", (2, 0): "queued"}
        with session_scope(engine) as s:
            got = s.exec(select(Delivery).where(Delivery.article_id == aid)).all()
            assert {(d.chat_id, d.thread_id): d.status for d in got} == expected


def test_an_outlets_credit_and_disclaimer_reach_no_keyword_subscriber(engine: Engine) -> None:
    """A 36氪 post closing with `本文首发自“36氪游戏”。` and a disclaimer went to every
    `kw:36氪` and `kw:投资建议` chat, and `-kw:36氪` silenced it for a chat that wanted the
    game; the news' own words still deliver and exclude."""
    add_chat(engine, 1, [("keyword", "36氪")])
    add_chat(engine, 2, [("keyword", "投资建议")])
    add_chat(engine, 3, [("keyword", "异环"), ("exclude", "36氪")])
    add_chat(engine, 4, [("keyword", "异环"), ("exclude", "幻塔")])
    add_chat(engine, 5, [("keyword", "首发")])
    paragraphs = (
        "想要持续保住首发优势，《异环》或许还得加快脚步。",
        "本文首发自“36氪游戏”。",
        "*免责声明：",
        "市场有风险，投资需谨慎。本文中的信息均不构成对任何人的投资建议。",
    )
    title = "36氪首发 | 《异环》能跳出《幻塔》的剧本吗？"
    _store(engine, article_row("B1", category="36ke", title=title, paragraphs=paragraphs))
    assert _rows(engine) == {(3, 0): "queued", (5, 0): "queued"}
    # /latest reads the post the same way
    assert latest_for_targets(engine, [Target("keyword", "36氪", "36氪")]) == []
    game = [Target("keyword", "异环", "异环")]
    assert [r.id for r in latest_for_targets(engine, game, excludes=["36氪"])] == ["B1"]
