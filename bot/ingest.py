"""Ingest: one poll of one source -> parsed, deduplicated, stored articles.

`poll_source` never raises: a failing source gets a `PollReport` with `.error`,
its failure streak and backoff are recorded in `source_state` (`bot.ingest_state`),
and the caller (scheduler, CLI) moves on to the next source. A failure is logged once
when the streak starts, once more when it has lasted `failing_report_after` polls,
and once when the source recovers, never on every retry.

Each stored post and its `source_items` row are committed together, so a crash
mid-poll loses nothing and a restart re-ingests nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot import gaps as feed_gaps
from bot.config import Settings, SourceConfig
from bot.ingest_state import load_state, record_failure, record_success
from bot.pipeline import Limits, Outcome, parse_candidate, process
from bot.sources import FETCHERS
from bot.sources.base import ARCHIVE, FetchResult, PollContext, SourceError, make_client
from bot.storage.db import (
    check_writable,
    dialect_insert,
    error_line,
    make_engine,
    opening,
    session_scope,
)
from bot.storage.models import SourceItem
from bot.storage.outage import is_outage
from bot.storage.seen import SeenItems, item_key
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


@dataclass(slots=True)
class PollReport:
    source: str
    new: int = 0
    updated: int = 0
    seen: int = 0  # known and unchanged
    skipped: int = 0  # unreadable / vanished / rejected posts
    error: str | None = None
    duration: float = 0.0
    not_modified: bool = False
    first_poll: bool = False
    archived: bool = False  # a first poll's finds stored as the archive, not pushed
    retry_at: datetime | None = None
    store_failures: int = 0
    new_ids: list[str] = field(default_factory=list)
    overflow: bool = False  # a feed's window overflowed: its `fallback` should be polled
    # With `overflow`: the newest post the feed had stored before this poll, less
    # GAP_SLACK. A fallback's first poll pushes nothing older: that is the archive.
    gap_since: datetime | None = None
    # An earlier overflow's gap the fallback has not filled yet (`bot.gaps`): poll it again.
    refill: bool = False

    @property
    def wants_fallback(self) -> bool:
        return self.overflow or self.refill

    def line(self) -> str:
        if self.error is not None:
            when = f"; next try {self.retry_at:%H:%M:%S} UTC" if self.retry_at else ""
            return f"{self.source}: FAILED: {self.error}{when}"
        text = f"{self.source}: {self.new} new, {self.updated} updated, {self.seen} seen"
        if self.skipped:
            text += f", {self.skipped} skipped"
        if self.not_modified:
            text += " (not modified)"
        if self.archived and self.new:
            text += " (first poll: stored without pushing)"
        return text


# A post reaches the feed some minutes after its date (the site commits in batches every 5
# minutes, then builds): one dated this much before the feed's newest may still be new.
GAP_SLACK = timedelta(minutes=30)


def _database_error(exc: BaseException, engine: Engine) -> str:
    """A database error in one line, as a poll report and `source_state.last_error` keep
    it: SQLAlchemy's own text runs over lines ('(Background on this error at: …)')."""
    url = engine.url.render_as_string(hide_password=False)
    return f"database: {error_line(exc, url)}"[:300]


def _limits(settings: Settings) -> Limits:
    return Limits(max_chars=settings.summary.max_chars, max_figures=settings.summary.max_figures)


def _max_age(settings: Settings) -> timedelta | None:
    hours = settings.delivery.max_article_age_hours
    return timedelta(hours=hours) if hours > 0 else None


def _is_parse_error(exc: BaseException) -> bool:
    from bot.parser import ParseError

    return isinstance(exc, ParseError)


def _record_item(s: Session, source: str, key: str, digest: str, article_id: str | None) -> None:
    ins = dialect_insert(s, SourceItem).values(
        source=source, key=item_key(key), digest=digest, article_id=article_id, seen_at=utcnow()
    )
    s.execute(
        ins.on_conflict_do_update(
            index_elements=["source", "key"],
            set_={
                "digest": ins.excluded.digest,
                "article_id": ins.excluded.article_id,
                "seen_at": ins.excluded.seen_at,
            },
        )
    )


