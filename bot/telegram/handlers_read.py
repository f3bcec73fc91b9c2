"""Reading subscriptions back: /list, /sources, /latest (the read-only commands).

Thin as the others: parse the command, read through `bot.subscriptions`, reply.
`/list @channel` in a private chat reads a channel the user administers.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot.render import View
from bot.subscriptions import chats, service
from bot.subscriptions.latest import latest_for_chat, latest_for_targets, others_told
from bot.subscriptions.targets import Target, parse_targets, split_targets
from bot.telegram.context import MAX_TARGETS, Deps, Where, command_args, db, reply
from bot.telegram.handlers_subs import (
    _pick_lines,
    _start,
    _unknown_line,
    channel_elsewhere,
    named_channel,
    target_chat,
)
from bot.telegram.i18n import t
from bot.telegram.keyboards import suggestions_keyboard, unbuttoned
from bot.telegram.render import send_latest
from bot.telegram.views import list_view, sources_view


async def cmd_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d, w, lang = await _start(update, context)
    args, _ = command_args(update)
    if await channel_elsewhere(update, context, w, lang, args):
        return
    there: Where | None = w
    if named_channel(w, args):
        there, _rest = await target_chat(update, context, w, lang, args)
    if there is None:
        return
    text, keyboard = await list_view(d, lang, there, w)
    await reply(context, w, text, keyboard)


async def cmd_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d, w, lang = await _start(update, context)
    args, too_long = command_args(update)
    if too_long:  # not every outlet, as if no query had been typed
        await reply(context, w, t(lang, "args_too_long"))
        return
    query = " ".join(split_targets(args))[:30]
    text, keyboard = await sources_view(d, lang, w, 0, query)
    await reply(context, w, text, keyboard)


async def cmd_latest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d, w, lang = await _start(update, context)
    args, too_long = command_args(update)
    if too_long:
        await reply(context, w, t(lang, "args_too_long"))
        return
    words = split_targets(args)[:MAX_TARGETS]
    if words:
        catalog = await db(service.load_catalog, d.engine)
        ok, bad = await db(parse_targets, words, catalog)  # suggestions: CPU, off the loop
        if bad:
            suggestions = [s for u in bad for s in u.suggestions][:8]
            keyboard = suggestions_keyboard(lang, suggestions, latest=True)
            missing = unbuttoned(suggestions, latest=True)
            lines = [_unknown_line(lang, u) for u in bad]
            lines += _pick_lines(lang, "pick_one_latest", "/latest", keyboard, missing)
            await reply(context, w, "\n".join(lines), keyboard)
            return
        await show_latest(context, d, w, lang, ok)
        return
    subs = await db(service.list_subscriptions, d.engine, w.chat_id, w.thread_id)
    if not subs:
        # a forum's General reads its own; the topics' are read in the topics
        topics = 0 if w.thread_id else await db(service.count_subscriptions, d.engine, w.chat_id)
        await reply(context, w, t(lang, "latest_in_topics" if topics else "latest_no_subs"))
        return
    await show_latest(context, d, w, lang, None)


async def show_latest(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, w: Where, lang: str, targets: list[Target] | None
) -> None:
    """The 5 newest articles of `targets` (None: of the chat's subscriptions), or why none."""
    if targets is None:
        rows = await db(latest_for_chat, d.engine, w.chat_id, w.thread_id, limit=5)
    else:
        rows = await db(latest_for_targets, d.engine, targets, limit=5)
    if not rows:
        await reply(context, w, t(lang, "latest_none"))
        return
    chat = await db(chats.get_chat, d.engine, w.chat_id)
    zone = chat.timezone if chat and chat.timezone else d.settings.delivery.timezone
    others = await db(others_told, d.engine, rows)
    await send_latest(context, w, rows, View(zone=zone, lang=lang), others)
