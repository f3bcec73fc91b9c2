"""Transactional outbox: enqueue one delivery per matching (chat, topic) in ONE statement.

Called by `bot.pipeline.process(..., push=True)` inside the transaction that stores the
article, so a crash between storing and sending loses nothing, and a rolled-back
article leaves no deliveries. The rules are those of `bot.fanout.match`; here they
are one `INSERT .. SELECT` over three indexed lookups on subscriptions(kind, value)
(category, the article's tickers from article_tickers: its subjects for every ticker
subscription, its mentions for those that opted in; the keywords found in the text),
never a scan of all chats. Rows are inserted in chat order, which keeps the
index inserts of a large fan-out mostly sequential. `ON CONFLICT DO NOTHING` on the unique
(article_id, chat_id, thread_id) makes re-enqueueing harmless on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.fanout.match import HELD, QUEUED, keywords_present, searched_text
from bot.storage.types import UTCDateTime, utcnow

log = logging.getLogger(__name__)

_ARTICLE = sa.text("SELECT title, digest, paragraphs, category FROM articles WHERE id = :aid")
# DISTINCT values of one kind as a loose index scan on (kind, value): one index probe
# per distinct keyword instead of reading every keyword subscription (250k at scale).
_DISTINCT_VALUES = sa.text("""
WITH RECURSIVE t(v) AS (
    SELECT (SELECT min(value) FROM subscriptions WHERE kind = :kind)
    UNION ALL
    SELECT (SELECT min(value) FROM subscriptions WHERE kind = :kind AND value > t.v)
    FROM t WHERE t.v IS NOT NULL
)
SELECT v FROM t WHERE v IS NOT NULL
""")


def _text_of(title: str, digest: str | None, paragraphs: object) -> str:
    if isinstance(paragraphs, str):  # JSON column read through text() on SQLite
        paragraphs = json.loads(paragraphs)
    return searched_text(title, digest, paragraphs)  # type: ignore[arg-type]


def _insert_sql(with_keywords: bool, with_excludes: bool) -> sa.TextClause:
    kw = (
        "UNION SELECT chat_id, thread_id FROM subscriptions"
        " WHERE kind = 'keyword' AND value IN :kws"
        if with_keywords
        else ""
    )
    ex = (
        "AND NOT EXISTS (SELECT 1 FROM subscriptions x WHERE x.kind = 'exclude'"
        " AND x.value IN :exs AND x.chat_id = m.chat_id AND x.thread_id IN (0, m.thread_id))"
        if with_excludes
        else ""
    )
    # the first state of a row, as `bot.delivery.outbox.initial_status` decides it
    sql = f"""
INSERT INTO deliveries (article_id, chat_id, thread_id, status, attempts,
                        next_attempt_at, created_at)
SELECT :aid, m.chat_id, m.thread_id,
       CASE WHEN c.digest_mode <> 'off' THEN '{HELD}' ELSE '{QUEUED}' END,
       0, :now, :now
FROM (
    SELECT chat_id, thread_id FROM subscriptions WHERE kind = 'category' AND value = :cat
    UNION SELECT chat_id, thread_id FROM subscriptions
        WHERE kind = 'ticker'
          AND value IN (SELECT ticker FROM article_tickers
                        WHERE article_id = :aid AND NOT mention)
    UNION SELECT chat_id, thread_id FROM subscriptions
        WHERE kind = 'ticker' AND mentions
          AND value IN (SELECT ticker FROM article_tickers WHERE article_id = :aid AND mention)
    {kw}
) AS m
JOIN chats c ON c.id = m.chat_id
WHERE c.active AND NOT c.paused {ex}
ORDER BY m.chat_id, m.thread_id
ON CONFLICT (article_id, chat_id, thread_id) DO NOTHING
"""
    stmt = sa.text(sql).bindparams(
        sa.bindparam("now", type_=UTCDateTime()),
    )
    if with_keywords:
        stmt = stmt.bindparams(sa.bindparam("kws", expanding=True))
    if with_excludes:
        stmt = stmt.bindparams(sa.bindparam("exs", expanding=True))
    return stmt


def enqueue_deliveries(session: Session, article_id: str) -> int:
    """Create the deliveries of one stored article; returns how many rows were added.

    Runs in the caller's transaction (no commit here). Unknown article -> 0.
    """
    row = session.execute(_ARTICLE, {"aid": article_id}).first()
    if row is None:
        log.warning("enqueue_deliveries: article %s not found", article_id)
        return 0
    text = _text_of(row.title, row.digest, row.paragraphs)
    kws = list(session.execute(_DISTINCT_VALUES, {"kind": "keyword"}).scalars())
    exs = list(session.execute(_DISTINCT_VALUES, {"kind": "exclude"}).scalars())
    kw_hit = keywords_present(kws, text)
    ex_hit = keywords_present(exs, text)
    params: dict[str, object] = {"aid": article_id, "cat": row.category, "now": utcnow()}
    if kw_hit:
        params["kws"] = kw_hit
    if ex_hit:
        params["exs"] = ex_hit
    if session.get_bind().dialect.name == "postgresql":
        # hash the matched chats in memory, not in temp files (100k+ chats per article)
        session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
    result = session.execute(_insert_sql(bool(kw_hit), bool(ex_hit)), params)
    n = max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
    log.debug("article %s: %d deliveries enqueued", article_id, n)
    return n
