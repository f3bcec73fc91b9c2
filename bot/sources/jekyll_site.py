"""`jekyll-site` source: the site's outlet pages `/category/<slug>.html`.

Listing pages: one per configured `categories` slug; with none configured, the
page at `url` itself (the home page lists the newest posts of every outlet).
Only post links this source has not seen yet are fetched, so a poll costs one
request per listing page plus one per new post. The site source does not notice
edits of already-fetched posts (that would mean fetching every page every poll);
the `feed` and `jekyll-dir` sources do.

A listed post answering 404/410 was deleted between listing and fetch: it is
logged once, retried on the next `missing_retries` polls while still listed, then
given up (recorded, never fetched again).
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin, urlparse

import httpx

from bot.config import SourceConfig
from bot.sources.base import (
    GONE,
    Candidate,
    FetchResult,
    PollContext,
    PostGone,
    Skipped,
    SourceError,
    digest_of,
    get,
)
from bot.sources.page import PageError, extract_post, filename_from_url, post_links

log = logging.getLogger(__name__)


def site_base(url: str) -> str:
    """Directory URL of the site root: `https://x/` for `https://x`, `https://x/index.html`."""
    path = urlparse(url).path
    if path.endswith((".html", ".htm")):
        return urljoin(url, "./")
    return url if url.endswith("/") else url + "/"


def listing_pages(cfg: SourceConfig) -> list[tuple[str, str | None]]:
    """(page URL, category slug it lists or None)."""
    assert cfg.url
    if not cfg.categories:
        return [(cfg.url, None)]
    base = site_base(cfg.url)
    return [(urljoin(base, f"category/{slug}.html"), slug) for slug in cfg.categories]


def fetch(client: httpx.Client, cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    result = FetchResult()
    links: dict[str, str | None] = {}
    pages = listing_pages(cfg)
    for page_url, slug in pages:
        try:
            html = get(client, cfg, page_url).content
        except PostGone as exc:
            # A wrong slug in the config: the other outlets still get polled.
            result.skipped.append(Skipped(key=page_url, reason=f"listing page missing: {exc}"))
            continue
        for link in post_links(html, page_url):
            links.setdefault(link, slug)
    if result.skipped and not links and len(result.skipped) == len(pages):
        raise SourceError("no listing page could be read: " + result.skipped[0].reason)

    missing: dict[str, int] = dict(ctx.cursor.get("missing") or {})
    still_missing: dict[str, int] = {}
    errors: dict[str, int] = dict(ctx.cursor.get("errors") or {})
    still_failing: dict[str, int] = {}
    # Listings are newest first; store oldest first so pushes arrive in order.
    for link, slug in reversed(links.items()):
        if ctx.seen(link) is not None:
            result.unchanged += 1
            continue
        try:
            resp = get(client, cfg, link)
        except PostGone as exc:
            tries = missing.get(link, 0) + 1
            gone = tries > cfg.missing_retries
            if gone:
                log.info("%s: giving up on %s after %d misses", cfg.name, link, tries)
            else:
                still_missing[link] = tries
            result.skipped.append(
                Skipped(
                    key=link,
                    reason=f"post vanished: {exc}",
                    log=tries == 1,
                    digest=GONE if gone else None,  # recorded: never fetched again
                )
            )
            continue
        except SourceError as exc:
            # Timeout / 5xx on one page: logged when its streak starts, retried every poll.
            tries = still_failing[link] = errors.get(link, 0) + 1
            result.skipped.append(Skipped(key=link, reason=str(exc), log=tries == 1))
            continue
        try:
            page = extract_post(resp.content)
        except PageError as exc:
            result.skipped.append(
                Skipped(key=link, reason=f"not a post page: {exc}", digest=digest_of(resp.content))
            )
            continue
        meta = page.meta()
        if slug and not meta.get("categories"):
            meta["categories"] = [slug]
        result.candidates.append(
            Candidate(
                key=link,
                digest=digest_of(resp.content),
                meta=meta,
                body=page.body,
                url=link,
                filename=filename_from_url(link),
            )
        )
    result.cursor = {**ctx.cursor, "missing": still_missing, "errors": still_failing}
    return result
