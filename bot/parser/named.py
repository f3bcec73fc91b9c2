"""The company a title names by its directory name, when no stock link says so.

A flash such as `苏州银行：获准发行不超60亿元…` or `康斯特：MEMS传感器项目…` has no
Eastmoney stock link, so it used to reach no ticker subscriber although it is about
one listed company. The stock directory (`bot.stocks.directory`) knows the names;
this module says which of them a title (or a one-sentence flash) uses as a company,
precision first, because a wrong subject sends the push to the wrong subscribers:

- **a name, not part of a word**: the longest directory name at each position
  (`比亚迪电子`, not `比亚迪`), a whole word for Latin names, and a word of its own in
  jieba's segmentation of the clause (`成长和` does not name 长和);
- **no everyday word**: a name that is also a frequent dictionary word (`苹果`,
  `联想`, `百度`: jieba frequency >= `COMMON_FREQ`) and every two-character short
  name (`平安`, `宁德`, `理想`, `茅台`) count only when the title uses them as a
  company: a price move, a company noun or a report after them (`苹果股价`,
  `腾讯宣布`, `理想汽车`), or the company speaking (`腾讯：`);
- **not a topic or a source**: `苹果概念股`, `白酒板块`; a broker speaking
  (`天风证券刘晨明：…`, `高盛：首予…评级`) is quoted, not reported on;
- **one company**: a name that resolves to two listings in one market is ambiguous
  and skipped (a Beijing stock's old and 920 codes are one: `Directory.named` gives
  the new code); the A/H/US listings of one company are one
  company (`阿里巴巴` -> 09988.HK, BABA.US).

`title_company` returns the listings of every company the title uses as one (the
post's own stocks named there are carried already); a flash's sentence, read when the
title names none, counts only when it names exactly one, except under a title that reports a
board's move, whose flash lists the movers (see _BOARD_MOVE).

Pure logic: the directory and jieba's bundled dictionary are passed in or read once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bot.parser.autolinks import (
    _COMPANY_END,
    COMMON_FREQ,
    _is_word_at,
    _jieba,
    _used_as_company,
    word_frequency,
)
from bot.parser.roles import _REPORT_CUE, _SOURCE, _TOPIC, _WRAP_TITLE
from bot.stocks.directory import Directory, clean_name

MAX_NAME = 18  # the longest directory name as written (Palo Alto Networks)
_LATIN_WORDS = re.compile(r"[A-Za-z][A-Za-z.&]*(?: [A-Za-z][A-Za-z.&]*)+")
SHORT_ALIAS = 2  # two-character short names are everyday words too often: 平安, 宁德

# A clause start before a name: the title's start, punctuation, a space.
_START = re.compile(r"[\s，,。；;：:！!？?“”\"‘’（()）【】\[\]|｜、…—-]")
# The company speaks: `苏州银行：`, `天风证券刘晨明：` (a person's name up to 4 characters).
_SPEAKS = re.compile(r"[\u4e00-\u9fff]{0,4}[：:]")
# A title of a broker's view about stocks: `大摩：升颐海国际评级`, `里昂：下调…目标价`.
# 评级: posts/2021-12-08-202112082206807620, posts/2021-12-08-202112082206796032;
# 目标价: posts/2021-12-08-202112082206807620, posts/2021-12-08-202112082206704122.
_ANALYST = re.compile(r"评级|目标价")
# After a name, someone or something of it speaks: `天风证券刘晨明：`, `高盛深度：`.
_ITSELF_SPEAKS = re.compile(rf"(?:{'|'.join(_COMPANY_END)})[：:]")
_SPEAKER_OF = re.compile(r"[^\s，,。；;：:！!？?“”\"]{1,4}[：:]")
# After a name, its people or papers: 交易员 long/2025-10-04-wscn3756668,
# long/2026-08-07-wscn3778905; 报告 posts/2021-12-08-202112082206796032,
# posts/2021-12-08-202112082206807620; 策略师 long/2026-06-23-wscn3775156,
# long/2026-07-02-wscn3776019.
_SOURCE_AFTER = re.compile(r"[^，,。；;：:]{0,4}?(?:交易员|报告|策略师)")
_CLOSE_QUOTE = '”"’」』'
_QUOTED_HEAD = re.compile(r"[“\"‘「『][\u4e00-\u9fff]{1,6}$")
# Brokers' names end so (中信证券, 天风证券, 南华期货): when they speak, they are a source.
_BROKER_END = ("证券", "期货")
# After a name: it is a theme, not the company (`苹果概念股`, `茅台系`, `苹果链`), but
# `苹果股价`, `特斯拉股票` are the company's own.
_THEME = re.compile(r"[系链]|概念|指数|股(?![价东票份权息])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# The title's company acts: an everyday-looking name followed by its act is the company
# (发布: 英伟达发布Vera CPU新细节 em202607223816082260, 多家科技巨头发布财报 em202604303725289812;
# 拿下: 紫金矿业又拿下一座金矿 em202510123531527221, …拿下“黄金穹顶”大单 wscn3771799).
_ACTS = re.compile(r"(?:又|再|已|正式)?(?:发布|拿下)")
# Its cloud or AI business: 阿里云、百度智能云同步上调价格 (em202603193676389451), 腾讯AI找到
# “新船票”了吗 (wscn3776245); the name is the company's, not a word. So is a name written right
# before a Latin product name (苹果iPhone 13开售…, 谷歌Gemini, 微软Azure): a fruit has no iPhone.
_UNIT = re.compile(r"(?:智能)?云(?![南集])|AI(?![A-Za-z])|i?[A-Z][A-Za-z0-9]+")


@dataclass(frozen=True, slots=True)
class Named:
    """A company a text names: the name as written, its listings, where."""

    name: str
    tickers: tuple[str, ...]
    start: int
    end: int


def _market(ticker: str) -> str:
    suffix = ticker.rsplit(".", 1)[-1]
    return "A" if suffix in ("SH", "SZ", "BJ") else suffix


def _one_company(tickers: Sequence[str]) -> bool:
    """At most one listing per market: A/H/US listings of one company, not two codes."""
    markets = [_market(t) for t in tickers]
    return bool(tickers) and len(markets) == len(set(markets))


def _candidates(text: str, directory: Directory) -> list[Named]:
    """Leftmost-longest directory names in `text` (no overlaps)."""
    out: list[Named] = []
    i = 0
    while i < len(text):
        # no name starts with most characters of a text: skip them before a call
        lengths = directory.name_lengths(text[i])
        hit = _name_at(text, i, directory, lengths) if lengths else None
        if hit is None:
            i += 1
            continue
        out.append(hit)
        i = hit.end
    return out


def _name_at(text: str, i: int, directory: Directory, lengths: tuple[int, ...]) -> Named | None:
    """The longest directory name that starts at `text[i]`, if any (`lengths`: those of the
    names starting with its character, longest first)."""
    top = min(len(text), i + MAX_NAME)
    space = text.find(" ", i, top)  # the pieces reaching past it have a space
    for j in _ends(text, i, top, space, lengths):
        piece = text[i:j]
        # Rocket Lab, Palo Alto Networks: a Latin name of several words, looked up as the
        # directory keeps it (no spaces); any other piece only as written
        spaced = 0 <= space < j
        key = clean_name(piece) if spaced and _LATIN_WORDS.fullmatch(piece) else piece
        known = directory.has_name(key) and clean_name(key) == key
        tickers = directory.named(key) if known else []
        if tickers:
            return _h_shares(text, Named(piece, tuple(tickers), i, j), directory)
    return None


def _h_shares(text: str, n: Named, directory: Directory) -> Named:
    """`青岛啤酒H股`, `中芯国际H股`: the company's Hong Kong listing (HKEX writes some with
    股份: 青岛啤酒股份), not its A shares. Posts outside the gold files:
    202112082206896791 (升青岛啤酒H股评级至买入), wscn3756709 (中芯国际H股的12个月目标价)."""
    if not text.startswith("H股", n.end):
        return n
    for name in (n.name, n.name + "股份"):
        hk = tuple(t for t in directory.named(name) if t.endswith(".HK"))
        if hk:
            return Named(n.name + "H股", hk, n.start, n.end + 2)
    return n


def _ends(text: str, i: int, top: int, space: int, lengths: tuple[int, ...]) -> list[int]:
    """Where a name starting at `i` may end, longest first. A piece with no space is looked
    up as written: only the lengths of the names starting with its character can match.
    A piece reaching past the first space (`space`, -1: none) can match only as Latin words
    (looked up without spaces, whatever its length): names have no spaces."""
    last = top if space < 0 else space  # the last end of a piece with no space
    latin = space >= 0 and text[i].isascii() and text[i].isalpha()
    spaced = list(range(top, max(space, i + 1), -1)) if latin else []
    return spaced + [i + n for n in lengths if n >= 2 and i + n <= last]


def _ordered(tickers: Iterable[str]) -> list[str]:
    """A company's listings, mainland first, then Hong Kong, then US."""
    rank = {"A": 0, "HK": 1, "US": 2}
    return sorted(tickers, key=lambda t: (rank.get(_market(t), 3), t))


