"""Summarizer: short extractive Chinese summary plus ranked key figures for one Article.

Deterministic, offline and fast: rules over the post's own text, no model. Every number in the
result is a slice of the post (see figures.py and summary.py for why nothing is computed).
"""

from __future__ import annotations

from bot.article import Article, Summary
from bot.summarizer.figures import extract_figures
from bot.summarizer.summary import build_summary
from bot.summarizer.text import whole_sentences

__all__ = ["summarize"]

# What is read of a post. Several rules look at every figure of a sentence for each of its
# figures, so one 140,000-character sentence of numbers kept the summarizer busy for hours (and
# the poll behind it). Far above the corpus: its longest body has 14,000 characters, its
# longest paragraph about 500. The article itself is stored whole.
MAX_TEXT = 30_000
MAX_PARAGRAPH = 1_500
MAX_TITLE = 300  # titles have under 100


def _bounded(paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    """The paragraphs up to MAX_TEXT characters, each cut at MAX_PARAGRAPH (at a sentence
    end: a sentence cut mid-way must not become a summary or a figure's clause)."""
    out: list[str] = []
    left = MAX_TEXT
    for p in paragraphs:
        if left <= 0:
            break
        out.append(whole_sentences(p, min(MAX_PARAGRAPH, left)))
        left -= len(out[-1])
    return tuple(out)


def summarize(article: Article, *, max_chars: int = 120, max_figures: int = 5) -> Summary:
    """Summary sentence(s) of at most `max_chars` and up to `max_figures` key figures."""
    paragraphs = _bounded(tuple(article.paragraphs))
    title = article.title[:MAX_TITLE]
    digest = whole_sentences(article.digest, MAX_PARAGRAPH) if article.digest else article.digest
    text = build_summary(title, paragraphs, digest, max_chars=max_chars, names=article.title_names)
    body = ((digest,) if digest else ()) + paragraphs
    figures = extract_figures(
        title,
        body,
        max_figures=max_figures,
        summary=text,
        year=article.published_at.year,
        posted=article.published_at.date(),
        companies=len(article.title_names),
        names=tuple(dict.fromkeys((*article.title_names, *article.stock_names.values()))),
        flash=len(paragraphs) == 1 and not digest,
    )
    return Summary(summary=text, figures=tuple(figures))
