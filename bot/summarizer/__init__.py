"""Summarizer: short extractive Chinese summary plus ranked key figures for one Article.

Deterministic, offline and fast: rules over the post's own text, no model. Every number in the
result is a slice of the post (see figures.py and summary.py for why nothing is computed).

A map of the package, in the order `summarize` runs (each module's docstring says why it exists):

- Shared text: `text` (sentences, clauses, folding), `segment` and `postag` (jieba words and
  tags), `headings` (a heading is not a sentence), `titlewords` (the title's names and numbers).
- Figures, found: `figures` (the entry: every quantity of the title and body as a `cand.Cand`),
  `quantities` and `cnquant` (numbers in digits and in Chinese numerals), `units`, `changes`
  and `beside` (a change or a level, and the change written beside its value), `respectively`
  (分别 lists), `context` and `conditions` (numbers that are no figure: dates, scenarios).
- Figures, ranked: `rerank`, `background`, `stress`, `guidance`, `results`, `duplicates` (one
  line per fact), `ranking` (choose up to five, none as filler), `modality` (fact or forecast).
- Figures, named: `rawlabel` -> `labels` (+ `labelwords`, `labelends`) -> `lines` (the label a
  reader sees), with `subjects`, `whose`, `owners`, `speakers`, `plans`, `horizon`,
  `periodwords`, `clauseperiod`, `openers`, `pastday`, `totals`, `nounafter`, `quoting` (the
  post's own clause as the label), `naming` and `guards` (last checks: drop what is unclear).
- Summary: `summary` (the entry) scores sentences with `salience` and `shapes` (hooks,
  questions, quotes cost), `events`, `setup`, `leads` (where the title leads), then cuts and
  completes them: `sentencefit`, `fill`, `headline`, `titleitems`, `enumeration`, `calendar`,
  `gist`, `wirestyle`.
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
