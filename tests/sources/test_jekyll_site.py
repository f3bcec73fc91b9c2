"""`jekyll-site` source: category pages and home page of the fake site."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources.base import GONE
from bot.sources.jekyll_site import listing_pages, site_base
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, article_ids, state


def test_listing_pages_and_site_base() -> None:
    cfg = quick("s", "jekyll-site", url="https://finews.example/index.html", categories=["emnews"])
    assert listing_pages(cfg) == [("https://finews.example/category/emnews.html", "emnews")]
    assert site_base("https://finews.example") == "https://finews.example/"
    home = quick("s", "jekyll-site", url="https://finews.example/")
    assert listing_pages(home) == [("https://finews.example/", None)]


def test_category_pages_fetch_only_new_posts(
    engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings
) -> None:
    cfg = quick(
        "site",
        "jekyll-site",
        url=site.base_url,
        categories=["emnews", "meirijingjixinwen", "cailianshe"],
    )
    site.serve_raw("/category/cailianshe.html", "<html><body><ul></ul></body></html>")
    first = poll_source(settings, engine, cfg)
    assert (first.new, first.error) == (3, None), first.line()
    assert article_ids(engine) == {
        "202112082206799077",
        "202112082206747356",
        "NW202205262393417736",
    }
    site.clear_faults()
    site.add(posts[3])
    second = poll_source(settings, engine, cfg)
    assert (second.new, second.seen) == (1, 3)
    # every post page was fetched exactly once over both polls
    assert all(site.hits[p.path] == 1 for p in site.posts)
    assert state(engine, "site").articles_total == 4


def test_home_page_when_no_categories(engine: Engine, site: FakeSite, settings: Settings) -> None:
    report = poll_source(settings, engine, quick("site", "jekyll-site", url=site.base_url + "/"))
    assert report.new == 3 and report.error is None
    assert site.hits["/"] == 1


def test_outlet_comes_from_the_listing_category(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    from sqlmodel import Session

    from bot.storage.models import ArticleRow

    cfg = quick("site", "jekyll-site", url=site.base_url, categories=["meirijingjixinwen"])
    assert poll_source(settings, sqlite_engine, cfg).new == 1
    with Session(sqlite_engine) as s:
        row = s.get(ArticleRow, "NW202205262393417736")
        assert row is not None
        assert (row.category, row.category_name) == ("meirijingjixinwen", "每日经济新闻")
        assert "BABA.US" in row.tickers


def test_vanished_post_logged_once_retried_then_given_up(
    engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    cfg = quick("site", "jekyll-site", url=site.base_url, missing_retries=2)
    site.hide_page(posts[0])
    reports = [poll_source(settings, engine, cfg) for _ in range(4)]
    assert reports[0].new == 2 and reports[0].skipped == 1
    assert [r.skipped for r in reports] == [1, 1, 1, 0]
    assert all(r.error is None for r in reports)
    vanished = [r for r in caplog.records if "vanished" in r.getMessage()]
    assert len(vanished) == 1 and "site" in vanished[0].getMessage()
    assert site.hits[posts[0].path] == 3  # first miss + 2 retries, then given up
    from sqlmodel import Session

    from bot.storage.models import SourceItem

    with Session(engine) as s:
        item = s.get(SourceItem, ("site", site.url(posts[0].path)))
        assert item is not None and item.digest == GONE


def test_vanished_post_that_comes_back_is_stored(
    sqlite_engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings
) -> None:
    cfg = quick("site", "jekyll-site", url=site.base_url)
    site.hide_page(posts[0])
    assert poll_source(settings, sqlite_engine, cfg).skipped == 1
    site.hide_page(posts[0], hidden=False)
    again = poll_source(settings, sqlite_engine, cfg)
    assert (again.new, again.skipped) == (1, 0)
    assert article_count(sqlite_engine) == 3


def test_listing_500_then_recovery(engine: Engine, site: FakeSite, settings: Settings) -> None:
    cfg = quick("site", "jekyll-site", url=site.base_url + "/")
    site.fail("/", 502)
    bad = poll_source(settings, engine, cfg)
    assert bad.error is not None and "502" in bad.error
    assert state(engine, "site").consecutive_failures == 1
    site.clear_faults()
    good = poll_source(settings, engine, cfg)
    assert good.error is None and good.new == 3


def test_timeout_on_a_post_page_skips_it(
    sqlite_engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings
) -> None:
    site.slow(posts[1].path, 1.0)
    cfg = quick("site", "jekyll-site", url=site.base_url, timeout=0.2, retries=0)
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped, report.error) == (2, 1, None)
    site.clear_faults()
    assert poll_source(settings, sqlite_engine, cfg).new == 1


def test_malformed_post_page_is_skipped_with_reason(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    site.serve_raw(posts[2].path, "<html><body><div>oops</div></body></html>")
    cfg = quick("site", "jekyll-site", url=site.base_url)
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped) == (2, 1)
    assert any("not a post page" in r.getMessage() for r in caplog.records)
    # recorded as seen: not fetched (nor logged) again on the next poll
    assert poll_source(settings, sqlite_engine, cfg).skipped == 0
    assert site.hits[posts[2].path] == 1


def test_unknown_category_page_does_not_stop_the_others(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    cfg = quick("site", "jekyll-site", url=site.base_url, categories=["nosuch", "emnews"])
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped, report.error) == (2, 1, None)
    only_bad = quick("bad", "jekyll-site", url=site.base_url, categories=["nosuch"])
    assert poll_source(settings, sqlite_engine, only_bad).error is not None
