"""build_article: feed entries and rendered pages give the same Article as the file."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.parser import build_article, parse_file, parse_post
from bot.parser.front import split
from bot.parser.ids import id_from_link, outlet_url

DATA = Path(__file__).parent / "data"
SITE = "https://finews.withounder.com"

# What Jekyll (kramdown) renders for the flash post below: the feed entry's content.
RENDERED_FLASH = """<p>数据显示，截至目前，北向资金净流入超40亿元。</p>

<p><a href="http://finance.eastmoney.com/news/1353,202112082206761079.html">http://finance.eastmoney.com/news/1353,202112082206761079.html</a></p>

<p><a href="../emnews/">返回东财滚动新闻</a>
<a href="../">返回首页</a></p>
"""
FLASH_FILE = """---
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
FEED_META = {
    "title": "北向资金净流入超40亿",
    "date": "2021-12-08T10:48:44+08:00",
    "categories": ["emnews"],
    "tags": ["东财滚动新闻"],
}
PAGE = f"{SITE}/emnews/2021/12/08/202112082206761079.html"


def test_feed_entry_equals_file() -> None:
    from_file = parse_post(FLASH_FILE, filename="2021-12-08-202112082206761079.md")
    from_feed = build_article(FEED_META, RENDERED_FLASH, url=PAGE)
    assert from_feed == from_file


def test_feed_entry_without_original_link_uses_page_slug() -> None:
    body = "<p>数据显示，截至目前，北向资金净流入超40亿元。</p>\n<p>&lt;&gt;</p>\n"
    a = build_article(FEED_META, body, url=PAGE)
    assert a.id == "202112082206761079"
    assert a.paragraphs == ("数据显示，截至目前，北向资金净流入超40亿元。",)
    # no original link in the body: the id says where the original is (Eastmoney's /a/<id>)
    assert a.url == "https://finance.eastmoney.com/a/202112082206761079.html"


def test_feed_entry_whose_id_names_no_outlet_links_the_page() -> None:
    page = f"{SITE}/36ke/2018/07/09/dueeb584593b49eab86b4baca1d4eef91c8c.html"
    body = "<p>火星盒子获数千万A+轮融资。</p>\n<p>&lt;&gt;</p>\n"
    a = build_article({**FEED_META, "categories": ["36ke"]}, body, url=page)
    assert a.url == page  # the finews page is the best link we have


def test_em_slug_page_and_file_agree() -> None:
    path = DATA / "2025-09-29-em202509283525647189.md"
    meta, body = split(path.read_text(encoding="utf-8"))
    page = f"{SITE}/zhongguojijinbao/2025/09/29/em202509283525647189.html"
    no_link = re.sub(r"<http[^>]*>", "<>", body)
    assert build_article(meta, no_link, url=page).id == parse_file(path).id


def test_rendered_html_page_of_html_post() -> None:
    path = DATA / "2022-05-26-NW202205262393417736.md"
    meta, body = split(path.read_text(encoding="utf-8"))
    link = "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205262393417736"
    rendered = body.replace(f"<{link}>", f'<p><a href="{link}">{link}</a></p>')
    rendered = re.sub(r"\[(返回[^\]]*)\]\(([^)]*)\)", r'<a href="\2">\1</a>', rendered)
    a = build_article(meta, rendered, url=f"{SITE}/meirijingjixinwen/2022/05/26/x.html")
    assert a == parse_file(path)


def test_original_url_given_as_url() -> None:
    url = "https://wallstreetcn.com/articles/3756521"
    a = build_article({"title": "t", "date": "2025-09-30 09:03:29 +0800"}, "<p>正文。</p>", url=url)
    assert (a.id, a.url) == ("wscn3756521", url)


def test_generic_feed_entry_id_is_stable() -> None:
    url = "https://example.com/news/1"
    a = build_article({"title": "标题"}, "<p>正文。</p>", url=url)
    b = build_article({"title": "另一个标题"}, "正文", url=url)
    assert a.id == b.id and a.id.startswith("u")
    meta = {"title": "标题", "date": "2026-01-01"}
    c = build_article(meta, "正文")
    assert c.id.startswith("h") and c.id == build_article(meta, "x").id  # title + date
    # no date at all: the time is "now", so the id comes from title + text, not time
    d1 = build_article({"title": "标题"}, "正文")
    d2 = build_article({"title": "标题"}, "正文")
    assert d1.id == d2.id != build_article({"title": "标题"}, "另一段正文").id


