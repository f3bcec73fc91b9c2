"""Chat settings (/digest /quiet /timezone /updates /lang; a private chat may name an
`@channel` first, see `handlers_settings.settable`), operator /stats, and the
plumbing every bot needs: unknown commands, plain text in private chats, the per-user
rate limit and the error handler. Membership changes and migration: `handlers_members`."""

from __future__ import annotations

import html
import logging
import time
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy.engine import Engine
from telegram import Chat as TgChat
from telegram import Update
from telegram.error import Forbidden, NetworkError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot.config import Settings
from bot.logs import redact
from bot.storage.outage import Outage, is_outage, ping
from bot.subscriptions import chats, service
from bot.subscriptions.targets import Target, parse_target, split_targets
from bot.subscriptions.zones import parse_zone, zone_label, zone_text
from bot.telegram.context import (
    Where,
    db,
    deps,
    lang_of,
    reply,
    tidy_channel,
    where,
)
from bot.telegram.handlers_settings import digest_words, quiet_words, settable, setting_word
from bot.telegram.handlers_subs import _start
from bot.telegram.i18n import LANGS, describe, t
from bot.telegram.keyboards import suggestions_keyboard, target_keyboard
from bot.telegram.typed import is_typed_command, spaced_form
from bot.telegram.views import prefix

log = logging.getLogger(__name__)


async def _say(
    context: ContextTypes.DEFAULT_TYPE, w: Where, there: Where, lang: str, text: str
) -> None:
    """Answer here; about a channel a private chat named, headed with its name."""
    await reply(context, w, prefix(lang, w, there) + text)


async def cmd_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await settable(update, context, look=True)
    if not got:
        return
    d, w, there, lang, args = got
    args = _unglued_daily(args)
    mode = setting_word(args[0]) if args else ""
    if not args:  # no argument: what is set now, and how to change it
        chat = await db(chats.get_chat, d.engine, there.chat_id)
        current = digest_words(lang, chat) if chat else ""
        await _say(context, w, there, lang, t(lang, "digest_current", current=current))
        return
    if mode in ("off", "关", "关闭") and len(args) == 1:
        await db(chats.update_chat, d.engine, there.chat_id, digest_mode="off", digest_time=None)
        await _say(context, w, there, lang, t(lang, "digest_off"))
    elif mode in ("hourly", "每小时") and len(args) == 1:
        await db(chats.update_chat, d.engine, there.chat_id, digest_mode="hourly", digest_time=None)
        await _say(context, w, there, lang, t(lang, "digest_hourly"))
    elif mode in DAILY_WORDS and len(args) <= 2:
        at = service.parse_time(args[1]) if len(args) == 2 else "08:00"
        if at is None:
            await _say(context, w, there, lang, t(lang, "digest_usage"))
            return
        chat = await db(
            chats.update_chat, d.engine, there.chat_id, digest_mode="daily", digest_time=at
        )
        zone = zone_label(chat.timezone, lang)
        await _say(context, w, there, lang, t(lang, "digest_daily", time=at, zone=zone))
    else:
        await _say(context, w, there, lang, t(lang, "digest_usage"))


DAILY_WORDS = ("daily", "每天", "每日")


def _unglued_daily(args: list[str]) -> list[str]:
    """`每天8点` as `每天 8点` (Chinese puts no space there), when what follows is a time."""
    if len(args) != 1:
        return args
    word = setting_word(args[0])
    for daily in DAILY_WORDS:
        rest = args[0][len(daily) :]
        if word.startswith(daily) and rest and service.parse_time(rest) is not None:
            return [args[0][: len(daily)], rest]
    return args


