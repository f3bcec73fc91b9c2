"""Extract a post (title, date, category, tag, content HTML) from a rendered Jekyll page.

Shared by `jekyll-site` and by `feed` when an entry carries no content. It tries
the markup Jekyll themes use (minima: `h1.post-title`, `time[datetime]`,
`div.post-content`, schema.org `itemprop`), then generic fallbacks (`og:` meta,
`<article>`), then the finews site's own layouts (`_layouts/default.html` and `post.html`
of github.com/zning1994/finews: no `<article>`; the page in a `<section>` opening with the
date in a `<small>` and the title in an `<h1>`, the site's name being the header's `<h1>`;
the tags in a closing `<small>tags: <em>…</em></small>`). The outlet comes from
category/tag links (`/category/<slug>.html`); the finews footer link `返回<outlet>新闻` is
one of them, so plain pages work too.

A page is read only once it arrived whole (`whole_page`). An empty 200 (a CDN's
glitch), a 204, a redirect without a Location, or a page cut short (no closing
`</html>`: the site caught mid-rebuild, a dropped connection) is a fault of this
fetch, not of the post: `PageIncomplete`, retried on later polls and given up after
`missing_retries` of them, like a page answering 404. Taken as final, it would be
recorded as "not a post" for good, or, cut after a paragraph, stored as the article
with the rest of its text missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlparse

import httpx
from bs4 import BeautifulSoup, Tag

from bot.parser.surrogates import join_refs, join_refs_bytes
from bot.sources.base import SourceError

POST_PATH = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/([^/]+?)\.html?$")
CATEGORY_PATH = re.compile(r"/category/([^/]+?)\.html?$")
HTML_END = re.compile(rb"</html\s*>", re.IGNORECASE)
# finews `post.html`: `<small>(GMT+8, Asia/Shanghai, CST) 2021-12-08 10:48:44</small>`
# (earlier builds: `[GMT+8, …]`), the site's local time
STAMP = re.compile(r"^[(\[]GMT\+8[^)\]]*[)\]]\s*(\d{4}-\d{2}-\d{2} \d{2}:\d{2}(?::\d{2})?)")


class PageError(ValueError):
    """The page does not look like a post (no title or no content)."""


class PageIncomplete(SourceError):
    """The page answered, but not whole: try again on a later poll (see the docstring)."""


def whole_page(resp: httpx.Response) -> bytes:
    """The body of a page answered whole, else `PageIncomplete` naming what was wrong."""
    url, body = resp.request.url, resp.content
    if resp.status_code != 200:
        raise PageIncomplete(f"GET {url}: HTTP {resp.status_code} without a page")
    if not body.strip():
        raise PageIncomplete(f"GET {url}: empty page")
    if not HTML_END.search(body):
        raise PageIncomplete(f"GET {url}: page cut short ({len(body)} bytes, no </html>)")
    return body


@dataclass(frozen=True, slots=True)
class PagePost:
    title: str
    date: str | None
    categories: list[str]
    tags: list[str]
    body: str  # inner HTML of the content element

    def meta(self) -> dict:
        meta: dict = {"title": self.title}
        if self.date:
            meta["date"] = self.date
        if self.categories:
            meta["categories"] = self.categories
        if self.tags:
            meta["tags"] = self.tags
        return meta


def filename_from_url(url: str) -> str | None:
    """`/2022/05/26/NW2022....html` -> `2022-05-26-NW2022....md` (the `_posts` name),
    so the parser can fall back to the file name for the id and the date."""
    m = POST_PATH.search(urlparse(url).path)
    if not m:
        return None
    y, mo, d, name = m.groups()
    return f"{y}-{mo}-{d}-{name}.md"


def is_post_url(url: str) -> bool:
    return POST_PATH.search(urlparse(url).path) is not None


def post_links(html: str | bytes, base_url: str) -> list[str]:
    """Absolute same-site post links on a listing page, in page order, no repeats."""
    soup = BeautifulSoup(html, "lxml")
    host = urlparse(base_url).netloc
    out: dict[str, None] = {}
    for a in soup.find_all("a", href=True):
        url = urljoin(base_url, str(a["href"])).split("#", 1)[0]
        if urlparse(url).netloc == host and is_post_url(url):
            out[url] = None
    return list(out)


def _first(soup: BeautifulSoup, selectors: list[str]) -> Tag | None:
    for sel in selectors:
        el = soup.select_one(sel)
        if el is not None:
            return el
    return None


def _meta_content(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        el = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if el is not None and el.get("content"):
            return str(el["content"]).strip()
    return None


def _outlets(soup: BeautifulSoup, content: Tag) -> tuple[list[str], list[str]]:
    """Category slugs and tag names from `/category/<slug>.html` links anywhere on the page."""
    cats: dict[str, None] = {}
    tags: dict[str, None] = {}
    for a in soup.find_all("a", href=True):
        m = CATEGORY_PATH.search(urlparse(str(a["href"])).path)
        if not m:
            continue
        cats[m.group(1)] = None
        text = a.get_text(strip=True).removeprefix("返回")
        if text and text != m.group(1):
            tags[text] = None
    for el in soup.select(".post-tags a, a[rel=tag], [itemprop=keywords]"):
        text = el.get_text(strip=True)
        if text:
            tags[text] = None
    return list(cats), list(tags)


@dataclass(slots=True)
class _Section:
    """A post in the finews layout, taken apart: the content left, its title, stamp, tags."""

    content: Tag
    title: Tag
    stamp: str | None
    tags: list[str]


def _finews_section(soup: BeautifulSoup) -> _Section | None:
    """The post of a page built by the finews site's own layouts, or None.

    Its `<section>` holds the date `<small>`, the title `<h1>`, the content and the tags
    `<small>`; all but the content are taken out of it here, so the body is the post's."""
    for section in soup.find_all("section"):
        title = section.find("h1", recursive=False)
        if title is None or not title.get_text(strip=True):
            continue
        stamp, tags = None, []
        for small in section.find_all("small", recursive=False):
            text = small.get_text(" ", strip=True)
            if m := STAMP.match(text):
                stamp = m.group(1)
            elif text.startswith("tags:"):
                tags = [t for em in small.find_all("em") if (t := em.get_text(strip=True))]
            else:
                continue
            small.extract()
        title.extract()
        return _Section(section, title, stamp, tags)
    return None


