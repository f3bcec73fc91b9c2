"""Post body (HTML or Markdown) -> clean paragraphs, digest, origin, link, tickers.

HTML bodies (Eastmoney, 华尔街见闻, 36氪 pages) go through BeautifulSoup/lxml: hidden
`display:none` elements, images, `EM_StockImg` chart blocks, ad banners and `返回`
links are removed, then the tree is walked and split into paragraphs at block
elements and `<br>`. Table rows become one paragraph each (`cell | cell | cell`)
because the summarizer needs the numbers in them. Markdown bodies (the flash posts)
are plain paragraphs separated by blank lines. Tickers are read from the markup
before anything is removed: the chart blocks are where Eastmoney names the stock.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from bot.parser import text as tx
from bot.parser.tickers import StockLinks, elements, scan_links

_HTML_HINT = re.compile(
    r"<(?:p|div|br|span|a|img|ul|ol|li|h[1-6]|table|tr|td|blockquote|strong|b|em|section|"
    r"article|figure|font|center)\b[^>]*>",
    re.I,
)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BLOCKS = frozenset(
    ("p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
     "blockquote", "section", "article", "header", "footer", "aside", "main", "nav", "table",
     "thead", "tbody", "tfoot", "caption", "pre", "figure", "hr", "center", "form", "address",
     "details", "summary", "body", "html")
)  # fmt: skip
_DROP = frozenset(
    ("img", "script", "style", "iframe", "video", "audio", "svg", "noscript", "picture",
     "source", "figcaption", "object", "embed", "head", "title", "meta", "link", "input",
     "button", "select", "textarea")
)  # fmt: skip
_AD_HOSTS = ("acttg.eastmoney.com",)
_PARA_BREAK = re.compile(r"\n[ \t\u3000\xa0]*\n")
CELL_SEP = " | "


@dataclass
class Body:
    paragraphs: list[str] = field(default_factory=list)
    digest: str | None = None
    origin: str | None = None
    link: str | None = None
    tickers: list[tuple[str, str | None]] = field(default_factory=list)
    links: StockLinks = field(default_factory=StockLinks)  # markup evidence per ticker


def looks_like_html(body: str) -> bool:
    return _HTML_HINT.search(body) is not None


def clean_body(body: str) -> Body:
    """Clean a post body (front matter already removed, newlines normalized)."""
    rest, link = tx.split_footer(body)
    digest = None
    # the editor's `> ...` digest opens the body, also when the rest is HTML
    if (m := _MD_LEAD_QUOTE.match(rest)) and rest[m.end() :].strip():
        lines = m.group(1).strip("\n").split("\n")
        digest = "\n".join(_md_inline(re.sub(r"^\s*>\s?", "", ln)) for ln in lines)
        rest = rest[m.end() :]
    out = _from_html(rest) if looks_like_html(rest) else _from_markdown(rest)
    if digest and digest.strip():
        out.digest = digest
    if link:
        out.link = link
    _finish(out)
    return out


def _finish(out: Body) -> None:
    """Origin line, boilerplate, empty and trailing-link paragraphs."""
    paras: list[str] = []
    for p in out.paragraphs:
        p = tx.close_han_digit_gaps(tx.normalize_space(p))
        if not p:
            continue
        p, origin = tx.split_origin(p)
        if origin:
            out.origin = out.origin or origin
            if not p:
                continue
        if tx.BOILERPLATE.match(p) or tx.BACK_LINKS.match(p):
            continue
        if len(p) <= tx.MAX_BYLINE and tx.BYLINE.match(p):
            continue
        paras.append(p)
    for i, p in enumerate(paras):
        if i and i >= len(paras) // 2 and tx.RELATED.match(p):
            del paras[i:]
            break
    # a bare link left at the end (a rendered page's `<a href=x>x</a>` footer)
    while paras and (m := tx.BARE_URL.match(paras[-1]) or tx.LINK_LINE.match(paras[-1])):
        out.link = out.link or m.group(1)
        paras.pop()
    out.paragraphs = paras
    if out.digest is not None:
        out.digest = tx.normalize_space(out.digest) or None


# --- HTML ---------------------------------------------------------------------------


def _from_html(src: str) -> Body:
    # `class` stays one string (bs4 would split every multi-valued attribute of every element;
    # `_strip`, the one reader of classes, splits it)
    soup = BeautifulSoup(src, "lxml", multi_valued_attributes=None)
    tags, comments = _nodes(soup)
    links = scan_links(soup, tags=tags)
    out = Body(tickers=links.found, links=links)
    _strip(tags, comments)
    paras: list[tuple[str, int | None]] = []
    _Walker(paras).walk(soup)
    # digest: a <blockquote> that opens the post
    if paras and paras[0][1] is not None:
        q = paras[0][1]
        lead = [p for p, b in paras if b == q]
        n = len(lead)
        if n and all(b == q for _, b in paras[:n]) and len(paras) > n:
            out.digest = "\n".join(lead)
            paras = paras[n:]
    out.paragraphs = [p for p, _ in paras]
    return out


def _nodes(soup: BeautifulSoup) -> tuple[list[Tag], list[Comment]]:
    """Every element and every comment, in document order: one walk of the tree
    serves the link scan and the strip, which each made their own."""
    tags: list[Tag] = []
    comments: list[Comment] = []
    for d in soup.descendants:
        if isinstance(d, Tag):
            tags.append(d)
        elif isinstance(d, Comment):
            comments.append(d)
    return tags, comments


def _strip(tags: list[Tag], comments: list[Comment]) -> None:
    """Remove everything that is not article text (`tags`, `comments`: `_nodes`)."""
    gone: set[int] = set()  # the elements of removed chart blocks are not looked at again
    for c in comments:
        if "EM_StockImg_Start" in c:
            gone.update(id(t) for t in _remove_until_end(c))
    for c in comments:  # one removed with a chart block above goes with it: extracting is harmless
        c.extract()
    if gone:
        tags = [t for t in tags if id(t) not in gone]
    doomed: list[Tag] = []
    for tag in tags:
        name = tag.name
        if name in _DROP:
            doomed.append(tag)
            continue
        attrs = tag.attrs
        if not attrs and name != "a":
            continue  # most elements (p, span, strong) have no attributes: nothing to test
        style = attrs.get("style")
        cls = attrs.get("class")
        classes = cls.split() if isinstance(cls, str) else ()
        href = attrs.get("href") or ""
        if (
            (isinstance(style, str) and _HIDDEN.search(style))
            or "EmImageRemark" in classes
            or "em_handle_adv_close" in classes
            or "img-desc" in classes
            or (isinstance(href, str) and any(h in href for h in _AD_HOSTS))
            or (name == "a" and _starts_back_link(tag))
        ):
            doomed.append(tag)
    # extract, not decompose: a descendant of an extracted element is simply carried
    # away with it, and extracting it again is harmless
    for tag in doomed:
        tag.extract()


def _starts_back_link(tag: Tag) -> bool:
    """`tag.get_text(strip=True).startswith("返回")`, reading only the first strings."""
    head = ""
    for s in tag.stripped_strings:
        head += s
        if len(head) >= 2:
            break
    return head.startswith("返回")


def _remove_until_end(start: Comment) -> list[Tag]:
    """Remove the nodes between a chart block's Start and End comments.

    Only when the End comment is a sibling: lxml may hoist a leading comment out of
    <body>, and then removing "everything after it" would remove the article. The
    block's content (an `EmImageRemark` link around an image) is removed by class anyway.
    Returns the elements removed, nested ones included.

    A Start whose End never comes before the next block's Start (Eastmoney's HTML drops one
    now and then: 15 of the corpus's market wraps) removes nothing: reading on to the next End
    would remove the article text between the two charts (大型科技股涨跌不一，…特斯拉跌超5%).
    """
    doomed = []
    node = start.next_sibling
    while node is not None:
        if isinstance(node, Comment) and "EM_StockImg_Start" in node:
            return []
        if isinstance(node, Comment) and "EM_StockImg_End" in node:
            for d in doomed:
                d.extract()
            return [t for d in doomed if isinstance(d, Tag) for t in (d, *elements(d))]
        doomed.append(node)
        node = node.next_sibling
    return []


class _Walker:
    """Depth-first walk that cuts text into paragraphs at block elements and <br>."""

    def __init__(self, out: list[tuple[str, int | None]]) -> None:
        self.out = out
        self.buf: list[str] = []
        self.quote: int | None = None
        self.quotes = 0

    def flush(self) -> None:
        if self.buf:
            s = "".join(self.buf)
            self.buf = []
            if s.strip():
                self.out.append((s, self.quote))

    def walk(self, root: Tag) -> None:
        """Iterative (an explicit stack), so deeply nested junk cannot overflow."""
        stack: list[PageElement | _End] = list(reversed(root.contents))
        while stack:
            item = stack.pop()
            kind = type(item)
            if kind is NavigableString:  # text, most items (not Comment, CData, Doctype...)
                self.text(str(item))
            elif kind is _End:
                self.flush()
                if item.is_quote:
                    self.quote = item.outer
            elif isinstance(item, Tag):
                self.open(item, stack)
        self.flush()

    def text(self, s: str) -> None:
        """A string's text; a blank line in it ends a paragraph."""
        if "\n" not in s:
            self.buf.append(s)
            return
        for i, part in enumerate(_PARA_BREAK.split(s)):
            if i:
                self.flush()
            self.buf.append(part)

    def open(self, tag: Tag, stack: list[PageElement | _End]) -> None:
        """An element: a break, a table row, or its children to walk next."""
        name = tag.name
        if name == "br":
            self.flush()
        elif name == "tr":
            self.flush()
            cells = [
                tx.normalize_space(td.get_text(" "))
                for td in tag.find_all(("td", "th"), recursive=False)
            ]
            row = CELL_SEP.join(c for c in cells if c)
            if row:
                self.out.append((row, self.quote))
        elif name == "blockquote":
            self.flush()
            stack.append(_End(is_quote=True, outer=self.quote))
            if self.quote is None:
                self.quotes += 1
                self.quote = self.quotes
            stack.extend(reversed(tag.contents))
        elif name in _BLOCKS:
            self.flush()
            stack.append(_END)
            stack.extend(reversed(tag.contents))
        else:
            stack.extend(reversed(tag.contents))


