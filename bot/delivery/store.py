"""The outbox in the database: claim due rows, record outcomes, recover stale claims.

Synchronous on purpose: the worker runs these in one executor thread on SQLite,
so one process never competes with itself for the single writer. On PostgreSQL
outcomes and the heartbeat (`apply`, `heartbeat`: rows this worker has claimed)
run in a second thread, beside claims (rows still queued), so a claim never delays
a commit; the two touch disjoint rows, and a claim never waits for the other
thread (it skips locked rows).

Claiming (one chat is served by one process at a time, rows of a chat in order):
a row is claimable when it is `queued`, due, and its chat has no row `sending`
(someone is serving it) and no `queued` row that is not yet due (a 429 or a retry
backoff is pending for that chat: later rows must not overtake it).
- PostgreSQL: in one transaction, `pg_advisory_xact_lock` serializes claimers (so
  two replicas never split one chat), `SELECT .. FOR UPDATE OF d SKIP LOCKED`
  picks the rows, `UPDATE .. SET status='sending', claimed_by, claimed_at` marks them.
- SQLite (single writer): the same SELECT, then a compare-and-set
  `UPDATE .. WHERE id IN (..) AND status='queued' RETURNING id`; only rows this
  process switched are its own.
A crashed process leaves rows `sending`; `release_stale` puts rows whose
`claimed_at` is older than `stale_claim_seconds` back to `queued` (live workers
refresh `claimed_at` by `heartbeat`).
"""

from __future__ import annotations

import contextlib
import logging
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from bot.article import Article, Summary
from bot.delivery.liveness import Liveness
from bot.delivery.migrate import migrate_chat
from bot.delivery.schedule import in_quiet_hours, zone
from bot.delivery.views import subscriptions_of, view_for
from bot.render import render_push
from bot.storage.articles import row_summary, row_to_article
from bot.storage.models import ArticleRow
from bot.storage.types import UTCDateTime, utcnow

log = logging.getLogger(__name__)

CLAIM_LOCK_KEY = 0x66696E657773  # "finews": serializes claim transactions on PostgreSQL
PENDING = ("queued", "held", "sending")


@dataclass
class Unit:
    """One message to send: a push (one delivery) or a digest part (several)."""

    ids: list[int]
    chat_id: int
    thread_id: int
    is_private: bool
    html: str
    button: tuple[str, str] | None = None
    digest: bool = False
    as_plain: bool = False
    attempts: int = 0
    lang: str = "zh"


@dataclass
class Op:
    """An outcome to record. kind: sent | retry | fail | deactivate | migrate | digest_done."""

    kind: str
    ids: list[int] = field(default_factory=list)
    chat_id: int = 0
    message_id: int | None = None
    when: datetime | None = None
    error: str | None = None
    count_attempt: bool = True
    back_to: str = "queued"  # retry: queued (pushes) or held (digests)
    new_chat_id: int | None = None


def _ts(name: str) -> sa.BindParameter:
    return sa.bindparam(name, type_=UTCDateTime())


# The blocking-row test names the chat's statuses in an IN list on purpose: written as
# `status = 'sending' OR (...)`, PostgreSQL (with the stale statistics right after a
# fan-out enqueued thousands of rows) ANDed the chat's index entries with a scan of
# *every* 'sending' entry of ix_deliveries_due, once per candidate row: 45 ms per
# claim of 150 with 400 rows in flight, growing with the rows claimed. This way only
# ix_deliveries_chat_status (chat_id, status) fits: a few entries per candidate.

_CANDIDATES = """
SELECT d.id, d.article_id, d.chat_id, d.thread_id, d.attempts, c.kind, c.lang,
       c.digest_mode, c.quiet_start, c.quiet_end, c.timezone, a.published_at
FROM deliveries d
JOIN chats c ON c.id = d.chat_id
JOIN articles a ON a.id = d.article_id
WHERE d.status = 'queued' AND d.next_attempt_at <= :now AND c.active AND NOT c.paused
  AND NOT EXISTS (
      SELECT 1 FROM deliveries b
      WHERE b.chat_id = d.chat_id AND b.status IN ('sending', 'queued')
        AND (b.status = 'sending' OR b.next_attempt_at > :now))
ORDER BY d.next_attempt_at, d.id
LIMIT :scan
"""


