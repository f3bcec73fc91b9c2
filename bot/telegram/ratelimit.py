"""Per-user command rate limit (pure, clock passed in).

A user (or a chat a message is sent as: a channel posting commands, a group's
anonymous admins) may send `per_minute` commands in any 60-second window. The first
refused command gets one polite reply saying how many seconds to wait (`wait`);
further ones in the same window are dropped silently in the chat, so a hammering
user cannot make the bot hammer Telegram back (button presses still get their toast,
which posts nothing).
"""

from __future__ import annotations

from collections import deque


class CommandRateLimit:
    def __init__(self, per_minute: int, window: float = 60.0, max_keys: int = 100_000) -> None:
        self.per_minute = per_minute
        self.window = window
        self.max_keys = max_keys
        self._hits: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}

    def check(self, key: int, now: float) -> str:
        """'ok' (counted), 'warn' (refused, tell the user once) or 'drop' (refused, silent)."""
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self.max_keys:
                self._evict(now)
            hits = self._hits[key] = deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.per_minute:
            hits.append(now)
            return "ok"
        warned = self._warned.get(key)
        if warned is not None and warned > now - self.window:
            return "drop"
        self._warned[key] = now
        return "warn"

    def wait(self, key: int, now: float) -> float:
        """Seconds until `key` may send a command again (0 when it may now)."""
        hits = self._hits.get(key)
        if not hits or len(hits) < self.per_minute:
            return 0.0
        return max(0.0, hits[0] + self.window - now)

    def _evict(self, now: float) -> None:
        """Forget users idle for a whole window (keeps memory bounded)."""
        for k in [k for k, d in self._hits.items() if not d or d[-1] <= now - self.window]:
            self._hits.pop(k, None)
            self._warned.pop(k, None)
