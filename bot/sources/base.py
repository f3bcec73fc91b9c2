"""What every source hands to the ingest loop, and the HTTP helper they share.

A source only fetches: it returns `Candidate`s (one per post it found, raw file
text or meta + rendered body) and the new poll state. Parsing, dedup, storing
and backoff bookkeeping live in `bot.ingest` (`bot.ingest_state`), so every source gets them alike.

HTTP is synchronous `httpx.Client`: `poll_source` is a plain function (used by
the CLI), and the scheduler runs it in a worker thread so the Telegram event
loop never blocks. Single requests are retried inside the poll with tenacity
(short waits); slower cross-poll backoff is `bot.ingest`'s job. Each GET, its retries
included, ends by the source's `deadline` (`bot.sources.deadline`), however slowly the
server trickles its headers or body. A 429 or 503 whose
`Retry-After` asks for a longer wait than those ends the poll at once, with that
time (at most the source's `max_backoff`) as the earliest next poll.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

import httpx
from tenacity import (
    RetryCallState,
    retry,
    stop_after_attempt,
    wait_exponential,
)

from bot.config import SourceConfig
from bot.sources.deadline import install, passed, within
from bot.sources.inflate import ENCODINGS, Inflater, Overflow

log = logging.getLogger(__name__)

GONE = "gone"  # digest recorded for a post given up on (404 for too many polls)
ARCHIVE = "archive"  # digest recorded for a listed post a first poll left unread (the archive)

USER_AGENT = "finews-bot/0.1 (+https://github.com/zning1994/finews)"


class SourceError(Exception):
    """The whole poll of a source failed (network, 5xx, unreadable feed).

    The message is for the operator and is logged with the source name. `retry_at`,
    when the server said when to come back (a rate limit's reset), is the next poll,
    in place of the backoff's; with `floor` it is only the earliest (a `Retry-After`:
    a server that always asks for a short wait does not undo the backoff).
    """

    def __init__(
        self, message: str, retry_at: datetime | None = None, *, floor: bool = False
    ) -> None:
        super().__init__(message)
        self.retry_at = retry_at
        self.floor = floor


def asks_to_wait(exc: BaseException) -> bool:
    """A `SourceError` from a 429/503 saying when to come back (`get`'s `Retry-After`):
    the server's, not the page's; asking for more pages now only draws more of them."""
    return isinstance(exc, SourceError) and exc.floor and exc.retry_at is not None


class PostGone(Exception):
    """A listed post returned 404/410 when fetched (deleted between listing and fetch)."""


class BodyTooLarge(SourceError):
    """An answer larger than the source's `max_bytes`: as large on every try, so a post's
    file or page is given up at once (recorded until it changes, one warning) rather
    than fetched again on every poll; a feed, listing or API answer fails the poll."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """One post as the source found it, before parsing.

    Either `text` (a whole Jekyll file) or `meta` + `body` (feed entry, rendered page).
    `key` identifies it within its source (file path, post URL); `digest` changes when
    its content changes, so unchanged items are skipped without parsing.
    """

    key: str
    digest: str
    text: str | None = None
    meta: dict[str, Any] | None = None
    body: str | None = None
    url: str | None = None
    filename: str | None = None
    # When the post was first available (a file's mtime), for posts without a usable date:
    # stable across re-reads, so an undated file is not "changed" on every poll.
    seen_at: datetime | None = None


@dataclass(slots=True)
class Skipped:
    """An item the source could not fetch or read this time.

    `log` False when the source already reported this item (a vanished post is
    logged on its first miss only, then retried quietly). With `digest` set the item
    is recorded as seen (malformed content): it is not retried until it changes.
    """

    key: str
    reason: str
    log: bool = True
    digest: str | None = None


@dataclass(slots=True)
class FetchResult:
    """A source's answer to one poll."""

    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    not_modified: bool = False
    unchanged: int = 0  # items already stored with the same digest
    on_stored: Callable[[], None] | None = None  # called once the poll's items are committed
    # Called with the key of a candidate that could not be stored, before the cursor is
    # saved: a source whose cursor moves past its items (github) offers it again later.
    retry_later: Callable[[str], None] | None = None
    etag: str | None = None
    last_modified: str | None = None
    cursor: dict[str, Any] = field(default_factory=dict)
    # The feed's window overflowed: none of its entries was seen before, so posts may
    # have been missed; poll_source's callers then poll the feed's `fallback` source.
    overflow: bool = False
    # A page answered 429/503 with `Retry-After`: the poll stopped asking for more pages,
    # and the source is not polled again before this (what was fetched is stored).
    retry_at: datetime | None = None
    # The poll stopped before reading all it found (a rate limit): a first poll is not done
    # until the rest is read, so that rest is stored as the archive too, not pushed.
    partial: bool = False
    # Keys a first poll found listed but did not read (older than its window): recorded as
    # seen (digest `ARCHIVE`) in one go, so they are never fetched nor pushed.
    archive: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PollContext:
    """What a source may know about its past: conditional-GET validators, the
    keys/digests it has already seen, and its free-form cursor.

    Seen items are asked for by key (`seen_many` with the keys of this poll, in one
    go): a source's seen set can hold every post of the site, and is never loaded whole.
    """

    etag: str | None = None
    last_modified: str | None = None
    cursor: dict[str, Any] = field(default_factory=dict)
    # keys -> {key: stored digest} for the seen ones among them
    seen_many: Callable[[Iterable[str]], dict[str, str]] = lambda keys: {}
    seen_count: Callable[[], int] = lambda: 0  # how many items this source has seen
    first_poll: bool = False  # no successful poll yet: what it finds is the archive


def digest_of(data: str | bytes) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    return hashlib.sha256(data).hexdigest()


def _retryable(exc: BaseException) -> bool:
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    return isinstance(exc, httpx.TransportError)


def asked_wait(exc: BaseException | None, now: datetime | None = None) -> int | None:
    """Seconds a 429 or 503 asks the client to wait (`Retry-After`: delay-seconds or an
    HTTP date; a date passed is 0), None when it does not say or cannot be read."""
    if not isinstance(exc, httpx.HTTPStatusError) or exc.response.status_code not in (429, 503):
        return None
    value = exc.response.headers.get("Retry-After", "").strip()
    if value.isdigit():
        return min(int(value), 10**9)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0, int((when - (now or datetime.now(UTC))).total_seconds() + 0.999))


