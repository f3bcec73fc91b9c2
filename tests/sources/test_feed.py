"""`feed` source against the fake Jekyll site (real HTTP on 127.0.0.1, real databases)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ingest import poll_source
from bot.storage.models import ArticleRow
from tests.fakes.site import FakeSite, SitePost
from tests.sources.conftest import BROKEN_PAGES, quick, serve_broken
from tests.sources.dbutil import article_count, article_ids, state

RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>news</title>
<item><title>贵州茅台（600519）发布公告</title><link>https://news.example.com/a/1.html</link>
<guid>https://news.example.com/a/1.html</guid><pubDate>Tue, 07 Jan 2025 09:30:00 +0800</pubDate>
<category>公司新闻</category><description>&lt;p&gt;贵州茅台（600519）今日发布公告，营收增长15%。&lt;/p&gt;</description>
</item></channel></rss>"""


def test_new_posts_appear_between_polls(
    engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings
) -> None:
    cfg = quick("finews", "feed", url=site.url("/feed.xml"))
    first = poll_source(settings, engine, cfg)
    assert (first.new, first.error) == (3, None)
    assert first.first_poll
    ids = article_ids(engine)
    assert {"202112082206799077", "202112082206747356", "NW202205262393417736"} == ids

    site.add(posts[3])
    second = poll_source(settings, engine, cfg)
    assert (second.new, second.updated, second.seen) == (1, 0, 3)
    assert article_ids(engine) == ids | {"202510093528800635"}
    assert "1 new, 0 updated, 3 seen" in second.line()
    st = state(engine, "finews")
    assert st.first_poll_done and st.polls == 2 and st.articles_total == 4


def test_unchanged_feed_answers_304(engine: Engine, site: FakeSite, settings: Settings) -> None:
    cfg = quick("finews", "feed", url=site.url("/feed.xml"))
    poll_source(settings, engine, cfg)
    report = poll_source(settings, engine, cfg)
    assert report.not_modified and report.new == 0 and report.error is None
    assert site.statuses[-1] == ("/feed.xml", 304)
    assert "(not modified)" in report.line()
    assert state(engine, "finews").etag


