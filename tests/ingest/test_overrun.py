"""A poll slower than its interval: one line from us when it overruns, one when it is
back on time, and not APScheduler's warning at every tick (a real slow site, a real
AsyncIOScheduler in the running loop)."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.scheduler import build_scheduler
from tests.fakes.site import FakeSite, sample_posts
from tests.sources.conftest import quick

SKIPPED = "maximum number of running instances reached"


async def _until(check, seconds: float) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_a_slow_poll_is_one_line_not_a_warning_per_tick(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """A site answering in 3.5 s, polled every second: APScheduler logged 'skipped:
    maximum number of running instances reached' at each of the ~3 ticks (at a 60 s
    interval, a poll hung for ten minutes filled the log with ten). Now one WARNING
    says the poll overruns, one INFO that it is back on time; APScheduler's warning
    still shows for a job that is not ours."""
    with FakeSite(posts=sample_posts()[:3]) as site:
        cfg = quick("slowfeed", "feed", url=site.url("/feed.xml"), timeout=20, retries=0)
        cfg.interval = 1  # below the config's floor of 5 s, to keep the test short
        settings = Settings(sources=[cfg])
        site.slow("/feed.xml", 3.5, times=1)
        scheduler = build_scheduler(settings, sqlite_engine)

        async def foreign() -> None:  # someone else's job in the same scheduler
            with contextlib.suppress(asyncio.CancelledError):  # the shutdown
                await asyncio.sleep(2.5)

        scheduler.add_job(foreign, "interval", seconds=1, id="foreign", max_instances=1)
        caplog.set_level(logging.INFO)
        scheduler.start()
        try:
            # the slow poll, then at least one on-time poll after it
            await _until(lambda: site.hits["/feed.xml"] >= 2, 30)
            await asyncio.sleep(1.5)
        finally:
            scheduler.shutdown(wait=False)

    ours = [r for r in caplog.records if SKIPPED in r.getMessage() and "slowfeed" in r.getMessage()]
    assert ours == [], [r.getMessage() for r in ours]
    late = [r for r in caplog.records if "still running after" in r.getMessage()]
    assert len(late) == 1, [r.getMessage() for r in late]
    assert late[0].levelno == logging.WARNING
    assert late[0].getMessage().startswith("poll slowfeed (feed): still running after ")
    assert "(interval 1 s); the runs due meanwhile are skipped" in late[0].getMessage()
    back = [r for r in caplog.records if "back on time" in r.getMessage()]
    assert [r.getMessage().split(" (the")[0] for r in back] == [
        "poll slowfeed (feed): back on time"
    ]
    foreign_skips = [
        r for r in caplog.records if SKIPPED in r.getMessage() and "foreign" in r.getMessage()
    ]
    assert foreign_skips, "APScheduler's warning must still show for other jobs"