def extract_post(html: str | bytes) -> PagePost:
    """Parse one post page; raises `PageError` when it is not a post."""
    html = join_refs_bytes(html) if isinstance(html, bytes) else join_refs(html)
    soup = BeautifulSoup(html, "lxml")
    finews = None
    content = _first(
        soup,
        [
            "div.post-content",
            "[itemprop=articleBody]",
            "div.e-content",
            "article .content",
            "article",
        ],
    )
    if content is None and (finews := _finews_section(soup)) is not None:
        content = finews.content
    if content is None:
        raise PageError("no post content element (div.post-content / article / section h1)")
    title_el = (
        finews.title
        if finews is not None
        else _first(soup, ["h1.post-title", "article h1", ".post-header h1", "h1"])
    )
    title = title_el.get_text(" ", strip=True) if title_el else ""
    if not title:
        title = _meta_content(soup, "og:title") or ""
    if not title and soup.title and soup.title.string:
        title = soup.title.string.split(" | ")[0].strip()
    if not title:
        raise PageError("no title")
    time_el = soup.select_one("time[datetime]")
    date = str(time_el["datetime"]).strip() if time_el is not None else None
    date = date or _meta_content(soup, "article:published_time", "date")
    date = date or (finews.stamp if finews is not None else None)
    categories, tags = _outlets(soup, content)
    if finews is not None:
        tags = list(dict.fromkeys([*tags, *finews.tags]))
    body = content.decode_contents().strip()
    if not body:
        raise PageError("empty post content")
    return PagePost(title=title, date=date, categories=categories, tags=tags, body=body)