def _is_latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalnum()


def _short(name: str, tickers: Sequence[str], directory: Directory) -> bool:
    """A two-character short name (平安, 茅台) rather than a listing's own name."""
    return len(name) <= SHORT_ALIAS and all(directory.name(t) != name for t in tickers)


def _speaks(text: str, end: int) -> bool:
    """`苏州银行：…`: the company itself speaks (an announcement, an interview)."""
    return text[end : end + 1] in ("：", ":")


def _is_source(text: str, n: Named) -> bool:
    """Quoted, not reported on: a broker's or a person's view (`中信证券认为`,
    `高盛：首予…评级`, `天风证券刘晨明：…`, `高盛深度：…`)."""
    if _SOURCE.match(text, n.end) or _SOURCE_AFTER.match(text, n.end):
        return True
    heads = n.start == 0 or bool(_START.match(text[n.start - 1]))
    # `中利集团：` (ST中利): the company itself speaks, by its full name; a broker (`…证券：`) or
    # a rating is still quoted
    itself = _ITSELF_SPEAKS.match(text, n.end)
    if heads and not itself and _SPEAKER_OF.match(text, n.end):  # someone of the name speaks,
        return True  # heading its clause (not 收购耀才证券获批野望：…, the deal's target)
    if not (itself or _speaks(text, n.end)):
        return False
    after = text[itself.end() if itself else n.end + 1 :]
    if _ANALYST.search(after):
        return True
    said = itself.group()[:-1] if itself else n.name
    return said.endswith(_BROKER_END) and not _REPORT_CUE.search(after)


