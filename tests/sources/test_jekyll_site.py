"""`jekyll-site` source: category pages and home page of the fake site."""

from __future__ import annotations

import dataclasses
import logging
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings
from bot.ingest import poll_source
from bot.sources import jekyll_site
from bot.sources.base import GONE
from bot.sources.jekyll_site import listing_pages, site_base
from bot.storage.db import session_scope
from bot.storage.models import ArticleRow, Chat, Delivery, Subscription
from tests.fakes.site import CST, FakeSite, SitePost
from tests.sources.conftest import BROKEN_PAGES, quick, serve_broken
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


def _paragraphs(engine: Engine, article_id: str) -> list[str]:
    with Session(engine) as s:
        row = s.get(ArticleRow, article_id)
        assert row is not None, f"{article_id} not stored"
        return list(row.paragraphs)


@pytest.mark.parametrize("how", BROKEN_PAGES)
def test_a_page_not_arrived_whole_is_retried_not_kept(
    engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings, how: str
) -> None:
    cfg = quick("site", "jekyll-site", url=site.base_url)
    assert poll_source(settings, engine, cfg).new == 3
    site.add(new := posts[3])
    serve_broken(site, new, how)
    broken = poll_source(settings, engine, cfg)
    assert (broken.new, broken.skipped, broken.error) == (0, 1, None), broken.line()
    site.clear_faults()  # the page is whole again
    again = poll_source(settings, engine, cfg)
    assert (again.new, again.skipped) == (1, 0), again.line()
    assert len(_paragraphs(engine, "202510093528800635")) > 1  # the whole text
    assert site.hits[new.path] == 2


def test_a_page_never_whole_is_given_up_after_missing_retries(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    cfg = quick("site", "jekyll-site", url=site.base_url, missing_retries=2)
    serve_broken(site, posts[0], "cut short")
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(4)]
    assert [r.skipped for r in reports] == [1, 1, 1, 0]
    assert site.hits[posts[0].path] == 3  # first try + 2 retries, then given up
    assert "202112082206747356" not in article_ids(sqlite_engine)
    lines = [r.getMessage() for r in caplog.records if posts[0].path in r.getMessage()]
    assert len(lines) == 2 and "cut short" in lines[0] and "giving up" in lines[1], lines


def test_a_cut_page_on_an_edit_check_is_no_edit(
    sqlite_engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    recent = _recent(posts[3], 1)
    with FakeSite(posts=[recent]) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, sqlite_engine, cfg).new == 1
        whole = _paragraphs(sqlite_engine, "202510093528800635")
        edited = site.edit(recent, title=recent.title + "（更新）")
        serve_broken(site, edited, "cut short")
        cut = poll_source(settings, sqlite_engine, cfg)
        assert (cut.updated, cut.error) == (0, None)
        assert _paragraphs(sqlite_engine, "202510093528800635") == whole
        site.clear_faults()
        assert poll_source(settings, sqlite_engine, cfg).updated == 1  # checked again


def test_a_post_page_over_max_bytes_is_given_up_once(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    full = site.post_html(posts[0])
    huge = full.replace("</article>", "<p>" + "茅台营收增长。" * 20_000 + "</p></article>")
    site.serve_raw(posts[0].path, huge)  # ~420 kB
    cfg = quick("site", "jekyll-site", url=site.base_url, max_bytes=200_000)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(3)]
    assert [(r.new, r.skipped) for r in reports] == [(2, 1), (0, 0), (0, 0)]
    assert site.hits[posts[0].path] == 1
    told = [r.getMessage() for r in caplog.records]
    assert len(told) == 1 and "max_bytes 200000" in told[0] and posts[0].path in told[0], told


def test_unknown_category_page_does_not_stop_the_others(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    cfg = quick("site", "jekyll-site", url=site.base_url, categories=["nosuch", "emnews"])
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.new, report.skipped, report.error) == (2, 1, None)
    only_bad = quick("bad", "jekyll-site", url=site.base_url, categories=["nosuch"])
    assert poll_source(settings, sqlite_engine, only_bad).error is not None


# --- edits of posts already stored --------------------------------------------------


def _recent(post: SitePost, hours: float) -> SitePost:
    """The post as if published `hours` ago (inside or outside the edit window)."""
    return dataclasses.replace(post, date=datetime.now(CST) - timedelta(hours=hours))


def _subscribe(engine: Engine, chat_id: int, category: str) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=chat_id, kind="private"))
        s.flush()
        s.add(Subscription(chat_id=chat_id, kind="category", value=category))


def _deliveries(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(Delivery)).scalar_one()


def _page_statuses(site: FakeSite, post: SitePost) -> list[int]:
    return [status for path, status in site.statuses if path == post.path]


