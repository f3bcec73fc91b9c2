"""Front matter the finews generator or a hand edit got wrong: one id, one clear reason."""

from __future__ import annotations

import logging

import pytest

from bot.parser import ParseError, parse_post
from bot.parser.ids import id_from_slug

GOOD = """---
layout: post
title: "北向资金净流入超40亿"
date: 2022-05-26 10:48:44
categories: emnews
tags: 东财滚动新闻
---

数据显示，截至目前，北向资金净流入超40亿元。

<>
"""

# The generator once wrote the post with no title and no date: its file name lost the
# date too (`-<id>.md` for `<date>-<id>.md`), and the original link was empty.
BROKEN = """---
layout: post
title: ""
date: " +0800"
categories: emnews
tags: 东财滚动新闻
---

<>
"""


def test_a_file_name_without_its_date_names_the_same_article() -> None:
    assert id_from_slug("-202205262391921712.md") == "202205262391921712"
    assert id_from_slug("_posts/-202205262391921712.md") == "202205262391921712"
    good = parse_post(GOOD, filename="2022-05-26-202205262391921712.md")
    with_text = parse_post(GOOD.replace("2022-05-26 10:48:44", '" +0800"').replace(
        '"北向资金净流入超40亿"', '""'), filename="-202205262391921712.md")  # fmt: skip
    assert good.id == with_text.id == "202205262391921712"


def test_the_broken_generator_file_is_rejected_with_a_reason() -> None:
    with pytest.raises(ParseError, match="no title and no text"):
        parse_post(BROKEN, filename="-202205262391921712.md")


@pytest.mark.parametrize(
    "front",
    ["a: &a [*a]", "a: &a {b: *a}", "a: &a [[[*a]]]"],
)
def test_a_recursive_yaml_alias_is_a_parse_error(front: str) -> None:
    text = f"---\ntitle: x\n{front}\n---\n\n数据显示，北向资金净流入。\n"
    with pytest.raises(ParseError, match="recursive YAML alias"):
        parse_post(text, filename="2022-05-26-1.md")


def test_unclosed_front_matter_says_it_is_not_closed() -> None:
    with pytest.raises(ParseError) as info:
        parse_post("---\ntitle: x\n\nbody\n", filename="2022-05-26-1.md")
    assert "not closed" in str(info.value)
    assert "does not start" not in str(info.value)


@pytest.mark.parametrize(
    ("categories", "slug"),
    [
        ("{a: 1}", "unknown"),
        ("{emnews: 1}", "unknown"),
        ("[{a: 1}, emnews]", "emnews"),  # the mapping is skipped, the string is kept
        ("[[a, b]]", "unknown"),
    ],
)
def test_categories_that_are_a_mapping_are_ignored(categories: str, slug: str, caplog) -> None:
    text = GOOD.replace("categories: emnews", f"categories: {categories}").replace(
        "tags: 东财滚动新闻\n", ""
    )
    with caplog.at_level(logging.INFO, logger="bot.parser"):
        a = parse_post(text, filename="2022-05-26-202205262391921712.md")
    assert a.category == slug
    assert "{" not in a.category and "[" not in a.category
    assert "{" not in a.category_name and "[" not in a.category_name
    assert "categories" in caplog.text
