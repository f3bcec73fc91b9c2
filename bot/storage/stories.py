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


def candidate_rows(
    session: Session, keys: Sequence[int], lo: datetime, hi: datetime, limit: int
) -> list[Any]:
    """Articles of the window sharing a key, most shared first: id, title, digest,
    paragraphs, tickers, published_at, story_id."""
    if not keys:
        return []
    k = StoryKey.__table__.c
    a = ArticleRow.__table__.c
    hits = (
        sa.select(k.article_id, sa.func.count().label("n"))
        .where(k.key.in_(list(keys)), k.published_at >= lo, k.published_at <= hi)
        .group_by(k.article_id)
        .order_by(sa.desc("n"), k.article_id)
        .limit(limit)
        .subquery()
    )
    stmt = (
        sa.select(a.id, a.title, a.digest, a.paragraphs, a.tickers, a.published_at, a.story_id)
        .join(hits, hits.c.article_id == a.id)
        .order_by(sa.desc(hits.c.n), a.id)
    )
    return list(session.execute(stmt).all())


def story_values(session: Session, story_ids: Iterable[str]) -> dict[str, frozenset[str]]:
    """Every figure the given stories' articles carried."""
    ids = sorted(set(story_ids))
    if not ids:
        return {}
    s = Story.__table__.c
    rows = session.execute(sa.select(s.id, s["values"]).where(s.id.in_(ids)))
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
