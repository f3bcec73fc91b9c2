"""What every handler needs: settings, engine, caches, and where an update came from.

Handlers stay thin: find out who/where (`Where`), check rights, call the
subscription layer in a worker thread (`db`), reply in the chat and topic the
command came from (`reply`).
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from telegram import Chat as TgChat
from telegram import InlineKeyboardMarkup, Message, MessageEntity, ReplyParameters, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.storage.outage import Outage
from bot.subscriptions import chats
from bot.telegram.permissions import MemberCache
from bot.telegram.ratelimit import CommandRateLimit
from bot.telegram.typed import addressed_channel, split_command

log = logging.getLogger(__name__)
T = TypeVar("T")
DEPS_KEY = "finews"
MAX_ARGS_CHARS = 500
MAX_TARGETS = 20
# Telegram's "GroupAnonymousBot": what an anonymous group admin's messages come from
ANONYMOUS_ADMIN_ID = 1087968824


@dataclass
class Deps:
    settings: Settings
    engine: Engine
    members: MemberCache = field(default_factory=MemberCache)
    ratelimit: CommandRateLimit | None = None
    # how long a supergroup's greeting waits for the migration that may have made it
    migration_grace: float = 3.0
    # pending clean-ups of command posts and replies in channels (kept so they are not GC'd)
    cleanups: dict[asyncio.Task, tuple[int, int]] = field(default_factory=dict)
    # a database outage as user updates meet it: told once (`handlers_chat.on_error`)
    outage: Outage | None = None
    outage_update: int | None = None  # the last update that met it

    def __post_init__(self) -> None:
        if self.ratelimit is None:
            self.ratelimit = CommandRateLimit(self.settings.telegram.commands_per_minute)


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data[DEPS_KEY]


async def db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking call (the database, a long lookup) off the event loop, which the
    delivery loop shares."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


@dataclass(frozen=True)
class Where:
    """The chat (and forum topic) an update belongs to."""

    chat_id: int
    kind: str  # private | group | supergroup | channel
    thread_id: int = 0
    title: str | None = None
    username: str | None = None
    message_id: int = 0  # the command's message: group replies are threaded to it

    @property
    def is_group(self) -> bool:
        return self.kind in (TgChat.GROUP, TgChat.SUPERGROUP)

    @property
    def is_channel(self) -> bool:
        return self.kind == TgChat.CHANNEL

    @classmethod
    def of_chat(cls, chat: TgChat, thread_id: int = 0, message_id: int = 0) -> Where:
        title = chat.title or " ".join(x for x in (chat.first_name, chat.last_name) if x) or None
        return cls(chat.id, chat.type, thread_id, title, chat.username, message_id)


def topic_of(message: Message | None) -> int:
    """A forum topic's thread id; 0 outside topics (a reply chain is not a topic)."""
    if message is not None and message.is_topic_message and message.message_thread_id:
        return message.message_thread_id
    return 0


def topic_unknown(message: object) -> bool:
    """A message too old for Telegram to show the bot comes with its chat and id only
    (date 0): in a forum, which topic it is in cannot be told, and General is not it."""
    chat = getattr(message, "chat", None)
    return not getattr(message, "is_accessible", True) and bool(getattr(chat, "is_forum", False))


def where(update: Update) -> Where | None:
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.effective_message
    # a button press's message is the bot's own: only commands are replied to
    mid = message.message_id if message is not None and update.callback_query is None else 0
    return Where.of_chat(chat, topic_of(message), mid)


async def upsert(d: Deps, w: Where) -> None:
    await db(
        chats.upsert_chat,
        d.engine,
        w.chat_id,
        w.kind,
        w.title,
        w.username,
        default_lang=d.settings.telegram.default_lang,
        default_tz=d.settings.delivery.timezone,
    )


async def lang_of(d: Deps, chat_id: int) -> str:
    return await db(chats.chat_lang, d.engine, chat_id, d.settings.telegram.default_lang)


