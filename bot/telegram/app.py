"""The Telegram Application: handlers, commands menu, config channel routes.

`build_application(settings, engine)` is what `bot.app` runs. Polling is the
default; `telegram.mode = "webhook"` makes `bot.app` call PTB's
`updater.start_webhook` with `telegram.webhook_url`, `webhook_listen`,
`webhook_port` and `webhook_secret` (needs PTB's webhooks extra, i.e. tornado).
`post_init` (commands menu + `[[channels]]` routes) runs from PTB's
`run_polling/run_webhook`; a runner that starts the Application by hand must
await `application.post_init(application)` itself, as `bot.app` does.
"""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from telegram import BotCommand, Message, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.config import ChannelRoute, Settings
from bot.delivery.limiter import SendLimiter
from bot.delivery.pace import SharedPace
from bot.logs import redact, register_secret
from bot.subscriptions import routes, service
from bot.subscriptions.tme import channel_ref
from bot.telegram import handlers_chat as chat
from bot.telegram import handlers_members as members
from bot.telegram import handlers_read as read
from bot.telegram import handlers_subs as subs
from bot.telegram.context import DEPS_KEY, Deps, db, delete_now
from bot.telegram.handlers_buttons import on_button
from bot.telegram.handlers_settings import cmd_pause, cmd_resume, cmd_settings
from bot.telegram.i18n import COMMANDS
from bot.telegram.relay import RELAY_GROUP, UpdateRelay
from bot.telegram.typed import is_typed_command, split_command, typed_command

log = logging.getLogger(__name__)

ALLOWED_UPDATES = ["message", "channel_post", "callback_query", "my_chat_member"]
# commands work in messages and channel posts (not in edits: an edit re-running /sub surprises;
# nor in a channel post's copy Telegram forwards into the channel's discussion group)
COMMAND_UPDATES = (
    filters.UpdateType.MESSAGE | filters.UpdateType.CHANNEL_POST
) & ~filters.IS_AUTOMATIC_FORWARD

COMMAND_HANDLERS = {
    "start": subs.cmd_start,
    "help": subs.cmd_help,
    "sub": subs.cmd_sub,
    "unsub": subs.cmd_unsub,
    "list": read.cmd_list,
    "sources": read.cmd_sources,
    "latest": read.cmd_latest,
    "pause": cmd_pause,
    "resume": cmd_resume,
    "digest": chat.cmd_digest,
    "quiet": chat.cmd_quiet,
    "timezone": chat.cmd_timezone,
    "settings": cmd_settings,
    "updates": chat.cmd_updates,
    "lang": chat.cmd_lang,
    "stats": chat.cmd_stats,
}


class _TypedCommand(filters.MessageFilter):
    """`／sub 阿里巴巴`, `、sub 阿里巴巴`: a Chinese keyboard's slash (`bot.telegram.typed`)."""

    def filter(self, message: Message) -> bool:
        return is_typed_command(message.text, COMMAND_HANDLERS)


TYPED_COMMAND = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & _TypedCommand()


