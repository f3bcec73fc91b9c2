"""Held deliveries -> digest messages when their chat's time comes.

`due_digests` finds chats whose held rows are due (`bot.delivery.schedule.held_due`),
`claim_digest` switches those rows to `sending` for this worker and builds the
digest parts (one message per forum topic, split between items at 4,096 chars;
several articles of one story are one item, its latest article's).

A digest is done (`chats.last_digest_at`, which the next slot is counted from) when
its last part is sent, refused, or ends without being sent again (`unknown`: no answer
after its resends; `failed`: attempts spent), or when every item it claimed was
excluded since (nothing to send). Parts go out in order, and a failed part
takes the rest back to wait for its backoff; the chat stays due meanwhile, so the rest
goes out when that backoff is over, not at the next slot.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from bot.delivery.fenced import Op, _ts
from bot.delivery.outbox import CLAIM, REFUSED_HELD
from bot.delivery.schedule import held_due, in_quiet_hours
from bot.delivery.store import CLAIM_LOCK_KEY, OutboxStore, Unit
from bot.delivery.views import subscriptions_of
from bot.render import View, digest_header, digest_item, split_digest
from bot.storage.articles import row_summary, row_to_article
from bot.storage.models import ArticleRow
from bot.storage.stories import story_counts
from bot.storage.types import UTCDateTime, utcnow
from bot.subscriptions.zones import zone_info

# Due per forum topic: a topic whose rows wait (a closed topic's probe, a part's backoff)
# holds up only its own part; a chat the bot may not post in waits as a whole (its probe).
_HELD_CHATS = """
SELECT c.id, c.kind, c.lang, c.digest_mode, c.digest_time, c.quiet_start, c.quiet_end,
       c.timezone, c.last_digest_at, MIN(t.oldest) AS oldest
FROM (SELECT chat_id, thread_id, MIN(created_at) AS oldest, MAX(next_attempt_at) AS due_at
      FROM deliveries WHERE status = 'held' GROUP BY chat_id, thread_id) t
JOIN chats c ON c.id = t.chat_id
WHERE c.active AND NOT c.paused
  AND (c.no_rights_at IS NULL OR c.no_rights_at <= :probe)
GROUP BY c.id, c.kind, c.lang, c.digest_mode, c.digest_time, c.quiet_start, c.quiet_end,
         c.timezone, c.last_digest_at, c.no_rights_at
HAVING (c.no_rights_at IS NULL AND MIN(t.due_at) <= :now) OR MAX(t.due_at) <= :now
"""


def due_digests(store: OutboxStore) -> list[int]:
    """Chats whose held deliveries should go out now. Paused chats keep theirs held; a
    digest that failed waits for its rows' retry time (`next_attempt_at`, backoff). A
    chat the bot may not post in (`chats.no_rights_at`) is tried again, with what waits
    for it, `rights_probe` seconds after it last refused: that digest is the probe."""
    now = utcnow()
    stmt = sa.text(_HELD_CHATS).bindparams(_ts("now"), _ts("probe"))
    stmt = stmt.columns(last_digest_at=UTCDateTime(), oldest=UTCDateTime())
    probe = now - timedelta(seconds=store.rights_probe)
    with store.engine.connect() as conn:
        rows = conn.execute(stmt, {"now": now, "probe": probe}).all()
    return [
        r.id
        for r in rows
        if held_due(
            now=now,
            digest_mode=r.digest_mode,
            digest_time=r.digest_time,
            quiet_start=r.quiet_start,
            quiet_end=r.quiet_end,
            timezone=r.timezone,
            last_digest_at=r.last_digest_at,
            oldest_held_at=r.oldest,
            default_tz=store.default_tz,
        )
    ]


def by_story(rows: list, arts: dict[str, ArticleRow]) -> list[list]:
    """Rows (in publish order) grouped by story, in the order each story first appeared:
    a digest lists a story once, as its latest article tells it (latest figures)."""
    groups: dict[str, list] = {}
    for r in rows:
        a = arts[r.article_id]
        groups.setdefault(a.story_id or a.id, []).append(r)
    return list(groups.values())


def _due_held(conn: sa.Connection, chat_id: int, now: datetime) -> list[int]:
    """The chat's held rows in topics none of whose rows waits past `now` (a closed
    topic's probe, a failed part's backoff): those topics' parts wait, the others go."""
    stmt = sa.text(
        "SELECT id, thread_id, next_attempt_at FROM deliveries"
        " WHERE chat_id = :c AND status = 'held'"
    ).columns(next_attempt_at=UTCDateTime())
    held = conn.execute(stmt, {"c": chat_id}).all()
    later = {r.thread_id for r in held if r.next_attempt_at > now}
    return [r.id for r in held if r.thread_id not in later]


