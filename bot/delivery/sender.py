"""The Telegram side of sending: a Bot for delivery, one send call, error details.

The delivery worker gets its own `Bot` (not the Application's): a connection pool
sized for `delivery.max_in_flight` and no PTB rate limiter in the way, because the
worker paces itself per chat (`bot.delivery.limiter`).
"""

from __future__ import annotations

import warnings
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message
from telegram.constants import ParseMode
from telegram.error import RetryAfter

from bot.config import Settings
from bot.delivery.store import Unit
from bot.render import MAX_MESSAGE, render_text

# 400 answers meaning the chat is gone for good (403 always means that)
CHAT_GONE = ("chat not found", "user not found", "peer_id_invalid", "chat_write_forbidden")


def make_delivery_bot(settings: Settings) -> Any:
    """A Bot for sending, pointed at `telegram.base_url` (a test server in tests)."""
    from telegram import Bot
    from telegram.request import HTTPXRequest

    tg = settings.telegram
    request = HTTPXRequest(
        connection_pool_size=settings.delivery.max_in_flight + 4,
        read_timeout=30.0,
        pool_timeout=30.0,
    )
    return Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url, request=request)


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds (PTB 22 gives an int or a timedelta, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def markup(unit: Unit) -> InlineKeyboardMarkup | None:
    """The "original article" button of a push (digests have none)."""
    if unit.button is None or unit.digest:
        return None
    label, url = unit.button
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


async def send_unit(bot: Any, unit: Unit) -> Message:
    """One sendMessage: HTML (or plain text after Telegram refused the HTML), no link
    preview, into the forum topic when the subscription was made in one."""
    return await bot.send_message(
        chat_id=unit.chat_id,
        text=render_text(unit.html)[:MAX_MESSAGE] if unit.as_plain else unit.html,
        parse_mode=None if unit.as_plain else ParseMode.HTML,
        link_preview_options=LinkPreviewOptions(is_disabled=True),
        message_thread_id=unit.thread_id or None,
        reply_markup=markup(unit),
    )
