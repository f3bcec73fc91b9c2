"""The pipeline: parse -> summarize -> group into stories -> store -> fan-out.

One place orchestrates the stages so each stays ignorant of the others: the
parser and summarizer are pure, `bot.storage` only stores, `bot.fanout` only
queues deliveries. Sources (`bot.ingest`), the importer and the demo call
`process`; nothing below this module calls back up.

All of it runs inside the caller's transaction: the article, its deliveries and
the source's bookkeeping commit together, so a crash loses nothing and a
restart re-pushes nothing.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.article import Article, Summary
from bot.fanout import enqueue_deliveries
from bot.fanout.stories import prune_story_deliveries
from bot.sources.base import Candidate
from bot.stocks.listings import ticker_roles
from bot.storage.articles import Outcome, content_hash, save_article, stored_hash
from bot.storage.stories import add_keys, candidate_rows, save_story, story_values
from bot.storage.types import utcnow
from bot.stories import CANDIDATES, PER_KEY, WINDOW, Decision, Known, decide, keys_of
from bot.stories.cache import FeatureCache
from bot.subscriptions.codes import follow_article
from bot.summarizer import summarize

log = logging.getLogger(__name__)

# The site's clock may run a little ahead of ours; a post dated further ahead has a wrong date.
FUTURE_SLACK = timedelta(hours=1)
FEATURES = FeatureCache()  # features of recent articles (a cache: see bot.stories.cache)

__all__ = ["Limits", "Outcome", "parse_candidate", "process"]


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a summary may be and how many figures it lists (`[summary]` in config)."""

    max_chars: int = 120
    max_figures: int = 5


def parse_candidate(c: Candidate, seen_at: datetime) -> Article:
    """Raw file text -> parse_post; feed entry / page -> build_article.

    A post dated more than FUTURE_SLACK ahead of the clock (a typo such as 2062 for 2026)
    takes the time it was seen, undated: else it would head /latest and digests for years,
    and retention, which waits for the publish time too, would never purge it."""
    from bot.parser import build_article, parse_post

    if c.text is not None:
        article = parse_post(c.text, filename=c.filename, seen_at=seen_at)
    else:
        article = build_article(
            c.meta or {}, c.body or "", filename=c.filename, url=c.url, seen_at=seen_at
        )
    if article.published_at > utcnow() + FUTURE_SLACK:
        log.warning(
            "%s: dated %s, in the future: stored as seen (%s), undated",
            c.key,
            article.published_at.isoformat(),
            seen_at.isoformat(),
        )
        seen = seen_at if seen_at.tzinfo else seen_at.replace(tzinfo=UTC)
        article = replace(article, published_at=min(seen, utcnow()), dated=False)
    return article


def _summarize(article: Article, limits: Limits) -> Summary | None:
    """A summarizer bug must not lose the article: it is stored without a summary."""
    try:
        return summarize(article, max_chars=limits.max_chars, max_figures=limits.max_figures)
    except Exception:
        log.exception("summarizer failed on article %s; stored without summary", article.id)
        return None


@dataclass(frozen=True, slots=True)
class Grouping:
    decision: Decision
    keys: list[int]
    figures: frozenset[str]


def _known(row: object) -> Known:
    """A stored candidate back to comparable features (title, lead, tickers)."""
    r: Any = row
    stub = Article(
        id=r.id,
        title=r.title,
        published_at=r.published_at,
        category="",
        category_name="",
        digest=r.digest,
        paragraphs=(r.lead,) if r.lead is not None else (),
        tickers=tuple(r.tickers or ()),
    )
    return Known(FEATURES.get(stub), r.story_id or r.id)


def _lead_only(article: Article) -> Article:
    """The parts features are made of, as a stored candidate is read back (same cache key)."""
    return Article(
        id=article.id,
        title=article.title,
        published_at=article.published_at,
        category="",
        category_name="",
        digest=article.digest,
        paragraphs=article.paragraphs[:1],
        tickers=article.tickers,
    )