@dataclass(frozen=True, slots=True)
class _End:
    """Marks the end of a block element on the walker's stack."""

    is_quote: bool = False
    outer: int | None = None


_END = _End()  # the end of any block but a blockquote: one marker serves them all


# --- Markdown -----------------------------------------------------------------------

_MD_LEAD_QUOTE = re.compile(r"\A\s*((?:[ \t]{0,3}>[^\n]*(?:\n|\Z))+)")
# Bounded runs: unbounded, every `[` without a `]` (every `(` without a `)`) read to the end of
# its line again, minutes on a line of them. No link text or address is that long.
_MD_IMAGE = re.compile(r"!\[[^\]]{0,300}\]\([^)]{0,2000}\)")
_MD_LINK = re.compile(
    r"\[([^\]]{0,300})\]\((?:[^()\s]|\([^)]{0,2000}\)){0,2000}(?:\s+\"[^\"]{0,300}\")?\)"
)
_MD_AUTOLINK = re.compile(r"<((?:https?:)?//[^\s<>]+)>")
_MD_EMPH = re.compile(r"(\*\*|__)(.+?)\1")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_MD_LIST = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,3}[.)])\s+")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _md_inline(s: str) -> str:
    s = _MD_IMAGE.sub("", s)
    s = _MD_LINK.sub(r"\1", s)
    s = _MD_EMPH.sub(r"\2", s)
    s = _MD_ESCAPE.sub(r"\1", s)
    return htmllib.unescape(s)


