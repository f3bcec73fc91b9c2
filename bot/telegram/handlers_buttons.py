"""Inline button presses: subscribe (examples, suggestions, /sources), unsubscribe (✅ in
/sources, 🔕 under a push), remove (/list), /list and /sources pages, latest news of
a target, /settings toggles. Every press is answered (Telegram shows a spinner until
then) and re-checks the presser's rights: a button in a group is visible to everyone."""

from __future__ import annotations

import html
import logging

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.subscriptions import chats, service
from bot.subscriptions.targets import MENTIONS_MARK, Catalog, Target
from bot.telegram.context import (
    Deps,
    Where,
    db,
    deps,
    lang_of,
    press_refusal,
    topic_of,
    topic_unknown,
    upsert,
)
from bot.telegram.handlers_read import show_latest
from bot.telegram.handlers_settings import on_settings_button
from bot.telegram.i18n import describe, t
from bot.telegram.keyboards import (
    Parsed,
    outlet_button,
    parse_data,
    sub_data,
    unsub_all_keyboard,
    unsub_data,
)
from bot.telegram.views import list_view, prefix, refused_toast, show, sources_view

log = logging.getLogger(__name__)


def _plain(lang: str, target: Target) -> str:
    return html.unescape(describe(lang, target.kind, target.display))


async def _target_chat(
    context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, here: Where, p: Parsed
) -> Where | None:
    if p.chat is None or p.chat == here.chat_id:
        return here
    d = deps(context)
    chat = await db(chats.get_chat, d.engine, p.chat)
    if chat is None:
        return None
    return Where(chat.id, chat.kind, 0, chat.title, chat.username)


async def _permitted_chat(
    context: ContextTypes.DEFAULT_TYPE, query: CallbackQuery, here: Where, lang: str, p: Parsed
) -> Where | None:
    """The chat the press changes, or None (press answered) when the presser may not."""
    there = await _target_chat(context, query, here, p)
    refusal = (
        "not_admin" if there is None else await press_refusal(context, query.from_user.id, there)
    )
    if refusal is not None:
        text = await refused_toast(deps(context), lang, there or here, refusal, "admins_only_toast")
        await query.answer(text, show_alert=True)
        return None
    return there


def _display(catalog: Catalog, kind: str, value: str) -> str:
    if kind == "category":
        return catalog.outlets.get(value, value)
    if kind == "ticker":
        return catalog.stock_display(value)
    return value


def _checked(b: InlineKeyboardButton) -> InlineKeyboardButton | None:
    """The pressed button with ✅ in front (None if it has one)."""
    if b.text.startswith("✅"):
        return None
    return InlineKeyboardButton("✅ " + b.text, callback_data=b.callback_data)


def _replace_button(
    markup: InlineKeyboardMarkup | None, data: str, new: object
) -> InlineKeyboardMarkup | None:
    """The keyboard with the button of `data` replaced by `new(button)` (None: unchanged)."""
    if markup is None:
        return None
    rows = []
    changed = False
    for row in markup.inline_keyboard:
        new_row = []
        for b in row:
            if b.callback_data == data:
                repl = new(b)  # type: ignore[operator]
                if repl is not None:
                    b, changed = repl, True
            new_row.append(b)
        rows.append(new_row)
    return InlineKeyboardMarkup(rows) if changed else None


