"""Subjects and mentions stored: article_tickers rows by role, and back to the Article."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.article import Article
from bot.pipeline import process
from bot.storage.articles import row_to_article
from bot.storage.db import session_scope
from bot.storage.models import ArticleRow, ArticleTicker

pytestmark = pytest.mark.db

ART = Article(
    id="R1",
    title="贵州茅台三季度营收增长",
    published_at=datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
    category="emnews",
    category_name="东财滚动新闻",
    paragraphs=("贵州茅台公告营收增长；五粮液、泸州老窖等白酒股走强。",),
    tickers=("600519.SH",),
    mentions=("000858.SZ", "000568.SZ"),
    stock_names={"600519.SH": "贵州茅台", "000858.SZ": "五粮液"},
)


def _roles(engine: Engine) -> dict[str, bool]:
    with session_scope(engine) as s:
        rows = s.execute(sa.select(ArticleTicker.ticker, ArticleTicker.mention)).all()
    return dict(rows)  # type: ignore[arg-type]


def test_roles_stored_and_read_back(engine: Engine) -> None:
    with session_scope(engine) as s:
        process(s, ART, source="test", push=False)
    assert _roles(engine) == {"600519.SH": False, "000858.SZ": True, "000568.SZ": True}
    with session_scope(engine) as s:
        back = row_to_article(s.get(ArticleRow, "R1"))  # type: ignore[arg-type]
    assert back.tickers == ART.tickers and back.mentions == ART.mentions
    # an edit that makes 五粮液 a subject replaces the rows
    edited = replace(ART, tickers=("600519.SH", "000858.SZ"), mentions=("000568.SZ",))
    with session_scope(engine) as s:
        process(s, edited, source="test", push=False)
    assert _roles(engine) == {"600519.SH": False, "000858.SZ": False, "000568.SZ": True}
