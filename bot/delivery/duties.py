"""The delivery worker's background duties: sender leadership, heartbeat, dead claims, digests.

Leadership: only the holder of the `telegram-sender` lock claims and sends, so the
whole installation keeps one pace (Telegram's limits are per bot, not per process).
A standby checks the lock every `leader_check` seconds; PostgreSQL frees a dead
leader's lock with its connection, so a standby leads within about that time and
at once hands the dead worker's claims back to the queue (liveness locks). It then
keeps the pace the dead one kept: nothing for a second (the global window, and the
sends it had in flight) and each chat spaced from its last recorded send.

Heartbeat fencing: the heartbeat returns the rows this worker still holds; a unit in
memory whose row is no longer ours (released after a late heartbeat, claimed by
another worker) is dropped unsent.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from typing import TYPE_CHECKING, Any

from bot.delivery import outbox
from bot.delivery.digest import claim_digest, due_digests
from bot.storage.outage import Outage

if TYPE_CHECKING:
    from bot.delivery.store import Unit

log = logging.getLogger(__name__)

SENDER_LOCK = "telegram-sender"


class Duties:
    """Mixed into `DeliveryWorker` (which provides the attributes used here)."""

    leader_check = 1.0  # s between sender-lock checks (takeover time after a death)
    dead_check = 2.0  # s between looks for dead workers' claims (while leading)
    pause_check = 1.0  # s between looks for chats paused while their rows are claimed
    leading: bool
    leader_checked: bool
    lock: Any
    store: Any
    liveness: Any
    limiter: Any
    cfg: Any
    worker_id: str
    _queues: dict[int, deque[Unit]]
    _busy: set[int]
    _ids: set[int]
    _units: int
    _claim_seq: int
    _wake: asyncio.Event

    async def _db_call(self, fn: Any, *args: Any) -> Any: ...
    async def _out_call(self, fn: Any, *args: Any) -> Any: ...
    def _enqueue_units(self, units: list[Unit]) -> None: ...

    def sending(self) -> bool | None:
        """Whether this worker holds the sender lock; None before it first asked (at start,
        when no one can tell yet whether another replica sends)."""
        return self.leading if self.leader_checked else None

    async def _check_leader(self) -> None:
        """Take or keep the sender lock; on a change start or stop sending."""
        broken = False  # the check raised: nothing was learnt, least of all a standby
        try:
            lead = await asyncio.to_thread(self.lock.is_leader, SENDER_LOCK)
        except Exception:
            log.exception("delivery: cannot check the sender lock")
            lead, broken = False, True
        unread = not lead and (broken or self.lock.unreadable(SENDER_LOCK))
        if lead and not self.leading:
            self.leading = True
            log.info(
                "delivery worker %s is the sender (holds the %s lock)", self.worker_id, SENDER_LOCK
            )
            await self._db_call(self.store.release_dead, self.liveness)
            # keep the pace the previous sender kept (it may have sent a moment ago)
            recent = await self._db_call(self.store.recent_sends)
            self.limiter.taking_over(recent)
            self._wake.set()
        elif not lead and self.leading:
            self.leading = False
            if broken:
                log.warning(
                    "delivery worker %s stops sending: the %s lock could not be checked;"
                    " it sends again once the check succeeds",
                    self.worker_id,
                    SENDER_LOCK,
                )
            elif unread:
                log.warning(
                    "delivery worker %s stops sending: the database is unreachable (the %s "
                    "lock cannot be read); it sends again once the database answers",
                    self.worker_id,
                    SENDER_LOCK,
                )
            else:
                log.warning(
                    "delivery worker %s lost the %s lock: stops sending",
                    self.worker_id,
                    SENDER_LOCK,
                )
            ids = self._forget_queued(lambda u: True)  # a digest's rows go back to held
            await self._db_call(self.store.release, ids)
        elif not lead and not unread and not getattr(self, "_standby_logged", False):
            # only when the database said so: a lock it could not read is an outage
            log.info("delivery worker %s stands by (another replica sends)", self.worker_id)
            self._standby_logged = True
        # undecided until a check succeeds (`sending`): a check that raised decided nothing
        self.leader_checked = self.leader_checked or not broken

    def _forget_queued(self, which: Any) -> list[int]:
        """Drop queued (not in flight) units matching `which`; returns their ids."""
        ids: list[int] = []
        for chat_id in list(self._queues):
            q = self._queues[chat_id]
            keep = deque(u for u in q if not which(u))
            gone = [u for u in q if which(u)]
            for u in gone:
                ids.extend(u.ids)
            self._units -= len(gone)
            if keep:
                self._queues[chat_id] = keep
            elif chat_id not in self._busy:
                del self._queues[chat_id]
            else:
                self._queues[chat_id] = keep
        self._ids.difference_update(ids)
        return ids

    async def _heartbeat(self) -> None:
        mark = self._claim_seq
        held = await self._out_call(self.store.heartbeat)
        lost = self._forget_queued(lambda u: u.seq <= mark and not held.issuperset(u.ids))
        if lost:
            log.warning(
                "delivery worker %s: %d claimed rows were taken over by another worker"
                " (late heartbeat): not sending them",
                self.worker_id,
                len(lost),
            )

    async def _drop_paused(self) -> None:
        """/pause stops what this worker claimed for the chat and has not started sending:
        a message in flight still goes out (its answer settles it), the rest is held."""
        paused = await self._db_call(self.store.paused_claims)
        if not paused:
            return
        ids = self._forget_queued(lambda u: u.chat_id in paused)
        if ids:
            n = await self._db_call(self.store.release, ids)
            log.info("delivery: %d claimed messages of %d paused chat(s) held", n, len(paused))

    async def _housekeeping(self) -> None:
        stale = self.cfg.stale_claim_seconds
        beat = max(0.5, stale / 3)
        last_beat = last_stale = last_lead = last_dead = last_pause = 0.0
        database = Outage(log, "delivery housekeeping", self.store.engine)
        while True:
            now = time.monotonic()
            try:
                if now - last_lead >= self.leader_check:
                    last_lead = now
                    await self._check_leader()
                if now - last_beat >= beat:
                    last_beat = now
                    await self._heartbeat()
                    await self._db_call(self.liveness.ensure)
                if now - last_pause >= self.pause_check:
                    last_pause = now
                    await self._drop_paused()
                if self.leading and now - last_dead >= self.dead_check:
                    last_dead = now
                    await self._db_call(self.store.release_dead, self.liveness)
                if now - last_stale >= stale / 2:
                    last_stale = now
                    await self._db_call(self.store.release_stale, stale)
                database.ok()
            except Exception as exc:
                database.failed(exc)
            await asyncio.sleep(min(beat, self.leader_check, self.pause_check, 1.0))

    async def _digest_loop(self) -> None:
        """Digests, in a task of their own: at a popular digest time a pass claims
        thousands of chats one by one (a minute for ~12,000 on PostgreSQL), and in the
        housekeeping loop it held up the heartbeat for as long, so another replica
        released this worker's claims as stale while their sends were in flight."""
        while True:
            started = time.monotonic()
            try:
                if self.leading:
                    await self._digests()
            except Exception:
                log.exception("delivery digests failed; will retry")
            left = self.cfg.digest_check_seconds - (time.monotonic() - started)
            await asyncio.sleep(max(left, 0.05))

    async def _digests(self) -> None:
        await self._db_call(outbox.follow_migrations, self.store.engine)
        for chat_id in await self._db_call(due_digests, self.store):
            if not self.leading:  # the sender lock was lost during the pass
                return
            if chat_id in self._queues or chat_id in self._busy:
                continue  # pushes in flight for this chat: next pass
            units = await self._db_call(claim_digest, self.store, chat_id)
            self._enqueue_units(units)
