"""Alembic, driven from code: no alembic.ini to keep in sync with the config file."""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
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
    cfg = alembic_config(engine)
    if before is not None and not _known(cfg, before):
        from bot.storage.db import DatabaseUnavailable, redact_url

        raise DatabaseUnavailable(
            f"cannot use the database {redact_url(engine.url.render_as_string(False))}: its"
            f" schema is at revision {before}, which this finews-bot does not know (a newer"
            " release migrated it): run that release again, or restore a backup taken"
            " before it"
        )
    command.upgrade(cfg, revision)
    after = current(engine)
    if after != before:
        log.info("database schema upgraded: %s -> %s", before or "(empty)", after)


def _known(cfg: Config, revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(cfg).get_revision(revision) is not None
    except CommandError:
        return False


def downgrade(engine: Engine, revision: str) -> None:
    command.downgrade(alembic_config(engine), revision)
