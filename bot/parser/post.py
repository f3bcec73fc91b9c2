"""Assemble an Article from front matter + body (see bot.parser for the contract)."""

from __future__ import annotations

import html as htmllib
import logging
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.article import Article
from bot.parser import front as fm
from bot.parser import ids, meta
from bot.parser.autolinks import auto_linked
from bot.parser.body import clean_body
from bot.parser.named import Named, companies, rated_companies, title_company, written_symbols
from bot.parser.roles import assign_roles
from bot.parser.surrogates import join_code_points, join_refs
from bot.parser.text import first_sentence, normalize_space
from bot.parser.tickers import extract_tickers_from_text, merge
from bot.stocks.directory import shipped

log = logging.getLogger(__name__)

MAX_BAD_RATIO = 0.01  # control chars / U+FFFD above 1% of the text: not a post


class ParseError(ValueError):
    """The input is not a usable post; the message says why (for the operator's log)."""


# lone surrogates too (a JSON feed's `\ud800` escape, a file name's undecodable bytes; a
# valid pair is joined first, bot.parser.surrogates): lxml,
# the id hash and the database cannot encode them
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_BAD = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd\ud800-\udfff]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def _check_text(text: str) -> None:
    if not text.strip(" \t\r\n\ufeff\x00"):
        raise ParseError("empty file")
    bad = len(_BAD.findall(text))
    if bad and bad > MAX_BAD_RATIO * len(text):
        raise ParseError(f"binary or mis-encoded content ({bad} control/invalid characters)")


def _strip_controls(s: str) -> str:
    return _CONTROLS.sub("", join_code_points(s))


def parse_post(
    text: str, *, filename: str | None = None, seen_at: datetime | None = None
) -> Article:
    """Parse the text of a Jekyll post file. Raises ParseError (with a reason)."""
    _check_text(text)
    try:
        front, body = fm.split(text)
    except fm.FrontMatterError as exc:
        raise ParseError(str(exc)) from None
    return build_article(front, body, filename=filename, seen_at=seen_at)


