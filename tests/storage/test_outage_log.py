"""A database outage under a running bot is told once, not at every retry. The loops
that retry on their own (leader locks, the sender's claims and housekeeping) logged
each failed try with its traceback: a 20-second PostgreSQL restart wrote 94 tracebacks,
4,600 lines. Here the database is reached through a TCP relay on 127.0.0.1 that can be
cut and restored, as a restart does."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from bot.storage.db import make_engine
from bot.storage.locks import LeaderLock
from tests.conftest import PG_URL, pg_engine_or_skip
from tests.fakes.relay import Relay

pytestmark = pytest.mark.db


def _through(relay: Relay) -> sa.Engine:
    url = sa.make_url(PG_URL).set(host="127.0.0.1", port=relay.port)
    return make_engine(url.render_as_string(hide_password=False), pool_size=2)


def test_a_lost_database_is_told_once_and_its_return_once(
    relay: Relay, caplog: pytest.LogCaptureFixture
) -> None:
    engine = _through(relay)
    lock = LeaderLock(engine)
    try:
        assert lock.is_leader("outage-test")
        caplog.clear()
        caplog.set_level(logging.DEBUG, logger="bot.storage")
        relay.cut()
        assert [lock.is_leader("outage-test") for _ in range(5)] == [False] * 5
        told = [r for r in caplog.records if r.levelno >= logging.INFO]
        assert [(r.levelname, r.exc_info) for r in told] == [
            ("WARNING", None),  # the connection holding the lock is gone
            ("WARNING", None),  # the database is unavailable: once
        ], [r.getMessage()[:200] for r in told]
        down = told[1].getMessage()
        assert down.startswith(
            "taking the outage-test leader lock: the database is unavailable (OperationalError: "
        )
        assert down.endswith("); retrying, quietly until it answers")
        assert "\n" not in down
        caplog.clear()
        relay.up = True
        assert lock.is_leader("outage-test")
        back = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
        assert back == [
            "taking the outage-test leader lock: the database answers again",
            "this process is now the outage-test leader",
        ]
    finally:
        lock.release()
        engine.dispose()


def test_an_error_that_is_not_an_outage_keeps_its_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A bug (here SQL the server refuses) is not an outage: its traceback is logged."""
    from bot.storage.outage import Outage

    engine = pg_engine_or_skip()
    outage = Outage(logging.getLogger("bot.storage.test"), "testing", engine)
    with pytest.raises(sa.exc.ProgrammingError) as err, engine.connect() as conn:
        conn.execute(sa.text("SELECT no_such_column FROM meta"))
    outage.failed(err.value)
    (record,) = caplog.records
    assert record.levelname == "ERROR" and record.exc_info is not None
    assert record.getMessage() == "testing failed; will retry"


def test_a_poll_during_an_outage_reports_one_line(
    relay: Relay, caplog: pytest.LogCaptureFixture
) -> None:
    """The poll's error is what `poll --once` prints and stats show (last_error): it was
    SQLAlchemy's text over two lines ('(Background on this error at: …)')."""
    from bot.config import Settings, SourceConfig
    from bot.ingest import poll_source

    engine = _through(relay)
    cfg = SourceConfig(name="down", kind="feed", url="http://127.0.0.1:9/feed.xml")
    try:
        relay.cut()
        report = poll_source(Settings(), engine, cfg)
    finally:
        engine.dispose()
    assert report.error is not None and "\n" not in report.error, report.error
    assert report.error.startswith("database: OperationalError: connection failed: ")
    assert "sqlalche.me" not in report.error
    assert not [r for r in caplog.records if r.exc_info]
