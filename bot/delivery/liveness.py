"""Which delivery workers are alive, so a dead one's claims go back at once.

PostgreSQL: every worker holds a session-level advisory lock named after its id on
a dedicated connection while it runs. PostgreSQL frees that lock the moment the
process dies (its connection closes), so a claim whose owner's lock can be taken
belongs to a dead process: it is released without waiting for the heartbeat
timeout, even while other replicas run. SQLite serves one process, so there is
nothing to track (the worker releases every leftover claim at start).
"""

from __future__ import annotations

import logging
import threading

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from bot.storage.locks import lock_key

log = logging.getLogger(__name__)


def worker_key(worker_id: str) -> int:
    return lock_key(f"delivery-worker:{worker_id}")


class Liveness:
    def __init__(self, engine: Engine, worker_id: str) -> None:
        self.engine = engine
        self.worker_id = worker_id
        self.pg = engine.dialect.name == "postgresql"
        self._conn: Connection | None = None
        self._mutex = threading.Lock()

    def ensure(self) -> None:
        """Hold this worker's lock; take it again if its connection was lost."""
        if not self.pg:
            return
        with self._mutex:
            if self._conn is not None:
                try:
                    self._conn.execute(sa.text("SELECT 1"))
                    self._conn.commit()
                    return
                except Exception:
                    log.warning("delivery worker %s lost its liveness connection", self.worker_id)
                    self._close()
            conn = self.engine.connect()
            conn.execute(sa.text("SELECT pg_advisory_lock(:k)"), {"k": worker_key(self.worker_id)})
            conn.commit()
            self._conn = conn

    def dead(self, owners: list[str]) -> list[str]:
        """The owners among `owners` whose lock is free: their process is gone."""
        if not self.pg or not owners:
            return []
        gone: list[str] = []
        with self.engine.connect() as conn:
            for owner in owners:
                k = worker_key(owner)
                if conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": k}).scalar():
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": k})
                    gone.append(owner)
            conn.commit()
        return gone

    def stop(self) -> None:
        with self._mutex:
            self._close()

    def _close(self) -> None:
        if self._conn is None:
            return
        try:
            self._conn.close()  # closing the session frees its advisory lock
        except Exception:
            log.debug("closing the liveness connection failed", exc_info=True)
        self._conn = None
