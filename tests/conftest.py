"""Shared fixtures.

`engine` runs a test twice: on SQLite (a temp file) and on PostgreSQL
(FINEWS_TEST_PG_URL, default the local server's `finews_test` database). Without a
reachable PostgreSQL the PostgreSQL half is skipped locally and fails under CI=true; so do
the tests that read ../shared (`shared_or_skip`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bot.storage.db import create_database_if_missing, make_engine
from bot.storage.migrate import upgrade
from tests.fakes.relay import Relay

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
DATA = Path(__file__).parent / "data"
PG_URL = os.environ.get(
    "FINEWS_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/finews_test"
)


def shared_or_skip(path: Path) -> Path:
    """`path` under ../shared; a test that needs it is skipped when it is missing, except
    under CI=true, where a missing ../shared fails (as a missing PostgreSQL does): CI must
    not pass by skipping what it was meant to check."""
    if not path.exists():
        why = f"../shared/{path.relative_to(SHARED)} is not present"
        if os.environ.get("CI"):
            pytest.fail(why + " (CI=true: the corpus and gold tests must run)")
        pytest.skip(why)
    return path


def corpus_or_skip() -> Path:
    return shared_or_skip(CORPUS)


_pg_state: dict[str, object] = {}


def pg_engine_or_skip() -> Engine:
    """A migrated PostgreSQL engine for this test session (created once)."""
    if "engine" in _pg_state:
        return _pg_state["engine"]  # type: ignore[return-value]
    if "error" in _pg_state:
        pytest.skip(str(_pg_state["error"]))
    try:
        create_database_if_missing(PG_URL)
        engine = make_engine(PG_URL)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        upgrade(engine)
    except Exception as exc:
        if os.environ.get("CI"):
            raise
        _pg_state["error"] = f"PostgreSQL not reachable ({type(exc).__name__})"
        pytest.skip(str(_pg_state["error"]))
    _pg_state["engine"] = engine
    return engine


def _truncate(engine: Engine) -> None:
    tables = [t.name for t in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            conn.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            for t in tables:
                conn.execute(sa.text(f"DELETE FROM {t}"))


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated, empty database URL on each engine (for tests that start subprocesses)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'finews.db'}"
        engine = make_engine(url)
        upgrade(engine)
        engine.dispose()
        yield url
    else:
        engine = pg_engine_or_skip()
        _truncate(engine)
        yield PG_URL


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    """A migrated, empty database: SQLite file, then PostgreSQL."""
    if db_url.startswith("sqlite"):
        eng = make_engine(db_url)
        yield eng
        eng.dispose()
    else:
        yield pg_engine_or_skip()


@pytest.fixture
def sqlite_engine(tmp_path: Path) -> Iterator[Engine]:
    """SQLite only, for tests where the engine does not matter."""
    eng = make_engine(f"sqlite:///{tmp_path / 'finews.db'}")
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def relay() -> Iterator[Relay]:
    """A TCP relay to the test PostgreSQL that a test cuts and restores (an outage)."""
    pg_engine_or_skip()
    url = sa.make_url(PG_URL)
    r = Relay((url.host or "127.0.0.1", url.port or 5432))
    yield r
    r.close()
