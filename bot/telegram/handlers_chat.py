"""Chat settings (/pause /resume /digest /quiet /timezone /lang), operator /stats, and the
plumbing every bot needs: membership changes, group migration, unknown commands,
the per-user rate limit and the error handler."""

from __future__ import annotations

import html
import logging
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from telegram import Chat as TgChat
from telegram import ChatMember, Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.delivery import outbox
from bot.logs import redact
from bot.subscriptions import service
from bot.subscriptions.zones import DEFAULT_ZONE, parse_zone, zone_label
from bot.telegram.context import (
    Where,
    command_args,
    db,
    deps,
    lang_of,
    may_change,
    reply,
    upsert,
    where,
)
from bot.telegram.handlers_subs import _start
from bot.telegram.i18n import LANGS, Html, esc, t

log = logging.getLogger(__name__)


async def _settable(update: Update, context: ContextTypes.DEFAULT_TYPE):  # type: ignore[no-untyped-def]
    """(deps, where, lang, args) if the sender may change this chat's settings, else None
    (and the sender was told why)."""
    d, w, lang = await _start(update, context)
    if not await may_change(update, context, w):
        await reply(context, w, t(lang, "admins_only"))
        return None
    args, _ = command_args(update)
    return d, w, lang, args


async def cmd_pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if got:
        d, w, lang, _ = got
        held = await db(outbox.pause, d.engine, w.chat_id)
        await reply(context, w, t(lang, "paused_held", n=held) if held else t(lang, "paused"))


async def cmd_resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if got:
        d, w, lang, _ = got
        held = await db(outbox.resume, d.engine, w.chat_id)
        await reply(context, w, t(lang, "resumed_held", n=held) if held else t(lang, "resumed"))


async def cmd_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if not got:
        return
    d, w, lang, args = got
    mode = args[0].lower() if args else ""
    if mode in ("off", "关", "关闭") and len(args) == 1:
        await db(service.update_chat, d.engine, w.chat_id, digest_mode="off", digest_time=None)
        await reply(context, w, t(lang, "digest_off"))
    elif mode in ("hourly", "每小时") and len(args) == 1:
        await db(service.update_chat, d.engine, w.chat_id, digest_mode="hourly", digest_time=None)
        await reply(context, w, t(lang, "digest_hourly"))
    elif mode in ("daily", "每天") and len(args) <= 2:
        at = service.parse_hhmm(args[1]) if len(args) == 2 else "08:00"
        if at is None:
            await reply(context, w, t(lang, "digest_usage"))
            return
        chat = await db(
            service.update_chat, d.engine, w.chat_id, digest_mode="daily", digest_time=at
        )
        await reply(
            context, w, t(lang, "digest_daily", time=at, zone=zone_label(chat.timezone, lang))
        )
    else:
        await reply(context, w, t(lang, "digest_usage"))


async def cmd_quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if not got:
        return
    d, w, lang, args = got
    text = " ".join(args)
    if text.lower() in ("off", "关", "关闭"):
        await db(service.update_chat, d.engine, w.chat_id, quiet_start=None, quiet_end=None)
        await reply(context, w, t(lang, "quiet_off"))
        return
    span = service.parse_quiet(text) if len(text) <= 40 else None
    if span is None:
        await reply(context, w, t(lang, "quiet_usage"))
        return
    chat = await db(
        service.update_chat, d.engine, w.chat_id, quiet_start=span[0], quiet_end=span[1]
    )
    zone = zone_label(chat.timezone, lang)
    await reply(context, w, t(lang, "quiet_set", start=span[0], end=span[1], zone=zone))


async def cmd_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if not got:
        return
    d, w, lang, args = got
    text = " ".join(args)
    if not text:
        chat = await db(service.get_chat, d.engine, w.chat_id)
        name = chat.timezone if chat else DEFAULT_ZONE
        await reply(context, w, t(lang, "tz_current", zone=zone_label(name, lang), name=name))
        return
    name = parse_zone(text)
    if name is None:
        await reply(context, w, t(lang, "tz_unknown", text=text[:40]))
        return
    await db(service.update_chat, d.engine, w.chat_id, timezone=name)
    now = datetime.now(UTC).astimezone(ZoneInfo(name)).strftime("%H:%M")
    await reply(context, w, t(lang, "tz_set", zone=zone_label(name, lang), name=name, now=now))


async def cmd_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Anyone may look (like /list); changing is for those `_settable` lets through."""
    d, w, lang = await _start(update, context)
    chat = await db(service.get_chat, d.engine, w.chat_id)
    n = await db(service.count_subscriptions, d.engine, w.chat_id)
    assert chat is not None  # _start created it
    if chat.digest_mode == "daily":
        digest = t(lang, "set_digest_daily", time=chat.digest_time or "08:00")
    else:
        digest = t(lang, f"set_digest_{'hourly' if chat.digest_mode == 'hourly' else 'off'}")
    quiet = (
        f"{chat.quiet_start}-{chat.quiet_end}"
        if chat.quiet_start and chat.quiet_end
        else t(lang, "set_quiet_off")
    )
    text = t(
        lang,
        "settings",
        push=Html(t(lang, "set_push_paused" if chat.paused else "set_push_on")),
        digest=Html(digest),
        quiet=Html(esc(quiet)),
        updates=Html(t(lang, f"set_updates_{chat.updates or 'reply'}")),
        zone=zone_label(chat.timezone, lang),
        tz=chat.timezone,
        n=n,
    )
    await reply(context, w, text)


UPDATE_MODES = ("reply", "edit", "off")


async def cmd_updates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/updates reply|edit|off: how a story's update reaches this chat."""
    got = await _settable(update, context)
    if not got:
        return
    d, w, lang, args = got
    mode = args[0].lower() if len(args) == 1 else ""
    if mode not in UPDATE_MODES:
        await reply(context, w, t(lang, "updates_usage"))
        return
    await db(service.update_chat, d.engine, w.chat_id, updates=mode)
    await reply(context, w, t(lang, f"updates_set_{mode}"))


