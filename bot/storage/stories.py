"""Stories in the database: the same-story key index, the stories table, story ids.

Why the index lives in the database (table `story_keys`, one row per MinHash band or
precise-figure key of each article, indexed on (key, published_at)) rather than in
memory: every process asks the same table, so a restart needs no rebuild, a replica
that becomes leader sees what the previous leader stored, and `finews-bot import`
running beside the bot groups against the same stories. A lookup is one indexed
query reading at most `per_key` rows for each of ~35 keys within the window, then the
`limit` articles sharing most keys, whatever the number stored: see bench/stories.py.

This module only stores and reads; `bot.stories` decides and `bot.pipeline` calls both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from functools import cache
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from bot.storage.models import ArticleRow, Story, StoryKey
from bot.storage.types import UTCDateTime

_ROWS = (
    sa.text("""
SELECT id, title, digest, paragraphs, tickers, published_at, story_id
FROM articles WHERE id IN :ids
""")
    .bindparams(sa.bindparam("ids", expanding=True))
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


@cache
def _hits_sql(n: int, per_key: int) -> sa.TextClause:
    """For each of n keys, its `per_key` articles of the window nearest the window's end.

    One statement, one index range per key ((key, published_at) read backwards), so
    the work is bounded by n * per_key rows however many articles share a common
    band. Plain SQL built once per key count: the same query as a Core select cost
    ~5 ms of SQLAlchemy work per call, against well under 1 ms in SQLite.
    """
    one = (
        "SELECT * FROM (SELECT article_id FROM story_keys WHERE key = :k{i}"
        " AND published_at >= :lo AND published_at <= :hi"
        " ORDER BY published_at DESC LIMIT {per}) AS s{i}"
    )
    sql = " UNION ALL ".join(one.format(i=i, per=int(per_key)) for i in range(n))
    return sa.text(sql).bindparams(
        sa.bindparam("lo", type_=UTCDateTime()), sa.bindparam("hi", type_=UTCDateTime())
    )


def candidate_rows(
    session: Session,
    keys: Sequence[int],
    lo: datetime,
    hi: datetime,
    *,
    limit: int,
    per_key: int,
) -> list[Any]:
    """Articles of the window sharing keys with a new one, most shared first (at most
    `limit`): id, title, digest, paragraphs, tickers, published_at, story_id."""
    if not keys:
        return []
    params: dict[str, Any] = {f"k{i}": k for i, k in enumerate(keys)}
    params.update(lo=lo, hi=hi)
    hits = Counter(session.execute(_hits_sql(len(keys), per_key), params).scalars())
    best = [aid for aid, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0]))[:limit]]
    if not best:
        return []
    rows = {r.id: r for r in session.execute(_ROWS, {"ids": best})}
    return [rows[aid] for aid in best if aid in rows]


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
