"""The GitHub REST calls of the `github` source: auth, rate limits, paging, cost.

Every API answer carries `X-RateLimit-Remaining` / `X-RateLimit-Reset`. A 403 or 429
that says the limit is spent (remaining 0, a `Retry-After`, or a message saying so: the
secondary limit, a 403 with budget left) is never retried inside
the poll: it raises `SourceError(retry_at=...)` and `bot.ingest` schedules the next poll
no earlier than the reset. The budget is remembered in the source's cursor, so a poll
that would start with none left fails at once without sending a request.

The token (`FINEWS_GITHUB_TOKEN`) only ever travels in the Authorization header: URLs,
error texts and the cursor never contain it, and it is registered with the log redactor.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx

from bot.config import SourceConfig
from bot.logs import register_secret
from bot.sources.base import SourceError, get

log = logging.getLogger(__name__)

API_VERSION = "2022-11-28"
JSON = "application/vnd.github+json"
SHA = "application/vnd.github.sha"  # `GET /commits/{ref}` answers the bare 40-hex SHA
RAW = "application/vnd.github.raw+json"
PER_PAGE = 100
COMPARE_FILES_CAP = 300  # the compare endpoint lists at most this many files
MAX_COMMIT_FILES = 3000  # and a commit's own listing at most this many
SECONDARY_WAIT = 60  # seconds, for a 429/403 that names neither a reset nor Retry-After


def blob_sha(data: bytes) -> str:
    """Git's blob id of these bytes: what GitHub lists as a file's `sha`."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _epoch(value: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), UTC) if value else None
    except (TypeError, ValueError, OverflowError):
        return None