def _everyday(name: str, tickers: Sequence[str], directory: Directory) -> bool:
    """A name that is an everyday word or phrase too (see the module doc)."""
    if _short(name, tickers, directory):
        return True
    if name.endswith(_COMPANY_END):
        return False
    if word_frequency(name) >= COMMON_FREQ:  # 苹果, 联想, 中国联通, 纳斯达克
        return True
    pieces = _jieba().lcut(name, HMM=False)  # 清新|环境, 美国|黄金, 海南|高速
    return len(pieces) > 1 and all(len(p) > 1 and word_frequency(p) >= COMMON_FREQ for p in pieces)


def _nickname(text: str, n: Named) -> bool:
    """`“量子英伟达”`, `“中国版特斯拉”`: the name ends a quoted coinage."""
    return text[n.end : n.end + 1] in _CLOSE_QUOTE and bool(
        _QUOTED_HEAD.search(text, max(0, n.start - 8), n.start)
    )


def _as_company(
    text: str, n: Named, directory: Directory, others: Iterable[str], *, strict: bool
) -> bool:
    """Whether the text uses the name as the company (see the module doc); `strict`:
    a company cue is needed whatever the name (a flash's sentence, not its title)."""
    s, e = n.start, n.end
    if not strict and not _everyday(n.name, n.tickers, directory):
        return True
    if _speaks(text, e) and (s == 0 or _START.match(text[s - 1])):
        return True
    rest = text[e : e + 8].lstrip("的")
    return (
        _used_as_company(text, s, e, others)
        or bool(_REPORT_CUE.match(rest))
        or (not strict and bool(_ACTS.match(rest) or _UNIT.match(rest)))
    )


