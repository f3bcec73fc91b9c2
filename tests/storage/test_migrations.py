"""The migrations build exactly the schema the models describe, on both engines."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel

from bot.storage.db import make_engine
from bot.storage.migrate import downgrade, upgrade

ROOT = Path(__file__).resolve().parents[2]


def test_migrations_match_models(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, SQLModel.metadata)
    assert diff == [], f"models and migrations disagree: {diff}"


def test_upgrade_is_idempotent_and_reversible(sqlite_engine: Engine) -> None:
    upgrade(sqlite_engine)  # second time: nothing to do, no error
    downgrade(sqlite_engine, "base")
    with sqlite_engine.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    assert "articles" not in names
    upgrade(sqlite_engine)


_REVISIONS = [
    "0001",
    "0002_stocks",
    "0002_outbox",
    "0002_polish",
    "0002_stories",
    "0003_outbox",
    "0004_dated",
]
_TS = "2024-01-01 00:00:00+00:00"
# rows in every table a chat's news depends on, in the columns revision 0001 has
_ROWS = [
    "INSERT INTO articles (id, title, published_at, category, category_name, paragraphs,"
    " tickers, stock_names, figures, source, content_hash, fetched_at) VALUES ('A1', 't',"
    f" '{_TS}', 'c', 'n', '[\"p\"]', '[\"BABA.US\"]', '{{}}', '[]', 's', 'h', '{_TS}')",
    "INSERT INTO article_tickers (article_id, ticker) VALUES ('A1', 'BABA.US')",
    "INSERT INTO chats (id, kind, lang, active, paused, digest_mode, timezone, created_at)"
    f" VALUES (1, 'private', 'zh', true, false, 'off', 'Asia/Shanghai', '{_TS}')",
    "INSERT INTO subscriptions (chat_id, thread_id, kind, value, from_config, created_at)"
    f" VALUES (1, 0, 'ticker', 'BABA.US', false, '{_TS}')",
    "INSERT INTO deliveries (article_id, chat_id, thread_id, status, attempts,"
    f" next_attempt_at, created_at) VALUES ('A1', 1, 0, 'queued', 0, '{_TS}', '{_TS}')",
]
_TABLES = ["articles", "article_tickers", "chats", "subscriptions", "deliveries"]


@pytest.mark.parametrize("revision", _REVISIONS)
def test_upgrade_to_head_keeps_the_data(engine: Engine, revision: str) -> None:
    """An existing database upgraded by a new release keeps its chats' subscriptions and
    pending pushes (SQLite rebuilds a table to add a column with a default)."""
    downgrade(engine, revision)
    with engine.begin() as conn:
        for sql in _ROWS:
            conn.execute(sa.text(sql))
    upgrade(engine)
    with engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in _TABLES}
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, SQLModel.metadata) == []
        if engine.dialect.name == "sqlite":  # back on for the pooled connection
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert counts == dict.fromkeys(_TABLES, 1)


def test_in_digest_comes_and_goes_with_the_rows_kept(engine: Engine) -> None:
    """0005 adds deliveries.in_digest: rows claimed before it were claimed by a release
    that did not record it (false: released as before); a downgrade drops the column and
    keeps every row (SQLite copies the table)."""
    downgrade(engine, "0004_dated")
    with engine.begin() as conn:
        for sql in _ROWS:
            conn.execute(sa.text(sql))
        conn.execute(sa.text("UPDATE deliveries SET status = 'sending', claimed_by = 'w'"))
    upgrade(engine)
    with engine.begin() as conn:
        row = conn.execute(sa.text("SELECT status, in_digest FROM deliveries")).one()
        assert tuple(row) == ("sending", False)
        conn.execute(sa.text("UPDATE deliveries SET in_digest = :t"), {"t": True})
    downgrade(engine, "0004_dated")
    with engine.connect() as conn:
        cols = {c["name"] for c in sa.inspect(conn).get_columns("deliveries")}
        assert conn.execute(sa.text("SELECT count(*) FROM deliveries")).scalar() == 1
    assert "in_digest" not in cols
    upgrade(engine)


_UPGRADE = (
    "import sys; from bot.storage.db import make_engine; from bot.storage.migrate import upgrade;"
    " upgrade(make_engine(sys.argv[1]))"
)


def test_replicas_starting_together_migrate_once(engine: Engine, db_url: str) -> None:
    """`finews-bot run` migrates at start and replicas start together (a fresh install, a
    release rolled out): one applies the migrations, the others wait and find them done."""
    if engine.dialect.name != "postgresql":
        pytest.skip("only PostgreSQL is shared by several processes")
    downgrade(engine, "base")
    try:
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _UPGRADE, db_url],
                cwd=ROOT,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(4)
        ]
        errors = [p.communicate(timeout=120)[1] for p in procs]
    finally:
        upgrade(engine)
    failed = [_error(e) for e, p in zip(errors, procs, strict=True) if p.returncode]
    assert failed == []


def _error(stderr: str) -> str:
    """The exception line of a failed process's traceback."""
    return next((x for x in stderr.splitlines() if x.startswith("sqlalchemy.exc.")), stderr[-300:])


