"""Is a new article the same story as an earlier one, and does it say anything new?

Precision first: merging two different stories hides news from every subscriber,
while a missed merge only costs one extra message. So an article joins a story
only on strong evidence, one of:

- its title says what the other's says: at least TITLE_SHARE of the shorter title's
  bigrams are in the other title, and the title-and-lead texts agree too
  (LEAD_WITH_TITLE; the two shares together reach BOTH, unless both quote one
  precise figure such as 574港元), which keeps apart two headlines that share a
  phrase but tell different things (郑商所纯碱期货主力合约跌停 and a market close
  that mentions it);
- or the leads largely coincide (LEAD_SHARE) and quote two of the same figures or
  one precise figure: two outlets' rewrites of one announcement (FF's 11亿美元
  assets and 3.54亿美元 debt) with headlines that pick different angles.

Two articles naming stocks, none in common, are never one story (高盛 rating one
stock and then another with the same template). Two articles more than UPDATE_GAP
apart whose figures differ both ways are the same kind of report on another day
(美股三大指数集体收涨 each morning), not an update.

What is new is decided on figures: an article of a known story whose figures are
all known already is a REPEAT; one with a figure the story has not had (北向资金
40亿 -> 50亿) is an UPDATE.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from bot.stories.shingles import Features, precise

WINDOW = timedelta(hours=24)
TITLE_SHARE = 0.5
LEAD_WITH_TITLE = 0.5
BOTH = 1.1  # title and lead shares together: one at its floor needs the other well above
LEAD_SHARE = 0.65
SHARED_FIGURES = 2
UPDATE_GAP = timedelta(hours=12)


class Kind(StrEnum):
    NEW = "new"  # the first article of a story: pushed as always
    REPEAT = "repeat"  # the same story, nothing new: not pushed, counted
    UPDATE = "update"  # the same story with new figures: threaded under the first push


@dataclass(frozen=True, slots=True)
class Known:
    """An earlier article as a candidate: its features and the story it belongs to."""

    features: Features
    story_id: str


@dataclass(frozen=True, slots=True)
class Decision:
    kind: Kind
    story_id: str  # a new story is named after its first article
    matched: str | None = None  # the earlier article that decided it
    new_figures: frozenset[str] = frozenset()


def containment(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller set found in the larger (a short flash inside a long report)."""
    if not a or not b:
        return 0.0
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return sum(1 for x in small if x in large) / len(small)


def same_story(new: Features, old: Features) -> bool:
    """The rules of the module docstring; symmetric, pure."""
    if abs(new.published_at - old.published_at) > WINDOW:
        return False
    if new.tickers and old.tickers and not (new.tickers & old.tickers):
        return False
    if abs(new.published_at - old.published_at) > UPDATE_GAP and _conflict(new, old):
        return False  # the same report of another day (美股三大指数集体收涨, day after day)
    lead = containment(new.lead, old.lead)
    title = containment(new.title, old.title)
    shared = new.figures & old.figures
    exact = any(precise(f) for f in shared)
    if title >= TITLE_SHARE and lead >= LEAD_WITH_TITLE and (title + lead >= BOTH or exact):
        return True
    return lead >= LEAD_SHARE and (len(shared) >= SHARED_FIGURES or exact)


def _conflict(a: Features, b: Features) -> bool:
    """Each quotes figures the other lacks: the same kind of report with other numbers."""
    return bool(a.figures - b.figures) and bool(b.figures - a.figures)


def _score(new: Features, old: Features) -> float:
    return containment(new.title, old.title) + containment(new.lead, old.lead)


def decide(
    new: Features, candidates: Iterable[Known], story_figures: dict[str, frozenset[str]]
) -> Decision:
    """Classify `new` against earlier articles (candidates from the index).

    `story_figures` maps a story id to every figure its articles have carried; the
    best-matching candidate (by title and lead overlap) names the story.
    """
    best: Known | None = None
    best_score = -1.0
    for known in candidates:
        if known.features.article_id == new.article_id or not same_story(new, known.features):
            continue
        score = _score(new, known.features)
        if score > best_score:
            best, best_score = known, score
    if best is None:
        return Decision(Kind.NEW, new.article_id)
    fresh = new.figures - story_figures.get(best.story_id, frozenset())
    kind = Kind.UPDATE if fresh else Kind.REPEAT
    return Decision(kind, best.story_id, best.features.article_id, frozenset(fresh))