async def on_typed_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`／sub …` or `、sub …` in a private chat is the command `/sub …`: one rule for every
    command (a group's members chatting are not answered: this runs in private chats only)."""
    text = update.effective_message.text if update.effective_message else None
    name = typed_command(text, COMMAND_HANDLERS)
    await COMMAND_HANDLERS.get(name or "", chat.on_unknown_command)(update, context)


PRIVATE_COMMAND = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.COMMAND


async def on_private_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command in a private chat that no CommandHandler took: `/sub@OtherBot 600519`
    (copied from a group) is `/sub 600519`, as nobody but this bot reads a private chat,
    and so is `/sub600519` (`typed.split_command`); one the bot does not have is answered
    as unknown."""
    text = update.effective_message.text if update.effective_message else None
    name = split_command(text or "/")[0][1:].partition("@")[0].lower()  # `/sub600519`: sub
    await COMMAND_HANDLERS.get(name, chat.on_unknown_command)(update, context)


async def on_other_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command no CommandHandler took in a group or channel: `/sub600519@ThisBot` (a
    code glued on, `typed.split_command`) is addressed to this bot, so it is `/sub 600519`;
    any other is `handlers_chat.on_unknown_command`'s (another bot's stays unanswered)."""
    text = update.effective_message.text if update.effective_message else None
    name, _, to = split_command(text or "/")[0][1:].partition("@")
    ours = bool(to) and to.lower() == (context.bot.username or "").lower()
    handler = COMMAND_HANDLERS.get(name.lower()) if ours else None
    await (handler or chat.on_unknown_command)(update, context)


def webhook_options(settings: Settings) -> dict:
    """Keyword arguments for PTB's `updater.start_webhook` from `[telegram]` (webhook mode).

    Telegram POSTs updates to `webhook_url`; the bot listens on
    `webhook_listen:webhook_port` at that URL's path (TLS is expected to end at a
    reverse proxy) and checks `webhook_secret` in every request's header.
    """
    from urllib.parse import urlsplit

    tg = settings.telegram
    if not tg.webhook_url.startswith("https://") and not tg.webhook_url.startswith("http://"):
        raise ValueError('telegram.mode = "webhook" needs telegram.webhook_url = "https://..."')
    return {
        "listen": tg.webhook_listen,
        "port": tg.webhook_port,
        "url_path": urlsplit(tg.webhook_url).path.lstrip("/"),
        "webhook_url": tg.webhook_url,
        "secret_token": tg.webhook_secret or None,
        "allowed_updates": ALLOWED_UPDATES,
    }


def polling_error(exc: TelegramError) -> None:
    """getUpdates failed (PTB retries with backoff): one line, no traceback, for a blip.

    PTB's default logs every failed poll at ERROR with a traceback, so a minute of Bot
    API trouble filled the log with stack traces of its own network code.
    """
    from telegram.error import Conflict, NetworkError

    text = redact(str(exc))
    if isinstance(exc, Conflict):
        log.error("telegram: another process polls updates with this token (%s)", text)
    elif isinstance(exc, NetworkError):
        log.warning("telegram: getUpdates failed (%s); retrying", text)
    else:
        log.error("telegram: getUpdates failed: %s: %s", type(exc).__name__, text)


class NoTokenError(ValueError):
    """No bot token configured: the bot cannot talk to Telegram."""


def reply_limiter() -> AIORateLimiter:
    """Command replies are few: no pacing, but a reply Telegram answers with 429 (a busy
    group) waits `retry_after` and is sent again instead of being lost."""
    return AIORateLimiter(overall_max_rate=0, group_max_rate=0, max_retries=3)


def build_application(
    settings: Settings,
    engine: Engine,
    pace: SendLimiter | None = None,
    relay: UpdateRelay | None = None,
) -> Application:
    """All handlers wired to the subscription layer; nothing is sent until it runs.

    `pace`: the delivery worker's limiter, so replies and pushes keep one pace
    (`bot.delivery.pace`); without it replies are not paced (only retried on 429).
    `relay`: while this replica does not send, its updates go to the one that does
    (`bot.telegram.relay`), so replies leave from the process that keeps the pace.
    """
    tg = settings.telegram
    if not tg.token:
        raise NoTokenError(
            "no Telegram bot token: set [telegram] token or FINEWS_BOT_TOKEN "
            "(to try the bot without Telegram, run `finews-bot demo`)"
        )
    register_secret(tg.token)
    app = (
        ApplicationBuilder()
        .token(tg.token)
        .base_url(tg.base_url)
        .base_file_url(tg.base_file_url)
        .post_init(post_init)
        .post_stop(post_stop)
        .job_queue(None)  # sources are polled by bot.scheduler, not PTB's job queue
        .rate_limiter(SharedPace(pace) if pace is not None else reply_limiter())
        .build()
    )
    app.bot_data[DEPS_KEY] = Deps(settings, engine)
    if relay is not None:
        app.add_handler(TypeHandler(Update, relay.guard), group=RELAY_GROUP)
    add_handlers(app)
    return app


LAST_GROUP = 100  # after every handler: `handlers_chat.after_update`


def add_handlers(app: Application) -> None:
    app.add_handler(TypeHandler(Update, chat.rate_limit_guard), group=-1)
    for name, fn in COMMAND_HANDLERS.items():
        app.add_handler(CommandHandler(name, fn, filters=COMMAND_UPDATES))
    app.add_handler(MessageHandler(TYPED_COMMAND, on_typed_command))
    app.add_handler(CallbackQueryHandler(on_button))
    app.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, members.on_migrate))
    app.add_handler(ChatMemberHandler(members.on_my_chat_member, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_handler(MessageHandler(PRIVATE_COMMAND, on_private_command))
    app.add_handler(MessageHandler(filters.COMMAND & COMMAND_UPDATES, on_other_command))
    app.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE & filters.TEXT,
            chat.on_private_text,
        )
    )
    app.add_handler(TypeHandler(Update, chat.after_update), group=LAST_GROUP)
    app.add_error_handler(chat.on_error)


