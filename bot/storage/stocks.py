"""The `stocks` table: stock names learned from posts and from `stocks update`."""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.storage.db import dialect_insert
from bot.storage.models import Stock
from bot.storage.types import utcnow


def upsert_names(session: Session, names: Mapping[str, str]) -> int:
    """Store the names (newer wins); returns how many were new or changed."""
    have = learned_names(session)
    now = utcnow()
    changed = 0
    for ticker, name in sorted(names.items()):
        if not ticker or not name or have.get(ticker) == name:
            continue
        ins = dialect_insert(session, Stock).values(ticker=ticker, name=name[:64], seen_at=now)
        session.execute(
            ins.on_conflict_do_update(
                index_elements=["ticker"],
                set_={"name": ins.excluded.name, "seen_at": ins.excluded.seen_at},
            )
        )
        changed += 1
    return changed


def learned_names(session: Session) -> dict[str, str]:
    """{ticker: name} of every stock learned so far (a few thousand rows)."""
    return {t: n for t, n in session.execute(sa.select(Stock.ticker, Stock.name))}
