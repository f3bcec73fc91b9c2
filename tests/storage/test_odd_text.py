"""Text PostgreSQL cannot hold: a NUL character.

YAML front matter can spell one (`tags: ["每日\\0经济新闻新闻"]`, a double-quoted escape)
and the parser passes it on in the outlet slug and name. SQLite stores it; a
PostgreSQL `text` column refuses the row, so the post could never be stored there
(retried at every poll, never pushed). Both engines must store the post, alike.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.article import Article
from bot.backfill import import_dir
from bot.config import DatabaseConfig, Settings
from bot.pipeline import Outcome, process
from bot.storage.db import make_engine, session_scope
from bot.storage.models import ArticleRow, Outlet

POST = """---
layout: post
title: "英特尔CEO基辛格：将用Mobileye上市所筹资金建设更多芯片工厂"
date: 2021-12-08 12:33:20
categories: ["em\\0news"]
tags: ["东财\\0滚动新闻"]
---

英特尔CEO基辛格：将用Mobileye上市所筹资金建设更多芯片工厂。
"""


def test_post_with_nul_in_front_matter_is_stored(db_url: str, tmp_path: Path) -> None:
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2021-12-08-202112082206897139.md").write_text(POST, encoding="utf-8")
    settings = Settings(database=DatabaseConfig(url=db_url))
    result = import_dir(settings, posts, progress=False)
    assert (result.new, result.failed) == (1, 0)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(ArticleRow.category, ArticleRow.category_name)).one()
            outlet = conn.execute(sa.select(Outlet.slug, Outlet.name)).one()
    finally:
        engine.dispose()
    assert tuple(row) == tuple(outlet) == ("emnews", "东财滚动新闻")


def test_storage_drops_nul_from_every_stored_text(engine: Engine) -> None:
    """Whatever a source lets through: a NUL in the paragraphs (a PostgreSQL `json`
    column takes `\\u0000`, then every `->>` read of the row fails, story grouping of
    later posts included), the link or a stock name is not stored."""
    art = Article(
        id="NUL1",
        title="标\x00题",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        category="em\x00news",
        category_name="东财\x00滚动新闻",
        url="https://example.com/a\x00",
        paragraphs=("英特尔\x00建设更多芯片工厂。",),
        tickers=("INTC.US",),
        stock_names={"INTC.US": "英特\x00尔"},
    )
    with session_scope(engine) as s:
        assert process(s, art, source="s", push=False) is Outcome.NEW
    with session_scope(engine) as s:  # an edit of it is stored alike
        again = dataclasses.replace(art, paragraphs=("英特尔\x00建设芯片工厂。",))
        assert process(s, again, source="s", push=False) is Outcome.UPDATED
    with engine.connect() as conn:
        texts = [
            *conn.execute(
                sa.text("SELECT title, category, category_name, url FROM articles")
            ).one(),
            *conn.execute(sa.text("SELECT slug, name FROM outlets")).one(),
            *conn.execute(sa.text("SELECT name FROM stocks")).scalars(),
            json.dumps(conn.execute(sa.select(ArticleRow.paragraphs)).scalar_one()),
        ]
    assert [t for t in texts if "\x00" in t or "\\u0000" in t] == []
