"""PostgreSQL connections keep TCP keepalives on both ends, so a replica cut off by a
silent network drop loses its locks within about a minute (see `bot.storage.db`)."""

from __future__ import annotations

import sqlalchemy as sa

from bot.storage.db import make_engine
from tests.conftest import PG_URL, pg_engine_or_skip


def _settings(url: str) -> tuple[dict[str, str], dict[str, str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            server = {
                name: conn.execute(sa.text(f"SHOW {name}")).scalar_one()
                for name in ("tcp_keepalives_idle", "tcp_keepalives_count")
            }
            client = conn.connection.driver_connection.info.get_parameters()  # type: ignore[union-attr]
    finally:
        engine.dispose()
    return server, client


def test_both_ends_of_a_postgresql_connection_keep_alive() -> None:
    pg_engine_or_skip()
    server, client = _settings(PG_URL)
    assert server == {"tcp_keepalives_idle": "30", "tcp_keepalives_count": "3"}
    assert client["keepalives_idle"] == "30" and client["tcp_user_timeout"] == "60000"


def test_the_database_url_may_set_them_otherwise() -> None:
    pg_engine_or_skip()
    sep = "&" if "?" in PG_URL else "?"
    server, client = _settings(
        f"{PG_URL}{sep}keepalives_idle=45&options=-c%20tcp_keepalives_idle%3D50"
    )
    assert client["keepalives_idle"] == "45" and server["tcp_keepalives_idle"] == "50"
