"""Times of day as users type them: `/digest daily 7:30`, `/quiet 23:00-07:00`, `/quiet 23-7`.

Pure: text in, `HH:MM` strings (the chat's own zone is applied by the delivery side).
Full-width digits and colons (a Chinese keyboard's ０８：３０) read as ASCII, and the
traditional 點 as 点; a time as Chinese says it (`8点半`, `晚上11点`) is read too.
"""

from __future__ import annotations

import re
import unicodedata

HHMM = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def parse_hhmm(text: str) -> str | None:
    """`7:30`, `07:30`, `07：30` -> `07:30`; anything else None."""
    m = HHMM.match(unicodedata.normalize("NFKC", text).strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


# a time as Chinese says it: [次日][part of the day] H [点 [半 | M [分]] | :MM]
_CLOCK = re.compile(
    r"(?:次日|第二天|明天)?(?P<part>凌晨|早上|早晨|清晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?\s*"
    r"(?P<h>\d{1,2})\s*(?:(?:点|點|時|h)\s*(?:(?P<half>半)|(?P<m>\d{1,2})\s*分?)?|:(?P<mm>\d\d))?",
    re.I,
)
_AFTERNOON = ("下午", "傍晚")  # 1-11 are p.m.
_EVENING = ("晚上", "夜里", "夜间")  # 1-11 are p.m., 12 is midnight


def _hour_or_hhmm(text: str) -> str | None:
    """`23`, `7`, `23点` (whole hours, as people say quiet hours), `23:00`, and as Chinese
    says a time: `8点半`, `8点30分`, `晚上9点` (21:00), `中午1点` (13:00), `凌晨12点` (00:00)."""
    m = _CLOCK.fullmatch(text.strip())
    if m is None:
        return None
    hour, part = int(m["h"]), m["part"]
    minute = 30 if m["half"] else int(m["m"] or m["mm"] or 0)
    if part in (*_AFTERNOON, *_EVENING) and 1 <= hour <= 11:
        hour += 12
    elif part in (*_EVENING, "凌晨") and hour == 12:
        hour = 0
    elif part == "中午" and 1 <= hour <= 5:
        hour += 12
    return f"{hour:02d}:{minute:02d}" if hour <= 23 and minute <= 59 else None


def parse_time(text: str) -> str | None:
    """A digest's time of day: `8:30`, `08：30`, or a whole hour as for quiet hours (`8`,
    `8点`) -> `08:30` / `08:00`; anything else None."""
    return _hour_or_hhmm(unicodedata.normalize("NFKC", text))


def parse_quiet(text: str) -> tuple[str, str] | None:
    """`23:00-07:30`, `23-7`, `23点到7点` -> ("23:00", "07:30"); the range may cross midnight;
    equal ends refused."""
    parts = re.split(r"\s*[-–—~～至到]\s*", unicodedata.normalize("NFKC", text).strip())
    if len(parts) != 2:
        return None
    a, b = _hour_or_hhmm(parts[0]), _hour_or_hhmm(parts[1])
    if not a or not b or a == b:
        return None
    return a, b
