"""Front matter fields: publication time and outlet (category slug + name)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import PurePosixPath
from typing import Any

from bot.parser.outlets import SPECIAL_SLUGS, outlet_from_tag, outlet_slug

CST = timezone(timedelta(hours=8), "CST")  # the site's (and China's) local time
_DATE_RE = re.compile(
    r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?\s*$",
    re.I,
)
_FILE_DATE = re.compile(r"(?:^|[/_])(\d{4})-(\d{2})-(\d{2})-")
UNKNOWN_SLUG = "unknown"
UNKNOWN_NAME = "未知来源"


# A year outside is a typo or junk, not the post's day; the bound also keeps the time away from
# datetime's limits, where shown in Beijing time (0001-01-01 +14:00) or a day either side (the
# story window) it overflowed.
YEARS = range(1970, 2200)


def parse_date(value: Any) -> datetime | None:
    """A front matter `date` (datetime from YAML, or text with/without +0800), or a
    feed's ISO 8601 / RFC 2822 date.

    Naive times are the site's local time, +08:00. Returns None when unusable (or not in
    `YEARS`).
    """
    d = _parse_date(value)
    return d if d is not None and d.year in YEARS else None


def _parse_date(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=CST)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=CST)
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value)
    if not m:
        return _rfc2822(value)
    y, mo, d, h, mi, s, tz = m.groups()
    try:
        tzinfo = _tz(tz)
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                        tzinfo=tzinfo)  # fmt: skip
    except ValueError:
        return None


def _rfc2822(value: str) -> datetime | None:
    """RSS `pubDate`: `Wed, 08 Dec 2021 10:48:44 +0800` (a feed entry's date)."""
    if not re.search(r"[A-Za-z]{3}", value):
        return None
    try:
        d = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if d is None:
        return None
    return d if d.tzinfo else d.replace(tzinfo=CST)


def _tz(tz: str | None) -> timezone:
    if not tz:
        return CST
    if tz.upper() == "Z":
        return UTC
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    if hours > 14 or minutes > 59:
        raise ValueError("offset out of range")
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def date_from_filename(filename: str | None) -> datetime | None:
    """`2021-12-08-2021....md` -> 2021-12-08 00:00 +08:00."""
    if not filename:
        return None
    m = _FILE_DATE.search(PurePosixPath(filename.replace("\\", "/")).name)
    if not m:
        return None
    if int(m.group(1)) not in YEARS:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)), tzinfo=CST)
    except ValueError:
        return None


def published_at(
    value: Any, filename: str | None, seen_at: datetime | None
) -> tuple[datetime, str]:
    """(time, where it came from): front matter date -> file name -> seen_at -> now."""
    if (d := parse_date(value)) is not None:
        return d, "date"
    if (d := date_from_filename(filename)) is not None:
        return d, "filename"
    if seen_at is not None:
        if seen_at.tzinfo is None:  # a naive "seen" time comes from our clock: UTC
            seen_at = seen_at.replace(tzinfo=UTC)
        return seen_at.astimezone(CST), "seen_at"
    return datetime.now(CST).replace(microsecond=0), "now"


_NESTED = (dict, list, tuple, set)


def nested(value: Any) -> bool:
    """True when `categories`/`tags` holds a mapping (or a list inside the list): Jekyll
    takes a string or a list of strings; anything else would become a slug like `{'a':`."""
    if isinstance(value, dict | set):
        return True
    return isinstance(value, list | tuple) and any(isinstance(v, _NESTED) for v in value)


def _as_list(value: Any) -> list[str]:
    """The names in a string or a list; mappings and nested lists are dropped (`nested`)."""
    if value is None or isinstance(value, dict | set):
        return []
    if isinstance(value, list | tuple):
        return [
            str(v).strip()
            for v in value
            if v is not None and not isinstance(v, _NESTED) and str(v).strip()
        ]
    s = str(value).strip()
    return [s] if s else []


_SLUG_TO_NAME = {v: k for k, v in SPECIAL_SLUGS.items()}


def outlet(categories: Any, tags: Any) -> tuple[str, str]:
    """(category slug, outlet name) from front matter `categories` and `tags`.

    The tag is the outlet name plus 新闻 (`每日经济新闻新闻`), but an outlet whose name
    already ends in 新闻 may be tagged without the suffix (`央视新闻`): the candidate
    whose slug matches the category wins.
    """
    cats = _as_list(categories)
    slug = cats[0] if cats else ""
    if len(cats) == 1 and " " in slug:  # Jekyll: a space-separated string is a list
        slug = slug.split()[0]
    tags_l = _as_list(tags)
    name = ""
    for tag in tags_l:
        for cand in dict.fromkeys((outlet_from_tag(tag), tag)):
            if slug and outlet_slug(cand).lower() == slug.lower():
                name = cand
                break
        if name:
            break
    if not name and tags_l:
        name = outlet_from_tag(tags_l[0])
    if not name and slug:
        name = _SLUG_TO_NAME.get(slug, slug)
    if not slug and name:
        slug = outlet_slug(name)
    return (slug or UNKNOWN_SLUG), (name or UNKNOWN_NAME)