async def reply(
    context: ContextTypes.DEFAULT_TYPE,
    w: Where,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send HTML into the chat and topic of `w` (link previews off: replies are short).

    In groups the reply is threaded to the command, so members see who asked what.
    In channels every subscriber would read it: it is deleted after
    `telegram.channel_reply_seconds` (the command post too, see `tidy_channel`).
    """
    threaded = w.is_group and w.message_id
    sent = await context.bot.send_message(
        w.chat_id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        message_thread_id=w.thread_id or None,
        disable_web_page_preview=True,
        reply_parameters=ReplyParameters(w.message_id, allow_sending_without_reply=True)
        if threaded
        else None,
    )
    if w.is_channel:
        delete_later(context, w.chat_id, sent.message_id)
    return sent


def delete_later(context: ContextTypes.DEFAULT_TYPE, chat_id: int, message_id: int) -> None:
    """Delete a message of a channel after `telegram.channel_reply_seconds` (0 = keep)."""
    d = deps(context)
    delay = d.settings.telegram.channel_reply_seconds
    if delay <= 0:
        return

    async def later() -> None:
        await asyncio.sleep(delay)
        try:
            await context.bot.delete_message(chat_id, message_id)
        except TelegramError as exc:  # already deleted, or the bot lost its rights
            log.info("could not delete message %s in channel %s: %s", message_id, chat_id, exc)

    task = asyncio.get_running_loop().create_task(later())
    d.cleanups[task] = (chat_id, message_id)
    task.add_done_callback(lambda t: d.cleanups.pop(t, None))


async def delete_now(bot: object, d: Deps) -> int:
    """On shutdown: delete the channel messages still waiting for their delay (a restart
    must not leave commands visible for good). Returns how many were deleted."""
    pending = list(d.cleanups.items())
    done = 0
    for task, (chat_id, message_id) in pending:
        task.cancel()
        try:
            await bot.delete_message(chat_id, message_id)  # type: ignore[attr-defined]
            done += 1
        except TelegramError as exc:
            log.info("could not delete message %s in channel %s: %s", message_id, chat_id, exc)
    return done


def tidy_channel(context: ContextTypes.DEFAULT_TYPE, w: Where) -> None:
    """A command posted in a channel is read by every subscriber: remove it with the reply."""
    if w.is_channel and w.message_id:
        delete_later(context, w.chat_id, w.message_id)


def command_args(update: Update) -> tuple[list[str], bool]:
    """(arguments after the command, too_long?). Works for channel posts too. In a private
    chat `/sub@finchan 600519` is `/sub @finchan 600519` (`addressed_channel`)."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    # `/sub贵州茅台`: Telegram's command is `/sub` (Latin letters only), the rest its argument
    ends = [e.length for e in (message.entities if message else ()) if _command_at_start(e)]
    if ends and ends[0] < len(text) and not text[ends[0]].isspace():
        text = f"{text[: ends[0]]} {text[ends[0] :]}"
    # `、 sub 600519`: `、sub 600519`; `/订阅600519`: `/订阅 600519`
    head, rest = split_command(text)
    channel = addressed_channel(head) if message and message.chat.type == TgChat.PRIVATE else None
    if channel is not None:
        rest = f"{channel} {rest}".strip()
    return rest.split(), len(rest) > MAX_ARGS_CHARS


def _command_at_start(entity: MessageEntity) -> bool:
    return entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE, w: Where) -> bool:
    """Private chats: yes. Channels (a channel post): yes, only admins can post.
    Groups: only administrators, including anonymous ones, and the group's linked channel
    (a channel's admins write in its discussion group as the channel)."""
    if w.kind == TgChat.PRIVATE or w.kind == TgChat.CHANNEL:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        sender = message.sender_chat
        if sender.id == w.chat_id:  # an anonymous admin writes as the group
            return True
        if sender.type != TgChat.CHANNEL:
            return False
        # a user may write as any public channel of theirs: only the linked one is the group's
        return sender.id == await deps(context).members.linked_chat(context.bot, w.chat_id)
    user = update.effective_user
    if user is None:
        return False
    if user.id == ANONYMOUS_ADMIN_ID:
        return True
    return await deps(context).members.is_admin(context.bot, w.chat_id, user.id)


async def press_refusal(
    context: ContextTypes.DEFAULT_TYPE, user_id: int, chat: Where
) -> str | None:
    """Why the user who pressed a button may not change `chat`: "not_admin", or "no_rights"
    (a channel the bot may not post in, whoever pressed: as `/sub @channel`, the bot's
    rights first, as Telegram hides a channel's admins from a bot that is none); None: they
    may. Buttons in groups and channels are seen by everyone, so this asks Telegram
    (cached) every time."""
    d = deps(context)
    if chat.kind == TgChat.PRIVATE:
        return None if user_id == chat.chat_id else "not_admin"
    if chat.kind == TgChat.CHANNEL and not await d.members.bot_can_post(context.bot, chat.chat_id):
        return "no_rights"
    if not await d.members.is_admin(context.bot, chat.chat_id, user_id):
        return "not_admin"
    return None