@dataclass(slots=True)
class GitHub:
    """One poll's session with the API; counts the requests and bytes it costs."""

    client: httpx.Client
    cfg: SourceConfig
    token: str | None = None
    remaining: int | None = None
    reset: datetime | None = None
    requests: int = 0
    bytes: int = 0

    @classmethod
    def open(
        cls, client: httpx.Client, cfg: SourceConfig, token: str | None, rate: dict[str, Any]
    ) -> GitHub:
        token = (token or "").strip() or None
        if token:
            register_secret(token)
        reset = _epoch(str(rate.get("reset") or ""))
        return cls(client, cfg, token, rate.get("remaining"), reset)

    def rate(self) -> dict[str, Any]:
        reset = int(self.reset.timestamp()) if self.reset else None
        return {"remaining": self.remaining, "reset": reset}

    def cost(self) -> dict[str, int]:
        return {"requests": self.requests, "bytes": self.bytes}

    def repo_url(self, tail: str) -> str:
        return f"{self.cfg.api_url.rstrip('/')}/repos/{self.cfg.repo}/{tail}"

    def _headers(self, accept: str, etag: str | None) -> dict[str, str]:
        headers = {"Accept": accept, "X-GitHub-Api-Version": API_VERSION}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if etag:
            headers["If-None-Match"] = etag
        return headers

    def _spent(self, now: datetime) -> bool:
        return self.remaining == 0 and self.reset is not None and self.reset > now

    def _limited(self, until: datetime, why: str) -> SourceError:
        self.remaining, self.reset = 0, until
        hint = "" if self.token else "; a token (FINEWS_GITHUB_TOKEN) raises the limit"
        return SourceError(f"GitHub {why} until {until:%H:%M:%S} UTC{hint}", retry_at=until)

    def request(
        self,
        url: str,
        *,
        accept: str = JSON,
        etag: str | None = None,
        params: dict[str, Any] | None = None,
        api: bool = True,
    ) -> httpx.Response:
        """GET one URL; 2xx/304 answers come back, rate limits raise with `retry_at`."""
        now = datetime.now(UTC)
        if api and self._spent(now):
            assert self.reset is not None
            raise self._limited(self.reset, "rate limit spent")
        resp = get(
            self.client,
            self.cfg,
            url,
            headers=self._headers(accept, etag),
            params=params,
            passthrough=(403, 429),
        )
        self.requests += 1
        self.bytes += len(resp.content)
        if api and resp.headers.get("X-RateLimit-Remaining", "").isdigit():
            self.remaining = int(resp.headers["X-RateLimit-Remaining"])
            self.reset = _epoch(resp.headers.get("X-RateLimit-Reset")) or self.reset
        if resp.status_code in (403, 429):
            retry_after = resp.headers.get("Retry-After", "")
            if retry_after.isdigit():
                raise self._limited(now + timedelta(seconds=int(retry_after)), "asks to wait")
            if self.remaining == 0 and self.reset is not None:
                raise self._limited(self.reset, "rate limit spent")
            if resp.status_code == 429 or b"rate limit" in resp.content.lower():
                # GitHub's secondary limit: a 403 with budget left, said in its message;
                # GitHub asks to wait a minute at least (not a matter of access)
                why = "secondary rate limit" if resp.status_code == 403 else "rate limited"
                raise self._limited(now + timedelta(seconds=SECONDARY_WAIT), why)
            raise SourceError(
                f"GET {url}: HTTP 403 (no access: check repo and FINEWS_GITHUB_TOKEN)"
            )
        return resp

    def json(self, url: str, params: dict[str, Any] | None = None) -> Any:
        resp = self.request(url, params=params)
        try:
            return resp.json()
        except ValueError as exc:
            raise SourceError(f"GET {url}: answer is not JSON ({exc})") from None

    def pages(
        self, url: str, params: dict[str, Any], limit: int, key: str | None = None
    ) -> list[Any]:
        """The items of a paged answer (the list itself, or its `key` field), following
        `Link: rel="next"`, at most `limit`."""
        items: list[Any] = []
        next_url: str | None = url
        first = True
        while next_url and len(items) < limit:
            resp = self.request(next_url, params=params if first else None)
            first = False
            try:
                page = resp.json()
                page = (page.get(key) or []) if key is not None else page
            except (ValueError, AttributeError):
                page = None
            if not isinstance(page, list):
                raise SourceError(f"GET {next_url}: unexpected answer")
            items.extend(page)
            next_url = resp.links.get("next", {}).get("url")
        return items[:limit]

    # -- the calls the source makes ---------------------------------------------
    def default_branch(self) -> str:
        data = self.json(f"{self.cfg.api_url.rstrip('/')}/repos/{self.cfg.repo}")
        return str(data.get("default_branch") or "main")

    def head(self, branch: str, etag: str | None) -> tuple[str | None, str | None]:
        """(head SHA, ETag) of the branch; (None, etag) when unchanged (one 304)."""
        resp = self.request(
            self.repo_url(f"commits/{quote(branch, safe='')}"), accept=SHA, etag=etag
        )
        if resp.status_code == 304:
            return None, etag
        sha = resp.text.strip()
        if len(sha) != 40:
            raise SourceError(f"{self.cfg.repo}@{branch}: unexpected head answer {sha[:60]!r}")
        # Without an ETag header, the SHA itself is one (GitHub documents `"<sha>"`).
        return sha, resp.headers.get("ETag") or f'"{sha}"'

    def compare(self, base: str, head: str) -> dict[str, Any]:
        """First page of `compare/base...head` (status, files <= 300, first commits)."""
        return self.json(self.repo_url(f"compare/{base}...{head}"), {"per_page": PER_PAGE})

    def compare_commits(self, base: str, head: str, total: int) -> list[dict[str, Any]]:
        """Every commit of the range, oldest first (the compare answer pages its commits)."""
        url = self.repo_url(f"compare/{base}...{head}")
        commits: list[dict[str, Any]] = []
        page = 1
        while len(commits) < total:
            batch = self.json(url, {"per_page": PER_PAGE, "page": page}).get("commits") or []
            if not batch:
                break
            commits.extend(batch)
            page += 1
        return commits

    def commit_files(self, sha: str) -> list[dict[str, Any]]:
        """A commit's changed files, every page of them (GitHub caps a commit at 3000)."""
        url = self.repo_url(f"commits/{sha}")
        return self.pages(url, {"per_page": PER_PAGE}, limit=MAX_COMMIT_FILES, key="files")

    def recent_commits(self, head: str, path: str, n: int) -> list[dict[str, Any]]:
        """The newest `n` commits reachable from head that touched `path`, newest first."""
        return self.pages(
            self.repo_url("commits"), {"sha": head, "path": path, "per_page": n}, limit=n
        )

    def raw(self, ref: str, path: str) -> bytes:
        """A file's bytes at `ref`: from the raw host, or the contents API when none is set."""
        if self.cfg.raw_url:
            url = f"{self.cfg.raw_url.rstrip('/')}/{self.cfg.repo}/{ref}/{quote(path)}"
            return self.request(url, accept="*/*", api=False).content
        url = self.repo_url(f"contents/{quote(path)}")
        return self.request(url, accept=RAW, params={"ref": ref}).content
