"""Inline button presses: subscribe (examples, suggestions, /sources), remove (/list),
/sources pages. Every press is answered (Telegram shows a spinner until then) and
re-checks the presser's rights: a button in a group is visible to everyone."""

from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import Chat as TgChat
from telegram.constants import ParseMode
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.subscriptions import service
from bot.subscriptions.targets import MENTIONS_MARK, Catalog, Target
from bot.telegram.context import Deps, Where, db, deps, lang_of, topic_of, upsert
from bot.telegram.handlers_subs import list_view, sources_view
from bot.telegram.i18n import describe, t
from bot.telegram.keyboards import Parsed, parse_data

log = logging.getLogger(__name__)


def _plain(lang: str, target: Target) -> str:
    return html.unescape(describe(lang, target.kind, target.display))


async def _allowed(context: ContextTypes.DEFAULT_TYPE, user_id: int, chat: Where) -> bool:
    d = deps(context)
    if chat.kind == TgChat.PRIVATE:
        return user_id == chat.chat_id
    if not await d.members.is_admin(context.bot, chat.chat_id, user_id):
        return False
    if chat.kind == TgChat.CHANNEL:
        return await d.members.bot_can_post(context.bot, chat.chat_id)
    return True


async def _target_chat(
    context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, here: Where, p: Parsed
) -> Where | None:
    if p.chat is None or p.chat == here.chat_id:
        return here
    d = deps(context)
    chat = await db(service.get_chat, d.engine, p.chat)
    if chat is None:
        return None
    return Where(chat.id, chat.kind, 0, chat.title, chat.username)


async def _permitted_chat(
    context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, here: Where, lang: str, p: Parsed
) -> Where | None:
    """The chat the press changes, or None (press answered) when the presser may not."""
    there = await _target_chat(context, query, here, p)
    if there is None or not await _allowed(context, query.from_user.id, there):
        await query.answer(t(lang, "admins_only_toast"), show_alert=True)
        return None
    return there


def _display(catalog: Catalog, kind: str, value: str) -> str:
    if kind == "category":
        return catalog.outlets.get(value, value)
    if kind == "ticker":
        return catalog.stock_display(value)
    return value


def _mark_pressed(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """The same keyboard with ✅ in front of the pressed button."""
    if markup is None:
        return None
    rows = []
    changed = False
    for row in markup.inline_keyboard:
        new_row = []
        for b in row:
            if b.callback_data == data and not b.text.startswith("✅"):
                b = InlineKeyboardButton("✅ " + b.text, callback_data=b.callback_data)
                changed = True
            new_row.append(b)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows) if changed else None


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    d = deps(context)
    message = query.message
    p = parse_data(query.data)
    if p is None or message is None or not hasattr(message, "chat"):
        await query.answer()
        return
    here = Where.of_chat(message.chat, topic_of(message))  # type: ignore[arg-type]
    lang = await lang_of(d, here.chat_id)
    if p.action == "noop":
        await query.answer()
    elif p.action == "src":
        text, keyboard = await sources_view(d, lang, here, p.number, p.value)
        await query.answer()
        await _edit(query, text, keyboard)  # type: ignore[arg-type]
    elif p.action == "sub":
        await _subscribe(context, query, d, here, lang, p)
    elif p.action == "rm":
        await _remove(context, query, d, here, lang, p)


async def _subscribe(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
) -> None:
    there = await _permitted_chat(context, query, here, lang, p)
    if there is None:
        return
    await upsert(d, there)
    catalog = await db(service.load_catalog, d.engine)
    display = _display(catalog, p.kind, p.value) + (MENTIONS_MARK if p.mentions else "")
    target = Target(p.kind, p.value, display, p.mentions)
    try:
        res = await db(
            service.add_subscriptions,
            d.engine,
            there.chat_id,
            [target],
            thread_id=there.thread_id,
            created_by=query.from_user.id,
            limit=d.settings.telegram.max_subscriptions,
        )
    except service.LimitExceeded as exc:
        text = html.unescape(t(lang, "limit", limit=exc.limit, adding=exc.adding))
        await query.answer(text[:190], show_alert=True)
        return
    key = "subscribed_toast" if res.added else "already_toast"
    await query.answer(html.unescape(t(lang, key, item=_plain(lang, target)))[:190])
    marked = _mark_pressed(getattr(query.message, "reply_markup", None), query.data or "")
    if marked is not None:
        try:
            await query.edit_message_reply_markup(marked)
        except BadRequest as exc:  # e.g. the message is too old to edit: harmless
            log.info("could not mark button: %s", exc)


async def _remove(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
) -> None:
    there = await _permitted_chat(context, query, here, lang, p)
    if there is None:
        return
    sub = await db(service.remove_subscription_id, d.engine, there.chat_id, p.number)
    if sub is None:
        await query.answer(t(lang, "gone_toast"))
    else:
        target = service.target_of(sub)
        await query.answer(html.unescape(t(lang, "removed_toast", item=_plain(lang, target))))
    # the list shows one topic: refresh it from where the subscription lived
    view_of = there if sub is None else Where(there.chat_id, there.kind, sub.thread_id, there.title)
    text, keyboard = await list_view(d, lang, view_of, here)
    await _edit(query, text, keyboard)  # type: ignore[arg-type]


async def _edit(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    try:
        await query.edit_message_text(
            text, parse_mode=ParseMode.HTML, reply_markup=keyboard, disable_web_page_preview=True
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise
