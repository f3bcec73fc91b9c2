"""Recording send outcomes, each fenced by the claim (see `bot.delivery.outbox`).

Every UPDATE requires `status = 'sending' AND claimed_by = <this worker>`; rows that
fail the fence were released (a late heartbeat) and claimed by another worker, whose
outcome counts: this worker's is dropped, counted (`fenced`) and logged.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.delivery.outbox import bump, clean_error, end_chat, move_rows
from bot.storage.types import UTCDateTime, utcnow
from bot.subscriptions import chats

log = logging.getLogger(__name__)

# the fence every outcome update carries: the row is still claimed by this worker
FENCE = "status = 'sending' AND claimed_by = :me"


def _ts(name: str) -> sa.BindParameter:
    return sa.bindparam(name, type_=UTCDateTime())


@dataclass
class Op:
    """An outcome to record. kind: sent | retry | unknown | fail | deactivate | migrate |
    digest_done | count (`counts`: shared counters to bump)."""

    kind: str
    ids: list[int] = field(default_factory=list)
    chat_id: int = 0
    message_id: int | None = None
    when: datetime | None = None
    error: str | None = None
    count_attempt: bool = True
    back_to: str = "queued"  # retry: queued (pushes) or held (digests)
    ends_digest: bool = False  # retry | unknown of a digest's last part (`_digest_ended`)
    new_chat_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)


class FencedOutcomes:
    """The outcome half of `OutboxStore` (which sets these attributes)."""

    engine: Engine
    worker_id: str
    pg: bool
    max_attempts: int
    resend_unknown: int
    _autocommit: Connection | None

    def apply(self, ops: list[Op]) -> int:
        """Record outcomes in one transaction (the worker batches them).

        Returns how many rows an outcome was meant for but did not change: their claim
        was released and taken by another worker meanwhile (fenced), so the outcome
        is dropped and the row's new owner decides.
        """
        if not ops:
            return 0
        now = utcnow()
        sent = [(i, op.message_id) for op in ops if op.kind == "sent" for i in op.ids]
        if self.pg and all(op.kind == "sent" for op in ops):
            # The hot path (only 'sent' outcomes): one statement, atomic on its own, on
            # a connection kept open, so one round trip (no BEGIN, COMMIT, pool pre-ping).
            # Each round trip makes this thread wait for the GIL again, while the sends
            # whose outcomes these are hold their in-flight slots.
            try:
                fenced = len(sent) - self._mark_sent(self._sent_conn(), sent, now)
            except Exception:
                self.close()  # maybe a broken connection: the next batch opens another
                raise
            if fenced:
                self._fenced(fenced)
                with self.engine.begin() as conn:
                    bump(conn, {"fenced": fenced})
            return fenced
        counts: dict[str, int] = {}
        for op in ops:
            for k, n in op.counts.items():
                counts[k] = counts.get(k, 0) + n
        fenced = 0
        with self.engine.begin() as conn:
            if sent:
                fenced += len(sent) - self._mark_sent(conn, sent, now)
            for op in ops:
                if op.kind not in ("sent", "count"):
                    fenced += getattr(self, f"_op_{op.kind}")(conn, op, now)
            if fenced:
                counts["fenced"] = counts.get("fenced", 0) + fenced
            bump(conn, counts)
        if fenced:
            self._fenced(fenced)
        return fenced

    def _fenced(self, n: int) -> None:
        log.warning(
            "delivery worker %s: %d outcomes dropped: their rows were claimed by another"
            " worker meanwhile (late heartbeat?)",
            self.worker_id,
            n,
        )

    def _sent_conn(self) -> Connection:
        """PostgreSQL: the autocommit connection for 'sent' batches (one thread uses it)."""
        if self._autocommit is None:
            conn = self.engine.connect()
            self._autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._autocommit

    def close(self) -> None:
        """Give back the connection kept for 'sent' batches (on the thread that used it)."""
        conn, self._autocommit = self._autocommit, None
        if conn is not None:
            with contextlib.suppress(Exception):  # already broken: nothing to give back
                conn.close()

    def _mark_sent(
        self, conn: Connection, sent: list[tuple[int, int | None]], now: datetime
    ) -> int:
        """Mark claimed rows sent; returns how many were still ours."""
        done = "status = 'sent', sent_at = :now, claimed_by = NULL, claimed_at = NULL, error = NULL"
        if self.pg:  # one statement for the batch (executemany is one per row)
            stmt = sa.text(
                f"UPDATE deliveries d SET {done}, message_id = v.mid FROM unnest("
                "CAST(:ids AS bigint[]), CAST(:mids AS bigint[])) AS v(id, mid) WHERE d.id = v.id"
                f" AND {FENCE.replace('status', 'd.status').replace('claimed_by', 'd.claimed_by')}"
            ).bindparams(_ts("now"))
            ids, mids = [i for i, _ in sent], [m for _, m in sent]
            res = conn.execute(stmt, {"now": now, "ids": ids, "mids": mids, "me": self.worker_id})
            return res.rowcount or 0
        stmt = sa.text(
            f"UPDATE deliveries SET {done}, message_id = :mid WHERE id = :id AND {FENCE}"
        )
        n = 0
        for i, m in sent:  # one by one: executemany reports no usable rowcount on every driver
            res = conn.execute(
                stmt.bindparams(_ts("now")), {"id": i, "mid": m, "now": now, "me": self.worker_id}
            )
            n += res.rowcount or 0
        return n

    def _update_mine(self, conn: Connection, sets: str, op: Op, params: dict, *binds) -> int:  # type: ignore[no-untyped-def]
        """UPDATE this op's rows if still claimed by us; returns how many were not (fenced)."""
        if not op.ids:
            return 0
        stmt = sa.text(
            f"UPDATE deliveries SET {sets}, claimed_by = NULL, claimed_at = NULL"
            f" WHERE id IN :ids AND {FENCE}"
        ).bindparams(sa.bindparam("ids", expanding=True), *binds)
        res = conn.execute(stmt, {**params, "ids": op.ids, "me": self.worker_id})
        return len(op.ids) - (res.rowcount or 0)

    def _op_retry(self, conn: Connection, op: Op, now: datetime) -> int:
        """Not delivered (429, 5xx, no connection): again at `when`."""
        sets = (
            "attempts = attempts + :inc,"
            " status = CASE WHEN attempts + :inc >= :max THEN 'failed' ELSE :back END,"
            " next_attempt_at = :when, error = COALESCE(:err, error)"
        )
        params = {
            "inc": 1 if op.count_attempt else 0,
            "max": self.max_attempts,
            "back": op.back_to,
            "when": op.when or now,
            "err": clean_error(op.error),
        }
        fenced = self._update_mine(conn, sets, op, params, _ts("when"))
        self._digest_ended(conn, op, now)
        return fenced

    def _op_unknown(self, conn: Connection, op: Op, now: datetime) -> int:
        """No answer (read timeout, reset after the request was written): maybe delivered.
        Sent again while `unknown_sends` stays within `resend_unknown`, else it ends
        `unknown` (never a third copy)."""
        sets = (
            "attempts = attempts + 1, unknown_sends = unknown_sends + 1,"
            " status = CASE WHEN unknown_sends + 1 > :resend THEN 'unknown'"
            " WHEN attempts + 1 >= :max THEN 'failed' ELSE :back END,"
            " next_attempt_at = :when, error = :err"
        )
        params = {
            "resend": self.resend_unknown,
            "max": self.max_attempts,
            "back": op.back_to,
            "when": op.when or now,
            "err": clean_error(op.error),
        }
        fenced = self._update_mine(conn, sets, op, params, _ts("when"))
        self._digest_ended(conn, op, now)
        return fenced

    def _digest_ended(self, conn: Connection, op: Op, now: datetime) -> None:
        """A digest's last part that ends here (`unknown`: no answer, not resent again;
        `failed`: attempts spent) ends its digest as a sent one does: the chat's next
        digest waits for its slot. Left undone, the chat stayed due from the slot before,
        and the next article stored went out at once, alone, as a digest."""
        if not op.ends_digest or not op.ids:
            return
        stmt = sa.text(
            "UPDATE chats SET last_digest_at = :now WHERE id = :c AND EXISTS (SELECT 1 FROM"
            " deliveries WHERE id IN :ids AND status IN ('unknown', 'failed'))"
        ).bindparams(sa.bindparam("ids", expanding=True), _ts("now"))
        conn.execute(stmt, {"now": now, "c": op.chat_id, "ids": op.ids})

    def _op_fail(self, conn: Connection, op: Op, now: datetime) -> int:
        sets = "status = 'failed', error = :err, attempts = attempts + 1"
        return self._update_mine(conn, sets, op, {"err": clean_error(op.error)})

    def _op_deactivate(self, conn: Connection, op: Op, now: datetime) -> int:
        """403 / chat not found: the chat is inactive and nothing pending is sent to it."""
        end_chat(conn, op.chat_id, op.error or "chat gone", claimed_by=self.worker_id)
        return 0

    def _op_migrate(self, conn: Connection, op: Op, now: datetime) -> int:
        assert op.new_chat_id is not None
        chats.migrate(conn, op.chat_id, op.new_chat_id)
        move_rows(conn, op.chat_id, op.new_chat_id, sending=True)
        stmt = sa.text(
            "UPDATE deliveries SET status = :back, next_attempt_at = :now, claimed_by = NULL,"
            " claimed_at = NULL WHERE chat_id = :c AND status = 'sending' AND claimed_by = :me"
        ).bindparams(_ts("now"))
        params = {"now": now, "c": op.new_chat_id, "me": self.worker_id, "back": op.back_to}
        conn.execute(stmt, params)
        return 0

    def _op_digest_done(self, conn: Connection, op: Op, now: datetime) -> int:
        """The digest went out (or as far as it can): the next one waits for its slot.
        Sent, it also proves the bot may post in the chat again (a probe that passed)."""
        stmt = sa.text("UPDATE chats SET last_digest_at = :now WHERE id = :c").bindparams(
            _ts("now")
        )
        conn.execute(stmt, {"now": now, "c": op.chat_id})
        if op.error is None and chats.rights_back(conn, op.chat_id):
            log.info("chat %s: the bot may post there again: what waited was sent", op.chat_id)
        return 0