async def cmd_quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await settable(update, context, look=True)
    if not got:
        return
    d, w, there, lang, args = got
    text = " ".join(args)
    if not text:
        chat = await db(chats.get_chat, d.engine, there.chat_id)
        current = quiet_words(lang, chat) if chat else ""
        zone = zone_label(chat.timezone if chat else None, lang)
        await _say(context, w, there, lang, t(lang, "quiet_current", current=current, zone=zone))
        return
    if setting_word(text) in ("off", "关", "关闭"):
        await db(chats.update_chat, d.engine, there.chat_id, quiet_start=None, quiet_end=None)
        await _say(context, w, there, lang, t(lang, "quiet_off"))
        return
    span = service.parse_quiet(text) if len(text) <= 40 else None
    if span is None:
        await _say(context, w, there, lang, t(lang, "quiet_usage"))
        return
    chat = await db(
        chats.update_chat, d.engine, there.chat_id, quiet_start=span[0], quiet_end=span[1]
    )
    zone = zone_label(chat.timezone, lang)
    await _say(context, w, there, lang, t(lang, "quiet_set", start=span[0], end=span[1], zone=zone))


async def cmd_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await settable(update, context, look=True)
    if not got:
        return
    d, w, there, lang, args = got
    text = " ".join(args)
    if not text:
        chat = await db(chats.get_chat, d.engine, there.chat_id)
        name = chat.timezone if chat else None
        await _say(context, w, there, lang, t(lang, "tz_current", zone=zone_text(name, lang)))
        return
    name = parse_zone(text)
    if name is None:
        await _say(context, w, there, lang, t(lang, "tz_unknown", text=text[:40]))
        return
    await db(chats.update_chat, d.engine, there.chat_id, timezone=name)
    now = datetime.now(UTC).astimezone(ZoneInfo(name)).strftime("%H:%M")
    await _say(context, w, there, lang, t(lang, "tz_set", zone=zone_text(name, lang), now=now))


UPDATE_MODES = ("reply", "edit", "off")
# what a Chinese user writes for a mode (the usage names the English words)
UPDATE_WORDS = {"回复": "reply", "改写": "edit", "编辑": "edit", "关": "off", "关闭": "off"}
LANG_WORDS = {
    **dict.fromkeys(
        ("中文", "简体中文", "简体", "汉语", "chinese", "cn", "zh-cn", "zh-hans"), "zh"
    ),
    **dict.fromkeys(("英文", "英语", "english"), "en"),
}
# traditional Chinese (`setting_word` reads 繁體 as 繁体): simplified, saying there is no other
TRADITIONAL_WORDS = frozenset(
    ("繁体", "繁体中文", "繁中", "正体", "正体中文", "zh-tw", "zh-hk", "zh-hant", "traditional")
)


