"""Group -> supergroup on the delivery side: the chat's rows follow it to the new id.

Runs inside the outcome transaction of the send that got `migrate_to_chat_id`, so
the move and the requeue of that chat's claimed rows commit together.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from bot.storage.models import Chat

log = logging.getLogger(__name__)


def migrate_chat(conn: Connection, old: int, new: int) -> None:
    """Group -> supergroup: move the chat row, its subscriptions and pending deliveries.

    If the new chat already exists (the bot saw the migration message first), the
    old chat's subscriptions and deliveries are merged into it, duplicates dropped.
    """
    exists = conn.execute(sa.text("SELECT 1 FROM chats WHERE id = :n"), {"n": new}).first()
    if not exists:
        cols = [c.name for c in Chat.__table__.columns if c.name != "id"]  # type: ignore[attr-defined]
        col_list = ", ".join(cols)
        conn.execute(
            sa.text(
                f"INSERT INTO chats (id, {col_list}) SELECT :n, {col_list} FROM chats WHERE id = :o"
            ),
            {"n": new, "o": old},
        )
        conn.execute(sa.text("UPDATE chats SET kind = 'supergroup' WHERE id = :n"), {"n": new})
    conn.execute(
        sa.text(
            "DELETE FROM subscriptions WHERE chat_id = :o AND EXISTS (SELECT 1 FROM subscriptions"
            " s WHERE s.chat_id = :n AND s.thread_id = subscriptions.thread_id"
            " AND s.kind = subscriptions.kind AND s.value = subscriptions.value)"
        ),
        {"o": old, "n": new},
    )
    conn.execute(
        sa.text("UPDATE subscriptions SET chat_id = :n WHERE chat_id = :o"), {"o": old, "n": new}
    )
    conn.execute(
        sa.text(
            "DELETE FROM deliveries WHERE chat_id = :o AND EXISTS (SELECT 1 FROM deliveries"
            " d WHERE d.chat_id = :n AND d.article_id = deliveries.article_id"
            " AND d.thread_id = deliveries.thread_id)"
        ),
        {"o": old, "n": new},
    )
    conn.execute(
        sa.text(
            "UPDATE deliveries SET chat_id = :n WHERE chat_id = :o"
            " AND status IN ('queued', 'held', 'sending')"
        ),
        {"o": old, "n": new},
    )
    conn.execute(
        sa.text("UPDATE chats SET active = :f, inactive_reason = :r WHERE id = :o"),
        {"f": False, "r": f"migrated to {new}", "o": old},
    )
    log.info("chat %s migrated to supergroup %s", old, new)
