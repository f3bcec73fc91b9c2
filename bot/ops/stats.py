"""Operator statistics: is each source polling, who is subscribed, is the outbox draining.

`collect_stats` reads only aggregate queries (GROUP BY / MIN over indexed columns), so
it is cheap enough for `finews-bot stats`, `/stats` and the /metrics scrape alike.
"Today" is the Asia/Shanghai calendar day (the news' own day), not UTC.
`bot.ops.stats_text` words them for a terminal or a chat.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.delivery import outbox
from bot.ops.silent import find_silent
from bot.storage.models import (
    ArticleRow,
    Chat,
    Delivery,
    RelayedUpdate,
    SourceState,
    Story,
    Subscription,
)
from bot.storage.types import as_utc, utcnow
from bot.subscriptions.zones import DEFAULT_ZONE


def day_start(now: datetime, tz: str = DEFAULT_ZONE) -> datetime:
    """Midnight of `now`'s calendar day in `tz`, as an aware datetime."""
    local = now.astimezone(ZoneInfo(tz))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def failure_reason(error: str | None) -> str:
    """Group delivery errors: the part before the first colon ("forbidden: bot was blocked"
    -> "forbidden"), else the text itself, cut short so labels stay few and readable."""
    if not error:
        return "unknown"
    head, sep, _ = error.partition(":")
    reason = head.strip() if sep and 0 < len(head.strip()) <= 40 else error.strip()
    return reason[:60] or "unknown"


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def age_s(now: datetime, value: datetime | None) -> float | None:
    return round((now - value).total_seconds(), 1) if value else None


def _sources(conn: Connection, now: datetime, today: datetime) -> list[dict[str, Any]]:
    a = ArticleRow.__table__
    per_source_today = dict(
        conn.execute(
            sa.select(a.c.source, sa.func.count())
            .where(a.c.fetched_at >= today)
            .group_by(a.c.source)
        ).all()
    )
    rows = conn.execute(sa.select(SourceState.__table__).order_by(SourceState.__table__.c.name))
    out = []
    for r in rows.mappings():
        out.append(
            {
                "name": r["name"],
                "kind": r["kind"],
                "polls": r["polls"],
                "first_poll_done": bool(r["first_poll_done"]),
                "last_success": _iso(r["last_success"]),
                "last_success_age_s": age_s(now, r["last_success"]),
                "last_error": r["last_error"],
                "last_error_at": _iso(r["last_error_at"]),
                "consecutive_failures": r["consecutive_failures"],
                "articles_today": int(per_source_today.get(r["name"], 0)),
                "articles_total": r["articles_total"],
                "last_poll_ms": r["last_poll_ms"],
                "next_poll_at": _iso(r["next_poll_at"]),
                # feed sources: polls whose entries were all new (posts may be missing)
                "feed_overflows": int((r["cursor"] or {}).get("overflows") or 0),
            }
        )
    return out


def _unpolled(name: str, kind: str) -> dict[str, Any]:
    """A configured source with no source_state row yet (its first poll makes one)."""
    return {
        **dict.fromkeys(("last_success", "last_success_age_s", "last_error", "last_error_at")),
        **{"last_poll_ms": None, "next_poll_at": None, "first_poll_done": False},
        **{"polls": 0, "consecutive_failures": 0, "articles_today": 0, "articles_total": 0},
        **{"name": name, "kind": kind, "feed_overflows": 0},
    }


