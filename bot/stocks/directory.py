"""The stock directory: names, short names and pinyin initials -> canonical tickers.

A fresh install must understand `/sub 贵州茅台`, `/sub 茅台`, `/sub gzmt`, `/sub 腾讯`
before any post has arrived, so a snapshot ships with the package
(`bot/data/stocks.tsv`, built by `scripts/build_stock_directory.py`: A shares from the
`adata` package's code list, Hong Kong and US listings and short names hand-kept,
names from Eastmoney's stock links). Names learned later (the `stocks` table: posts'
stock links, `finews-bot stocks update`) are layered on top by `Directory.with_names`.

Pure lookups; the shipped file is read once per process (`shipped()`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from xpinyin import Pinyin

MIN_INITIALS = 3  # `gzmt`, `zgpa`; two letters are a US ticker (JD, GS), not initials
# An exchange's risk warning is part of the trading name, not the company's: posts written
# before or after it say 中利集团, users type 中利 for `ST中利` (002309.SZ).
_WARNING = re.compile(r"^\*?ST(?=[\u4e00-\u9fff])")


def without_warning(name: str) -> str:
    """The name without its risk-warning prefix (ST中利 -> 中利, *ST元道 -> 元道)."""
    return _WARNING.sub("", name)


def clean_name(name: str) -> str:
    """The form names are compared in: NFKC, no spaces (`万  科Ａ` -> `万科A`)."""
    return "".join(unicodedata.normalize("NFKC", name).split())


@lru_cache(maxsize=1)
def _pinyin() -> Pinyin:
    return Pinyin()


def initials_of(name: str) -> str:
    """Pinyin initials of a Chinese name, upper case (贵州茅台 -> GZMT, TCL中环 -> TCLZH)."""
    raw = _pinyin().get_initials(name, "").upper()
    return "".join(ch for ch in raw if ch.isascii() and ch.isalnum())


@dataclass(frozen=True, slots=True)
class Entry:
    ticker: str
    name: str
    initials: str = ""
    aliases: tuple[str, ...] = ()


@dataclass
class Directory:
    """Tickers by name, short name (alias) and pinyin initials."""

    entries: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._by_name: dict[str, list[str]] = {}
        self._by_initials: dict[str, list[str]] = {}
        for e in self.entries.values():
            for n in (e.name, *e.aliases):
                bucket = self._by_name.setdefault(clean_name(n), [])
                if e.ticker not in bucket:
                    bucket.append(e.ticker)
            if len(e.initials) >= MIN_INITIALS and not e.name.isascii():
                self._by_initials.setdefault(e.initials, []).append(e.ticker)
        warned: dict[str, list[str]] = {}  # a warned name yields to a listed one
        for e in self.entries.values():
            for n in (e.name, *e.aliases):
                bare = clean_name(without_warning(n))
                if bare != clean_name(n) and bare not in self._by_name:
                    bucket = warned.setdefault(bare, [])
                    if e.ticker not in bucket:
                        bucket.append(e.ticker)
        self._by_name.update(warned)
        lengths: dict[str, set[int]] = {}  # first character -> the lengths of its names
        for n in self._by_name:
            if n:
                lengths.setdefault(n[0], set()).add(len(n))
        self._lengths = {c: tuple(sorted(ns, reverse=True)) for c, ns in lengths.items()}
        self._moved = _moved_codes(self.entries.values())

    def name(self, ticker: str) -> str | None:
        e = self.entries.get(ticker)
        return e.name if e else None

    def names_of(self, ticker: str) -> tuple[str, ...]:
        """The name and short names of a ticker (empty when unknown)."""
        e = self.entries.get(ticker)
        return (e.name, *e.aliases) if e else ()

    def has_name(self, text: str) -> bool:
        """`text`, already in the compared form (clean_name), is a name or short name: a cheap
        test before `named` for callers that try many pieces of a text."""
        return text in self._by_name

    def name_lengths(self, first: str) -> tuple[int, ...]:
        """The lengths of the names and short names (compared form) that start with the
        character `first`, longest first (empty when none does): a scan for names in a
        text looks up only pieces of those lengths."""
        return self._lengths.get(first, ())

    def named(self, text: str) -> list[str]:
        """Tickers whose name or short name is `text` (中国平安 -> 601318.SH, 02318.HK)."""
        return self._current(self._by_name.get(clean_name(text), []))

    def by_initials(self, text: str) -> list[str]:
        """Tickers whose name's pinyin initials are `text` (gzmt -> 600519.SH)."""
        s = clean_name(text).upper()
        if len(s) < MIN_INITIALS or not (s.isascii() and s.isalpha()):
            return []
        return self._current(self._by_initials.get(s, []))

    def current(self, ticker: str) -> str:
        """The code a stock trades under now: a Beijing stock's old code (835185.BJ) gives
        its 920 code when the directory knows one of the same name, else `ticker` itself."""
        return self._moved.get(ticker, ticker)

    def moved(self) -> Mapping[str, str]:
        """Every old Beijing code -> its 920 code, as far as the names tell (see
        `_moved_codes`)."""
        return self._moved

    def _current(self, tickers: Iterable[str]) -> list[str]:
        return sorted(dict.fromkeys(self.current(t) for t in tickers), key=_market_order)

    def names(self) -> Iterable[tuple[str, str]]:
        return ((t, e.name) for t, e in self.entries.items())

    def with_names(self, learned: Mapping[str, str]) -> Directory:
        """This directory with newer names (posts' links, `stocks update`) on top.

        A learned name replaces the shipped one; the shipped name stays a short name,
        so `国泰君安` still finds 601211.SH after it became 国泰海通.
        """
        changed: dict[str, Entry] = {}
        for ticker, name in learned.items():
            name = clean_name(name)
            old = self.entries.get(ticker)
            if not name or (old is not None and (old.name == name or name in old.aliases)):
                continue
            if old is None:
                changed[ticker] = Entry(ticker, name, initials_of(name))
            else:
                aliases = tuple(dict.fromkeys((*old.aliases, old.name)))
                changed[ticker] = Entry(ticker, name, initials_of(name), aliases)
        if not changed:
            return self
        key = frozenset(changed.items())
        base, layered = _LAYERED.get(key, (None, None))
        if base is not self or layered is None:  # every command loads the catalog: reuse
            _LAYERED.clear()
            layered = Directory({**self.entries, **changed})
            _LAYERED[key] = (self, layered)
        return layered


