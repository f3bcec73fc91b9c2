from __future__ import annotations

import sqlalchemy as sa
from alembic import context
from sqlmodel import SQLModel

import bot.storage.models  # noqa: F401  (registers the tables)
from bot.storage.locks import lock_key

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table (copy, DROP, rename); with foreign keys
            # on, the DROP cascades and empties every table referencing it (deliveries,
            # subscriptions ...). Off only while migrating: the pragma must be set
            # outside a transaction, and the pooled connection gets it back after.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            # pysqlite begins a transaction only before INSERT/UPDATE/DELETE: DDL ran in
            # autocommit, so a migration failing halfway (disk full, the process killed
            # while a table is copied) kept the tables it had made while the revision
            # stayed, and every later start failed on "table ... already exists". One
            # explicit transaction for the whole upgrade (SQLite's DDL is transactional);
            # IMMEDIATE takes the write lock first, waiting (busy_timeout) for another
            # process's writes instead of failing when it reads, then writes.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            # Replicas start together and each migrates at start: one at a time, so the
            # others read the revision it committed instead of applying it again. Taken
            # before alembic reads the revision; released when the migration commits.
            connection.execute(
                sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": lock_key("migrations")}
            )
        try:
            context.configure(
                connection=connection,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
        finally:
            if sqlite:
                connection.rollback()
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")


run_migrations_online()
