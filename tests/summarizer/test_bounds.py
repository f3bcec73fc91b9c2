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