def _lone_push(chat: sa.Row, row: sa.Row) -> bool:
    """A chat on no digests whose one held item in a topic waited only because a send was
    refused (a rights blip, a closed topic) gets it as the push it was, not as a one-item
    新闻摘要. Its unit stays a digest part for its outcome (held again if it fails; sent,
    it ends the digest and unmarks the chat). Held by /pause or quiet hours it stays a
    digest, as the chat was told."""
    if (chat.digest_mode or "off") != "off":
        return False
    return chat.no_rights_at is not None or (row.error or "").startswith(REFUSED_HELD)


def _quiet(chat: sa.Row, rows: list, zone: str) -> bool:
    """Whether quiet hours held these rows (the digest says 免打扰期间的新闻): a chat on no
    digests whose every row came inside its quiet hours and was not refused. Held by
    /pause or a rights blip during the day, they are a plain 新闻摘要."""
    if (chat.digest_mode or "off") != "off" or not (chat.quiet_start and chat.quiet_end):
        return False
    tz = zone_info(zone)
    return all(
        not (r.error or "").startswith(REFUSED_HELD)
        and in_quiet_hours(r.created_at.astimezone(tz), chat.quiet_start, chat.quiet_end)
        for r in rows
    )


def claim_digest(store: OutboxStore, chat_id: int) -> list[Unit]:
    """Take this chat's held rows and build its digest messages (empty if someone else did)."""
    now = utcnow()
    with store.engine.begin() as conn:
        if store.pg:
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": CLAIM_LOCK_KEY})
        busy = conn.execute(
            sa.text("SELECT 1 FROM deliveries WHERE chat_id = :c AND status = 'sending' LIMIT 1"),
            {"c": chat_id},
        ).first()
        if busy:  # a push to this chat is in flight; try again at the next pass
            return []
        chat = conn.execute(
            sa.text(
                "SELECT kind, lang, silent, digest_mode, timezone, quiet_start, quiet_end,"
                " no_rights_at FROM chats WHERE id = :c"
            ),
            {"c": chat_id},
        ).first()
        ids = _due_held(conn, chat_id, now)
        rows = (
            conn.execute(
                sa.text(
                    f"UPDATE deliveries SET {CLAIM} WHERE id IN :ids AND status = 'held'"
                    " RETURNING id, chat_id, article_id, thread_id, attempts, error, created_at"
                )
                .bindparams(_ts("now"), sa.bindparam("ids", expanding=True))
                .columns(created_at=UTCDateTime()),
                {"me": store.worker_id, "now": now, "ids": ids, "in_digest": True},
            ).all()
            if ids
            else []
        )
    if not rows or chat is None:
        return []
    with Session(store.engine) as s:
        arts = {
            a.id: a
            for a in s.exec(
                select(ArticleRow).where(ArticleRow.id.in_({r.article_id for r in rows}))  # type: ignore[attr-defined]
            )
        }
        told = story_counts(s, arts)  # a story several outlets told says so, as /latest does
    articles = {aid: row_to_article(a) for aid, a in arts.items()}
    gone = store.end_excluded(rows, articles, subscriptions_of(store.engine, [chat_id]))
    rows = [r for r in rows if r.id not in gone]
    if not rows:  # every item excluded since: nothing to send, and this slot's digest is done
        store.apply([Op("digest_done", chat_id=chat_id, error="excluded")])
        return []
    lang = chat.lang or "zh"
    zone = chat.timezone or store.default_tz
    view = View(zone=zone, lang=lang)
    units: list[Unit] = []
    for thread in sorted({r.thread_id for r in rows}):
        mine = [r for r in rows if r.thread_id == thread and r.article_id in arts]
        mine.sort(key=lambda r: (arts[r.article_id].published_at, r.id))
        if len(mine) == 1 and _lone_push(chat, mine[0]):
            units.extend(replace(u, digest=True) for u in store.push_units([mine[0].id]))
            continue
        groups = by_story(mine, arts)
        items = [
            digest_item(
                articles[aid],
                row_summary(arts[aid]),
                replace(view, others=told.get(aid, 0)),
            )
            for aid in (g[-1].article_id for g in groups)
        ]
        start = 0
        header = digest_header(len(items), lang, _quiet(chat, mine, zone), now, zone)
        for text, n in split_digest(header, items):
            part = [r for g in groups[start : start + n] for r in g]
            start += n
            units.append(
                Unit(
                    ids=[r.id for r in part],
                    chat_id=chat_id,
                    thread_id=thread,
                    is_private=chat.kind == "private",
                    html=text,
                    digest=True,
                    attempts=max(r.attempts for r in part),
                    lang=lang,
                    silent=bool(chat.silent),
                )
            )
    if units:  # the rest of a digest cut short by a failure follows its own backoff
        units[-1].last_part = True
    return units
