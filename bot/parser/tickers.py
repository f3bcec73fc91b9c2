"""Stock tickers in canonical form (600519.SH, 000001.SZ, 00700.HK, BABA.US, 920809.BJ).

Eastmoney marks stocks with a market number and a code: `0` Shenzhen (and Beijing for
92xxxx / 8xxxxx / 4xxxxx codes), `1` Shanghai, `105`/`106`/`107` the US exchanges,
`116` Hong Kong. Everything else (`90` sector boards such as BK0493, `100`/`101`/`102`
indices and futures, `122` metals, `251` ...) is not a stock, and neither are index
codes that look like stocks: `1.000001` is 上证指数, not 平安银行 `000001.SZ`,
`0.399001` is 深证成指 and `0.899050` 北证50. Those return None so users never get an
index subscribed as a stock. Which code is an index is `bot.parser.codes`' rule, the
same one `/sub` applies to what users type.

In plain text only codes in parentheses right after a name count (`贵州茅台（600519）`,
`(601633.SH)`, `(2888.HK)`, `(INTC.O)`): a bare six-digit number in text is far more
often an amount, a date or a batch number than a stock. A bare code after an index
name (`沪深300（000300）`, `创业板指（399006）`) is not a stock either; a bare four-digit
number (`（2024）`) never is one.

Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, Tag

from bot.parser.codes import bare_index, exchange_of, is_index, looks_like_index_name

US_MARKETS = {"105", "106", "107"}
HK_MARKET = "116"
CN_SUFFIX = {"SH", "SZ", "BJ"}
US_SUFFIXES = {"O", "N", "OQ", "NQ", "US", "A", "AM", "PK"}


def _a_share(code: str) -> str | None:
    """A six-digit code written without exchange -> canonical ticker (indices excluded)."""
    exchange = exchange_of(code)
    return f"{code}.{exchange}" if exchange else None


def _a_share_named(code: str, name: str | None) -> str | None:
    """A bare code after a name in text: `沪深300（000300）` is the index, not 000300.SZ."""
    return None if looks_like_index_name(name) else _a_share(code)


@lru_cache(maxsize=4096)  # pure; a post links each stock several times (id, link, chart)
def canonical(market: str | int, code: str) -> str | None:
    """Eastmoney (market, code) -> canonical ticker, or None when it is not a stock.

    >>> canonical(1, "600519"), canonical("0", "300024"), canonical(116, "9660")
    ('600519.SH', '300024.SZ', '09660.HK')
    >>> canonical(106, "baba"), canonical(1, "000001"), canonical(90, "BK0493")
    ('BABA.US', None, None)
    """
    m = str(market).strip()
    c = str(code).strip().upper()
    if not c:
        return None
    if m == "1":
        if not re.fullmatch(r"\d{6}", c) or is_index(c, "SH"):  # 000xxx: SSE indices
            return None
        return f"{c}.SH"
    if m == "0":
        if not re.fullmatch(r"\d{6}", c) or bare_index(c):  # 399xxx SZSE, 899xxx BSE indices
            return None
        if c.startswith(("92", "8", "4")):
            return f"{c}.BJ"
        return f"{c}.SZ"
    if m in US_MARKETS:
        if not re.fullmatch(r"[A-Z][A-Z0-9._-]{0,9}", c):
            return None
        return f"{c.replace('_', '.')}.US"
    if m == HK_MARKET:
        if not re.fullmatch(r"\d{1,5}", c):
            return None
        return f"{c.zfill(5)}.HK"
    return None


def from_suffixed(code: str, suffix: str) -> str | None:
    """`601633`,`SH` / `2888`,`HK` / `INTC`,`O` -> canonical ticker (text notation)."""
    code = code.strip().upper()
    suffix = suffix.strip().upper()
    if suffix in CN_SUFFIX:  # the code's prefix must agree: (000001.SH) is 上证指数
        return f"{code}.{suffix}" if exchange_of(code) == suffix else None
    if suffix == "HK":
        return f"{code.zfill(5)}.HK" if re.fullmatch(r"\d{1,5}", code) else None
    if suffix in US_SUFFIXES:
        return f"{code}.US" if re.fullmatch(r"[A-Z][A-Z.]{0,6}", code) else None
    return None


# --- HTML ---------------------------------------------------------------------------

_UNIFY = re.compile(r"/unify/r/(\d+)\.([A-Za-z0-9_.]+)")
_NID = re.compile(r"[?&]nid=(\d+)\.([A-Za-z0-9_]+)")
_ID = re.compile(r"^(?:stock|quote)_(\d+)\.([A-Za-z0-9_]+)$")
_DATA_PIPE = re.compile(r"^(?:K\s+)?([A-Za-z0-9_.]+)\|(\d+)\|")
_DATA_COMMA = re.compile(r"^(\d+),([A-Za-z0-9_.]+)$")
_NAME_OK = re.compile(r"^[^\d\s<>][^<>]{0,15}$")


def _pairs_of(tag: Tag) -> list[tuple[str, str]]:
    """(market, code) pairs an element's attributes point at."""
    out: list[tuple[str, str]] = []
    attrs = tag.attrs  # read directly: `tag.get` is a call per attribute per element
    if not attrs:
        return out  # most elements (p, span, strong) have no attributes at all
    dc = attrs.get("data-code")
    if isinstance(dc, str):
        if m := _DATA_PIPE.match(dc.strip()):
            out.append((m.group(2), m.group(1)))
        elif m := _DATA_COMMA.match(dc.strip()):
            out.append((m.group(1), m.group(2)))
    for attr in ("href", "src"):
        val = attrs.get(attr)
        if isinstance(val, str):
            if m := _UNIFY.search(val):
                out.append((m.group(1), m.group(2)))
            if "nid=" in val and (m := _NID.search(val)):
                out.append((m.group(1), m.group(2)))
    ident = attrs.get("id")
    if isinstance(ident, str) and (m := _ID.match(ident)):
        out.append((m.group(1), m.group(2)))
    return out


