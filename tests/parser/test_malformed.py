"""Malformed inputs: parsed as well as possible, or rejected with a reason."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.parser import ParseError, build_article, decode_post, parse_file, parse_post
from bot.parser.meta import parse_date
from bot.render import render_message
from bot.summarizer import summarize

DATA = Path(__file__).parent / "data"

FLASH = """---
layout: post
title: "北向资金净流入超40亿"
date: 2021-12-08 10:48:44
categories: emnews
tags: 东财滚动新闻
---

数据显示，截至目前，北向资金净流入超40亿元。

<http://finance.eastmoney.com/news/1353,202112082206761079.html>

[返回东财滚动新闻](../emnews/)
[返回首页](../)"""

NAME = "2021-12-08-202112082206761079.md"


def test_reference_flash_post() -> None:
    a = parse_post(FLASH, filename=NAME)
    assert a.id == "202112082206761079"
    assert a.title == "北向资金净流入超40亿"
    assert a.paragraphs == ("数据显示，截至目前，北向资金净流入超40亿元。",)
    assert a.published_at.isoformat() == "2021-12-08T10:48:44+08:00"
    assert a.url == "http://finance.eastmoney.com/news/1353,202112082206761079.html"


@pytest.mark.parametrize(
    "mangle",
    [
        pytest.param(lambda t: "\n\n" + t, id="blank-lines-before-fence"),
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(lambda t: "\ufeff\n \n" + t, id="bom-and-blank-line"),
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="old-mac-cr"),
        pytest.param(lambda t: t.replace("\n\n", "\n\n\n\n"), id="extra-blank-lines"),
        pytest.param(lambda t: t.replace("10:48:44", "10:48:44 +0800"), id="explicit-offset"),
        pytest.param(lambda t: t.replace("10:48:44", "10:48:44+08:00"), id="iso-offset"),
        pytest.param(lambda t: t.replace("。", "。\u200b\xa0"), id="zero-width-nbsp"),
    ],
)
def test_tolerated_variants_give_the_same_article(mangle) -> None:
    assert parse_post(mangle(FLASH), filename=NAME) == parse_post(FLASH, filename=NAME)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-12-08 10:48:44", "2021-12-08T10:48:44+08:00"),
        ("2021-12-08 10:48:44 +0800", "2021-12-08T10:48:44+08:00"),
        ("2021-12-08T02:48:44Z", "2021-12-08T02:48:44+00:00"),
        ("2021-12-08T10:48:44.123+08:00", "2021-12-08T10:48:44+08:00"),
        ("2021/12/08 10:48", "2021-12-08T10:48:00+08:00"),
        ("2021-12-08", "2021-12-08T00:00:00+08:00"),
        ("Wed, 08 Dec 2021 10:48:44 +0800", "2021-12-08T10:48:44+08:00"),  # RSS pubDate
        ("Wed, 08 Dec 2021 02:48:44 GMT", "2021-12-08T02:48:44+00:00"),
        (datetime(2021, 12, 8, 10, 48, 44), "2021-12-08T10:48:44+08:00"),  # YAML, naive
        (date(2021, 12, 8), "2021-12-08T00:00:00+08:00"),
        ("2021-12-08 25:00", None),
        ("2021-12-08 10:00 +9900", None),
        ("yesterday", None),
        ("", None),
        (None, None),
        (20211208, None),
    ],
)
def test_parse_date(value, expected: str | None) -> None:
    d = parse_date(value)
    assert (d.isoformat() if d else None) == expected


def test_utc_offset_is_respected() -> None:
    a = parse_post(FLASH.replace("10:48:44", "02:48:44 +0000"), filename=NAME)
    assert a.published_at == datetime(2021, 12, 8, 2, 48, 44, tzinfo=UTC)


def test_title_with_quotes_that_break_yaml() -> None:
    text = FLASH.replace('"北向资金净流入超40亿"', '"他说"北向资金"净流入超40亿"')
    a = parse_post(text, filename=NAME)
    assert a.title == '他说"北向资金"净流入超40亿'
    assert a.category == "emnews"


def test_title_with_escaped_and_single_quotes() -> None:
    text = FLASH.replace('"北向资金净流入超40亿"', "'北向资金''净流入'' &amp; 超40亿'")
    assert parse_post(text, filename=NAME).title == "北向资金'净流入' & 超40亿"


def test_numeric_title_stays_text() -> None:
    text = FLASH.replace('"北向资金净流入超40亿"', "2024")
    assert parse_post(text, filename=NAME).title == "2024"


@pytest.mark.parametrize("date_line", ["date: ", "date: not a date", "date: 2021-13-45 99:99"])
def test_broken_or_missing_date_falls_back_to_file_name(date_line: str, caplog) -> None:
    text = FLASH.replace("date: 2021-12-08 10:48:44", date_line)
    with caplog.at_level(logging.INFO, logger="bot.parser"):
        a = parse_post(text, filename=NAME)
    assert a.published_at.isoformat() == "2021-12-08T00:00:00+08:00"
    assert a.dated  # the file name gave its day
    assert "unusable" in caplog.text


def test_missing_date_without_file_name_uses_seen_at_then_now() -> None:
    text = FLASH.replace("date: 2021-12-08 10:48:44\n", "")
    seen = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    undated = parse_post(text, seen_at=seen)
    assert undated.published_at == seen and not undated.dated
    assert parse_post(FLASH, filename=NAME).dated
    naive = parse_post(text, seen_at=datetime(2026, 1, 2, 3, 4, 5)).published_at
    assert naive == seen  # a naive seen_at is our clock: UTC
    before = datetime.now(UTC)
    now = parse_post(text).published_at
    assert now.tzinfo is not None and abs((now - before).total_seconds()) < 60


def test_empty_title_uses_first_sentence(caplog) -> None:
    text = FLASH.replace('title: "北向资金净流入超40亿"', 'title: ""')
    with caplog.at_level(logging.INFO, logger="bot.parser"):
        a = parse_post(text, filename=NAME)
    assert a.title == "数据显示，截至目前，北向资金净流入超40亿元"
    assert a.paragraphs == ("数据显示，截至目前，北向资金净流入超40亿元。",)
    assert "no title" in caplog.text


def test_empty_title_and_empty_body_is_rejected() -> None:
    text = FLASH.replace('title: "北向资金净流入超40亿"', "title:").replace(
        "数据显示，截至目前，北向资金净流入超40亿元。", ""
    )
    with pytest.raises(ParseError, match="no title"):
        parse_post(text, filename=NAME)


def test_no_front_matter_is_rejected() -> None:
    with pytest.raises(ParseError, match="no front matter"):
        parse_post("数据显示，截至目前，北向资金净流入超40亿元。\n", filename=NAME)


def test_unclosed_front_matter_is_rejected() -> None:
    with pytest.raises(ParseError, match="front matter not closed"):
        parse_post("---\ntitle: x\n\nbody\n", filename=NAME)


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_empty_input_is_rejected(text: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_post(text)


def test_binary_junk_is_rejected(tmp_path: Path) -> None:
    junk = bytes(range(256)) * 20
    p = tmp_path / "2021-12-08-junk.md"
    p.write_bytes(junk)
    with pytest.raises(ParseError, match="binary"):
        parse_file(p)
    with pytest.raises(ParseError, match="binary"):
        parse_post(junk.decode("latin-1"))


def test_a_few_stray_control_chars_are_removed() -> None:
    text = FLASH.replace("北向资金净流入超40亿元", "北向资金\x07净流入超40亿元")
    assert parse_post(text, filename=NAME).paragraphs == (
        "数据显示，截至目前，北向资金净流入超40亿元。",
    )


def test_gb18030_file_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / NAME
    p.write_bytes(FLASH.encode("gb18030"))
    assert parse_file(p) == parse_post(FLASH, filename=NAME)


@pytest.mark.parametrize(
    "bom, encoding",
    [
        pytest.param(b"\xef\xbb\xbf", "utf-8", id="utf-8"),
        pytest.param(b"\xff\xfe", "utf-16-le", id="utf-16-le"),
        pytest.param(b"\xfe\xff", "utf-16-be", id="utf-16-be"),
        pytest.param(b"\xff\xfe\x00\x00", "utf-32-le", id="utf-32-le"),
        pytest.param(b"\x00\x00\xfe\xff", "utf-32-be", id="utf-32-be"),
    ],
)
def test_a_file_with_a_byte_order_mark_is_decoded_by_it(
    tmp_path: Path, bom: bytes, encoding: str
) -> None:
    """Windows editors save "Unicode" as UTF-16 with a BOM; the BOM says the encoding."""
    data = bom + FLASH.encode(encoding)
    assert decode_post(data) == FLASH
    p = tmp_path / NAME
    p.write_bytes(data)
    assert parse_file(p) == parse_post(FLASH, filename=NAME)


def test_utf16_without_a_byte_order_mark_is_still_rejected(tmp_path: Path) -> None:
    p = tmp_path / NAME
    p.write_bytes(FLASH.encode("utf-16-le"))
    with pytest.raises(ParseError, match="binary"):
        parse_file(p)


def test_missing_categories_and_tags() -> None:
    text = FLASH.replace("categories: emnews\n", "").replace("tags: 东财滚动新闻\n", "")
    a = parse_post(text, filename=NAME)
    assert (a.category, a.category_name) == ("unknown", "未知来源")
    text = FLASH.replace("categories: emnews\n", "").replace("东财滚动新闻", "证券时报新闻")
    a = parse_post(text, filename=NAME)
    assert (a.category, a.category_name) == ("zhengquanshibao", "证券时报")


@pytest.mark.parametrize(
    ("categories", "tags", "slug", "name"),
    [
        ("emnews", "东财滚动新闻", "emnews", "东财滚动新闻"),
        ("[meirijingjixinwen]", "[每日经济新闻新闻]", "meirijingjixinwen", "每日经济新闻"),
        ("yangshixinwen", "央视新闻新闻", "yangshixinwen", "央视新闻"),
        ("yangshixinwen", "央视新闻", "yangshixinwen", "央视新闻"),  # no 新闻 suffix added
        ("36ke", "36氪新闻", "36ke", "36氪"),
        ("emnews", "", "emnews", "东财滚动新闻"),
    ],
)
def test_outlet_resolution(categories: str, tags: str, slug: str, name: str) -> None:
    text = FLASH.replace("categories: emnews", f"categories: {categories}").replace(
        "tags: 东财滚动新闻", f"tags: {tags}"
    )
    a = parse_post(text, filename=NAME)
    assert (a.category, a.category_name) == (slug, name)


def test_markdown_digest_and_markup() -> None:
    body = (
        "> 北向资金午后加速流入。\n> 全天净流入超40亿。\n\n"
        "**数据显示**，截至目前，[北向资金](http://x/y)净流入超40亿元\\*。\n"
        "第二行接着写。\n\n"
        "![图](http://img/x.png)\n\n"
        "| 项目 | 金额 |\n|---|---|\n| 沪股通 | 25.1亿 |\n| 深股通 | 15.2亿 |\n\n"
        "（文章来源：证券时报）\n\n<http://finance.eastmoney.com/news/1353,202112082206761079.html>\n"
    )
    a = build_article({"title": "北向资金", "categories": "emnews"}, body, filename=NAME)
    assert a.digest == "北向资金午后加速流入。全天净流入超40亿。"
    assert a.paragraphs == (
        "数据显示，截至目前，北向资金净流入超40亿元*。第二行接着写。",
        "项目 | 金额",
        "沪股通 | 25.1亿",
        "深股通 | 15.2亿",
    )
    assert a.origin == "证券时报"
    assert a.id == "202112082206761079"


def test_markdown_digest_before_html_body() -> None:
    body = "> 阿里国际站：全年海外消费者净增6400万。\n\n<p>第一段。</p><p>第二段。</p>\n"
    a = build_article({"title": "t"}, body)
    assert a.digest == "阿里国际站：全年海外消费者净增6400万。"
    assert a.paragraphs == ("第一段。", "第二段。")


def test_quote_alone_is_text_not_digest() -> None:
    a = build_article({"title": "t"}, "> 只有一句引用。\n")
    assert a.digest is None
    assert a.paragraphs == ("只有一句引用。",)


def test_second_quote_block_stays_text() -> None:
    a = build_article({"title": "t"}, "> 摘要。\n\n> 引用的话。\n\n正文。\n")
    assert a.digest == "摘要。"
    assert a.paragraphs == ("引用的话。", "正文。")


def test_lone_surrogates_are_removed() -> None:
    """A JSON feed may carry `\\ud800` escapes and an undecodable file name comes back from the
    file system as surrogate escapes: lxml and the id hash cannot encode them."""
    name = "2024-01-02-a\udcff.md"
    a = build_article({"title": "标题\ud800"}, "<p>正文\udc80。</p>", filename=name)
    assert (a.title, a.paragraphs, a.id) == ("标题", ("正文。",), "a")
    a = build_article({"title": ""}, "正文\ud83d内容。", url="https://example.com/\udc80")
    assert a.title == "正文内容"
    assert a.url == "https://example.com/"
    # two in 300 characters: a few, removed (many are a mis-encoded file, rejected)
    text = "---\ntitle:\ncategories: em\udc80\n---\n正文\ud800。" + "内容。" * 100
    a = parse_post(text, seen_at=datetime(2024, 1, 2))
    assert a.title == "正文"
    assert a.category == "em"
    assert a.id.isascii()


@pytest.mark.parametrize(
    "date_line",
    ["date: 0001-01-01", "date: 9999-12-31 23:59:59 -14:00", "date: 0001-01-01 00:00:00 +14:00"],
)
def test_a_date_at_the_calendar_edge_falls_back_to_file_name(date_line: str) -> None:
    """Such a date was kept: showing it in Beijing time overflowed (the push failed), and so did
    the story window a day either side of it."""
    text = FLASH.replace("date: 2021-12-08 10:48:44", date_line)
    a = parse_post(text, filename=NAME)
    assert a.published_at.isoformat() == "2021-12-08T00:00:00+08:00"
    render_message(a, summarize(a))
    b = parse_post(text, filename="0001-01-01-x.md", seen_at=datetime(2024, 1, 2, tzinfo=UTC))
    assert b.published_at.year == 2024 and not b.dated
