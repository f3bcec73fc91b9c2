"""Retention: drop old articles, their ticker rows and their finished deliveries.

Which articles: those *stored* more than `days` ago whose publish time is also older
than that (`fetched_at < cutoff AND published_at < cutoff`). Going by the storage time
means a freshly imported archive is not wiped on the next run; also requiring the
publish time keeps anything recent. An article that still has an undelivered
delivery (queued, held, sending) is kept, so a purge can never lose a message (nor
its story, whose count of other reports a digest shows: a story goes with its last
article); but
first, pending rows older than the retention period (a chat paused for months) are
ended as `expired` by the outbox (`bot.delivery.outbox.expire`), so no row and no
article is kept for ever. `source_items` (what each source has already seen) is what
stops a source from ingesting a post twice. Those of sources that list only recent posts
(`feed`: the newest entries; `github`: the files a batch changed) are dropped after the
same period (`purge_seen`): such a listing never shows a post that old again, and if a
stalled feed does, the post is too old to push (`[delivery] max_article_age_hours`).
Those of `jekyll-dir` and `jekyll-site` are kept: their listings name every post, so a
dropped row would be read and stored again at the next poll.

Every step (expiring pending rows, articles, story keys, stories, seen items) runs in
batches, each its own short transaction, so a big first purge does not
hold locks against the delivery loop; between batches the purge checks `stop` (set by
`run` on SIGTERM) and ends there: a batch is deleted whole or not at all, and what is
left goes at the next run. A purge of a big database otherwise held the process after
SIGTERM for as long as it took (asyncio.run waits for the thread it runs in).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import DeliveryConfig, Settings
from bot.delivery import outbox
from bot.overrun import watch_func
from bot.storage.locks import leading_now
from bot.storage.models import (
    ArticleRow,
    ArticleTicker,
    Delivery,
    SourceItem,
    SourceState,
    Story,
    StoryKey,
)
from bot.storage.types import utcnow
from bot.stories import WINDOW

log = logging.getLogger(__name__)

UNDELIVERED = tuple(s.value for s in outbox.PENDING)
FINISHED = tuple(s.value for s in outbox.FINISHED)
# Story keys serve the same-story window (24 h either side of a new post). A post that
# surfaces late is still pushed up to [delivery] max_article_age_hours after it was
# published and must find the reports published a day before it: keys are kept that
# long plus the window (at least two days), then dropped for articles published up to
# a week before that (older ones went already).
STORY_KEY_DAYS = 2
STORY_KEY_SWEEP_DAYS = 7
MAX_AGE_HOURS = DeliveryConfig().max_article_age_hours
JOB_ID = "retention"


Stop = Callable[[], bool]


def _never() -> bool:
    return False


class PurgeStop:
    """`run`'s shutdown hand on the scheduled purge: `set()` makes a purge under way end
    at its next batch; `wait_idle()` waits (bounded) until it has, so the scheduler is
    shut down after the job returned, not by cancelling it (a traceback in the log)."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._idle = threading.Event()
        self._idle.set()

    def set(self) -> None:
        self._stop.set()

    def is_set(self) -> bool:
        return self._stop.is_set()

    def wait_idle(self, timeout: float) -> bool:
        return self._idle.wait(timeout)

    @contextlib.contextmanager
    def running(self) -> Iterator[None]:
        self._idle.clear()
        try:
            yield
        finally:
            self._idle.set()


