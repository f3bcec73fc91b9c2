"""Suggestions for a word /sub does not know: the same as comparing with every name, at a
fraction of the work (they are made for every unknown word of a command, while the bot
handles that chat's update and no other)."""

from __future__ import annotations

import difflib

import pytest

from bot.subscriptions.targets import Catalog, Target, _keyword, _outlet, _stock, clean, suggest

CATALOG = Catalog()
WORDS = [
    "zzqx1abcdefghij",
    "甲乙丙丁戊己庚辛",
    "贵州茅苔",
    "腾讯控投",
    "meirijingji",
    "小米集团-W",
    "00700:HK",
    "沪600519",
    "BRK-B",
    "港股",
    "新能源车",
    "eastmony",
]


def _reference(text: str, catalog: Catalog, limit: int = 5) -> list[Target]:
    """Every outlet and stock name compared in full (the suggestions' definition)."""
    s = clean(text)
    low = s.lower()
    scored: dict[tuple[str, str], tuple[float, Target]] = {}

    def offer(score: float, t: Target) -> None:
        key = (t.kind, t.value)
        if key not in scored or scored[key][0] < score:
            scored[key] = (score, t)

    for slug, name in catalog.outlets.items():
        for cand in (name, slug):
            c = cand.lower()
            if low and (low in c or c in low):
                offer(1.0 + min(len(low), len(c)) / max(len(low), len(c)), _outlet(catalog, slug))
            r = difflib.SequenceMatcher(None, low, c).ratio()
            if r >= 0.5:
                offer(r, _outlet(catalog, slug))
    for ticker, name in catalog.stock_directory.names():
        code = ticker.split(".")[0].lower()
        for cand in (name.lower(), code):
            if low and (low in cand or cand in low):
                offer(
                    1.0 + min(len(low), len(cand)) / max(len(low), len(cand)),
                    _stock(catalog, ticker),
                )
            r = difflib.SequenceMatcher(None, low, cand).ratio()
            if r >= 0.6:
                offer(r, _stock(catalog, ticker))
    best = [t for _, t in sorted(scored.values(), key=lambda x: (-x[0], x[1].display))][:limit]
    kw = _keyword(False, s, text)
    if isinstance(kw, Target):
        best.append(kw)
    return best


@pytest.mark.parametrize("word", WORDS)
def test_suggestions_are_those_of_a_full_comparison(word: str) -> None:
    assert suggest(word, CATALOG) == _reference(word, CATALOG)


def test_an_unknown_word_is_compared_in_full_with_few_names(monkeypatch) -> None:
    """A full similarity (SequenceMatcher.ratio) costs about 10 µs a name: against the
    directory's 8,500 stocks (names and codes) and the outlets, 0.2-0.4 s per unknown word,
    7 s for a /sub of 20 such words, during which the bot answered no other chat. Names
    that cannot reach the threshold by their letters alone are left out first."""
    calls = 0
    ratio = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher) -> float:
        nonlocal calls
        calls += 1
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    names = 2 * (len(list(CATALOG.stock_directory.names())) + len(CATALOG.outlets))
    suggest("甲乙丙丁戊己庚辛", CATALOG)
    assert calls < names / 100, (calls, names)