def test_html_table_rows_digest_and_hidden() -> None:
    body = (
        "<blockquote><p>要点：营收增长。</p><p>净利润翻倍。</p></blockquote>"
        '<p style="display:none">隐藏</p><p>正文&nbsp;第一段&amp;说明<br/>第二行</p>'
        "<table><tr><th>项目</th><th>2025年</th></tr><tr><td>营收</td><td>1,234.5亿元</td></tr>"
        "</table>"
        '<p style="text-align:center"><a href="https://acttg.eastmoney.com/pub/x">'
        '<img class="em_handle_adv_close" src="x.jpg"/></a></p>'
        '<p><a href="//finews.withounder.com/category/x.html">返回X新闻</a>｜'
        '<a href="/">返回首页</a></p>'
    )
    a = build_article({"title": "t"}, body)
    assert a.digest == "要点：营收增长。净利润翻倍。"
    assert a.paragraphs == ("正文 第一段&说明", "第二行", "项目 | 2025年", "营收 | 1,234.5亿元")


def test_cli_parse_json() -> None:
    result = CliRunner().invoke(
        app, ["parse", str(DATA / "2022-05-26-NW202205262393417736.md"), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for key in ("id", "title", "category", "category_name", "published_at", "url", "digest",
                "tickers", "paragraphs"):  # fmt: skip
        assert key in data
    assert data["id"] == "NW202205262393417736"
    assert data["tickers"] == ["BABA.US"]
    assert data["published_at"] == "2022-05-26T22:04:46+08:00"


def test_cli_parse_error_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_bytes(bytes(range(256)) * 4)
    result = CliRunner().invoke(app, ["parse", str(bad), "--json"])
    assert result.exit_code == 1
    assert "binary" in result.output


def test_long_slug_gives_a_short_stable_id() -> None:
    from bot.parser.ids import MAX_ID_LEN, id_from_slug

    name = "2024-01-02-" + "very-long-jekyll-slug-" * 5 + ".md"
    first = id_from_slug(name)
    assert first is not None and len(first) <= MAX_ID_LEN
    assert first == id_from_slug(
        "https://finews.withounder.com/2024/01/02/" + name[11:-3] + ".html"
    )


LONG_LINK_POST = """---
layout: post
title: "贵州茅台发布公告"
date: 2025-10-01 10:00:00 +0800
categories: emnews
tags: 东财滚动新闻
---

贵州茅台今日发布公告。

<{link}>
"""


@pytest.mark.parametrize(
    "link",
    [
        "http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2025100135280" + "7" * 60,
        "https://wallstreetcn.com/articles/" + "1" * 70,
        "https://36kr.com/p/" + "3" * 70,
    ],
    ids=["infoCode", "wallstreetcn", "36kr"],
)
def test_long_link_id_gives_a_short_stable_id(link: str) -> None:
    """An outlet's id longer than the id column is hashed like a long slug: the post
    stores on PostgreSQL (which refuses the longer value) as on SQLite."""
    from bot.parser.ids import MAX_ID_LEN

    text = LONG_LINK_POST.format(link=link)
    article = parse_post(text, filename="2025-10-01-NW2025100135280.md")
    assert len(article.id) <= MAX_ID_LEN
    assert article.id == id_from_link(link)  # rule 1 still decides, whatever the source
    page = f"{SITE}/emnews/2025/10/01/NW2025100135280.html"
    rendered = f'<p>贵州茅台今日发布公告。</p><p><a href="{link}">{link}</a></p>'
    from_feed = build_article(
        {"title": "贵州茅台发布公告", "date": "2025-10-01"}, rendered, url=page
    )
    assert from_feed.id == article.id


def test_outlet_url_reads_rule_one_backwards() -> None:
    # every id rule 1 takes from an outlet's link gives that outlet's address back
    for link in (
        "https://finance.eastmoney.com/a/202112082206870651.html",
        "https://wallstreetcn.com/articles/3756521",
        "https://36kr.com/p/3487198888270977",
    ):
        article_id = id_from_link(link)
        assert article_id is not None and outlet_url(article_id) == link
    # a content hash, a Jekyll slug or a share code says nothing of where the original is
    for other in (
        "dueeb584593b49eab86b4baca1d4eef91c8c",
        "h0123456789abcdef",
        "NW202205262393417736",
    ):
        assert outlet_url(other) is None


@pytest.mark.parametrize("url", ["http://[::1", "http://finews.zning.xyz]/x", "//[bad/a.html"])
def test_a_malformed_page_url_is_no_crash(url: str) -> None:
    """urlsplit raises ValueError on a bracket it cannot read as an IPv6 host."""
    a = build_article({"title": "标题"}, "<p>正文。</p>", url=url)
    assert a.id.startswith("u")  # another site's entry link: its hash (ids rule 3)
    b = build_article({"title": "标题"}, "<p>正文。</p>", filename=f"{url}/2024-01-02-abc.md")
    assert b.id == "abc"
