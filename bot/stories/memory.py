"""The grouping loop over an in-memory index: `finews-bot stories` and the bench.

The running bot keeps the same keys in the database (`bot.storage.stories`), so
restarts and replicas agree; this index holds them in dicts for one command run.
Both ask for candidates the same way (per key the PER_KEY latest of the window,
the most shared first, ties by id, at most CANDIDATES) and decide with
`bot.stories.decision.decide`.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from bot.stories.decision import WINDOW, Decision, Known, decide
from bot.stories.shingles import Features
from bot.stories.signature import keys_of

CANDIDATES = 8  # the strongest key matches are compared; a story has few reports a day
PER_KEY = 24  # articles read per key, nearest the window's end: a common phrase's band
# (港股, 涨超 ...) must not flood the lookup; a true retelling shares many bands


class MemoryIndex:
    def __init__(self) -> None:
        self._by_key: dict[int, list[str]] = defaultdict(list)
        self.features: dict[str, Features] = {}
        self.story_of: dict[str, str] = {}
        self.story_figures: dict[str, frozenset[str]] = {}

    def candidates(self, new: Features, keys: list[int]) -> list[Known]:
        """As `bot.storage.stories.candidate_rows` reads them: per key the PER_KEY articles
        of the window nearest its end, then the most shared first, ties by id."""
        hits: Counter[str] = Counter()
        for k in keys:
            inside = [
                aid
                for aid in self._by_key.get(k, ())
                if abs(self.features[aid].published_at - new.published_at) <= WINDOW
            ]
            inside.sort(key=lambda aid: self.features[aid].published_at, reverse=True)
            hits.update(inside[:PER_KEY])
        best = sorted(hits.items(), key=lambda x: (-x[1], x[0]))[:CANDIDATES]
        return [Known(self.features[aid], self.story_of[aid]) for aid, _ in best]

    def brute_force(self, new: Features) -> list[Known]:
        """Every stored article as a candidate (the bench's comparison)."""
        return [Known(f, self.story_of[aid]) for aid, f in self.features.items()]

    def add(self, new: Features, keys: list[int], decision: Decision) -> None:
        for k in keys:
            self._by_key[k].append(new.article_id)
        self.features[new.article_id] = new
        self.story_of[new.article_id] = decision.story_id
        known = self.story_figures.get(decision.story_id, frozenset())
        self.story_figures[decision.story_id] = known | new.figures

    def group(self, new: Features) -> Decision:
        """Decide and remember one article (call in published order)."""
        keys = keys_of(new)
        decision = decide(new, self.candidates(new, keys), self.story_figures)
        self.add(new, keys, decision)
        return decision