def elements(root: BeautifulSoup | Tag) -> list[Tag]:
    """Every element under `root` in document order: `root.find_all(True)` without bs4's
    filter machinery (a quarter of a long post's parse time went to it)."""
    return [d for d in root.descendants if isinstance(d, Tag)]


def _has_img(tag: Tag) -> bool:
    """`tag.find("img") is not None`, by a plain walk."""
    return any(isinstance(d, Tag) and d.name == "img" for d in tag.descendants)


def _link_name(tag: Tag, has_img: bool) -> str | None:
    """The stock's name when the element is a text link (`<a ...>巨化股份</a>`);
    `has_img`: `_has_img(tag)`, which the caller needs too."""
    if tag.name not in ("a", "span") or has_img:
        return None
    text = " ".join(tag.get_text(" ", strip=True).split())
    return text if _NAME_OK.match(text) else None


@dataclass(frozen=True, slots=True)
class StockLinks:
    """What an HTML body's stock markup says, for `bot.parser.autolinks` to weigh.

    `found`: (ticker, first link name) in document order, as `tickers_from_soup`.
    `charted`: tickers with a quote chart image (an `EM_StockImg` block): an editor
    put the chart there, the article is about that stock. `names`: every text-link
    name per ticker (`XPEV.US`: 小鹏汽车, 小鹏集团).
    """

    found: list[tuple[str, str | None]] = field(default_factory=list)
    charted: frozenset[str] = frozenset()
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)


def scan_links(soup: BeautifulSoup | Tag, *, tags: list[Tag] | None = None) -> StockLinks:
    """Stock links and chart blocks of an HTML body (see `StockLinks`); `tags`:
    `elements(soup)` when the caller has them already."""
    order: list[str] = []
    first: dict[str, str | None] = {}
    charted: set[str] = set()
    names: dict[str, dict[str, None]] = {}
    for tag in elements(soup) if tags is None else tags:
        if not tag.attrs:
            continue  # most elements (p, span, strong) have no attributes at all
        pairs = _pairs_of(tag)
        if not pairs:
            continue
        img = _has_img(tag)
        name = _link_name(tag, img)
        chart = tag.name == "img" or (name is None and img)
        for market, code in pairs:
            t = canonical(market, code)
            if t is None:
                continue
            if t not in first:
                order.append(t)
                first[t] = None
            if name:
                first[t] = first[t] or name
                names.setdefault(t, {})[name] = None
            if chart:
                charted.add(t)
    return StockLinks(
        found=[(t, first[t]) for t in order],
        charted=frozenset(charted),
        names={t: tuple(ns) for t, ns in names.items()},
    )


def tickers_from_soup(soup: BeautifulSoup | Tag) -> list[tuple[str, str | None]]:
    """(ticker, name or None) in document order, deduplicated, names filled when known."""
    return scan_links(soup).found


def extract_tickers_from_html(html: str) -> list[tuple[str, str | None]]:
    """Tickers linked in an Eastmoney HTML body: chart blocks and inline stock links.

    Returns (ticker, name) pairs in order of first appearance; name is the link text
    when the stock is linked by name (`<a href=".../unify/r/1.600160">巨化股份</a>`).
    """
    return tickers_from_soup(BeautifulSoup(html, "lxml"))