# Longest first: the UTF-32LE mark begins with the UTF-16LE one.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def _by_bom(data: bytes) -> str | None:
    """A UTF-16/32 file (Windows editors' "Unicode") decoded by its byte order mark;
    None without one. A file that then does not decode is mis-encoded: replacement
    characters, which `parse_post` rejects when there are many."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    return None


def decode_post(data: bytes) -> str:
    """Post file bytes -> text: by its byte order mark (UTF-8, UTF-16, UTF-32), else
    UTF-8, else GB18030 (older Chinese tooling), else UTF-8 with replacement
    characters, which `parse_post` rejects as mis-encoded when there are many."""
    text = _by_bom(data)
    if text is not None:
        return text
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_file(path: str | Path, *, seen_at: datetime | None = None) -> Article:
    """Read and parse one post file (UTF-8, with or without BOM; UTF-16/32 with a BOM;
    GB18030 tolerated).

    `seen_at` is the date fallback for a post with no usable date in its front
    matter or file name (default: now).
    """
    p = Path(path)
    data = p.read_bytes()
    text = _by_bom(data)  # UTF-16/32 are full of NUL bytes: no binary check for them
    if text is None:
        if b"\x00" in data[:4096] and data.count(b"\x00") > len(data) // 100:
            raise ParseError(f"{p.name}: binary file")
        text = decode_post(data)
    return parse_post(text, filename=p.name, seen_at=seen_at)


def build_article(
    meta_in: dict[str, Any],
    body: str,
    *,
    filename: str | None = None,
    url: str | None = None,
    seen_at: datetime | None = None,
) -> Article:
    """Article from front-matter-like fields and a body (HTML or Markdown).

    `meta_in` keys as in front matter: title, date, categories, tags (missing keys are
    fine). `url` is where the post was read (feed entry link / page URL) or the original
    link; it is used for the id when the body has no original link, and as `Article.url`
    when the body has none.
    """
    body = _strip_controls(join_refs(fm.normalize_text(body or "")))
    cleaned = clean_body(body)
    filename = _SURROGATES.sub("", filename) if filename else filename
    url = _SURROGATES.sub("", url) if url else url

    title = str(meta_in.get("title") or "")
    title = normalize_space(_strip_controls(htmllib.unescape(join_refs(title))))
    if not title:
        title = first_sentence(cleaned.paragraphs) or (cleaned.digest or "")[:60]
        if not title:
            raise ParseError("no title and no text")
        log.info("post %s has no title; using its first sentence", filename or url or "?")

    paragraphs = cleaned.paragraphs
    if len(paragraphs) > 1 and paragraphs[0] == title:  # headline repeated as 1st line
        paragraphs = paragraphs[1:]

    published, source = meta.published_at(meta_in.get("date"), filename, seen_at)
    if source != "date":
        log.info("post %s: date %r unusable, using %s", filename or url or "?",
                 meta_in.get("date"), source)  # fmt: skip

    categories, tags = meta_in.get("categories", meta_in.get("category")), meta_in.get("tags")
    for key, value in (("categories", categories), ("tags", tags)):
        if meta.nested(value):
            log.warning("post %s: front matter %s %.80r is not a string or a list of names; "
                        "ignored what is not", filename or url or "?", key, value)  # fmt: skip
    slug, name = meta.outlet(categories, tags)
    slug = _SURROGATES.sub("", slug) or meta.UNKNOWN_SLUG
    name = _SURROGATES.sub("", name) or meta.UNKNOWN_NAME

    link = cleaned.link
    if link is None and url and not ids.is_finews_page(url):
        link = url if ids.id_from_link(url) else None
    art_id = ids.article_id(
        link=link,
        filename=filename,
        page_url=url,
        title=title,
        fingerprint=(
            published.isoformat()
            if source in ("date", "filename")
            else "\n".join(paragraphs)[:2000]
        ),
    )

    in_text = merge(
        *(extract_tickers_from_text(t) for t in (title, *paragraphs)),
        *(written_symbols(t, shipped()) for t in (title, *paragraphs)),  # 迪士尼（DIS）
    )
    tickers = merge(cleaned.tickers, in_text)
    # a link on a common word (`机器人` -> 300024.SZ) is no ticker; its name is still learned
    coded = {t for t, _ in in_text}
    spurious = auto_linked(
        cleaned.links.names,
        (title, cleaned.digest or "", *paragraphs),
        evidence=cleaned.links.charted | coded,
    )
    names: dict[str, set[str]] = {t: set(cleaned.links.names.get(t, ())) for t, _ in tickers}
    for t, n in tickers:
        if n:
            names[t].add(n)
        if t.endswith(".US") and len(t) >= 5:  # the symbol is a name too: `AMD涨超23%`
            names[t].add(t[:-3])
        # the directory's name and short names: `特斯拉跌超4%`, `阿里云` (阿里) unlinked
        names[t].update(shipped().names_of(t))
    roles = assign_roles(
        title=title,
        digest=cleaned.digest,
        paragraphs=paragraphs,
        tickers=[t for t, _ in tickers],
        names=names,
        charted=cleaned.links.charted,
        coded=coded,
        spurious=spurious,
    )
    in_title = companies(title, shipped())  # read once: the title's company and its count
    subjects, mentions = _with_title_company(
        title, cleaned.digest, paragraphs, roles.subjects, roles.mentions, names, in_title
    )
    subjects, mentions = _with_other_listings(subjects, mentions)
    stock_names = {t: n for t, n in tickers if n}
    for t in subjects:  # the ticker line shows a name: `康斯特 $300445`, not `$300445`
        if t not in stock_names and (known := shipped().name(t)):
            stock_names[t] = known
    return Article(
        id=art_id,
        title=title,
        published_at=published,
        category=slug,
        category_name=name,
        url=link or ids.outlet_url(art_id) or url,  # the original first, then the finews page
        digest=cleaned.digest,
        origin=cleaned.origin,
        paragraphs=tuple(paragraphs),
        tickers=subjects,
        mentions=mentions,
        stock_names=stock_names,
        title_names=_title_names(title, (*subjects, *mentions), names, in_title),
        dated=source in ("date", "filename"),
    )


def _title_names(
    title: str,
    carried: tuple[str, ...],
    names: dict[str, set[str]],
    in_title: list[tuple[Named, bool]],
) -> tuple[str, ...]:
    """The companies the title names: directory names used as companies (not a source
    speaking, a theme or an everyday word) and the post's own stocks by any of their names."""
    found: dict[frozenset[str], str] = {
        frozenset(n.tickers): n.name for n, used in in_title if used
    }
    for t in carried:
        primary = shipped().name(t)
        named = max(  # the title's own spelling, else the directory's (MiniMax for Minimax)
            (nm for nm in names.get(t, ()) if _in_title(nm, title)),
            key=lambda nm: (nm in title, len(nm), nm == primary, nm),
            default="",
        )
        if named and not any(t in key for key in found):
            found[frozenset((t,))] = named
    # one company per name: the A and H listings of 紫金矿业 are one, and 紫金 inside it too
    out = sorted(set(found.values()), key=lambda n: (-len(n), n))
    kept = [n for i, n in enumerate(out) if not any(n in m for m in out[:i])]
    return tuple(sorted(kept, key=lambda n: title.lower().find(n.lower())))


