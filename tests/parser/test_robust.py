"""Mangled input never crashes the parser: an Article or a ParseError, nothing else.

A poll must never stop because of one post, so every exception type other than
ParseError escaping parse_post/build_article is a bug. Mutations are seeded.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bot.article import Article
from bot.parser import ParseError, build_article, parse_post

DATA = Path(__file__).parent / "data"
POSTS = sorted(DATA.glob("*.md"))
JUNK = ["<", ">", "</p>", "<p", "&", "&#", "&#x", "---", "\n", "\r", "\x00", "\ufffd", "（",
        "(", ")", "：", '"', "'", "<!--", "-->", "<>", "[返回", "](", "\u200b", "\xa0"]  # fmt: skip


def mutate(text: str, rng: random.Random) -> str:
    op = rng.randrange(5)
    i = rng.randrange(len(text) + 1)
    if op == 0:
        return text[:i]  # truncated download
    if op == 1:
        return text[:i] + rng.choice(JUNK) * rng.randint(1, 5) + text[i:]
    if op == 2:
        j = min(len(text), i + rng.randint(1, 200))
        return text[:i] + text[j:]
    if op == 3:
        lines = text.split("\n")
        rng.shuffle(lines)
        return "\n".join(lines)
    return "".join(chr(rng.randrange(32, 0x9FFF)) if rng.random() < 0.05 else c for c in text)


def check(fn, *args, **kwargs) -> None:
    try:
        result = fn(*args, **kwargs)
    except ParseError as exc:
        assert str(exc)  # a reason for the log
        return
    assert isinstance(result, Article)
    assert result.id and result.title and result.published_at.tzinfo is not None


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name[:30])
def test_mutated_posts(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rng = random.Random(path.name)
    for _ in range(40):
        check(parse_post, mutate(text, rng), filename=path.name)


@pytest.mark.parametrize("tag", ["div", "span", "b", "blockquote", "table", "td", "ul", "a"])
def test_deep_nesting(tag: str) -> None:
    body = f"<{tag}>" * 5000 + "文本" + f"</{tag}>" * 5000
    check(build_article, {"title": "t"}, body)


@pytest.mark.parametrize(
    "meta",
    [
        {},
        {"title": None, "date": None, "categories": None, "tags": None},
        {"title": ["a", "b"], "date": {"x": 1}, "categories": [None, 3], "tags": 7},
        {"title": 2024, "date": 20211208, "categories": "", "tags": [""]},
    ],
)
def test_odd_meta_values(meta: dict) -> None:
    check(build_article, meta, "<p>正文。</p>")
    check(build_article, meta, "")


def test_huge_paragraph_and_many_parens() -> None:
    check(build_article, {"title": "t"}, "<p>" + "数据" * 200_000 + "</p>")
    check(build_article, {"title": "t"}, "贵州茅台（600519）" * 20_000)
    check(build_article, {"title": "t"}, "(" * 50_000 + "a")


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "a" + "](" * 100_000,
        "![" * 100_000 + "](" * 100_000,
        "[返回" * 100_000,
    ],
    ids=["links", "images", "back-links"],
)
def test_unclosed_markdown_links_finish(body: str) -> None:
    """Each `[` without its `]` was read to the end of the line again: minutes."""
    check(build_article, {"title": "t"}, body)