def group(session: Session, article: Article) -> Grouping | None:
    """The story of a new article, from the indexed candidates of the window.

    A failure here must not lose the article: it is stored without a story. On
    PostgreSQL a failed statement aborts the whole transaction, so the lookups run in a
    savepoint (SQLite keeps the transaction usable, and pysqlite's savepoints are not
    to be trusted).
    """
    pg = session.get_bind().dialect.name == "postgresql"
    try:
        with session.begin_nested() if pg else contextlib.nullcontext():
            feats = FEATURES.get(_lead_only(article))
            keys = keys_of(feats)
            lo, hi = feats.published_at - WINDOW, feats.published_at + WINDOW
            rows = candidate_rows(session, keys, lo, hi, limit=CANDIDATES, per_key=PER_KEY)
            known = [_known(r) for r in rows]
            values = story_values(session, {k.story_id for k in known})
        return Grouping(decide(feats, known, values), keys, feats.figures)
    except Exception:
        log.exception("story grouping failed on article %s; stored without a story", article.id)
        return None


def _store_story(session: Session, article: Article, summary: Summary | None, g: Grouping) -> None:
    add_keys(session, article.id, article.published_at, g.keys)
    save_story(
        session,
        story_id=g.decision.story_id,
        article_id=article.id,
        kind=g.decision.kind.value,
        published_at=article.published_at,
        now=utcnow(),
        figures=[f.to_json() for f in summary.figures] if summary else [],
        values=g.figures,
    )
    if g.decision.kind.value != "new":
        log.info(
            "article %s: %s of story %s (like %s)",
            article.id,
            g.decision.kind.value,
            g.decision.story_id,
            g.decision.matched,
        )


def process(
    session: Session,
    article: Article,
    *,
    source: str,
    push: bool,
    limits: Limits | None = None,
    max_age: timedelta | None = None,
) -> Outcome:
    """Summarize, group into a story, store and (when new and `push`) queue deliveries.

    A known article whose content is unchanged costs one lookup; an edited one is
    re-summarized and updated in place, never pushed again, and keeps its story.
    A story's repeat reaches only chats new to the story; an update reaches the
    others threaded under their earlier push (`bot.fanout.stories`). A new article
    published more than `max_age` ago (a post that surfaced late) is stored, not
    pushed: it is no news any more, though /latest and digests can still show it.
    """
    digest = content_hash(article)
    stored = stored_hash(session, article.id)
    if stored == digest:
        return Outcome.SAME
    new = stored is None
    summary = _summarize(article, limits or Limits())
    grouping = group(session, article) if new else None
    roles = ticker_roles(article.tickers, article.mentions)  # BABA.US also reaches 09988.HK
    roles = follow_article(session, article.stock_names, roles)  # 835185.BJ is 920185.BJ now
    outcome = save_article(session, article, summary, digest=digest, source=source, roles=roles)
    if outcome is Outcome.NEW and grouping is not None:
        _store_story(session, article, summary, grouping)
    if outcome is Outcome.NEW and push and too_old(article, max_age):
        log.info(
            "article %s published %s: older than %.0f h, stored without pushing",
            article.id,
            article.published_at.isoformat(),
            max_age.total_seconds() / 3600,  # type: ignore[union-attr]
        )
    elif outcome is Outcome.NEW and push:
        n = enqueue_deliveries(session, article.id)
        if grouping is not None:
            d = grouping.decision
            n -= prune_story_deliveries(session, article.id, d.story_id, d.kind.value)
        log.debug("article %s: %s deliveries queued", article.id, n)
    return outcome


def too_old(article: Article, max_age: timedelta | None) -> bool:
    """Published more than `max_age` before now (None or zero: no limit)."""
    return bool(max_age) and article.published_at < utcnow() - max_age  # type: ignore[operator]
