"""A fake GitHub REST API (and raw file host) on 127.0.0.1 for the `github` source tests.

One repository (`zning1994/finews`, branch `main`) kept as commits with full tree
snapshots, served the way api.github.com answers the calls the source makes:

- ``GET /repos/{o}/{r}``: ``default_branch``;
- ``GET /repos/{o}/{r}/commits/{ref}``: with ``Accept: application/vnd.github.sha`` the
  bare SHA, ``ETag`` and 304 to a matching ``If-None-Match``; else the commit's JSON with
  its ``files`` paged by ``per_page`` (``Link: rel="next"``);
- ``GET /repos/{o}/{r}/commits?sha=&path=&per_page=``: the history, newest first;
- ``GET /repos/{o}/{r}/compare/{base}...{head}``: ``status`` (ahead / behind / diverged /
  identical), ``total_commits``, ``commits`` paged oldest first, ``files`` (net diff, at
  most 300, first page only), each file with ``status``, blob ``sha`` and ``patch``;
  404 for a base the repository does not have (e.g. after a force-push);
- ``GET /repos/{o}/{r}/contents/{path}?ref=`` with the raw media type, and
  ``GET /raw/{o}/{r}/{ref}/{path}`` (the raw host): a file's bytes.

Every API answer carries ``X-RateLimit-Remaining`` / ``X-RateLimit-Reset``; when the
budget is spent the API answers 403 until the reset, ``retry_after(seconds)`` makes the
next API answer a 429 with ``Retry-After``; ``garble(path, data, times)`` makes the file
host (raw or contents) answer other bytes for a file, 200 all the same (a body cut short by
a proxy, a CDN's empty page). ``hits`` counts requests per route,
``bytes_sent`` the body bytes, ``requests`` every request (path, status, headers).
Posts to commit: `make_posts` (tests/fakes/posts.py).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from tests.fakes.posts import make_post, make_posts, templates

CST = timezone(timedelta(hours=8))
REPO = "zning1994/finews"
COMPARE_FILES_CAP = 300


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


@dataclass
class Commit:
    sha: str
    parent: str | None
    tree: dict[str, bytes]
    message: str
    date: datetime


@dataclass
class FakeGitHub:
    """The API. Use as a context manager, or call start()/stop()."""

    branch: str = "main"
    limit: int = 5000
    patches: bool = True  # send an added file's whole text as its patch, like GitHub
    commits: dict[str, Commit] = field(default_factory=dict)
    head: str | None = None

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._n = 0
        self.remaining = self.limit
        self.reset_at = int(time.time()) + 3600
        self._retry_after: int | None = None
        self._raw_retry_after: int | None = None
        self._secondary = False
        self._garbled: dict[str, list] = {}  # path -> [bytes served instead, times left]
        self.hits: Counter[str] = Counter()
        self.bytes_sent = 0
        self.requests: list[tuple[str, int, dict[str, str]]] = []
        self._server: ThreadingHTTPServer | None = None

    # -- controls ---------------------------------------------------------------
    def commit(
        self, add: dict[str, bytes] | None = None, remove: tuple[str, ...] = (), message: str = ""
    ) -> str:
        """A new commit on the branch: files written (added or changed) and removed."""
        with self._lock:
            tree = dict(self.commits[self.head].tree) if self.head else {}
            tree.update(add or {})
            for path in remove:
                tree.pop(path, None)
            return self._new(self.head, tree, message)

    def force_push(self, tree: dict[str, bytes], message: str = "squash", gc: bool = False) -> str:
        """History rewritten: the branch now points at a new root commit with `tree`.
        `gc`: the old commits are gone too (compare against them answers 404)."""
        with self._lock:
            if gc:
                self.commits.clear()
            return self._new(None, dict(tree), message)

    def spend(self, remaining: int, reset_in: float) -> None:
        """Set the rate-limit budget; it refills `reset_in` seconds from now."""
        with self._lock:
            self.remaining = remaining
            self.reset_at = int(time.time() + reset_in)

    def retry_after(self, seconds: int) -> None:
        with self._lock:
            self._retry_after = seconds

    def secondary_limit(self) -> None:
        """The next API answer is GitHub's secondary rate limit: a 403 with budget left and
        no `Retry-After`, saying so only in its message."""
        with self._lock:
            self._secondary = True

    def raw_retry_after(self, seconds: int) -> None:
        """The file host's next answer is a 429 with `Retry-After` (its own rate limit)."""
        with self._lock:
            self._raw_retry_after = seconds

    def garble(self, path: str, data: bytes, times: int | None = 1) -> None:
        """The next `times` reads of `path` (None: every read) answer `data`, status 200."""
        with self._lock:
            self._garbled[path] = [data, times]

    def _file(self, tree: dict[str, bytes], path: str) -> bytes | None:
        garbled = self._garbled.get(path)
        if garbled is None:
            return tree.get(path)
        if garbled[1] is not None:
            garbled[1] -= 1
            if garbled[1] <= 0:
                del self._garbled[path]
        return garbled[0]

    def tree(self) -> dict[str, bytes]:
        return dict(self.commits[self.head].tree) if self.head else {}

    def _new(self, parent: str | None, tree: dict[str, bytes], message: str) -> str:
        self._n += 1
        sha = hashlib.sha1(f"{parent}\n{message}\n{self._n}".encode()).hexdigest()
        self.commits[sha] = Commit(sha, parent, tree, message or f"commit {self._n}", _now())
        self.head = sha
        return sha

    # -- git logic ----------------------------------------------------------------
    def _history(self, sha: str) -> list[Commit]:
        out: list[Commit] = []
        cur: str | None = sha
        while cur is not None:
            out.append(self.commits[cur])
            cur = self.commits[cur].parent
        return out  # newest first

    def _resolve(self, ref: str) -> str | None:
        if ref in (self.branch, "HEAD"):
            return self.head
        return ref if ref in self.commits else None

    def _files(self, old: dict[str, bytes], new: dict[str, bytes]) -> list[dict]:
        files = []
        for path in sorted(set(old) | set(new)):
            a, b = old.get(path), new.get(path)
            if a == b:
                continue
            if b is None:
                files.append({"filename": path, "status": "removed", "sha": blob_sha(a or b"")})
                continue
            entry = {"filename": path, "status": "added" if a is None else "modified"}
            entry["sha"] = blob_sha(b)
            if self.patches:
                entry["patch"] = _patch(a, b)
            files.append(entry)
        return files

    def _commit_json(self, c: Commit, files: list[dict] | None = None) -> dict:
        body: dict = {
            "sha": c.sha,
            "commit": {"message": c.message, "committer": {"date": c.date.isoformat()}},
            "parents": [{"sha": c.parent}] if c.parent else [],
        }
        if files is not None:
            body["files"] = files
        return body

    # -- server -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "fake GitHub not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def raw_url(self) -> str:
        return self.base_url + "/raw"

    def start(self) -> FakeGitHub:
        gh = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms stall

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                gh._handle(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        split = urlsplit(req.path)
        path, query = unquote(split.path), {k: v[-1] for k, v in parse_qs(split.query).items()}
        headers = {k.lower(): v for k, v in req.headers.items()}
        with self._lock:
            if path.startswith("/raw/"):
                status, hdrs, body = self._raw(path)
                route = "raw"
            else:
                route = _route_name(path)
                status, hdrs, body = self._api(path, query, headers)
            self.hits[route] += 1
            self.bytes_sent += len(body)
            self.requests.append((req.path, status, headers))
        try:
            req.send_response(status)
            for k, v in hdrs.items():
                req.send_header(k, v)
            req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            if body:
                req.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _raw(self, path: str) -> tuple[int, dict[str, str], bytes]:
        if self._raw_retry_after is not None:
            wait, self._raw_retry_after = self._raw_retry_after, None
            return 429, {"Retry-After": str(wait)}, b"429: Too Many Requests"
        m = re.fullmatch(rf"/raw/{REPO}/([^/]+)/(.+)", path)
        sha = self._resolve(m.group(1)) if m else None
        data = self._file(self.commits[sha].tree, m.group(2)) if sha and m else None
        if data is None:
            return 404, {"Content-Type": "text/plain"}, b"404: Not Found"
        return 200, {"Content-Type": "text/plain; charset=utf-8"}, data

    def _api(
        self, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        now = time.time()
        if now >= self.reset_at:
            self.remaining, self.reset_at = self.limit, int(now + 3600)
        rate = {"X-RateLimit-Limit": str(self.limit), "X-RateLimit-Reset": str(self.reset_at)}
        if self._retry_after is not None:
            wait, self._retry_after = self._retry_after, None
            rate["X-RateLimit-Remaining"] = str(self.remaining)
            return 429, {**rate, "Retry-After": str(wait)}, b'{"message": "secondary limit"}'
        if self._secondary:
            self._secondary = False
            rate["X-RateLimit-Remaining"] = str(self.remaining)
            says = "You have exceeded a secondary rate limit. Please wait a few minutes."
            return 403, rate, json.dumps({"message": says}).encode()
        if self.remaining <= 0:
            rate["X-RateLimit-Remaining"] = "0"
            return 403, rate, b'{"message": "API rate limit exceeded"}'
        self.remaining -= 1
        rate["X-RateLimit-Remaining"] = str(self.remaining)
        status, extra, body = self._answer(path, query, headers)
        return status, {**rate, **extra}, body

    def _answer(
        self, path: str, query: dict[str, str], headers: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        prefix = f"/repos/{REPO}"
        if path == prefix:
            return _json({"full_name": REPO, "default_branch": self.branch})
        if not path.startswith(prefix + "/"):
            return _not_found()
        rest = path[len(prefix) + 1 :]
        accept = headers.get("accept", "")
        if m := re.fullmatch(r"commits/([^/]+)", rest):
            sha = self._resolve(m.group(1))
            if sha is None:
                return _not_found()
            if "vnd.github.sha" in accept:
                etag = f'"{sha}"'
                if headers.get("if-none-match") == etag:
                    return 304, {"ETag": etag}, b""
                return 200, {"ETag": etag, "Content-Type": "text/plain"}, sha.encode()
            c = self.commits[sha]
            old = self.commits[c.parent].tree if c.parent else {}
            files, link = _page(
                self._files(old, c.tree), query, f"{self.base_url}{prefix}/commits/{sha}"
            )
            return _json(self._commit_json(c, files), link)
        if rest == "commits":
            sha = self._resolve(query.get("sha", self.branch))
            if sha is None:
                return _not_found()
            under = query.get("path", "").rstrip("/") + "/" if query.get("path") else ""
            touched = [
                c
                for c in self._history(sha)
                if not under
                or any(
                    f["filename"].startswith(under)
                    for f in self._files(self.commits[c.parent].tree if c.parent else {}, c.tree)
                )
            ]
            page, link = _page(touched, query, f"{self.base_url}{prefix}/commits", dict(query))
            return _json([self._commit_json(c) for c in page], link)
        if m := re.fullmatch(r"compare/([0-9a-zA-Z_.-]+)\.\.\.([0-9a-zA-Z_.-]+)", rest):
            return self._compare(m.group(1), m.group(2), query)
        if m := re.fullmatch(r"contents/(.+)", rest):
            sha = self._resolve(query.get("ref", self.branch))
            data = self._file(self.commits[sha].tree, m.group(1)) if sha else None
            if data is None or "raw" not in accept:
                return _not_found()
            return 200, {"Content-Type": "application/vnd.github.raw"}, data
        return _not_found()

    def _compare(
        self, base_ref: str, head_ref: str, query: dict[str, str]
    ) -> tuple[int, dict[str, str], bytes]:
        base, head = self._resolve(base_ref), self._resolve(head_ref)
        if base is None or head is None:
            return _not_found()
        head_hist = [c.sha for c in self._history(head)]
        base_hist = [c.sha for c in self._history(base)]
        if base == head:
            status, commits = "identical", []
        elif base in head_hist:
            status = "ahead"
            commits = [self.commits[s] for s in reversed(head_hist[: head_hist.index(base)])]
        elif head in base_hist:
            status, commits = "behind", []
        else:
            status = "diverged"
            shared = next((s for s in head_hist if s in base_hist), None)
            cut = head_hist.index(shared) if shared else len(head_hist)
            commits = [self.commits[s] for s in reversed(head_hist[:cut])]
        per_page = int(query.get("per_page", 250))
        page_no = int(query.get("page", 1))
        chunk = commits[(page_no - 1) * per_page : page_no * per_page]
        files = self._files(self.commits[base].tree, self.commits[head].tree)
        body = {
            "status": status,
            "ahead_by": len(commits),
            "total_commits": len(commits),
            "commits": [self._commit_json(c) for c in chunk],
            "files": files[:COMPARE_FILES_CAP] if page_no == 1 else [],
        }
        return _json(body)


def _route_name(path: str) -> str:
    rest = path.removeprefix(f"/repos/{REPO}").strip("/")
    if not rest:
        return "repo"
    if rest.startswith("commits/"):
        return "commit"
    return rest.split("/", 1)[0]  # commits, compare, contents


def _page(
    items: list, query: dict[str, str], path: str, extra: dict[str, str] | None = None
) -> tuple[list, str | None]:
    per_page = int(query.get("per_page", 30))
    page_no = int(query.get("page", 1))
    chunk = items[(page_no - 1) * per_page : page_no * per_page]
    if page_no * per_page >= len(items):
        return chunk, None
    params = {**(extra or {}), "per_page": str(per_page), "page": str(page_no + 1)}
    qs = "&".join(f"{k}={v}" for k, v in params.items())
    return chunk, f"<{path}?{qs}>"


def _json(data: object, link: str | None = None) -> tuple[int, dict[str, str], bytes]:
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if link:
        headers["Link"] = link + '; rel="next"'
    return 200, headers, json.dumps(data, ensure_ascii=False).encode()


def _not_found() -> tuple[int, dict[str, str], bytes]:
    return 404, {"Content-Type": "application/json"}, b'{"message": "Not Found"}'


def _patch(old: bytes | None, new: bytes) -> str:
    """A unified diff as GitHub lists it: an added file's patch is its whole text."""
    text = new.decode("utf-8", errors="replace")
    lines = text.split("\n")
    tail = lines.pop() if lines else ""
    end = "" if tail == "" else None
    if end is None:
        lines.append(tail)
    body = "\n".join("+" + line for line in lines)
    if end is None:
        body += "\n\\ No newline at end of file"
    if old is None:
        return f"@@ -0,0 +1,{len(lines)} @@\n" + body
    return f"@@ -1,1 +1,{len(lines)} @@\n-(old)\n" + body


def _now() -> datetime:
    return datetime.now(CST).replace(microsecond=0)


__all__ = ["FakeGitHub", "make_post", "make_posts", "templates"]
