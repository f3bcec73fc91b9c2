"""Domain types shared by every pipeline stage. Pure data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Article:
    """One news post, parsed and cleaned.

    `id` is stable across sources (Eastmoney infoCode such as NW202205262393417736,
    or the numeric id), so the same post from a feed and from a _posts checkout is
    stored once.
    """

    id: str
    title: str
    published_at: datetime  # timezone-aware
    category: str  # outlet slug, e.g. meirijingjixinwen
    category_name: str  # outlet name, e.g. 每日经济新闻
    url: str | None = None  # original article link
    digest: str | None = None  # editor's digest (the `> ...` blockquote)
    origin: str | None = None  # （文章来源：...） when given
    paragraphs: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()  # subjects, canonical: 600519.SH, 00700.HK, BABA.US
    mentions: tuple[str, ...] = ()  # stocks named in passing (lists, peers, a wrap's movers)
    stock_names: dict[str, str] = field(default_factory=dict)  # ticker -> 贵州茅台
    # the companies the title names (海联讯, 杭汽轮B): with two or more, a figure line must say
    # whose its number is; parse time only (not stored)
    title_names: tuple[str, ...] = ()
    # False when the post gave no date (no usable front-matter date, no date in its file
    # name): `published_at` is then only when the bot read it, and a push must not show it
    # as the time of the news
    dated: bool = True

    @property
    def text(self) -> str:
        """Title and body as one string, for keyword matching and figure checks."""
        return "\n".join((self.title, *([self.digest] if self.digest else []), *self.paragraphs))

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "category_name": self.category_name,
            "published_at": self.published_at.isoformat(),
            "url": self.url,
            "digest": self.digest,
            "origin": self.origin,
            "tickers": list(self.tickers),
            "mentions": list(self.mentions),
            "stock_names": dict(self.stock_names),
            "title_names": list(self.title_names),
            "paragraphs": list(self.paragraphs),
            # only when False: the content digest of every dated article stored before this
            # field existed stays the same (a new key would read as an edit of every post)
            **({} if self.dated else {"dated": False}),
        }


@dataclass(frozen=True, slots=True)
class Figure:
    label: str  # 四季度收入
    value: str  # 2040.52亿元, exactly as written
    change: str | None = None  # 同比+7%

    def to_json(self) -> dict:
        return {"label": self.label, "value": self.value, "change": self.change}


@dataclass(frozen=True, slots=True)
class Summary:
    summary: str
    figures: tuple[Figure, ...] = ()

    def to_json(self) -> dict:
        return {"summary": self.summary, "figures": [f.to_json() for f in self.figures]}