def test_edit_of_a_recent_post_updates_it_without_a_second_push(
    engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    old, other, fresh = (_recent(p, h) for p, h in zip(posts[:3], (3, 2, 1), strict=True))
    with FakeSite(posts=[old, other]) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, engine, cfg).new == 2  # first poll: stored, not pushed
        _subscribe(engine, 42, fresh.category)
        site.add(fresh)
        second = poll_source(settings, engine, cfg)
        assert (second.new, second.updated, second.seen) == (1, 0, 2)
        assert _deliveries(engine) == 1

        edited = site.edit(fresh, title=fresh.title + "（更新）")
        third = poll_source(settings, engine, cfg)
        assert (third.new, third.updated, third.seen, third.error) == (0, 1, 2, None)
        assert _deliveries(engine) == 1  # an edit is never pushed again
        with Session(engine) as s:
            row = s.get(ArticleRow, "NW202205262393417736")
            assert row is not None and row.title == edited.title

        # nothing changed since: each recent page answers 304, nothing is stored again
        fourth = poll_source(settings, engine, cfg)
        assert (fourth.new, fourth.updated, fourth.seen) == (0, 0, 3)
        assert _page_statuses(site, edited) == [200, 200, 304]
        assert _page_statuses(site, old)[-1] == 304
        assert article_count(engine) == 3


def test_site_rebuild_changes_validators_but_stores_nothing(
    sqlite_engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    recent = [_recent(p, 1) for p in posts[:3]]
    with FakeSite(posts=recent) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, sqlite_engine, cfg).new == 3
        site.rebuild()  # every page: new ETag and Last-Modified, same bytes
        again = poll_source(settings, sqlite_engine, cfg)
        assert (again.new, again.updated, again.seen, again.skipped) == (0, 0, 3, 0)
        assert all(_page_statuses(site, p) == [200, 200] for p in recent)
        # the new validators were kept: the next check is a 304 again
        poll_source(settings, sqlite_engine, cfg)
        assert all(_page_statuses(site, p) == [200, 200, 304] for p in recent)


def test_posts_older_than_the_window_are_not_checked_again(
    sqlite_engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    age = jekyll_site.RECHECK_WINDOW.total_seconds() / 3600 + 2
    old, recent = _recent(posts[0], age), _recent(posts[1], 1)
    with FakeSite(posts=[old, recent]) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, sqlite_engine, cfg).new == 2
        site.edit(old, title="改过的旧标题")
        assert poll_source(settings, sqlite_engine, cfg).updated == 0
        assert site.hits[old.path] == 1  # fetched once, never re-checked
        assert site.hits[recent.path] == 2
        assert list(state(sqlite_engine, "site").cursor["recheck"]) == [site.url(recent.path)]


def test_rechecks_per_poll_are_capped_and_rotate(
    sqlite_engine: Engine,
    posts: list[SitePost],
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(jekyll_site, "RECHECK_PER_POLL", 2)
    recent = [_recent(p, h) for p, h in zip(posts, (4, 3, 2, 1), strict=True)]
    with FakeSite(posts=recent) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, sqlite_engine, cfg).new == 4

        def checks() -> int:
            return sum(site.hits[p.path] for p in recent) - len(recent)

        poll_source(settings, sqlite_engine, cfg)
        assert checks() == 2
        poll_source(settings, sqlite_engine, cfg)
        assert checks() == 4
        assert all(site.hits[p.path] == 2 for p in recent)  # each post checked once in turn
        edited = site.edit(recent[0], title="旧闻更正")  # the oldest: its turn comes again
        reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(2)]
        assert sum(r.updated for r in reports) == 1
        assert checks() == 8
        with Session(sqlite_engine) as s:
            row = s.get(ArticleRow, "202112082206747356")
            assert row is not None and row.title == edited.title


def test_recent_post_deleted_after_storing_is_dropped_quietly(
    sqlite_engine: Engine, posts: list[SitePost], settings: Settings
) -> None:
    recent = [_recent(p, 1) for p in posts[:2]]
    with FakeSite(posts=recent) as site:
        cfg = quick("site", "jekyll-site", url=site.base_url)
        assert poll_source(settings, sqlite_engine, cfg).new == 2
        site.hide_page(recent[0])  # still listed, page 404
        report = poll_source(settings, sqlite_engine, cfg)
        assert (report.error, report.skipped, report.updated, report.seen) == (None, 0, 0, 2)
        assert site.url(recent[0].path) not in state(sqlite_engine, "site").cursor["recheck"]
        poll_source(settings, sqlite_engine, cfg)
        assert site.hits[recent[0].path] == 2  # not asked again
        assert article_count(sqlite_engine) == 2  # the stored article stays


def test_published_time_from_page_or_url() -> None:
    url = "https://x/2025/10/09/abc.html"
    assert jekyll_site.published("2025-10-09T04:06:52+08:00", url) == datetime(
        2025, 10, 9, 4, 6, 52, tzinfo=CST
    )
    assert jekyll_site.published("2025-10-09T04:06:52", url) == datetime(
        2025, 10, 9, 4, 6, 52, tzinfo=CST
    )
    # unreadable page date: the end of the day in the URL (never too early to check)
    assert jekyll_site.published("Oct 9, 2025", url) == datetime(2025, 10, 10, tzinfo=CST)
    assert jekyll_site.published(None, "https://x/about.html") is None
