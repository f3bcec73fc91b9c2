"""Time zones as users type them for /timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.subscriptions.zones import parse_zone, zone_label


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("东京", "Asia/Tokyo"),
        ("东京时间", "Asia/Tokyo"),
        ("北京时间", "Asia/Shanghai"),
        ("香港", "Asia/Hong_Kong"),
        ("纽约", "America/New_York"),
        ("伦敦时间", "Europe/London"),
        ("Asia/Tokyo", "Asia/Tokyo"),
        ("asia/tokyo", "Asia/Tokyo"),
        ("america/new york", "America/New_York"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("UTC+8", "Etc/GMT-8"),
        ("utc-5", "Etc/GMT+5"),
        ("+9", "Etc/GMT-9"),
        ("GMT＋8", "Etc/GMT-8"),
        ("UTC+08:00", "Etc/GMT-8"),
        ("UTC+0", "UTC"),
    ],
)
def test_understood(text: str, zone: str) -> None:
    assert parse_zone(text) == zone


@pytest.mark.parametrize(
    "text", ["", "火星", "UTC+15", "UTC+5:30", "Asia/Atlantis", "8", "x" * 41, "Asia/../etc"]
)
def test_refused(text: str) -> None:
    assert parse_zone(text) is None


def test_offsets_have_the_sign_users_mean() -> None:
    """Etc/GMT-8 is eight hours *ahead* of UTC (POSIX signs are inverted)."""
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    assert noon.astimezone(ZoneInfo(parse_zone("UTC+8") or "")).hour == 20
    assert noon.astimezone(ZoneInfo(parse_zone("UTC-5") or "")).hour == 7


def test_labels() -> None:
    assert zone_label("Asia/Shanghai") == "北京时间"
    assert zone_label(None) == "北京时间"
    assert zone_label("Asia/Tokyo") == "东京时间"
    assert zone_label("Asia/Tokyo", "en") == "Asia/Tokyo"
    assert zone_label("Etc/GMT-8") == "UTC+8"
    assert zone_label("Etc/GMT+5") == "UTC-5"
    assert zone_label("America/Denver") == "America/Denver"
