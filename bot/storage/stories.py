"""Stories in the database: the same-story key index, the stories table, story ids.

Why the index lives in the database (table `story_keys`, one row per MinHash band or
precise-figure key of each article, indexed on (key, published_at)) rather than in
memory: every process asks the same table, so a restart needs no rebuild, a replica
that becomes leader sees what the previous leader stored, and `finews-bot import`
running beside the bot groups against the same stories. A lookup is one indexed
query for ~35 keys bounded by the window, returning at most `limit` articles (most
shared keys first), whatever the number stored: see bench/stories.py.

This module only stores and reads; `bot.stories` decides and `bot.pipeline` calls both.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.storage.models import ArticleRow, Story, StoryKey
from bot.storage.types import UTCDateTime

# Plain SQL, built once: the same query as a Core select cost ~5 ms of SQLAlchemy work
# per call (statement building, cache keys, expanding IN) against 0.1 ms in SQLite.
_CANDIDATES = (
    sa.text("""
SELECT a.id, a.title, a.digest, a.paragraphs, a.tickers, a.published_at, a.story_id
FROM (SELECT article_id, count(*) AS n FROM story_keys
      WHERE key IN :keys AND published_at >= :lo AND published_at <= :hi
      GROUP BY article_id ORDER BY n DESC, article_id LIMIT :lim) AS h
JOIN articles a ON a.id = h.article_id
ORDER BY h.n DESC, a.id
""")
    .bindparams(
        sa.bindparam("keys", expanding=True),
        sa.bindparam("lo", type_=UTCDateTime()),
        sa.bindparam("hi", type_=UTCDateTime()),
    )
    .columns(
        sa.column("id"),
        sa.column("title"),
        sa.column("digest"),
        sa.column("paragraphs", sa.JSON),
        sa.column("tickers", sa.JSON),
        sa.column("published_at", UTCDateTime()),
        sa.column("story_id"),
    )
)


def candidate_rows(
    session: Session, keys: Sequence[int], lo: datetime, hi: datetime, limit: int
) -> list[Any]:
    """Articles of the window sharing a key, most shared first: id, title, digest,
    paragraphs, tickers, published_at, story_id."""
    if not keys:
        return []
    params = {"keys": list(keys), "lo": lo, "hi": hi, "lim": limit}
    return list(session.execute(_CANDIDATES, params).all())


_VALUES = (
    sa.text('SELECT id, "values" FROM stories WHERE id IN :ids')
    .bindparams(sa.bindparam("ids", expanding=True))
    .columns(sa.column("id"), sa.column("values", sa.JSON))
)


def story_values(session: Session, story_ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every figure the given stories' articles carried."""
    ids = sorted(set(story_ids))
    if not ids:
        return {}
    rows = session.execute(_VALUES, {"ids": ids})
    return {r.id: frozenset(r[1] or ()) for r in rows}


def add_keys(
    session: Session, article_id: str, published_at: datetime, keys: Sequence[int]
) -> None:
    if not keys:
        return
    stmt = sa.insert(StoryKey).values(
        [{"key": k, "article_id": article_id, "published_at": published_at} for k in keys]
    )
    session.execute(stmt)


def save_story(
    session: Session,
    *,
    story_id: str,
    article_id: str,
    kind: str,
    published_at: datetime,
    now: datetime,
    figures: list[dict],
    values: frozenset[str],
) -> None:
    """Set the article's story and count it: kind is new | repeat | update."""
    a = ArticleRow.__table__.c
    session.execute(sa.update(ArticleRow).where(a.id == article_id).values(story_id=story_id))
    s = Story.__table__.c
    if kind == "new":
        session.execute(
            sa.insert(Story).values(
                id=story_id,
                latest_article_id=article_id,
                published_at=published_at,
                updated_at=now,
                articles=1,
                repeats=0,
                updates=0,
                figures=figures,
                values=sorted(values),
            )
        )
        return
    row = session.execute(sa.select(s["values"]).where(s.id == story_id)).first()
    merged = sorted(set(row[0] or ()) | values) if row else sorted(values)
    changes: dict[str, Any] = {
        "articles": s.articles + 1,
        "updated_at": now,
        "values": merged,
    }
    if kind == "update":
        changes.update(updates=s.updates + 1, latest_article_id=article_id, figures=figures)
    else:
        changes["repeats"] = s.repeats + 1
    session.execute(sa.update(Story).where(s.id == story_id).values(**changes))


def story_counts(session: Session, article_ids: Iterable[str]) -> dict[str, int]:
    """How many other articles told each given article's story (for 另有N家媒体报道)."""
    ids = sorted(set(article_ids))
    if not ids:
        return {}
    a = ArticleRow.__table__.c
    s = Story.__table__.c
    stmt = sa.select(a.id, s.articles).join(Story, s.id == a.story_id).where(a.id.in_(ids))
    return {r.id: max(int(r.articles) - 1, 0) for r in session.execute(stmt)}


def repeats_since(session: Session, since: datetime) -> int:
    """Repeats not pushed, over stories updated since `since` (for stats)."""
    s = Story.__table__.c
    stmt = sa.select(sa.func.coalesce(sa.func.sum(s.repeats), 0)).where(
        s.updated_at >= sa.bindparam("since", since, type_=UTCDateTime())
    )
    return int(session.execute(stmt).scalar_one())
