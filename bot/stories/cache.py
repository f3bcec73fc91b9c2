"""A bounded in-process cache of articles' features, keyed by their text.

The database index finds the candidates; comparing with them needs their features,
and building those (width folding, bigrams, figures) costs ~0.3 ms an article on a
busy machine. Most candidates are recent articles this process has just grouped, so
their features are kept here. A miss only costs the rebuild (after a restart, or on
another replica), never a different decision: the key is the text the features
come from, so an edited article is never compared by its old text.
"""

from __future__ import annotations

from collections import OrderedDict

from bot.article import Article
from bot.stories.shingles import FIGURE_CHARS, Features, features_of, lead_of

SIZE = 1024  # about a day of the site's posts; ~14 KB each (measured over the corpus)


class FeatureCache:
    def __init__(self, size: int = SIZE) -> None:
        self.size = size
        self._items: OrderedDict[tuple, Features] = OrderedDict()
        self.hits = self.misses = 0

    def get(self, article: Article) -> Features:
        key = (
            article.id,
            article.title,
            lead_of(article)[:FIGURE_CHARS],
            article.tickers,
            article.published_at,
        )
        got = self._items.get(key)
        if got is not None:
            self._items.move_to_end(key)
            self.hits += 1
            return got
        self.misses += 1
        feats = features_of(article)
        self._items[key] = feats
        if len(self._items) > self.size:
            self._items.popitem(last=False)
        return feats

    def clear(self) -> None:
        self._items.clear()
