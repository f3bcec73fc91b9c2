"""A chat's lifecycle: first contact, settings, leaving us, losing and regaining the
right to post there (`no_rights_at`), and group -> supergroup.

The one writer of the `chats` row's life (active, inactive_reason, the move to a
new id): the handlers, the config routes and the outbox all call here, so a chat
retired by a migration is retired the same way whoever saw the migration first,
and a late update from its old id cannot bring it back.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from bot.storage.db import dialect_insert, session_scope
from bot.storage.models import Chat, Subscription
from bot.storage.types import utcnow
from bot.subscriptions.zones import DEFAULT_ZONE

log = logging.getLogger(__name__)

MIGRATED = "migrated to"  # inactive_reason prefix; rows of older releases say just "migrated"

# What a chat's members chose: a migration carries them to the new id.
SETTINGS = (
    "lang",
    "paused",
    "silent",
    "digest_mode",
    "digest_time",
    "quiet_start",
    "quiet_end",
    "timezone",
    "updates",
    "last_digest_at",
)


def is_migrated(reason: str | None) -> bool:
    """The chat became a supergroup: its old id is retired for good."""
    return bool(reason) and reason.startswith("migrated")  # type: ignore[union-attr]


def migrated_to(reason: str | None) -> int | None:
    """The supergroup a retired chat became ("migrated to <id>"), so what is still
    addressed to the old id can follow it; None for another reason or for the plain
    "migrated" of older releases (the new id is not known)."""
    if not reason or not reason.startswith(MIGRATED + " "):
        return None
    try:
        return int(reason.removeprefix(MIGRATED + " "))
    except ValueError:
        return None


def migrated_from(engine: Engine, chat_id: int) -> int | None:
    """The group that became supergroup `chat_id` (its row retired "migrated to" it), if
    the bot knew one."""
    chats = Chat.__table__
    with engine.connect() as conn:
        return conn.execute(
            sa.select(chats.c.id).where(chats.c.inactive_reason == f"{MIGRATED} {chat_id}")
        ).scalar()


def upsert_chat(
    engine: Engine,
    chat_id: int,
    kind: str,
    title: str | None = None,
    username: str | None = None,
    *,
    default_lang: str = "zh",
    default_tz: str = DEFAULT_ZONE,
) -> Chat:
    """Create the chat row on first contact; keep title/username fresh; reactivate."""
    with session_scope(engine) as s:
        return upsert_in(s, chat_id, kind, title, username, default_lang, default_tz)


def upsert_in(
    s: Session,
    chat_id: int,
    kind: str,
    title: str | None,
    username: str | None,
    lang: str,
    tz: str = DEFAULT_ZONE,
) -> Chat:
    """`upsert_chat` inside the caller's transaction. Writes only when something
    changed: it runs on every command."""
    chat = s.get(Chat, chat_id)
    if chat is None:
        stmt = dialect_insert(s, Chat.__table__).values(
            id=chat_id,
            kind=kind,
            title=title,
            username=username,
            lang=lang,
            timezone=tz,
            created_at=utcnow(),
        )
        s.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
        chat = s.get(Chat, chat_id, populate_existing=True)
        assert chat is not None
    want: dict[str, Any] = {"kind": kind}
    if title is not None:
        want["title"] = title[:255]
    if username is not None:
        want["username"] = username[:64]
    if not chat.active and not is_migrated(chat.inactive_reason):  # they talk to us again
        want.update(active=True, inactive_reason=None)
    changed = {k: v for k, v in want.items() if getattr(chat, k) != v}
    if changed:
        for k, v in changed.items():
            setattr(chat, k, v)
        s.add(chat)
        s.flush()
    return chat


def get_chat(engine: Engine, chat_id: int) -> Chat | None:
    with Session(engine, expire_on_commit=False) as s:
        return s.get(Chat, chat_id)


def chat_lang(engine: Engine, chat_id: int, default: str = "zh") -> str:
    chat = get_chat(engine, chat_id)
    return chat.lang if chat else default


def update_chat(engine: Engine, chat_id: int, **values: Any) -> Chat:
    """Set chat settings (digest_mode, digest_time, quiet_start/end, lang, ...)."""
    with session_scope(engine) as s:
        chat = s.get(Chat, chat_id)
        if chat is None:
            raise KeyError(chat_id)
        for k, v in values.items():
            setattr(chat, k, v)
        s.add(chat)
        s.flush()
        return chat


def set_paused(conn: Connection, chat_id: int, paused: bool) -> None:
    """/pause and /resume (the outbox holds or releases the chat's rows beside this)."""
    chats = Chat.__table__
    conn.execute(sa.update(chats).where(chats.c.id == chat_id).values(paused=paused))


def deactivate(conn: Connection, chat_id: int, reason: str) -> None:
    """The chat is gone for us (403, bot removed); a message from it revives it.

    A migrated chat keeps its reason: it is what keeps the retired id retired (a late
    update from it cannot revive it, a repeated report does not copy its settings
    again) and names the supergroup its rows follow. Ending it again changes nothing.
    """
    chats = Chat.__table__
    retired = chats.c.inactive_reason.like("migrated%")  # as `is_migrated` reads it
    conn.execute(
        sa.update(chats)
        .where(chats.c.id == chat_id, sa.or_(chats.c.inactive_reason.is_(None), ~retired))
        .values(active=False, inactive_reason=reason)
    )


def lost_rights(conn: Connection, chat_id: int, now: datetime) -> bool:
    """A send was refused because the bot may not post in the chat (it is still in it):
    `no_rights_at` says since when it last found so (the next probe counts from it).
    Returns True when this is news (the bot could post there until now)."""
    chats = Chat.__table__
    first = conn.execute(
        sa.update(chats)
        .where(chats.c.id == chat_id, chats.c.no_rights_at.is_(None))
        .values(no_rights_at=now)
    ).rowcount
    if not first:
        conn.execute(sa.update(chats).where(chats.c.id == chat_id).values(no_rights_at=now))
    return bool(first)


def no_rights_since(engine: Engine, chat_id: int) -> datetime | None:
    """When a send to the chat was last refused for rights (None: it is not marked)."""
    chats = Chat.__table__
    with engine.connect() as conn:
        stmt = sa.select(chats.c.no_rights_at).where(chats.c.id == chat_id)
        return conn.execute(stmt).scalar()


def rights_back(conn: Connection, chat_id: int) -> bool:
    """The bot may post in the chat again (promoted, unrestricted, or a send went through).
    Returns True when the chat was marked as lacking rights."""
    chats = Chat.__table__
    stmt = (
        sa.update(chats)
        .where(chats.c.id == chat_id, chats.c.no_rights_at.is_not(None))
        .values(no_rights_at=None)
    )
    return bool(conn.execute(stmt).rowcount)


def reachable_admins(engine: Engine, chat_id: int) -> list[tuple[int, str]]:
    """(user id, language) of those who subscribed the chat and talk to the bot privately
    (an active private chat): where the bot can tell them about the chat."""
    chats, subs = Chat.__table__, Subscription.__table__
    stmt = (
        sa.select(chats.c.id, chats.c.lang)
        .where(
            chats.c.kind == "private",
            chats.c.active.is_(True),
            chats.c.id.in_(
                sa.select(subs.c.created_by).where(
                    subs.c.chat_id == chat_id, subs.c.created_by.is_not(None)
                )
            ),
        )
        .order_by(chats.c.id)
    )
    with engine.connect() as conn:
        return [(int(i), lang or "zh") for i, lang in conn.execute(stmt)]


def migrate(conn: Connection, old: int, new: int) -> int:
    """Group -> supergroup: the new id takes the chat's settings and subscriptions, and
    the old id is retired. Returns how many subscriptions moved.

    Idempotent: Telegram reports the move in both chats, and a send to the old id
    reports it again. Settings are carried only the first time, so a later report
    cannot undo what was set in the supergroup meanwhile. If the new chat already
    has a subscription the old one had, the old copy is dropped. A group the bot has
    no row for (it joined before this database) is retired all the same: the
    supergroup is then an upgraded group (`migrated_from`), not a chat just joined.
    """
    chats, subs = Chat.__table__, Subscription.__table__
    row = conn.execute(sa.select(chats).where(chats.c.id == old)).mappings().first()
    if row is None:
        retired = {"kind": "group", "active": False, "inactive_reason": f"{MIGRATED} {new}"}
        stmt = dialect_insert(conn, chats).values(id=old, created_at=utcnow(), **retired)
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["id"]))
        log.info("chat %s (not known before) migrated to supergroup %s", old, new)
        return 0
    first = not is_migrated(row["inactive_reason"])
    exists = conn.execute(sa.select(chats.c.id).where(chats.c.id == new)).first()
    if not exists:
        # not whether the bot may post: the supergroup is another chat to Telegram
        copy = {k: v for k, v in row.items() if k not in ("id", "inactive_reason", "no_rights_at")}
        copy.update(id=new, kind="supergroup", active=True, created_at=utcnow())
        conn.execute(sa.insert(chats).values(**copy))
    elif first:
        carried = {k: row[k] for k in SETTINGS}
        conn.execute(
            sa.update(chats)
            .where(chats.c.id == new)
            .values(**carried, kind="supergroup", active=True, inactive_reason=None)
        )
    conn.execute(
        sa.text(
            "DELETE FROM subscriptions WHERE chat_id = :o AND EXISTS (SELECT 1 FROM subscriptions"
            " s WHERE s.chat_id = :n AND s.thread_id = subscriptions.thread_id"
            " AND s.kind = subscriptions.kind AND s.value = subscriptions.value)"
        ),
        {"o": old, "n": new},
    )
    moved = conn.execute(sa.update(subs).where(subs.c.chat_id == old).values(chat_id=new))
    if first:
        deactivate(conn, old, f"{MIGRATED} {new}")
    log.info("chat %s migrated to supergroup %s: %d subscriptions moved", old, new, moved.rowcount)
    return moved.rowcount or 0
