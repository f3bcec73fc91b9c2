"""The names `/sub` resolves: outlets (slug and name) and stocks (the shipped directory
with the names learned from posts and `stocks update` on top). Loaded by the service
layer from the database; pure lookups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.parser.outlets import outlet_slug
from bot.stocks.directory import Directory, shipped
from bot.subscriptions.known import KNOWN_OUTLETS


@dataclass
class Catalog:
    """Names the parser can resolve: outlet slug -> name, stock ticker -> name.

    `stocks` are the names learned from posts and `stocks update` (the database);
    `directory` is the stock directory shipped with the package, with those on top.
    """

    outlets: dict[str, str] = field(default_factory=dict)
    stocks: dict[str, str] = field(default_factory=dict)
    directory: Directory | None = None

    def __post_init__(self) -> None:
        for name in KNOWN_OUTLETS:
            self.outlets.setdefault(outlet_slug(name), name)
        self._outlet_by_name = {n: s for s, n in self.outlets.items()}
        self._outlet_by_folded = {n.casefold(): s for s, n in self.outlets.items()}
        self._outlet_by_lower = {s.lower(): s for s in self.outlets}
        self.directory = (self.directory or shipped()).with_names(self.stocks)

    @classmethod
    def of(cls, outlets: Mapping[str, str], stocks: Mapping[str, str]) -> Catalog:
        return cls(dict(outlets), dict(stocks))

    @property
    def stock_directory(self) -> Directory:
        assert self.directory is not None  # set in __post_init__
        return self.directory

    def outlet_by_name(self, name: str) -> str | None:
        """The outlet named so, its Latin letters in any case (`cctv国际时讯`)."""
        return self._outlet_by_name.get(name) or self._outlet_by_folded.get(name.casefold())

    def outlet_by_slug(self, slug: str) -> str | None:
        """The outlet slug whatever its case (`dongfangcaifuchoiceshuju`)."""
        return self._outlet_by_lower.get(slug.lower())

    def tickers_named(self, name: str) -> list[str]:
        return self.stock_directory.named(name)

    def stock_name(self, ticker: str) -> str | None:
        return self.stocks.get(ticker) or self.stock_directory.name(ticker)

    def stock_display(self, ticker: str) -> str:
        name = self.stock_name(ticker)
        return f"{name} {ticker}" if name else ticker
