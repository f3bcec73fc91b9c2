"""A fake finews Jekyll site on 127.0.0.1 for source tests: real HTTP, real sockets.

Serves posts (Jekyll files: front matter + body) the way the built site does:

- ``/feed.xml``: Atom as jekyll-feed writes it (newest first, ``feed_limit`` entries,
  ``<category term>`` for the category and the tag, ``<content type="html">``), with
  ``ETag`` / ``Last-Modified`` and 304 answers to ``If-None-Match`` / ``If-Modified-Since``;
- ``/`` (home) and ``/category/<slug>.html``: lists of post links (``ul.post-list``);
- ``/<yyyy>/<mm>/<dd>/<name>.html``: the post page like the minima theme (``h1.post-title``,
  ``time[datetime]``, ``div.post-content``), with a category link in the post meta, and
  ``ETag`` / ``Last-Modified`` / 304 like the feed. The validators change when the post is
  edited, and on every page when the site is rebuilt (as static hosts do on each build).

Controls for failure tests: ``add``/``remove``/``edit`` posts between polls, ``rebuild``,
``fail(path, status,
times)``, ``slow(path, seconds)``, ``malformed_feed``, ``hide_page`` (a listed post whose
page answers 404: deleted between listing and fetch), ``feed_content=False`` (entries
without content, so the feed source must fetch the pages). ``hits`` counts requests
and ``statuses`` records (path, status) of each answer.

Markdown bodies are rendered minimally (kramdown-like for what finews posts use:
raw HTML blocks pass through, paragraphs, ``<url>`` autolinks, ``[text](url)``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import html
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

CST = timezone(timedelta(hours=8))


@dataclass
class SitePost:
    """One post of the site, from a Jekyll file."""

    name: str  # file name without date and extension
    title: str
    date: datetime  # aware
    category: str
    tag: str
    body: str  # markdown / HTML as in the file

    @property
    def path(self) -> str:
        return f"/{self.date:%Y/%m/%d}/{self.name}.html"

    @classmethod
    def from_text(cls, text: str, filename: str) -> SitePost:
        text = text.replace("\r\n", "\n")
        _, front, body = text.split("---\n", 2)
        meta = yaml.safe_load(front)
        m = re.match(r"(\d{4}-\d{2}-\d{2})-(.+)\.md$", filename)
        assert m, filename
        raw = meta.get("date")
        if isinstance(raw, datetime):
            date = raw if raw.tzinfo else raw.replace(tzinfo=CST)
        else:
            raw = str(raw)
            try:
                date = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S %z")
            except ValueError:
                date = datetime.strptime(raw, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CST)
        return cls(
            name=m.group(2),
            title=str(meta.get("title", "")),
            date=date,
            category=str(meta.get("categories", "")),
            tag=str(meta.get("tags", "")),
            body=body,
        )

    @classmethod
    def from_file(cls, path: Path) -> SitePost:
        return cls.from_text(path.read_text(encoding="utf-8"), path.name)


_AUTOLINK = re.compile(r"<((?:https?:)?//[^>\s]+)>")
_MDLINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")


def render_markdown(body: str) -> str:
    """Just enough Markdown for finews posts; HTML blocks are kept as they are."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        block = block.strip()
        if not block:
            continue
        if block.startswith("<") and not _AUTOLINK.match(block) and block != "<>":
            out.append(block)
            continue
        if block == "<>":
            out.append("<p>&lt;&gt;</p>")
            continue
        quote = block.startswith(">")
        if quote:
            block = "\n".join(line.lstrip("> ") for line in block.splitlines())
        text = html.escape(block, quote=False)
        text = re.sub(
            r"&lt;((?:https?:)?//[^&\s]+)&gt;", lambda m: f'<a href="{m[1]}">{m[1]}</a>', text
        )
        text = _MDLINK.sub(lambda m: f'<a href="{m[2]}">{m[1]}</a>', text)
        text = text.replace("\n", "<br />\n")
        para = f"<p>{text}</p>"
        out.append(f"<blockquote>{para}</blockquote>" if quote else para)
    return "\n".join(out)


@dataclass
class Fault:
    status: int = 500
    delay: float = 0.0
    times: int | None = None  # None: until cleared
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Retry-After


