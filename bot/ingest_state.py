"""A source's poll state (the `source_state` row; this module writes it): loaded before a
poll, recorded after it (the failure streak and its backoff, the log lines that tell
a failure once when it starts, once more when it has lasted `failing_report_after`
polls and once at recovery), and asked whether the source is due (`due`).
`bot.ingest.poll_source` runs the poll itself.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.config import SourceConfig
from bot.sources.base import FetchResult
from bot.storage.db import dialect_insert, session_scope
from bot.storage.models import SourceState
from bot.storage.types import utcnow

if TYPE_CHECKING:
    from bot.ingest import PollReport

log = logging.getLogger("bot.ingest")  # the poll's lines, under the logger they always had


def backoff_seconds(cfg: SourceConfig, failures: int) -> int:
    """interval * 2**failures, capped at max_backoff (never faster than the interval)."""
    cap = max(cfg.max_backoff, cfg.interval)
    return int(min(cfg.interval * 2 ** min(failures, 30), cap))


def load_state(engine: Engine, cfg: SourceConfig) -> SourceState:
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


def update_state(engine: Engine, name: str, **values: Any) -> None:
    with session_scope(engine) as s:
        s.execute(sa.update(SourceState).where(SourceState.name == name).values(**values))


def record_failure(
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
        update_state(
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


def record_success(
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
        "first_poll_done": state.first_poll_done or not result.partial,
        "last_success": utcnow(),
        "consecutive_failures": 0,
        "next_poll_at": result.retry_at,  # a page's Retry-After, else due at the interval
        "articles_total": state.articles_total + report.new,
        "last_poll_ms": int(report.duration * 1000),
        "cursor": result.cursor or dict(state.cursor or {}),
    }
    # A poll cut short (`FetchResult.partial`) has not read all it found: a feed's gap it
    # was to fill stays open (`bot.gaps`) until a poll reads the rest.
    values["cursor"] = (
        {**values["cursor"], "partial": True}
        if result.partial
        else {k: v for k, v in values["cursor"].items() if k != "partial"}
    )
    # Items to retry (store failures, pages that failed to load) need the feed body
    # again: keep the old validators so the next poll is not answered 304.
    retry = (
        report.store_failures
        or any(sk.digest is None for sk in result.skipped)
        or result.retry_at is not None  # entries left for after the wait
    )
    if not result.not_modified and not retry:
        values["etag"] = result.etag
        values["last_modified"] = result.last_modified
    update_state(engine, cfg.name, **values)
    if result.on_stored:
        result.on_stored()
    if report.new or report.updated:
        log.info("%s", report.line())


def due(engine: Engine, name: str, now: datetime | None = None) -> bool:
    """False while the source is backing off after failures (next_poll_at in the future)."""
    with Session(engine) as s:
        nxt = s.exec(select(SourceState.next_poll_at).where(SourceState.name == name)).first()
    return nxt is None or nxt <= (now or utcnow())