def make_client(cfg: SourceConfig) -> httpx.Client:
    """The source's client: `timeout` per socket operation; `get` sets each request's
    deadline (the pools are put under it here)."""
    return install(
        httpx.Client(
            timeout=httpx.Timeout(cfg.timeout),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": ", ".join(ENCODINGS)},
        )
    )


def get(
    client: httpx.Client,
    cfg: SourceConfig,
    url: str,
    headers: dict[str, str] | None = None,
    params: dict[str, Any] | None = None,
    passthrough: tuple[int, ...] = (),
    head: bool = False,
) -> httpx.Response:
    """GET with in-poll retries on timeouts, transport errors, 5xx and 429, all of it
    within the source's `deadline` (no retry that could not end before it).

    Returns 2xx/304 responses and those with a `passthrough` status (answered as they
    are, never retried: the caller reads them, e.g. a rate limit's reset time); raises
    `PostGone` on 404/410, `BodyTooLarge` past `max_bytes`, `SourceError` otherwise.
    With `head`, a larger body is cut at `max_bytes` instead (`truncated(resp)`): a listing
    newest first whose head is what counts.
    """

    in_poll = max(cfg.retry_wait * 8, 0.1)  # the longest wait between in-poll tries
    backoff = wait_exponential(multiplier=cfg.retry_wait, max=in_poll)
    until = time.monotonic() + cfg.deadline

    def _before_sleep(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.debug("%s: retrying %s after %s", cfg.name, url, describe(exc))

    def _wait(state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        return max(backoff(state), asked_wait(exc) or 0)

    def _again(state: RetryCallState) -> bool:
        exc = state.outcome.exception() if state.outcome else None
        if exc is None or isinstance(exc, PastDeadline) or not _retryable(exc):
            return False
        wait = asked_wait(exc)
        return (wait is None or wait <= in_poll) and time.monotonic() + _wait(state) < until

    @retry(
        retry=_again,
        stop=stop_after_attempt(cfg.retries + 1),
        wait=_wait,
        before_sleep=_before_sleep,
        reraise=True,
    )
    def _once() -> httpx.Response:
        resp = read_capped(
            client, url, headers, cfg.max_bytes, params, cfg.deadline, until, head=head
        )
        if resp.status_code in passthrough:
            return resp
        if resp.status_code >= 400 and resp.status_code not in (404, 410):
            resp.raise_for_status()
        return resp

    try:
        resp = _once()
    except TooLarge as exc:
        raise BodyTooLarge(f"GET {url}: {exc}") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        wait = asked_wait(exc)
        if wait is None:
            raise SourceError(f"GET {url}: {describe(exc)}") from exc
        # Bounded as the backoff is: an absurd Retry-After does not stop the source for ever.
        until = datetime.now(UTC) + timedelta(seconds=min(wait, max(cfg.max_backoff, cfg.interval)))
        reason = f"GET {url}: {describe(exc)}, asks to wait {wait} s"
        raise SourceError(reason, retry_at=until, floor=True) from exc
    if resp.status_code in (404, 410):
        raise PostGone(f"GET {url}: HTTP {resp.status_code}")
    return resp


class PastDeadline(httpx.TimeoutException):
    """The answer was not read whole by the request's deadline (a server trickling its
    headers or body, or answering too slowly); never retried: the time is up."""


class TooLarge(httpx.HTTPError):
    """The body passed the source's `max_bytes` (a runaway or hostile server)."""


def read_capped(
    client: httpx.Client,
    url: str,
    headers: dict[str, str] | None,
    max_bytes: int,
    params: dict[str, Any] | None = None,
    seconds: float | None = None,
    until: float | None = None,
    *,
    head: bool = False,
) -> httpx.Response:
    """GET reading at most `max_bytes` of (decoded) body, like miniflux's
    `ReadBody(maxBodySize)`: a huge or endless answer fails the request instead of
    filling the memory, and so does a compressed one that would inflate past it
    (`Inflater` decodes within the bytes still allowed). Returns a response holding the
    body it read.

    httpx's timeouts bound each socket operation, not the request: a server that
    trickles a byte just inside the read timeout would hold the poll for as long as it
    likes. With `seconds`, an answer not read whole that long after the request started
    (or by `until`, a `time.monotonic()` of the caller's) fails it with `PastDeadline`."""
    if until is None and seconds:
        until = time.monotonic() + seconds
    with within(until):
        return _read_capped(client, url, headers, max_bytes, params, seconds or 0, head)


def _past(part: str, seconds: float, request: httpx.Request | None) -> PastDeadline:
    return PastDeadline(f"{part} within the {seconds:g} s deadline", request=request)


def _read_capped(
    client: httpx.Client,
    url: str,
    headers: dict[str, str] | None,
    max_bytes: int,
    params: dict[str, Any] | None,
    seconds: float,
    head: bool = False,
) -> httpx.Response:
    try:
        with client.stream("GET", url, headers=headers, params=params) as resp:
            return _read_body(resp, max_bytes, seconds, head)
    except httpx.TimeoutException as exc:
        if isinstance(exc, PastDeadline) or not passed():
            raise
        # a connection (name resolution included) or the headers that never came
        part = "not connected" if isinstance(exc, httpx.ConnectTimeout) else "no response headers"
        raise _past(part, seconds, getattr(exc, "_request", None)) from None


def _read_body(
    resp: httpx.Response, max_bytes: int, seconds: float, head: bool = False
) -> httpx.Response:
    try:
        return _read_whole(resp, max_bytes, head)
    except httpx.TimeoutException:
        if not passed():
            raise
        raise _past("body not read whole", seconds, resp.request) from None


def truncated(resp: httpx.Response) -> bool:
    """True when `get(..., head=True)` cut the body at `max_bytes`."""
    return bool(resp.extensions.get("truncated"))


def _read_whole(resp: httpx.Response, max_bytes: int, head: bool = False) -> httpx.Response:
    declared = resp.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes and not head:
        raise TooLarge(f"body of {declared} bytes > max_bytes {max_bytes}")
    # A response built whole (a mock transport's) was decoded by httpx already.
    read = resp.is_stream_consumed
    inflater = Inflater("" if read else ", ".join(resp.headers.get_list("content-encoding")))
    chunks, size, cut = [], 0, False
    for raw in [resp.content] if read else resp.iter_raw():
        if passed():  # the bytes keep coming, each read in time
            raise httpx.ReadTimeout("the request's deadline passed", request=resp.request)
        try:
            chunk = inflater.feed(raw, max_bytes - size)
        except Overflow:
            if not head:
                raise TooLarge(f"body larger than max_bytes {max_bytes}") from None
            # a plain chunk's part that fits is kept; a compressed one that overflowed is not
            chunk, cut = (b"" if inflater.layers else raw[: max_bytes - size]), True
        size += len(chunk)
        chunks.append(chunk)
        if cut:
            break
    keep = {
        k: v
        for k, v in resp.headers.items()
        if k.lower() not in ("content-encoding", "content-length")
    }
    out = httpx.Response(
        resp.status_code,
        headers=keep,
        content=b"".join(chunks),
        request=resp.request,
        extensions={"truncated": True} if cut else {},
    )
    out.history = resp.history
    return out


def describe(exc: BaseException | None) -> str:
    """Short operator-facing reason for an HTTP failure."""
    if exc is None:
        return "unknown error"
    if isinstance(exc, PastDeadline):
        return f"timeout ({exc})"
    if isinstance(exc, httpx.TimeoutException):
        return f"timeout ({type(exc).__name__})"
    if isinstance(exc, httpx.HTTPStatusError):
        return f"HTTP {exc.response.status_code}"
    text = str(exc) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:300]
