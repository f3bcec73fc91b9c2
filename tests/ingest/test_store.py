"""pipeline.process + storage: stored once, updated in place, push in the same tx."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.article import Article
from bot.pipeline import Outcome, process
from bot.storage.articles import row_summary, row_to_article
from bot.storage.db import session_scope
from bot.storage.models import (
    ArticleRow,
    ArticleTicker,
    Chat,
    Delivery,
    Outlet,
    Stock,
    Subscription,
)

ART = Article(
    id="NW202205262393417736",
    title="中国制造“出海”，阿里2022财年海外市场消费者新增6400万",
    published_at=datetime(2022, 5, 26, 14, 4, 46, tzinfo=UTC),
    category="meirijingjixinwen",
    category_name="每日经济新闻",
    url="http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205262393417736",
    origin="每日经济新闻",
    paragraphs=(
        "四季度阿里收入为2040.52亿元人民币，同比增长9%。",
        "阿里云实现了13年来首次年度盈利。",
    ),
    tickers=("BABA.US", "09988.HK"),
    stock_names={"09988.HK": "阿里巴巴-W"},
)


def _count(engine: Engine, model: type) -> int:
    with Session(engine) as s:
        return s.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()


def _subscribe(engine: Engine, chat_id: int, kind: str, value: str) -> None:
    with session_scope(engine) as s:
        if s.get(Chat, chat_id) is None:
            s.add(Chat(id=chat_id, kind="private"))
            s.flush()
        s.add(Subscription(chat_id=chat_id, kind=kind, value=value))


def test_stored_once_with_outlet_stocks_and_tickers(engine: Engine) -> None:
    with session_scope(engine) as s:
        assert process(s, ART, source="feed", push=False) is Outcome.NEW
    with session_scope(engine) as s:
        assert process(s, ART, source="dir", push=False) is Outcome.SAME
    with Session(engine) as s:
        row = s.get(ArticleRow, ART.id)
        assert row is not None and row.source == "feed"
        assert row_to_article(row) == ART
        outlet = s.get(Outlet, "meirijingjixinwen")
        assert outlet is not None and (outlet.name, outlet.articles) == ("每日经济新闻", 1)
        stock = s.get(Stock, "09988.HK")
        assert stock is not None and stock.name == "阿里巴巴-W"
        tickers = set(s.exec(select(ArticleTicker.ticker)).all())
        assert tickers == {"BABA.US", "09988.HK"}
        summary = row_summary(row)
        assert summary.summary  # the summarizer's text, or the title until it exists


def test_an_undated_post_stays_undated_and_dated_digests_are_unchanged(engine: Engine) -> None:
    undated = dataclasses.replace(ART, id="NW1", dated=False)
    with session_scope(engine) as s:
        assert process(s, undated, source="feed", push=False) is Outcome.NEW
    with Session(engine) as s:
        row = s.get(ArticleRow, "NW1")
        assert row is not None and row_to_article(row) == undated
        assert row.dated is False
    # articles stored before the column existed keep their content digest: `dated` is in
    # the digested JSON only when False, so an upgrade does not read as an edit of each post
    assert "dated" not in ART.to_json() and undated.to_json()["dated"] is False


def test_changed_content_updates_without_push(engine: Engine) -> None:
    _subscribe(engine, 42, "category", "meirijingjixinwen")
    with session_scope(engine) as s:
        assert process(s, ART, source="feed", push=True) is Outcome.NEW
    assert _count(engine, Delivery) == 1
    edited = dataclasses.replace(
        ART, title=ART.title + "（更新）", tickers=("600000.SH",), stock_names={}
    )
    with session_scope(engine) as s:
        assert process(s, edited, source="feed", push=True) is Outcome.UPDATED
    with session_scope(engine) as s:
        assert process(s, edited, source="feed", push=True) is Outcome.SAME
    assert _count(engine, Delivery) == 1  # never pushed twice
    with Session(engine) as s:
        row = s.get(ArticleRow, ART.id)
        assert row is not None and row.title.endswith("（更新）")
        assert set(s.exec(select(ArticleTicker.ticker)).all()) == {"600000.SH"}  # replaced
        outlet = s.get(Outlet, "meirijingjixinwen")
        assert outlet is not None and outlet.articles == 1


def test_push_false_enqueues_nothing_and_push_true_uses_tickers(engine: Engine) -> None:
    _subscribe(engine, 7, "ticker", "09988.HK")
    with session_scope(engine) as s:
        process(s, ART, source="import", push=False)
    assert _count(engine, Delivery) == 0
    other = dataclasses.replace(ART, id="NW1", category="other", category_name="其他")
    with session_scope(engine) as s:
        process(s, other, source="feed", push=True)
    with Session(engine) as s:
        (d,) = s.exec(select(Delivery)).all()
        assert (d.article_id, d.chat_id) == ("NW1", 7)


def test_rollback_leaves_neither_article_nor_delivery(engine: Engine) -> None:
    _subscribe(engine, 42, "category", "meirijingjixinwen")
    try:
        with session_scope(engine) as s:
            process(s, ART, source="feed", push=True)
            raise RuntimeError("crash before commit")
    except RuntimeError:
        pass
    assert _count(engine, ArticleRow) == 0 and _count(engine, Delivery) == 0


def test_concurrent_writers_store_once(engine: Engine) -> None:
    """Eight threads store the same article at once: one wins, nobody fails."""
    _subscribe(engine, 42, "category", "meirijingjixinwen")
    results: list[bool] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        try:
            barrier.wait()
            with session_scope(engine) as s:
                results.append(process(s, ART, source="race", push=True) is Outcome.NEW)
        except BaseException as exc:  # collected for the assert below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert results.count(True) == 1
    assert _count(engine, ArticleRow) == 1 and _count(engine, Delivery) == 1


def test_summary_and_figures_come_from_the_summarizer(engine: Engine) -> None:
    from bot.summarizer import summarize

    with session_scope(engine) as s:
        process(s, ART, source="feed", push=False)
    with Session(engine) as s:
        row = s.get(ArticleRow, ART.id)
        assert row is not None and row.summary
        assert row_summary(row) == summarize(ART)
        assert row.figures and all(f["value"] in ART.text for f in row.figures)
