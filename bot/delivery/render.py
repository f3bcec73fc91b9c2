"""What a delivery says: the summarizer's push message, or a digest of several articles.

The push text comes from `bot.summarizer.render.render_message(article, summary)`
(Telegram HTML, <= 4096 chars); the plain-text fallback used when Telegram rejects
the HTML is `render_text(html)`. Digests are built here: one compact item per
article, split between items so no message exceeds Telegram's 4,096 characters.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from bot.storage.articles import row_summary, row_to_article
from bot.storage.models import ArticleRow

MAX_TEXT = 4096
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class Rendered:
    html: str
    button: tuple[str, str] | None = None  # (label, url) of the "original" button

    @property
    def plain(self) -> str:
        return to_plain(self.html)


def to_plain(text_html: str) -> str:
    """Plain text of a Telegram-HTML message (for the can't-parse-entities fallback)."""
    try:
        from bot.summarizer.render import render_text

        return render_text(text_html)[:MAX_TEXT]
    except ImportError:  # pragma: no cover - summarizer not installed
        return html.unescape(_TAG.sub("", text_html))[:MAX_TEXT]


def _button(article: object) -> tuple[str, str] | None:
    try:
        from bot.summarizer.render import original_button
    except ImportError:
        return None
    b = original_button(article)  # type: ignore[arg-type]
    if b is None:
        return None
    if isinstance(b, tuple):
        return (str(b[0]), str(b[1]))
    url = getattr(b, "url", None)
    return (str(b.text), str(url)) if url else None


def render_article(row: ArticleRow) -> Rendered:
    """The push message of one stored article."""
    article = row_to_article(row)
    try:
        from bot.summarizer.render import render_message
    except ImportError:  # TEMPORARY until bot.summarizer.render lands: title + summary only
        return Rendered(html=digest_item(row).removeprefix("• "), button=None)
    text = render_message(article, row_summary(row))
    return Rendered(html=text, button=_button(article))


def digest_item(row: ArticleRow) -> str:
    """One article inside a digest: linked title and the short summary."""
    title = html.escape(row.title or row.id, quote=False)
    if row.url:
        title = f'<a href="{html.escape(row.url)}">{title}</a>'
    line = f"• <b>{title}</b>"
    summary = (row.summary or "").strip()
    if summary and summary != row.title:
        line += "\n" + html.escape(summary, quote=False)
    if len(line) > MAX_TEXT - 200:  # never let one item alone overflow a message
        line = f"• <b>{html.escape((row.title or row.id)[:300], quote=False)}</b>"
    return line


def digest_header(count: int, lang: str, quiet: bool) -> str:
    if lang == "en":
        what = "While you were in quiet hours" if quiet else "News digest"
        return f"<b>{what}</b> ({count})"
    what = "免打扰期间的新闻" if quiet else "新闻摘要"
    return f"<b>{what}</b>（{count} 条）"


def split_digest(header: str, items: list[str], limit: int = MAX_TEXT) -> list[tuple[str, int]]:
    """Messages of at most `limit` chars, each the header plus whole items.

    Returns (text, number of items) pairs, so the caller knows which deliveries
    each message carries. Items are never cut in the middle.
    """
    parts: list[tuple[str, int]] = []
    cur: list[str] = []
    size = len(header)
    for item in items:
        add = len(item) + 2
        if cur and size + add > limit:
            parts.append((header + "\n\n" + "\n\n".join(cur), len(cur)))
            cur, size = [], len(header)
        cur.append(item)
        size += add
    if cur:
        parts.append((header + "\n\n" + "\n\n".join(cur), len(cur)))
    return parts