def _is_name_at(text: str, n: Named) -> bool:
    """The name is a word of its own there, not part of a longer word or a coinage."""
    s, e = n.start, n.end
    if n.name.isascii():
        return not (_is_latin(text[s - 1 : s]) or _is_latin(text[e : e + 1]))
    return _is_word_at(text, s, e) and not _nickname(text, n)


def companies(text: str, directory: Directory, *, strict: bool = False) -> list[tuple[Named, bool]]:
    """The companies `text` names, each with whether it is used as the company
    (False: an everyday word with no company cue); sources and themes left out."""
    found = _candidates(text, directory)
    names = [n.name for n in found]
    # a broker rating other stocks: `大摩上调苹果目标价` (the first name rates)
    rated = bool(found) and bool(_ANALYST.search(text, found[-1].end))
    out = []
    for i, n in enumerate(found):
        if _TOPIC.match(text, n.end) or _THEME.match(text, n.end) or _is_source(text, n):
            continue
        if rated and i == 0 and len(found) > 1:
            continue
        if not _one_company(n.tickers) or not _is_name_at(text, n):
            continue
        out.append((n, _as_company(text, n, directory, names, strict=strict)))
    return out


def title_company(
    title: str,
    directory: Directory,
    *,
    flash: str | None = None,
    own: Mapping[str, Iterable[str]] | None = None,
    in_title: list[tuple[Named, bool]] | None = None,
    board: str | None = None,
) -> tuple[str, ...]:
    """The listings of the companies the title names (see the module doc).

    Every company the title uses as one counts: `高盛：将华润啤酒列入确信买入名单`,
    `大幅减持亚马逊、Meta和微软`, `谷歌据悉接洽SpaceX`: each one's holders want the push.
    `flash`: a one-sentence flash's text, read when the title names no company, with a
    company cue needed for every name; there only exactly one company counts, since a
    flash's sentence often lists a board's movers. `own`: the post's stocks and their names;
    one of them named is carried already (`新力金融：股东海螺水泥…` adds only 新力金融).
    `in_title`: `companies(title, directory)` when the caller has it already. `board`: a
    flash's paragraph, whose movers count under a title that reports a board's move
    (_BOARD_MOVE), however many sentences it has.
    """
    board = board or flash
    for text, strict in ((title, False), (flash, True)):
        if not text:
            continue
        found: dict[frozenset[str], bool] = {}
        if text is title and in_title is not None:
            read = in_title
        else:
            read = companies(text, directory, strict=strict)
        for n, used in read:
            key = frozenset(n.tickers)
            found[key] = found.get(key, False) or used
        for ticker, names in (own or {}).items():
            if any(nm and nm in text for nm in names):  # carried already: nothing to add
                key = next((k for k in found if ticker in k), frozenset((ticker,)))
                found[key] = False
        if not found:
            continue
        if text is title:
            named = tuple(t for key, used in found.items() if used for t in _ordered(key))
            return named + tuple(t for t in _movers(title, board, directory) if t not in named)
        if _BOARD_MOVE.search(title) and not _WRAP.search(title):
            return _movers(title, board, directory)
        (key, used), *more = found.items()
        return tuple(_ordered(key)) if used and not more else ()
    return _movers(title, board, directory)


# A title that reports a board's move (快递股午后拉升, 港股苹果概念股集体上涨, 锂电板块走强): the
# flash lists the board's movers, each with its move (申通快递涨停，圆通速递涨超7%，…): the stocks
# whose move the post reports, which their holders want (editors failed such pushes for the
# missing movers: reviews/2026-12-06-twentyfourth). The wire's standard board item: posts/
# 2021-12-08-202112082207020713 (快递股), -202112082206805832 (苹果概念股), -202112082206950487
# (元宇宙板块); flash posts are all in the story gold, none has ticker labels there.
_BOARD_MOVE = re.compile(
    r"(?:板块|概念股|[\u4e00-\u9fff]股)[^，,。！!？?\s]{0,4}?"
    r"(?:拉升|上涨|走强|大涨|飙升|走高|爆发|异动|下跌|跳水|大跌|走低|重挫|回调|涨停)"
)
MAX_MOVERS = 6  # a ticker line, not the board's list
# ...but a market wrap's movers are mentions (港股午评｜恒指微跌 苹果概念股走强 …): its board is
# one item of the session's list.
_WRAP = re.compile(_WRAP_TITLE.pattern + r"|[午收早]评|恒指|沪指")


