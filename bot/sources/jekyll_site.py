"""`jekyll-site` source: the site's outlet pages `/category/<slug>.html`.

Listing pages: one per configured `categories` slug; with none configured, the
page at `url` itself (the home page lists the newest posts of every outlet).
Post links this source has not seen yet are fetched, so a poll costs one request
per listing page plus one per new post.

Edits: listings show only a day, never an update time, and refetching every listed
page each poll would cost hundreds of requests. Posts are edited, when at all, soon
after they appear, so this source re-checks only posts published within
`RECHECK_WINDOW`, at most `RECHECK_PER_POLL` of them per poll (least recently
checked first), with a conditional GET (the page's ETag / Last-Modified, kept in the
cursor). A 304, or a 200 with the same bytes (static hosts that rebuild the whole
site give every page new validators), costs nothing more; changed bytes go to ingest
as a candidate under the same key, which updates the stored article in place and
never pushes it again. The `feed` and `jekyll-dir` sources see every edit.

First poll: the real site's outlet pages (`_layouts/category.html` of zning1994/finews,
`site.categories[page.category]` with no limit) list EVERY post the outlet ever had, and
fetching each took hours for a big outlet. Like the github source's first poll (its last
`relist_commits` commits), it reads a bounded window: the newest `FIRST_POLL_POSTS` links
of each listing page are fetched (stored as the archive, not pushed, by ingest); the
older ones are recorded as the archive unread (`FetchResult.archive`), never fetched.
So is an outlet added to the config later: the first read of its listing page (the cursor's
`listings` names the pages read before).
Such a listing may pass `max_bytes`: it is read up to it (`get(..., head=True)`), newest
posts first, with a warning, rather than failing every poll.

A listed post answering 404/410 was deleted between listing and fetch: it is
logged once, retried on the next `missing_retries` polls while still listed, then
given up (recorded, never fetched again). A page that does not arrive whole
(`page.whole_page`) is retried the same way; a 5xx or a timeout is retried as long
as the post is listed; a page larger than `max_bytes` is given up at once.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlparse

import httpx

from bot.config import SourceConfig
from bot.parser.meta import date_from_filename, parse_date
from bot.sources.base import (
    GONE,
    BodyTooLarge,
    Candidate,
    FetchResult,
    PollContext,
    PostGone,
    Skipped,
    SourceError,
    asks_to_wait,
    digest_of,
    get,
    truncated,
)
from bot.sources.page import (
    PageError,
    PageIncomplete,
    extract_post,
    filename_from_url,
    post_links,
    whole_page,
)

log = logging.getLogger(__name__)

RECHECK_WINDOW = timedelta(hours=24)  # posts younger than this are re-checked for edits
RECHECK_PER_POLL = 10  # at most this many conditional GETs per poll
FIRST_POLL_POSTS = 30  # a first poll fetches at most this many newest posts per listing page


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


def published(date: str | None, link: str) -> datetime | None:
    """When a post was published: its page's date, else the end of the day in its URL."""
    if (dt := parse_date(date)) is not None:
        return dt
    if (day := date_from_filename(filename_from_url(link))) is not None:
        return day + timedelta(days=1)
    return None


def recheck_order(tracked: dict[str, dict[str, Any]], listed: set[str], limit: int) -> list[str]:
    """The tracked posts to re-check this poll: still listed, least recently checked first,
    newest first among equals; at most `limit`."""
    keys = [k for k in tracked if k in listed]
    keys.sort(key=lambda k: (tracked[k].get("at", 0), -tracked[k].get("t", 0)))
    return keys[:limit]


def _validators(resp: httpx.Response) -> dict[str, str]:
    return {
        k: v
        for k, v in (("etag", resp.headers.get("ETag")), ("lm", resp.headers.get("Last-Modified")))
        if v
    }


