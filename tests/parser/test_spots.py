"""`BodySpots` read from the one-pass index finds what a search per name finds.

A post listing tens of thousands of stocks is indexed once (`INDEX_FROM`); every other post
is searched per name. Both must give each ticker the same spots, whole and by paragraph:
overlapping names (`AA` in `AAAA`), Latin names glued to letters (`xAMD`), names at a
paragraph's start and end, a name in no paragraph.
"""

from __future__ import annotations

import pytest

from bot.parser.spots import BodySpots

BODY = [
    "AMD涨超5%，xAMD不是它，AMDX也不是；AMD。",
    "AAAA和AA，AAA",
    "",
    "比亚迪电子与比亚迪，比亚迪比亚迪",
    "苹果iPhone，苹果",
]
NAMES = [["AMD"], ["AA"], ["AAA", "AA"], ["比亚迪电子", "比亚迪"], ["苹果"], ["腾讯"], ["迪电"]]


@pytest.mark.parametrize("names", NAMES)
def test_the_index_finds_what_a_search_per_name_finds(names: list[str]) -> None:
    every = [n for ns in NAMES for n in ns]
    searched = BodySpots(BODY, every)
    indexed = BodySpots(BODY, every, index_from=0)
    assert searched.index is None
    assert indexed.index is not None
    assert indexed.in_whole(names) == searched.in_whole(names)
    assert indexed.by_paragraph(names) == searched.by_paragraph(names)
    for k in range(len(BODY) + 1):
        assert indexed.in_first(names, k) == searched.in_first(names, k)


def test_each_occurrence_is_indexed_once() -> None:
    assert BodySpots(["AAAA和AA，AAA"], ["AA", "AAA"], index_from=0).index == {
        "AA": [0, 1, 2, 5, 8, 9],
        "AAA": [0, 1, 8],
    }


def test_a_name_with_a_line_break_is_searched() -> None:
    """Such a name could span two paragraphs of the joined text: no index then."""
    assert BodySpots(["a", "b"], ["a\nb"], index_from=0).index is None
