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
`claimed_at` is older than `stale_claim_seconds` back (live workers refresh
`claimed_at` by `heartbeat`): to `queued`, or to `held` for a digest's rows
(`bot.delivery.outbox.release`).

States and their meaning: `bot.delivery.outbox`. Every outcome here is fenced by the
claim (`status = 'sending' AND claimed_by = <this worker>`); `apply` returns how many
outcomes found their row taken over, and `heartbeat` returns the ids still ours, so
the worker drops units it no longer owns. The claim also settles rows that chat
changes left queued: a paused chat's rows are held, a migrated group's rows follow
it to the supergroup, any other inactive chat's rows fail.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, select

from bot.article import Article, Summary
from bot.delivery.fenced import FencedOutcomes, _ts
from bot.delivery.liveness import Liveness
from bot.delivery.outbox import CLAIM, end_chat, exclude, follow_migration, hold_rows, release
from bot.delivery.schedule import in_quiet_hours
from bot.delivery.threads import earlier_pushes
from bot.delivery.views import (
    excluded_by,
    matched_sub,
    matched_text,
    subscriptions_of,
    view_of,
)
from bot.fanout.match import Sub
from bot.render import render_push
from bot.storage.articles import row_summary, row_to_article, stored_roles
from bot.storage.models import ArticleRow
from bot.storage.types import UTCDateTime, utcnow
from bot.subscriptions.zones import zone_info

log = logging.getLogger(__name__)

CLAIM_LOCK_KEY = 0x66696E657773  # "finews": serializes claim transactions on PostgreSQL


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
    last_part: bool = False  # a digest's last message: once it is sent the digest is done
    as_plain: bool = False
    attempts: int = 0
    lang: str = "zh"
    unknown_sends: int = 0  # earlier sends of it that got no answer (a resend if > 0)
    seq: int = 0  # set by the worker when it takes the unit in (heartbeat fencing)
    silent: bool = False  # polish: the chat's /settings, no notification sound
    unsub: tuple[str, str, str] | None = None  # polish: 🔕 button (kind, value, label) that matched
    reply_to: int | None = None  # a story update: reply to the chat's earlier push (silently)
    edit_of: int | None = None  # a story update in a chat that chose /updates edit


# The blocking-row test names the chat's statuses in an IN list on purpose: written as
# `status = 'sending' OR (...)`, PostgreSQL (with the stale statistics right after a
# fan-out enqueued thousands of rows) ANDed the chat's index entries with a scan of
# *every* 'sending' entry of ix_deliveries_due, once per candidate row: 45 ms per
# claim of 150 with 400 rows in flight, growing with the rows claimed. This way only
# ix_deliveries_chat_status (chat_id, status) fits: a few entries per candidate.

_CANDIDATES = """
SELECT d.id, d.article_id, d.chat_id, d.thread_id, d.attempts, d.unknown_sends, c.kind,
       c.lang, c.silent, c.digest_mode, c.quiet_start, c.quiet_end, c.timezone, a.published_at,
       c.active, c.paused, c.inactive_reason, c.no_rights_at
FROM deliveries d
JOIN chats c ON c.id = d.chat_id
JOIN articles a ON a.id = d.article_id
WHERE d.status = 'queued' AND d.next_attempt_at <= :now
  AND NOT EXISTS (
      SELECT 1 FROM deliveries b
      WHERE b.chat_id = d.chat_id AND b.status IN ('sending', 'queued')
        AND (b.status = 'sending' OR b.next_attempt_at > :now))
ORDER BY d.next_attempt_at, d.id
LIMIT :scan
"""


_ROWS_BY_ID = """
SELECT d.id, d.article_id, d.chat_id, d.thread_id, d.attempts, d.unknown_sends, c.kind,
       c.lang, c.silent, c.timezone, a.published_at
FROM deliveries d JOIN chats c ON c.id = d.chat_id JOIN articles a ON a.id = d.article_id
WHERE d.id IN :ids
"""


