"""Digest items: the time on the reader's clock, a day-only post by its day."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.article import Summary
from bot.render import View
from bot.render.digest import digest_item
from tests.render.test_message import make_article


def test_item_time_is_on_the_readers_clock() -> None:
    item = digest_item(make_article(), Summary("摘要。"), View(zone="Asia/Tokyo"))
    assert item.startswith("• 23:04 <b>")  # 14:04 UTC
    assert "摘要。" in item


def test_day_only_post_shows_its_day_not_midnight() -> None:
    day_only = make_article(published_at=datetime(2021, 12, 7, 16, 0, tzinfo=UTC))  # 12-08 CST
    for zone in ("Asia/Shanghai", "America/New_York"):
        item = digest_item(day_only, Summary("摘要。"), View(zone=zone))
        assert item.startswith("• 12-08 <b>"), item


def test_undated_post_item_says_the_date_is_unknown() -> None:
    item = digest_item(make_article(dated=False), Summary("摘要。"), View())
    assert item.startswith("• 日期不详 <b>"), item
