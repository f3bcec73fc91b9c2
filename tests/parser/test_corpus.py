"""Every post of ../shared/corpus parses, with invariants that hold for all of them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from bot.parser import parse_file
from bot.parser.ids import id_from_link, id_from_slug
from bot.parser.outlets import outlet_slug
from tests.conftest import CORPUS, corpus_or_skip

FILES = sorted(CORPUS.glob("*/*.md")) if CORPUS.is_dir() else []


@pytest.fixture(scope="module")
def parsed() -> dict[Path, object]:
    corpus_or_skip()
    return {f: parse_file(f) for f in FILES}


def test_corpus_is_there() -> None:
    root = corpus_or_skip()
    assert len(FILES) >= 350, f"expected the full corpus in {root}"


def test_every_post_parses_with_invariants(parsed: dict) -> None:
    for f, a in parsed.items():
        where = f.name
        assert a.id and a.title, where
        assert a.published_at.tzinfo is not None, where
        assert a.category and a.category_name, where
        assert outlet_slug(a.category_name) == a.category, where
        assert a.paragraphs, where
        assert len(set(a.tickers)) == len(a.tickers), where
        # names also of linked stocks that are no ticker (`机器人` in `人形机器人`)
        assert all(n and n == n.strip() for n in a.stock_names.values()), where
        for t in {*a.tickers, *a.stock_names}:
            assert t.rsplit(".", 1)[1] in {"SH", "SZ", "BJ", "HK", "US"}, (where, t)
        for p in a.paragraphs:
            assert p == p.strip() and p, where
            assert "文章来源" not in p, where
            assert not p.startswith(("[返回", "返回", "<http", "<>")), where
            assert "\xa0" not in p and "\u200b" not in p and "\r" not in p, where
            assert "&amp;" not in p and "&nbsp;" not in p and "&lt;" not in p, where


def test_ids_from_link_and_file_name_agree(parsed: dict) -> None:
    """The rule that makes a feed entry and a _posts file the same article."""
    with_link = 0
    for f, a in parsed.items():
        by_name = id_from_slug(f.name)
        assert a.id == by_name, f.name
        if (by_link := id_from_link(a.url)) is not None:
            with_link += 1
            assert by_link == by_name, f.name
    assert with_link >= 330


def test_ids_unique_except_variants(parsed: dict) -> None:
    counts = Counter(a.id for a in parsed.values())
    dupes = {i for i, n in counts.items() if n > 1}
    assert dupes == {"202112082206672930"}  # the post and its two older versions


def test_dates_with_and_without_offset(parsed: dict) -> None:
    for f, a in parsed.items():
        if f.name.startswith("nodate-"):
            continue
        assert a.published_at.utcoffset().total_seconds() == 8 * 3600, f.name
        day = f.name.removeprefix("_posts__")[:10]  # the generator names files by local date
        assert a.published_at.date().isoformat() == day, f.name


def test_stock_names_learned(parsed: dict) -> None:
    names = {}
    for a in parsed.values():
        names.update(a.stock_names)
    assert names["600639.SH"] == "浦东金桥"
    assert names["300750.SZ"] == "宁德时代"
    assert len(names) > 100
