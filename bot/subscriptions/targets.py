"""What a user means by a subscription target: outlet, ticker, keyword or exclusion.

Users type targets the way they see them in apps and news: `600519`, `sh600519`,
`600519.SH`, `00700`, `700.HK`, `$BABA`, `贵州茅台`, `每日经济新闻`, `meirijingjixinwen`,
`kw:新能源`, `-kw:传闻`. `parse_target` turns one such word into a `Target` with the
canonical value the fan-out matches on (600519.SH, 00700.HK, BABA.US, the outlet
slug, the folded keyword) or, when it cannot decide, a `Unknown` with the closest
matches so the bot can offer them as buttons instead of guessing.

Pure: names come from a `Catalog` (outlets and stocks seen in posts, plus the
outlets the site is known to carry) that the service layer loads from the database.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from bot.hanzi import simplified
from bot.parser.autolinks import is_common_word as common
from bot.parser.codes import index_name
from bot.parser.outlets import SPECIAL_SLUGS, TAG_SUFFIX, outlet_from_tag, outlet_slug
from bot.subscriptions.catalog import Catalog
from bot.subscriptions.known import KNOWN_OUTLETS
from bot.subscriptions.notation import (
    a_share_exchange,
    clean,
    index_of,
    is_year,
    normalize_ticker,
)
from bot.subscriptions.tme import is_link

__all__ = [
    "KNOWN_OUTLETS",
    "Catalog",
    "Target",
    "Unknown",
    "a_share_exchange",
    "clean",
    "index_of",
    "is_year",
    "normalize_ticker",
    "parse_target",
    "parse_targets",
]

KINDS = ("category", "ticker", "keyword", "exclude")
MAX_TARGET_CHARS = 40
MAX_KEYWORD_CHARS = 30
MIN_KEYWORD_CHARS = 2  # `kw:a`, `kw:新` would match nearly every post


@dataclass(frozen=True, slots=True)
class Target:
    """One understood target. `value` is what the fan-out matches; `display` what users read."""

    kind: str
    value: str
    display: str
    mentions: bool = False  # ticker: also the posts that only mention it (`/sub BABA+`)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown target kind {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Unknown:
    """A word that is not (or not unambiguously) a target; `suggestions` are best first.

    reason: unknown | ambiguous | too_long | empty | bad_keyword | index (an index code
    such as 399006 or 000300.SH: not a stock; its name is suggested as a keyword) | link
    (a t.me link: a channel, `bot.subscriptions.tme`)
    """

    text: str
    reason: str
    suggestions: tuple[Target, ...] = ()


# --------------------------------------------------------------------------- text hygiene


def fold_keyword(text: str) -> str:
    """The stored form of a keyword: cleaned and case-folded, like the fan-out compares."""
    return clean(text).casefold()


# marks Chinese puts around a name (《每日经济新闻》, “贵州茅台”, 【600519】) and after a sentence
# (贵州茅台。); after NFKC (`clean`), full-width ！？（） are ASCII
_OPEN = "\"'“‘「『【《〈〔(["
_CLOSE = "\"'”’」』】》〉〕)]"
_END = "。.!?…"


def strip_marks(word: str) -> str:
    """A target word without the quotes, brackets or sentence end around it."""
    return word.lstrip(_OPEN).rstrip(_CLOSE + _END).rstrip(_CLOSE)


def split_targets(args: Iterable[str]) -> list[str]:
    """Command arguments -> target words (spaces, commas and 、 separate targets; the
    marks around a word are dropped: `strip_marks`)."""
    out: list[str] = []
    for arg in args:
        words = (strip_marks(w) for w in re.split(r"[\s,，、;；]+", clean(arg)))
        out.extend(w for w in words if w)
    return out


# --------------------------------------------------------------------------- targets

_KW = re.compile(r"^(-)?(?:kw|关键词|关键字|keyword)\s*[:：]\s*(.*)$", re.I)


def _keyword(neg: bool, word: str, raw: str) -> Target | Unknown:
    word = strip_marks(clean(word))  # `kw:“新能源”`
    if m := _KW.match(word):  # `kw:kw:新能源`: the prefix typed, then the example pasted
        return _keyword(neg or bool(m.group(1)), m.group(2), raw)
    if not word:
        return Unknown(raw, "empty")
    if is_link(word):  # `kw:t.me/name`: no post contains it
        return Unknown(word, "link")
    if len(word) > MAX_KEYWORD_CHARS:
        return Unknown(raw, "too_long")
    if len(word) < MIN_KEYWORD_CHARS:
        return Unknown(raw, "too_short")
    kind = "exclude" if neg else "keyword"
    bare = word.rstrip("+").rstrip()
    if bare != word and len(bare) >= MIN_KEYWORD_CHARS:  # `kw:GPT-5+`; `kw:C++` is C++
        # `+` is the stocks' "mentions too" (`BABA+`), nothing for a keyword; Disney+ is a
        # name: asked, the bare word first
        options = (Target(kind, bare.casefold(), bare), Target(kind, word.casefold(), word))
        return Unknown(raw, "keyword_plus", options)
    return Target(kind, word.casefold(), word)


def bare_keyword(value: str) -> str:
    """A stored keyword as /sub reads it now: without the marks around it (`“新能源”`,
    stored before `strip_marks`) or a prefix typed twice (`kw:新能源`)."""
    r = _keyword(False, value, value)
    return r.value if isinstance(r, Target) else value


def _spaced_keyword(neg: bool, head: str, tail: str, raw: str) -> Unknown:
    """`kw:新 能源`: a space split the keyword. Chinese is written without spaces, so
    the user most likely meant 新能源; Latin words keep the space (`machine learning`).
    Asked with that one button rather than guessed, as the space may be a typo."""
    cjk = _has_han(head[-1:]) or _has_han(tail[:1])
    meant = _keyword(neg, head + tail if cjk else f"{head} {tail}", raw)
    return Unknown(raw, "keyword_space", (meant,) if isinstance(meant, Target) else ())


def _outlet(catalog: Catalog, slug: str) -> Target:
    return Target("category", slug, catalog.outlets.get(slug, slug))


def _stock(catalog: Catalog, ticker: str) -> Target:
    ticker = catalog.stock_directory.current(ticker)  # 835185.BJ -> 920185.BJ
    return Target("ticker", ticker, catalog.stock_display(ticker))


def parse_target(text: str, catalog: Catalog) -> Target | Unknown:
    """One target word -> Target, or Unknown with the closest matches as suggestions.

    Order: keyword prefix; outlet slug; outlet name (also the `…新闻` tag form and the
    site's pinyin rule); stock name; ticker notation. Bare Latin words of 1-5 letters
    that are no outlet slug are US tickers (BABA); longer unknown words get suggestions.
    Index codes are refused (reason `index`); a bare year-like `2024` is asked about
    (Hong Kong 02024.HK or the keyword), other bare four-digit codes are Hong Kong
    stocks (`9988` -> 09988.HK, shown with the exchange so the reading is visible).
    """
    raw = text
    s = clean(text)
    if not s:
        return Unknown(raw, "empty")
    if m := _KW.match(s):
        return _keyword(bool(m.group(1)), m.group(2), raw)
    if is_link(s):  # `t.me/name`: a channel, not news (no keyword suggested for it)
        return Unknown(s, "link")
    if len(s) > 1 and s[0] == "#":  # `#BABA`, `#腾讯`: a Telegram hashtag, as `$BABA`
        return parse_target(s[1:], catalog)
    if len(s) > MAX_TARGET_CHARS:
        return Unknown(s[:MAX_TARGET_CHARS], "too_long")
    if len(s) > 1 and s.endswith("+"):  # `BABA+`: the stock, and posts that only mention it
        return _with_mentions(s, parse_target(s.rstrip("+").strip(), catalog))  # `BABA++` too
    low = s.lower()
    if slug := catalog.outlet_by_slug(s):
        return _outlet(catalog, slug)
    if slug := catalog.outlet_by_name(s):
        return _outlet(catalog, slug)
    if s.endswith(TAG_SUFFIX) and (slug := catalog.outlet_by_name(outlet_from_tag(s))):
        return _outlet(catalog, slug)
    tickers = catalog.tickers_named(s)
    if len(tickers) == 1:
        stock = _stock(catalog, tickers[0])
        return Unknown(s, "ambiguous", (stock, Target("keyword", s, s))) if common(s) else stock
    if len(tickers) > 1:
        return Unknown(s, "ambiguous", tuple(_stock(catalog, t) for t in tickers))
    if _has_han(s):
        slug = SPECIAL_SLUGS.get(s) or outlet_slug(s)
        if slug in catalog.outlets:
            return _outlet(catalog, slug)
    elif initials := catalog.stock_directory.by_initials(s):  # gzmt -> 600519.SH
        return _by_initials(catalog, s, initials)
    elif (ticker := normalize_ticker(s)) is not None:
        bare = s.isascii() and s.isalpha()
        prefixed = [
            slug for slug in catalog.outlets if bare and len(s) >= 3 and slug.startswith(low)
        ]
        if prefixed:  # `meiri`: the start of an outlet slug, or the US ticker MEIRI?
            options = [_outlet(catalog, slug) for slug in sorted(prefixed)[:4]]
            return Unknown(s, "ambiguous", (*options, _stock(catalog, ticker)))
        kw = _keyword(False, s, s) if bare and not catalog.stock_name(ticker) else None
        if isinstance(kw, Target):  # `AI`: the news word, or a ticker no directory lists?
            return Unknown(s, "ambiguous", (kw, _stock(catalog, ticker)))
        return _stock(catalog, ticker)
    elif (index := index_of(s)) is not None:
        return _index(s, index)
    elif is_year(s):  # `2024`: the year, or the Hong Kong stock 02024.HK? Ask.
        return Unknown(s, "ambiguous", (_stock(catalog, f"0{s}.HK"), Target("keyword", s, s)))
    elif (short := _short_hk(s, catalog)) is not None:
        return short
    if (plain := simplified(s)) != s:  # 騰訊控股: the name as the posts write it
        return parse_target(plain, catalog)
    return Unknown(s, "unknown", tuple(suggest(s, catalog)))


def _short_hk(s: str, catalog: Catalog) -> Unknown | None:
    """`700`: three bare digits are too likely a number to subscribe, but Hong Kong readers
    call 腾讯 so; its stock is offered first (then the keyword), not what merely looks alike."""
    if not (s.isascii() and s.isdigit() and len(s) <= 3 and int(s)):
        return None
    ticker = f"{int(s):05d}.HK"
    if not catalog.stock_name(ticker):
        return None
    options = (
        _stock(catalog, ticker),
        *[k for k in (_keyword(False, s, s),) if isinstance(k, Target)],
    )
    return Unknown(s, "ambiguous" if len(options) > 1 else "unknown", options)


MENTIONS_MARK = "（含提及）"


def _plus(t: Target) -> Target:
    return replace(t, mentions=True, display=t.display + MENTIONS_MARK)


def _with_mentions(text: str, r: Target | Unknown) -> Target | Unknown:
    """A stock with `+` opts in to mentions; `+` after anything else is not understood."""
    if isinstance(r, Target):
        return _plus(r) if r.kind == "ticker" else Unknown(text, "unknown", (r,))
    stocks = tuple(_plus(t) if t.kind == "ticker" else t for t in r.suggestions)
    return Unknown(text, r.reason, stocks)


def _by_initials(catalog: Catalog, text: str, tickers: list[str]) -> Target | Unknown:
    """Pinyin initials; when they are also a listed US ticker (or several stocks), ask."""
    us = normalize_ticker(text)
    # dict.fromkeys: PDD is both 拼多多's initials and its US ticker, one stock
    options = list(dict.fromkeys([*tickers, *([us] if us and catalog.stock_name(us) else [])]))
    if len(options) == 1:
        return _stock(catalog, options[0])
    return Unknown(text, "ambiguous", tuple(_stock(catalog, t) for t in options))


def _index(text: str, index: str) -> Unknown:
    """An index is no stock to subscribe: refused, with its name offered as a keyword."""
    name = index_name(index)
    return Unknown(text, "index", (Target("keyword", fold_keyword(name), name),) if name else ())


def parse_targets(words: Iterable[str], catalog: Catalog) -> tuple[list[Target], list[Unknown]]:
    """Many words -> (understood targets without duplicates, the words not understood)."""
    ok: list[Target] = []
    bad: list[Unknown] = []
    seen: set[tuple[str, str]] = set()
    for r in _keyword_aware(list(words), catalog):
        if isinstance(r, Unknown):
            bad.append(r)
        elif (r.kind, r.value) not in seen:
            seen.add((r.kind, r.value))
            ok.append(r)
    return ok, bad


def _keyword_aware(words: list[str], catalog: Catalog) -> Iterable[Target | Unknown]:
    """parse_target over the words, reading a space after `kw:` as the user meant it:
    `kw: 新能源` is the keyword 新能源; `kw:新 能源` (the second word no target of its
    own, `_split_word`) is asked about (`_spaced_keyword`)."""
    i = 0
    while i < len(words):
        word, nxt = words[i], words[i + 1] if i + 1 < len(words) else None
        m = _KW.match(clean(word))
        if m and nxt is not None and not _KW.match(clean(nxt)):
            neg, value, raw = bool(m.group(1)), clean(m.group(2)), f"{word} {nxt}"
            if not value:
                yield _keyword(neg, nxt, raw)
                i += 2
                continue
            if _split_word(value, clean(nxt)) and isinstance(parse_target(nxt, catalog), Unknown):
                yield _spaced_keyword(neg, value, clean(nxt), raw)
                i += 2
                continue
        yield parse_target(word, catalog)
        i += 1


def _split_word(head: str, tail: str) -> bool:
    """Whether a space between `head` and `tail` looks like it split one keyword: the
    head alone is too short, or both sides are Chinese (`人工 智能`) or both Latin letters
    or digits (`machine learning`, `iPhone 16`, `Model 3`); `-kw:传闻 zzz` are two words."""
    if len(head) < MIN_KEYWORD_CHARS:
        return True
    a, b = head[-1:], tail[:1]
    return (_has_han(a) and _has_han(b)) or (
        a.isascii() and a.isalnum() and b.isascii() and b.isalnum()
    )


def _has_han(s: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in s)


Similarity = Callable[[str, dict[str, int], str, float], float]


def _similarity(word: str, counts: dict[str, int], cand: str, threshold: float) -> float:
    """SequenceMatcher's ratio of `word` (its letter `counts`) and `cand`, or 0.0 when it
    cannot reach `threshold`: two upper bounds of the ratio (lengths; shared letters, as
    difflib's quick_ratio) rule out nearly every name before the full comparison (~10 µs a
    name: 20 unknown words against 17,000 names and codes took 7 s)."""
    total = len(word) + len(cand)
    if not total or 2.0 * min(len(word), len(cand)) / total < threshold:
        return 0.0
    left = dict(counts)
    shared = 0
    for ch in cand:
        if left.get(ch, 0) > 0:
            left[ch] -= 1
            shared += 1
    if 2.0 * shared / total < threshold:
        return 0.0
    return difflib.SequenceMatcher(None, word, cand).ratio()


def suggest(
    text: str, catalog: Catalog, limit: int = 5, similarity: Similarity | None = None
) -> list[Target]:
    """Closest outlets and stocks to `text`: containment first, then difflib similarity.

    Finishes with the word as a keyword, so an unknown word is always one tap from
    a useful subscription. `similarity`: `_similarity` (tests pass the full ratio).
    """
    similar = similarity or _similarity
    s = clean(text)
    low = s.lower()
    scored: dict[tuple[str, str], tuple[float, Target]] = {}
    counts = Counter(low)

    def offer(score: float, t: Target) -> None:
        key = (t.kind, t.value)
        if key not in scored or scored[key][0] < score:
            scored[key] = (score, t)

    for slug, name in catalog.outlets.items():
        for cand in (name, slug):
            c = cand.lower()
            if low and (low in c or c in low):
                offer(1.0 + min(len(low), len(c)) / max(len(low), len(c)), _outlet(catalog, slug))
            if (r := similar(low, counts, c, 0.5)) >= 0.5:
                offer(r, _outlet(catalog, slug))
    for ticker, name in catalog.stock_directory.names():
        code = ticker.split(".")[0].lower()
        for cand in (name.lower(), code):
            if low and (low in cand or cand in low):
                offer(
                    1.0 + min(len(low), len(cand)) / max(len(low), len(cand)),
                    _stock(catalog, ticker),
                )
            if (r := similar(low, counts, cand, 0.6)) >= 0.6:
                offer(r, _stock(catalog, ticker))
    best = [t for _, t in sorted(scored.values(), key=lambda x: (-x[0], x[1].display))][:limit]
    kw = _keyword(False, s, text)
    if isinstance(kw, Target):
        best.append(kw)
    return best
