"""Articles shown by /latest, rendered exactly like pushes.

The push format belongs to the summarizer (`bot.summarizer.render.render_message`)
and stored rows convert back with `bot.storage.articles.row_to_article/row_summary`;
/latest uses them so users see the same message they would have been pushed.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence

from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.storage.articles import row_summary, row_to_article
from bot.storage.models import ArticleRow
from bot.summarizer.render import render_message, render_text
from bot.telegram.context import Where

log = logging.getLogger(__name__)


def render_row(row: ArticleRow) -> str:
    """Telegram HTML of one stored article, as a push."""
    return render_message(row_to_article(row), row_summary(row))


def plain_fallback(row: ArticleRow) -> str:
    """Used only if the push renderer fails on a row: title, summary, link; all escaped."""
    parts = [f"<b>{html.escape(row.title, quote=False)}</b>"]
    if row.summary:
        parts.append(html.escape(row.summary, quote=False))
    if row.url:
        parts.append(f'<a href="{html.escape(row.url)}">阅读原文</a>')
    return "\n\n".join(parts)


async def send_articles(
    context: ContextTypes.DEFAULT_TYPE, w: Where, rows: Sequence[ArticleRow]
) -> None:
    """Oldest first, so the newest ends at the bottom of the chat like a feed."""
    for row in sorted(rows, key=lambda r: (r.published_at, r.id)):
        try:
            text = render_row(row)
        except Exception:
            log.exception("rendering article %s failed; sending a plain version", row.id)
            text = plain_fallback(row)
        try:
            await context.bot.send_message(
                w.chat_id,
                text,
                parse_mode=ParseMode.HTML,
                message_thread_id=w.thread_id or None,
                disable_web_page_preview=True,
            )
        except BadRequest as exc:
            if "parse entities" not in str(exc).lower():
                raise
            log.warning("article %s HTML refused by Telegram (%s); sent as text", row.id, exc)
            await context.bot.send_message(
                w.chat_id, render_text(text), message_thread_id=w.thread_id or None
            )
