"""Time zones as users type them for /timezone."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.subscriptions.zones import parse_zone, zone_label, zone_text


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("东京", "Asia/Tokyo"),
        ("东京时间", "Asia/Tokyo"),
        ("北京时间", "Asia/Shanghai"),
        ("香港", "Asia/Hong_Kong"),
        ("纽约", "America/New_York"),
        ("伦敦时间", "Europe/London"),
        ("東京", "Asia/Tokyo"),
        ("紐約時間", "America/New_York"),
        ("ＵＴＣ＋８", "Etc/GMT-8"),
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
        ("UTC-12", "Etc/GMT+12"),
        ("UTC+14", "Etc/GMT-14"),
    ],
)
def test_understood(text: str, zone: str) -> None:
    assert parse_zone(text) == zone


@pytest.mark.parametrize(
    "text",
    [
        "",
        "火星",
        "UTC+15",
        "UTC-13",
        "UTC-14",
        "UTC-3:30",
        "UTC+5:61",
        "Asia/Atlantis",
        "8",
        "x" * 41,
        "Asia/../etc",
    ],
)
def test_refused(text: str) -> None:
    assert parse_zone(text) is None


def test_half_hour_offsets_are_places_without_summer_time() -> None:
    """`UTC+5:30` has no Etc/ zone: the zone that keeps that offset all year stands in;
    an offset kept nowhere all year (UTC-3:30, Newfoundland has summer time) is refused."""
    assert parse_zone("UTC+5:30") == "Asia/Kolkata"
    assert parse_zone("+5:45") == "Asia/Kathmandu"
    assert parse_zone("GMT+9:30") == "Australia/Darwin"
    assert parse_zone("UTC+8:00") == "Etc/GMT-8"
    for text, minutes in (("UTC+5:30", 330), ("UTC+6:30", 390), ("UTC+4:30", 270)):
        z = ZoneInfo(parse_zone(text) or "")
        for month in (1, 7):
            offset = datetime(2026, month, 1, tzinfo=z).utcoffset()
            assert offset is not None and offset.total_seconds() == minutes * 60


def test_zone_text_names_a_zone_once() -> None:
    assert zone_text("Asia/Tokyo") == "东京时间（Asia/Tokyo）"
    assert zone_text("Asia/Tokyo", "en") == "Asia/Tokyo"  # not "Asia/Tokyo (Asia/Tokyo)"
    assert zone_text("Etc/GMT-8") == "UTC+8"  # never the inverted POSIX name
    assert zone_text("UTC", "en") == "UTC"


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


def test_time_zone_belts_as_chinese_names_them() -> None:
    """`/timezone 东八区` (UTC+8 as Chinese says it) and `西五区` were not understood."""
    for text, zone in (
        ("东八区", "Etc/GMT-8"),
        ("东8区", "Etc/GMT-8"),
        ("東九區", "Etc/GMT-9"),
        ("东十二区", "Etc/GMT-12"),
        ("西五区", "Etc/GMT+5"),
        ("西十区", "Etc/GMT+10"),
        ("东八区时间", "Etc/GMT-8"),
        ("零时区", "UTC"),
        ("中时区", "UTC"),
    ):
        assert parse_zone(text) == zone, text
    for text in ("东十三区", "西十三区", "东区", "八区"):
        assert parse_zone(text) is None, text