def purge(
    engine: Engine,
    days: int,
    *,
    now: datetime | None = None,
    batch: int = 1000,
    max_age_hours: float = MAX_AGE_HOURS,
    stop: Stop = _never,
) -> dict[str, Any]:
    """Delete articles older than `days` (see module doc) with their article_tickers and
    sent/failed deliveries. Returns counts: articles, article_tickers, deliveries, kept
    (old articles kept because a delivery is still pending) and the cutoff; `stopped`
    when `stop()` turned true between two batches (the rest was left for the next run)."""
    if days < 1:
        raise ValueError("retention days must be >= 1")
    cutoff = (now or utcnow()) - timedelta(days=days)
    expired = outbox.expire(engine, cutoff, batch=batch, stop=stop)
    a, t, d = ArticleRow.__table__, ArticleTicker.__table__, Delivery.__table__
    # coalesce() hides `status` from the planner: without it SQLite walks the
    # (status, next_attempt_at) index -- every sent row -- instead of looking the
    # article's few deliveries up by the (article_id, ...) unique index.
    status = sa.func.coalesce(d.c.status, "")
    pending = sa.exists().where(d.c.article_id == a.c.id, status.in_(UNDELIVERED))
    old = sa.and_(a.c.fetched_at < cutoff, a.c.published_at < cutoff)
    counts = {"articles": 0, "article_tickers": 0, "deliveries": 0, "story_keys": 0}
    while True:
        if stop():
            return _stopped(counts, expired, cutoff)
        with engine.begin() as conn:
            ids = list(conn.execute(sa.select(a.c.id).where(old, ~pending).limit(batch)).scalars())
            if not ids:
                break
            counts["deliveries"] += conn.execute(
                sa.delete(d).where(d.c.article_id.in_(ids), status.in_(FINISHED))
            ).rowcount
            counts["article_tickers"] += conn.execute(
                sa.delete(t).where(t.c.article_id.in_(ids))
            ).rowcount
            conn.execute(sa.delete(StoryKey).where(StoryKey.__table__.c.article_id.in_(ids)))
            # Re-check "no pending delivery" in the delete itself (a row enqueued meanwhile).
            counts["articles"] += conn.execute(
                sa.delete(a).where(a.c.id.in_(ids), ~pending)
            ).rowcount
        if len(ids) < batch:
            break
    counts["story_keys"], done = _purge_story_keys(
        engine, now or utcnow(), batch, story_key_age(max_age_hours), stop
    )
    if not done:
        return _stopped(counts, expired, cutoff)
    counts["stories"], done = _purge_stories(engine, cutoff, batch, stop)
    if not done:
        return _stopped(counts, expired, cutoff)
    with engine.connect() as conn:
        kept = conn.execute(sa.select(sa.func.count()).select_from(a).where(old, pending)).scalar()
    return {
        **counts,
        "expired": expired,
        "kept_pending": int(kept or 0),
        "cutoff": cutoff.isoformat(),
    }


def _stopped(counts: dict[str, int], expired: int, cutoff: datetime) -> dict[str, Any]:
    return {
        "stories": 0,
        **counts,
        "expired": expired,
        "kept_pending": 0,
        "cutoff": cutoff.isoformat(),
        "stopped": True,
    }


def _purge_stories(engine: Engine, cutoff: datetime, batch: int, stop: Stop) -> tuple[int, bool]:
    """Old stories no stored article tells any more, `batch` at a time. A story stays
    while an article of it does (one kept for a pending delivery): its digest item and
    /latest count the story's other reports from it. Returns (deleted, got through)."""
    a, st = ArticleRow.__table__.c, Story.__table__.c
    told = sa.exists().where(a.story_id == st.id)
    gone = sa.and_(st.updated_at < cutoff, st.published_at < cutoff, ~told)
    n = 0
    while True:
        if stop():
            return n, False
        with engine.begin() as conn:
            ids = list(conn.execute(sa.select(st.id).where(gone).limit(batch)).scalars())
            if ids:  # `told` again: an article stored meanwhile keeps its story
                n += conn.execute(sa.delete(Story).where(st.id.in_(ids), ~told)).rowcount
        if len(ids) < batch:
            return n, True


BOUNDED_KINDS = ("feed", "github")


def purge_seen(engine: Engine, cutoff: datetime, *, batch: int = 1000, stop: Stop = _never) -> int:
    """Drop what recent-only sources saw before `cutoff` (see the module doc), `batch`
    rows per transaction, `stop` checked before each; returns how many went. Each batch
    goes on from the last key of the one before (the primary key's order): the recent
    rows kept are walked once, not again by every batch (seen_at has no index)."""
    i, st = SourceItem.__table__.c, SourceState.__table__.c
    bounded = sa.select(st.name).where(st.kind.in_(BOUNDED_KINDS))
    pk = sa.tuple_(i.source, i.key)
    pick = sa.select(i.source, i.key).where(i.seen_at < cutoff, i.source.in_(bounded))
    pick = pick.order_by(i.source, i.key).limit(batch)
    n, after = 0, None
    while not stop():
        with engine.begin() as conn:
            page = pick if after is None else pick.where(pk > sa.tuple_(*after))
            keys = [tuple(r) for r in conn.execute(page)]
            for source in dict.fromkeys(s for s, _ in keys):  # key IN (...): one index scan
                mine = [k for s, k in keys if s == source]
                n += conn.execute(
                    sa.delete(SourceItem).where(i.source == source, i.key.in_(mine))
                ).rowcount
        if len(keys) < batch:
            break
        after = keys[-1]
    return n


def story_key_age(max_age_hours: float) -> timedelta | None:
    """How long after publication an article's story keys are kept; None (no push age
    limit: a post of any age may be pushed) keeps them as long as the article."""
    if max_age_hours <= 0:
        return None
    return max(timedelta(days=STORY_KEY_DAYS), timedelta(hours=max_age_hours) + WINDOW)


