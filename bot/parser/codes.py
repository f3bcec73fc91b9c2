"""Mainland six-digit codes: which exchange a code trades on, and stock or index.

One rule for everyone who meets a code: the article parser (Eastmoney links, codes
in text) and `/sub` (what users type). Before, each had its own prefix table, and
`/sub 399001` subscribed 深证成指 as if it were a stock.

- A stock code written without an exchange gets it from its prefix (`exchange_of`):
  60/68 and 900 (B) and 5xx funds Shanghai; 00/30 and 200 (B) and 15/16 funds
  Shenzhen; 92, 8 and 4 Beijing.
- Index codes: Shanghai 000xxx, Shenzhen 399xxx, Beijing 899xxx (`is_index`).
  399 and 899 belong to no stock, so a bare `399006` or `899050` is an index.
- A bare `000xxx` is ambiguous: 000001 is 平安银行 on Shenzhen and 上证指数 on
  Shanghai (likewise 000016 深康佳A / 上证50, 000905 厦门港务 / 中证500). Quote apps
  and people writing `（000001）` after a company name mean the Shenzhen stock, so a
  bare 000xxx is the Shenzhen stock; the Shanghai index needs its exchange written
  (`000001.SH`, `sh000300`), and is then refused as an index.

Pure functions, no I/O.
"""

from __future__ import annotations

import re

# Indices people subscribe to by code; the name is offered as a keyword instead.
INDEX_NAMES: dict[str, str] = {
    "000001.SH": "上证指数",
    "000016.SH": "上证50",
    "000300.SH": "沪深300",
    "000688.SH": "科创50",
    "000852.SH": "中证1000",
    "000903.SH": "中证100",
    "000905.SH": "中证500",
    "399001.SZ": "深证成指",
    "399005.SZ": "中小100",
    "399006.SZ": "创业板指",
    "399300.SZ": "沪深300",
    "399330.SZ": "深证100",
    "399673.SZ": "创业板50",
    "399852.SZ": "中证1000",
    "399905.SZ": "中证500",
    "899050.BJ": "北证50",
}

_INDEX_PREFIX = {"SH": "000", "SZ": "399", "BJ": "899"}
_SIX = re.compile(r"\d{6}")
# How indices are named in text: `上证指数`, `深证成指`, `创业板指`, `沪深300`, `北证50`.
_INDEX_WORDS = re.compile(
    r"(?:指数|综指|成指|板指|(?:上证|沪深|中证|深证|科创|创业板|北证|国证|中小)\d{2,4})$"
)


def is_index(code: str, exchange: str) -> bool:
    """Whether `code` on `exchange` (SH/SZ/BJ) is an index rather than a stock."""
    prefix = _INDEX_PREFIX.get(exchange.upper())
    return prefix is not None and bool(_SIX.fullmatch(code)) and code.startswith(prefix)


def bare_index(code: str) -> str | None:
    """The index a six-digit code denotes on its own (`399006` -> `399006.SZ`), else None.

    Only 399xxx and 899xxx: no stock has those codes. A bare 000xxx is the
    Shenzhen stock (see the module doc).
    """
    if not _SIX.fullmatch(code):
        return None
    for exchange in ("SZ", "BJ"):
        if is_index(code, exchange):
            return f"{code}.{exchange}"
    return None


def exchange_of(code: str) -> str | None:
    """Exchange (SH/SZ/BJ) of a six-digit stock or fund code written without one.

    None when the code is no stock: an index (399xxx, 899xxx) or an unknown prefix.
    A bare 000xxx is the Shenzhen stock (000001 -> SZ, 平安银行).

    >>> [exchange_of(c) for c in ("600519", "000001", "399006", "899050", "920809")]
    ['SH', 'SZ', None, None, 'BJ']
    """
    if not _SIX.fullmatch(code) or bare_index(code):
        return None
    if code.startswith(("60", "68", "900", "5")):  # main board, STAR, B shares, funds
        return "SH"
    if code.startswith(("00", "30", "200", "15", "16")):  # main, ChiNext, B shares, funds
        return "SZ"
    if code.startswith(("92", "8", "4")):
        return "BJ"
    return None


def index_name(index: str) -> str | None:
    """Chinese name of a well-known index (`399006.SZ` -> 创业板指), else None."""
    return INDEX_NAMES.get(index)


def looks_like_index_name(name: str | None) -> bool:
    """Whether a name in text is an index's (`沪深300（000300）`, `创业板指（399006）`).

    Used for bare codes in parentheses: `沪深300（000300）` is the index, while
    `平安银行（000001）` is the stock.
    """
    if not name:
        return False
    return name in INDEX_NAMES.values() or bool(_INDEX_WORDS.search(name))
