"""Store parsed articles exactly once, whatever source or poll brings them.

Dedup is by `Article.id` (stable across feed, site and `_posts` checkout). The
insert is `INSERT .. ON CONFLICT DO NOTHING` so two pollers racing on the same
post (two sources, or two processes on PostgreSQL) never fail and never store
it twice; `Outcome.NEW` goes to the one whose insert won, and only it pushes
(`bot.pipeline` decides that; this module only stores). A known id arriving
with changed content is updated in place.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.article import Article, Figure, Summary
from bot.storage.db import dialect_insert
from bot.storage.models import ArticleRow, ArticleTicker, Outlet, Stock
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


class Outcome(StrEnum):
    NEW = "new"
    UPDATED = "updated"
    SAME = "same"


def content_hash(article: Article) -> str:
    """Digest of everything a reader sees; a changed digest means an edited post."""
    data = article.to_json()
    data.pop("id", None)
    raw = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _no_nul(value: Any) -> Any:
    """PostgreSQL refuses NUL in `text` (and `json` holding `\\u0000` fails every `->>`
    read): whatever a source let through, the row is stored without it, on both engines."""
    if isinstance(value, str):
        return value.replace("\x00", "") if "\x00" in value else value
    if isinstance(value, list | tuple):
        return [_no_nul(v) for v in value]
    if isinstance(value, dict):
        return {_no_nul(k): _no_nul(v) for k, v in value.items()}
    return value


def _values(article: Article, summary: Summary | None, digest: str) -> dict[str, Any]:
    return {k: _no_nul(v) for k, v in _raw_values(article, summary, digest).items()}


def _raw_values(article: Article, summary: Summary | None, digest: str) -> dict[str, Any]:
    return {
        "title": article.title,
        "published_at": article.published_at,
        "dated": article.dated,
        "category": article.category[:128],
        "category_name": article.category_name[:128],
        "url": article.url,
        "digest": article.digest,
        "origin": article.origin[:128] if article.origin else None,
        "paragraphs": list(article.paragraphs),
        "tickers": list(article.tickers),
        "mentions": list(article.mentions),
        "stock_names": dict(article.stock_names),
        "summary": summary.summary if summary else None,
        "figures": [f.to_json() for f in summary.figures] if summary else [],
        "content_hash": digest,
    }


def stored_hash(session: Session, article_id: str) -> str | None:
    """The content digest stored for an article id, or None if it is not stored."""
    return session.execute(
        sa.select(ArticleRow.content_hash).where(ArticleRow.id == article_id)
    ).scalar_one_or_none()


def save_article(
    session: Session,
    article: Article,
    summary: Summary | None,
    *,
    digest: str | None = None,
    source: str,
    roles: Mapping[str, bool] | None = None,
) -> Outcome:
    """Insert or update one article with its summary; NEW only for the winning insert.

    `roles` are the article_tickers rows (ticker -> mention) the fan-out matches ticker
    subscriptions on; by default the article's own subjects and mentions."""
    digest = digest or content_hash(article)
    existing = stored_hash(session, article.id)
    if existing == digest:
        return Outcome.SAME
    values = _values(article, summary, digest)
    now = utcnow()
    if existing is None:
        stmt = (
            dialect_insert(session, ArticleRow)
            .values(id=article.id, source=source, fetched_at=now, **values)
            .on_conflict_do_nothing(index_elements=["id"])
            .returning(ArticleRow.__table__.c.id)
        )
        inserted = session.execute(stmt).scalar_one_or_none() is not None
        if inserted:
            _upsert_outlet(session, values, now, count=True)
            _upsert_stocks(session, values, now)
            _replace_tickers(session, article, roles, fresh=True)
            return Outcome.NEW
        # Lost a race with another writer: it stored and pushed; fall through to update.
    session.execute(sa.update(ArticleRow).where(ArticleRow.id == article.id).values(**values))
    _upsert_outlet(session, values, now, count=False)
    _upsert_stocks(session, values, now)
    _replace_tickers(session, article, roles, fresh=False)
    return Outcome.UPDATED


def _upsert_outlet(session: Session, values: dict[str, Any], now: datetime, *, count: bool) -> None:
    if not values["category"]:
        return
    ins = dialect_insert(session, Outlet).values(
        slug=values["category"],
        name=values["category_name"] or values["category"],
        articles=1 if count else 0,
        last_seen=now,
    )
    set_: dict[str, Any] = {"name": ins.excluded.name, "last_seen": ins.excluded.last_seen}
    if count:
        set_["articles"] = Outlet.__table__.c.articles + 1
    session.execute(ins.on_conflict_do_update(index_elements=["slug"], set_=set_))


def _upsert_stocks(session: Session, values: dict[str, Any], now: datetime) -> None:
    for ticker, name in sorted(values["stock_names"].items()):
        if not ticker or not name:
            continue
        ins = dialect_insert(session, Stock).values(ticker=ticker, name=name[:64], seen_at=now)
        session.execute(
            ins.on_conflict_do_update(
                index_elements=["ticker"],
                set_={"name": ins.excluded.name, "seen_at": ins.excluded.seen_at},
            )
        )


def _replace_tickers(
    session: Session, article: Article, roles: Mapping[str, bool] | None, *, fresh: bool
) -> None:
    """The article's subjects (`mention` false) and mentions (true), one row each."""
    if not fresh:
        session.execute(sa.delete(ArticleTicker).where(ArticleTicker.article_id == article.id))
    if roles is None:
        roles = {t: True for t in article.mentions} | {t: False for t in article.tickers}
    for ticker, mention in roles.items():
        session.execute(
            dialect_insert(session, ArticleTicker)
            .values(article_id=article.id, ticker=ticker, mention=mention)
            .on_conflict_do_nothing()
        )


def stored_roles(session: Session, ids: Iterable[str]) -> dict[str, dict[str, bool]]:
    """Each article's article_tickers rows (ticker -> mention): what the fan-out matched
    on, which can hold more than the article's own tickers (other listings, moved codes)."""
    ids = list(ids)
    out: dict[str, dict[str, bool]] = {i: {} for i in ids}
    if ids:
        stmt = sa.select(ArticleTicker.article_id, ArticleTicker.ticker, ArticleTicker.mention)
        for article_id, ticker, mention in session.execute(
            stmt.where(ArticleTicker.article_id.in_(ids))  # type: ignore[attr-defined]
        ):
            out[article_id][ticker] = bool(mention)
    return out


def row_to_article(row: ArticleRow) -> Article:
    """Back from a stored row to the domain type (for rendering and fan-out)."""
    return Article(
        id=row.id,
        title=row.title,
        published_at=row.published_at,
        category=row.category,
        category_name=row.category_name,
        url=row.url,
        digest=row.digest,
        origin=row.origin,
        paragraphs=tuple(row.paragraphs or ()),
        tickers=tuple(row.tickers or ()),
        mentions=tuple(row.mentions or ()),
        stock_names=dict(row.stock_names or {}),
        dated=row.dated,
    )


def row_summary(row: ArticleRow) -> Summary:
    """The stored summary; an article stored before the summarizer existed gets its title."""
    figures = tuple(
        Figure(label=f.get("label", ""), value=f.get("value", ""), change=f.get("change"))
        for f in (row.figures or [])
    )
    return Summary(summary=row.summary or row.title, figures=figures)