def _from_markdown(src: str) -> Body:
    out = Body()
    blocks = [b for b in _PARA_BREAK.split(src) if b.strip()]
    paras: list[str] = []
    for block in blocks:
        lines = [ln for ln in block.split("\n") if ln.strip()]
        if all(ln.lstrip().startswith(">") for ln in lines):
            text = "\n".join(_md_inline(re.sub(r"^\s*>\s?", "", ln)) for ln in lines)
            paras.append(text)  # a leading quote was taken as the digest already
            continue
        if len(lines) >= 2 and all("|" in ln for ln in lines):
            for ln in lines:
                if _MD_TABLE_SEP.match(ln):
                    continue
                cells = [_md_inline(c).strip() for c in ln.strip().strip("|").split("|")]
                paras.append(CELL_SEP.join(c for c in cells if c))
            continue
        cur: list[str] = []
        for ln in lines:
            if m := _MD_HEADING.match(ln):
                if cur:
                    paras.append("\n".join(cur))
                    cur = []
                paras.append(_md_inline(m.group(1)))
            elif _MD_LIST.match(ln):
                if cur:
                    paras.append("\n".join(cur))
                cur = [_md_inline(_MD_LIST.sub("", ln))]
            else:
                cur.append(_md_inline(ln))
        if cur:
            paras.append("\n".join(cur))
    # an autolink alone in a paragraph is a link line, not text
    out.paragraphs = [p for p in paras if not _MD_AUTOLINK.fullmatch(p.strip())]
    return out
