"""A first poll that a rate limit cut short is not done: what it leaves for after the wait is
the archive too, stored without pushing.

A source's first poll stores what it finds without pushing it (subscribers get news, not
archives). When a rate limit stopped it midway (the GitHub API's budget spent while the
last commits were re-listed, a site answering 429 to the pages of an outlet's listing),
the poll still counted as the first one done, and the rest of the archive, read after the
wait, was pushed as news: every post of it younger than `max_article_age_hours`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.ingest_state import update_state
from tests.fakes.github import FakeGitHub, make_posts
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, state
from tests.sources.test_github import _deliveries, _ids, _subscribe_all

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def test_a_github_first_poll_cut_by_the_rate_limit_pushes_none_of_its_archive(
    engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    _subscribe_all(engine)
    for i in range(4):  # 400 files: more than a compare lists, read commit by commit
        gh.commit(make_posts(100 * (i + 1), 100, NOW - timedelta(hours=2 - i / 4)))
    cfg = quick("gh", "github", api_url=gh.base_url, raw_url=gh.raw_url, branch="main")
    gh.spend(4, reset_in=1800)  # head, the commit list, two of the four commits
    first = poll_source(settings, engine, cfg)
    assert (first.error, first.new, first.archived) == (None, 200, True), first.line()
    gh.spend(5000, reset_in=-1)  # the reset time has come
    update_state(engine, "gh", cursor={**state(engine, "gh").cursor, "rate": {}})
    rest = poll_source(settings, engine, cfg)
    assert (rest.error, rest.new, rest.archived) == (None, 200, True), rest.line()
    assert _deliveries(engine) == [] and article_count(engine) == 400
    batch = make_posts(2000, 3, NOW)
    gh.commit(batch)
    news = poll_source(settings, engine, cfg)
    assert (news.error, news.new, news.archived) == (None, 3, False)
    assert sorted(_deliveries(engine)) == sorted(_ids(batch))


def test_a_site_first_poll_cut_by_a_429_pushes_none_of_its_archive(
    engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    _subscribe_all(engine)
    with FakeSite(posts=list(posts[:3])) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        _, second, _ = sorted(posts[:3], key=lambda p: p.date)
        site.fail(second.path, 429, headers={"Retry-After": "60"})
        first = poll_source(settings, engine, cfg)
        assert (first.error, first.new, first.archived) == (None, 1, True), first.line()
        site.clear_faults()
        update_state(engine, "site", next_poll_at=None)  # the wait is over
        rest = poll_source(settings, engine, cfg)
        assert (rest.error, rest.new, rest.archived) == (None, 2, True), rest.line()
        assert _deliveries(engine) == []
        site.add(dataclasses.replace(posts[3], date=NOW))  # news: younger than 72 h
        news = poll_source(settings, engine, cfg)
        assert (news.error, news.new, news.archived) == (None, 1, False)
        assert len(_deliveries(engine)) == 1


def test_a_gap_stays_open_while_its_fallbacks_poll_was_cut_short(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    """A feed's gap is filled once its fallback has polled whole since: a poll that a rate
    limit cut short (its first, read on from where it stopped) has not filled it yet, and
    the feed's next polls ask for the fallback again (`bot.gaps`)."""
    from bot.gaps import opened, still_open

    for i in range(4):
        gh.commit(make_posts(100 * (i + 1), 100, NOW - timedelta(hours=2 - i / 4)))
    cfg = quick("gh", "github", api_url=gh.base_url, raw_url=gh.raw_url, branch="main")
    feed = quick("feed", "feed", url="http://127.0.0.1:9/feed.xml", fallback="gh")
    cursor: dict = {}
    opened(cursor, NOW - timedelta(hours=3))
    gh.spend(4, reset_in=1800)
    assert poll_source(settings, sqlite_engine, cfg, fill_gap=True).new == 200
    assert still_open(sqlite_engine, feed, cursor)[0]  # the rest of the gap is not read
    gh.spend(5000, reset_in=-1)
    update_state(sqlite_engine, "gh", cursor={**state(sqlite_engine, "gh").cursor, "rate": {}})
    assert poll_source(settings, sqlite_engine, cfg, fill_gap=True).new == 200
    assert still_open(sqlite_engine, feed, cursor) == (False, None) and "gap" not in cursor
