"""Engine and sessions. SQLite (WAL) by default, PostgreSQL by URL."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

log = logging.getLogger(__name__)


def _sqlite_path(url: str) -> Path | None:
    rest = url.removeprefix("sqlite:///")
    if rest in ("", ":memory:") or url.startswith("sqlite://:memory:"):
        return None
    return Path(rest)


def make_engine(
    url: str, echo: bool = False, *, pool_size: int = 10, max_overflow: int = 10
) -> Engine:
    """Create the engine; for SQLite, create the data directory and turn on WAL.
    PostgreSQL: a pool of `pool_size` (+ `max_overflow`) connections (`[database]`)."""
    if url.startswith("sqlite"):
        path = _sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(
            url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
        )

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    given = sa.make_url(url).query
    keepalive = {k: v for k, v in PG_KEEPALIVE.items() if k not in given}
    return sa.create_engine(
        url,
        echo=echo,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        connect_args=keepalive,
    )


# A replica cut off by a silent network drop (no RST: a partition, a dead NAT entry) would
# otherwise wait ~15 minutes for the kernel to give up on a query, and the server would
# keep its session and advisory locks (leadership, the sender lock) for ~2 hours, so no
# other replica takes over. TCP keepalives on both ends notice within about a minute.
# Parameters given in the database URL win.
PG_KEEPALIVE: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 30,
    "keepalives_interval": 10,
    "keepalives_count": 3,
    "tcp_user_timeout": 60_000,  # ms: data unacknowledged this long ends the connection
    "options": "-c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3",
}


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """One transaction: commit on success, roll back on any error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def dialect_insert(session: Session | Connection, table: Any) -> Any:
    """Dialect insert that supports ON CONFLICT (SQLite >= 3.24 and PostgreSQL)."""
    bind = session if isinstance(session, Connection) else session.get_bind()
    name = bind.dialect.name
    if name == "postgresql":
        return postgresql.insert(table)
    if name == "sqlite":
        return sqlite.insert(table)
    raise RuntimeError(f"unsupported database dialect {name!r}")


class DatabaseUnavailable(Exception):
    """The database cannot be opened or reached; the message names it, password hidden."""


@contextmanager
def opening(url: str) -> Iterator[None]:
    """Where a command first opens the database (engine, data directory, migrations): a
    server that does not answer, a refused login, a login that may not create the tables
    (PostgreSQL 15+ gives PUBLIC no CREATE on schema public), a data_dir that cannot be
    made become `DatabaseUnavailable`, which the CLI prints as one line instead of a
    traceback."""
    try:
        yield
    except (OSError, sa.exc.OperationalError, sa.exc.ProgrammingError) as exc:
        if isinstance(exc, sa.exc.ProgrammingError) and not _denied(exc):
            raise  # a bug (a migration's SQL): its traceback is what helps
        from bot.logs import redact

        text = str(exc).strip()
        first = text.splitlines()[0] if text else type(exc).__name__
        raise DatabaseUnavailable(
            f"cannot use the database {redact_url(url)}: {redact(first)[:300]}"
        ) from None


def check_writable(engine: Engine, url: str) -> None:
    """Raise `DatabaseUnavailable` when the database opens and reads but takes no write: a
    SQLite file the bot's user may not write (SQLite then opens it read-only, and reads
    work), a PostgreSQL standby or `default_transaction_read_only`. `run` checks it at
    start, after the migrations (which write only when there is one to apply): else it
    said `database ready` and every poll, /sub and delivery failed on its first write.
    The probe is a DELETE matching no row, rolled back: it asks for the write lock only."""
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("DELETE FROM meta WHERE 1 = 0")
            conn.rollback()
    except sa.exc.DBAPIError as exc:
        raise DatabaseUnavailable(
            f"cannot use the database {redact_url(url)}: it takes no writes "
            f"({error_line(exc, url)}); is the file or its volume read-only, or owned by "
            "another user? (PostgreSQL: a read-only server or transaction)"
        ) from None


def tables_missing(error: str) -> bool:
    """Whether a database error's text says the tables are missing (a database never
    migrated: SQLite's `no such table`, PostgreSQL's `relation … does not exist`)."""
    return "no such table" in error or ("relation" in error and "does not exist" in error)


def error_line(exc: BaseException, url: str) -> str:
    """One line for a database error (health reports, logs): SQLAlchemy's text runs over
    several lines (the driver's hint, a link to its docs), so the first line of the
    driver's own message, with `url`'s password and any token masked."""
    from bot.logs import redact

    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    first = lines[0].strip() if lines else ""
    password = _password(url)
    if password:
        first = first.replace(password, "***")
    return redact(f"{type(exc).__name__}: {first}" if first else type(exc).__name__)


def _password(url: str) -> str | None:
    try:
        return sa.engine.make_url(url).password or None
    except Exception:
        return None


def _denied(exc: sa.exc.DBAPIError) -> bool:
    """PostgreSQL's insufficient_privilege (SQLSTATE 42501)."""
    return getattr(exc.orig, "sqlstate", None) == "42501"


def missing_sqlite_file(url: str) -> Path | None:
    """The SQLite file `url` names when there is none yet, so a command that only reads
    (stats, healthcheck, db purge) can say so instead of creating an empty one; None
    when it exists or the URL is not a SQLite file. A path that cannot hold one (a file
    where a directory should be) raises NotADirectoryError, for `opening()`."""
    from bot.storage.locks import sqlite_file

    path = sqlite_file(url)
    if path is None or path.exists():
        return None
    up = path.parent
    while not up.exists() and up != up.parent:
        up = up.parent
    if not up.is_dir():
        raise NotADirectoryError(20, "Not a directory", str(up))
    return path


def redact_url(url: str) -> str:
    """Hide a password in a database URL before it reaches a log line: the one after the
    user name, and one passed as a parameter (`?password=`, `sslpassword=`: libpq and
    the drivers take those too)."""
    try:
        u = sa.engine.make_url(url)
        hidden = {k: "***" for k in u.query if "password" in k.lower()}
        text = u.update_query_dict(hidden).render_as_string(hide_password=True)
        return text.replace("=%2A%2A%2A", "=***")
    except Exception:
        return "<database url>"


def create_database_if_missing(url: str) -> bool:
    """Create a PostgreSQL database named by `url` when absent (SQLite files create
    themselves). Returns True when it was created. Needs CREATEDB on the server."""
    u = sa.engine.make_url(url)
    if not u.drivername.startswith("postgresql"):
        return False
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            exists = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": u.database}
            ).scalar()
            if exists:
                return False
            name = u.database.replace('"', '""')
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            return True
    finally:
        admin.dispose()