async def cmd_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await _settable(update, context)
    if not got:
        return
    d, w, lang, args = got
    choice = args[0].lower() if len(args) == 1 else ""
    choice = {"中文": "zh", "cn": "zh", "zh-cn": "zh", "english": "en"}.get(choice, choice)
    if choice not in LANGS:
        await reply(context, w, t(lang, "lang_usage"))
        return
    await db(service.update_chat, d.engine, w.chat_id, lang=choice)
    await reply(context, w, t(choice, "lang_set"))


def _stats_text(engine: Engine, tz: str) -> str:
    from bot.ops.stats import collect_stats, format_stats

    return format_stats(collect_stats(engine, tz=tz))


async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d, w, lang = await _start(update, context)
    user = update.effective_user
    if user is None or user.id not in d.settings.telegram.admins:
        await reply(context, w, t(lang, "operator_only"))
        return
    text = await db(_stats_text, d.engine, d.settings.delivery.timezone)
    body = html.escape(text[:3800], quote=False)
    await reply(context, w, f"{t(lang, 'stats_head')}\n<pre>{body}</pre>")


# --------------------------------------------------------------------------- plumbing


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -> supergroup: Telegram tells both chats; the move is idempotent."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    d = deps(context)
    moved = await db(service.migrate_chat, d.engine, old, new)
    rows = await db(outbox.chat_migrated, d.engine, old, new)
    d.members.forget(old)
    log.info(
        "migration %s -> %s handled (%d subscriptions, %d pending deliveries moved now)",
        old,
        new,
        moved,
        rows,
    )


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to or removed from a chat: keep `chats.active` true to life."""
    change = update.my_chat_member
    if change is None:
        return
    d = deps(context)
    w = Where.of_chat(change.chat)
    status = change.new_chat_member.status
    d.members.forget(w.chat_id)
    if status in (ChatMember.LEFT, ChatMember.BANNED):
        ended = await db(outbox.chat_removed, d.engine, w.chat_id, "removed")
        log.info(
            "bot removed from chat %s (%s): %d pending deliveries ended", w.chat_id, w.kind, ended
        )
        return
    await upsert(d, w)
    log.info("bot is %s in chat %s (%s)", status, w.chat_id, w.kind)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups only answer commands addressed to us: `/foo` may be another bot's."""
    message = update.effective_message
    w = where(update)
    if message is None or w is None or not message.text:
        return
    command = message.text.split()[0]
    addressed = "@" in command
    if addressed and command.split("@", 1)[1].lower() != (context.bot.username or "").lower():
        return  # another bot's command
    if w.kind != TgChat.PRIVATE and not addressed:
        return
    lang = await lang_of(deps(context), w.chat_id)
    await reply(context, w, t(lang, "unknown_command"))


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    w = where(update)
    if w is None:
        return
    lang = await lang_of(deps(context), w.chat_id)
    await reply(context, w, t(lang, "private_hint"))


def _is_command(update: Update) -> bool:
    if update.callback_query is not None:
        return True
    message = update.message or update.channel_post
    return bool(message and message.text and message.text.startswith("/"))


async def rate_limit_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1): over the per-user limit -> stop here."""
    if not _is_command(update):
        return
    d = deps(context)
    sender = update.effective_user or update.effective_chat
    if sender is None or d.ratelimit is None:
        return
    verdict = d.ratelimit.check(sender.id, time.monotonic())
    if verdict == "ok":
        return
    log.info("rate limit: %s sent too many commands (%s)", sender.id, verdict)
    if verdict == "warn":
        w = where(update)
        lang = await lang_of(d, w.chat_id) if w else "zh"
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "rate_limited"), show_alert=True)
        elif w is not None:
            await reply(context, w, t(lang, "rate_limited"))
    elif update.callback_query is not None:
        await update.callback_query.answer()
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log for the operator (token masked), a polite line for the user, never re-raise."""
    err = context.error
    uid = update.update_id if isinstance(update, Update) else None
    log.error(
        "update %s failed: %s: %s",
        uid,
        type(err).__name__,
        redact(str(err)),
        exc_info=err if err is not None and not _is_network(err) else None,
    )
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(t("zh", "error")[:190])
            return
        w = where(update)
        if w is not None and (update.message or update.channel_post):
            lang = await lang_of(deps(context), w.chat_id)
            await reply(context, w, t(lang, "error"))
    except Exception as exc:  # the chat may be gone; nothing more to do
        log.info("could not tell the user about the error: %s", redact(str(exc)))


def _is_network(err: BaseException) -> bool:
    from telegram.error import NetworkError

    return isinstance(err, NetworkError)
