"""A post dated in the future (a typo in its front matter) takes the time it was seen."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.pipeline import parse_candidate
from bot.sources.base import Candidate
from bot.storage.types import utcnow

SEEN = datetime(2026, 12, 7, 2, 0, tzinfo=UTC)


def _post(date: str) -> Candidate:
    front = f'title: "某公司公告"\ndate: {date}\ncategories: emnews'
    text = f"---\n{front}\n---\n\n某公司公告称，拟回购股份。\n"
    return Candidate(key="_posts/x.md", digest="d", text=text, filename="x.md")


def test_a_post_dated_years_ahead_is_stored_as_seen_undated(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    article = parse_candidate(_post("2062-12-07 10:00:00 +0800"), SEEN)
    assert article.published_at == SEEN and not article.dated
    assert "in the future" in caplog.text and "2062-12-07" in caplog.text


def test_a_feed_entry_dated_ahead_takes_the_clock_when_seen_is_later_still() -> None:
    entry = Candidate(
        key="https://example.com/1",
        digest="d",
        meta={"title": "某公司公告", "date": "2099-01-01T00:00:00+08:00", "categories": "emnews"},
        body="<p>某公司公告称，拟回购股份。</p>",
        url="https://example.com/1",
    )
    article = parse_candidate(entry, SEEN + timedelta(days=3650))  # a file's mtime gone wrong
    assert not article.dated and abs(article.published_at - utcnow()) < timedelta(minutes=1)


def test_a_post_a_little_ahead_of_our_clock_keeps_its_date() -> None:
    ahead = (utcnow() + timedelta(minutes=30)).replace(microsecond=0)  # the slack is an hour
    article = parse_candidate(_post(ahead.strftime("%Y-%m-%d %H:%M:%S +0000")), utcnow())
    assert article.published_at == ahead and article.dated
