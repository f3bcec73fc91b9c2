"""What two reports of one story share: character bigrams, figures and tickers.

Chinese has no spaces, so words are not what repeats between two outlets' wording of
one event; character bigrams are (北向资金净流入超40亿 / 北向资金净流入超50亿 share 8 of
10). Text is width-folded (NFKC), lower-cased and stripped of punctuation first, so
全角 and half-width forms, 「」 and spaces do not count.

Figures are the numbers a reader would quote: with a magnitude (40亿, 10%, 3.54亿),
with a decimal point (6.3512), or of three digits or more (222票, 2000元). Dates,
years, stock codes and counts such as 2日 or 第49批 are not figures: every story of a
day shares them.
Currency words are dropped (40亿元 = 40亿), so a repeat that adds 元 adds nothing new.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

from bot.article import Article

LEAD_CHARS = 120  # the lead is where a report states its story; the rest is background
FIGURE_CHARS = 240  # figures are looked for a little further: a rewrite reorders them

_NOT_WORD = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_FIGURE = re.compile(
    r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(万亿|亿|万|千|%|％|个百分点|bp)?"
    r"(?=(.?))"
)
# what follows a number that makes it a date, a time, an ordinal or a count, not a figure
_NOT_FIGURE_AFTER = set("年月日号时点分秒周天季期届批次位名只家个款条项")


@dataclass(frozen=True, slots=True)
class Features:
    """The comparable parts of one article (pure data, built once per article)."""

    article_id: str
    published_at: datetime
    title: frozenset[str]
    lead: frozenset[str]  # title and lead together
    figures: frozenset[str]
    tickers: frozenset[str] = field(default_factory=frozenset)


def fold(text: str) -> str:
    """NFKC, lower case, only letters, digits and CJK characters."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of folded text (a one-character text is its own shingle)."""
    if len(text) < 2:
        return frozenset((text,)) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


_HALF_WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_CODE_AFTER = re.compile(r"\.[A-Za-z]|[)）]")
_CURRENCY = ("元", "美元", "港元", "美金", "日元", "欧元")


def _code_or_year(text: str, start: int, end: int, digits: str) -> bool:
    """A stock code in brackets or with a market suffix (海伦司(9869.HK)), or a year
    (2020至2023年) unless money follows it (重回2000元)."""
    before = text[start - 1 : start]
    if before in ("(", "（") and _CODE_AFTER.match(text, end):
        return True
    if _CODE_AFTER.match(text, end) and text[end : end + 1] == ".":
        return True
    if len(digits) == 4 and digits[:2] in ("19", "20"):
        return not text.startswith(_CURRENCY, end)
    return False


def figures(text: str) -> frozenset[str]:
    """The quotable numbers of a text, as `digits[magnitude]` (40亿, 6.3512, 10%)."""
    text = text.translate(_HALF_WIDTH)  # not NFKC: it would make "，" a thousands separator
    out = set()
    for m in _FIGURE.finditer(text):
        whole, frac, mag, nxt = m.group(1), m.group(2) or "", m.group(3) or "", m.group(4)
        if not mag and nxt in _NOT_FIGURE_AFTER:
            continue
        digits = whole.replace(",", "")
        if not mag and not frac and _code_or_year(text, m.start(), m.end(), digits):
            continue
        if mag == "％":
            mag = "%"
        if mag or frac or len(digits) >= 3:
            out.add(f"{digits}{frac}{mag}")
    return frozenset(out)


def precise(figure: str) -> bool:
    """A figure that names an event rather than a kind of move: not 10%, 2亿, 100."""
    digits = sum(c.isdigit() for c in figure)
    return digits >= 3 and not figure.rstrip("%万亿千").endswith("00")


def lead_of(article: Article) -> str:
    """The editor's digest if there is one, else the first paragraph."""
    return article.digest or (article.paragraphs[0] if article.paragraphs else "")


def features_of(article: Article) -> Features:
    title = fold(article.title)
    lead = lead_of(article)
    return Features(
        article_id=article.id,
        published_at=article.published_at,
        title=bigrams(title),
        lead=bigrams(title) | bigrams(fold(lead[:LEAD_CHARS])),
        figures=figures(article.title) | figures(lead[:FIGURE_CHARS]),
        tickers=frozenset(article.tickers),
    )
