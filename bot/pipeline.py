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

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session

from bot.article import Article, Summary
from bot.fanout import enqueue_deliveries
from bot.sources.base import Candidate
from bot.storage.articles import Outcome, content_hash, save_article, stored_hash
from bot.storage.types import utcnow
from bot.summarizer import summarize

log = logging.getLogger(__name__)

__all__ = ["Limits", "Outcome", "parse_candidate", "process"]


@dataclass(frozen=True, slots=True)
class Limits:
    """How long a summary may be and how many figures it lists (`[summary]` in config)."""

    max_chars: int = 120
    max_figures: int = 5


def parse_candidate(c: Candidate, seen_at: object) -> Article:
    """Raw file text -> parse_post; feed entry / page -> build_article."""
    from bot.parser import build_article, parse_post

    if c.text is not None:
        return parse_post(c.text, filename=c.filename, seen_at=seen_at)  # type: ignore[arg-type]
    return build_article(
        c.meta or {},
        c.body or "",
        filename=c.filename,
        url=c.url,
        seen_at=seen_at,  # type: ignore[arg-type]
    )


def _summarize(article: Article, limits: Limits) -> Summary | None:
    """A summarizer bug must not lose the article: it is stored without a summary."""
    try:
        return summarize(article, max_chars=limits.max_chars, max_figures=limits.max_figures)
    except Exception:
        log.exception("summarizer failed on article %s; stored without summary", article.id)
        return None


def process(
    session: Session,
    article: Article,
    *,
    source: str,
    push: bool,
    limits: Limits | None = None,
    max_age: timedelta | None = None,
) -> Outcome:
    """Summarize, store and (when new and `push`) queue the deliveries of one article.

    A known article whose content is unchanged costs one lookup; an edited one is
    re-summarized and updated in place, never pushed again. A new article published
    more than `max_age` ago (a post that surfaced late) is stored, not pushed: it is
    no news any more, though /latest and digests of its day can still show it.
    """
    digest = content_hash(article)
    if stored_hash(session, article.id) == digest:
        return Outcome.SAME
    summary = _summarize(article, limits or Limits())
    outcome = save_article(session, article, summary, digest=digest, source=source)
    if outcome is Outcome.NEW and push and too_old(article, max_age):
        log.info(
            "article %s published %s: older than %.0f h, stored without pushing",
            article.id,
            article.published_at.isoformat(),
            max_age.total_seconds() / 3600,  # type: ignore[union-attr]
        )
    elif outcome is Outcome.NEW and push:
        n = enqueue_deliveries(session, article.id)
        log.debug("article %s: %s deliveries queued", article.id, n)
    return outcome


def too_old(article: Article, max_age: timedelta | None) -> bool:
    """Published more than `max_age` before now (None or zero: no limit)."""
    return bool(max_age) and article.published_at < utcnow() - max_age  # type: ignore[operator]
