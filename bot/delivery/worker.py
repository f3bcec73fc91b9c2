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
- housekeeping: heartbeat of own claims, release of stale claims of crashed
  processes, digests and quiet-hour releases when due.

Errors: 429 -> that chat waits exactly `retry_after` (others go on); network errors
and 5xx -> retry with exponential backoff; 403 or 400 chat not found -> the chat is
marked inactive and its pending deliveries fail; `migrate_to_chat_id` -> the chat
moves to the new id and the message is resent; HTML rejected -> resent as plain
text; after `max_attempts` a delivery ends `failed` with its reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import logging
import os
import random
import socket
import time
import uuid
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from sqlalchemy.engine import Engine
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError

from bot.config import Settings
from bot.delivery.digest import claim_digest, due_digests
from bot.delivery.limiter import SendLimiter
from bot.delivery.liveness import Liveness
from bot.delivery.outcomes import Outcomes
from bot.delivery.sender import CHAT_GONE, retry_seconds, send_unit
from bot.delivery.store import Op, OutboxStore, Unit
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


class DeliveryWorker:
    # tunables without a config key (tests may change them on the instance)
    per_chat_claim = 5  # rows of one chat claimed at a time
    backoff_base = 2.0  # s, doubled per attempt, capped by delivery.backoff_max
    shutdown_grace = 3.0  # s to let in-flight sends finish on stop

    def __init__(
        self, settings: Settings, engine: Engine, bot: Any, *, worker_id: str = ""
    ) -> None:
        cfg = settings.delivery
        self.cfg = cfg
        self.bot = bot
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.store = OutboxStore(
            engine,
            self.worker_id,
            max_attempts=cfg.max_attempts,
            per_chat=self.per_chat_claim,
            default_tz=cfg.timezone,
        )
        self.liveness = Liveness(engine, self.worker_id)
        self.limiter = SendLimiter(
            global_per_second=cfg.global_per_second,
            private_per_second=cfg.private_per_second,
            group_per_minute=cfg.group_per_minute,
            pace=cfg.pace,
        )
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
        self._wake = asyncio.Event()
        self.outcomes = Outcomes(self._apply, cfg.max_in_flight)
        self._stopping = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._flusher_task: asyncio.Task | None = None
        self._sends: set[asyncio.Task] = set()
        self.sent = 0
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
        self._tasks = [
            asyncio.create_task(self._claimer(), name="delivery-claimer"),
            asyncio.create_task(self._housekeeping(), name="delivery-housekeeping"),
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
        """Let in-flight sends finish (a few seconds at most), record them, release the rest."""
        if self._sends:
            _, pending = await asyncio.wait(self._sends, timeout=self.shutdown_grace)
            for t in pending:
                t.cancel()
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
        n = await self._db_call(self.store.release_mine)
        await self._db_call(self.liveness.stop)
        self._db.shutdown(wait=True)
        self._out.shutdown(wait=True)
        log.info(
            "delivery worker stopped: %d sent, %d claims released (avg send %.0f ms, "
            "%d outcome commits avg %.0f ms)",
            self.sent,
            n,
            1000 * self.send_seconds / max(1, self.sent),
            self.outcomes.flushes,
            1000 * self.outcomes.flush_seconds / max(1, self.outcomes.flushes),
        )

    # ------------------------------------------------------------------ claiming
    def _enqueue_units(self, units: list[Unit]) -> None:
        for u in units:
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
        while not self._stopping.is_set():
            asked = min(chunk, 2 * target - self._units) if self._units < target else 0
            got = 0
            if asked > 0:
                try:
                    units = await self._db_call(self.store.claim, asked)
                except Exception:
                    log.exception("claiming deliveries failed; retrying")
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
            delay = self.limiter.global_ready_at() - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
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
        q = self._queues.pop(chat_id, None) or deque()
        self._units -= len(q)
        return [i for u in q for i in u.ids]

    # ------------------------------------------------------------------ sending
    async def _send(self, unit: Unit) -> None:
        op: Op | None = None
        try:
            t0 = time.monotonic()
            op = await self._attempt(unit)
            self.send_seconds += time.monotonic() - t0
        except asyncio.CancelledError:
            op = Op("retry", ids=unit.ids + self._drop_chat(unit.chat_id), count_attempt=False)
            raise
        except Exception as exc:  # never let one message kill the worker
            log.exception("chat %s: unexpected error while sending", unit.chat_id)
            op = self._retry_op(unit, f"{type(exc).__name__}: {exc}")
        finally:
            if op is not None:
                self._units -= 1
                self.outcomes.record(op, releases=True)
            else:  # plain-text resend queued again: the slot is free, the unit is not done
                self.outcomes.free_slots(1)
            self._chat_done(unit.chat_id)

    async def _attempt(self, unit: Unit) -> Op | None:
        try:
            msg = await send_unit(self.bot, unit)
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            self._count("429")
            self.limiter.pause_chat(unit.chat_id, wait)
            ids = unit.ids + self._drop_chat(unit.chat_id)
            when = utcnow() + timedelta(seconds=wait)
            return Op(
                "retry",
                ids=ids,
                when=when,
                error="429 Too Many Requests",
                count_attempt=False,
                back_to=self._back(unit),
            )
        except ChatMigrated as exc:
            self._count("migrated")
            self._drop_chat(unit.chat_id)  # rows move with the chat and are claimed anew
            return Op("migrate", chat_id=unit.chat_id, new_chat_id=int(exc.new_chat_id))
        except Forbidden as exc:
            return self._deactivate(unit, f"403 {exc.message}")
        except BadRequest as exc:
            text = exc.message.lower()
            if any(k in text for k in CHAT_GONE):
                return self._deactivate(unit, f"400 {exc.message}")
            if "can't parse entities" in text and not unit.as_plain:
                self._count("html_fallback")
                log.warning(
                    "chat %s: Telegram rejected the HTML (%s); resending as plain text",
                    unit.chat_id,
                    exc.message,
                )
                unit.as_plain = True
                self._queues.setdefault(unit.chat_id, deque()).appendleft(unit)
                return None
            self._count("bad_request")
            log.warning("chat %s: message refused: %s", unit.chat_id, exc.message)
            return Op("fail", ids=unit.ids, error=f"400 {exc.message}"[:500])
        except TelegramError as exc:  # NetworkError, TimedOut, 5xx, InvalidToken
            self._count("network")
            log.warning("chat %s: send failed (%s), will retry", unit.chat_id, exc)
            return self._retry_op(unit, f"{type(exc).__name__}: {exc}"[:500])
        self.sent += len(unit.ids)
        ops = Op("sent", ids=unit.ids, chat_id=unit.chat_id, message_id=msg.message_id)
        if unit.digest:
            self.outcomes.record(Op("digest_done", chat_id=unit.chat_id), releases=False)
        return ops

    @staticmethod
    def _back(unit: Unit) -> str:
        return "held" if unit.digest else "queued"

    def _retry_op(self, unit: Unit, error: str) -> Op:
        backoff = min(self.cfg.backoff_max, self.backoff_base * 2**unit.attempts)
        backoff *= random.uniform(0.8, 1.2)
        when = utcnow() + timedelta(seconds=backoff)
        self.outcomes.record(
            Op("retry", ids=self._drop_chat(unit.chat_id), when=when, count_attempt=False),
            releases=False,
        )
        return Op("retry", ids=unit.ids, when=when, error=error, back_to=self._back(unit))

    def _deactivate(self, unit: Unit, reason: str) -> Op:
        self._count("chat_inactive")
        log.warning("chat %s is gone (%s): marked inactive", unit.chat_id, reason)
        self._drop_chat(unit.chat_id)
        return Op("deactivate", chat_id=unit.chat_id, error=reason[:500])

    def _count(self, key: str) -> None:
        self.errors[key] = self.errors.get(key, 0) + 1

    # ------------------------------------------------------------------ housekeeping
    async def _housekeeping(self) -> None:
        stale = self.cfg.stale_claim_seconds
        beat = max(0.5, stale / 3)
        last_beat = last_stale = last_digest = 0.0
        while True:
            now = time.monotonic()
            try:
                if now - last_beat >= beat:
                    last_beat = now
                    await self._out_call(self.store.heartbeat)
                    await self._db_call(self.liveness.ensure)
                if now - last_stale >= stale / 2:
                    last_stale = now
                    await self._db_call(self.store.release_dead, self.liveness)
                    await self._db_call(self.store.release_stale, stale)
                if now - last_digest >= self.cfg.digest_check_seconds:
                    last_digest = now
                    await self._digests()
            except Exception:
                log.exception("delivery housekeeping failed; will retry")
            await asyncio.sleep(min(beat, 1.0))

    async def _digests(self) -> None:
        for chat_id in await self._db_call(due_digests, self.store):
            if chat_id in self._queues or chat_id in self._busy:
                continue  # pushes in flight for this chat: next pass
            units = await self._db_call(claim_digest, self.store, chat_id)
            self._enqueue_units(units)