def _purge_story_keys(
    engine: Engine, now: datetime, batch: int, age: timedelta | None, stop: Stop = _never
) -> tuple[int, bool]:
    """Drop the same-story keys of articles no pushable post can share a story with.
    Returns (keys dropped, whether it got through before `stop`)."""
    if age is None:
        return 0, True
    a, k = ArticleRow.__table__.c, StoryKey.__table__.c
    hi = now - age
    lo = hi - timedelta(days=STORY_KEY_SWEEP_DAYS)
    with engine.connect() as conn:
        ids = list(
            conn.execute(sa.select(a.id).where(a.published_at >= lo, a.published_at < hi)).scalars()
        )
    n = 0
    for i in range(0, len(ids), batch):
        if stop():
            return n, False
        with engine.begin() as conn:
            part = ids[i : i + batch]
            n += conn.execute(sa.delete(StoryKey).where(k.article_id.in_(part))).rowcount
    return n, True


def purge_all(
    engine: Engine, days: int, max_age_hours: float, stop: Stop = _never, *, batch: int = 1000
) -> dict[str, Any]:
    """Everything retention drops: `purge`, then what recent-only sources saw before the
    period (`purge_seen`), but only while a post seen again after it cannot be pushed
    anyway (`[delivery] max_article_age_hours` on and shorter). The scheduled job and
    `finews-bot db purge` both run this; `stop`: see `purge`."""
    result = purge(engine, days, max_age_hours=max_age_hours, stop=stop, batch=batch)
    if result.get("stopped") or stop():
        result["stopped"] = True
        return result
    if 0 < max_age_hours <= days * 24:
        cutoff = utcnow() - timedelta(days=days)
        result["source_items"] = purge_seen(engine, cutoff, batch=batch, stop=stop)
        if stop():  # the rest, if any, goes at the next run
            result["stopped"] = True
    return result


def run_retention(settings: Settings, engine: Engine, stop: Stop = _never) -> dict[str, Any] | None:
    """The scheduled job: purge per [retention] days, log one line, never raise."""
    days = settings.retention.days
    try:
        result = purge_all(engine, days, settings.delivery.max_article_age_hours, stop)
    except Exception:
        log.exception("retention: purge failed (will retry at the next run)")
        return None
    if result.get("stopped"):
        log.info(
            "retention: purge stopped by shutdown after %d articles (each batch whole);"
            " the rest goes at the next run",
            result["articles"],
        )
        return result
    log.info(
        "retention: purged %d articles, %d ticker rows, %d deliveries older than %d days"
        " (%d old articles kept: deliveries pending)",
        result["articles"],
        result["article_tickers"],
        result["deliveries"],
        days,
        result["kept_pending"],
    )
    return result


def schedule(
    scheduler: Any,
    settings: Settings,
    engine: Engine,
    *,
    lock: Callable[[], AbstractContextManager[bool]] | None = None,
    first_run_delay: float = 60.0,
    stopping: PurgeStop | None = None,
) -> Any:
    """Add the purge job to an APScheduler scheduler: every [retention] interval_hours,
    first run `first_run_delay` seconds after start. `lock`, when given, is the polling
    leader lock (`bot.storage.locks.leader_lock(engine)`): `with lock() as leader:` and
    only the leader purges, so several replicas do not all run the same deletes (the
    lock is checked, not held during the purge: PostgreSQL leadership is sticky).
    Returns the APScheduler Job. The job is a plain function, so AsyncIOScheduler runs
    it in its thread pool and the event loop never blocks on the deletes.
    `misfire_grace_time=None`: a purge found late (the host was suspended, the process
    stalled, `run` waited for the Bot API past the first run) runs then, once (coalesced);
    APScheduler's default grace of 1 s dropped it until the next interval_hours.
    `stopping`: set at shutdown (`run`, on SIGTERM); a purge under way ends at its next
    batch, so the process exits within seconds."""
    stopping = stopping or PurgeStop()

    def job() -> None:
        if not leading_now(lock):  # checked, not held during the purge (see leading_now)
            log.debug("retention: not the leader, skipped")
            return
        with stopping.running():
            if not stopping.is_set():
                run_retention(settings, engine, stopping.is_set)

    return scheduler.add_job(
        watch_func(job),  # an overrun is one line (bot.overrun), not one per tick
        "interval",
        hours=settings.retention.interval_hours,
        id=JOB_ID,
        name="retention purge",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=utcnow() + timedelta(seconds=first_run_delay),
    )
