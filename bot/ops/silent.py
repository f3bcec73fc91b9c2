"""Followed outlets that stopped publishing, told to the operator once per silence.

An outlet renamed on the site publishes under a new pinyin slug from then on; its
subscribers, left on the old slug, get nothing, and nothing says so (posts carry no
outlet id, so nothing links the two slugs). Once a day (not per poll: a week's silence
is news only once a day) this finds the outlets that active chats follow and that have
had no post for `[outlets] silent_days` (14), and logs those newly silent in one WARNING
line that names the command moving their subscriptions (`finews-bot outlets rename OLD
NEW`, `bot.subscriptions.outlets`). An outlet already told of by an earlier check is not
warned about again until it has posted and gone silent anew (a daily INFO line lists
them): a WARNING a day for the same outlet, a monthly one's every month, taught the
operator to skip the line. The ongoing state is where an operator looks for it:
`finews-bot stats` and `/stats` list the silent outlets (`find_silent`, read when asked),
and the check's slugs are kept in the `meta` table (this module owns the
`silent_outlets` key), where `/metrics` counts them (`finews_outlets_silent`) on every
replica without reading the articles at each scrape.
Subscribers are told nothing: the operator decides.

An outlet's last post is its newest stored article, else (its articles purged by
retention) the last time one of its posts was stored (`outlets.last_seen`). One with
no post at all (a slug named by a `[[channels]]` route) counts from its oldest
subscription, so a subscription made today is not silent today.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.storage.db import dialect_insert, session_scope
from bot.storage.locks import leading_now
from bot.storage.models import ArticleRow, Chat, Meta, Outlet, Subscription
from bot.storage.types import as_utc, utcnow

log = logging.getLogger(__name__)

JOB_ID = "silent-outlets"
META_KEY = "silent_outlets"  # the last check's slugs, a JSON list


@dataclass(frozen=True, slots=True)
class SilentOutlet:
    slug: str
    name: str | None  # None: no post of it was ever stored
    chats: int  # active chats following it
    last_post: datetime | None


def find_silent(engine: Engine, days: int, *, now: datetime | None = None) -> list[SilentOutlet]:
    """Outlets followed by an active chat with no post for `days` days, by slug."""
    now = now or utcnow()
    cutoff = now - timedelta(days=days)
    sub, chat = Subscription.__table__.c, Chat.__table__.c
    a, o = ArticleRow.__table__.c, Outlet.__table__.c
    chats, since = sa.func.count(sa.distinct(sub.chat_id)), sa.func.min(sub.created_at)
    with engine.connect() as conn:
        followed = {
            slug: (int(n), as_utc(first))
            for slug, n, first in conn.execute(
                sa.select(sub.value, chats, since)
                .join(Chat.__table__, chat.id == sub.chat_id)
                .where(sub.kind == "category", chat.active.is_(True))
                .group_by(sub.value)
            )
        }
        if not followed:
            return []
        slugs = sorted(followed)
        newest = dict(
            conn.execute(
                sa.select(a.category, sa.func.max(a.published_at))
                .where(a.category.in_(slugs))
                .group_by(a.category)
            ).all()
        )
        outlets = {
            slug: (name, last_seen)
            for slug, name, last_seen in conn.execute(
                sa.select(o.slug, o.name, o.last_seen).where(o.slug.in_(slugs))
            )
        }
    silent = []
    for slug in slugs:
        n, first = followed[slug]
        name, seen = outlets.get(slug, (None, None))
        last = as_utc(newest.get(slug)) or as_utc(seen)
        if (last or first or now) <= cutoff:
            silent.append(SilentOutlet(slug, name, n, last))
    return silent


def _describe(o: SilentOutlet) -> str:
    chats = f"{o.chats} chat{'s' if o.chats != 1 else ''}"
    last = f"last post {o.last_post:%Y-%m-%d}" if o.last_post else "no post seen"
    return f"{o.slug} ({o.name + ', ' if o.name else ''}{chats}, {last})"


def check_silent(
    settings: Settings, engine: Engine, *, now: datetime | None = None
) -> list[SilentOutlet]:
    """The daily check: one WARNING naming the outlets silent since the last check, an
    INFO line for those told of before, a DEBUG line when none is silent. Returns every
    silent outlet. Never raises."""
    days = settings.outlets.silent_days
    try:
        told = set(_remembered(engine))
        silent = find_silent(engine, days, now=now)
        _remember(engine, [o.slug for o in silent])
    except Exception:
        log.exception("silent outlets: check failed (will retry tomorrow)")
        return []
    if not silent:
        log.debug("silent outlets: every followed outlet posted in the last %d days", days)
        return silent
    new = [o for o in silent if o.slug not in told]
    if new:
        log.warning(
            "%d followed outlet(s) with no post for %d days (renamed on the site? "
            "`finews-bot outlets rename OLD NEW` moves their subscriptions): %s",
            len(new),
            days,
            "; ".join(_describe(o) for o in new),
        )
    still = [o.slug for o in silent if o.slug in told]
    if still:
        log.info(
            "silent outlets: still no post (warned before; `finews-bot stats` lists them): %s",
            ", ".join(still),
        )
    return silent


def _remember(engine: Engine, slugs: list[str]) -> None:
    with session_scope(engine) as s:
        ins = dialect_insert(s, Meta).values(key=META_KEY, value=json.dumps(slugs))
        s.execute(
            ins.on_conflict_do_update(index_elements=["key"], set_={"value": ins.excluded.value})
        )


def _remembered(engine: Engine) -> list[str]:
    """The slugs the last check found silent ([] before the first)."""
    with engine.connect() as conn:
        value = conn.execute(sa.select(Meta.value).where(Meta.key == META_KEY)).scalar()
    try:
        slugs = json.loads(value) if value else []
    except ValueError:
        return []
    return [str(s) for s in slugs] if isinstance(slugs, list) else []


def last_silent(engine: Engine) -> int:
    """How many outlets the last daily check found silent (0 before the first)."""
    return len(_remembered(engine))


def schedule(
    scheduler: Any,
    settings: Settings,
    engine: Engine,
    *,
    lock: Callable[[], AbstractContextManager[bool]] | None = None,
    first_run_delay: float = 300.0,
) -> Any:
    """Add the daily check (first `first_run_delay` s after start, then every 24 h) to an
    APScheduler scheduler; only the polling leader runs it (`lock`, as retention does).
    Returns the Job, or None when `[outlets] silent_days = 0` turns the check off."""
    if settings.outlets.silent_days <= 0:
        return None

    def job() -> None:
        if leading_now(lock):
            check_silent(settings, engine)

    return scheduler.add_job(
        job,
        "interval",
        days=1,
        id=JOB_ID,
        name="silent outlets check",
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        next_run_time=utcnow() + timedelta(seconds=first_run_delay),
    )
