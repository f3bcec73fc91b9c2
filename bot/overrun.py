"""One log line when a scheduled job overruns its interval, and one when it is back.

With `max_instances=1`, APScheduler 3 logs 'Execution of job ... skipped: maximum number
of running instances reached' at every tick a job is still running: a poll hung on a
slow site for ten minutes at a 60 s interval filled the operator's log with ten of
them. For our jobs (`watch_func`) that warning is dropped by a filter on APScheduler's
own logger, so its other warnings (a missed run, a failed submission, another
program's jobs) still show; a scheduler listener (`watch`) says instead, once:
'<job>: still running after N s (interval M s); the runs due meanwhile are
skipped', and, when the run ends, '<job>: back on time (the late run took N s)'.
"""

from __future__ import annotations

import logging
import time
import weakref
from collections.abc import Callable
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)

log = logging.getLogger(__name__)

SCHEDULER_LOGGER = "apscheduler.scheduler"
_SKIPPED = 'Execution of job "%s" skipped: maximum number of running'
_watched: weakref.WeakSet[Callable[..., Any]] = weakref.WeakSet()


class _QuietOverruns(logging.Filter):
    """Drops APScheduler's per-tick 'maximum number of running instances' warning for
    the jobs whose function was given to `watch_func`; every other record passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not (isinstance(record.msg, str) and record.msg.startswith(_SKIPPED)):
            return True
        job = record.args[0] if isinstance(record.args, tuple) and record.args else None
        return getattr(job, "func", None) not in _watched


_FILTER = _QuietOverruns()


def watch_func(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a job function as ours: its overruns are reported by `watch`, not by
    APScheduler at every tick. Returns `func` (usable as a decorator)."""
    _watched.add(func)
    logger = logging.getLogger(SCHEDULER_LOGGER)
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
    return func


def _interval_s(job: Any) -> float | None:
    interval = getattr(getattr(job, "trigger", None), "interval", None)
    return interval.total_seconds() if interval is not None else None


def watch(scheduler: Any) -> None:
    """Log one line when a watched job of `scheduler` overruns, one when it ends."""
    started: dict[str, float] = {}
    late: set[str] = set()

    def ours(job_id: str) -> Any:
        job = scheduler.get_job(job_id)
        return job if job is not None and job.func in _watched else None

    def on_event(event: JobEvent) -> None:
        now = time.monotonic()
        if event.code == EVENT_JOB_SUBMITTED:
            started[event.job_id] = now
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            job = ours(event.job_id)
            if job is None or event.job_id in late:
                return
            late.add(event.job_id)
            took = now - started.get(event.job_id, now)
            every = _interval_s(job)  # a run woken early (a feed's fallback) is due sooner
            interval = f" (interval {every:.0f} s)" if every else ""
            log.warning(
                "%s: still running after %.0f s%s; the runs due meanwhile are skipped",
                job.name,
                took,
                interval,
            )
        elif event.job_id in late:  # executed or raised: the late run is over
            late.discard(event.job_id)
            job = scheduler.get_job(event.job_id)
            took = now - started.pop(event.job_id, now)
            name = job.name if job is not None else event.job_id
            log.info("%s: back on time (the late run took %.0f s)", name, took)

    scheduler.add_listener(
        on_event,
        EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR,
    )
