"""`jekyll-site`'s first poll of the real site's outlet pages is bounded.

The site's `_layouts/category.html` (zning1994/finews) lists `site.categories[page.category]`
with no limit: EVERY post the outlet ever had. A first poll that fetched each listed page
took hours for a big outlet. It reads the listing, fetches only the newest
`FIRST_POLL_POSTS` of each page, and records the older listed links as the archive (seen,
never fetched, never pushed).
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_site
from bot.storage.seen import SeenItems
from tests.fakes.site import FakeSite, SitePost, sample_posts
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count

OLD = 300  # posts the outlet page lists before the bot starts


def _outlet(n: int) -> list[SitePost]:
    """`n` emnews posts a minute apart, oldest first, each its own article (no outlet link)."""
    first = next(p for p in sample_posts() if p.category == "emnews")
    return [
        replace(
            first,
            name=f"20220526{i:010d}",
            title=f"快讯第{i}条",
            date=first.date + timedelta(minutes=i),
            body=f"数据显示，第{i}条快讯的正文。\n",
        )
        for i in range(n)
    ]


def _post_hits(site: FakeSite) -> int:
    return sum(n for path, n in site.hits.items() if not path.startswith("/category/"))


def test_a_first_poll_fetches_a_bounded_window_and_archives_the_rest(
    sqlite_engine: Engine, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    window = jekyll_site.FIRST_POLL_POSTS
    assert window < OLD
    posts = _outlet(OLD + 1)
    with FakeSite(posts=posts[:OLD], layout="finews") as site:
        cfg = quick("site", "jekyll-site", url=site.base_url, categories=["emnews"])
        first = poll_source(settings, sqlite_engine, cfg)
        assert first.error is None and first.archived, first.line()
        assert _post_hits(site) == window  # not one request per listed post
        assert (first.new, first.skipped) == (window, 0)
        assert article_count(sqlite_engine) == window
        # the older listed posts are known: seen, not fetched
        assert len(SeenItems(sqlite_engine, "site").many(site.url(p.path) for p in posts)) == OLD
        said = [r.getMessage() for r in caplog.records if "archive" in r.getMessage()]
        assert len(said) == 1 and str(OLD - window) in said[0], said

        site.add(posts[OLD])  # a new post: the only page the next poll fetches
        site.hits.clear()
        second = poll_source(settings, sqlite_engine, cfg)
        assert (second.error, second.new, second.archived) == (None, 1, False), second.line()
        assert _post_hits(site) == 1
        assert site.hits[posts[OLD].path] == 1


def test_a_first_poll_of_a_short_listing_reads_every_post(
    sqlite_engine: Engine, settings: Settings
) -> None:
    posts = _outlet(5)
    with FakeSite(posts=posts, layout="finews") as site:
        cfg = quick("site", "jekyll-site", url=site.base_url, categories=["emnews"])
        report = poll_source(settings, sqlite_engine, cfg)
        assert (report.error, report.new) == (None, 5), report.line()
        assert _post_hits(site) == 5


def test_a_listing_larger_than_max_bytes_is_read_up_to_it(
    sqlite_engine: Engine, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """The whole-history listing of a big outlet can pass `max_bytes`: its head (the
    newest posts) is read, with one warning, instead of failing every poll."""
    caplog.set_level(logging.WARNING)
    posts = _outlet(OLD + 1)
    with FakeSite(posts=posts[:OLD], layout="finews") as site:
        cfg = quick("site", "jekyll-site", url=site.base_url, categories=["emnews"], max_bytes=8000)
        first = poll_source(settings, sqlite_engine, cfg)
        assert first.error is None and first.new == jekyll_site.FIRST_POLL_POSTS, first.line()
        said = [r.getMessage() for r in caplog.records if "max_bytes" in r.getMessage()]
        assert len(said) == 1 and "category/emnews.html" in said[0], said
        site.add(posts[OLD])
        second = poll_source(settings, sqlite_engine, cfg)
        assert (second.error, second.new) == (None, 1), second.line()


def test_an_outlet_added_later_is_read_as_a_first_poll_of_its_page(
    sqlite_engine: Engine, settings: Settings
) -> None:
    """An outlet added to a running source's config lists its whole history too: its page's
    first read fetches the same bounded window, the older posts recorded unread; the pages
    read before are read in full as always."""
    window = jekyll_site.FIRST_POLL_POSTS
    mine = _outlet(5)
    other = [
        replace(p, name=f"2022052699{i:08d}", category="meirijingjixinwen", tag="每日经济新闻新闻")
        for i, p in enumerate(_outlet(OLD))
    ]
    with FakeSite(posts=mine + other, layout="finews") as site:
        cfg = quick("site", "jekyll-site", url=site.base_url, categories=["emnews"])
        assert poll_source(settings, sqlite_engine, cfg).new == 5
        site.hits.clear()
        added = cfg.model_copy(update={"categories": ["emnews", "meirijingjixinwen"]})
        report = poll_source(settings, sqlite_engine, added)
        assert report.error is None and report.new == window, report.line()
        assert _post_hits(site) == window  # not one request per post of the outlet's history
        seen = SeenItems(sqlite_engine, "site").many(site.url(p.path) for p in other)
        assert len(seen) == OLD
        site.hits.clear()
        again = poll_source(settings, sqlite_engine, added)
        assert (again.error, again.new, _post_hits(site)) == (None, 0, 0), again.line()
