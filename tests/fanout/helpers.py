"""Small database builders shared by the fan-out and delivery tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from bot.article import Article
from bot.storage.db import session_scope
from bot.storage.models import ArticleRow, ArticleTicker, Chat, Subscription

T0 = datetime(2024, 5, 26, 8, 0, tzinfo=UTC)


def article_row(
    aid: str,
    *,
    category: str = "meirijingjixinwen",
    title: str = "阿里巴巴发布财报",
    paragraphs: tuple[str, ...] = ("阿里巴巴四季度收入2040.52亿元，同比增长9%。",),
    tickers: tuple[str, ...] = (),
    mentions: tuple[str, ...] = (),
    minutes: int = 0,
) -> ArticleRow:
    return ArticleRow(
        id=aid,
        title=title,
        published_at=T0 + timedelta(minutes=minutes),
        category=category,
        category_name="每日经济新闻",
        url=f"https://example.com/{aid}",
        paragraphs=list(paragraphs),
        tickers=list(tickers),
        mentions=list(mentions),
        summary=f"{title}摘要",
        source="test",
        content_hash=aid,
    )


def add_article(session, row: ArticleRow) -> None:  # type: ignore[no-untyped-def]
    session.add(row)
    session.flush()
    for t in row.tickers:
        session.add(ArticleTicker(article_id=row.id, ticker=t))
    for t in row.mentions:
        session.add(ArticleTicker(article_id=row.id, ticker=t, mention=True))
    session.flush()


def add_chat(
    engine: Engine,
    chat_id: int,
    subs: list[tuple[str, str]] | None = None,
    *,
    thread_id: int = 0,
    kind: str = "private",
    **fields: object,
) -> None:
    with session_scope(engine) as s:
        if s.get(Chat, chat_id) is None:
            s.add(Chat(id=chat_id, kind=kind, **fields))
            s.flush()
        for k, v in subs or []:
            plus = k == "ticker" and v.endswith("+")  # `BABA.US+`: opted in to mentions
            s.add(
                Subscription(
                    chat_id=chat_id,
                    thread_id=thread_id,
                    kind=k,
                    value=v.removesuffix("+") if plus else v,
                    mentions=plus,
                )
            )


def post(aid: str, title: str, paragraph: str, **fields: object) -> Article:
    """A parsed post of 每日经济新闻 (26 Nov 2026, 09:00 Beijing) for the pipeline's tests."""
    base: dict[str, object] = {
        "published_at": datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
        "category": "meirijingjixinwen",
        "category_name": "每日经济新闻",
    }
    return Article(id=aid, title=title, paragraphs=(paragraph,), **(base | fields))  # type: ignore[arg-type]