async def _set_markup(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    if markup is None:
        return
    try:
        await query.edit_message_reply_markup(markup)
    except BadRequest as exc:  # e.g. the message is too old to edit: harmless
        log.info("could not update buttons: %s", exc)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    d = deps(context)
    message = query.message
    p = parse_data(query.data)
    if message is None or not hasattr(message, "chat"):
        await query.answer()
        return
    here = Where.of_chat(message.chat, topic_of(message))  # type: ignore[arg-type]
    lang = await lang_of(d, here.chat_id)
    if p is None:  # not this release's data (a newer one's, after going back a version)
        await query.answer(t(lang, "stale_button_toast"), show_alert=True)
    elif p.action in TOPIC_ACTIONS and topic_unknown(message):
        await query.answer(t(lang, "old_topic_toast"), show_alert=True)
    elif p.action == "noop":
        await query.answer()
    elif p.action == "src":
        text, keyboard = await sources_view(d, lang, here, p.number, p.value)
        await query.answer()
        await show(context, query, here, text, keyboard)
    elif p.action in CHANGES:  # re-checked per press: a group's buttons are seen by all
        there = await _permitted_chat(context, query, here, lang, p)
        if there is not None:
            await CHANGES[p.action](context, query, d, here, lang, p, there)
    elif p.action == "list":
        await _list_page(context, query, d, here, lang, p)
    elif p.action == "latest":
        await query.answer()
        catalog = await db(service.load_catalog, d.engine)
        target = Target(p.kind, p.value, _display(catalog, p.kind, p.value))
        await show_latest(context, d, here, lang, [target])
    elif p.action == "set":
        there = await _target_chat(context, query, here, p)
        if there is None:
            await query.answer(t(lang, "gone_toast"))
        else:
            await on_settings_button(context, query, here, lang, p.value, there)


# presses that act on (or show) the topic the message is in; removing by id and the
# chat-wide settings do not need it
TOPIC_ACTIONS = ("sub", "unsub", "list", "src", "latest", "unall")


async def _subscribe(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
    there: Where,
) -> None:
    await upsert(d, there)
    catalog = await db(service.load_catalog, d.engine)
    display = p.display or _display(catalog, p.kind, p.value) + (
        MENTIONS_MARK if p.mentions else ""
    )
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
    keyboard = getattr(query.message, "reply_markup", None)
    data = query.data or ""
    marked = _replace_button(
        keyboard,
        data,
        lambda b: (
            outlet_button(target, True)  # /sources: the button becomes a ✅ toggle
            if b.text == target.display and p.chat is None and unsub_data(target)
            else _checked(b)
        ),
    )
    await _set_markup(query, marked)


async def _unsubscribe(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
    there: Where,
) -> None:
    """✅ in /sources or 🔕 under a push: stop this target in this chat (or topic)."""
    catalog = await db(service.load_catalog, d.engine)
    target = Target(p.kind, p.value, _display(catalog, p.kind, p.value))
    res = await db(
        service.remove_subscriptions, d.engine, there.chat_id, [target], thread_id=there.thread_id
    )
    if res.managed:
        await query.answer(html.unescape(t(lang, "managed_toast"))[:190], show_alert=True)
        return
    key = "unsubscribed_toast" if res.removed else "not_subscribed_toast"
    await query.answer(html.unescape(t(lang, key, item=_plain(lang, target)))[:190])
    keyboard = getattr(query.message, "reply_markup", None)
    data = query.data or ""
    done = InlineKeyboardButton(t(lang, "btn_unsubscribed"), callback_data="noop")
    marked = _replace_button(
        keyboard,
        data,
        lambda b: (
            outlet_button(target, False)  # /sources: back to a plain button
            if b.text == "✅ " + target.display and sub_data(target)
            else done
        ),  # under a push: the button says it is done
    )
    await _set_markup(query, marked)


async def _unsub_all(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
    there: Where,
) -> None:
    """`/unsub all`'s buttons: remove every subscription of this chat (topic), or keep them."""
    if p.value != "y":
        await query.answer()
        await show(context, query, here, t(lang, "unsub_all_cancelled"), None)
        return
    try:
        res = await db(
            service.remove_all,
            d.engine,
            there.chat_id,
            thread_id=there.thread_id,
            expect=p.number or None,
        )
    except service.CountChanged as exc:  # subscribed more (or fewer) since: ask again
        if not exc.now:  # none left: a second tap of 全部取消 (the first removed them), or
            # they were removed since; either way done, and the message may say so already
            await query.answer(t(lang, "unsub_all_gone_toast"))
            return
        await query.answer(t(lang, "unsub_all_changed_toast"), show_alert=True)
        channel = there.chat_id if there.chat_id != here.chat_id else None
        text = t(lang, "unsub_all_ask", n=exc.now)
        keyboard = unsub_all_keyboard(lang, channel, exc.now)
        await show(context, query, here, prefix(lang, here, there) + text, keyboard)
        return
    await query.answer()
    lines = [t(lang, "unsub_all_done", n=len(res.removed))]
    if res.managed:
        lines.append(t(lang, "unsub_all_managed", n=len(res.managed)))
    await show(context, query, here, "\n".join(lines), None)


async def _list_page(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
) -> None:
    there = await _target_chat(context, query, here, p)
    if there is None:
        await query.answer(t(lang, "gone_toast"))
        return
    # anyone reads the list of the chat they are in; a channel's, as /list @channel, admins only
    refusal = None
    if there.chat_id != here.chat_id:
        refusal = await press_refusal(context, query.from_user.id, there)
    if refusal is not None:
        text = await refused_toast(d, lang, there, refusal, "admins_only_toast")
        await query.answer(text, show_alert=True)
        return
    await query.answer()
    text, keyboard = await list_view(d, lang, there, here, p.page)
    await show(context, query, here, text, keyboard)


async def _remove(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    d: Deps,
    here: Where,
    lang: str,
    p: Parsed,
    there: Where,
) -> None:
    try:
        sub = await db(service.remove_subscription_id, d.engine, there.chat_id, p.number)
    except service.Managed as exc:
        sub = exc.sub
        await query.answer(html.unescape(t(lang, "managed_toast"))[:190], show_alert=True)
    else:
        if sub is None:
            await query.answer(t(lang, "gone_toast"))
        else:
            target = service.target_of(sub)
            await query.answer(html.unescape(t(lang, "removed_toast", item=_plain(lang, target))))
    # the list shows one topic: refresh it from where the subscription lived (and, sent
    # anew, into that topic: the message may not say which it is in, `show`)
    view_of = there if sub is None else Where(there.chat_id, there.kind, sub.thread_id, there.title)
    text, keyboard = await list_view(d, lang, view_of, here, p.page)
    topic = sub.thread_id if sub is not None and there.chat_id == here.chat_id else None
    await show(context, query, here, text, keyboard, topic=topic)


# presses that change a chat (this one, or the channel their data names): each runs with
# that chat, once the presser may change it (`_permitted_chat`)
CHANGES = {"sub": _subscribe, "unsub": _unsubscribe, "rm": _remove, "unall": _unsub_all}
