"""`bot.parser.soup.html_soup` builds the tree bs4's own lxml builder builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from bot.parser.soup import html_soup
from tests.conftest import CORPUS

DATA = Path(__file__).parent / "data"

SNIPPETS = [
    "",
    "plain text, no markup",
    '<p style="display: none;"><br /></p><!-- EM_StockImg_Start --><p><a class="EmImageRemark"'
    ' href="http://quote.eastmoney.com/unify/r/116.09660"><img src="x.png?nid=116.09660" /></a>'
    '</p><!-- EM_StockImg_End --><p>地平线<span id="stock_0.300024"><a class="keytip a  b"'
    ' href="http://quote.eastmoney.com/unify/r/0.300024">机器人</a></span>'
    '<span id="quote_0.300024"></span>（09660.HK）</p>',
    "<table><tr><td>a</td><th>b</th></tr></table><blockquote><p>q</p></blockquote>",
    "<p>unclosed <b>bold <i>both</p> text <br> after",
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<use xlink:href="#a"/></svg><p data-code="K 600519|1|x" checked>after</p>',
    '<p {odd}="1" x:y="2">odd attribute names</p><script>var a = "<p>";</script>',
    "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>",
]


def _same(markup: str) -> None:
    want = BeautifulSoup(markup, "lxml", multi_valued_attributes=None)
    got = html_soup(markup)
    assert got.decode() == want.decode()
    pairs = zip(got.descendants, want.descendants, strict=True)
    for g, w in pairs:
        assert type(g) is type(w)
        if isinstance(w, Tag):
            keys = ("name", "prefix", "namespace", "attrs")
            assert [getattr(g, k) for k in keys] == [getattr(w, k) for k in keys]
            assert type(g.attrs) is type(w.attrs)


@pytest.mark.parametrize("markup", SNIPPETS)
def test_snippets(markup: str) -> None:
    _same(markup)


def test_posts() -> None:
    files = sorted(DATA.glob("*.md"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.glob("*/*.md"))[::7]
    assert files
    for f in files:
        _same(f.read_text(encoding="utf-8-sig"))