async def cmd_updates(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/updates reply|edit|off: how a story's update reaches this chat."""
    got = await settable(update, context)
    if not got:
        return
    d, w, there, lang, args = got
    mode = setting_word(args[0]) if len(args) == 1 else ""
    mode = UPDATE_WORDS.get(mode, mode)
    if mode not in UPDATE_MODES:
        await _say(context, w, there, lang, t(lang, "updates_usage"))
        return
    await db(chats.update_chat, d.engine, there.chat_id, updates=mode)
    await _say(context, w, there, lang, t(lang, f"updates_set_{mode}"))


async def cmd_lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    got = await settable(update, context)
    if not got:
        return
    d, w, there, lang, args = got
    choice = setting_word(args[0]) if len(args) == 1 else ""
    traditional = choice in TRADITIONAL_WORDS
    choice = "zh" if traditional else LANG_WORDS.get(choice, choice)
    if choice not in LANGS:
        await _say(context, w, there, lang, t(lang, "lang_usage"))
        return
    await db(chats.update_chat, d.engine, there.chat_id, lang=choice)
    # in the language set, a channel's name heading it too (as /settings @channel reads)
    key = "lang_set_traditional" if traditional else "lang_set"
    await _say(context, w, there, choice, t(choice, key))


def _stats_text(engine: Engine, settings: Settings, lang: str) -> str:
    from bot.ops.stats import collect_stats
    from bot.ops.stats_text import format_stats

    configured = {s.name: s.kind for s in settings.sources}  # removed ones: one line
    data = collect_stats(
        engine,
        tz=settings.delivery.timezone,
        sources=configured,
        silent_days=settings.outlets.silent_days,
    )
    return format_stats(data, lang)


async def cmd_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    d, w, lang = await _start(update, context)
    user = update.effective_user
    if user is None or user.id not in d.settings.telegram.admins:
        if w.kind == TgChat.PRIVATE:  # in a group, a stranger's /stats is not our business
            # the id is what the operator puts in [telegram] admins
            await reply(context, w, t(lang, "operator_only", id=user.id if user else "?"))
        return
    text = await db(_stats_text, d.engine, d.settings, lang)
    body = html.escape(text[:3800], quote=False)
    await reply(context, w, f"{t(lang, 'stats_head')}\n<pre>{body}</pre>")


# --------------------------------------------------------------------------- plumbing


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In groups only answer commands addressed to us: `/foo` may be another bot's. In a
    private chat every command is ours (`/foo@OtherBot` too: no other bot reads it)."""
    message = update.effective_message
    w = where(update)
    if message is None or w is None or not message.text:
        return
    command = message.text.split()[0]
    addressed = "@" in command
    ours = command.split("@", 1)[-1].lower() == (context.bot.username or "").lower()
    if w.kind != TgChat.PRIVATE and not (addressed and ours):
        return  # another bot's command, or one of a group's other bots'
    lang = await lang_of(deps(context), w.chat_id)
    tidy_channel(context, w)
    spaced = spaced_form(message.text) if w.kind == TgChat.PRIVATE else None
    if spaced is not None:  # `/订阅茅台`: the command to send, spaced
        await reply(context, w, t(lang, "unknown_command_spaced", command=spaced))
        return
    await reply(context, w, t(lang, "unknown_command"))


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A stock or outlet typed alone (`600519`, `每日经济新闻`) in a private chat: what it is,
    with [订阅] [最新] buttons, like a search box. Anything else: how to use the bot."""
    w = where(update)
    message = update.effective_message
    if w is None or message is None:
        return
    d = deps(context)
    lang = await lang_of(d, w.chat_id)
    words = split_targets([message.text or ""])
    if len(words) == 1 and len(words[0]) <= 40:
        catalog = await db(service.load_catalog, d.engine)
        found = await db(parse_target, words[0], catalog)  # suggestions: CPU, off the loop
        if isinstance(found, Target) and _looks_meant(found, words[0], catalog.stocks):
            text = t(lang, "found_target", item=describe(lang, found.kind, found.display))
            await reply(context, w, text, target_keyboard(lang, found))
            return
        options = [  # `hello`: no button for a ticker HELLO.US no directory lists
            x
            for x in getattr(found, "suggestions", ())
            if x.kind != "keyword" and (x.kind != "ticker" or catalog.stock_name(x.value))
        ]
        if options:
            keyboard = suggestions_keyboard(lang, options[:6])
            await reply(context, w, t(lang, "found_options", text=words[0]), keyboard)
            return
    await reply(context, w, t(lang, "private_hint"))


def _looks_meant(found: Target, word: str, known: dict[str, str]) -> bool:
    """An outlet, a known stock, or a code (`600519`, `$BABA`): not any Latin word (`hello`
    would read as the US ticker HELLO)."""
    if found.kind == "category":
        return True
    if found.kind != "ticker":
        return False
    return found.value in known or word.startswith("$") or any(ch.isdigit() for ch in word)


def _is_command(update: Update, username: str | None) -> bool:
    """A command (or press) this bot answers. Not another bot's (`/roll@DiceBot`), nor in
    a group one it does not have (`/weather`): an admin bot sees those too, and counting
    them told a group's player 操作太频繁了 in reply to a command meant for another bot."""
    from bot.telegram.app import COMMAND_HANDLERS  # app imports this module

    if update.callback_query is not None:
        return True
    message = update.message or update.channel_post
    if message is None or message.is_automatic_forward:  # a channel post's copy
        return False
    if is_typed_command(message.text, COMMAND_HANDLERS):  # `／sub`: in private chats only
        return message.chat.type == TgChat.PRIVATE
    if not message.text or not message.text.startswith("/"):
        return False
    if message.chat.type == TgChat.PRIVATE:  # `/sub@OtherBot` too: only this bot reads it
        return True
    name, _, to = message.text.split(maxsplit=1)[0][1:].partition("@")
    if to:
        return to.lower() == (username or "").lower()
    return name.lower() in COMMAND_HANDLERS


def _sender_id(update: Update) -> int | None:
    """Who the command limit counts: the user, or the chat a message was sent as. Every
    anonymous admin is GroupAnonymousBot and every post as a channel is Channel_Bot, one
    user id for all of Telegram, so those count as their group or channel instead."""
    message = update.message or update.channel_post
    if update.callback_query is None and message is not None and message.sender_chat:
        return message.sender_chat.id
    sender = update.effective_user or update.effective_chat
    return sender.id if sender is not None else None


async def rate_limit_guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before every handler (group -1): over the per-user limit -> stop here."""
    if not _is_command(update, context.bot.username):
        return
    d = deps(context)
    sender = _sender_id(update)
    if sender is None or d.ratelimit is None:
        return
    verdict = d.ratelimit.check(sender, time.monotonic())
    if verdict == "ok":
        return
    log.info("rate limit: %s sent too many commands (%s)", sender, verdict)
    w = where(update)
    lang = await lang_of(d, w.chat_id) if w else "zh"
    wait = max(1, round(d.ratelimit.wait(sender, time.monotonic())))
    if update.callback_query is not None:  # a toast costs the chat nothing: always say why
        await update.callback_query.answer(
            t(lang, "rate_limited", s=wait), show_alert=verdict == "warn"
        )
    elif verdict == "warn" and w is not None:
        await reply(context, w, t(lang, "rate_limited", s=wait))
    raise ApplicationHandlerStop


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log for the operator (token masked), a polite line for the user, never re-raise.

    A database outage is told once (`bot.storage.outage`), not with a traceback for each
    update that meets it; the user's answer is then in the bot's default language (the
    chat's own is in the database)."""
    err = context.error
    uid = update.update_id if isinstance(update, Update) else None
    what = describe_error(err)
    d = deps(context)
    down = err is not None and is_outage(err)
    if isinstance(err, Forbidden):  # blocked or removed while answering: expected
        log.info("update %s: could not answer: %s", uid, what)
        return
    if down and err is not None:
        d.outage = d.outage or Outage(log, "user updates", d.engine)
        d.outage.failed(err)
        d.outage_update = uid
    elif isinstance(err, NetworkError):  # a Bot API blip: PTB retries, no traceback needed
        log.warning("update %s failed: %s", uid, what)
    else:
        log.error("update %s failed: %s", uid, what, exc_info=err)
    if not isinstance(update, Update):
        return
    try:
        w = where(update)
        lang = d.settings.telegram.default_lang
        if w is not None and not down:
            lang = await lang_of(d, w.chat_id)
        if update.callback_query is not None:
            await update.callback_query.answer(t(lang, "error")[:190])
            return
        if w is not None and (update.message or update.channel_post):
            await reply(context, w, t(lang, "error"))
    except Exception as exc:  # the chat may be gone; nothing more to do
        log.info("could not tell the user about the error: %s", redact(str(exc)))


async def after_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs after every handler (the last group): the outage told ends, so the next is
    told again, once the database answers. An update that met no outage may have left
    the database alone (a group's chatter): it is asked then (`SELECT 1`), or an update
    needing no database ended an outage still going on, and the next told it anew."""
    d = deps(context)
    if d.outage is None or not d.outage.down or d.outage_update == update.update_id:
        return
    try:
        await db(ping, d.engine)
    except Exception as exc:
        d.outage.failed(exc)  # still down: quiet (DEBUG); any other error: logged
        return
    d.outage.ok()


def describe_error(err: BaseException | None) -> str:
    """`Forbidden: bot was blocked` (PTB's messages often start with the class name
    already: no `Forbidden: Forbidden:`), token masked."""
    if err is None:
        return "unknown error"
    name, text = type(err).__name__, redact(str(err))
    return text if text.startswith(name) else f"{name}: {text}"
