"""A post page answering 429 (or 503) with `Retry-After`: the server asks the source to
wait, and the source must not go on asking for the other pages of the poll.

A site's rate limit (GitHub Pages answers 429 to a client fetching too fast, as a first
`jekyll-site` poll of an outlet with hundreds of posts does) answered every further page of
the poll 429 too: each was requested at once, each logged a warning of its own, and the
source was polled again at its interval, whatever the server had asked.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.ingest_state import due, update_state
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, state


@pytest.mark.parametrize("kind", ["jekyll-site", "feed"])
@pytest.mark.parametrize("status", [429, 503])
def test_a_page_asking_to_wait_ends_the_polls_fetching_until_then(
    engine: Engine,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    kind: str,
    status: int,
) -> None:
    with FakeSite(posts=[], feed_content=False) as site:
        url = site.base_url if kind == "jekyll-site" else site.url("/feed.xml")
        cfg = quick("s", kind, url=url, retries=2, max_backoff=3600)
        assert poll_source(settings, engine, cfg).error is None  # the first poll: empty
        for post in posts:
            site.add(post)
        oldest, *rest = sorted(posts, key=lambda p: p.date)
        site.fail(oldest.path, status, headers={"Retry-After": "600"})
        caplog.set_level(logging.WARNING)
        before = datetime.now(UTC)
        report = poll_source(settings, engine, cfg)
        assert report.error is None, report.line()
        assert site.hits[oldest.path] == 1  # asked to wait: not asked again in the poll
        assert all(site.hits[p.path] == 0 for p in rest)  # nor the other pages
        assert article_count(engine) == 0
        told = [
            r.getMessage()
            for r in caplog.records
            if r.levelno >= logging.WARNING and "was seen before" not in r.getMessage()
        ]  # the feed's overflow line aside: one line, not one per page
        assert len(told) == 1 and "asks to wait 600 s" in told[0], told
        wait = state(engine, "s").next_poll_at
        assert wait is not None and wait >= before + timedelta(seconds=599)
        assert not due(engine, "s")  # the scheduler waits as asked
        site.clear_faults()
        update_state(engine, "s", next_poll_at=None)  # the time has come
        again = poll_source(settings, engine, cfg)
        assert (again.error, again.new) == (None, len(posts)), again.line()
        assert state(engine, "s").next_poll_at is None
