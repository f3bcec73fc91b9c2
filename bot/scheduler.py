"""One APScheduler job per enabled source, inside the bot's asyncio loop.

Polls are blocking (httpx.Client, SQLAlchemy sessions) and run in a daemon worker
thread (`_in_daemon_thread`), so Telegram handlers never wait on a slow site and a
hung one does not hold the process at exit.
`max_instances=1` + `coalesce=True`: a slow poll is never overlapped by the next
one and missed runs collapse into one; `bot.overrun` says so in one line (not
APScheduler's warning at every tick). A source backing off after failures keeps
its job; each run checks `source_state.next_poll_at` and returns at once while it
is in the future, so the failing source is retried at the slower pace.

`lock`, when given (delivery's leader lock, `bot.storage.locks`), is a callable
returning a context manager (sync or async) that yields whether this process
leads. It is entered just before each poll as a leadership check; a non-leader
skips the poll. It is not held for the whole poll: on SQLite it is an in-process
non-blocking mutex, and holding it during a slow poll would make the other
sources' polls skip; on PostgreSQL the advisory lock stays held by the leader's
connection anyway, so the check is what matters.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine

from bot.config import Settings, SourceConfig
from bot.ingest import PollReport, poll_source
from bot.ingest_state import due
from bot.overrun import watch, watch_func
from bot.storage.models import SourceState
from bot.storage.outage import Outage
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


def _first_run(engine: Engine, cfg: SourceConfig) -> datetime:
    """Now, or the stored backoff time if the source was failing before a restart."""
    from sqlmodel import Session

    now = utcnow()
    try:
        with Session(engine) as s:
            state = s.get(SourceState, cfg.name)
    except Exception:  # no table yet: migrations run before the scheduler starts anyway
        return now
    if state is not None and state.next_poll_at and state.next_poll_at > now:
        return state.next_poll_at
    return now


def _poll_locked_sync(
    settings: Settings,
    engine: Engine,
    cfg: SourceConfig,
    lock: Callable[[], Any] | None,
    fill_gap: bool = False,
    gap_since: datetime | None = None,
) -> PollReport | None:
    if not due(engine, cfg.name):
        return None
    if lock is not None:
        with lock() as held:
            if held is False:
                return None
    return poll_source(settings, engine, cfg, fill_gap=fill_gap, gap_since=gap_since)


@watch_func
async def poll_job(
    settings: Settings,
    engine: Engine,
    cfg: SourceConfig,
    lock: Callable[[], Any] | None = None,
    on_overflow: Callable[[SourceConfig, datetime | None], None] | None = None,
    fill_gap: bool = False,
    gap_since: datetime | None = None,
) -> PollReport | None:
    """One scheduled run; None when skipped (backing off, or not the leader).

    A feed whose window overflowed, or whose gap a failed fallback poll left open
    (`bot.gaps`), calls `on_overflow` (the scheduler wakes the feed's `fallback` source
    so it fills the gap now rather than at its next interval).
    `fill_gap`, `gap_since`: this source was woken so; see `poll_source`.
    """
    report = await _poll_job(settings, engine, cfg, lock, fill_gap, gap_since)
    if report is not None and report.wants_fallback and cfg.fallback and on_overflow:
        on_overflow(cfg, report.gap_since)
    return report


async def _in_daemon_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """`fn(*args)` in a daemon thread of its own, awaited.

    Not `asyncio.to_thread`: asyncio.run joins the executor's threads at exit, without a
    time limit, so a poll hung on a source (up to its timeout, git pull's included) held
    the process after SIGTERM, and `docker stop` ended it with SIGKILL. A daemon thread
    ends with the process; a poll's writes are transactions, so one cut off is not half
    stored, and its source is polled again at the next start.
    """
    loop = asyncio.get_running_loop()
    done: asyncio.Future[Any] = loop.create_future()

    def settle(ok: bool, value: Any) -> None:
        if done.done():  # the job was cancelled meanwhile (shutdown)
            return
        if ok:
            done.set_result(value)
        else:
            done.set_exception(value)

    def work() -> None:
        try:
            result: tuple[bool, Any] = (True, fn(*args))
        except BaseException as exc:  # handed to the awaiting job, like to_thread
            result = (False, exc)
        with contextlib.suppress(RuntimeError):  # the loop closed: the process is ending
            loop.call_soon_threadsafe(settle, *result)

    threading.Thread(target=work, name="poll", daemon=True).start()
    return await done


async def _poll_job(
    settings: Settings,
    engine: Engine,
    cfg: SourceConfig,
    lock: Callable[[], Any] | None,
    fill_gap: bool,
    gap_since: datetime | None,
) -> PollReport | None:
    database = _OUTAGES.setdefault(cfg.name, Outage(log, f"{cfg.name}: poll job", engine))
    try:
        report = await _poll_held(settings, engine, cfg, lock, fill_gap, gap_since)
    except asyncio.CancelledError:  # shutdown: asyncio.run cancels the poll still waiting
        log.info("%s: poll cut short by shutdown (nothing of it half stored)", cfg.name)
        return None
    except Exception as exc:  # poll_source never raises; this guards the lock and the state read
        database.failed(exc)  # an outage: one line; anything else: its traceback
        return None
    database.ok()
    return report


# Per source: the poll job's lock and state read fail at every interval while the
# database is down; told once (`bot.storage.outage`).
_OUTAGES: dict[str, Outage] = {}


async def _poll_held(
    settings: Settings,
    engine: Engine,
    cfg: SourceConfig,
    lock: Callable[[], Any] | None,
    fill_gap: bool,
    gap_since: datetime | None,
) -> PollReport | None:
    run = functools.partial(_poll_locked_sync, fill_gap=fill_gap, gap_since=gap_since)
    if lock is not None:
        cm = lock()
        if hasattr(cm, "__aenter__"):
            async with cm as held:
                if held is False:
                    return None
            return await _in_daemon_thread(run, settings, engine, cfg, None)
        # A sync context manager: entered in the worker thread, it may block.
        return await _in_daemon_thread(run, settings, engine, cfg, lambda: cm)
    return await _in_daemon_thread(run, settings, engine, cfg, None)


def build_scheduler(
    settings: Settings, engine: Engine, *, lock: Callable[[], Any] | None = None
) -> AsyncIOScheduler:
    """The scheduler with one interval job per enabled source (job id = source name)."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    watch(scheduler)  # a poll slower than its interval: one line, not one per tick

    def wake_fallback(feed: SourceConfig, gap_since: datetime | None) -> None:
        """Run the feed's fallback source now: its own job if it has one (never two polls
        of one source at once: max_instances=1), else a one-off run (a disabled source
        kept only to fill gaps). Either runs with `fill_gap`, so a fallback that has not
        polled before pushes what it fills in; its job keeps the flag, which changes
        nothing once the source's first poll is done (so does `gap_since`, which keeps such
        a first poll from pushing the archive it also reads)."""
        name = feed.fallback
        fallback = next((s for s in settings.sources if s.name == name), None)
        if fallback is None:
            return
        log.info("%s: polling %s now to fill the feed's gap", feed.name, name)
        now = datetime.now(UTC)
        kwargs = {"fill_gap": True, "gap_since": gap_since}
        if scheduler.get_job(name) is not None:
            scheduler.modify_job(name, next_run_time=now, kwargs=kwargs)
            return
        scheduler.add_job(
            poll_job,
            args=[settings, engine, fallback, lock],
            kwargs=kwargs,
            id=name,
            name=f"fill gap from {name} ({fallback.kind})",
            max_instances=1,
            next_run_time=now,
            misfire_grace_time=None,
        )

    for cfg in settings.sources:
        if not cfg.enabled:
            continue
        scheduler.add_job(
            poll_job,
            IntervalTrigger(seconds=cfg.interval, timezone=UTC),
            args=[settings, engine, cfg, lock, wake_fallback],
            id=cfg.name,
            name=f"poll {cfg.name} ({cfg.kind})",
            max_instances=1,
            coalesce=True,
            misfire_grace_time=cfg.interval,
            next_run_time=_first_run(engine, cfg),
        )
    if not any(cfg.enabled for cfg in settings.sources):
        # the embedded defaults (`run` without --config) have none: a bot that never pushes
        log.warning(
            "no enabled [[sources]] in the configuration: nothing is polled and no news is "
            "pushed (see config.example.toml; `finews-bot run --config config.toml`)"
        )
    return scheduler