_LAYERED: dict[frozenset[tuple[str, Entry]], tuple[Directory, Directory]] = {}


def _moved_codes(entries: Iterable[Entry]) -> dict[str, str]:
    """Old Beijing code -> new code, matched by name.

    From 2024 the Beijing exchange gives stocks 920 codes, and its older listings moved
    from their 43/83/87 codes to 920 ones (838275 -> 920275 驱动力). Mostly the last three
    digits stay, but not where two old codes shared them, so the pair is read from the
    names, never computed: an old code moves when exactly one 920 code has its name.
    """
    new: dict[str, list[str]] = {}
    for e in entries:
        if _is_new_bj(e.ticker):
            new.setdefault(clean_name(without_warning(e.name)), []).append(e.ticker)
    out: dict[str, str] = {}
    for e in entries:
        if e.ticker.endswith(".BJ") and not _is_new_bj(e.ticker):
            hits = new.get(clean_name(without_warning(e.name)), [])
            if len(hits) == 1:
                out[e.ticker] = hits[0]
    return out


def _is_new_bj(ticker: str) -> bool:
    """A Beijing stock's code of the 920 series (920185.BJ)."""
    return ticker.endswith(".BJ") and ticker.startswith("920")


def _market_order(ticker: str) -> tuple[int, str]:
    """Mainland first, then Hong Kong, then US: the order choices are offered in."""
    suffix = ticker.rsplit(".", 1)[-1]
    return ({"SH": 0, "SZ": 0, "BJ": 0, "HK": 1, "US": 2}.get(suffix, 3), ticker)


def parse_tsv(text: str) -> Directory:
    """`ticker<TAB>name<TAB>initials<TAB>aliases` lines -> Directory."""
    entries: dict[str, Entry] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        ticker, name = parts[0], parts[1]
        ini = parts[2] if len(parts) > 2 and parts[2] else initials_of(name)
        aliases = tuple(a for a in (parts[3].split(",") if len(parts) > 3 else ()) if a)
        entries[ticker] = Entry(ticker, name, ini, aliases)
    return Directory(entries)


@lru_cache(maxsize=1)
def shipped() -> Directory:
    """The snapshot shipped with the package (read once per process)."""
    text = resources.files("bot.data").joinpath("stocks.tsv").read_text(encoding="utf-8")
    return parse_tsv(text)