class OutboxStore(FencedOutcomes):
    def __init__(
        self,
        engine: Engine,
        worker_id: str,
        *,
        max_attempts: int = 8,
        resend_unknown: int = 1,
        per_chat: int = 5,
        default_tz: str = "Asia/Shanghai",
        rights_probe: float = 1800.0,
    ) -> None:
        self.engine = engine
        self.rights_probe = rights_probe  # s: a chat the bot may not post in is tried again
        self.worker_id = worker_id
        self.max_attempts = max_attempts
        self.resend_unknown = resend_unknown
        self.per_chat = per_chat
        self.default_tz = default_tz
        self.pg = engine.dialect.name == "postgresql"
        # article id -> (article, summary, its article_tickers rows): one article, many chats
        self._cards: OrderedDict[str, tuple[Article, Summary, dict[str, bool]]] = OrderedDict()
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
            if hold:  # the rows of a chat the bot may not post in say so
                hold_rows(conn, [r.id for r in hold if r.no_rights_at is None])
                hold_rows(conn, [r.id for r in hold if r.no_rights_at], no_rights=True)
            gone = {r.chat_id: r.inactive_reason for r in rows if not r.active}
            self._settle_inactive(conn, gone)
            if not picked:
                return []
            ids = self._mark_sending(conn, [r.id for r in picked], now)
        mine = [r for r in picked if r.id in ids]
        return self._units(mine)

    def push_units(self, ids: list[int]) -> list[Unit]:
        """Claimed rows rendered as pushes (`_units`): a digest's lone held item."""
        stmt = sa.text(_ROWS_BY_ID).bindparams(sa.bindparam("ids", expanding=True))
        with self.engine.connect() as conn:
            return self._units(conn.execute(stmt, {"ids": ids}).all())

    def _settle_inactive(self, conn: Connection, gone: dict[int, str | None]) -> None:
        """Queued rows of chats no longer active. A group that became a supergroup while
        its rows were in flight (sent again after a 5xx, or released) has its rows follow
        it to the new id, where the next claim sends them; any other chat's rows end."""
        for chat_id, reason in gone.items():
            n = follow_migration(conn, chat_id, reason)
            if n is None:  # gone, or migrated in an older release (new id unknown)
                end_chat(conn, chat_id, f"chat inactive: {reason or 'unknown'}")
            elif n:
                log.info("chat %s: %d pending deliveries followed it at claim", chat_id, n)

    def _pick(self, rows: list, now: datetime, limit: int) -> tuple[list, list]:
        """At most `per_chat` rows per chat and `limit` in all; paused, quiet and digest
        chats' rows are held, and those of a chat where the bot may not post (they follow
        as a digest when it may: `bot.delivery.digest`)."""
        picked, hold, per = [], [], {}
        quiet_cache: dict[int, bool] = {}
        for r in rows:
            if not r.active:
                continue  # the chat is gone: its rows end (see claim)
            if r.chat_id not in quiet_cache:
                local = now.astimezone(zone_info(r.timezone, self.default_tz))
                quiet_cache[r.chat_id] = (
                    r.paused
                    or r.no_rights_at is not None
                    or (r.digest_mode or "off") != "off"
                    or in_quiet_hours(local, r.quiet_start, r.quiet_end)
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

    def _mark_sending(self, conn: Connection, ids: list[int], now: datetime) -> set[int]:
        stmt = sa.text(
            f"UPDATE deliveries SET {CLAIM} WHERE id IN :ids AND status = 'queued' RETURNING id"
        ).bindparams(sa.bindparam("ids", expanding=True), _ts("now"))
        params = {"me": self.worker_id, "now": now, "ids": ids, "in_digest": False}
        return set(conn.execute(stmt, params).scalars())

    def _units(self, rows: list) -> list[Unit]:
        self._load_articles({r.article_id for r in rows})
        rows = sorted(rows, key=lambda r: (r.chat_id, r.published_at, r.id))
        subs = subscriptions_of(self.engine, {r.chat_id for r in rows})
        arts = {
            r.article_id: self._cards[r.article_id][0] for r in rows if r.article_id in self._cards
        }
        gone = self.end_excluded(rows, arts, subs)
        threads = earlier_pushes(self.engine, [r.id for r in rows])
        units = []
        for r in rows:
            card = self._cards.get(r.article_id)
            if card is None or r.id in gone:  # article vanished (retention), or excluded
                continue
            article, summary, roles = card
            thread = threads.get(r.id)
            sub = matched_sub(article, subs, chat_id=r.chat_id, thread_id=r.thread_id, roles=roles)
            updated = utcnow() if thread and thread.edit else None
            view = view_of(article, sub, r.timezone or self.default_tz, r.lang or "zh", updated)
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
                    unknown_sends=r.unknown_sends or 0,
                    silent=bool(r.silent),
                    unsub=(sub.kind, sub.value, matched_text(sub, article)) if sub else None,
                    reply_to=thread.message_id if thread and not thread.edit else None,
                    edit_of=thread.message_id if thread and thread.edit else None,
                )
            )
        return units

    def end_excluded(self, rows: list, articles: dict[str, Article], subs: list[Sub]) -> set[int]:
        """Claimed rows whose article an exclusion of their (chat, topic) now matches end
        unsent (`outbox.exclude`): the reader excluded it while the row waited (digest,
        quiet hours, pause). Only exclusions: a row no subscription matches any more still
        goes (a story update reaches the chats an earlier article of the story did).
        Returns the ids ended. `rows` need id, chat_id, thread_id, article_id."""
        hits: dict[int, str] = {}
        for r in rows:
            article = articles.get(r.article_id)
            if article is None:
                continue
            word = excluded_by(article, subs, chat_id=r.chat_id, thread_id=r.thread_id)
            if word:
                hits[r.id] = f"chat {r.chat_id}/{r.thread_id} -kw:{word}"
        if not hits:
            return set()
        with self.engine.begin() as conn:
            n = exclude(conn, list(hits), self.worker_id)
        log.info(
            "%d claimed deliveries not sent: an exclusion added since matches them (%s)",
            n,
            ", ".join(sorted(set(hits.values()))),
        )
        return set(hits)

    def _load_articles(self, ids: set[str]) -> None:
        """Convert each article once per process (one article goes to many chats)."""
        missing = [i for i in ids if i not in self._cards]
        if missing:
            with Session(self.engine) as s:
                roles = stored_roles(s, missing)
                for row in s.exec(select(ArticleRow).where(ArticleRow.id.in_(missing))):  # type: ignore[attr-defined]
                    self._cards[row.id] = (row_to_article(row), row_summary(row), roles[row.id])
        for i in ids:
            if i in self._cards:
                self._cards.move_to_end(i)
        while len(self._cards) > 512:
            self._cards.popitem(last=False)

    # ------------------------------------------------------------------ housekeeping
    def heartbeat(self) -> set[int]:
        """Refresh this worker's claims; returns the ids it still holds (the rest were
        taken over while its heartbeat was late: the worker drops those units)."""
        stmt = sa.text(
            "UPDATE deliveries SET claimed_at = :now WHERE status = 'sending' AND claimed_by = :me"
            " RETURNING id"
        ).bindparams(_ts("now"))
        with self.engine.begin() as conn:
            return set(conn.execute(stmt, {"now": utcnow(), "me": self.worker_id}).scalars())

    def paused_claims(self) -> set[int]:
        """Chats paused (/pause) while this worker holds claimed rows of theirs: the worker
        gives back what it has not started sending (`release`), and the next claim holds it."""
        stmt = sa.text(
            "SELECT DISTINCT d.chat_id FROM deliveries d JOIN chats c ON c.id = d.chat_id"
            " WHERE d.status = 'sending' AND d.claimed_by = :me AND c.paused"
        )
        with self.engine.connect() as conn:
            return set(conn.execute(stmt, {"me": self.worker_id}).scalars())

    def recent_sends(self, seconds: float = 60.0) -> list[tuple[int, bool, float]]:
        """(chat, private, age in s) of each chat's last send within `seconds`: a new
        sender spaces its first sends from them (Telegram counts per bot, not process)."""
        now = utcnow()
        stmt = sa.text(
            "SELECT d.chat_id, c.kind, MAX(d.sent_at) AS last FROM deliveries d"
            " JOIN chats c ON c.id = d.chat_id WHERE d.status = 'sent' AND d.sent_at > :since"
            " GROUP BY d.chat_id, c.kind"
        ).bindparams(_ts("since"))
        stmt = stmt.columns(last=UTCDateTime())
        with self.engine.connect() as conn:
            rows = conn.execute(stmt, {"since": now - timedelta(seconds=seconds)}).all()
        return [(r.chat_id, r.kind == "private", (now - r.last).total_seconds()) for r in rows]

    def release(self, ids: list[int]) -> int:
        """Give claimed rows back unsent (this worker stopped being the sender, or is
        stopping, or the chat was paused); a digest's rows go back to held."""
        if not ids:
            return 0
        return self._release(
            "claimed_by = :me AND id IN :ids",
            {"me": self.worker_id, "ids": ids},
            sa.bindparam("ids", expanding=True),
        )

    def release_stale(self, older_than: float) -> int:
        """Claims of crashed processes (no heartbeat for `older_than` s) go back: to
        queued, or to held when they were claimed as a digest (a digest again)."""
        cutoff = utcnow() - timedelta(seconds=older_than)
        n = self._release("claimed_at < :cutoff", {"cutoff": cutoff}, _ts("cutoff"))
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
        n = self._release(
            "claimed_by IN :dead", {"dead": dead}, sa.bindparam("dead", expanding=True)
        )
        if n:
            log.warning("released %d delivery claims of %d stopped worker(s)", n, len(dead))
        return n

    def release_mine(self) -> int:
        """On shutdown: claimed but not sent rows go back for the next process."""
        return self._release("claimed_by = :me", {"me": self.worker_id})

    def _release(self, where: str, params: dict, *binds: sa.BindParameter) -> int:
        with self.engine.begin() as conn:
            return release(conn, where, params, *binds)


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)
