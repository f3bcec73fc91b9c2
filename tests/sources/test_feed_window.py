"""The feed's 10-entry window: overflow is told, counted and filled (and what the
fallback fills in is pushed, even on its first poll); the default configuration
(config.example.toml's sources) stores every post of a 60-post batch."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import DatabaseConfig, Settings, SourceConfig, load_config
from bot.ingest import poll_all_once, poll_source
from bot.ops.metrics import make_registry
from bot.ops.stats import collect_stats
from bot.ops.stats_text import format_stats
from bot.scheduler import build_scheduler
from bot.storage.db import make_engine, session_scope
from bot.storage.models import Chat, Delivery, SourceState, Subscription
from tests.fakes.github import FakeGitHub, make_posts
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, article_ids

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
NOW = datetime.now(UTC).replace(microsecond=0)
GAP_RETRIES = SourceConfig.model_fields["gap_retries"].default


class Publisher:
    """The site's generator: commits posts to the repository, and the site shows them."""

    def __init__(self, site: FakeSite, gh: FakeGitHub) -> None:
        self.site, self.gh, self.n = site, gh, 0

    def publish(self, count: int, start: datetime) -> set[str]:
        files = make_posts(self.n, count, start)
        self.n += count
        self.gh.commit(files, message=f"{count} posts")
        ids = set()
        for path, data in files.items():
            post = SitePost.from_text(data.decode("utf-8"), path.rsplit("/", 1)[-1])
            self.site.add(post)
            ids.add(path.rsplit("-", 1)[-1].removesuffix(".md").removeprefix("em"))
        return ids


@pytest.fixture
def pub() -> Iterator[Publisher]:
    with FakeSite(posts=[]) as site, FakeGitHub() as gh:
        yield Publisher(site, gh)


def _feed(pub: Publisher, **kw: object) -> SourceConfig:
    return quick("feed", "feed", url=pub.site.url("/feed.xml"), **kw)


def _github(pub: Publisher, **kw: object) -> SourceConfig:
    return quick("gh", "github", api_url=pub.gh.base_url, raw_url=pub.gh.raw_url, **kw)


def _subscribe_to_every_outlet(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.flush()
        for slug in ("cailianshe", "emnews", "meirijingjixinwen", "shanghaizhengquanbao"):
            s.add(Subscription(chat_id=1, kind="category", value=slug))


def _pushed(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(Delivery.article_id)).scalars())


