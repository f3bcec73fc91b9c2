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


@cache
def _rows_sql(dialect: str) -> sa.TextClause:
    """The candidates' comparable columns; of the paragraphs only the first (the lead),
    so a long article's body is neither read nor decoded."""
    lead = "paragraphs->>0" if dialect == "postgresql" else "json_extract(paragraphs, '$[0]')"
    return (
        sa.text(
            f"SELECT id, title, digest, {lead} AS lead, tickers, published_at, story_id"
            " FROM articles WHERE id IN :ids"
        )
        .bindparams(sa.bindparam("ids", expanding=True))
        .columns(
            sa.column("id"),
            sa.column("title"),
            sa.column("digest"),
            sa.column("lead"),
            sa.column("tickers", sa.JSON),
            sa.column("published_at", UTCDateTime()),
            sa.column("story_id"),
        )
    )


@cache
def _hits_sql(n: int, per_key: int, paramstyle: str) -> str:
    """For each of n keys, its `per_key` articles of the window nearest the window's end.

    One statement, one index range per key ((key, published_at) read backwards), so
    the work is bounded by n * per_key rows however many articles share a common
    band. Driver-level SQL built once per shape: keys are bound as plain integers and
    the window's ends once per key; the same query through SQLAlchemy's compiler
    cost ~1-5 ms a call against ~0.1 ms in SQLite.
    """
    mark = "?" if paramstyle == "qmark" else "%s"
    one = (
        f"SELECT * FROM (SELECT article_id FROM story_keys WHERE key = {mark}"
        f" AND published_at >= {mark} AND published_at <= {mark}"
        f" ORDER BY published_at DESC LIMIT {int(per_key)}) AS s{{i}}"
    )
    return " UNION ALL ".join(one.format(i=i) for i in range(n))


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
    `limit`): id, title, digest, lead (first paragraph), tickers, published_at, story_id."""
    if not keys:
        return []
    conn = session.connection()
    dialect = conn.dialect
    to_db = UTCDateTime().dialect_impl(dialect)
    ends = [to_db.process_bind_param(lo, dialect), to_db.process_bind_param(hi, dialect)]
    bind = sa.DateTime().dialect_impl(dialect).bind_processor(dialect)
    if bind is not None:
        ends = [bind(x) for x in ends]
    params = tuple(x for k in keys for x in (int(k), *ends))
    sql = _hits_sql(len(keys), per_key, dialect.paramstyle)
    hits = Counter(r[0] for r in conn.exec_driver_sql(sql, params))
    best = [aid for aid, _ in sorted(hits.items(), key=lambda x: (-x[1], x[0]))[:limit]]
    if not best:
        return []
    rows = {r.id: r for r in session.execute(_rows_sql(dialect.name), {"ids": best})}
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