def split_sources(
    rows: list[dict[str, Any]], configured: Mapping[str, str] | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(configured, removed): a source taken out of the config keeps its source_state
    row, but listing it with the live ones showed it failing or stalled for ever.
    `configured` maps the config's source names to their kinds; None keeps every row."""
    if configured is None:
        return rows, []
    have = {r["name"] for r in rows}
    live = [r for r in rows if r["name"] in configured]
    live += [_unpolled(n, k) for n, k in configured.items() if n not in have]
    return sorted(live, key=lambda r: r["name"]), [r for r in rows if r["name"] not in configured]


def _chats(conn: Connection) -> dict[str, Any]:
    c = Chat.__table__
    by_kind = dict(conn.execute(sa.select(c.c.kind, sa.func.count()).group_by(c.c.kind)).all())
    active = sa.func.sum(sa.case((c.c.active.is_(True), 1), else_=0))
    paused = sa.func.sum(sa.case((sa.and_(c.c.active.is_(True), c.c.paused.is_(True)), 1), else_=0))
    muted = sa.and_(c.c.active.is_(True), c.c.no_rights_at.is_not(None))
    no_rights = sa.func.sum(sa.case((muted, 1), else_=0))  # in it, may not post: rows held
    total, n_active, n_paused, n_muted = conn.execute(
        sa.select(sa.func.count(), active, paused, no_rights)
    ).one()
    return {
        "total": int(total),
        "by_kind": {k: int(v) for k, v in sorted(by_kind.items())},
        "active": int(n_active or 0),
        "inactive": int(total) - int(n_active or 0),
        "paused": int(n_paused or 0),
        "no_rights": int(n_muted or 0),
    }


def _subscriptions(conn: Connection) -> dict[str, Any]:
    s = Subscription.__table__
    by_kind = dict(conn.execute(sa.select(s.c.kind, sa.func.count()).group_by(s.c.kind)).all())
    return {
        "total": int(sum(by_kind.values())),
        "by_kind": {k: int(v) for k, v in sorted(by_kind.items())},
    }


def _outbox(conn: Connection, now: datetime, today: datetime) -> dict[str, Any]:
    d = Delivery.__table__
    by_status = outbox.by_status(conn)
    sent_today = conn.execute(
        sa.select(sa.func.count()).where(d.c.status == "sent", d.c.sent_at >= today)
    ).scalar_one()
    failed: dict[str, int] = {}
    for error, n in conn.execute(
        sa.select(d.c.error, sa.func.count()).where(d.c.status == "failed").group_by(d.c.error)
    ).all():
        reason = failure_reason(error)
        failed[reason] = failed.get(reason, 0) + int(n)
    oldest = as_utc(outbox.oldest_pending(conn))
    relayed = RelayedUpdate.__table__  # type: ignore[attr-defined]
    n_relayed, oldest_relayed = conn.execute(
        sa.select(sa.func.count(), sa.func.min(relayed.c.received_at))
    ).one()
    oldest_held = as_utc(outbox.oldest_pending(conn, (outbox.Status.HELD,)))
    return {
        **by_status,
        "sent_today": int(sent_today),
        # since the database was created, all replicas (429s, sends without an answer, ...)
        "events": outbox.counters(conn),
        "failed_by_reason": dict(sorted(failed.items(), key=lambda kv: (-kv[1], kv[0]))),
        "oldest_undelivered_age_s": age_s(now, oldest),
        "oldest_held_age_s": age_s(now, oldest_held),
        # updates a replica received for the sender; they pile up only while no sender runs
        "relayed_waiting": int(n_relayed),
        "oldest_relayed_age_s": age_s(now, as_utc(oldest_relayed)),
    }


def collect_stats(
    engine: Engine,
    *,
    now: datetime | None = None,
    tz: str = DEFAULT_ZONE,
    sources: Mapping[str, str] | None = None,
    silent_days: int = 0,
) -> dict[str, Any]:
    """Everything an operator needs at a glance, as plain JSON-able data.

    sources: per configured source (`sources`, name -> kind; None: every source_state
    row) last success/error, consecutive failures, articles stored today (by
    fetched_at, `tz` day) and last poll latency; removed_sources: the rows of sources
    no longer in the config, kept apart (they are not polled, their state is history).
    outbox: deliveries by status; `oldest_undelivered_age_s` covers queued + sending
    (held rows wait for a digest or quiet hours on purpose and are reported apart).
    silent_outlets: with `silent_days` (`[outlets] silent_days`), the outlets active chats
    follow with no post for that long, as `bot.ops.silent` finds them now (not read
    otherwise: the /metrics scrape counts the daily check's instead).
    """
    now = now or utcnow()
    today = day_start(now, tz)
    a = ArticleRow.__table__
    with engine.connect() as conn:
        total, n_today = conn.execute(
            sa.select(sa.func.count(), sa.func.sum(sa.case((a.c.fetched_at >= today, 1), else_=0)))
        ).one()
        latest = as_utc(conn.execute(sa.select(sa.func.max(a.c.published_at))).scalar_one())
        live, removed = split_sources(_sources(conn, now, today), sources)
        return {
            "generated_at": now.isoformat(),
            "timezone": tz,
            "today_since": today.isoformat(),
            "articles": {
                "total": int(total),
                "today": int(n_today or 0),
                "latest_published_at": _iso(latest),
            },
            "sources": live,
            "removed_sources": removed,
            "chats": _chats(conn),
            "subscriptions": _subscriptions(conn),
            "outbox": _outbox(conn, now, today),
            "stories": _stories(conn, today),
            "silent_days": silent_days,
            "silent_outlets": _silent(engine, silent_days, now),
        }


def _silent(engine: Engine, days: int, now: datetime) -> list[dict[str, Any]]:
    found = find_silent(engine, days, now=now) if days > 0 else []
    return [
        {"slug": o.slug, "name": o.name, "chats": o.chats, "last_post": _iso(o.last_post)}
        for o in found
    ]


def _stories(conn: sa.Connection, today: datetime) -> dict[str, int]:
    """Stories told more than once today: repeats not pushed, updates threaded."""
    st = Story.__table__.c
    told, repeats, updates = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(st.repeats), 0),
            sa.func.coalesce(sa.func.sum(st.updates), 0),
        ).where(st.updated_at >= today, st.articles > 1)
    ).one()
    return {"retold_today": int(told), "repeats_today": int(repeats), "updates_today": int(updates)}
