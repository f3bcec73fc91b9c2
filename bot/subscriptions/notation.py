"""How readers write a stock code: the notations `/sub` understands (600519, sh600519,
600519.SS, 00700, 700.HK, HKEX:700, $BABA) -> the canonical ticker the fan-out matches
(600519.SH, 00700.HK, BABA.US), and the text hygiene every target word gets first.

Pure; split from `bot.subscriptions.targets`, which re-exports these names.
"""

from __future__ import annotations

import re
import unicodedata

from bot.parser.codes import bare_index, exchange_of, is_index


def clean(text: str) -> str:
    """NFKC (full-width -> ASCII), control/format characters removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if ch in "\t\n\r" else ch for ch in text)
    text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co"))
    return " ".join(text.split())


_CN = re.compile(r"(?:(SH|SZ|BJ|SS)\.?)?(\d{6})(?:\.(SH|SZ|BJ|SS))?", re.I)
_HK = re.compile(r"(?:HK\.?)?(\d{1,5})(?:\.HK)?", re.I)
_US_SUFFIXES = {"US", "O", "N", "OQ", "NQ", "AM"}
# charting sites' `EXCHANGE:CODE` (HKEX:700, NASDAQ:NVDA) -> the suffix the code takes
_VENUES = dict.fromkeys(("HKEX", "HKG", "HK"), "HK") | dict.fromkeys(("SSE", "SH"), "SH")
_VENUES |= dict.fromkeys(("SZSE", "SZ"), "SZ") | dict.fromkeys(("BSE", "BJ"), "BJ")
_VENUES |= dict.fromkeys(("NYSE", "NASDAQ", "AMEX", "US"), "US")
_VENUE = re.compile(rf"({'|'.join(_VENUES)}):(.+)", re.I)


def a_share_exchange(code: str) -> str | None:
    """Exchange of a six-digit mainland code (None for indices and non-stock codes).

    The parser's rule (`bot.parser.codes.exchange_of`), so `/sub` and the articles agree.
    """
    return exchange_of(code)


def _cn_notation(s: str) -> tuple[str, str | None] | None:
    """`sh600519`, `600519.SS`, `600519` -> (code, exchange written or None).

    None when it is no mainland notation, or prefix and suffix disagree.
    """
    m = _CN.fullmatch(s)
    if not m:
        return None
    pre, code, suf = m.groups()
    if pre and suf and pre.upper() != suf.upper():
        return None
    given = (pre or suf or "").upper().replace("SS", "SH")
    return code, given or None


def index_of(text: str) -> str | None:
    """The index a notation denotes (`399006`, `sh000300`, `000001.SH`, `899050`), else None.

    A bare 000xxx is not one: it is the Shenzhen stock (000001 平安银行), as in the parser.
    """
    s = clean(text).replace(" ", "")
    venue = _VENUE.fullmatch(s)  # `SSE:000001` as `000001.SH`
    cn = _cn_notation(f"{venue.group(2)}.{_VENUES[venue.group(1).upper()]}" if venue else s)
    if cn is None:
        return None
    code, given = cn
    if given:
        return f"{code}.{given}" if is_index(code, given) else None
    return bare_index(code)


def is_year(text: str) -> bool:
    """`2024`, `1999`: four digits that read as a year (19xx, 20xx)."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def normalize_ticker(text: str) -> str | None:
    """Any unambiguous notation -> canonical ticker (600519.SH, 00700.HK, BABA.US), else None.

    Indices (`399006`, `000300.SH`) are None, and so is a bare year-like number (`2024`):
    write `2024.HK` or `02024` for that Hong Kong stock.

    >>> [normalize_ticker(x) for x in ("sh600519", "700.HK", "$baba", "000001", "2024")]
    ['600519.SH', '00700.HK', 'BABA.US', '000001.SZ', None]
    """
    s = clean(text).replace(" ", "")
    if not s:
        return None
    if venue := _VENUE.fullmatch(s):  # `HKEX:700`: as `700.HK`, and only a stock of there
        suffix = _VENUES[venue.group(1).upper()]
        ticker = normalize_ticker(f"{venue.group(2)}.{suffix}")
        return ticker if ticker and ticker.endswith("." + suffix) else None
    if _CN.fullmatch(s):
        cn = _cn_notation(s)
        if cn is None:
            return None
        code, given = cn
        exch = exchange_of(code)  # None for indices and unknown prefixes
        if given:  # 000001.SH is the SSE index, not a stock: prefix and suffix must agree
            return f"{code}.{given}" if exch == given else None
        return f"{code}.{exch}" if exch else None
    if m := _HK.fullmatch(s):
        explicit = s.upper().startswith("HK") or s.upper().endswith(".HK")
        code = m.group(1)
        if not explicit and is_year(code):
            return None
        if explicit or len(code) >= 4 or code.startswith("0"):
            return f"{int(code):05d}.HK" if int(code) > 0 else None
        return None
    u = s.upper().lstrip("$").removeprefix("US.")
    base, dot, suffix = u.rpartition(".")
    if dot and suffix in _US_SUFFIXES:
        u = base
    if re.fullmatch(r"[A-Z]{1,5}(?:\.[A-Z])?", u):
        return f"{u}.US"
    return None