def _conditional(entry: dict[str, Any]) -> dict[str, str]:
    headers = {}
    if entry.get("etag"):
        headers["If-None-Match"] = entry["etag"]
    if entry.get("lm"):
        headers["If-Modified-Since"] = entry["lm"]
    return headers


def _candidate(link: str, slug: str | None, resp: httpx.Response) -> Candidate | Skipped:
    """The post of a page that arrived whole (`whole_page`), or why it is not one."""
    digest = digest_of(resp.content)
    try:
        page = extract_post(resp.content)
    except PageError as exc:
        return Skipped(key=link, reason=f"not a post page: {exc}", digest=digest)
    meta = page.meta()
    if slug and not meta.get("categories"):
        meta["categories"] = [slug]
    return Candidate(
        key=link,
        digest=digest,
        meta=meta,
        body=page.body,
        url=link,
        filename=filename_from_url(link),
    )


def _recheck(
    client: httpx.Client,
    cfg: SourceConfig,
    known: dict[str, str],
    links: dict[str, str | None],
    tracked: dict[str, dict[str, Any]],
    poll: int,
) -> list[Candidate]:
    """Conditional GETs of recent known posts; the edited ones as candidates."""
    edited: list[Candidate] = []
    for link in recheck_order(tracked, set(links), RECHECK_PER_POLL):
        entry = tracked[link]
        entry["at"] = poll
        try:
            resp = get(client, cfg, link, headers=_conditional(entry))
            if resp.status_code == 304:
                continue
            whole_page(resp)  # a page cut short is no edit
        except PostGone:
            log.info("%s: %s is gone; no longer checked for edits", cfg.name, link)
            del tracked[link]
            continue
        except BodyTooLarge as exc:
            log.warning("%s: %s; no longer checked for edits", cfg.name, exc)
            del tracked[link]
            continue
        except SourceError as exc:  # the stored post is fine: try again on a later poll
            if asks_to_wait(exc):
                raise
            log.debug("%s: edit check of %s failed: %s", cfg.name, link, exc)
            continue
        entry.update(_validators(resp))
        if digest_of(resp.content) == known.get(link):
            continue
        found = _candidate(link, links[link], resp)
        if isinstance(found, Candidate):
            log.info("%s: %s was edited", cfg.name, link)
            edited.append(found)
        else:  # keep the stored article; say why the edit is not taken
            log.warning("%s: edited %s not taken: %s", cfg.name, link, found.reason)
    return edited


def _track(
    tracked: dict[str, dict[str, Any]], c: Candidate, resp: httpx.Response, poll: int
) -> None:
    when = published((c.meta or {}).get("date"), c.key)
    if when is not None and when >= datetime.now(UTC) - RECHECK_WINDOW:
        tracked[c.key] = {"t": int(when.timestamp()), "at": poll, **_validators(resp)}


def _wait(cfg: SourceConfig, result: FetchResult, exc: SourceError) -> None:
    """A page asked the source to wait: one line; the pages left are fetched after that."""
    result.retry_at, result.partial = exc.retry_at, True
    log.warning("%s: %s; the other new posts are fetched after that", cfg.name, exc)


