"""One company, several listings: 阿里巴巴 is BABA.US and 09988.HK, 中国平安 601318.SH and
02318.HK. A reader who subscribed one listing wants the company's news, whichever
listing the post's stock links happen to name (the BABA chart post never names 09988).

Read from the shipped directory's names, across markets only (A shares, Hong Kong, US):
two listings are one company when their names are the same, or one's name is the other's
short name (京东集团 09618.HK, short name 京东 = JD.US). Two A-share codes of one name are
no pair (a board transfer or a Beijing code change, see `Directory.moved`).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bot.stocks.directory import Directory, clean_name, shipped, without_warning

_MARKET = {"SH": "A", "SZ": "A", "BJ": "A", "HK": "HK", "US": "US"}


def _market(ticker: str) -> str:
    return _MARKET.get(ticker.rsplit(".", 1)[-1], ticker)


def companies(directory: Directory) -> dict[str, tuple[str, ...]]:
    """ticker -> the company's listings on the other markets (only tickers that have some)."""
    by_name: dict[str, list[str]] = {}
    for ticker, name in directory.names():
        by_name.setdefault(clean_name(without_warning(name)), []).append(ticker)
    out: dict[str, set[str]] = {}
    for ticker, name in directory.names():
        names = (name, *directory.names_of(ticker)[1:])  # its name, then its short names
        for n in names:
            for other in by_name.get(clean_name(without_warning(n)), ()):
                if _market(other) != _market(ticker):
                    out.setdefault(ticker, set()).add(other)
                    out.setdefault(other, set()).add(ticker)
    return {t: tuple(sorted(o)) for t, o in out.items()}


@lru_cache(maxsize=1)
def _shipped_companies() -> dict[str, tuple[str, ...]]:
    return companies(shipped())


def other_listings(ticker: str) -> tuple[str, ...]:
    """The company's listings on the other markets (BABA.US -> 09988.HK)."""
    return _shipped_companies().get(ticker, ())


def ticker_roles(subjects: Iterable[str], mentions: Iterable[str] = ()) -> dict[str, bool]:
    """The stocks a post reaches subscribers of, ticker -> mention: its subjects and
    mentions as the parser found them, plus each one's other listings in the same role
    (a subject wins over a mention)."""
    roles: dict[str, bool] = {}
    for mention, tickers in ((True, mentions), (False, subjects)):
        for t in tickers:
            for u in (t, *other_listings(t)):
                if not mention or u not in roles:
                    roles[u] = mention
    return roles
