"""What the bot tells a chat on its own initiative (not as a reply to a command).

The delivery worker calls these when a send shows something changed: a forum topic
was deleted, so its subscriptions ended and the group's admins should know why the
news stopped there; or the bot may no longer post in a chat, so the admins who
subscribed it hear so privately (the chat itself cannot be written to).
"""

from __future__ import annotations

import html
import logging
from typing import Any

from sqlalchemy.engine import Engine
from telegram.error import TelegramError

from bot.delivery import outbox
from bot.subscriptions import chats, service
from bot.telegram.i18n import Html, describe, t

log = logging.getLogger(__name__)


def topic_gone(engine: Engine, chat_id: int, thread_id: int) -> str | None:
    """End a deleted topic's subscriptions; the plain-text notice for the group (None when
    the topic had none left, e.g. a second push to it failed the same way)."""
    lang, removed = service.drop_topic(engine, chat_id, thread_id)
    if not removed:
        return None
    items = Html("、".join(describe(lang, x.kind, x.display) for x in removed))
    return html.unescape(t(lang, "topic_gone", n=len(removed), items=items))


def rights_lost(engine: Engine, chat_id: int) -> list[tuple[int, str]] | None:
    """The bot may not post in the chat: mark it and hold its rows (`outbox.lacks_rights`).
    Returns the plain-text notices (user id, text) for the admins who subscribed it and
    talk to the bot privately, or None when the chat was marked already (told before)."""
    if not outbox.lacks_rights(engine, chat_id):
        return None
    chat = chats.get_chat(engine, chat_id)
    name = (chat.title or (f"@{chat.username}" if chat.username else None)) if chat else None
    title = name or str(chat_id)
    return [
        (user_id, html.unescape(t(lang, "rights_lost", title=title)))
        for user_id, lang in chats.reachable_admins(engine, chat_id)
    ]


async def tell_privately(bot: Any, notices: list[tuple[int, str]], chat_id: int) -> int:
    """Send each (user, text) of `notices` about `chat_id`; how many arrived. One who has
    blocked the bot since, or a blip, is logged and not retried."""
    told = 0
    for user_id, text in notices:
        try:
            await bot.send_message(user_id, text)
            told += 1
        except TelegramError as exc:
            log.info("could not tell user %s about chat %s: %s", user_id, chat_id, exc)
    return told
