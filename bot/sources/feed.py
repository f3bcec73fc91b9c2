"""`feed` source: an Atom or RSS feed (the site's jekyll-feed `/feed.xml` or any news feed).

The bytes are fetched with httpx (conditional GET with the stored ETag and
Last-Modified; a 304 ends the poll at once) and parsed by feedparser. An entry's
own content (`content`, else `summary`) is used when present; otherwise the
entry's page is fetched and the post extracted from it like `jekyll-site` does.

jekyll-feed writes categories and tags alike as `<category term=...>`; on finews
categories are pinyin slugs and tags are Chinese outlet names (`每日经济新闻新闻`),
so ASCII terms become `categories` and the others `tags`.
"""

from __future__ import annotations

import calendar
import logging
import xml.sax
from datetime import UTC, datetime
from typing import Any

import feedparser
import httpx

from bot.config import SourceConfig
from bot.sources.base import (
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
)
from bot.sources.page import PageError, PageIncomplete, extract_post, filename_from_url, whole_page

log = logging.getLogger(__name__)


def _entry_date(entry: Any) -> str | None:
    for key in ("published", "updated", "created"):
        if entry.get(key):
            return str(entry[key])
    for key in ("published_parsed", "updated_parsed"):
        st = entry.get(key)
        if st:
            return datetime.fromtimestamp(calendar.timegm(st), UTC).isoformat()
    return None


def _entry_terms(entry: Any) -> tuple[list[str], list[str]]:
    cats: list[str] = []
    tags: list[str] = []
    for tag in entry.get("tags") or []:
        term = (tag.get("term") or "").strip()
        if not term:
            continue
        (cats if term.isascii() else tags).append(term)
    return cats, tags


def _entry_body(entry: Any) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value", "").strip():
            return str(content["value"])
    summary = entry.get("summary")
    if summary and summary.strip():
        return str(summary)
    return None


def _entry_key(entry: Any) -> str:
    """The entry's id, else its link, else its content: an RSS item may have neither
    guid nor link, and is then known by what it says (an edit makes it another item;
    its article id, from title and date, stays the same)."""
    if key := entry.get("id") or entry.get("link"):
        return str(key)
    content = (entry.get("title", ""), _entry_date(entry), _entry_body(entry))
    return "entry:" + digest_of(repr(content))[:24]


def _check_window(
    cfg: SourceConfig,
    ctx: PollContext,
    entries: list[Any],
    result: FetchResult,
    known: dict[str, str],
) -> None:
    """Flag a poll whose entries are all unseen: the feed lists only its newest N posts,
    so more than N new ones since the last poll means some were never listed to us.

    Logged once per streak of such polls, counted in the cursor (`stats`, `/metrics`),
    and `result.overflow` makes the scheduler (or `poll --once`) poll the `fallback`
    source at once to fill the gap.
    """
    keys = [_entry_key(e) for e in entries]
    overflow = bool(keys) and not ctx.first_poll and all(k not in known for k in keys)
    cursor = result.cursor
    if overflow:
        cursor["overflows"] = int(cursor.get("overflows") or 0) + 1
        if not cursor.get("overflowing"):
            fill = (
                f"polling {cfg.fallback!r} to fill the gap"
                if cfg.fallback
                else 'add a complete source (kind = "github") and fallback = "<its name>"'
            )
            log.warning(
                "%s: none of the feed's %d entries was seen before: posts published since "
                "the last poll may be missing from it; %s",
                cfg.name,
                len(keys),
                fill,
            )
    elif cursor.get("overflowing"):
        log.info("%s: the feed's window covers the new posts again", cfg.name)
    cursor["overflowing"] = overflow
    result.overflow = overflow


