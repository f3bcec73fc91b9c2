"""One pace for pushes and command replies: PTB's rate-limiter hook on the shared limiter.

Telegram's limits are per bot: 30 messages a second overall, one a second to a
private chat, 20 a minute to a group, whichever process sends them. The replica that
sends pushes (the `telegram-sender` lock holder, `bot.delivery.duties`) is also the
one that long-polls and so answers commands (`bot.app`); in webhook mode the
others relay the updates they receive to it (`bot.telegram.relay`). Its Application
gets this limiter over the delivery worker's `SendLimiter`, so a reply takes a slot of the
same global and per-chat spacing as a push, and a 429 answered to either pauses that
chat for both. A reply answered 429 waits `retry_after` and is sent again (up to
`max_retries` times) instead of being lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.delivery.limiter import SendLimiter
from bot.delivery.sender import retry_seconds

# Bot API methods that put a message into a chat (these count against the limits)
PACED_PREFIXES = ("send", "copy", "forward", "edit")


class SharedPace(BaseRateLimiter[int]):
    def __init__(self, limiter: SendLimiter, max_retries: int = 3) -> None:
        self.limiter = limiter
        self.max_retries = max_retries

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def _slot(self, chat_id: int | None, private: bool) -> None:
        """Wait for the global slot (and the chat's), then take them with no await between."""
        lim = self.limiter
        while True:
            now = time.monotonic()
            at = lim.global_ready_at()
            if chat_id is not None:
                at = max(at, lim.chat_ready_at(chat_id, private))
            if at <= now + 0.001:
                break
            await asyncio.sleep(at - now)
        lim.take_global()
        if chat_id is not None:
            lim.take_chat(chat_id, private)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        raw = data.get("chat_id")
        paced = raw is not None and endpoint.startswith(PACED_PREFIXES)
        chat_id: int | None = None
        with contextlib.suppress(TypeError, ValueError):
            chat_id = int(raw)  # type: ignore[arg-type]  # "@channel" names: global pace only
        private = chat_id is not None and chat_id > 0
        retries = rate_limit_args if rate_limit_args is not None else self.max_retries
        for attempt in range(retries + 1):
            if paced:
                await self._slot(chat_id, private)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_seconds(exc)
                if chat_id is not None:
                    self.limiter.pause_chat(chat_id, wait)
                if attempt == retries:
                    raise
                await asyncio.sleep(wait)
        raise AssertionError("unreachable")  # the loop returns or raises