def test_overflow_is_warned_once_per_streak_and_counted(
    engine: Engine, pub: Publisher, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    cfg = _feed(pub)
    pub.publish(5, NOW - timedelta(hours=3))
    first = poll_source(settings, engine, cfg)
    assert first.new == 5 and not first.overflow  # the first poll is not an overflow
    caplog.set_level(logging.INFO)
    pub.publish(15, NOW - timedelta(hours=2))
    second = poll_source(settings, engine, cfg)
    assert second.overflow and second.new == 10  # the other 5 were never listed
    pub.publish(15, NOW - timedelta(hours=1))
    assert poll_source(settings, engine, cfg).overflow
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "may be missing" in warnings[0].getMessage()
    pub.publish(3, NOW)
    fourth = poll_source(settings, engine, cfg)
    assert not fourth.overflow and fourth.new == 3
    assert any("covers the new posts again" in r.getMessage() for r in caplog.records)

    src = {s["name"]: s for s in collect_stats(engine)["sources"]}
    assert src["feed"]["feed_overflows"] == 2
    assert "feed window overflowed 2 times" in format_stats(collect_stats(engine))
    value = make_registry(engine).get_sample_value(
        "finews_source_feed_overflows_total", {"source": "feed"}
    )
    assert value == 2


def test_poll_all_once_fills_the_gap_from_the_fallback(
    db_url: str, pub: Publisher, caplog: pytest.LogCaptureFixture
) -> None:
    # The github source is listed first: without the fallback it would not see the
    # batch the feed overflowed on until the next round.
    gh, feed = _github(pub), _feed(pub, fallback="gh")
    settings = Settings(database=DatabaseConfig(url=db_url), sources=[gh, feed])
    pub.publish(4, NOW - timedelta(hours=2))
    assert [r.error for r in poll_all_once(settings)] == [None, None]
    pub.gh.commit(make_posts(900, 1, NOW - timedelta(minutes=90)))  # repo-only change first
    assert [r.source for r in poll_all_once(settings)] == ["gh", "feed"]
    ids = pub.publish(30, NOW - timedelta(hours=1))
    settings.sources = [gh.model_copy(update={"enabled": False}), feed]  # gap-filler only
    reports = poll_all_once(settings)
    assert [r.source for r in reports] == ["feed", "gh"]
    assert reports[0].overflow and reports[0].new == 10 and reports[1].new == 20
    engine = make_engine(db_url)
    try:
        assert ids <= article_ids(engine)
    finally:
        engine.dispose()


@pytest.mark.parametrize("fallback", ["disabled", "later in the round"])
def test_a_fallback_first_polled_for_a_gap_pushes_what_it_fills_in(
    db_url: str, pub: Publisher, fallback: str
) -> None:
    """The feed did its first poll (the archive, pushed to no one); a fallback that first
    polls because the feed overflowed fills in news, not archive: its first poll re-reads
    the last commits, which reach back before the install, to posts older than the feed's
    window then (`older`), and those are not pushed either."""
    engine = make_engine(db_url)
    try:
        _subscribe_to_every_outlet(engine)
        feed = _feed(pub, fallback="gh")
        gh = _github(pub, enabled=fallback != "disabled")
        older = pub.publish(15, NOW - timedelta(hours=6))
        archive = pub.publish(4, NOW - timedelta(hours=3))
        # An enabled fallback is added to the configuration after the install.
        first = (
            [feed, gh] if fallback == "disabled" else [feed.model_copy(update={"fallback": None})]
        )
        settings = Settings(database=DatabaseConfig(url=db_url), sources=first)
        assert [r.error for r in poll_all_once(settings)] == [None]  # a fresh install
        assert archive <= article_ids(engine) and _pushed(engine) == set()
        ids = pub.publish(30, NOW - timedelta(hours=1))  # the feed lists 10 of them
        settings.sources = [feed, gh]
        reports = poll_all_once(settings)
        assert [r.source for r in reports] == ["feed", "gh"] and reports[0].overflow
        assert (reports[0].new, reports[1].new) == (10, 20 + 9)  # 6 older were in the window
        pushed = _pushed(engine)
        assert older <= article_ids(engine)
        assert len(pushed & ids) == 30 and pushed == ids  # all 30 pushed, none of the archive
        assert "stored without pushing" not in reports[1].line()
    finally:
        engine.dispose()


@pytest.mark.parametrize("enabled", [False, True])
def test_scheduler_runs_the_woken_fallback_as_a_gap_filler(
    sqlite_engine: Engine, pub: Publisher, enabled: bool
) -> None:
    """The fallback's job (a one-off run for a disabled one; its own job, which never
    polled here, for an enabled one) pushes what its first poll fills in."""
    _subscribe_to_every_outlet(sqlite_engine)
    feed, gh = _feed(pub, fallback="gh"), _github(pub, enabled=enabled)
    settings = Settings(sources=[gh, feed])
    pub.publish(15, NOW - timedelta(hours=6))  # older than the feed's window at the install
    pub.publish(4, NOW - timedelta(hours=3))

    async def run() -> tuple[set[str], int]:
        scheduler = build_scheduler(settings, sqlite_engine)
        scheduler.start(paused=True)  # jobs run only when this test calls them
        try:
            poll_feed = scheduler.get_job("feed")
            first = await poll_feed.func(*poll_feed.args, **poll_feed.kwargs)
            assert first is not None and first.error is None and first.first_poll
            ids = pub.publish(30, NOW - timedelta(hours=1))
            second = await poll_feed.func(*poll_feed.args, **poll_feed.kwargs)
            assert second is not None and second.overflow  # wakes gh
            fill = scheduler.get_job("gh")
            filled = await fill.func(*fill.args, **fill.kwargs)
            assert filled is not None and filled.first_poll
            return ids, filled.new
        finally:
            scheduler.shutdown(wait=False)

    ids, filled = asyncio.run(run())
    pushed = _pushed(sqlite_engine)
    assert filled == 20 + 9 and len(pushed & ids) == 30 and pushed == ids


def test_scheduler_wakes_the_fallback_job(sqlite_engine: Engine, pub: Publisher) -> None:
    gh, feed = _github(pub, interval=3600), _feed(pub, fallback="gh")

    async def run(sources: list[SourceConfig]) -> tuple[datetime | None, bool]:
        settings = Settings(sources=sources)
        scheduler = build_scheduler(settings, sqlite_engine)
        scheduler.start(paused=True)
        try:
            wake = scheduler.get_job("feed").args[4]
            before = scheduler.get_job("gh")
            wake(feed, None)
            job = scheduler.get_job("gh")
            return job.next_run_time, before is None
        finally:
            scheduler.shutdown(wait=False)

    when, added = asyncio.run(run([gh, feed]))
    assert not added and when is not None and when <= datetime.now(UTC) + timedelta(seconds=1)
    when, added = asyncio.run(run([gh.model_copy(update={"enabled": False}), feed]))
    assert added and when is not None  # a disabled fallback gets a one-off run


def _backoff_passed(engine: Engine, name: str) -> None:
    """The failed source's backoff is over (as if its `next_poll_at` had come)."""
    with session_scope(engine) as s:
        s.execute(sa.update(SourceState).where(SourceState.name == name).values(next_poll_at=None))


def _sources(reports: list) -> list[str]:
    return [r.source for r in reports]


def test_a_failed_fallback_is_retried_on_the_following_polls_until_it_fills_the_gap(
    db_url: str, pub: Publisher
) -> None:
    """The fallback failed when the feed overflowed; the next poll's feed lists only
    seen entries (no overflow), yet the gap is still open: the fallback is polled again
    (once its backoff is over) until it fills the gap, and then no more."""
    engine = make_engine(db_url)
    try:
        _subscribe_to_every_outlet(engine)
        feed, gh = _feed(pub, fallback="gh"), _github(pub, enabled=False)
        settings = Settings(database=DatabaseConfig(url=db_url), sources=[feed, gh])
        pub.publish(4, NOW - timedelta(hours=3))
        assert _sources(poll_all_once(settings)) == ["feed"]  # the install
        ids = pub.publish(30, NOW - timedelta(hours=1))  # the feed lists 10 of them
        pub.gh.spend(0, 3600)  # GitHub's rate limit is spent: the fallback fails
        reports = poll_all_once(settings)
        assert _sources(reports) == ["feed", "gh"] and reports[0].overflow
        assert reports[1].error and "rate limit" in reports[1].error
        assert _sources(poll_all_once(settings)) == ["feed"]  # gh is backing off
        pub.gh.spend(5000, 3600)
        _backoff_passed(engine, "gh")
        reports = poll_all_once(settings)
        assert not reports[0].overflow and _sources(reports) == ["feed", "gh"]
        assert reports[1].error is None and reports[1].new == 20
        assert ids <= article_ids(engine) and _pushed(engine) == ids
        assert _sources(poll_all_once(settings)) == ["feed"]  # filled: not polled again
    finally:
        engine.dispose()


def test_a_fallback_failing_on_every_retry_is_given_up_with_a_warning(
    db_url: str, pub: Publisher, caplog: pytest.LogCaptureFixture
) -> None:
    feed, gh = _feed(pub, fallback="gh"), _github(pub, enabled=False)
    settings = Settings(database=DatabaseConfig(url=db_url), sources=[feed, gh])
    pub.publish(4, NOW - timedelta(hours=3))
    poll_all_once(settings)
    pub.publish(30, NOW - timedelta(hours=1))
    pub.gh.spend(0, 3600)
    assert _sources(poll_all_once(settings)) == ["feed", "gh"]  # the overflow's own try
    engine = make_engine(db_url)
    try:
        caplog.set_level(logging.INFO)
        for _ in range(GAP_RETRIES):
            _backoff_passed(engine, "gh")
            reports = poll_all_once(settings)
            assert _sources(reports) == ["feed", "gh"] and reports[1].error
        _backoff_passed(engine, "gh")
        assert _sources(poll_all_once(settings)) == ["feed"]
        assert _sources(poll_all_once(settings)) == ["feed"]
    finally:
        engine.dispose()
    given_up = [r for r in caplog.records if "giving up" in r.getMessage()]
    assert len(given_up) == 1 and given_up[0].levelno == logging.WARNING
    assert "gh" in given_up[0].getMessage() and "may be missing" in given_up[0].getMessage()


def test_the_gap_retry_limit_is_the_feeds_gap_retries(
    db_url: str, pub: Publisher, caplog: pytest.LogCaptureFixture
) -> None:
    """`gap_retries` (default 10) bounds the fallback's retries for one gap: an operator
    whose fallback is rate-limited for hours can give it more, or fewer."""
    assert SourceConfig(name="f", kind="feed", url="https://x/feed.xml").gap_retries == 10
    feed, gh = _feed(pub, fallback="gh", gap_retries=2), _github(pub, enabled=False)
    settings = Settings(database=DatabaseConfig(url=db_url), sources=[feed, gh])
    pub.publish(4, NOW - timedelta(hours=3))
    poll_all_once(settings)
    pub.publish(30, NOW - timedelta(hours=1))
    pub.gh.spend(0, 3600)
    assert _sources(poll_all_once(settings)) == ["feed", "gh"]  # the overflow's own try
    engine = make_engine(db_url)
    try:
        caplog.set_level(logging.INFO)
        for _ in range(2):
            _backoff_passed(engine, "gh")
            assert _sources(poll_all_once(settings)) == ["feed", "gh"]
        _backoff_passed(engine, "gh")
        assert _sources(poll_all_once(settings)) == ["feed"]
    finally:
        engine.dispose()
    told = [r.getMessage() for r in caplog.records if "gap" in r.getMessage()]
    assert any("at most 2 times" in m for m in told)
    assert any("giving up" in m and "after 2 retries" in m for m in told)


def test_scheduler_wakes_a_failed_fallback_again_on_the_feeds_next_poll(
    sqlite_engine: Engine, pub: Publisher
) -> None:
    """A disabled fallback runs once per wake (a one-off job): after it failed, the feed's
    next poll (no overflow) wakes it again, and that run pushes the gap's posts."""
    _subscribe_to_every_outlet(sqlite_engine)
    feed, gh = _feed(pub, fallback="gh"), _github(pub, enabled=False)
    settings = Settings(sources=[gh, feed])
    pub.publish(4, NOW - timedelta(hours=3))

    async def run() -> set[str]:
        scheduler = build_scheduler(settings, sqlite_engine)
        scheduler.start(paused=True)  # jobs run only when this test calls them
        try:
            poll_feed = scheduler.get_job("feed")
            assert (await poll_feed.func(*poll_feed.args, **poll_feed.kwargs)).first_poll
            ids = pub.publish(30, NOW - timedelta(hours=1))
            pub.gh.spend(0, 3600)
            assert (await poll_feed.func(*poll_feed.args, **poll_feed.kwargs)).overflow
            fill = scheduler.get_job("gh")
            assert (await fill.func(*fill.args, **fill.kwargs)).error
            scheduler.remove_job("gh")  # the one-off run is over
            pub.gh.spend(5000, 3600)
            _backoff_passed(sqlite_engine, "gh")
            third = await poll_feed.func(*poll_feed.args, **poll_feed.kwargs)
            assert third is not None and not third.overflow
            fill = scheduler.get_job("gh")
            assert fill is not None  # woken again
            filled = await fill.func(*fill.args, **fill.kwargs)
            assert filled is not None and filled.error is None and filled.new == 20
            return ids
        finally:
            scheduler.shutdown(wait=False)

    ids = asyncio.run(run())
    assert _pushed(sqlite_engine) == ids


def test_default_config_stores_all_60_posts_of_a_batch(
    engine: Engine, pub: Publisher, settings: Settings
) -> None:
    example = load_config(EXAMPLE, env={})
    sources = []
    for cfg in example.sources:  # the same sources, pointed at the fakes on 127.0.0.1
        if cfg.kind == "github":
            cfg = cfg.model_copy(update={"api_url": pub.gh.base_url, "raw_url": pub.gh.raw_url})
        elif cfg.kind in ("feed", "jekyll-site"):
            cfg = cfg.model_copy(update={"url": pub.site.url("/feed.xml")})
        sources.append(cfg.model_copy(update={"retry_wait": 0.01}))
    assert sources and all(c.kind != "jekyll-dir" for c in sources if c.enabled)
    pub.publish(6, NOW - timedelta(hours=2))
    for cfg in sources:
        if cfg.enabled:
            assert poll_source(settings, engine, cfg).error is None
    stored = article_count(engine)
    ids = pub.publish(60, NOW - timedelta(hours=1))
    assert len(pub.site.posts) == 66 and pub.site.feed_limit == 10  # the feed shows 10 of 60
    for cfg in sources:
        if cfg.enabled:
            assert poll_source(settings, engine, cfg).error is None
    assert ids <= article_ids(engine) and article_count(engine) == stored + 60