def test_if_modified_since_alone_gives_304(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    """A server (or stored state) without an ETag still gets a conditional GET."""
    from bot.ingest_state import update_state

    cfg = quick("finews", "feed", url=site.url("/feed.xml"))
    poll_source(settings, sqlite_engine, cfg)
    update_state(sqlite_engine, "finews", etag=None)
    assert poll_source(settings, sqlite_engine, cfg).not_modified
    assert site.statuses[-1] == ("/feed.xml", 304)


def test_500_is_retried_then_logged_once_and_recovers(
    engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    cfg = quick("finews", "feed", url=site.url("/feed.xml"), retries=2)
    site.fail("/feed.xml", 500)
    caplog.set_level(logging.DEBUG)
    reports = [poll_source(settings, engine, cfg) for _ in range(3)]
    assert all(r.error and "HTTP 500" in r.error for r in reports)
    assert "finews: FAILED" in reports[0].line()
    assert site.hits["/feed.xml"] == 9  # 3 polls x (1 try + 2 in-poll retries)
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and "finews" in warnings[0].getMessage()
    st = state(engine, "finews")
    assert st.consecutive_failures == 3 and st.next_poll_at is not None
    assert "HTTP 500" in (st.last_error or "")
    assert article_count(engine) == 0

    site.clear_faults()
    ok = poll_source(settings, engine, cfg)
    assert ok.error is None and ok.new == 3
    st = state(engine, "finews")
    assert st.consecutive_failures == 0 and st.next_poll_at is None
    assert any("recovered after 3" in r.getMessage() for r in caplog.records)


def test_one_500_is_absorbed_by_in_poll_retry(
    engine: Engine, site: FakeSite, settings: Settings
) -> None:
    site.fail("/feed.xml", 503, times=1)
    report = poll_source(settings, engine, quick("finews", "feed", url=site.url("/feed.xml")))
    assert report.error is None and report.new == 3
    assert [s for _, s in site.statuses] == [503, 200]


def _http_date(at: datetime) -> str:
    from email.utils import format_datetime

    return format_datetime(at.astimezone(UTC), usegmt=True)


@pytest.mark.parametrize(
    ("status", "retry_after", "wait"),
    [
        (429, "600", 600),  # seconds
        (503, "in 1200 s", 1200),  # an HTTP date, 20 minutes ahead
        (429, "86400000", 3600),  # a thousand days: bounded by max_backoff
    ],
)
def test_retry_after_sets_the_next_poll(
    engine: Engine, site: FakeSite, settings: Settings, status: int, retry_after: str, wait: int
) -> None:
    """A 429/503 that says when to come back: the next poll was the backoff's (two
    intervals, 120 s here) after in-poll retries a moment apart. Now the poll ends at
    the first answer and the source is next polled when the server asked, no later
    than `max_backoff` (an absurd date is not obeyed for ever)."""
    before = datetime.now(UTC).replace(microsecond=0)
    if retry_after.startswith("in "):
        retry_after = _http_date(before + timedelta(seconds=wait))
    site.fail("/feed.xml", status, headers={"Retry-After": retry_after})
    cfg = quick("finews", "feed", url=site.url("/feed.xml"), retries=2, max_backoff=3600)
    report = poll_source(settings, engine, cfg)
    after = datetime.now(UTC)
    assert report.error is not None and f"HTTP {status}" in report.error
    assert site.hits["/feed.xml"] == 1  # asked to wait: not asked again within the poll
    assert report.retry_at is not None
    assert before + timedelta(seconds=wait) <= report.retry_at
    assert report.retry_at <= after + timedelta(seconds=wait + 1)
    assert state(engine, "finews").next_poll_at == report.retry_at


def test_a_retry_after_shorter_than_the_backoff_does_not_undo_it(
    engine: Engine, site: FakeSite, settings: Settings
) -> None:
    """A server answering every poll 503 with `Retry-After: 30`: the next poll is still
    the backoff's (120 s, then 240 s), the asked time being only the earliest."""
    site.fail("/feed.xml", 503, headers={"Retry-After": "30"})
    cfg = quick("finews", "feed", url=site.url("/feed.xml"))
    for backoff in (120, 240):
        before = datetime.now(UTC)
        report = poll_source(settings, engine, cfg)
        assert report.retry_at is not None and "asks to wait 30 s" in (report.error or "")
        assert before + timedelta(seconds=backoff) <= report.retry_at
        assert report.retry_at <= datetime.now(UTC) + timedelta(seconds=backoff)
    assert site.hits["/feed.xml"] == 2


def test_a_short_retry_after_is_waited_within_the_poll(
    engine: Engine, site: FakeSite, settings: Settings
) -> None:
    """`Retry-After: 0` (a server restarting): retried within the poll, as before."""
    site.fail("/feed.xml", 503, times=1, headers={"Retry-After": "0"})
    report = poll_source(settings, engine, quick("finews", "feed", url=site.url("/feed.xml")))
    assert report.error is None and report.new == 3
    assert [s for _, s in site.statuses] == [503, 200]


def test_timeout(sqlite_engine: Engine, site: FakeSite, settings: Settings) -> None:
    site.slow("/feed.xml", 1.5)
    cfg = quick("finews", "feed", url=site.url("/feed.xml"), timeout=0.3, retries=0)
    report = poll_source(settings, sqlite_engine, cfg)
    assert report.error is not None and "timeout" in report.error
    assert article_count(sqlite_engine) == 0


def test_malformed_xml_fails_the_poll_not_the_process(
    engine: Engine, site: FakeSite, settings: Settings
) -> None:
    site.malformed_feed = True
    report = poll_source(settings, engine, quick("finews", "feed", url=site.url("/feed.xml")))
    assert report.error is not None and "malformed feed" in report.error
    assert state(engine, "finews").consecutive_failures == 1
    site.malformed_feed = False
    assert (
        poll_source(settings, engine, quick("finews", "feed", url=site.url("/feed.xml"))).new == 3
    )


def test_html_instead_of_feed_is_an_error(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    site.serve_raw("/feed.xml", "<html><body><p>maintenance</p></body></html>")
    report = poll_source(settings, sqlite_engine, quick("f", "feed", url=site.url("/feed.xml")))
    assert report.error is not None


def test_entries_without_content_fetch_the_post_pages(
    engine: Engine, site: FakeSite, settings: Settings
) -> None:
    site.feed_content = False
    report = poll_source(settings, engine, quick("finews", "feed", url=site.url("/feed.xml")))
    assert report.new == 3 and report.error is None
    assert sum(site.hits[p.path] for p in site.posts) == 3
    assert "NW202205262393417736" in article_ids(engine)


def test_vanished_entry_page_is_skipped_and_the_rest_stored(
    sqlite_engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings
) -> None:
    site.feed_content = False
    site.hide_page(posts[0])
    report = poll_source(settings, sqlite_engine, quick("f", "feed", url=site.url("/feed.xml")))
    assert (report.new, report.skipped, report.error) == (2, 1, None)
    site.hide_page(posts[0], hidden=False)
    # validators were not saved while an entry needs a retry: no 304, the entry is retried
    again = poll_source(settings, sqlite_engine, quick("f", "feed", url=site.url("/feed.xml")))
    assert (again.new, again.skipped, again.not_modified) == (1, 0, False)
    assert article_count(sqlite_engine) == 3
    assert poll_source(
        settings, sqlite_engine, quick("f", "feed", url=site.url("/feed.xml"))
    ).not_modified


def test_vanished_entry_page_given_up_after_missing_retries(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    site.feed_content = False
    site.hide_page(posts[0])
    cfg = quick("f", "feed", url=site.url("/feed.xml"), missing_retries=1)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(4)]
    assert [r.skipped for r in reports[:2]] == [1, 1]
    assert reports[2].not_modified and reports[3].not_modified
    assert site.hits[posts[0].path] == 2
    assert (
        len(
            [
                r
                for r in caplog.records
                if "vanished" in r.getMessage() or "entry page" in r.getMessage()
            ]
        )
        == 1
    )
    assert any("giving up" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("how", BROKEN_PAGES)
def test_an_entry_page_not_arrived_whole_is_retried_not_kept(
    engine: Engine, site: FakeSite, posts: list[SitePost], settings: Settings, how: str
) -> None:
    site.feed_content = False
    cfg = quick("f", "feed", url=site.url("/feed.xml"))
    assert poll_source(settings, engine, cfg).new == 3
    site.add(new := posts[3])
    serve_broken(site, new, how)
    broken = poll_source(settings, engine, cfg)
    assert (broken.new, broken.skipped, broken.error) == (0, 1, None), broken.line()
    site.clear_faults()  # the page is whole again; the feed is read again (no 304)
    again = poll_source(settings, engine, cfg)
    assert (again.new, again.skipped, again.not_modified) == (1, 0, False), again.line()
    with engine.connect() as conn:
        paragraphs = conn.execute(
            sa.select(ArticleRow.paragraphs).where(ArticleRow.id == "202510093528800635")
        ).scalar_one()
    assert len(paragraphs) > 1  # the whole text, not the cut page's first paragraph


def test_an_entry_page_never_whole_is_given_up_after_missing_retries(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    site.feed_content = False
    serve_broken(site, posts[0], "empty 200")
    cfg = quick("f", "feed", url=site.url("/feed.xml"), missing_retries=1)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(4)]
    assert [r.skipped for r in reports[:2]] == [1, 1]
    assert reports[2].not_modified and reports[3].not_modified  # given up: validators kept
    assert site.hits[posts[0].path] == 2
    assert article_count(sqlite_engine) == 2
    lines = [r.getMessage() for r in caplog.records if posts[0].path in r.getMessage()]
    assert len(lines) == 2 and "empty page" in lines[0] and "giving up" in lines[1], lines


def test_an_entry_page_over_max_bytes_is_given_up_once(
    sqlite_engine: Engine,
    site: FakeSite,
    posts: list[SitePost],
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    site.feed_content = False
    full = site.post_html(posts[0])
    huge = full.replace("</article>", "<p>" + "茅台营收增长。" * 20_000 + "</p></article>")
    site.serve_raw(posts[0].path, huge)  # ~420 kB
    cfg = quick("f", "feed", url=site.url("/feed.xml"), max_bytes=200_000)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(3)]
    assert [(r.new, r.skipped) for r in reports] == [(2, 1), (0, 0), (0, 0)]
    assert reports[1].not_modified  # nothing left to retry: the feed's validators were kept
    assert site.hits[posts[0].path] == 1
    told = [r.getMessage() for r in caplog.records]
    assert len(told) == 1 and "max_bytes 200000" in told[0] and posts[0].path in told[0], told


def test_plain_rss_feed_of_another_site(
    sqlite_engine: Engine, site: FakeSite, settings: Settings
) -> None:
    site.serve_raw("/rss.xml", RSS, ctype="application/rss+xml")
    report = poll_source(settings, sqlite_engine, quick("other", "feed", url=site.url("/rss.xml")))
    assert report.new == 1, report.line()
    (aid,) = article_ids(sqlite_engine)
    assert aid.startswith("u")  # a foreign entry link: hashed id, stable across polls
    assert (
        poll_source(settings, sqlite_engine, quick("other", "feed", url=site.url("/rss.xml"))).seen
        == 1
    )


RSS_ODD = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>news</title>
<item><title>贵州茅台（600519）发布公告</title><link>https://news.example.com/a/1.html</link>
<guid>https://news.example.com/a/1.html</guid><pubDate>Tue, 07 Jan 2025 09:30:00 +0800</pubDate>
<description>&lt;p&gt;贵州茅台（600519）今日发布公告，营收增长15%。&lt;/p&gt;</description></item>
<item><title>快讯：沪指收涨1.2%</title><pubDate>Tue, 07 Jan 2025 15:00:00 +0800</pubDate>
<description>&lt;p&gt;沪指今日收涨1.2%，成交额1.1万亿元。&lt;/p&gt;</description></item>
<item><guid isPermaLink="false">tag:news.example.com,2025:3</guid><title>只有标题</title>
<pubDate>Tue, 07 Jan 2025 16:00:00 +0800</pubDate></item>
</channel></rss>"""


def test_odd_entries_are_read_once_and_the_feed_answers_304_again(
    sqlite_engine: Engine, site: FakeSite, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """An item without link or guid (RSS allows one with only a description) is a post
    like any, keyed by its content; one without content or link is skipped until it
    changes. Neither is retried on every poll: that logged a WARNING each time and kept
    the old validators, so the feed was downloaded whole on every poll, never 304."""
    site.serve_raw("/feed.xml", RSS_ODD, ctype="application/rss+xml")
    cfg = quick("other", "feed", url=site.url("/feed.xml"))
    caplog.set_level(logging.WARNING)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(3)]
    assert [(r.error, r.new, r.skipped) for r in reports] == [
        (None, 2, 1),
        (None, 0, 0),
        (None, 0, 0),
    ]
    assert [s for p, s in site.statuses if p == "/feed.xml"] == [200, 304, 304]
    assert len([r for r in caplog.records if "skipped" in r.getMessage()]) == 1
