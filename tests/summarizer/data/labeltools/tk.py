#!/usr/bin/env python3
"""Reading aid: stock links in a post's raw HTML with the linked word (python tk.py FILE...)."""

import re
import sys
from pathlib import Path

ROOT = Path("/work/shared/corpus")
LINK = re.compile(
    r'href="[^"]*?(?:unify/r/|quote\.eastmoney\.com/)(?:(\d+)\.|(sh|sz|hk|us)/?)?([A-Za-z0-9_.]+?)(?:\.html)?"[^>]*>([^<]*)<'
)
MARKET = {
    "0": "SZ",
    "1": "SH",
    "105": "US",
    "106": "US",
    "107": "US",
    "116": "HK",
    "sh": "SH",
    "sz": "SZ",
    "us": "US",
}


def canon(mkt: str, code: str) -> str:
    """Canonical ticker (600519.SH, 00700.HK, BABA.US) or the raw id for boards/indexes."""
    suffix = MARKET.get(mkt)
    return f"{code}.{suffix}" if suffix else f"{mkt}.{code}"


if __name__ == "__main__":
    for rel in sys.argv[1:]:
        raw = (ROOT / rel).read_text(encoding="utf-8")
        seen = {}
        for m in LINK.finditer(raw):
            key = canon(m.group(1) or m.group(2) or "", m.group(3))
            if not seen.get(key):
                seen[key] = m.group(4)
        print(rel, seen)
