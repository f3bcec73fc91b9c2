"""build_scheduler / poll_job inside a running asyncio loop (as in the bot)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import timedelta

import pytest
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.ingest_state import update_state
from bot.scheduler import build_scheduler, poll_job
from bot.storage.types import utcnow
from tests.fakes.site import FakeSite, sample_posts
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite(posts=sample_posts()[:3]) as s:
        yield s


def _settings(site: FakeSite) -> Settings:
    return Settings(
        sources=[
            quick("feed", "feed", url=site.url("/feed.xml"), interval=30),
            quick("site", "jekyll-site", url=site.base_url, interval=90),
            quick("off", "feed", url=site.url("/feed.xml"), enabled=False),
        ]
    )


async def test_one_job_per_enabled_source(sqlite_engine: Engine, site: FakeSite) -> None:
    settings = _settings(site)
    # "site" was failing before the restart: its first run waits for the backoff
    poll_source(settings, sqlite_engine, settings.sources[1])
    later = utcnow() + timedelta(minutes=10)
    update_state(sqlite_engine, "site", next_poll_at=later)
    scheduler = build_scheduler(settings, sqlite_engine)
    scheduler.start(paused=True)
    try:
        jobs = {j.id: j for j in scheduler.get_jobs()}
        assert set(jobs) == {"feed", "site"}
        feed = jobs["feed"]
        assert isinstance(feed.trigger, IntervalTrigger)
        assert feed.trigger.interval == timedelta(seconds=30)
        assert feed.max_instances == 1 and feed.coalesce is True
        assert abs((jobs["site"].next_run_time - later).total_seconds()) < 1
        assert feed.next_run_time <= utcnow() + timedelta(seconds=1)
    finally:
        scheduler.shutdown(wait=False)


async def test_scheduler_polls_in_the_running_loop(sqlite_engine: Engine, site: FakeSite) -> None:
    settings = Settings(sources=[quick("feed", "feed", url=site.url("/feed.xml"))])
    scheduler = build_scheduler(settings, sqlite_engine)
    scheduler.start()
    try:
        for _ in range(100):
            if article_count(sqlite_engine) == 3:
                break
            await asyncio.sleep(0.05)
        assert article_count(sqlite_engine) == 3
    finally:
        scheduler.shutdown(wait=False)


async def test_poll_job_skips_while_backing_off(sqlite_engine: Engine, site: FakeSite) -> None:
    settings = Settings()
    cfg = quick("feed", "feed", url=site.url("/feed.xml"))
    site.fail("/feed.xml", 500)
    failed = await poll_job(settings, sqlite_engine, cfg)
    assert failed is not None and failed.error
    site.clear_faults()
    assert await poll_job(settings, sqlite_engine, cfg) is None  # next_poll_at in the future
    update_state(sqlite_engine, "feed", next_poll_at=utcnow() - timedelta(seconds=1))
    report = await poll_job(settings, sqlite_engine, cfg)
    assert report is not None and report.new == 3


async def test_lock_sync_and_async(sqlite_engine: Engine, site: FakeSite) -> None:
    settings = Settings()
    cfg = quick("feed", "feed", url=site.url("/feed.xml"))
    entered: list[str] = []

    @contextmanager
    def not_leader() -> Iterator[bool]:
        entered.append("sync")
        yield False

    @asynccontextmanager
    async def leader() -> AsyncIterator[bool]:
        entered.append("async")
        yield True

    assert await poll_job(settings, sqlite_engine, cfg, not_leader) is None
    assert article_count(sqlite_engine) == 0
    report = await poll_job(settings, sqlite_engine, cfg, leader)
    assert report is not None and report.new == 3
    assert entered == ["sync", "async"]


async def test_leader_check_does_not_serialise_sources(
    sqlite_engine: Engine, site: FakeSite
) -> None:
    """Like the SQLite leader lock (a non-blocking mutex): a slow poll of one source
    must not make a concurrent poll of another source skip."""
    import threading

    mutex = threading.Lock()

    @contextmanager
    def sqlite_like_lock() -> Iterator[bool]:
        got = mutex.acquire(blocking=False)
        try:
            yield got
        finally:
            if got:
                mutex.release()

    site.slow("/slow.xml", 0.6)
    settings = Settings()
    slow = quick("slow", "feed", url=site.url("/slow.xml"), timeout=2)
    fast = quick("fast", "feed", url=site.url("/feed.xml"))
    slow_task = asyncio.create_task(poll_job(settings, sqlite_engine, slow, sqlite_like_lock))
    await asyncio.sleep(0.2)
    fast_report = await poll_job(settings, sqlite_engine, fast, sqlite_like_lock)
    assert fast_report is not None and fast_report.new == 3
    assert await slow_task is not None


async def test_polls_go_on_while_the_retention_purge_runs(
    sqlite_engine: Engine, site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The purge job and the poll jobs share the leader lock (`run` passes one to both).
    On SQLite that lock is a non-blocking in-process mutex: a purge that held it for its
    whole run (minutes, on a big database) made every poll due meanwhile skip silently."""
    import threading

    from bot.ops import retention
    from bot.storage.locks import leader_lock

    purging, finish = threading.Event(), threading.Event()
    real = retention.run_retention

    def slow_purge(settings: Settings, engine: Engine, *stop: object) -> object:
        purging.set()
        finish.wait(30)
        return real(settings, engine)

    monkeypatch.setattr(retention, "run_retention", slow_purge)
    settings = Settings()
    lock = leader_lock(sqlite_engine)
    job = retention.schedule(
        build_scheduler(settings, sqlite_engine), settings, sqlite_engine, lock=lock
    )
    purge = threading.Thread(target=job.func)
    purge.start()
    try:
        assert await asyncio.to_thread(purging.wait, 30)
        cfg = quick("feed", "feed", url=site.url("/feed.xml"))
        report = await poll_job(settings, sqlite_engine, cfg, lock)
    finally:
        finish.set()
        purge.join(30)
    assert report is not None and report.new == 3
    assert article_count(sqlite_engine) == 3