# --- plain text ---------------------------------------------------------------------

# An opening parenthesis, then one of the code notations, then `)` or a separator
# (`（09660.HK，以下简称“地平线”）`). The name is looked up backwards from the
# parenthesis only for the (rare) matches, which keeps this fast on long articles.
_TEXT_CODE = re.compile(
    r"[（(]\s*(?:"
    r"(?P<six>\d{6})"  # 贵州茅台（600519）
    r"|(?P<xc>SH|SZ|BJ)(?P<xcode>\d{6})"  # （SZ002384）
    r"|(?P<hk5>0\d{4})(?=\s*[)）])"  # 中国旺旺(00151): five digits, leading 0 = Hong Kong
    r"|(?:股票代码|证券代码)[：:]\s*(?P<kw>[A-Z]{1,5}|\d{6})"  # （股票代码：MRVL）
    r"|[^()（）]{0,12}?(?<![A-Za-z0-9.])(?P<code>\d{1,6}|[A-Z][A-Z.]{0,6}?)"
    r"\.(?P<suffix>SH|SZ|BJ|HK|OQ|NQ|O|N|US)(?![A-Za-z])"  # (601633.SH) (INTC.O)
    r")\s*(?:[)）]|[，,、；;])"
)
_NAME_END = re.compile(r"(?:\*?ST)?[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9\-]{0,11}$")


def _name_before(text: str, pos: int) -> tuple[str | None, bool]:
    """(name ending at pos, whether a boundary precedes it)."""
    m = _NAME_END.search(text, max(0, pos - 14), pos)
    if not m:
        return None, False
    start = m.start()
    return m.group(0), start == 0 or _is_boundary(text[start - 1])


# analyst-note verbs and connectives glued to the name (`里昂：下调港交所(00388.HK)`,
# `首予信义能源`, `其中颐海国际`, `除了比亚迪`): no listed name starts with these
_VERB_PREFIX = re.compile(
    r"^(?:下调|上调|调升|调降|首予|给予|维持|重申|予以|首次覆盖|覆盖|其中|除了|包括|以及|例如|比如)"
)
# a name cannot start with these function words (`及银娱`, `列金沙中国`, `升颐海国际`);
# 和/同/向/至 are left out on purpose: 和而泰, 同花顺, 向日葵, 至纯科技
_BAD_FIRST = frozenset("及与列升降予将把对在从被据由让令")
_HAS_CJK = re.compile(r"[\u4e00-\u9fff]")


def _clean_name(name: str | None) -> str | None:
    """A plausible stock name from the text before a code, or None when unsure.

    Names in text are a by-product (stock links give better ones), so this errs on
    the side of None: 2-6 characters (*ST康得, TCL中环), at least one Chinese
    character, no leading function word.
    """
    if not name:
        return None
    name = _VERB_PREFIX.sub("", name.strip("-"))
    if not 2 <= len(name) <= 6 or name[0] in _BAD_FIRST or not _HAS_CJK.search(name):
        return None
    return name


def extract_tickers_from_text(text: str) -> list[tuple[str, str | None]]:
    """Tickers written in text, in order of appearance: `NAME（600519）`, `(02888.HK)`...

    The name is returned when a short name directly precedes the parenthesis and is
    itself preceded by a boundary (start, punctuation, space); otherwise None. A bare
    six-digit code needs a name right before it (`（600519）` alone is not a ticker).
    """
    if "(" not in text and "（" not in text:
        return []
    found: list[tuple[str, str | None]] = []
    for m in _TEXT_CODE.finditer(text):
        name, bounded = _name_before(text, m.start())
        if m.group("six"):
            t = _a_share_named(m.group("six"), name) if name else None
        elif m.group("xc"):
            t = from_suffixed(m.group("xcode"), m.group("xc"))
        elif kw := m.group("kw"):
            t = f"{kw}.US" if not kw.isdigit() else _a_share_named(kw, name)
        elif m.group("hk5"):
            t = f"{m.group('hk5')}.HK"
        else:
            t = from_suffixed(m.group("code"), m.group("suffix"))
        if t is None:
            continue
        found.append((t, _clean_name(name) if bounded else None))
    return merge(found)


def _is_boundary(ch: str) -> bool:
    return not ("\u4e00" <= ch <= "\u9fff" or ch.isalnum())


def merge(*lists: Iterable[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Concatenate (ticker, name) lists keeping first appearance and the first name."""
    order: list[str] = []
    names: dict[str, str | None] = {}
    for lst in lists:
        for t, n in lst:
            if t not in names:
                order.append(t)
                names[t] = n
            elif n and not names[t]:
                names[t] = n
    return [(t, names[t]) for t in order]
