"""The page extractor shared by jekyll-site and feed (pure, no network)."""

from __future__ import annotations

import pytest

from bot.sources.page import (
    PageError,
    extract_post,
    filename_from_url,
    is_post_url,
    post_links,
)
from tests.fakes.site import FakeSite, sample_posts

MINIMA_PAGE = """<!DOCTYPE html><html><head><title>标题 | finews</title></head><body>
<article class="post h-entry"><header class="post-header">
<h1 class="post-title p-name">海伦司(09869.HK)涨超10%</h1>
<p class="post-meta">
<time class="dt-published" datetime="2021-12-08T10:41:52+08:00">Dec 8</time></p>
</header><div class="post-content e-content"><p>海伦司(09869.HK)涨超10%，现报17.96港元。</p>
<p><a href="//finews.withounder.com/category/emnews.html">返回东财滚动新闻</a></p></div>
</article></body></html>"""


def test_extracts_minima_post_with_outlet_from_backlink() -> None:
    post = extract_post(MINIMA_PAGE)
    assert post.title == "海伦司(09869.HK)涨超10%"
    assert post.date == "2021-12-08T10:41:52+08:00"
    assert post.categories == ["emnews"]
    assert post.tags == ["东财滚动新闻"]
    assert "17.96港元" in post.body
    assert post.meta()["categories"] == ["emnews"]


def test_generic_article_page_and_og_title() -> None:
    page = (
        '<html><head><meta property="og:title" content="来自OG的标题">'
        '<meta property="article:published_time" content="2024-01-02T03:04:05Z"></head>'
        "<body><article><p>正文第一段。</p></article></body></html>"
    )
    post = extract_post(page)
    assert post.title == "来自OG的标题"
    assert post.date == "2024-01-02T03:04:05Z"
    assert post.categories == []


@pytest.mark.parametrize(
    "page",
    ["<html><body><p>just a page</p></body></html>", "<html><body><article></article></body>"],
)
def test_not_a_post_raises(page: str) -> None:
    with pytest.raises(PageError):
        extract_post(page)


def test_post_links_same_host_in_order_without_repeats() -> None:
    html = (
        '<a href="/2021/12/08/a.html">a</a><a href="https://other.example/2021/12/08/x.html">x</a>'
        '<a href="/category/emnews.html">cat</a><a href="2022/05/26/b.html#top">b</a>'
        '<a href="/2021/12/08/a.html">a again</a>'
    )
    links = post_links(html, "http://127.0.0.1:8000/")
    assert links == [
        "http://127.0.0.1:8000/2021/12/08/a.html",
        "http://127.0.0.1:8000/2022/05/26/b.html",
    ]


def test_filename_from_url() -> None:
    assert filename_from_url("https://s/2022/05/26/NW202205262393417736.html") == (
        "2022-05-26-NW202205262393417736.md"
    )
    assert filename_from_url("https://s/emnews/2021/12/08/2021.html") == "2021-12-08-2021.md"
    assert filename_from_url("https://s/about.html") is None
    assert is_post_url("/2021/12/08/x.html") and not is_post_url("/category/x.html")


def test_fake_site_pages_round_trip_through_the_extractor() -> None:
    """Every bundled post rendered by the fake site comes back with its title, date, outlet."""
    with FakeSite(posts=sample_posts()) as site:
        for p in site.posts:
            post = extract_post(site.post_html(p))
            assert post.title == p.title
            assert post.date == p.date.isoformat()
            assert post.categories == [p.category]
            assert p.tag in post.tags
