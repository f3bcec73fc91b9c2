"""poll_source across sources and restarts; poll_all_once; backoff bookkeeping."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import DatabaseConfig, Settings
from bot.ingest import poll_all_once, poll_source
from bot.ingest_state import backoff_seconds, due
from bot.sources import jekyll_dir
from bot.storage.db import make_engine, session_scope
from bot.storage.models import ArticleRow, Chat, Delivery, Subscription
from bot.storage.types import utcnow
from tests.fakes.site import DATA, FakeSite, SitePost, sample_posts
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, state


@pytest.fixture
def posts() -> list[SitePost]:
    return sample_posts()


@pytest.fixture
def site(posts: list[SitePost]) -> Iterator[FakeSite]:
    with FakeSite(posts=list(posts[:3])) as s:
        yield s


def _deliveries(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return sorted(s.execute(sa.select(Delivery.article_id)).scalars())


def test_restart_in_between_reingests_nothing(
    db_url: str, site: FakeSite, posts: list[SitePost]
) -> None:
    settings = Settings(database=DatabaseConfig(url=db_url))
    cfgs = [
        quick("feed", "feed", url=site.url("/feed.xml")),
        quick("site", "jekyll-site", url=site.base_url),
    ]
    engine = make_engine(db_url)
    assert [poll_source(settings, engine, c).error for c in cfgs] == [None, None]
    engine.dispose()
    hits_before = sum(site.hits[p.path] for p in posts)

    # "restart": new engine, new config objects, same database
    site.add(posts[3])
    engine = make_engine(db_url)
    cfgs = [c.model_copy() for c in cfgs]
    feed, web = (poll_source(settings, engine, c) for c in cfgs)
    assert (feed.new, feed.updated, feed.seen) == (1, 0, 3)
    assert web.new == 0 and web.seen == 4  # the feed stored the fourth post already
    # the site fetched only the one page it had never seen
    assert sum(site.hits[p.path] for p in posts) == hits_before + 1
    assert article_count(engine) == 4
    if not db_url.startswith("postgresql"):
        engine.dispose()


def test_same_post_from_feed_and_dir_is_stored_once(
    engine: Engine, site: FakeSite, tmp_path: Path
) -> None:
    settings = Settings()
    posts_dir = tmp_path / "_posts"
    posts_dir.mkdir()
    for f in sorted(DATA.glob("*.md")):
        shutil.copyfile(f, posts_dir / f.name)
    jekyll_dir.forget("dir")
    feed = poll_source(settings, engine, quick("feed", "feed", url=site.url("/feed.xml")))
    local = poll_source(settings, engine, quick("dir", "jekyll-dir", path=str(posts_dir)))
    assert feed.new == 3
    assert (local.new, local.updated, local.seen) == (1, 0, 3)  # identical articles
    assert article_count(engine) == 4
    with Session(engine) as s:
        sources = dict(s.execute(sa.select(ArticleRow.id, ArticleRow.source)).all())
    assert sources["NW202205262393417736"] == "feed"
    assert sources["202510093528800635"] == "dir"


def test_first_poll_does_not_push_later_polls_do(
    engine: Engine, site: FakeSite, posts: list[SitePost]
) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.flush()
        s.add(Subscription(chat_id=1, kind="category", value="emnews"))
        s.add(Subscription(chat_id=1, kind="category", value="cailianshe"))
    settings = Settings()
    settings.delivery.max_article_age_hours = 0  # the sample posts are from 2021-2025
    cfg = quick("feed", "feed", url=site.url("/feed.xml"))
    first = poll_source(settings, engine, cfg)
    assert first.new == 3 and _deliveries(engine) == []
    assert "first poll" in first.line()
    site.add(posts[3])
    assert poll_source(settings, engine, cfg).new == 1
    assert _deliveries(engine) == ["202510093528800635"]


def test_a_post_that_surfaced_late_is_stored_not_pushed(
    engine: Engine, site: FakeSite, posts: list[SitePost]
) -> None:
    """`max_article_age_hours`: a months-old post appearing now is no news."""
    from dataclasses import replace

    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.flush()
        s.add(Subscription(chat_id=1, kind="category", value="emnews"))
        s.add(Subscription(chat_id=1, kind="category", value="cailianshe"))
    settings = Settings()
    assert settings.delivery.max_article_age_hours == 72
    cfg = quick("feed", "feed", url=site.url("/feed.xml"))
    poll_source(settings, engine, cfg)  # the first poll: nothing pushed anyway
    old = posts[3]  # a 财联社 post of 2025, appearing only now
    new_id = "202612030000000001"  # an 东财滚动新闻 post of two hours ago
    base = posts[0]
    fresh = replace(
        base,
        name=new_id,
        date=utcnow() - timedelta(hours=2),
        body=base.body.replace(base.name, new_id),
    )
    site.add(old)
    site.add(fresh)
    report = poll_source(settings, engine, cfg)
    assert report.new == 2 and article_count(engine) == 5  # both stored
    assert _deliveries(engine) == [new_id]  # only the fresh one pushed


def test_push_first_poll_setting(engine: Engine, site: FakeSite) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.flush()
        s.add(Subscription(chat_id=1, kind="category", value="emnews"))
    settings = Settings()
    settings.delivery.push_first_poll = True
    settings.delivery.max_article_age_hours = 0  # the sample posts are from 2021-2025
    poll_source(settings, engine, quick("feed", "feed", url=site.url("/feed.xml")))
    assert _deliveries(engine) == ["202112082206747356", "202112082206799077"]


def test_poll_all_once_one_failing_source_does_not_stop_others(db_url: str, site: FakeSite) -> None:
    site.fail("/broken.xml", 500)
    settings = Settings(
        database=DatabaseConfig(url=db_url),
        sources=[
            quick("broken", "feed", url=site.url("/broken.xml")),
            quick("slow", "feed", url=site.url("/slow.xml"), timeout=0.2, retries=0),
            quick("good", "feed", url=site.url("/feed.xml")),
            quick("off", "feed", url=site.url("/feed.xml"), enabled=False),
        ],
    )
    site.slow("/slow.xml", 1.0)
    reports = poll_all_once(settings)
    assert [r.source for r in reports] == ["broken", "slow", "good"]
    assert reports[0].error and reports[1].error and "timeout" in reports[1].error
    assert reports[2].error is None and reports[2].new == 3


def test_backoff_grows_to_max_and_due_honours_it(sqlite_engine: Engine, site: FakeSite) -> None:
    cfg = quick("f", "feed", url=site.url("/feed.xml"), interval=60, max_backoff=300)
    assert [backoff_seconds(cfg, n) for n in (1, 2, 3, 10)] == [120, 240, 300, 300]
    site.fail("/feed.xml", 500)
    report = poll_source(Settings(), sqlite_engine, cfg)
    assert report.retry_at is not None
    assert not due(sqlite_engine, "f")
    assert due(sqlite_engine, "f", now=utcnow() + timedelta(seconds=121))
    assert due(sqlite_engine, "never-polled")
    assert state(sqlite_engine, "f").last_error_at is not None


def test_failing_long_is_reported_once(
    sqlite_engine: Engine, site: FakeSite, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    caplog.set_level(logging.WARNING)
    site.fail("/feed.xml", 500)
    cfg = quick("f", "feed", url=site.url("/feed.xml"), retries=0, failing_report_after=3)
    for _ in range(5):
        poll_source(Settings(), sqlite_engine, cfg)
    msgs = [r.getMessage() for r in caplog.records]
    assert len(msgs) == 2
    assert msgs[0].startswith("f: poll failed")
    assert msgs[1].startswith("f: failing for 3 polls")
    assert state(sqlite_engine, "f").consecutive_failures == 5


def test_a_post_that_cannot_be_stored_is_retried_next_poll(
    engine: Engine, site: FakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.ingest

    real = bot.ingest.process

    def flaky(session, article, **kw):  # type: ignore[no-untyped-def]
        if article.id == "NW202205262393417736":
            raise ValueError("simulated bad row")
        return real(session, article, **kw)

    monkeypatch.setattr(bot.ingest, "process", flaky)
    cfg = quick("feed", "feed", url=site.url("/feed.xml"))
    first = poll_source(Settings(), engine, cfg)
    assert (first.new, first.skipped, first.store_failures, first.error) == (2, 1, 1, None)
    monkeypatch.setattr(bot.ingest, "process", real)
    second = poll_source(Settings(), engine, cfg)
    assert not second.not_modified  # validators were not saved: the feed is read again
    assert (second.new, second.seen) == (1, 2)


def test_long_item_keys_are_remembered(sqlite_engine: Engine, tmp_path: Path) -> None:
    """A key longer than the column still dedups (prefix + hash)."""
    from bot.ingest import item_key

    long_key = "x" * 600
    assert len(item_key(long_key)) <= 512 and item_key(long_key) == item_key(long_key)
    assert item_key(long_key) != item_key("x" * 601)
    deep = tmp_path / ("d" * 200) / ("e" * 200) / ("f" * 150)
    deep.mkdir(parents=True)
    shutil.copyfile(sorted(DATA.glob("*.md"))[0], deep / sorted(DATA.glob("*.md"))[0].name)
    cfg = quick("dir", "jekyll-dir", path=str(tmp_path))
    jekyll_dir.forget("dir")
    assert poll_source(Settings(), sqlite_engine, cfg).new == 1
    jekyll_dir.forget("dir")
    assert poll_source(Settings(), sqlite_engine, cfg).seen == 1


def test_unexpected_error_is_a_failed_poll_with_traceback(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import logging

    from bot import sources

    def boom(client, cfg, ctx):  # type: ignore[no-untyped-def]
        raise KeyError("bug")

    monkeypatch.setitem(sources.FETCHERS, "jekyll-dir", boom)
    caplog.set_level(logging.WARNING)
    report = poll_source(Settings(), sqlite_engine, quick("d", "jekyll-dir", path="/"))
    assert report.error == "KeyError: 'bug'"
    (rec,) = caplog.records
    assert rec.exc_info is not None
