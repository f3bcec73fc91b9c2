"""`finews-bot stocks update`: refresh stock names from a public listing.

The default source is Eastmoney's public quote list (the same service whose stock links
the posts carry, so its names and market numbers are the ones the parser reads):

    GET {url}?pn=<page>&pz=<size>&po=1&np=1&fltt=2&invt=2&fid=f12&fs=<markets>&fields=f12,f13,f14
    -> {"data": {"total": N, "diff": [{"f12": "600519", "f13": 1, "f14": "贵州茅台"}, ...]}}

`f12` is the code, `f13` Eastmoney's market number (0 Shenzhen/Beijing, 1 Shanghai,
116 Hong Kong, 105-107 US), `f14` the short name; `diff` may also be an object keyed by
position. Pages are read until `total` rows came or a page is empty. Rows that are no
stock (indices, funds' boards) are skipped by `bot.parser.tickers.canonical`, the
parser's own rule. `--url` points elsewhere (tests serve a page from 127.0.0.1).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

import httpx

from bot.parser.tickers import canonical
from bot.stocks.directory import clean_name

log = logging.getLogger(__name__)

DEFAULT_URL = "https://push2.eastmoney.com/api/qt/clist/get"
# Shanghai main board and STAR, Shenzhen main board and ChiNext, Beijing, Hong Kong main
# board and GEM, and the US-listed Chinese companies (中国概念股).
DEFAULT_MARKETS = "m:1+t:2,m:1+t:23,m:0+t:6,m:0+t:80,m:0+t:81+s:2048,m:116+t:3,m:116+t:4,b:MK0201"
PAGE_SIZE = 100
MAX_PAGES = 400  # 40k rows: far above every market together, a guard against a loop
TIMEOUT = 20.0
_DAY_MARKER = re.compile(r"(XD|XR|DR|N|C)(?=[\u4e00-\u9fff])")


def rows_of(payload: Any) -> tuple[list[dict[str, Any]], int]:
    """(rows, total) of one page; ([], 0) when the payload has no data. ValueError for a
    page of another shape (the CLI says it cannot read the listing; nothing is stored)."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        return [], 0
    diff = data.get("diff") or []
    total = data.get("total") or 0
    if not isinstance(diff, dict | list) or not isinstance(total, int | str | float):
        raise ValueError(f"malformed listing page: diff {type(diff).__name__}, total {total!r}")
    rows = list(diff.values()) if isinstance(diff, dict) else diff
    return [r for r in rows if isinstance(r, dict)], int(total)


def day_marker(ticker: str, name: str) -> bool:
    """A mainland name carrying the exchanges' marker of one trading day: XD/XR/DR on an
    ex-dividend or ex-rights day, N/C on a new listing's first days (`XD贵州茅`, `N江顺`).
    The name is cut to fit it, so it is not the company's name."""
    return ticker.endswith((".SH", ".SZ", ".BJ")) and bool(_DAY_MARKER.match(name))


def names_of(rows: Iterable[dict[str, Any]]) -> dict[str, str]:
    """Listing rows -> {canonical ticker: name}; indices, malformed rows and names under a
    day's marker skipped (the stored name stays; a new listing waits for its own name)."""
    out: dict[str, str] = {}
    for r in rows:
        code, market, name = r.get("f12"), r.get("f13"), r.get("f14")
        if code is None or market is None or not isinstance(name, str):
            continue
        ticker = canonical(str(market), str(code))
        name = clean_name(name)
        if ticker and name and name != "-" and not day_marker(ticker, name):
            out[ticker] = name[:64]
    return out


def fetch_listing(
    url: str = DEFAULT_URL,
    *,
    markets: str = DEFAULT_MARKETS,
    client: httpx.Client | None = None,
    page_size: int = PAGE_SIZE,
) -> dict[str, str]:
    """Every listed stock's name from the listing at `url` (raises httpx errors)."""
    own = client is None
    http = client or httpx.Client(timeout=TIMEOUT, follow_redirects=True)
    names: dict[str, str] = {}
    seen = 0
    try:
        for page in range(1, MAX_PAGES + 1):
            params = {"pn": page, "pz": page_size, "po": 1, "np": 1, "fltt": 2, "invt": 2,
                      "fid": "f12", "fs": markets, "fields": "f12,f13,f14"}  # fmt: skip
            resp = http.get(url, params=params)
            resp.raise_for_status()
            rows, total = rows_of(resp.json())
            names.update(names_of(rows))
            seen += len(rows)
            if not rows or seen >= total:
                break
    finally:
        if own:
            http.close()
    log.info("stock listing %s: %d rows, %d stocks", url, seen, len(names))
    return names
