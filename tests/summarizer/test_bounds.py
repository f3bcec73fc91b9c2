"""Odd input sizes finish: the poller summarizes posts one after the other, and one post that
keeps the summarizer busy for minutes holds up every post behind it."""

from __future__ import annotations

import pytest

from bot.parser import build_article
from bot.summarizer import summarize


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "body",
    [
        "<p>" + "增长15%，" * 20_000 + "</p>",  # one 140,000-character sentence of figures
        "增长10%-20%-30%" * 10_000 + "。",
    ],
    ids=["long-sentence", "ranges"],
)
def test_a_huge_body_is_summarized(body: str) -> None:
    summary = summarize(build_article({"title": "公司公告"}, body))
    assert summary.summary


@pytest.mark.timeout(60)
def test_a_huge_title_and_digest_are_summarized() -> None:
    digest = "> " + "增长15%，" * 5_000
    article = build_article({"title": "营收增长15%，" * 5_000}, digest + "\n\n正文。")
    assert summarize(article).summary


def test_a_paragraph_cut_to_the_bound_ends_at_a_sentence_end() -> None:
    """Only a paragraph far longer than any post's is cut, and at a sentence end: the cut
    tail must not be read as a sentence (a summary or a figure's clause)."""
    from bot.summarizer import MAX_PARAGRAPH, _bounded

    first = "某公司公告称，公司拟以自有资金回购股份，回购金额不低于1亿元。"
    long = first + "该公司表示，" + "回购方案" * MAX_PARAGRAPH + "已经董事会审议通过。"
    (cut,) = _bounded((long,))
    assert cut == first
    endless = "回购方案" * MAX_PARAGRAPH  # no sentence end at all: cut at the bound
    assert _bounded((endless,)) == (endless[:MAX_PARAGRAPH],)
