"""Send pacing: one global rate plus one per chat, and per-chat pauses after a 429.

Why not PTB's AIORateLimiter: on a 429 it pauses *every* request of the bot, and
it has no per-private-chat limit (only overall and per group). Why not plain
aiolimiter buckets: a leaky bucket of capacity N lets N messages through at once
after an idle spell, and Telegram (and our fake server) count "N in any sliding
window", so a full burst followed by the steady rate gets refused. This limiter
spaces sends evenly (a GCRA with a burst of one): the k-th send to a key is due at
`max(now, previous + interval)`. It answers "when may this chat send?" without
waiting, so the dispatcher can serve the chats that are ready while others wait.

`pace` (< 1) keeps a small margin under the configured limits, so clock jitter
and network latency between us and Telegram do not produce 429s.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from typing import Any

Clock = Callable[[], float]


class Spacing:
    """Evenly spaced events for one key: at most one every `interval` seconds.

    `catch_up` (seconds): when a send happens late (the event loop was busy), the
    next slots stay on the ideal schedule for up to this much lag instead of
    restarting from "now", so small delays do not lower the rate. It stays below
    the margin `pace` leaves, so no 1-second window ever holds more than the limit.
    """

    __slots__ = ("catch_up", "interval", "next_at")

    def __init__(self, interval: float, catch_up: float = 0.0) -> None:
        self.interval = interval
        self.catch_up = catch_up
        self.next_at = 0.0

    def ready_at(self, now: float) -> float:
        return max(now, self.next_at)

    def take(self, now: float) -> float:
        """Reserve the next slot; returns when it is (>= now)."""
        at = max(now, self.next_at)
        self.next_at = max(self.next_at, now - self.catch_up) + self.interval
        return at


class SendLimiter:
    """Global spacing plus per-chat spacing (private: per second, groups/channels: per minute).

    Per-chat state is forgotten once a chat has been idle longer than its interval,
    so memory stays proportional to the chats being served, not to all chats ever.
    """

    def __init__(
        self,
        *,
        global_per_second: float = 30.0,
        private_per_second: float = 1.0,
        group_per_minute: float = 20.0,
        pace: float = 0.98,
        clock: Clock = time.monotonic,
    ) -> None:
        self.clock = clock
        interval = 1.0 / (global_per_second * pace)
        # Catching up lag tau keeps any 1 s window at <= floor((1 + tau) / interval) + 1
        # sends, under the limit while tau < 1/pace - 1; use half of that, leaving
        # the rest of the margin for jitter between us and Telegram.
        self.global_ = Spacing(interval, (1.0 / pace - 1.0) / 2)
        # A hard guard under the catch-up: the last `n` sends (Telegram's count per
        # second) must span 1 s plus the whole margin, so sends whose arrival at
        # Telegram shifts by up to that much (~20 ms at pace 0.98: threads, the
        # network, a busy event loop) still never put n + 1 in one second there.
        self._n = max(1, int(global_per_second + 1e-9))
        self._span = 1.0 / pace
        self._recent: deque[float] = deque(maxlen=self._n)
        self.private_interval = 1.0 / (private_per_second * pace)
        self.group_interval = 60.0 / (group_per_minute * pace)
        self._chats: dict[int, Spacing] = {}
        self._paused: dict[int, float] = {}  # chat -> monotonic time when 429 wait ends
        self._last_gc = 0.0

    @classmethod
    def from_config(cls, cfg: Any) -> SendLimiter:
        """From `[delivery]` (global_per_second, private_per_second, group_per_minute, pace)."""
        return cls(
            global_per_second=cfg.global_per_second,
            private_per_second=cfg.private_per_second,
            group_per_minute=cfg.group_per_minute,
            pace=cfg.pace,
        )

    def interval_for(self, is_private: bool) -> float:
        return self.private_interval if is_private else self.group_interval

    def _chat(self, chat_id: int, is_private: bool) -> Spacing:
        sp = self._chats.get(chat_id)
        if sp is None:
            sp = self._chats[chat_id] = Spacing(self.interval_for(is_private))
        return sp

    def chat_ready_at(self, chat_id: int, is_private: bool) -> float:
        """Earliest monotonic time this chat may be sent to (ignoring the global rate)."""
        now = self.clock()
        sp = self._chats.get(chat_id)
        at = sp.ready_at(now) if sp else now
        return max(at, self._paused.get(chat_id, 0.0))

    def take_chat(self, chat_id: int, is_private: bool) -> None:
        """Count one send to this chat now (the caller checked `chat_ready_at`)."""
        self._chat(chat_id, is_private).take(self.clock())

    def global_ready_at(self) -> float:
        """Earliest monotonic time the next send may go out (overall rate)."""
        at = self.global_.ready_at(self.clock())
        if len(self._recent) == self._n:
            at = max(at, self._recent[0] + self._span)
        return at

    def take_global(self) -> float:
        """Reserve the next global slot; returns the monotonic time to send at."""
        now = self.clock()
        self._recent.append(now)
        return self.global_.take(now)

    def taking_over(self, recent: list[tuple[int, bool, float]], quiet: float = 1.0) -> None:
        """A new sender starts where a dead one may have sent a moment ago: if it did
        (a send recorded in the last 2 s), nothing for `quiet` s (the global window, and
        its sends not yet recorded); and each chat's next send is spaced from its last
        recorded one (`recent`: chat, private, age in s)."""
        now = self.clock()
        if any(age < 2.0 for _, _, age in recent):
            self.global_.next_at = max(self.global_.next_at, now + quiet)
        for chat_id, is_private, age in recent:
            sp = self._chat(chat_id, is_private)
            sp.next_at = max(sp.next_at, now - age + sp.interval)

    def pause_chat(self, chat_id: int, seconds: float) -> None:
        """After a 429 for this chat: nothing to it for `seconds` (others unaffected)."""
        until = self.clock() + max(0.0, seconds)
        self._paused[chat_id] = max(until, self._paused.get(chat_id, 0.0))

    def gc(self) -> None:
        """Drop state of chats idle for long (called now and then by the dispatcher)."""
        now = self.clock()
        if now - self._last_gc < 5.0:
            return
        self._last_gc = now
        self._chats = {c: s for c, s in self._chats.items() if s.next_at > now}
        self._paused = {c: t for c, t in self._paused.items() if t > now}

    def __len__(self) -> int:
        return len(self._chats)
