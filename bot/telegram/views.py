"""Screens the bot shows and refreshes in place: /list pages, /sources pages.

A command sends a screen; its buttons (remove, page, toggle) edit the same message,
so both paths build it here.
"""

from __future__ import annotations

import html
import logging
from dataclasses import replace

from telegram import CallbackQuery, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.parser.outlets import outlet_slug
from bot.subscriptions import chats, readback, service
from bot.subscriptions.targets import KNOWN_OUTLETS
from bot.telegram.context import Deps, Where, db, reply, topic_unknown
from bot.telegram.i18n import describe, t
from bot.telegram.keyboards import LIST_PER_PAGE, list_keyboard, sources_keyboard

log = logging.getLogger(__name__)


async def show(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    here: Where,
    text: str,
    keyboard: InlineKeyboardMarkup | None,
    *,
    topic: int | None = None,
) -> None:
    """A pressed button's screen, in place of the message it is under; as a new message
    when Telegram no longer lets the bot edit that one (older than 48 hours: "message
    can't be edited"), so the page still turns and the list still shows what is left.

    Sent anew into the message's forum topic; `topic`: that topic when the caller knows it
    and the message does not say (`topic_unknown`). Not knowing it, nothing is sent: in
    General the screen would be another topic's, read by all (the press's toast said
    what was done)."""
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
        )
    except BadRequest as exc:
        why = str(exc).lower()
        if "not modified" in why:  # pressed twice: the screen is already so
            return
        if "can't be edited" not in why and "message to edit not found" not in why:
            raise
        if topic is not None:
            here = replace(here, thread_id=topic)
        elif topic_unknown(query.message):
            log.info(
                "chat %s: could not edit a button's message (%s), topic unknown", here.chat_id, exc
            )
            return
        log.info("chat %s: could not edit a button's message (%s): sent anew", here.chat_id, exc)
        await reply(context, here, text, keyboard)


async def refused_toast(d: Deps, lang: str, there: Where, reason: str, key: str) -> str:
    """What a refused press says (`context.press_refusal`): `key` (only admins may) for one
    who is no admin; for a channel the bot may no longer post in, that, what to restore,
    and, once the outbox holds its news (`chats.no_rights_at`), that they wait."""
    if reason != "no_rights":
        return t(lang, key)
    chat = await db(chats.get_chat, d.engine, there.chat_id)
    title = there.title or (f"@{there.username}" if there.username else there.chat_id)
    text = t(lang, "channel_no_rights_toast", title=title)
    if chat is not None and chat.no_rights_at is not None:
        text += t(lang, "channel_no_rights_held")
    return html.unescape(text)[:200]


def prefix(lang: str, here: Where, there: Where) -> str:
    """`频道 财经频道：` when a private chat acts on a channel."""
    if here.chat_id == there.chat_id:
        return ""
    return t(lang, "channel_prefix", title=there.title or there.username or there.chat_id)


async def list_view(
    d: Deps, lang: str, there: Where, here: Where, page: int = 0
) -> tuple[str, InlineKeyboardMarkup | None]:
    """One page of /list: numbered lines and a ❌ button each, ‹ › between pages.

    The operator's `[[channels]]` routes are marked 📌 and get no button: only the
    config changes them.
    """
    subs = await db(service.list_subscriptions, d.engine, there.chat_id, there.thread_id)
    head = prefix(lang, here, there)
    # a forum's General lists its own; say how many the topics hold, or it reads as none
    elsewhere = 0
    if not there.thread_id:
        elsewhere = await db(service.count_subscriptions, d.engine, there.chat_id) - len(subs)
    if not subs:
        if elsewhere:
            return head + t(lang, "list_empty_general", n=elsewhere), None
        return head + t(lang, "list_empty"), None
    pages = max(1, -(-len(subs) // LIST_PER_PAGE))
    page = min(max(0, page), pages - 1)
    first = page * LIST_PER_PAGE
    chunk = subs[first : first + LIST_PER_PAGE]
    key = "list_topic_head" if there.thread_id else "list_head"
    lines = [head + t(lang, key, n=len(subs))]
    catalog = await db(service.load_catalog, d.engine) if readback.needs_names(chunk) else None
    shown = [readback.shown(s, catalog) for s in chunk]  # names for stocks stored without one
    for i, (s, name) in enumerate(zip(chunk, shown, strict=True), first + 1):
        mark = " 📌" if s.from_config else ""
        lines.append(f"{i}. {describe(lang, s.kind, name)}{mark}")
    if any(s.from_config for s in subs):
        lines.append(t(lang, "list_managed_note"))
    if elsewhere:
        lines.append(t(lang, "list_elsewhere", n=elsewhere))
    channel = there.chat_id if there.chat_id != here.chat_id else None
    rows = [
        (s.id or 0, s.kind, name) for s, name in zip(chunk, shown, strict=True) if not s.from_config
    ]
    return "\n".join(lines), list_keyboard(lang, rows, channel, page, pages)


def all_outlets(d: Deps, query: str) -> list[tuple[str, str, int]]:
    """Outlets seen (most articles first), then the site's known outlets not seen yet."""
    seen = service.list_outlets(d.engine, query)
    have = {slug for slug, _, _ in seen}
    q = query.strip().lower()
    for name in KNOWN_OUTLETS:
        slug = outlet_slug(name)
        if slug not in have and (not q or q in name.lower() or q in slug):
            seen.append((slug, name, 0))
            have.add(slug)
    return seen


async def sources_view(
    d: Deps, lang: str, w: Where, page: int, query: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    outlets = await db(all_outlets, d, query)
    if not outlets:
        return t(lang, "sources_none", query=query), None
    subs = await db(service.list_subscriptions, d.engine, w.chat_id, w.thread_id)
    subscribed = {s.value for s in subs if s.kind == "category"}
    keyboard, page, pages = sources_keyboard(lang, outlets, page, query, subscribed)
    if query:
        head = t(lang, "sources_query_head", query=query, page=page + 1, pages=pages)
    else:
        head = t(lang, "sources_head", page=page + 1, pages=pages)
    return head, keyboard
