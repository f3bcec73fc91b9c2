"""Suggestions for a word /sub does not know: the same as comparing with every name, at a
fraction of the work (they are made for every unknown word of a command, while the bot
handles that chat's update and no other)."""

from __future__ import annotations

import difflib

import pytest

from bot.subscriptions.targets import Catalog, suggest

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


def _full_ratio(word: str, _counts: dict[str, int], cand: str, _threshold: float) -> float:
    """Every name compared in full (the suggestions' definition)."""
    return difflib.SequenceMatcher(None, word, cand).ratio()


@pytest.mark.parametrize("word", WORDS)
def test_suggestions_are_those_of_a_full_comparison(word: str) -> None:
    assert suggest(word, CATALOG) == suggest(word, CATALOG, similarity=_full_ratio)


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