class OutboxStore:
    def __init__(
        self,
        engine: Engine,
        worker_id: str,
        *,
        max_attempts: int = 8,
        per_chat: int = 5,
        default_tz: str = "Asia/Shanghai",
    ) -> None:
        self.engine = engine
        self.worker_id = worker_id
        self.max_attempts = max_attempts
        self.per_chat = per_chat
        self.default_tz = default_tz
        self.pg = engine.dialect.name == "postgresql"
        self._cards: OrderedDict[str, tuple[Article, Summary]] = OrderedDict()
        self._autocommit: Connection | None = None  # see _sent_conn

    # ------------------------------------------------------------------ claiming
    def claim(self, limit: int) -> list[Unit]:
        """Claim up to `limit` due deliveries; returns them rendered, per chat in publish order."""
        now = utcnow()
        scan = limit * 2
        q = sa.text(_CANDIDATES + (" FOR UPDATE OF d SKIP LOCKED" if self.pg else ""))
        q = q.bindparams(_ts("now"))
        with self.engine.begin() as conn:
            if self.pg:
                conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": CLAIM_LOCK_KEY})
            rows = conn.execute(q, {"now": now, "scan": scan}).all()
            picked, hold = self._pick(rows, now, limit)
            if hold:
                self._set_held(conn, [r.id for r in hold])
            if not picked:
                return []
            ids = self._mark_sending(conn, [r.id for r in picked], now)
        mine = [r for r in picked if r.id in ids]
        return self._units(mine)

    def _pick(self, rows: list, now: datetime, limit: int) -> tuple[list, list]:
        """At most `per_chat` rows per chat and `limit` in all; quiet/digest chats are held."""
        picked, hold, per = [], [], {}
        quiet_cache: dict[int, bool] = {}
        for r in rows:
            if r.chat_id not in quiet_cache:
                local = now.astimezone(zone(r.timezone, self.default_tz))
                quiet_cache[r.chat_id] = (r.digest_mode or "off") != "off" or in_quiet_hours(
                    local, r.quiet_start, r.quiet_end
                )
            if quiet_cache[r.chat_id]:
                hold.append(r)
                continue
            n = per.get(r.chat_id, 0)
            if n >= self.per_chat or len(picked) >= limit:
                continue
            per[r.chat_id] = n + 1
            picked.append(r)
        return picked, hold

    def _set_held(self, conn: Connection, ids: list[int]) -> None:
        stmt = sa.text(
            "UPDATE deliveries SET status = 'held' WHERE id IN :ids AND status = 'queued'"
        ).bindparams(sa.bindparam("ids", expanding=True))
        conn.execute(stmt, {"ids": ids})

    def _mark_sending(self, conn: Connection, ids: list[int], now: datetime) -> set[int]:
        stmt = sa.text(
            "UPDATE deliveries SET status = 'sending', claimed_by = :me, claimed_at = :now "
            "WHERE id IN :ids AND status = 'queued' RETURNING id"
        ).bindparams(sa.bindparam("ids", expanding=True), _ts("now"))
        return set(conn.execute(stmt, {"me": self.worker_id, "now": now, "ids": ids}).scalars())

    def _units(self, rows: list) -> list[Unit]:
        self._load_articles({r.article_id for r in rows})
        rows = sorted(rows, key=lambda r: (r.chat_id, r.published_at, r.id))
        subs = subscriptions_of(self.engine, {r.chat_id for r in rows})
        units = []
        for r in rows:
            card = self._cards.get(r.article_id)
            if card is None:  # article vanished (retention) between claim and render
                continue
            article, summary = card
            view = view_for(
                article,
                subs,
                chat_id=r.chat_id,
                thread_id=r.thread_id,
                zone=r.timezone or self.default_tz,
                lang=r.lang or "zh",
            )
            try:
                message = render_push(article, summary, view)
                html, button = message.html, message.button
            except Exception:
                log.exception("article %s: cannot render, sending the title only", r.article_id)
                html, button = _escape(article.title or article.id), None
            units.append(
                Unit(
                    ids=[r.id],
                    chat_id=r.chat_id,
                    thread_id=r.thread_id,
                    is_private=r.kind == "private",
                    html=html,
                    button=button,
                    attempts=r.attempts,
                    lang=r.lang or "zh",
                )
            )
        return units

    def _load_articles(self, ids: set[str]) -> None:
        """Convert each article once per process (one article goes to many chats)."""
        missing = [i for i in ids if i not in self._cards]
        if missing:
            with Session(self.engine) as s:
                for row in s.exec(select(ArticleRow).where(ArticleRow.id.in_(missing))):  # type: ignore[attr-defined]
                    self._cards[row.id] = (row_to_article(row), row_summary(row))
        for i in ids:
            if i in self._cards:
                self._cards.move_to_end(i)
        while len(self._cards) > 512:
            self._cards.popitem(last=False)

    # ------------------------------------------------------------------ outcomes
    def apply(self, ops: list[Op]) -> None:
        """Record outcomes in one transaction (the worker batches them)."""
        if not ops:
            return
        now = utcnow()
        sent = [(i, op.message_id) for op in ops if op.kind == "sent" for i in op.ids]
        if self.pg and all(op.kind == "sent" for op in ops):
            # The hot path (only 'sent' outcomes): one statement, atomic on its own, on
            # a connection kept open, so one round trip (no BEGIN, COMMIT, pool pre-ping).
            # Each round trip makes this thread wait for the GIL again, while the sends
            # whose outcomes these are hold their in-flight slots.
            try:
                self._mark_sent(self._sent_conn(), sent, now)
            except Exception:
                self.close()  # maybe a broken connection: the next batch opens another
                raise
            return
        with self.engine.begin() as conn:
            if sent:
                self._mark_sent(conn, sent, now)
            for op in ops:
                if op.kind != "sent":
                    getattr(self, f"_op_{op.kind}")(conn, op, now)

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
    ) -> None:
        done = "status = 'sent', sent_at = :now, claimed_by = NULL, claimed_at = NULL, error = NULL"
        if self.pg:  # one statement for the batch (executemany is one per row)
            stmt = sa.text(
                f"UPDATE deliveries d SET {done}, message_id = v.mid FROM unnest("
                "CAST(:ids AS bigint[]), CAST(:mids AS bigint[])) AS v(id, mid) WHERE d.id = v.id"
            ).bindparams(_ts("now"))
            ids, mids = [i for i, _ in sent], [m for _, m in sent]
            conn.execute(stmt, {"now": now, "ids": ids, "mids": mids})
            return
        stmt = sa.text(f"UPDATE deliveries SET {done}, message_id = :mid WHERE id = :id")
        conn.execute(
            stmt.bindparams(_ts("now")), [{"id": i, "mid": m, "now": now} for i, m in sent]
        )

    def _op_retry(self, conn: Connection, op: Op, now: datetime) -> None:
        stmt = sa.text(
            "UPDATE deliveries SET attempts = attempts + :inc,"
            " status = CASE WHEN attempts + :inc >= :max THEN 'failed' ELSE :back END,"
            " next_attempt_at = :when, claimed_by = NULL, claimed_at = NULL,"
            " error = COALESCE(:err, error) WHERE id IN :ids AND status = 'sending'"
        ).bindparams(sa.bindparam("ids", expanding=True), _ts("when"))
        conn.execute(
            stmt,
            {
                "inc": 1 if op.count_attempt else 0,
                "max": self.max_attempts,
                "back": op.back_to,
                "when": op.when or now,
                "err": op.error,
                "ids": op.ids,
            },
        )

    def _op_fail(self, conn: Connection, op: Op, now: datetime) -> None:
        stmt = sa.text(
            "UPDATE deliveries SET status = 'failed', error = :err, attempts = attempts + 1,"
            " claimed_by = NULL, claimed_at = NULL WHERE id IN :ids"
        ).bindparams(sa.bindparam("ids", expanding=True))
        conn.execute(stmt, {"err": op.error, "ids": op.ids})

    def _op_deactivate(self, conn: Connection, op: Op, now: datetime) -> None:
        """403 / chat not found: the chat is inactive and nothing pending is sent to it."""
        conn.execute(
            sa.text("UPDATE chats SET active = :f, inactive_reason = :err WHERE id = :c"),
            {"f": False, "err": op.error, "c": op.chat_id},
        )
        stmt = sa.text(
            "UPDATE deliveries SET status = 'failed', error = :err, claimed_by = NULL,"
            " claimed_at = NULL WHERE chat_id = :c AND status IN ('queued', 'held', 'sending')"
        )
        conn.execute(stmt, {"err": op.error, "c": op.chat_id})

    def _op_migrate(self, conn: Connection, op: Op, now: datetime) -> None:
        assert op.new_chat_id is not None
        migrate_chat(conn, op.chat_id, op.new_chat_id)
        stmt = sa.text(
            "UPDATE deliveries SET status = 'queued', next_attempt_at = :now, claimed_by = NULL,"
            " claimed_at = NULL WHERE chat_id = :c AND status = 'sending' AND claimed_by = :me"
        ).bindparams(_ts("now"))
        conn.execute(stmt, {"now": now, "c": op.new_chat_id, "me": self.worker_id})

    def _op_digest_done(self, conn: Connection, op: Op, now: datetime) -> None:
        stmt = sa.text("UPDATE chats SET last_digest_at = :now WHERE id = :c").bindparams(
            _ts("now")
        )
        conn.execute(stmt, {"now": now, "c": op.chat_id})

    # ------------------------------------------------------------------ housekeeping
    def heartbeat(self) -> None:
        stmt = sa.text(
            "UPDATE deliveries SET claimed_at = :now WHERE status = 'sending' AND claimed_by = :me"
        ).bindparams(_ts("now"))
        with self.engine.begin() as conn:
            conn.execute(stmt, {"now": utcnow(), "me": self.worker_id})

    def release_stale(self, older_than: float) -> int:
        """Claims of crashed processes (no heartbeat for `older_than` s) go back to queued.

        Digest parts go back to queued too; the next claim holds them again when
        the chat is a digest chat or in quiet hours, else they go out one by one.
        """
        cutoff = utcnow() - timedelta(seconds=older_than)
        n = self._requeue("claimed_at < :cutoff", {"cutoff": cutoff}, _ts("cutoff"))
        if n:
            log.warning("released %d stale delivery claims (a worker stopped mid-send)", n)
        return n

    def release_dead(self, liveness: Liveness) -> int:
        """PostgreSQL: claims whose worker process is gone (its liveness lock is free)."""
        if not self.pg:
            return 0
        with self.engine.connect() as conn:
            owners = list(
                conn.execute(
                    sa.text(
                        "SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sending'"
                        " AND claimed_by IS NOT NULL AND claimed_by <> :me"
                    ),
                    {"me": self.worker_id},
                ).scalars()
            )
        dead = liveness.dead(owners)
        if not dead:
            return 0
        n = self._requeue(
            "claimed_by IN :dead", {"dead": dead}, sa.bindparam("dead", expanding=True)
        )
        if n:
            log.warning("released %d delivery claims of %d stopped worker(s)", n, len(dead))
        return n

    def release_mine(self) -> int:
        """On shutdown: claimed but not sent rows go back for the next process."""
        return self._requeue("claimed_by = :me", {"me": self.worker_id})

    def _requeue(self, where: str, params: dict, *binds: sa.BindParameter) -> int:
        """Claimed rows matching `where` go back to queued; returns how many."""
        stmt = sa.text(
            "UPDATE deliveries SET status = 'queued', claimed_by = NULL, claimed_at = NULL"
            f" WHERE status = 'sending' AND {where}"
        ).bindparams(*binds)
        with self.engine.begin() as conn:
            return conn.execute(stmt, params).rowcount or 0


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)