def fetch(client: httpx.Client, cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    result = FetchResult()
    links: dict[str, str | None] = {}
    older: set[str] = set()  # listed below a new page's window
    newest: set[str] = set()  # within a page's window, or on a page read before
    pages = listing_pages(cfg)
    # Listing pages read before: an outlet added to the config later is a first poll of its
    # own page (its whole history listed, as on the source's first poll). A cursor from before
    # this was kept knows every page the source polled then.
    known_pages = set(
        ctx.cursor.get("listings") or ([] if ctx.first_poll else [u for u, _ in pages])
    )
    for page_url, slug in pages:
        try:
            resp = get(client, cfg, page_url, head=True)
        except PostGone as exc:
            # A wrong slug in the config: the other outlets still get polled.
            result.skipped.append(Skipped(key=page_url, reason=f"listing page missing: {exc}"))
            continue
        if truncated(resp):  # an outlet page lists every post it ever had: newest first
            log.warning(
                "%s: listing %s is larger than max_bytes %d; only its head (the newest "
                "posts) is read",
                cfg.name,
                page_url,
                cfg.max_bytes,
            )
        listed = post_links(resp.content, page_url)
        for link in listed:
            links.setdefault(link, slug)
        first_read = page_url not in known_pages
        newest.update(listed[:FIRST_POLL_POSTS] if first_read else listed)
        older.update(listed[FIRST_POLL_POSTS:] if first_read else ())
        known_pages.add(page_url)
    if result.skipped and not links and len(result.skipped) == len(pages):
        raise SourceError("no listing page could be read: " + result.skipped[0].reason)
    # listings are newest first: what is below a page's window the first time it is read is
    # the archive, unless another page lists it within its window or was read before
    older -= newest

    poll = int(ctx.cursor.get("polls") or 0) + 1
    horizon = (datetime.now(UTC) - RECHECK_WINDOW).timestamp()
    recheck = {
        k: v for k, v in (ctx.cursor.get("recheck") or {}).items() if v.get("t", 0) >= horizon
    }
    # storage is asked about this poll's links and tracked posts only, never the whole set
    known = ctx.seen_many({*links, *recheck})
    tracked: dict[str, dict[str, Any]] = {
        k: dict(v) for k, v in recheck.items() if known.get(k) not in (None, GONE)
    }
    listed_known = sum(1 for link in links if link in known)
    result.archive = [link for link in links if link in older and link not in known]
    if result.archive:
        log.info(
            "%s: %d older posts of listing pages read for the first time recorded as the "
            "archive without fetching them (the newest %d of each such page are read)",
            cfg.name,
            len(result.archive),
            FIRST_POLL_POSTS,
        )
    try:
        edited = _recheck(client, cfg, known, links, tracked, poll)
    except SourceError as exc:  # asked to wait (`asks_to_wait`): no page more this poll
        _wait(cfg, result, exc)
        edited = []
    result.candidates.extend(edited)
    result.unchanged += listed_known - len(edited)

    missing: dict[str, int] = dict(ctx.cursor.get("missing") or {})
    still_missing: dict[str, int] = {}
    errors: dict[str, int] = dict(ctx.cursor.get("errors") or {})
    still_failing: dict[str, int] = {}
    # Listings are newest first; store oldest first so pushes arrive in order.
    for link, slug in reversed(links.items()):
        if link in known or link in older or result.retry_at is not None:
            continue
        try:
            resp = get(client, cfg, link)
            whole_page(resp)
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
        except BodyTooLarge as exc:  # as large on every try: one warning, never fetched again
            reason = f"{exc}; given up"
            result.skipped.append(Skipped(key=link, reason=reason, digest=GONE))
            continue
        except SourceError as exc:
            if asks_to_wait(exc):  # the site's rate limit: no more pages until then
                _wait(cfg, result, exc)
                continue
            # Timeout / 5xx on one page: logged when its streak starts, retried every poll;
            # a page that never arrives whole is given up like a vanished one.
            tries = errors.get(link, 0) + 1
            gone = isinstance(exc, PageIncomplete) and tries > cfg.missing_retries
            if gone:
                log.warning("%s: giving up on %s after %d tries: %s", cfg.name, link, tries, exc)
            else:
                still_failing[link] = tries
            result.skipped.append(
                Skipped(key=link, reason=str(exc), log=tries == 1, digest=GONE if gone else None)
            )
            continue
        found = _candidate(link, slug, resp)
        if isinstance(found, Candidate):
            result.candidates.append(found)
            _track(tracked, found, resp, poll)
        else:
            result.skipped.append(found)
    result.cursor = {
        **ctx.cursor,
        "missing": still_missing,
        "errors": still_failing,
        "recheck": tracked,
        "polls": poll,
        "listings": sorted(known_pages),
    }
    return result