def _in_title(name: str, title: str) -> bool:
    """A Latin name in any case (MiniMax's title spelling Minimax, NVIDIA's Nvidia); from four
    letters on, so that a short symbol (ON, AI) is not read in an everyday word."""
    if len(name) < 2:
        return False
    if name in title:
        return True
    return len(name) >= 4 and name.isascii() and name.lower() in title.lower()


_SHARE_CLASS = re.compile(r"-[A-Z]$")  # 谷歌-A / 谷歌-C, 伯克希尔哈撒韦-B


def _company_key(ticker: str) -> str | None:
    name = shipped().name(ticker)
    return _SHARE_CLASS.sub("", name) if name else None


def _with_other_listings(
    subjects: tuple[str, ...], mentions: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A linked listing of a subject company is a subject too: the post is about 谷歌 for the
    holders of GOOG.US as for those of GOOGL.US, about 紫金矿业 for 601899.SH and 02899.HK."""
    about = {k for t in subjects if (k := _company_key(t))}
    moved = tuple(t for t in mentions if _company_key(t) in about)
    if not moved:
        return subjects, mentions
    return (*subjects, *moved), tuple(t for t in mentions if t not in moved)


_SENTENCE_END = re.compile(r"[。！？!?；;]")
MAX_FLASH = 150  # a one-sentence flash is read as a second title


def _with_title_company(
    title: str,
    digest: str | None,
    paragraphs: tuple[str, ...] | list[str],
    subjects: tuple[str, ...],
    mentions: tuple[str, ...],
    names: dict[str, set[str]],
    in_title: list[tuple[Named, bool]],
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The subjects with the company the title names by its directory name first
    (`bot.parser.named`), when no listing of it is carried yet; a wrap's title mover too
    (`…英特尔涨超7%`), as the push gold and the linked wraps count it."""
    flash = None
    one = paragraphs[0] if len(paragraphs) == 1 and not digest else ""
    if one and len(one) <= MAX_FLASH and not _SENTENCE_END.search(one.rstrip("。！？!?；; ")):
        flash = one
    carried = (*subjects, *mentions)
    listed = title_company(
        title,
        shipped(),
        flash=flash,
        own={t: names.get(t, ()) for t in carried},
        in_title=in_title,
        board=one if len(one) <= MAX_FLASH else None,
    )
    listed = tuple(dict.fromkeys((*listed, *rated_companies(paragraphs, shipped()))))
    listed = tuple(t for t in listed if t not in carried)
    if not listed:
        return subjects, mentions
    return (*listed, *subjects), mentions
