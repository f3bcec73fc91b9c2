"""/latest: stored articles sent to the asking chat exactly as they would be pushed."""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping, Sequence
from dataclasses import replace

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.render import (
    DEFAULT_VIEW,
    Message,
    View,
    digest_item,
    original_label,
    render_push,
    render_text,
    split_digest,
)
from bot.storage.articles import row_summary, row_to_article
from bot.storage.models import ArticleRow
from bot.telegram.context import Where, reply
from bot.telegram.i18n import t

log = logging.getLogger(__name__)


def render_row(row: ArticleRow, view: View = DEFAULT_VIEW) -> Message:
    """The push of one stored article, for this chat's view."""
    return render_push(row_to_article(row), row_summary(row), view)


def plain_fallback(row: ArticleRow, lang: str = "zh") -> Message:
    """Used only if the push renderer fails on a row: title and summary, all escaped."""
    parts = [f"<b>{html.escape(row.title, quote=False)}</b>"]
    if row.summary:
        parts.append(html.escape(row.summary, quote=False))
    button = (original_label(lang), row.url) if row.url and row.url.startswith("http") else None
    return Message(html="\n\n".join(parts), button=button)


def _markup(message: Message) -> InlineKeyboardMarkup | None:
    if message.button is None:
        return None
    text, url = message.button
    return InlineKeyboardMarkup([[InlineKeyboardButton(text, url=url)]])


async def send_articles(
    context: ContextTypes.DEFAULT_TYPE,
    w: Where,
    rows: Sequence[ArticleRow],
    view: View = DEFAULT_VIEW,
    others: Mapping[str, int] | None = None,
) -> None:
    """Oldest first, so the newest ends at the bottom of the chat like a feed; `others`
    says how many other articles told each one's story (另有N家媒体报道)."""
    for row in sorted(rows, key=lambda r: (r.published_at, r.id)):
        try:
            message = render_row(row, replace(view, others=(others or {}).get(row.id, 0)))
        except Exception:
            log.exception("rendering article %s failed; sending a plain version", row.id)
            message = plain_fallback(row, view.lang)
        try:
            await context.bot.send_message(
                w.chat_id,
                message.html,
                parse_mode=ParseMode.HTML,
                message_thread_id=w.thread_id or None,
                disable_web_page_preview=True,
                reply_markup=_markup(message),
            )
        except BadRequest as exc:
            if "parse entities" not in str(exc).lower():
                raise
            log.warning("article %s HTML refused by Telegram (%s); sent as text", row.id, exc)
            await context.bot.send_message(
                w.chat_id,
                render_text(message.html),
                message_thread_id=w.thread_id or None,
                reply_markup=_markup(message),
            )


async def send_latest(
    context: ContextTypes.DEFAULT_TYPE,
    w: Where,
    rows: Sequence[ArticleRow],
    view: View = DEFAULT_VIEW,
    others: Mapping[str, int] | None = None,
) -> None:
    """/latest: in a private chat the pushes themselves; in a group or channel, where every
    member reads what one asked for, a single compact message (titles linked, newest
    last) instead of five full pushes; two when long summaries (`[summary] max_chars`)
    do not fit one, so no article the header counts is left out."""
    if w.kind == "private":
        await send_articles(context, w, rows, view, others)
        return
    items = []
    for row in sorted(rows, key=lambda r: (r.published_at, r.id)):
        try:
            told = replace(view, others=(others or {}).get(row.id, 0))
            items.append(digest_item(row_to_article(row), row_summary(row), told))
        except Exception:
            log.exception("rendering article %s for /latest failed; skipped", row.id)
    if not items:
        return
    head = t(view.lang, "latest_head", n=len(items))
    for text, _n in split_digest(head, items):
        await reply(context, w, text)
