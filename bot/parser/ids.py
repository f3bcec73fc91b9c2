"""Stable article ids: the same post gets the same id from every source.

Rule (first that applies):

1. The original link (the post's trailing `<http...>` line, or a `url` passed in that
   points at the outlet rather than at the finews site):
   - `...NewsShare.html?infoCode=NW202205262393417736` -> `NW202205262393417736`
     (any `infoCode=` value, as written);
   - Eastmoney `.../news/1353,202112082206761079.html` or `.../a/202112082206761079.html`
     -> `202112082206761079` (the 18-digit numeric id);
   - 华尔街见闻 `wallstreetcn.com/articles/3756521` -> `wscn3756521`;
   - 36氪 `36kr.com/p/3487198888270977` -> `36kr3487198888270977`.
2. The Jekyll slug, from the file name or from the last segment of the post's page
   URL on the finews site (`/emnews/2021/12/08/202112082206761079.html`): drop the
   directory, a `_posts__` prefix and `@commit` suffix (exported file versions), the
   extension and the `YYYY-MM-DD-` / `nodate-` prefix, or a bare leading `-` (the
   generator once wrote `-202205262391921712.md` when it had no date for a post it later
   wrote again as `2022-05-26-202205262391921712.md`: one article, one id); then
   `em<18 digits>` -> `<18 digits>` (so it equals rule 1 for Eastmoney posts); every other slug
   (`NW...`, digits, `wscn...`, `36kr...`, `duee<md5>`) is kept as is.
3. A page URL of another site (a generic news feed's entry link): `u` + 16 hex digits
   of its SHA-1.
4. Otherwise `h` + 16 hex digits of SHA-1 over the title and the publication time
   (when the post has a date of its own) or the text (when the time is only the time
   we saw it, which would change on every read).

Rules 1 and 2 agree on every post of the corpus (tested), so a post read from a feed
entry (page URL, body with the trailing link) and from a `_posts` checkout (file
name, same body) is stored once.

An id of rule 1 or 2 longer than the id column (`MAX_ID_LEN`, e.g. a mangled
`infoCode=` or a slug that is a whole headline) becomes `s` + 24 hex digits of its
SHA-1 (`fit`): PostgreSQL refuses a longer value where SQLite keeps it, so without
this the post stored on one engine and failed on every poll on the other.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

_INFOCODE = re.compile(r"[?&]infoCode=([A-Za-z0-9]+)")
_EM = re.compile(r"eastmoney\.com/(?:[\w/]*?/)?(?:news/\d+,|a/)(\d{18})\.html")
_WSCN = re.compile(r"wallstreetcn\.com/(?:articles|livenews)/(\d+)")
_KR = re.compile(r"36kr\.com/(?:p|newsflashes)/(\d+)")
_DATE_PREFIX = re.compile(r"^(?:\d{4}-\d{1,2}-\d{1,2}-|nodate-)")
_EM_SLUG = re.compile(r"^em(\d{18})$")

FINEWS_HOSTS = ("finews.withounder.com", "finews.zning.xyz")
MAX_ID_LEN = 64  # the id columns' length (bot.storage.models)


def fit(article_id: str) -> str:
    """The id as it is, or a short stable stand-in when it would not fit the id column."""
    if len(article_id) <= MAX_ID_LEN:
        return article_id
    return "s" + hashlib.sha1(article_id.encode()).hexdigest()[:24]


def id_from_link(url: str | None) -> str | None:
    """Id from an outlet's article URL (rule 1), or None if the URL is not recognised."""
    if not url:
        return None
    if m := _INFOCODE.search(url):
        return fit(m.group(1))
    if m := _EM.search(url):
        return m.group(1)
    if m := _WSCN.search(url):
        return fit(f"wscn{m.group(1)}")
    if m := _KR.search(url):
        return fit(f"36kr{m.group(1)}")
    return None


def slug_of(name: str | None) -> str | None:
    """Jekyll slug of a file name or page URL (`2021-12-08-2021...md` -> `2021...`)."""
    if not name:
        return None
    if "://" in name or name.startswith("//"):
        # `http://[::1/x`: a host urlsplit cannot read; the last segment is still the slug
        with contextlib.suppress(ValueError):
            name = urlsplit(name).path
    base = PurePosixPath(name.replace("\\", "/")).name
    if base.startswith("_posts__"):
        base = base[len("_posts__") :]
    base = base.split("@", 1)[0]
    for ext in (".markdown", ".md", ".html", ".htm"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
            break
    base = _DATE_PREFIX.sub("", base).strip().lstrip("-")  # `-<id>.md`: the date was empty
    if not base or base.lower() in ("index", "feed"):
        return None
    return base


def id_from_slug(name: str | None) -> str | None:
    """Id from a file name or finews page URL (rule 2)."""
    slug = slug_of(name)
    if slug is None:
        return None
    if m := _EM_SLUG.match(slug):
        return m.group(1)
    return fit(slug)


# The original's address from an id that names it (rule 1 read backwards): a post whose
# trailing link is empty (`<>`, as in corpus/posts/2021-12-08-202112082206870651.md) still gets
# its 阅读原文 button. Eastmoney serves every news id at `/a/<id>.html` whatever its channel (the
# 1354/1355/... of `/news/<ch>,<id>`): the form the corpus's own links use most (252 links in
# ../shared/corpus/long).
_OUTLETS = (
    (re.compile(r"\d{18}"), "https://finance.eastmoney.com/a/{}.html"),
    (re.compile(r"wscn(\d+)"), "https://wallstreetcn.com/articles/{}"),
    (re.compile(r"36kr(\d+)"), "https://36kr.com/p/{}"),
)


def outlet_url(article_id: str) -> str | None:
    """The outlet's address of the article with this id, or None when the id does not say it."""
    for pattern, template in _OUTLETS:
        if m := pattern.fullmatch(article_id):
            return template.format(m.group(m.lastindex or 0))
    return None


def is_finews_page(url: str | None) -> bool:
    """True when the URL is the post's own page on the finews site (not the outlet)."""
    if not url:
        return False
    try:
        host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    except ValueError:  # a bracket read as an IPv6 host (`http://[::1`): not our site
        return False
    return host.endswith(FINEWS_HOSTS) and "infoCode=" not in url


def article_id(
    *,
    link: str | None,
    filename: str | None,
    page_url: str | None,
    title: str,
    fingerprint: str,
) -> str:
    """Apply rules 1-4 of the module docstring."""
    for candidate in (
        id_from_link(link),
        id_from_link(page_url),
        id_from_slug(filename),
        id_from_slug(page_url) if page_url and is_finews_page(page_url) else None,
    ):
        if candidate:
            return candidate
    if page_url:  # any other feed: its entry link is the identity
        return "u" + hashlib.sha1(page_url.encode()).hexdigest()[:16]
    digest = hashlib.sha1(f"{title}\n{fingerprint}".encode()).hexdigest()[:16]
    return f"h{digest}"
