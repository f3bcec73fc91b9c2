"""Leader lock for source polling, so replicas never poll the same source at once.

PostgreSQL: a session-level `pg_try_advisory_lock(key)` on a dedicated connection
(key = hash of "finews-poll:<name>"). Leadership is sticky: once a process holds
the lock it keeps the connection and the lock until it stops or its connection
dies (PostgreSQL then frees the lock and another replica takes over at its next
poll). Each use checks the connection is still alive, so a leader that lost its
database connection stops polling instead of believing it still leads.

SQLite: one process owns the database file, so the lock is process-local (it only
stops two polls of one source overlapping inside the process).

Use: `lock = leader_lock(engine)`; `with lock() as leader: if leader: poll()`.
This is the `lock` callable `bot.scheduler.build_scheduler(..., lock=...)` expects;
`lock(name)` gives a separate lock per source when wanted.

`instance_lock(url)`: on SQLite, one `finews-bot run` per database file. A second one
would long-poll too (every command answered twice) and deliver twice; it stops at
once with `AlreadyRunning` instead. An exclusive `flock` on `<db>.lock`, released by
the kernel when the process dies, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.storage.outage import Outage

log = logging.getLogger(__name__)

DEFAULT_NAME = "polling"


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for a name."""
    digest = hashlib.blake2b(f"finews-poll:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class LeaderLock:
    """Callable returning a context manager that yields True when this process leads."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pg = engine.dialect.name == "postgresql"
        self._mutex = threading.Lock()
        self._conns: dict[str, Connection] = {}
        self._local: dict[str, threading.Lock] = {}
        self._outages: dict[str, Outage] = {}
        self._unread: set[str] = set()  # locks whose last check could not reach the database

    def __call__(self, name: str = DEFAULT_NAME) -> contextlib.AbstractContextManager[bool]:
        return self._held(name)

    @contextlib.contextmanager
    def _held(self, name: str) -> Iterator[bool]:
        if not self.pg:
            with self._mutex:
                lk = self._local.setdefault(name, threading.Lock())
            got = lk.acquire(blocking=False)
            try:
                yield got
            finally:
                if got:
                    lk.release()
            return
        with self._mutex:
            leader = self._leader(name)
        yield leader

    def is_leader(self, name: str = DEFAULT_NAME) -> bool:
        with self._held(name) as held:
            return held

    def _leader(self, name: str) -> bool:
        conn = self._conns.get(name)
        if conn is not None:
            try:
                conn.execute(sa.text("SELECT 1"))
                return True
            except Exception:
                log.warning("lost the database connection holding the %s leader lock", name)
                self._drop(name)
        outage = self._outages.setdefault(
            name, Outage(log, f"taking the {name} leader lock", self.engine)
        )
        try:
            conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            got = conn.execute(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": lock_key(name)}
            ).scalar()
        except Exception as exc:
            outage.failed(exc)
            self._unread.add(name)
            return False
        outage.ok()
        self._unread.discard(name)
        if got:
            self._conns[name] = conn
            log.info("this process is now the %s leader", name)
            return True
        conn.close()
        return False

    def unreadable(self, name: str = DEFAULT_NAME) -> bool:
        """Whether the last check of `name` could not reach the database: its False then
        means 'cannot tell', not that another replica holds the lock (with one replica
        there is none; a database outage is what the operator needs to hear)."""
        return name in self._unread

    def _drop(self, name: str) -> None:
        conn = self._conns.pop(name, None)
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.invalidate()
                conn.close()

    def release(self, name: str | None = None) -> None:
        """Give up every lock (on shutdown), or the one named, so another replica leads at once."""
        with self._mutex:
            self._unread.difference_update([name] if name is not None else list(self._unread))
            for held in [name] if name is not None else list(self._conns):
                conn = self._conns.pop(held, None)
                if conn is None:
                    continue
                with contextlib.suppress(Exception):
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": lock_key(held)})
                    conn.close()


def leader_lock(engine: Engine) -> LeaderLock:
    return LeaderLock(engine)


def leading_now(lock: Callable[[], AbstractContextManager[bool]] | None) -> bool:
    """Whether this replica leads (no `lock`: it is the only one), checked and released at
    once: a long job (a purge, a daily check) must not hold it, since on SQLite it is a
    non-blocking mutex every poll checks, and each poll due meanwhile would skip."""
    if lock is None:
        return True
    with lock() as leader:
        pass
    return leader is not False


class AlreadyRunning(RuntimeError):
    """Another process runs the bot on this SQLite database."""


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for PostgreSQL and in-memory databases)."""
    if not url.startswith("sqlite"):
        return None
    rest = url.split("///", 1)[1] if "///" in url else ""
    if rest in ("", ":memory:"):
        return None
    return Path(rest.split("?", 1)[0])


@contextlib.contextmanager
def instance_lock(url: str) -> Iterator[Path | None]:
    """Hold `<db>.lock` while the bot runs on a SQLite file; yields the lock's path.

    PostgreSQL needs none: replicas coordinate through advisory locks.
    """
    path = sqlite_file(url)
    if path is None:
        yield None
        return
    import fcntl

    lock_path = path.with_name(path.name + ".lock").resolve()
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path, "a+")  # noqa: SIM115 - held for the whole run
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        other = fh.read().strip() or "?"
        fh.close()
        raise AlreadyRunning(
            f"another finews-bot run (pid {other}) is using {path.resolve()}; "
            "SQLite serves one process: stop it first, or use PostgreSQL for several replicas"
        ) from None
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield lock_path
    finally:
        fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
