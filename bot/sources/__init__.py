"""Sources: fetch candidate posts from a feed, a Jekyll site, a `_posts` directory or the
site's GitHub repository.

Each kind is one module with `fetch(client, cfg, ctx) -> FetchResult`; `bot.ingest`
runs them, parses, stores and keeps the poll state.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.sources import feed, github, jekyll_dir, jekyll_site
from bot.sources.base import Candidate, FetchResult, PollContext, Skipped, SourceError

FETCHERS: dict[str, Callable[..., FetchResult]] = {
    "feed": feed.fetch,
    "jekyll-site": jekyll_site.fetch,
    "jekyll-dir": jekyll_dir.fetch,
    "github": github.fetch,
}

__all__ = ["FETCHERS", "Candidate", "FetchResult", "PollContext", "Skipped", "SourceError"]