def _movers(title: str, flash: str | None, directory: Directory) -> tuple[str, ...]:
    """The listings of the companies a board-move flash names with a move (see _BOARD_MOVE),
    the first MAX_MOVERS of them."""
    if not flash or not _BOARD_MOVE.search(title) or _WRAP.search(title):
        return ()
    moved = [n for n, used in companies(flash, directory, strict=True) if used]
    return tuple(dict.fromkeys(t for n in moved[:MAX_MOVERS] for t in _ordered(n.tickers)))


# A US listing written as Chinese wires write it: the company's name, then its bare symbol in
# parentheses: `迪士尼（DIS）曾涨近1.2%` (long/2025-09-30-wscn3756501), `光刻机巨头阿斯麦（ASML）`
# (long/2025-10-12-wscn3756937, long/2026-04-15-wscn3770004). Most capitals in parentheses are
# acronyms (`国内生产总值（GDP）`, `射频（RF）`, `人工智能（AI）`, each also some US symbol), so the
# symbol counts only when the name right before it is the directory's name of that listing.
_SYMBOL = re.compile(r"[（(]\s*(?:(?:NASDAQ|NYSE|纳斯达克|纽交所)\s*[：:]\s*)?([A-Z]{1,5})\s*[）)]")


def written_symbols(text: str, directory: Directory) -> list[tuple[str, str]]:
    """US listings `text` writes as `NAME（SYMBOL）`, the name agreeing with the directory:
    (ticker, name as written), in order of appearance."""
    if "(" not in text and "（" not in text:
        return []
    out: list[tuple[str, str]] = []
    for m in _SYMBOL.finditer(text):
        ticker = f"{m.group(1)}.US"
        before = text[max(0, m.start() - MAX_NAME - 2) : m.start()].rstrip()
        for name in directory.names_of(ticker):
            cut = len(before) - len(name)  # a Latin name starts a word: not XMP Materials
            if before.endswith(name) and not (name.isascii() and _is_latin(before[cut - 1 : cut])):
                out.append((ticker, name))
                break
    return out


# A house's rating of a stock in the lead (维持阿里巴巴"买入"评级, 将MiniMax评级从"中性"
# 上调至"买入", 首予信义能源(03868)"买入"评级): the stock rated is what the report is about,
# and its holders want the push, though a research note's title names only the house
# (高盛深度：中国AI五大关键辩论). Posts outside the gold files that rate so: wscn3771650,
# wscn3756709 (维持对两家公司的“买入”评级: no directory name, no ticker added).
_RATING = re.compile(  # (?=[…]): what a match opens with, so a scan skips other offsets at once
    r"(?=[维上下首给予重调将])(?:"
    r"(?:维持|上调|下调|首予|给予|予以|重申|调升|调降)了?(?:对)?(?P<a>[^，。；：]{1,16}?)(?:的)?"
    r"[“\"「]?[\u4e00-\u9fff]{0,4}[”\"」]?评级|将(?P<b>[^，。；：]{1,16}?)(?:的)?评级(?:从|由)"
    r")"
)
RATED_PARAGRAPHS = 4  # the lead: a rating further down is one of a list's


def rated_companies(paragraphs: Sequence[str], directory: Directory) -> tuple[str, ...]:
    """The listings of the companies a rating in the post's lead names (see _RATING)."""
    out: list[str] = []
    for para in paragraphs[:RATED_PARAGRAPHS]:
        for m in _RATING.finditer(para):
            rated = m.group("a") or m.group("b") or ""
            for n, _ in companies(rated, directory, strict=False):
                out.extend(t for t in _ordered(n.tickers) if t not in out)
    return tuple(out)
