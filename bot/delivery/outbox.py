"""The one owner of delivery states: what a `deliveries` row may be and every change of it.

Life of a row (one message to one chat, or a part of a digest):

    enqueue -> queued | held        fan-out (`initial_status`)
    queued  -> sending              claim, by one worker (`claimed_by`)
    queued  -> held                 chat paused, in quiet hours or on digests, or the
                                    bot may not post there (`lacks_rights`: a refused
                                    send, or a my_chat_member update taking the right)
    held    -> sending              digest claim (`in_digest`); a failed digest goes
                                    back to held
    sending -> queued | held        released unsent (stop, lost lead, a dead worker):
                                    back to the path it was claimed from, so a digest's
                                    rows stay a digest even after a kill -9 (`release`)
    sending -> sent                 Telegram answered (even unreadably): delivered
    sending -> queued | held        not delivered (429, 5xx, no connection): retried
    sending -> held                 refused for want of rights: waits, unspent, until the
                                    bot may post there again (a probe digest, or
                                    my_chat_member: `rights_back`)
    sending -> queued | unknown     no answer (maybe delivered): resent at most
                                    `resend_unknown` times, then `unknown`
    sending -> failed               refused, or attempts exhausted; or claimed when an
                                    exclusion added since the fan-out matches it
                                    (error `excluded`, `exclude`)
    pending -> failed               chat gone (403, removed) or expired by retention
    pending of chat A -> chat B     group migrated to a supergroup

Every outcome a worker records is fenced by its claim: the UPDATE requires
`status = 'sending' AND claimed_by = <worker>`, and the worker counts the rows it
changed; a row someone else took over (its heartbeat was late) is left alone.
The worker side (claim, outcomes, heartbeat) is `bot.delivery.store`; the chat
lifecycle (handlers), retention, stats and health use the functions here.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.logs import redact
from bot.storage.types import UTCDateTime, utcnow
from bot.subscriptions import chats

log = logging.getLogger(__name__)


class Status(enum.StrEnum):
    QUEUED = "queued"  # due at next_attempt_at
    HELD = "held"  # waits on purpose: digest, quiet hours, paused chat
    SENDING = "sending"  # claimed by one worker (claimed_by)
    SENT = "sent"  # Telegram answered
    FAILED = "failed"  # will not be sent (error says why)
    UNKNOWN = "unknown"  # sent without an answer, not resent again: maybe delivered


PENDING = (Status.QUEUED, Status.HELD, Status.SENDING)
UNDELIVERED = (Status.QUEUED, Status.SENDING)  # should be going out now (health, lag)
FINISHED = (Status.SENT, Status.FAILED, Status.UNKNOWN)

# counters kept in the `meta` table (shared by replicas; stats and /metrics read them)
COUNTERS = {
    "429": "answers 429 Too Many Requests",
    "unknown": "sends without an answer (maybe delivered)",
    "resent_unknown": "resends of a send that got no answer",
    "answered_unreadable": "HTTP 200 answers the client could not read (counted delivered)",
    "network": "sends not delivered (no connection, 5xx): retried",
    "fenced": "outcomes dropped: the row was claimed by another worker",
    "no_rights": "sends refused: the bot may not post in the chat (its rows wait, held)",
}
COUNTER_PREFIX = "delivery."


# deliveries.error of a row held only because Telegram refused a send (no right to post
# there, a closed topic: "400 …") or because the bot may not post in its chat: a lone such
# row goes out as a push when the chat may be posted in again (`bot.delivery.digest`)
NO_RIGHTS_HELD = "held: the bot may not post in the chat"
REFUSED_HELD = ("400 ", NO_RIGHTS_HELD)

# SET clause of a claim (binds :me, :now, :in_digest): the row is one worker's to send,
# and `in_digest` records whether it was taken as a digest part (see `release`)
CLAIM = "status = 'sending', claimed_by = :me, claimed_at = :now, in_digest = :in_digest"


def initial_status(digest_mode: str | None) -> Status:
    """A new row waits for the digest or goes out as a push."""
    return Status.HELD if (digest_mode or "off") != "off" else Status.QUEUED


def clean_error(text: str | None) -> str | None:
    """What may be stored in deliveries.error: no token, at most 500 characters."""
    return None if text is None else redact(text)[:500]


def _ts(name: str) -> sa.BindParameter:
    return sa.bindparam(name, type_=UTCDateTime())


def bump(conn: Connection, counts: dict[str, int]) -> None:
    """Add to the shared delivery counters (in the caller's transaction)."""
    stmt = sa.text(
        "INSERT INTO meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE"
        " SET value = CAST(CAST(meta.value AS INTEGER) + :n AS VARCHAR)"
    )
    for key, n in sorted(counts.items()):
        if n:
            conn.execute(stmt, {"k": COUNTER_PREFIX + key, "v": str(n), "n": n})


def counters(conn: Connection) -> dict[str, int]:
    """The shared delivery counters (0 when never bumped)."""
    rows = conn.execute(
        sa.text("SELECT key, value FROM meta WHERE key LIKE :p"), {"p": COUNTER_PREFIX + "%"}
    ).all()
    have = {k.removeprefix(COUNTER_PREFIX): int(v) for k, v in rows if v.lstrip("-").isdigit()}
    return {k: have.get(k, 0) for k in COUNTERS}


def release(conn: Connection, where: str, params: dict, *binds: sa.BindParameter) -> int:
    """Claimed rows matching `where` go back unsent; returns how many.

    A digest part goes back to held, where only a digest picks it up again (as a digest,
    with its backoff and schedule); released as queued, the next claim sent a
    quiet-hours or /resume digest as one push per item. Any other row is queued again.
    """
    stmt = sa.text(
        "UPDATE deliveries SET status = CASE WHEN in_digest THEN 'held' ELSE 'queued' END,"
        f" claimed_by = NULL, claimed_at = NULL WHERE status = 'sending' AND {where}"
    ).bindparams(*binds)
    return conn.execute(stmt, params).rowcount or 0


def hold_rows(conn: Connection, ids: list[int], *, no_rights: bool = False) -> None:
    """Queued rows the claim found in a paused, quiet or digest chat wait, held; those of a
    chat the bot may not post in say so (`NO_RIGHTS_HELD`)."""
    if not ids:
        return
    stmt = sa.text(
        "UPDATE deliveries SET status = 'held', error = COALESCE(:e, error)"
        " WHERE id IN :ids AND status = 'queued'"
    ).bindparams(sa.bindparam("ids", expanding=True))
    conn.execute(stmt, {"ids": ids, "e": NO_RIGHTS_HELD if no_rights else None})


def exclude(conn: Connection, ids: list[int], worker_id: str) -> int:
    """Rows this worker claimed whose article an exclusion of their chat (added after the
    fan-out queued them) now matches: they end unsent, `failed` with error `excluded`.
    Returns how many."""
    stmt = sa.text(
        "UPDATE deliveries SET status = 'failed', error = 'excluded', claimed_by = NULL,"
        " claimed_at = NULL WHERE id IN :ids AND status = 'sending' AND claimed_by = :me"
    ).bindparams(sa.bindparam("ids", expanding=True))
    return conn.execute(stmt, {"ids": ids, "me": worker_id}).rowcount or 0


# --------------------------------------------------------------------------- chat lifecycle


def _count(conn: Connection, chat_id: int, status: Status) -> int:
    return int(
        conn.execute(
            sa.text("SELECT count(*) FROM deliveries WHERE chat_id = :c AND status = :s"),
            {"c": chat_id, "s": status.value},
        ).scalar()
        or 0
    )


def pause(engine: Engine, chat_id: int) -> int:
    """/pause: the chat gets nothing new; what is queued for it is held.

    Returns how many held rows the chat has: they go out as one digest after /resume
    (news published while paused is not even enqueued: fan-out skips paused chats).
    Rows a delivery worker has claimed are its own: within `pause_check` (1 s) it gives
    back those it has not started sending, and they are held too.
    """
    with engine.begin() as conn:
        chats.set_paused(conn, chat_id, True)
        conn.execute(
            sa.text(
                "UPDATE deliveries SET status = 'held' WHERE chat_id = :c AND status = 'queued'"
            ),
            {"c": chat_id},
        )
        return _count(conn, chat_id, Status.HELD)


def resume(engine: Engine, chat_id: int) -> int:
    """/resume: returns how many held rows will follow (as a digest, when due)."""
    with engine.begin() as conn:
        chats.set_paused(conn, chat_id, False)
        return _count(conn, chat_id, Status.HELD)


def lacks_rights(engine: Engine, chat_id: int) -> bool:
    """A send to the chat was refused for want of rights (the bot is still in it): the chat
    is marked (`chats.lost_rights`) and what is queued for it is held, like /pause, until
    the bot may post again (`rights_back`, or a probe: `bot.delivery.digest`). Rows being
    sent stay with their worker, which holds those refused. Returns True when this is news.
    """
    with engine.begin() as conn:
        new = chats.lost_rights(conn, chat_id, utcnow())
        conn.execute(
            sa.text(
                "UPDATE deliveries SET status = 'held', error = :e"
                " WHERE chat_id = :c AND status = 'queued'"
            ),
            {"c": chat_id, "e": NO_RIGHTS_HELD},
        )
    return new


def rights_back(engine: Engine, chat_id: int) -> int | None:
    """The bot may post in the chat again (my_chat_member): the chat is unmarked and what
    waited follows as one digest, as after /resume. Returns how many rows follow, or None
    when the chat was not marked."""
    with engine.begin() as conn:
        if not chats.rights_back(conn, chat_id):
            return None
        conn.execute(  # not at the probe a refusal put off (`rights_probe_wait`): now
            sa.text(
                "UPDATE deliveries SET next_attempt_at = :now"
                " WHERE chat_id = :c AND status = 'held' AND next_attempt_at > :now"
            ).bindparams(_ts("now")),
            {"c": chat_id, "now": utcnow()},
        )
        return _count(conn, chat_id, Status.HELD)


def end_chat(conn: Connection, chat_id: int, reason: str, *, claimed_by: str | None = None) -> int:
    """The chat is gone (403, bot removed): inactive, and its pending rows fail with `reason`.

    Rows being sent stay with their worker (its outcome settles them) unless
    `claimed_by` names that worker: then they end here too.
    """
    reason = clean_error(reason) or "chat gone"
    chats.deactivate(conn, chat_id, reason)
    mine = " OR (status = 'sending' AND claimed_by = :me)" if claimed_by else ""
    stmt = sa.text(
        "UPDATE deliveries SET status = 'failed', error = :r, claimed_by = NULL,"
        f" claimed_at = NULL WHERE chat_id = :c AND (status IN ('queued', 'held'){mine})"
    )
    params = {"r": reason, "c": chat_id, "me": claimed_by}
    return conn.execute(stmt, params).rowcount or 0


def chat_removed(engine: Engine, chat_id: int, reason: str = "removed") -> int:
    """The bot was removed from the chat (my_chat_member): returns the rows ended."""
    with engine.begin() as conn:
        exists = conn.execute(sa.text("SELECT 1 FROM chats WHERE id = :c"), {"c": chat_id}).first()
        if not exists:
            return 0
        n = end_chat(conn, chat_id, reason)
    if n:
        log.info("chat %s: %d pending deliveries ended (%s)", chat_id, n, reason)
    return n


def move_rows(conn: Connection, old: int, new: int, *, sending: bool = False) -> int:
    """Group -> supergroup: the old chat's pending rows follow it (duplicates dropped).

    Rows being sent to the old id stay unless `sending` (the worker whose send got
    `migrate_to_chat_id` moves them; the others' sends will report it too).
    Returns how many rows moved.
    """
    statuses = "('queued', 'held', 'sending')" if sending else "('queued', 'held')"
    conn.execute(
        sa.text(
            f"DELETE FROM deliveries WHERE chat_id = :o AND status IN {statuses}"
            " AND EXISTS (SELECT 1 FROM deliveries d WHERE d.chat_id = :n"
            " AND d.article_id = deliveries.article_id AND d.thread_id = deliveries.thread_id)"
        ),
        {"o": old, "n": new},
    )
    return (
        conn.execute(
            sa.text(
                f"UPDATE deliveries SET chat_id = :n WHERE chat_id = :o AND status IN {statuses}"
            ),
            {"o": old, "n": new},
        ).rowcount
        or 0
    )


def follow_migration(conn: Connection, chat_id: int, reason: str | None) -> int | None:
    """An inactive chat's pending rows follow it when it became a supergroup: how many
    moved, or None when it did not (or an older release did not record the new id)."""
    new = chats.migrated_to(reason)
    return None if new is None else move_rows(conn, chat_id, new)


_MIGRATED_WITH_ROWS = sa.text(
    "SELECT c.id, c.inactive_reason FROM chats c WHERE c.active = :f"
    " AND c.inactive_reason LIKE :m AND EXISTS (SELECT 1 FROM deliveries d"
    " WHERE d.chat_id = c.id AND d.status IN ('queued', 'held'))"
)


def follow_migrations(engine: Engine) -> int:
    """Rows still addressed to a group that became a supergroup follow it; returns how many.

    The migration moves what is pending then, and the claim moves queued rows it meets;
    a digest part that failed after the move goes back to `held` under the old id, where
    no digest would ever pick it up (digests are for active chats). Run with the digest
    check, so nothing waits for retention to end it."""
    with engine.begin() as conn:
        found = conn.execute(_MIGRATED_WITH_ROWS, {"f": False, "m": chats.MIGRATED + " %"}).all()
        moved = sum(follow_migration(conn, chat_id, reason) or 0 for chat_id, reason in found)
    if moved:
        log.info("%d pending deliveries followed their chat to its supergroup", moved)
    return moved


def chat_migrated(engine: Engine, old: int, new: int) -> tuple[int, int]:
    """A migration seen as an update: the chat, its subscriptions and its pending rows
    move to the new id in one transaction (a claim in between would end the rows of a
    chat already retired). Returns (subscriptions, rows) moved."""
    with engine.begin() as conn:
        subs = chats.migrate(conn, old, new)
        n = move_rows(conn, old, new)
    if n:
        log.info("chat %s -> %s: %d pending deliveries moved", old, new, n)
    return subs, n


# --------------------------------------------------------------------------- retention


def _never() -> bool:
    return False


_EXPIRABLE = "status IN ('queued', 'held')"  # a row being sent is its worker's


def expire(
    engine: Engine, cutoff: datetime, *, batch: int = 1000, stop: Callable[[], bool] = _never
) -> int:
    """Pending rows created before `cutoff` and not being sent fail as `expired`, so a
    chat paused (or held) for ever cannot keep rows and their articles for ever.

    `batch` rows at a time, each batch its own transaction, `stop` (retention's shutdown)
    checked before each: one UPDATE of every such row held a SIGTERM for as long as it
    took. A row expires whole or not at all; what is left goes at the next run."""
    pick = sa.text(
        f"SELECT id FROM deliveries WHERE {_EXPIRABLE} AND created_at < :cutoff LIMIT :n"
    ).bindparams(_ts("cutoff"))
    end = sa.text(  # the status again: a row claimed meanwhile stays with its worker
        "UPDATE deliveries SET status = 'failed', error = 'expired'"
        f" WHERE id IN :ids AND {_EXPIRABLE}"
    ).bindparams(sa.bindparam("ids", expanding=True))
    n = 0
    while not stop():
        with engine.begin() as conn:
            ids = list(conn.execute(pick, {"cutoff": cutoff, "n": batch}).scalars())
            if ids:
                n += conn.execute(end, {"ids": ids}).rowcount or 0
        if len(ids) < batch:
            break
    if n:
        log.warning("retention: %d deliveries older than the retention period expired", n)
    return n


def oldest_pending(conn: Connection, statuses: tuple[Status, ...] = UNDELIVERED) -> datetime | None:
    """created_at of the oldest row in `statuses` (health and stats: delivery lag)."""
    stmt = sa.text("SELECT MIN(created_at) AS m FROM deliveries WHERE status IN :s").bindparams(
        sa.bindparam("s", expanding=True)
    )
    stmt = stmt.columns(m=UTCDateTime())
    return conn.execute(stmt, {"s": [s.value for s in statuses]}).scalar()


def by_status(conn: Connection) -> dict[str, int]:
    rows = conn.execute(sa.text("SELECT status, count(*) FROM deliveries GROUP BY status")).all()
    have = {s: int(n) for s, n in rows}
    return {s.value: have.get(s.value, 0) for s in Status}
