"""One company, several listings: a post linking BABA.US reaches 09988.HK's subscribers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery.views import view_for
from bot.fanout.match import Sub
from bot.pipeline import process
from bot.stocks.directory import parse_tsv
from bot.stocks.listings import companies, ticker_roles
from bot.storage.db import session_scope
from bot.storage.models import Delivery
from bot.subscriptions.latest import latest_for_targets
from bot.subscriptions.targets import Target
from tests.fanout.helpers import add_chat, post


def test_listings_are_read_from_names_across_markets_only() -> None:
    d = parse_tsv(
        "BABA.US\t阿里巴巴\t\t阿里\n09988.HK\t阿里巴巴\t\t阿里\n"
        "09618.HK\t京东集团\t\t京东\nJD.US\t京东\t\t\n"
        "301192.SZ\t泰祥股份\t\t\n833874.BJ\t泰祥股份\t\t\n"  # one market: no pair
        "600000.SH\t浦发银行\t\t\n"
    )
    assert companies(d) == {
        "BABA.US": ("09988.HK",),
        "09988.HK": ("BABA.US",),
        "09618.HK": ("JD.US",),  # a short name that is the other listing's name
        "JD.US": ("09618.HK",),
    }


def test_a_listing_keeps_its_role_and_a_subject_wins() -> None:
    assert ticker_roles(["BABA.US"]) == {"BABA.US": False, "09988.HK": False}
    assert ticker_roles([], ["601318.SH"]) == {"601318.SH": True, "02318.HK": True}
    # a post about 中国平安's H share that mentions the A share: both are its subject
    assert ticker_roles(["02318.HK"], ["601318.SH"]) == {"601318.SH": False, "02318.HK": False}
    assert ticker_roles(["600000.SH"]) == {"600000.SH": False}  # no other listing


BABA_POST = post(
    "L1",
    "阿里巴巴发布季度业绩",
    "阿里巴巴四季度收入2040.52亿元，同比增长9%；平安等金融股走强。",
    tickers=("BABA.US",),
    mentions=("601318.SH",),
    stock_names={"BABA.US": "阿里巴巴"},
)


@pytest.mark.db
def test_a_post_reaches_the_subscribers_of_the_companys_other_listing(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "09988.HK")])  # the Hong Kong listing
    add_chat(engine, 2, [("ticker", "02318.HK")])  # a mention: not without `+`
    add_chat(engine, 3, [("ticker", "02318.HK+")])  # opted in to mentions
    add_chat(engine, 4, [("ticker", "00700.HK")])  # another company
    with session_scope(engine) as s:
        process(s, BABA_POST, source="test", push=True)
    with session_scope(engine) as s:
        chats = s.execute(sa.select(Delivery.chat_id).order_by(Delivery.chat_id)).scalars().all()
    assert list(chats) == [1, 3]
    view = view_for(BABA_POST, [Sub(1, 0, "ticker", "09988.HK")], chat_id=1, thread_id=0,
                    zone="Asia/Shanghai", lang="zh")  # fmt: skip
    assert view.matched == "阿里巴巴 #HK09988"  # 🔔 names the subscription that brought it
    found = latest_for_targets(engine, [Target("ticker", "09988.HK", "阿里巴巴 09988.HK")])
    assert [a.id for a in found] == ["L1"]  # /latest finds it the same way


@pytest.mark.db
def test_latest_finds_archived_posts_of_the_other_listing(engine: Engine) -> None:
    """Posts stored before listings were paired carry only the listing their links named."""
    from tests.fanout.helpers import add_article, article_row

    with session_scope(engine) as s:
        add_article(s, article_row("A1", tickers=("BABA.US",)))
        add_article(s, article_row("A2", mentions=("BABA.US",), minutes=1))
    hk = Target("ticker", "09988.HK", "阿里巴巴 09988.HK")
    assert [r.id for r in latest_for_targets(engine, [hk])] == ["A1"]
    plus = Target("ticker", "09988.HK", "阿里巴巴 09988.HK（含提及）", mentions=True)
    assert [r.id for r in latest_for_targets(engine, [plus])] == ["A2", "A1"]
