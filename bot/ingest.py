"""Ingest: one poll of one source -> parsed, deduplicated, stored articles.

`poll_source` never raises: a failing source gets a `PollReport` with `.error`,
its failure streak and backoff are recorded in `source_state`, and the caller
(scheduler, CLI) moves on to the next source. A failure is logged once when the
streak starts, once more when it has lasted `failing_report_after` polls, and
once when the source recovers, never on every retry.

Each stored post and its `source_items` row are committed together, so a crash
mid-poll loses nothing and a restart re-ingests nothing.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot import gaps as feed_gaps
from bot.config import Settings, SourceConfig
from bot.pipeline import Limits, Outcome, parse_candidate, process
from bot.sources import FETCHERS
from bot.sources.base import FetchResult, PollContext, SourceError, make_client
from bot.storage.db import dialect_insert, make_engine, opening, session_scope
from bot.storage.models import SourceItem, SourceState
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


def _limits(settings: Settings) -> Limits:
    return Limits(max_chars=settings.summary.max_chars, max_figures=settings.summary.max_figures)


def _max_age(settings: Settings) -> timedelta | None:
    hours = settings.delivery.max_article_age_hours
    return timedelta(hours=hours) if hours > 0 else None


def _is_parse_error(exc: BaseException) -> bool:
    from bot.parser import ParseError

    return isinstance(exc, ParseError)


def backoff_seconds(cfg: SourceConfig, failures: int) -> int:
    """interval * 2**failures, capped at max_backoff (never faster than the interval)."""
    cap = max(cfg.max_backoff, cfg.interval)
    return int(min(cfg.interval * 2 ** min(failures, 30), cap))


def _load_state(engine: Engine, cfg: SourceConfig) -> SourceState:
    """The source's poll state (what it has seen is asked for by key, `SeenItems`)."""
    with session_scope(engine) as s:
        s.execute(
            dialect_insert(s, SourceState)
            .values(name=cfg.name, kind=cfg.kind, cursor={})
            .on_conflict_do_nothing(index_elements=["name"])
        )
        state = s.get(SourceState, cfg.name)
        assert state is not None
        s.expunge(state)
    return state


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


def _update_state(engine: Engine, name: str, **values: Any) -> None:
    with session_scope(engine) as s:
        s.execute(sa.update(SourceState).where(SourceState.name == name).values(**values))


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
    commits) that reaches back before the install: posts published before `gap_since`
    (the feed's `PollReport.gap_since`) are stored as the archive, not pushed.

    Never raises; the outcome (and any error) is in the returned report.
    """
    cfg = source_cfg
    started = time.monotonic()
    report = PollReport(source=cfg.name)
    try:
        state = _load_state(engine, cfg)
    except Exception as exc:
        report.error = f"database: {type(exc).__name__}: {exc}"[:300]
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
        reason = str(exc) if isinstance(exc, SourceError) else f"{type(exc).__name__}: {exc}"
        report.error = reason[:500]
        report.duration = time.monotonic() - started
        until = exc.retry_at if isinstance(exc, SourceError) else None
        floor = isinstance(exc, SourceError) and exc.floor
        _fail(
            engine,
            cfg,
            state,
            report,
            bug=not isinstance(exc, SourceError),
            until=until,
            floor=floor,
        )
        return report
    report.duration = time.monotonic() - started
    try:
        _succeed(engine, cfg, state, result, report)
    except Exception as exc:
        report.error = f"saving poll state: {type(exc).__name__}: {exc}"[:300]
        log.error("%s: %s", cfg.name, report.error)
    return report


def _fail(
    engine: Engine,
    cfg: SourceConfig,
    state: SourceState,
    report: PollReport,
    bug: bool = False,
    until: datetime | None = None,
    floor: bool = False,
) -> None:
    """Record a failed poll; `until` (a rate limit's reset) replaces the backoff delay,
    or with `floor` (a `Retry-After`) only delays it: the later of the two."""
    now = utcnow()
    failures = state.consecutive_failures + 1
    delay = backoff_seconds(cfg, failures)
    backoff = now + timedelta(seconds=delay)
    report.retry_at = backoff if until is None else max(until, backoff) if floor else until
    if failures == 1:
        # An unexpected exception is a bug: its traceback goes with the first report.
        log.warning(
            "%s: poll failed: %s (retrying with backoff)", cfg.name, report.error, exc_info=bug
        )
    elif failures == cfg.failing_report_after:
        since = state.last_success.isoformat() if state.last_success else "its first poll"
        log.error(
            "%s: failing for %d polls (last success %s): %s; still tried every %d s",
            cfg.name,
            failures,
            since,
            report.error,
            delay,
        )
    else:
        log.debug("%s: poll failed again (%d): %s", cfg.name, failures, report.error)
    try:
        _update_state(
            engine,
            cfg.name,
            polls=state.polls + 1,
            consecutive_failures=failures,
            last_error=report.error,
            last_error_at=now,
            next_poll_at=report.retry_at,
            last_poll_ms=int(report.duration * 1000),
        )
    except Exception as exc:
        log.error("%s: cannot save poll state: %s", cfg.name, exc)


def _succeed(
    engine: Engine,
    cfg: SourceConfig,
    state: SourceState,
    result: FetchResult,
    report: PollReport,
) -> None:
    if state.consecutive_failures:
        log.info("%s: recovered after %d failed polls", cfg.name, state.consecutive_failures)
    values: dict[str, Any] = {
        "polls": state.polls + 1,
        "first_poll_done": True,
        "last_success": utcnow(),
        "consecutive_failures": 0,
        "next_poll_at": None,
        "articles_total": state.articles_total + report.new,
        "last_poll_ms": int(report.duration * 1000),
        "cursor": result.cursor or dict(state.cursor or {}),
    }
    # Items to retry (store failures, pages that failed to load) need the feed body
    # again: keep the old validators so the next poll is not answered 304.
    retry = report.store_failures or any(sk.digest is None for sk in result.skipped)
    if not result.not_modified and not retry:
        values["etag"] = result.etag
        values["last_modified"] = result.last_modified
    _update_state(engine, cfg.name, **values)
    if result.on_stored:
        result.on_stored()
    if report.new or report.updated:
        log.info("%s", report.line())


def poll_all_once(settings: Settings) -> list[PollReport]:
    """Migrate, then poll every enabled source once (`finews-bot poll --once`)."""
    from bot.storage.migrate import upgrade

    with opening(settings.database.url):
        engine = make_engine(settings.database.url)
    try:
        with opening(settings.database.url):
            upgrade(engine)
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


def due(engine: Engine, name: str, now: datetime | None = None) -> bool:
    """False while the source is backing off after failures (next_poll_at in the future)."""
    with Session(engine) as s:
        nxt = s.exec(select(SourceState.next_poll_at).where(SourceState.name == name)).first()
    return nxt is None or nxt <= (now or utcnow())