@dataclass
class FakeSite:
    """The site. Use as a context manager, or call start()/stop()."""

    posts: list[SitePost] = field(default_factory=list)
    feed_limit: int = 10
    feed_content: bool = True
    malformed_feed: bool = False
    title: str = "finews"
    # "minima" (the theme's markup) or "finews": pages and outlet listings as the real site's
    # own layouts build them (`finews_post_html`, `finews_listing_html`)
    layout: str = "minima"

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self._hidden: set[str] = set()
        self._raw: dict[str, tuple[int, str, str]] = {}
        self._mtime = datetime.now(UTC).replace(microsecond=0) - timedelta(days=1)
        self._built = self._mtime  # when every page was last (re)written
        self._page_mtime: dict[str, datetime] = {}  # pages written since (edited posts)
        self.hits: Counter[str] = Counter()
        self.statuses: list[tuple[str, int]] = []
        self._server: ThreadingHTTPServer | None = None

    # -- controls ---------------------------------------------------------------
    def add(self, post: SitePost) -> None:
        with self._lock:
            self.posts.append(post)
            self._touch()

    def remove(self, post: SitePost) -> None:
        with self._lock:
            self.posts = [p for p in self.posts if p.path != post.path]
            self._touch()

    def edit(self, post: SitePost, **changes: object) -> SitePost:
        """An author edits a post (same page path): new content and new page validators."""
        new = dataclasses.replace(post, **changes)  # type: ignore[arg-type]
        assert new.path == post.path, "an edit keeps the post's page"
        with self._lock:
            self.posts = [new if p.path == post.path else p for p in self.posts]
            self._touch()
            self._page_mtime[post.path] = self._mtime
        return new

    def rebuild(self) -> None:
        """The site is built again: every page gets new validators, same content."""
        with self._lock:
            self._touch()
            self._built = self._mtime
            self._page_mtime.clear()

    def fail(
        self,
        path: str,
        status: int = 500,
        times: int | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        with self._lock:
            self._faults[path] = Fault(status=status, times=times, headers=dict(headers or {}))

    def slow(self, path: str, seconds: float, times: int | None = None) -> None:
        with self._lock:
            self._faults[path] = Fault(status=200, delay=seconds, times=times)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()
            self._raw.clear()

    def serve_raw(
        self, path: str, body: str, status: int = 200, ctype: str = "text/html; charset=utf-8"
    ) -> None:
        """Answer `path` with exactly this body (malformed pages, foreign feeds)."""
        with self._lock:
            self._raw[path] = (status, ctype, body)

    def hide_page(self, post: SitePost, hidden: bool = True) -> None:
        """Keep the post in listings and the feed, but answer 404 for its page."""
        with self._lock:
            (self._hidden.add if hidden else self._hidden.discard)(post.path)

    def _touch(self) -> None:
        # Last-Modified has one-second resolution: make every change visible.
        self._mtime = max(
            self._mtime + timedelta(seconds=1), datetime.now(UTC).replace(microsecond=0)
        )

    # -- server -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        assert self._server is not None, "site not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> FakeSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                site._handle(self)

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

    def __enter__(self) -> FakeSite:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- rendering --------------------------------------------------------------
    def _sorted(self) -> list[SitePost]:
        return sorted(self.posts, key=lambda p: p.date, reverse=True)

    def feed_xml(self) -> str:
        base = self.base_url
        posts = self._sorted()[: self.feed_limit]
        updated = posts[0].date.isoformat() if posts else self._mtime.isoformat()
        entries = []
        for p in posts:
            content = html.escape(render_markdown(p.body), quote=False)
            content_xml = (
                f'<content type="html" xml:base="{base}{p.path}">{content}</content>'
                if self.feed_content
                else ""
            )
            entries.append(
                f'<entry><title type="html">{html.escape(p.title)}</title>'
                f'<link href="{base}{p.path}" rel="alternate" type="text/html" '
                f'title="{html.escape(p.title)}" />'
                f"<published>{p.date.isoformat()}</published>"
                f"<updated>{p.date.isoformat()}</updated>"
                f"<id>{base}{p.path.removesuffix('.html')}</id>"
                f"{content_xml}<author><name></name></author>"
                f'<category term="{html.escape(p.category)}" />'
                f'<category term="{html.escape(p.tag)}" />'
                "</entry>"
            )
        return (
            '<?xml version="1.0" encoding="utf-8"?>'
            '<feed xmlns="http://www.w3.org/2005/Atom" >'
            '<generator uri="https://jekyllrb.com/" version="3.9.0">Jekyll</generator>'
            f'<link href="{base}/feed.xml" rel="self" type="application/atom+xml" />'
            f'<link href="{base}/" rel="alternate" type="text/html" />'
            f"<updated>{updated}</updated><id>{base}/feed.xml</id>"
            f'<title type="html">{self.title}</title>' + "".join(entries) + "</feed>"
        )

    def _listing(self, title: str, posts: list[SitePost]) -> str:
        items = "".join(
            f'<li><span class="post-meta">{p.date:%b %d, %Y}</span><h3>'
            f'<a class="post-link" href="{p.path}">{html.escape(p.title)}</a></h3></li>'
            for p in posts
        )
        return _page(
            title,
            f'<h1 class="page-heading">{html.escape(title)}</h1><ul class="post-list">{items}</ul>',
        )

    def post_html(self, p: SitePost) -> str:
        article = (
            '<article class="post h-entry" itemscope itemtype="http://schema.org/BlogPosting">'
            '<header class="post-header">'
            f'<h1 class="post-title p-name" itemprop="name headline">{html.escape(p.title)}</h1>'
            f'<p class="post-meta"><time class="dt-published" datetime="{p.date.isoformat()}" '
            f'itemprop="datePublished">{p.date:%b %d, %Y}</time> • '
            f'<a class="post-category" href="/category/{p.category}.html">{html.escape(p.tag)}'
            "</a></p></header>"
            f'<div class="post-content e-content" itemprop="articleBody">'
            f"{render_markdown(p.body)}</div>"
            f'<a class="u-url" href="{p.path}" hidden></a></article>'
        )
        return _page(p.title, article)

    def _route(self, path: str) -> tuple[int, str, str] | None:
        """(status, content type, body) for a path, or None for 404."""
        from tests.fakes.finews_pages import finews_listing_html, finews_post_html

        if path in self._raw:
            return self._raw[path]
        if path == "/feed.xml":
            if self.malformed_feed:
                return 200, "application/xml", '<?xml version="1.0"?><feed><entry><title>broken'
            return 200, "application/atom+xml; charset=utf-8", self.feed_xml()
        if path in ("/", "/index.html"):
            return 200, "text/html; charset=utf-8", self._listing(self.title, self._sorted())
        m = re.fullmatch(r"/category/([^/]+)\.html", path)
        if m:
            posts = [p for p in self._sorted() if p.category == m.group(1)]
            if not posts:
                return None
            if self.layout == "finews":
                return 200, "text/html; charset=utf-8", finews_listing_html(posts[0].tag, posts)
            return 200, "text/html; charset=utf-8", self._listing(posts[0].tag, posts)
        for p in self.posts:
            if p.path == path and path not in self._hidden:
                page = finews_post_html(p, self.base_url) if self.layout == "finews" else None
                return 200, "text/html; charset=utf-8", page or self.post_html(p)
        return None

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        path = req.path.split("?", 1)[0]
        with self._lock:
            self.hits[path] += 1
            fault = self._faults.get(path)
            if fault is not None and fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    del self._faults[path]
            routed = self._route(path)
            mtime: datetime | None = self._mtime if path == "/feed.xml" else None
            if path not in self._raw and any(p.path == path for p in self.posts):
                mtime = self._page_mtime.get(path, self._built)
        if fault is not None and fault.delay:
            time.sleep(fault.delay)
        if fault is not None and fault.status != 200:
            body = f"<h1>{fault.status}</h1>"
            self._send(req, path, fault.status, "text/html", body, fault.headers)
            return
        if routed is None:
            self._send(req, path, 404, "text/html", "<h1>404 Not Found</h1>")
            return
        status, ctype, body = routed
        headers: dict[str, str] = {}
        if mtime is not None and status == 200:
            # the feed's tag follows its bytes; a page's also its build (like static hosts)
            stamp = "" if path == "/feed.xml" else mtime.isoformat()
            etag = '"' + hashlib.sha1((body + stamp).encode()).hexdigest()[:16] + '"'
            headers = {"ETag": etag, "Last-Modified": format_datetime(mtime, usegmt=True)}
            inm = req.headers.get("If-None-Match")
            ims = req.headers.get("If-Modified-Since")
            fresh = inm == etag if inm else False
            if not inm and ims:
                try:
                    fresh = parsedate_to_datetime(ims) >= mtime
                except (TypeError, ValueError):
                    fresh = False
            if fresh:
                self._send(req, path, 304, None, "", headers)
                return
        self._send(req, path, status, ctype, body, headers)

    def _send(
        self,
        req: BaseHTTPRequestHandler,
        path: str,
        status: int,
        ctype: str | None,
        body: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8")
        with self._lock:
            self.statuses.append((path, status))
        try:
            req.send_response(status)
            if ctype:
                req.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                req.send_header(k, v)
            req.send_header("Content-Length", str(len(data)) if status != 304 else "0")
            req.end_headers()
            if status != 304:
                req.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # client gave up (timeout tests)
            pass


def _page(title: str, main: str) -> str:
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | finews</title></head><body>"
        '<header class="site-header"><a class="site-title" href="/">finews</a></header>'
        f'<main class="page-content"><div class="wrapper">{main}</div></main>'
        "</body></html>"
    )


DATA = Path(__file__).resolve().parents[1] / "sources" / "data"


def sample_posts() -> list[SitePost]:
    """The posts bundled with the tests (tests/sources/data), oldest first."""
    return sorted((SitePost.from_file(p) for p in sorted(DATA.glob("*.md"))), key=lambda p: p.date)
