"""What every handler needs: settings, engine, caches, and where an update came from.

Handlers stay thin: find out who/where (`Where`), check rights, call the
subscription layer in a worker thread (`db`), reply in the chat and topic the
command came from (`reply`).
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from telegram import Chat as TgChat
from telegram import InlineKeyboardMarkup, Message, Update
from telegram.constants import ParseMode
from telegram.ext import ContextTypes

from bot.config import Settings
from bot.subscriptions import service
from bot.telegram.permissions import MemberCache
from bot.telegram.ratelimit import CommandRateLimit

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

    def __post_init__(self) -> None:
        if self.ratelimit is None:
            self.ratelimit = CommandRateLimit(self.settings.telegram.commands_per_minute)


def deps(context: ContextTypes.DEFAULT_TYPE) -> Deps:
    return context.bot_data[DEPS_KEY]


async def db(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking database call off the event loop (the delivery loop shares it)."""
    return await asyncio.to_thread(functools.partial(fn, *args, **kwargs))


@dataclass(frozen=True)
class Where:
    """The chat (and forum topic) an update belongs to."""

    chat_id: int
    kind: str  # private | group | supergroup | channel
    thread_id: int = 0
    title: str | None = None
    username: str | None = None

    @property
    def is_group(self) -> bool:
        return self.kind in (TgChat.GROUP, TgChat.SUPERGROUP)

    @classmethod
    def of_chat(cls, chat: TgChat, thread_id: int = 0) -> Where:
        title = chat.title or " ".join(x for x in (chat.first_name, chat.last_name) if x) or None
        return cls(chat.id, chat.type, thread_id, title, chat.username)


def topic_of(message: Message | None) -> int:
    """A forum topic's thread id; 0 outside topics (a reply chain is not a topic)."""
    if message is not None and message.is_topic_message and message.message_thread_id:
        return message.message_thread_id
    return 0


def where(update: Update) -> Where | None:
    chat = update.effective_chat
    if chat is None:
        return None
    message = update.effective_message
    return Where.of_chat(chat, topic_of(message))


async def upsert(d: Deps, w: Where) -> None:
    await db(
        service.upsert_chat,
        d.engine,
        w.chat_id,
        w.kind,
        w.title,
        w.username,
        default_lang=d.settings.telegram.default_lang,
        default_tz=d.settings.delivery.timezone,
    )


async def lang_of(d: Deps, chat_id: int) -> str:
    return await db(service.chat_lang, d.engine, chat_id, d.settings.telegram.default_lang)


async def reply(
    context: ContextTypes.DEFAULT_TYPE,
    w: Where,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
) -> Message:
    """Send HTML into the chat and topic of `w` (link previews off: replies are short)."""
    return await context.bot.send_message(
        w.chat_id,
        text,
        parse_mode=ParseMode.HTML,
        reply_markup=keyboard,
        message_thread_id=w.thread_id or None,
        disable_web_page_preview=True,
    )


def command_args(update: Update) -> tuple[list[str], bool]:
    """(arguments after the command, too_long?). Works for channel posts too."""
    message = update.effective_message
    text = (message.text or "") if message else ""
    parts = text.split(maxsplit=1)
    rest = parts[1] if len(parts) > 1 else ""
    return rest.split(), len(rest) > MAX_ARGS_CHARS


async def may_change(update: Update, context: ContextTypes.DEFAULT_TYPE, w: Where) -> bool:
    """Private chats: yes. Channels (a channel post): yes, only admins can post.
    Groups: only administrators, including anonymous ones."""
    if w.kind == TgChat.PRIVATE or w.kind == TgChat.CHANNEL:
        return True
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id == w.chat_id  # anonymous admin writes as the group
    user = update.effective_user
    if user is None:
        return False
    if user.id == ANONYMOUS_ADMIN_ID:
        return True
    return await deps(context).members.is_admin(context.bot, w.chat_id, user.id)
