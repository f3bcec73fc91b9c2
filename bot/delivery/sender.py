"""The Telegram side of sending: a Bot for delivery, one send call, what its outcome means.

The delivery worker gets its own `Bot` (not the Application's): a connection pool
sized for `delivery.max_in_flight` and no PTB rate limiter in the way, because the
worker paces itself per chat (`bot.delivery.limiter`).

What a failed send means depends on how far the request got (`Exchange`, filled by
httpx event hooks around each send):
- an HTTP answer arrived (status line read): Telegram processed the request. A 2xx
  answer the client cannot read (a truncated body, `{"ok":true,"result":true}`) is a
  delivered message (DELIVERED); 429 and 5xx are not delivered; other 4xx are refusals.
- no connection, or the request not fully written (connect error/timeout, pool
  timeout, write error): Telegram never saw it (NOT_DELIVERED), retried freely.
- written but no answer (read timeout, reset or close before the answer): Telegram
  may have delivered it (UNKNOWN). Resending risks a duplicate, so it is resent at
  most `delivery.resend_unknown` times (default 1, 0 = never).
Timeouts are short (`delivery.send_timeout`, 5 s): a hung request holds an in-flight
slot, and enough of them would stall the pace.
"""

from __future__ import annotations

import contextvars
import warnings
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from telegram import (
    Chat,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, RetryAfter, TelegramError

from bot.config import Settings
from bot.delivery.store import Unit
from bot.render import MAX_MESSAGE, render_text
from bot.storage.types import utcnow
from bot.telegram.keyboards import push_keyboard  # polish: the bot's callback formats

# 400 answers meaning the chat is gone for good (403 always means that)
CHAT_GONE = ("chat not found", "user not found", "peer_id_invalid")
# 400 answers meaning the bot is still in the chat but may not post there (for now): an
# admin took "Post Messages" from it in a channel, restricted it in a group, or the group
# lets no member write (CHAT_WRITE_FORBIDDEN, CHAT_SEND_PLAIN_FORBIDDEN), or Telegram
# restricted the chat. The chat's rows wait (`Attempts._no_rights`); lower case.
NO_RIGHTS = (
    "need administrator rights",
    "not enough rights to send",
    "have no rights to send",
    "chat_restricted",
    "chat_write_forbidden",
    "chat_send_plain_forbidden",
)


# 400 answers refusing the 阅读原文 button's link (not the message): resent without it
BUTTON_REFUSED = ("button_url_invalid", "keyboard button url", "wrong http url")


def lacks_rights(message: str) -> bool:
    """Telegram refused a send because the bot may not post in that chat (`NO_RIGHTS`)."""
    text = message.lower()
    return any(k in text for k in NO_RIGHTS)


def make_delivery_bot(settings: Settings) -> Any:
    """A Bot for sending, pointed at `telegram.base_url` (a test server in tests)."""
    from telegram import Bot

    tg = settings.telegram
    request = delivery_request(settings.delivery.max_in_flight + 4, settings.delivery.send_timeout)
    return Bot(tg.token, base_url=tg.base_url, base_file_url=tg.base_file_url, request=request)


def delivery_request(pool: int, timeout: float) -> Any:
    """PTB's HTTPX request with the hooks `outcome` needs and one timeout for every phase."""
    from telegram.request import HTTPXRequest

    return HTTPXRequest(
        connection_pool_size=pool,
        read_timeout=timeout,
        write_timeout=timeout,
        connect_timeout=timeout,
        pool_timeout=timeout,
        httpx_kwargs={"event_hooks": EVENT_HOOKS},
    )


DELIVERED, NOT_DELIVERED, UNKNOWN = "delivered", "not_delivered", "unknown"
# httpx errors raised before the request was completely written: Telegram never saw it
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.UnsupportedProtocol,
    httpx.ProxyError,
)


@dataclass
class Exchange:
    """The status of the answer to one send, if one came (set by `EVENT_HOOKS`)."""

    status: int | None = None