@pytest.mark.parametrize("args", [["db", "upgrade"], ["run"], ["import", "."]], ids=" ".join)
def test_a_schema_from_a_newer_release_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """A release rolled back after its successor migrated the database: alembic cannot
    find the revision, and `run` (a restart loop in Docker) and `db upgrade` died in a
    CommandError traceback. They now say what happened in one line and exit 1."""
    url = f"sqlite:///{tmp_path / 'finews.db'}"
    engine = make_engine(url)
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099_future'"))
    engine.dispose()
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[telegram]\ntoken = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n'
        'base_url = "http://127.0.0.1:9/bot"\n',
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    env["FINEWS_DATABASE_URL"] = url
    proc = subprocess.run(
        [sys.executable, "-m", "bot", *args, "--config", str(cfg)],
        cwd=tmp_path if args[0] == "import" else ROOT,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "0099_future" in proc.stderr and "newer" in proc.stderr, proc.stderr[-3000:]


def test_a_failed_sqlite_migration_leaves_nothing_behind(tmp_path: Path) -> None:
    """A migration that fails halfway on SQLite (disk full, the container killed while a
    big table is copied): pysqlite runs DDL outside any transaction, so the tables it had
    created (`_alembic_tmp_articles`, a new table) stayed while the revision did not move,
    and every later start failed with 'table ... already exists'. The whole upgrade is
    one transaction now: it rolls back, and the next start migrates."""
    url = f"sqlite:///{tmp_path / 'finews.db'}"
    engine = make_engine(url)
    upgrade(engine, "0002_stories")
    with engine.begin() as conn:
        for sql in _ROWS:
            conn.execute(sa.text(sql))
    engine.dispose()

    failing = make_engine(url)  # the copy of `articles` fails where the old one is dropped

    @sa.event.listens_for(failing, "connect")
    def _deny_drop(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        def auth(action: int, arg1: str | None, *_: object) -> int:
            deny = action == sqlite3.SQLITE_DROP_TABLE and arg1 == "articles"
            return sqlite3.SQLITE_DENY if deny else sqlite3.SQLITE_OK

        dbapi_conn.set_authorizer(auth)

    with pytest.raises(sa.exc.DatabaseError, match="not authorized"):
        upgrade(failing)
    failing.dispose()

    engine = make_engine(url)
    with engine.connect() as conn:
        tables = set(conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    assert "relayed_updates" not in tables and "_alembic_tmp_articles" not in tables
    upgrade(engine)  # the next start
    with engine.connect() as conn:
        counts = {t: conn.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in _TABLES}
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, SQLModel.metadata) == []
    engine.dispose()
    assert counts == dict.fromkeys(_TABLES, 1)
