"""Times of day as users type them: `/digest daily 7:30`, `/quiet 23:00-07:00`, `/quiet 23-7`.

Pure: text in, `HH:MM` strings (the chat's own zone is applied by the delivery side).
Full-width digits and colons (a Chinese keyboard's ０８：３０) read as ASCII, and the
traditional 點 as 点.
"""

from __future__ import annotations

import re
import unicodedata

HHMM = re.compile(r"^([01]?\d|2[0-3])[:：]([0-5]\d)$")


def parse_hhmm(text: str) -> str | None:
    """`7:30`, `07:30`, `07：30` -> `07:30`; anything else None."""
    m = HHMM.match(unicodedata.normalize("NFKC", text).strip())
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def _hour_or_hhmm(text: str) -> str | None:
    """`23`, `7`, `23点` (whole hours, as people say quiet hours) or `23:00`."""
    m = re.fullmatch(r"([01]?\d|2[0-3])\s*(?:点|點|時|h)?", text.strip(), re.I)
    return f"{int(m.group(1)):02d}:00" if m else parse_hhmm(text)


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
