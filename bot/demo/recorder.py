"""A stand-in for the Telegram Bot API that records what would be sent.

It offers the one call the delivery worker makes, `send_message`, with the same
keyword arguments python-telegram-bot's `Bot.send_message` takes, and answers like
Telegram would (a message with an id). Used by the offline demo only.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any


@dataclass(frozen=True, slots=True)
class SentMessage:
    chat_id: int
    text: str
    parse_mode: str | None
    thread_id: int | None
    buttons: tuple[tuple[str, str | None], ...]  # (label, url or None for a callback)


class RecordingBot:
    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self._ids = itertools.count(1)

    async def send_message(
        self,
        chat_id: int,
        text: str,
        parse_mode: str | None = None,
        message_thread_id: int | None = None,
        reply_markup: Any = None,
        **_: Any,
    ) -> SimpleNamespace:
        rows = reply_markup.inline_keyboard if reply_markup is not None else ()
        buttons = tuple((b.text, b.url) for row in rows for b in row)  # every one the user sees
        self.sent.append(
            SentMessage(
                chat_id, text, str(parse_mode) if parse_mode else None, message_thread_id, buttons
            )
        )
        return SimpleNamespace(message_id=next(self._ids), chat=SimpleNamespace(id=chat_id))
