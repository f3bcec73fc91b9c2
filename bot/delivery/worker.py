"""The delivery worker: drains the outbox within Telegram's limits, per chat in order.

Structure (one asyncio task each):
- claimer: keeps a few hundred due deliveries claimed and rendered in memory
  (`OutboxStore.claim`), grouped per chat;
- dispatcher: picks the chat whose pacing allows a send soonest, waits for the
  global slot, starts one send; a chat has at most one send in flight, so its
  messages go out in publish order;
- flusher (`bot.delivery.outcomes`): writes outcomes (sent / retry / failed / chat
  inactive / migrated) in batches; a send holds one of `max_in_flight` slots from
  the HTTP request until its outcome is committed, so a crash can duplicate at most
  `max_in_flight` messages (those sent but not yet recorded);
- housekeeping (`bot.delivery.duties`): the sender lock, heartbeat of own claims
  (units whose rows another worker took over are dropped), release of dead
  workers' and stale claims and of paused chats' unsent ones, digests and quiet-hour
  releases when due.

One sender per installation: only the holder of the `telegram-sender` leader lock
(`bot.storage.locks`; PostgreSQL advisory lock, process-local on SQLite) claims and
sends; other replicas stand by and take over within a second or two of its death
(its connection, and so its lock, dies with it), releasing its claims at once. The
pacing (`SendLimiter`) may be shared with the command replies of the same process
(`bot.delivery.pace`), so pushes and replies keep one pace.

Errors: 429 -> that chat waits exactly `retry_after` (others go on); no connection
and 5xx -> retry with exponential backoff (no connection at all never ends a row: an
outage is waited out, the health check reports the lag); an HTTP 2xx answer the client cannot read
-> delivered; no answer after the request was written -> `unknown`, resent at most
`resend_unknown` times (`bot.delivery.sender`); 403 or 400 chat not found -> the chat is
marked inactive and its pending deliveries fail; 400 for want of rights (the bot may not
post there) -> the chat is marked and its deliveries wait, held, for its rights;
`migrate_to_chat_id` -> the chat moves to the new id and the message is resent; HTML
rejected -> resent as plain text; after `max_attempts` a delivery ends `failed` with its reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import math
import os
import socket
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery.attempt import Attempts
from bot.delivery.duties import SENDER_LOCK, Duties
from bot.delivery.fenced import Op
from bot.delivery.limiter import SendLimiter
from bot.delivery.liveness import Liveness
from bot.delivery.outcomes import Outcomes, Throttled
from bot.delivery.sender import Exchange
from bot.delivery.store import OutboxStore, Unit
from bot.storage.locks import LeaderLock
from bot.storage.outage import Outage

log = logging.getLogger(__name__)


class DeliveryWorker(Attempts, Duties):
    # tunables without a config key (tests may change them on the instance)
    per_chat_claim = 5  # rows of one chat claimed at a time
    backoff_base = 2.0  # s, doubled per attempt, capped by delivery.backoff_max
    shutdown_grace = 3.0  # s to let in-flight sends finish on stop

    def __init__(
        self,
        settings: Settings,
        engine: Engine,
        bot: Any,
        *,
        worker_id: str = "",
        lock: LeaderLock | None = None,
        limiter: SendLimiter | None = None,
    ) -> None:
        cfg = settings.delivery
        self.cfg = cfg
        self.bot = bot
        # deliveries.claimed_by holds 64 characters (PostgreSQL enforces it) and a host name
        # may run to 63 (a Kubernetes pod) or longer (an FQDN): 48 + pid (<= 7) + 6 fit
        host = socket.gethostname()[:48]
        self.worker_id = worker_id or f"{host}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.store = OutboxStore(
            engine,
            self.worker_id,
            max_attempts=cfg.max_attempts,
            resend_unknown=cfg.resend_unknown,
            per_chat=self.per_chat_claim,
            default_tz=cfg.timezone,
            rights_probe=cfg.rights_probe_seconds,
        )
        self.liveness = Liveness(engine, self.worker_id)
        # (not `limiter or ...`: a SendLimiter serving no chat has len() 0)
        self.limiter = limiter if limiter is not None else SendLimiter.from_config(cfg)
        self.lock = lock if lock is not None else LeaderLock(engine)
        self.leading = False  # holds the sender lock: claims and sends
        self.leader_checked = False  # asked for that lock at least once
        self._notes = Throttled(log)
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="delivery-db")
        # PostgreSQL: outcome commits (and the heartbeat, which touches the same rows)
        # get a thread of their own, so they never queue behind a claim (30-60 ms under
        # load) while their sends hold the in-flight slots. SQLite has one writer:
        # one thread, and its claims take a few ms.
        self._out = (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="delivery-db-out")
            if self.store.pg
            else self._db
        )
        self._queues: dict[int, deque[Unit]] = {}
        self._busy: set[int] = set()  # chats with a send in flight
        self._heap: list[tuple[float, int, int]] = []
        self._seq = 0
        self._units = 0  # claimed units in memory (queued or in flight)
        self._ids: set[int] = set()  # their delivery ids (a row is never taken in twice)
        self._claim_seq = 0
        self._wake = asyncio.Event()
        self.outcomes = Outcomes(self._apply, cfg.max_in_flight, engine)
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._flusher_task: asyncio.Task | None = None
        self._sends: set[asyncio.Task] = set()
        self.sent = 0
        self.unreachable_since: float | None = None  # sends meet no answer since (outage)
        self.down_check: tuple[float, bool] = (-math.inf, False)  # see Attempts._telegram_down
        self.down_lock = asyncio.Lock()
        self.send_seconds = 0.0  # time spent in send requests (for the stop log line)
        self.errors: dict[str, int] = {}

    # ------------------------------------------------------------------ lifecycle
    async def _db_call(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._db, fn, *args)

    async def _out_call(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._out, fn, *args)

    async def _apply(self, ops: list[Op]) -> None:
        await self._out_call(self.store.apply, ops)

    async def run(self) -> None:
        """Deliver until `stop()` is called."""
        log.info("delivery worker %s started", self.worker_id)
        # SQLite serves one process only, so any claim left at start is a dead one's:
        # release it now. On PostgreSQL other replicas may be live: release the claims
        # of workers whose liveness lock is free (dead), the rest by heartbeat timeout.
        await self._db_call(self.liveness.ensure)
        await self._db_call(self.store.release_dead, self.liveness)
        startup_stale = self.cfg.stale_claim_seconds if self.store.pg else 0.0
        await self._db_call(self.store.release_stale, startup_stale)
        await self._check_leader()
        self._tasks = [
            asyncio.create_task(self._claimer(), name="delivery-claimer"),
            asyncio.create_task(self._housekeeping(), name="delivery-housekeeping"),
            asyncio.create_task(self._digest_loop(), name="delivery-digests"),
        ]
        self._flusher_task = asyncio.create_task(self.outcomes.run(), name="delivery-flusher")
        try:
            await self._dispatcher()
        finally:
            await self._shutdown()

    async def stop(self) -> None:
        self._stopping.set()
        self._wake.set()

    async def _shutdown(self) -> None:
        """Let in-flight sends finish (a few seconds at most), record them, release the rest.

        A send still without an answer then is cancelled and recorded `unknown` (its
        request may have reached Telegram); waiting for the cancelled sends puts that
        outcome in the flusher's last round, before `release_mine` could requeue the
        row as if it had never been sent.
        """
        if self._sends:
            _, pending = await asyncio.wait(self._sends, timeout=self.shutdown_grace)
            for t in pending:
                t.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        for t in self._tasks:
            t.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        # The flusher is never cancelled: a cancelled commit still queued on the DB
        # thread would be dropped, and release_mine would then requeue rows already
        # sent (a duplicate on the next start). Ask it to finish its round instead.
        self.outcomes.close()
        if self._flusher_task is not None:
            await self._flusher_task
        await self.outcomes.flush()
        await self._out_call(self.store.close)
        # digest parts not sent go back to held (`in_digest`): a digest again, not one
        # push per item
        n = await self._db_call(self.store.release_mine)
        await self._db_call(self.liveness.stop)
        await asyncio.to_thread(self.lock.release, SENDER_LOCK)
        self._db.shutdown(wait=True)
        self._out.shutdown(wait=True)
        log.info(
            "delivery worker stopped: %d sent, %d claims released (avg send %.0f ms, "
            "%d outcome commits avg %.0f ms; %s)",
            self.sent,
            n,
            1000 * self.send_seconds / max(1, self.sent),
            self.outcomes.flushes,
            1000 * self.outcomes.flush_seconds / max(1, self.outcomes.flushes),
            ", ".join(f"{k} {v}" for k, v in sorted(self.errors.items())) or "no errors",
        )

    # ------------------------------------------------------------------ claiming
    def _enqueue_units(self, units: list[Unit]) -> None:
        self._claim_seq += 1
        for u in units:
            if self._ids.intersection(u.ids):
                continue  # already here (claimed again after a late heartbeat)
            self._ids.update(u.ids)
            u.seq = self._claim_seq
            q = self._queues.get(u.chat_id)
            if q is None:
                q = self._queues[u.chat_id] = deque()
                if u.chat_id not in self._busy:
                    self._push(u.chat_id, self.limiter.chat_ready_at(u.chat_id, u.is_private))
            q.append(u)
            self._units += 1
        if units:
            self._wake.set()

    def _push(self, chat_id: int, at: float) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (at, self._seq, chat_id))

    async def _claimer(self) -> None:
        # About two seconds of sending in memory, claimed in chunks of about half a
        # second. On SQLite outcome commits share the DB thread (FIFO) and wait for a
        # whole claim while their sends hold in-flight slots; on both engines a claim's
        # row handling holds the GIL. A claim of 1,200 rows (100-300 ms on PostgreSQL
        # under load) ran the slots dry; the first send also waited for all of it.
        rate = self.cfg.global_per_second
        target = max(10, min(self.cfg.batch_size, int(rate * 2)))
        chunk = max(10, min(target, int(rate / 2)))
        claims = Outage(log, "claiming deliveries", self.store.engine)
        while not self._stopping.is_set():
            asked = min(chunk, 2 * target - self._units) if self._units < target else 0
            if not self.leading:
                asked = 0
            got = 0
            if asked > 0:
                try:
                    units = await self._db_call(self.store.claim, asked)
                    claims.ok()
                except Exception as exc:
                    claims.failed(exc)
                    units = []
                self._enqueue_units(units)
                got = len(units)
            if asked == 0 or got < asked:  # enough in memory, or nothing more is due
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), self.cfg.poll_interval)
            else:
                await asyncio.sleep(0.01)

    # ------------------------------------------------------------------ dispatching
    async def _dispatcher(self) -> None:
        while not self._stopping.is_set():
            if not self._heap:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), 1.0)
                continue
            at, _, chat_id = self._heap[0]
            now = time.monotonic()
            if at > now:
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), at - now)
                continue
            heapq.heappop(self._heap)
            q = self._queues.get(chat_id)
            if not q or chat_id in self._busy:
                continue
            ready = self.limiter.chat_ready_at(chat_id, q[0].is_private)
            if ready > now + 0.001:
                self._push(chat_id, ready)
                continue
            await self.outcomes.take_slot()
            if self._stopping.is_set():
                self.outcomes.free_slots(1)
                break
            # Command replies may share the limiter: check again after every sleep,
            # and take the slots with no await in between.
            while (delay := self.limiter.global_ready_at() - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            q = self._queues.get(chat_id)
            ready = self.limiter.chat_ready_at(chat_id, q[0].is_private) if q else 0.0
            if not q or chat_id in self._busy or ready > time.monotonic() + 0.001:
                self.outcomes.free_slots(1)
                if q and chat_id not in self._busy:
                    self._push(chat_id, ready)
                continue
            # counted when actually sent: a late wake-up pushes the next slots back
            self.limiter.take_global()
            unit = q.popleft()
            self.limiter.take_chat(chat_id, unit.is_private)
            self._busy.add(chat_id)
            task = asyncio.create_task(self._send(unit))
            self._sends.add(task)
            task.add_done_callback(self._sends.discard)
            self.limiter.gc()

    def _chat_done(self, chat_id: int) -> None:
        """The chat's send finished: schedule its next message, if any."""
        self._busy.discard(chat_id)
        q = self._queues.get(chat_id)
        if q:
            self._push(chat_id, self.limiter.chat_ready_at(chat_id, q[0].is_private))
            self._wake.set()
        elif q is not None:
            del self._queues[chat_id]

    def _drop_chat(self, chat_id: int) -> list[int]:
        """Forget the chat's other claimed units (their rows follow the same outcome)."""
        return [i for u in self._drop_units(chat_id) for i in u.ids]

    def _drop_units(self, chat_id: int) -> list[Unit]:
        """`_drop_chat`, returning the units (a digest's parts go back to held)."""
        q = self._queues.pop(chat_id, None) or deque()
        self._units -= len(q)
        self._ids.difference_update(i for u in q for i in u.ids)
        return list(q)

    # ------------------------------------------------------------------ sending
    async def _send(self, unit: Unit) -> None:
        op: Op | None = None
        ex = Exchange()
        try:
            t0 = time.monotonic()
            op = await self._attempt(unit, ex)
            self.send_seconds += time.monotonic() - t0
            if ex.status is not None and ex.status < 500:  # answered: no (longer an) outage
                self.unreachable_since = None
        except asyncio.CancelledError as exc:  # stopping: see `_shutdown`
            op = self._cancelled(unit, exc, ex)
            raise
        except Exception as exc:  # never let one message kill the worker
            log.exception("chat %s: unexpected error while sending", unit.chat_id)
            op = self._retry_op(unit, f"{type(exc).__name__}: {exc}")
        finally:
            if op is not None:
                self._units -= 1
                self._ids.difference_update(unit.ids)
                self.outcomes.record(op, releases=True)
            else:  # plain-text resend queued again: the slot is free, the unit is not done
                self.outcomes.free_slots(1)
            self._chat_done(unit.chat_id)