def fetch(client: httpx.Client, cfg: SourceConfig, ctx: PollContext) -> FetchResult:
    assert cfg.url
    headers: dict[str, str] = {}
    if ctx.etag:
        headers["If-None-Match"] = ctx.etag
    if ctx.last_modified:
        headers["If-Modified-Since"] = ctx.last_modified
    try:
        resp = get(client, cfg, cfg.url, headers=headers)
    except PostGone as exc:
        raise SourceError(f"feed not found: {exc}") from None
    if resp.status_code == 304:
        return FetchResult(not_modified=True, etag=ctx.etag, last_modified=ctx.last_modified)
    parsed = feedparser.parse(
        resp.content,
        response_headers={
            "content-location": str(resp.url),
            "content-type": resp.headers.get("Content-Type", "application/xml"),
        },
    )
    bozo = getattr(parsed, "bozo_exception", None)
    if parsed.bozo and (not parsed.entries or isinstance(bozo, xml.sax.SAXException)):
        # Not well-formed (e.g. truncated while the site rebuilds): entries feedparser
        # salvages may be cut short, so the poll fails and is retried as a whole.
        raise SourceError(f"malformed feed {cfg.url}: {bozo or 'not a feed'}")
    if not parsed.get("version") and not parsed.entries:
        raise SourceError(f"{cfg.url} is not an Atom/RSS feed")
    if parsed.bozo:
        log.info("%s: feed read despite: %s", cfg.name, bozo)
    result = FetchResult(
        etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified")
    )
    errors: dict[str, int] = dict(ctx.cursor.get("errors") or {})
    still_failing: dict[str, int] = {}
    result.cursor = {**ctx.cursor, "errors": still_failing}
    known = ctx.seen_many(_entry_key(e) for e in parsed.entries)
    _check_window(cfg, ctx, parsed.entries, result, known)
    # Feeds list the newest first; store the oldest first so pushes arrive in order.
    for entry in reversed(parsed.entries):
        key = _entry_key(entry)
        link = entry.get("link")
        cats, tags = _entry_terms(entry)
        meta: dict[str, Any] = {"title": entry.get("title", "")}
        if date := _entry_date(entry):
            meta["date"] = date
        if cats:
            meta["categories"] = cats
        if tags:
            meta["tags"] = tags
        body = _entry_body(entry)
        digest = digest_of(repr(sorted(meta.items())) + (body or ""))
        if known.get(key) == digest:
            result.unchanged += 1
            continue
        if body is None:
            if not link:  # nothing to read: skipped until the entry changes
                reason = "no content and no link"
                result.skipped.append(Skipped(key=key, reason=reason, digest=digest))
                continue
            try:
                page = extract_post(whole_page(get(client, cfg, link)))
            except PageError as exc:  # not a post: skipped until the entry changes
                result.skipped.append(Skipped(key=key, reason=f"entry page: {exc}", digest=digest))
                continue
            except BodyTooLarge as exc:  # as large on every try: given up at once
                reason = f"entry page: {exc}; given up until the entry changes"
                result.skipped.append(Skipped(key=key, reason=reason, digest=digest))
                continue
            except (PostGone, SourceError) as exc:  # logged once, retried next polls
                if asks_to_wait(exc):  # the site's rate limit: no more pages until then
                    result.retry_at, result.partial = exc.retry_at, True  # type: ignore[union-attr]
                    log.warning(
                        "%s: %s; the other entry pages are fetched after that", cfg.name, exc
                    )
                    break
                tries = errors.get(key, 0) + 1
                lost = isinstance(exc, PostGone | PageIncomplete)  # a 5xx: while listed
                gone = lost and tries > cfg.missing_retries
                if gone and isinstance(exc, PostGone):
                    log.info("%s: giving up on %s after %d misses", cfg.name, link, tries)
                elif gone:  # a post lost: the operator hears of it
                    log.warning(
                        "%s: giving up on %s after %d tries: %s", cfg.name, link, tries, exc
                    )
                else:
                    still_failing[key] = tries
                result.skipped.append(
                    Skipped(
                        key=key,
                        reason=f"entry page: {exc}",
                        log=tries == 1,
                        digest=digest if gone else None,
                    )
                )
                continue
            page_meta = page.meta()
            meta = {**page_meta, **{k: v for k, v in meta.items() if v}}
            body = page.body
        filename = filename_from_url(link) if link else None
        result.candidates.append(
            Candidate(key=key, digest=digest, meta=meta, body=body, url=link, filename=filename)
        )
    return result