_exchange: contextvars.ContextVar[Exchange | None] = contextvars.ContextVar(
    "delivery_exchange", default=None
)


async def _on_response(response: httpx.Response) -> None:
    """Runs once the status line and headers are read, before the body."""
    ex = _exchange.get()
    if ex is not None:
        ex.status = response.status_code


EVENT_HOOKS = {"response": [_on_response]}


def outcome(exc: BaseException, ex: Exchange) -> str:
    """DELIVERED / NOT_DELIVERED / UNKNOWN for a send that raised `exc` (see module doc).

    Telegram's own refusals (403, 400, 429, migrated) are handled before this by type.
    Without an answer and without an error proving the request was not sent, the
    verdict is UNKNOWN (the cautious side: at most `resend_unknown` more copies).
    """
    if ex.status is not None:
        return DELIVERED if 200 <= ex.status < 300 else NOT_DELIVERED
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, httpx.HTTPError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, _NOT_SENT):
        return NOT_DELIVERED
    if isinstance(exc, TelegramError) and "Pool timeout" in str(exc):
        return NOT_DELIVERED
    return UNKNOWN


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` in seconds (PTB 22 gives an int or a timedelta, with a warning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def markup(unit: Unit) -> InlineKeyboardMarkup | None:
    """A push's buttons: the original article, 🔕 for what matched (a digest's parts have
    neither; a lone held item sent as a push has them)."""
    return push_keyboard(unit.lang, unit.button, unit.unsub)


async def send_unit(bot: Any, unit: Unit, ex: Exchange | None = None) -> Message:
    """One sendMessage: HTML (or plain text after Telegram refused the HTML), no link
    preview, into the forum topic when the subscription was made in one. A story's
    update replies to the chat's earlier push silently, or edits that push in place.
    `ex` records how far the request got (for `outcome`): the send's, not the edit's."""
    text = render_text(unit.html)[:MAX_MESSAGE] if unit.as_plain else unit.html
    parse_mode = None if unit.as_plain else ParseMode.HTML
    token = _exchange.set(ex)
    try:
        if unit.edit_of is not None:
            edited = await _edit(bot, unit, text, parse_mode)
            if edited is not None:
                return edited
            if ex is not None:  # the edit's answer (400) says nothing about the send
                ex.status = None
        reply = (
            ReplyParameters(message_id=unit.reply_to, allow_sending_without_reply=True)
            if unit.reply_to is not None
            else None
        )
        return await bot.send_message(
            chat_id=unit.chat_id,
            text=text,
            parse_mode=parse_mode,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            message_thread_id=unit.thread_id or None,
            reply_markup=markup(unit),
            reply_parameters=reply,
            # silent: the chat's setting (polish), and always for a story update's reply
            disable_notification=True if (unit.silent or reply is not None) else None,
        )
    finally:
        _exchange.reset(token)


async def _edit(bot: Any, unit: Unit, text: str, parse_mode: str | None) -> Message | None:
    """editMessageText of the earlier push; None when that message is gone or cannot be
    edited any more (then the update is sent as a new message)."""
    try:
        result = await bot.edit_message_text(
            chat_id=unit.chat_id,
            message_id=unit.edit_of,
            text=text,
            parse_mode=parse_mode,
            link_preview_options=LinkPreviewOptions(is_disabled=True),
            reply_markup=markup(unit),
        )
    except BadRequest as exc:
        msg = str(exc).lower()
        if "not modified" in msg:
            return _same_message(unit)
        if "message to edit not found" in msg or "can't be edited" in msg:
            return None
        raise
    if isinstance(result, Message):
        return result
    return _same_message(unit)


def _same_message(unit: Unit) -> Message:
    """The edited message, for the outcome (only its message_id is recorded)."""
    return Message(message_id=unit.edit_of or 0, date=utcnow(), chat=Chat(unit.chat_id, "private"))
