"""Alembic, driven from code: no alembic.ini to keep in sync with the config file."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Engine

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def current(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to `revision`; safe to call at every start.

    Alembic's own INFO lines (seven per start) are kept at WARNING by `setup_logging`;
    one line here says what changed, and nothing when the schema was already current.
    """
    before = current(engine)
    command.upgrade(alembic_config(engine), revision)
    after = current(engine)
    if after != before:
        log.info("database schema upgraded: %s -> %s", before or "(empty)", after)


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