def _fetch(cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    fetcher = FETCHERS[cfg.kind]
    if cfg.kind == "jekyll-dir":
        return fetcher(None, cfg, ctx)
    with make_client(cfg) as client:
        return fetcher(client, cfg, ctx)


def _store_candidates(
    settings: Settings,
    engine: Engine,
    cfg: SourceConfig,
    result: FetchResult,
    report: PollReport,
    push: bool,
    push_since: datetime | None = None,
) -> None:
    if result.archive:  # one transaction: a big outlet's listing has thousands
        with session_scope(engine) as s:
            for key in result.archive:
                _record_item(s, cfg.name, key, ARCHIVE, None)
    for item in result.skipped:
        report.skipped += 1
        if item.log:
            log.warning("%s: skipped %s: %s", cfg.name, item.key, item.reason)
        if item.digest:
            with session_scope(engine) as s:
                _record_item(s, cfg.name, item.key, item.digest, None)
    for c in result.candidates:
        try:
            article = parse_candidate(c, c.seen_at or utcnow())
        except Exception as exc:  # ParseError or a parser bug: never stops the poll
            report.skipped += 1
            log.warning(
                "%s: rejected %s: %s", cfg.name, c.key, exc, exc_info=not _is_parse_error(exc)
            )
            with session_scope(engine) as s:
                _record_item(s, cfg.name, c.key, c.digest, None)
            continue
        try:
            with session_scope(engine) as s:
                outcome = process(
                    s,
                    article,
                    source=cfg.name,
                    push=push and (push_since is None or article.published_at >= push_since),
                    limits=_limits(settings),
                    max_age=_max_age(settings),
                )
                _record_item(s, cfg.name, c.key, c.digest, article.id)
        except (sa.exc.OperationalError, sa.exc.InterfaceError):
            raise  # the database is unreachable: the whole poll fails and backs off
        except Exception as exc:
            # This one row cannot be stored (a bug or odd data): the others still are.
            # Not recorded as seen, and the feed validators are kept, so it is retried.
            report.skipped += 1
            report.store_failures += 1
            log.error("%s: could not store %s (%s): %s", cfg.name, c.key, article.id, exc)
            if result.retry_later:
                result.retry_later(c.key)
            continue
        if outcome is Outcome.NEW:
            report.new += 1
            report.new_ids.append(article.id)
        elif outcome is Outcome.UPDATED:
            report.updated += 1
        else:
            report.seen += 1


def poll_source(
    settings: Settings,
    engine: Engine,
    source_cfg: SourceConfig,
    *,
    fill_gap: bool = False,
    gap_since: datetime | None = None,
) -> PollReport:
    """Poll one source once: fetch, parse, store new/changed posts, save the poll state.

    A source's first poll stores what it finds as the archive, without pushing (a fresh
    install pushes nothing old), unless `fill_gap`: the source is polled because a feed
    that names it its `fallback` overflowed after its own first poll, so what it finds is
    the news the feed missed, pushed like any poll's (`max_article_age_hours` still holds).
    Such a first poll reads a window of the past (github: the last `relist_commits`
    commits; jekyll-site: the newest `FIRST_POLL_POSTS` of each listing page, the older
    listed posts recorded unread, `FetchResult.archive`) that reaches back before the
    install: posts published before `gap_since` (the feed's `PollReport.gap_since`) are
    stored as the archive, not pushed.

    Never raises; the outcome (and any error) is in the returned report.
    """
    cfg = source_cfg
    started = time.monotonic()
    report = PollReport(source=cfg.name)
    try:
        state = load_state(engine, cfg)
    except Exception as exc:
        report.error = _database_error(exc, engine)
        log.error("%s: cannot read poll state: %s", cfg.name, report.error)
        report.duration = time.monotonic() - started
        return report
    report.first_poll = not state.first_poll_done
    push = state.first_poll_done or settings.delivery.push_first_poll or fill_gap
    report.archived = not push
    # a gap-filler's first poll: what is older than the gap is the archive
    push_since = gap_since if fill_gap and report.first_poll else None
    seen = SeenItems(engine, cfg.name)
    ctx = PollContext(
        etag=state.etag,
        last_modified=state.last_modified,
        cursor=dict(state.cursor or {}),
        seen_many=seen.many,
        seen_count=seen.count,
        first_poll=report.first_poll,
    )
    try:
        result = _fetch(cfg, ctx)
        report.seen += result.unchanged
        report.not_modified = result.not_modified
        report.overflow = result.overflow
        _store_candidates(settings, engine, cfg, result, report, push, push_since)
        if report.overflow:
            newest = seen.newest_published(besides=report.new_ids)
            report.gap_since = newest - GAP_SLACK if newest is not None else None
        if cfg.fallback or (state.cursor or {}).get("gap"):
            result.cursor = dict(result.cursor or state.cursor or {})
            if report.overflow and cfg.fallback:
                feed_gaps.opened(result.cursor, report.gap_since)
            else:
                report.refill, report.gap_since = feed_gaps.still_open(engine, cfg, result.cursor)
    except Exception as exc:
        if isinstance(exc, SourceError):
            reason = str(exc)
        elif isinstance(exc, sa.exc.SQLAlchemyError):
            reason = _database_error(exc, engine)
        else:
            reason = f"{type(exc).__name__}: {exc}"
        report.error = reason[:500]
        report.duration = time.monotonic() - started
        until = exc.retry_at if isinstance(exc, SourceError) else None
        floor = isinstance(exc, SourceError) and exc.floor
        record_failure(
            engine,
            cfg,
            state,
            report,
            bug=not isinstance(exc, SourceError) and not is_outage(exc),
            until=until,
            floor=floor,
        )
        return report
    report.duration = time.monotonic() - started
    try:
        record_success(engine, cfg, state, result, report)
    except Exception as exc:
        report.error = f"saving poll state: {_database_error(exc, engine)}"[:300]
        log.error("%s: %s", cfg.name, report.error)
    return report


def poll_all_once(settings: Settings) -> list[PollReport]:
    """Migrate, then poll every enabled source once (`finews-bot poll --once`)."""
    from bot.storage.migrate import upgrade

    with opening(settings.database.url):
        engine = make_engine(settings.database.url)
    try:
        with opening(settings.database.url):
            upgrade(engine)
            check_writable(engine, settings.database.url)  # else each write fails, as in `run`
        enabled = [cfg for cfg in settings.sources if cfg.enabled]
        reports = []
        gaps: dict[str, datetime | None] = {}  # fallbacks of feeds that overflowed, gap_since
        for i, cfg in enumerate(enabled):
            report = poll_source(
                settings, engine, cfg, fill_gap=cfg.name in gaps, gap_since=gaps.get(cfg.name)
            )
            reports.append(report)
            if not (report.wants_fallback and cfg.fallback):
                continue
            # A feed whose window overflowed (or whose gap is still open): poll its fallback
            # now unless it comes later.
            if cfg.fallback in {c.name for c in enabled[i + 1 :]}:
                gaps[cfg.fallback] = report.gap_since
            else:
                fallback = next(c for c in settings.sources if c.name == cfg.fallback)
                filled = poll_source(
                    settings, engine, fallback, fill_gap=True, gap_since=report.gap_since
                )
                reports.append(filled)
        return reports
    finally:
        engine.dispose()
