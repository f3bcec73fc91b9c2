"""Relayed Telegram updates (`relayed_updates`): put by any replica, taken by the sender.

Taking is one `DELETE` per update, checked by row count, so two processes that both
believe they send (a moment at failover) never both handle one update.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.storage.db import dialect_insert
from bot.storage.models import RelayedUpdate
from bot.storage.types import utcnow


def put(engine: Engine, update_id: int, payload: str) -> bool:
    """Keep an update for the sender; False when it is there already (Telegram resent it)."""
    with Session(engine) as session:
        stmt = (
            dialect_insert(session, RelayedUpdate)
            .values(update_id=update_id, payload=payload, received_at=utcnow())
            .on_conflict_do_nothing(index_elements=["update_id"])
            .returning(RelayedUpdate.update_id)  # (rowcount is not reliable here on psycopg)
        )
        added = session.execute(stmt).first() is not None
        session.commit()
    return added


def take(engine: Engine, limit: int = 100) -> list[str]:
    """The oldest waiting updates (JSON), removed as they are taken: each goes to one taker."""
    table = RelayedUpdate.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(table.c.update_id, table.c.payload).order_by(table.c.update_id).limit(limit)
        ).all()
        taken: list[str] = []
        for update_id, payload in rows:
            gone = conn.execute(sa.delete(table).where(table.c.update_id == update_id))
            conn.commit()
            if gone.rowcount == 1:
                taken.append(payload)
    return taken


def waiting(engine: Engine) -> int:
    """How many relayed updates wait for a sender (stats, tests)."""
    table = RelayedUpdate.__table__  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())
