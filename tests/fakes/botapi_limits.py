"""Telegram-like send limits for the fake Bot API server, as a pure class.

Telegram documents three pacing rules for bots: about 30 messages per second
overall, at most one message per second to one chat, and at most 20 messages per
minute to one group or channel. `SendLimits` models each as a sliding window
("no more than N sends in any window of W seconds") and answers how long a
refused send must wait, which the server returns as `parameters.retry_after`.
It takes the clock as an argument so tests can drive it without sleeping.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field


class _Window:
    """At most `limit` events in any `span`-second window (a log of recent times)."""

    __slots__ = ("events", "limit", "span")

    def __init__(self, limit: int, span: float) -> None:
        self.limit = limit
        self.span = span
        self.events: deque[float] = deque()

    def _trim(self, now: float) -> None:
        while self.events and self.events[0] <= now - self.span:
            self.events.popleft()

    def wait(self, now: float) -> float:
        """Seconds until one more event fits (0.0 if it fits now)."""
        self._trim(now)
        if len(self.events) < self.limit:
            return 0.0
        return self.events[len(self.events) - self.limit] + self.span - now

    def add(self, now: float) -> None:
        self.events.append(now)


@dataclass
class SendLimits:
    """Sliding-window limits; `check_and_record` is the only call the server makes.

    `tolerance` (seconds) shortens every window a little, so a sender pacing at
    exactly the limit is not refused for a millisecond of clock jitter.
    """

    global_per_second: float = 30.0
    private_per_second: float = 1.0
    group_per_minute: float = 20.0
    tolerance: float = 0.0
    refused: int = 0
    accepted: int = 0
    _global: _Window | None = field(default=None, repr=False)
    _chats: dict[int | str, _Window] = field(default_factory=dict, repr=False)
    _groups: dict[int | str, _Window] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._global = self._make(self.global_per_second, 1.0)

    def _make(self, per_span: float, span: float) -> _Window:
        """`per_span` events per `span` seconds; below one (e.g. 0.5/s) -> 1 per span/per_span."""
        limit = max(1, int(per_span + 1e-9))
        return _Window(limit, max(0.0, span * limit / per_span - self.tolerance))

    def check(self, chat_id: int | str, is_group: bool, now: float) -> float:
        """Seconds this send must wait; 0.0 means allowed (nothing is recorded)."""
        assert self._global is not None
        waits = [self._global.wait(now)]
        chat = self._chats.get(chat_id)
        if chat is not None:
            waits.append(chat.wait(now))
        if is_group:
            grp = self._groups.get(chat_id)
            if grp is not None:
                waits.append(grp.wait(now))
        return max(waits)

    def record(self, chat_id: int | str, is_group: bool, now: float) -> None:
        assert self._global is not None
        self._global.add(now)
        chat = self._chats.get(chat_id)
        if chat is None:
            chat = self._chats[chat_id] = self._make(self.private_per_second, 1.0)
        chat.add(now)
        if is_group:
            grp = self._groups.get(chat_id)
            if grp is None:
                grp = self._groups[chat_id] = self._make(self.group_per_minute, 60.0)
            grp.add(now)

    def check_and_record(self, chat_id: int | str, is_group: bool, now: float) -> int | None:
        """None if the send is allowed (and counted); else Telegram's retry_after (int >= 1)."""
        wait = self.check(chat_id, is_group, now)
        if wait > 0:
            self.refused += 1
            return max(1, math.ceil(wait))
        self.record(chat_id, is_group, now)
        self.accepted += 1
        return None
