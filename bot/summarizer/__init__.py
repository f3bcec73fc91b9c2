"""Summarizer: short extractive Chinese summary plus ranked key figures for one Article.

Deterministic, offline and fast: rules over the post's own text, no model. Every number in the
result is a slice of the post (see figures.py and summary.py for why nothing is computed).
"""

from __future__ import annotations

from bot.article import Article, Summary
from bot.summarizer.figures import extract_figures
from bot.summarizer.summary import build_summary

__all__ = ["summarize"]


def summarize(article: Article, *, max_chars: int = 120, max_figures: int = 5) -> Summary:
    """Summary sentence(s) of at most `max_chars` and up to `max_figures` key figures."""
    paragraphs = tuple(article.paragraphs)
    text = build_summary(article.title, paragraphs, article.digest, max_chars=max_chars)
    body = ((article.digest,) if article.digest else ()) + paragraphs
    figures = extract_figures(
        article.title,
        body,
        max_figures=max_figures,
        summary=text,
        year=article.published_at.year,
        companies=_title_companies(article),
    )
    return Summary(summary=text, figures=tuple(figures))


def _title_companies(article: Article) -> int:
    """How many companies the title names (海联讯吸收合并杭汽轮B: two): the parser's count, or
    for an article built without it, the post's own stocks the title names."""
    names = {article.stock_names.get(t, "") for t in article.tickers}
    linked = sum(1 for n in names if len(n) >= 2 and n in article.title)
    return max(len(article.title_names), linked)
