"""Small read helpers for source and ingest tests."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.storage.models import ArticleRow, SourceState


def article_ids(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(ArticleRow.id)).scalars())


def article_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(ArticleRow)).scalar_one()


def state(engine: Engine, name: str) -> SourceState:
    with Session(engine) as s:
        row = s.get(SourceState, name)
        assert row is not None, f"no source_state for {name}"
        s.expunge(row)
        return row