async def post_init(app: Application) -> None:
    """Commands menu (Chinese by default, English for English clients) and config routes.

    Failures are logged, not raised: the bot still works without a menu.
    """
    try:
        await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS["zh"]])
        await app.bot.set_my_commands(
            [BotCommand(c, d) for c, d in COMMANDS["en"]], language_code="en"
        )
    except TelegramError as exc:
        log.warning("setMyCommands failed: %s", exc)
    deps: Deps = app.bot_data[DEPS_KEY]
    await apply_channel_routes(app, deps)


async def post_stop(app: Application) -> None:
    """Channel commands and replies still waiting to be deleted go now, not never."""
    n = await delete_now(app.bot, app.bot_data[DEPS_KEY])
    if n:
        log.info("deleted %d channel messages early on shutdown", n)


async def apply_channel_routes(app: Application, deps: Deps) -> int:
    """`[[channels]]` routes -> from_config subscriptions; returns how many were applied."""
    applied = 0
    if not deps.settings.channels:
        return 0
    catalog = await db(service.load_catalog, deps.engine)
    for route in deps.settings.channels:
        try:
            applied += await _apply_route(app, deps, route, catalog)
        except Exception:  # one bad route must not stop the bot
            log.exception("channel route %s could not be applied", route.chat)
    return applied


async def _apply_route(app: Application, deps: Deps, route: ChannelRoute, catalog) -> int:  # type: ignore[no-untyped-def]
    ref = route.chat
    if isinstance(ref, str) and ref.lstrip("-").isdigit():
        ref = int(ref)
    elif isinstance(ref, str):  # `https://t.me/name` as copied from the channel: @name
        ref = channel_ref(ref) or ref
    try:
        tg_chat = await app.bot.get_chat(ref)
        chat_id, kind, title, username = tg_chat.id, tg_chat.type, tg_chat.title, tg_chat.username
    except TelegramError as exc:
        if not isinstance(ref, int):
            log.error("channel route %s: Telegram does not know this chat (%s)", ref, exc)
            return 0
        log.warning("channel route %s: getChat failed (%s); using the id as is", ref, exc)
        chat_id, kind, title, username = ref, "channel" if ref < 0 else "private", None, None
    targets, bad = routes.route_targets(catalog, route.categories, route.tickers, route.keywords)
    for item in bad:
        log.error("channel route %s: cannot understand %r (skipped)", route.chat, item)
    n = await db(routes.apply_route, deps.engine, chat_id, kind, title, username, targets)
    log.info("channel route %s -> chat %s: %d subscriptions", route.chat, chat_id, n)
    return n
