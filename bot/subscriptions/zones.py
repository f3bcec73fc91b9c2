"""What a chat means by its time zone: `/timezone 东京`, `/timezone Asia/Tokyo`, `/timezone UTC+9`.

A chat's digest time and quiet hours are read in its own zone (Asia/Shanghai unless it
says otherwise). Users name zones the way they talk about markets, by city, so the
cities of the world's exchanges are understood in Chinese as well as by IANA name.
Pure: only the zoneinfo database is read.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.hanzi import simplified

DEFAULT_ZONE = "Asia/Shanghai"


def zone_info(name: str | None, default: str = DEFAULT_ZONE) -> ZoneInfo:
    """The zone called `name`; Beijing time for a missing or unknown name (an old row, a typo
    in the config), so a clock is never wrong by more than the zone and never raises."""
    try:
        return ZoneInfo(name or default)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(default)


# city (as Chinese readers write it) -> IANA zone; the first city of a zone is its label
CITIES: dict[str, str] = {
    "北京": "Asia/Shanghai",
    "上海": "Asia/Shanghai",
    "中国": "Asia/Shanghai",
    "深圳": "Asia/Shanghai",
    "香港": "Asia/Hong_Kong",
    "澳门": "Asia/Macau",
    "台北": "Asia/Taipei",
    "新加坡": "Asia/Singapore",
    "吉隆坡": "Asia/Kuala_Lumpur",
    "东京": "Asia/Tokyo",
    "首尔": "Asia/Seoul",
    "孟买": "Asia/Kolkata",
    "迪拜": "Asia/Dubai",
    "悉尼": "Australia/Sydney",
    "墨尔本": "Australia/Melbourne",
    "奥克兰": "Pacific/Auckland",
    "伦敦": "Europe/London",
    "法兰克福": "Europe/Berlin",
    "柏林": "Europe/Berlin",
    "巴黎": "Europe/Paris",
    "苏黎世": "Europe/Zurich",
    "莫斯科": "Europe/Moscow",
    "纽约": "America/New_York",
    "多伦多": "America/Toronto",
    "芝加哥": "America/Chicago",
    "洛杉矶": "America/Los_Angeles",
    "旧金山": "America/Los_Angeles",
    "温哥华": "America/Vancouver",
}
_LABELS: dict[str, str] = {}
for _city, _zone in CITIES.items():
    _LABELS.setdefault(_zone, _city)

_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])\s*(\d{1,2})(?::?([0-5]\d))?$", re.IGNORECASE)
_SUFFIX = re.compile(r"(时间|时区|市)$")
# a time zone belt as Chinese names it: 东八区 is UTC+8, 西五区 UTC-5, 零时区 UTC
_BELT = re.compile(r"(东|西)([一二三四五六七八九十]{1,3}|\d{1,2})区(?:时间)?")
_ONES = {c: i for i, c in enumerate("一二三四五六七八九", 1)}


def _belt(word: str) -> str | None:
    """`东八区` -> `+8`, `西五区` -> `-5` (as `_OFFSET` reads an offset), `零时区` -> `+0`."""
    if word in ("零时区", "中时区", "0时区"):
        return "+0"
    m = _BELT.fullmatch(word)
    if m is None:
        return None
    number = m.group(2)
    if number.isdigit():
        hours: int | None = int(number)
    else:  # 八, 十, 十二
        tens, ten, ones = number.rpartition("十")
        hours = (_ONES.get(tens, 0) if tens else 1) * 10 if ten else 0
        hours = hours + _ONES[ones] if ones in _ONES else (hours if not ones else None)
    if hours is None or not 1 <= hours <= 12:
        return None
    return ("+" if m.group(1) == "东" else "-") + str(hours)


@cache
def _iana() -> dict[str, str]:
    """Lower-cased IANA name -> its spelling, for `asia/tokyo` and `Asia/Tokyo` alike."""
    return {name.lower(): name for name in available_timezones()}


def parse_zone(text: str) -> str | None:
    """The IANA zone a user means, or None when it is not a zone we can be sure of.

    Whole-hour offsets (`UTC+8`, `+8`, `GMT-5`) become the fixed `Etc/GMT∓N` zones
    (POSIX signs are inverted there); they ignore summer time, as the user asked.
    """
    word = unicodedata.normalize("NFKC", text).strip()  # ＵＴＣ＋８, Ａｓｉａ／Ｔｏｋｙｏ
    if not word or len(word) > 40:
        return None
    for city in (_SUFFIX.sub("", word), _SUFFIX.sub("", simplified(word))):  # 東京 = 东京
        if city in CITIES:
            return CITIES[city]
    if word.lower() in ("utc", "gmt", "z", "utc+0", "gmt+0"):
        return "UTC"
    word = _belt(simplified(word)) or word  # 东八区: +8
    m = _OFFSET.match(word.replace(" ", ""))
    if m:
        hours, minutes = int(m.group(2)), int(m.group(3) or 0)
        if hours > 14:
            return None
        if minutes:  # no Etc/ zone for UTC+5:30: the place that keeps that offset all year
            sign = 1 if m.group(1) == "+" else -1
            return fixed_zone(sign * (hours * 60 + minutes))
        if hours == 0:
            return "UTC"
        sign = "-" if m.group(1) == "+" else "+"  # Etc/GMT-8 is UTC+8
        return _iana().get(f"etc/gmt{sign}{hours}")  # none west of UTC-12: no place keeps it
    return _iana().get(word.lower().replace(" ", "_"))  # only names zoneinfo can load


@cache
def fixed_zone(minutes: int) -> str | None:
    """A zone at UTC+`minutes` all year (no summer time), e.g. 330 -> Asia/Kolkata.

    Half-hour offsets are kept by whole countries, so the choice is the most
    populous kind of name: Asia/ and Australia/ first, then alphabetical.
    """
    want = timedelta(minutes=minutes)
    found = []
    for name in available_timezones():
        if name.startswith(("Etc/", "SystemV/")) or "/" not in name:
            continue
        z = ZoneInfo(name)
        jan = datetime(2026, 1, 15, tzinfo=z).utcoffset()
        jul = datetime(2026, 7, 15, tzinfo=z).utcoffset()
        if jan == jul == want:
            found.append(name)
    order = {"Asia": 0, "Australia": 1}
    found.sort(key=lambda n: (order.get(n.split("/")[0], 2), n))
    preferred = [n for n in found if n in _PREFERRED]
    return (preferred or found or [None])[0]


# the usual name of a half-hour offset where several zones share it
_PREFERRED = {"Asia/Kolkata", "Asia/Kathmandu", "Asia/Yangon", "Asia/Tehran", "Australia/Darwin"}


def zone_label(name: str | None, lang: str = "zh") -> str:
    """How a zone reads in a reply: 北京时间, 东京时间, UTC+9, America/Denver."""
    name = name or DEFAULT_ZONE
    if name in _LABELS and lang == "zh":
        return f"{_LABELS[name]}时间"
    if name == "UTC":
        return "UTC"
    m = re.fullmatch(r"Etc/GMT([+-])(\d{1,2})", name)
    if m:
        return f"UTC{'-' if m.group(1) == '+' else '+'}{m.group(2)}"
    return name


def zone_text(name: str | None, lang: str = "zh") -> str:
    """A zone for a sentence: `东京时间（Asia/Tokyo）`, `UTC+8`, `Asia/Tokyo` (no repeats,
    and no inverted `Etc/GMT-8` that reads as UTC-8)."""
    name = name or DEFAULT_ZONE
    label = zone_label(name, lang)
    if label == name or name.startswith("Etc/") or name == "UTC":
        return label
    return f"{label}（{name}）" if lang == "zh" else f"{label} ({name})"
