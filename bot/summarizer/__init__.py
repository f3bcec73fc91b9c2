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
    text = build_summary(
        article.title, paragraphs, article.digest, max_chars=max_chars, names=article.title_names
    )
    body = ((article.digest,) if article.digest else ()) + paragraphs
    figures = extract_figures(
        article.title,
        body,
        max_figures=max_figures,
        summary=text,
        year=article.published_at.year,
        posted=article.published_at.date(),
        companies=len(article.title_names),
        names=tuple(dict.fromkeys((*article.title_names, *article.stock_names.values()))),
        flash=len(paragraphs) == 1 and not article.digest,
    )
    return Summary(summary=text, figures=tuple(figures))
