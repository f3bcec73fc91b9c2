"""A database outage told in the log once, not at every retry.

The loops that retry on their own (the sender's claims and housekeeping, the leader
locks, about once a second each) logged every failed try with its traceback: a
20-second PostgreSQL restart under a running bot wrote 94 tracebacks, 4,600 lines, in
which the one line that mattered (the database is down) was lost. A failure to reach
the database (`sqlalchemy.exc.OperationalError`, `InterfaceError`, or any driver
error that invalidated its connection) is an outage, not a bug: each loop's `Outage`
logs it as one WARNING line (the driver's first line, password hidden) when it starts,
at DEBUG while it lasts, and one INFO line when the database answers again. Anything
else is logged with its traceback, as before: that is what helps with a bug.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.db import error_line


def is_outage(exc: BaseException) -> bool:
    """Whether `exc` says the database could not be reached or its connection was lost."""
    if isinstance(exc, sa.exc.OperationalError | sa.exc.InterfaceError):
        return True
    return isinstance(exc, sa.exc.DBAPIError) and bool(exc.connection_invalidated)


def ping(engine: Engine) -> None:
    """Raises unless the database answers (`SELECT 1`): whether an outage is over when
    nothing else asked it."""
    with engine.connect() as conn:
        conn.execute(sa.text("SELECT 1"))


class Outage:
    """One loop's view of the database: `failed(exc)` after a failed try, `ok()` after a
    good one."""

    def __init__(self, log: logging.Logger, what: str, engine: Engine) -> None:
        self.log = log
        self.what = what  # "claiming deliveries", as the lines say it
        self.url = engine.url.render_as_string(hide_password=False)  # masked in the lines
        self.down = False

    def failed(self, exc: BaseException) -> None:
        if not is_outage(exc):
            self.log.error("%s failed; will retry", self.what, exc_info=exc)
            return
        line = error_line(exc, self.url)
        if self.down:
            self.log.debug("%s: the database is still unavailable: %s", self.what, line)
            return
        self.down = True
        self.log.warning(
            "%s: the database is unavailable (%s); retrying, quietly until it answers",
            self.what,
            line,
        )

    def ok(self) -> None:
        if self.down:
            self.down = False
            self.log.info("%s: the database answers again", self.what)
