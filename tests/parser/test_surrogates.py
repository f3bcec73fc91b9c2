"""Emoji and other astral characters written as two UTF-16 surrogates (`&#55357;&#56832;`
in HTML, `\\ud83d\\ude00` in YAML front matter) are the one character; a lone half is
still dropped."""

from __future__ import annotations

from bot.parser import build_article, parse_post
from bot.sources.page import extract_post

GRIN = "\U0001f600"  # 😀

POST = """---
title: "{title}"
date: 2024-05-01 10:00:00 +0800
categories: [cailianshe]
tags: [财联社新闻]
---

{body}
"""


def test_html_surrogate_refs_become_the_character() -> None:
    body = (
        "<p>第一段 &#55357;&#56832; 贵州茅台今天上涨。</p>\n"
        "<p>第二段 &#xD83D;&#xDE00; 与 &#20013;&#55357;&#56832; 中文。</p>"
    )
    a = build_article({"title": "标题 &#55357;&#56832;"}, body, filename="2024-05-01-x.md")
    assert a.title == f"标题 {GRIN}"
    assert a.paragraphs == (
        f"第一段 {GRIN} 贵州茅台今天上涨。",
        f"第二段 {GRIN} 与 中{GRIN} 中文。",
    )


def test_markdown_surrogate_refs_become_the_character() -> None:
    a = parse_post(POST.format(title="标题", body="正文 &#55357;&#56832; 内容。"), filename="x.md")
    assert a.paragraphs == (f"正文 {GRIN} 内容。",)


def test_yaml_surrogate_escapes_become_the_character_and_the_front_matter_is_read() -> None:
    text = POST.format(title="标题 \\ud83d\\uDE00 好", body="正文内容。")
    a = parse_post(text, filename="2024-05-01-x.md")
    assert a.title == f"标题 {GRIN} 好"
    assert (a.category, a.category_name) == ("cailianshe", "财联社")


def test_yaml_lone_surrogate_escape_is_dropped_and_the_front_matter_is_read() -> None:
    text = POST.format(title="标题\\ud83d 好 \\\\ud83d", body="正文内容。")
    a = parse_post(text, filename="2024-05-01-x.md")
    assert a.title == "标题 好 \\ud83d"  # an escaped backslash is text, not an escape
    assert a.category == "cailianshe"


def test_surrogate_code_point_pairs_are_joined_lone_ones_dropped() -> None:
    """A source decoder that leaves the halves apart (a JSON reader without pairing)."""
    a = build_article({"title": "标题\ud83d\ude00\ud83d"}, "<p>正文\ud83d\ude00。</p>")
    assert a.title == f"标题{GRIN}" and a.paragraphs == (f"正文{GRIN}。",)


def test_a_site_page_with_surrogate_refs() -> None:
    page = (
        "<html><body><h1 class='post-title'>标题 &#55357;&#56832;</h1>"
        "<div class='post-content'><p>正文 &#55357;&#56832; 内容。</p></div></body></html>"
    ).encode()
    post = extract_post(page)
    a = build_article(post.meta(), post.body, filename="2024-05-01-x.md")
    assert a.title == f"标题 {GRIN}" and a.paragraphs == (f"正文 {GRIN} 内容。",)
