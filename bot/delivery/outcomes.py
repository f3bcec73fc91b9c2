"""Send outcomes: the in-flight slots and the batched commits that give them back.

A send takes one of `max_in_flight` slots before its HTTP request and gets it back
only once its outcome (sent / retry / failed / ...) is committed, so a crash can
duplicate at most `max_in_flight` messages: those sent but not yet recorded.

That makes commit latency part of every send's cost: at a rate r, the slots last
while r * (request time + wait for the commit) <= max_in_flight. Outcomes are
therefore committed in small batches, and at once when slots run short, instead of
on a fixed interval alone (at 300/s with 17 slots, a 50 ms interval kept about a
third of the slots waiting for a commit, and the dispatcher stalled for a slot).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from sqlalchemy.engine import Engine

from bot.delivery.fenced import Op
from bot.storage.outage import Outage

log = logging.getLogger(__name__)


class Throttled:
    """Warnings that may come in bursts (429s, lost answers): the first of a kind, then at
    most one per `every` seconds with how many were not logged in between."""

    def __init__(self, logger: logging.Logger, every: float = 10.0) -> None:
        self.log = logger
        self.every = every
        self._last: dict[str, float] = {}
        self._skipped: dict[str, int] = {}

    def warn(self, kind: str, msg: str, *args: object) -> None:
        now = time.monotonic()
        if now - self._last.get(kind, -1e9) < self.every:
            self._skipped[kind] = self._skipped.get(kind, 0) + 1
            return
        self._last[kind] = now
        skipped = self._skipped.pop(kind, 0)
        if skipped:
            msg += f" (and {skipped} more like it in the last {self.every:.0f} s)"
        self.log.warning(msg, *args)


class Outcomes:
    flush_interval = 0.05  # s between commits when no slot is short
    retry_pause = 1.0  # s after a failed commit

    def __init__(
        self,
        apply: Callable[[list[Op]], Awaitable[None]],
        max_in_flight: int,
        engine: Engine | None = None,
    ) -> None:
        self._apply = apply  # commits a batch (on the worker's DB thread)
        # a database outage is told once (`bot.storage.outage`), not with a traceback at
        # every retry (one a second for as long as it lasts)
        self._outage = Outage(log, "recording delivery outcomes", engine) if engine else None
        self.max_in_flight = max_in_flight
        self._slots = asyncio.Semaphore(max_in_flight)
        self._held = 0  # slots taken: sends in flight plus outcomes not yet committed
        self._batch = max(1, max_in_flight // 4)
        self._ops: list[tuple[Op, bool]] = []  # (outcome, gives back a slot)
        self._flush_now = asyncio.Event()
        self.closing = False  # set on shutdown: `run` ends after its current round
        self.flushes = 0
        self.flush_seconds = 0.0

    async def take_slot(self) -> None:
        if self._slots.locked():  # every slot waits for its outcome to be recorded
            self._flush_now.set()
        await self._slots.acquire()
        self._held += 1

    def free_slots(self, n: int) -> None:
        self._held -= n
        for _ in range(n):
            self._slots.release()

    def record(self, op: Op, *, releases: bool) -> None:
        """Queue an outcome; `releases`: its commit gives back the send's slot."""
        self._ops.append((op, releases))
        free = self.max_in_flight - self._held
        if len(self._ops) >= self._batch or free <= self._batch:
            self._flush_now.set()

    async def flush(self) -> None:
        """Commit what is queued; on failure keep it queued and pause a second."""
        ops, self._ops = self._ops, []
        if not ops:
            return
        t0 = time.monotonic()
        try:
            await self._apply([o for o, _ in ops])
            self.flush_seconds += time.monotonic() - t0
            self.flushes += 1
        except Exception as exc:
            if self._outage is not None:
                self._outage.failed(exc)
            else:
                log.exception("recording %d delivery outcomes failed; retrying", len(ops))
            self._ops = ops + self._ops
            await asyncio.sleep(self.retry_pause)
            return
        if self._outage is not None:
            self._outage.ok()
        self.free_slots(sum(1 for _, releases in ops if releases))

    async def run(self) -> None:
        """The flusher. Never cancel it: a cancelled commit still queued on the DB
        thread is dropped. Call `close()` and await it instead."""
        while not self.closing:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._flush_now.wait(), self.flush_interval)
            self._flush_now.clear()
            await self.flush()

    def close(self) -> None:
        self.closing = True
        self._flush_now.set()
