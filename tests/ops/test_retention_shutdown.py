"""SIGTERM during a big retention purge: `finews-bot run` exits within seconds, and the
purge, cut between two batches (each its own transaction), loses nothing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage.db import make_engine
from bot.storage.migrate import upgrade
from bot.storage.models import ArticleRow, ArticleTicker, Chat, Delivery
from bot.storage.types import utcnow
from tests.e2e.helpers import wait
from tests.fakes.botapi import FakeBotAPI

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
OLD = 150_000  # about 3-7 s of purge on a 2-core machine, in 1000-article batches
KEPT = 50  # old articles with a delivery still queued: never purged
RECENT = 50
# `run` as it is, but with its first purge a second after start instead of a minute
RUN = (
    "import functools, sys\n"
    "from bot.ops import retention\n"
    "retention.schedule = functools.partial(retention.schedule, first_run_delay=1.0)\n"
    "from bot.cli import main\n"
    "sys.argv = ['finews-bot', 'run', '--config', sys.argv[1]]\n"
    "main()\n"
)


def _fill(url: str) -> None:
    """OLD + KEPT old articles and RECENT new ones, each with two tickers and a sent
    delivery. One template row per table goes in through the models (their own encoding
    of dates and defaults); SQLite copies it per id (a recursive series): the same rows
    as inserting each from Python, in a second instead of ten."""
    engine = make_engine(url)
    upgrade(engine)
    now = utcnow()
    old = now - timedelta(days=200)
    article = ArticleRow(
        id="x",
        title="t",
        published_at=old,
        fetched_at=old,
        category="emnews",
        category_name="东财滚动新闻",
        source="s",
        content_hash="h",
    ).model_dump()
    sent = Delivery(article_id="x", chat_id=1, status="sent", created_at=old).model_dump(
        exclude={"id"}
    )
    arts, tick, dels = ArticleRow.__table__, ArticleTicker.__table__, Delivery.__table__
    with engine.begin() as conn:
        conn.execute(sa.insert(Chat.__table__), [Chat(id=1, kind="private").model_dump()])
        conn.execute(
            sa.insert(arts),
            [article, article | {"id": "r", "published_at": now, "fetched_at": now}],
        )
        conn.execute(sa.insert(dels), [sent])
        for prefix, count, template in (("A", OLD + KEPT, "x"), ("R", RECENT, "r")):
            _copy(conn, arts, "id", template, prefix, count)
            _copy(conn, dels, "article_id", "x", prefix, count)
        conn.execute(sa.delete(dels).where(dels.c.article_id == "x"))
        conn.execute(sa.delete(arts).where(arts.c.id.in_(["x", "r"])))
        for ticker in ("BABA.US", "09988.HK"):
            conn.execute(
                sa.insert(tick).from_select(
                    ["article_id", "ticker"],
                    sa.select(arts.c.id, sa.literal(ticker)),
                )
            )
        # the last KEPT old articles wait for a delivery queued today (retried tomorrow)
        queued = [f"A{i:07d}" for i in range(OLD, OLD + KEPT)]
        conn.execute(
            sa.update(dels)
            .where(dels.c.article_id.in_(queued))
            .values(status="queued", created_at=now, next_attempt_at=now + timedelta(days=1))
        )
    engine.dispose()


def _copy(
    conn: sa.Connection, table: sa.Table, key: str, template: str, prefix: str, n: int
) -> None:
    """Copy `table`'s row whose `key` is `template` once per id `prefix` + 7 digits, 0..n-1
    (a delivery's own id left to autoincrement)."""
    cols = [c.name for c in table.c if c.name != "id" or key == "id"]
    values = ", ".join("printf(:fmt, n.i)" if c == key else f"t.{c}" for c in cols)
    conn.execute(
        sa.text(
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < :last)"
            f" INSERT INTO {table.name} ({', '.join(cols)}) SELECT {values}"
            f" FROM n, {table.name} t WHERE t.{key} = :template"
        ),
        {"last": n - 1, "fmt": prefix + "%07d", "template": template},
    )


def _count(url: str, table: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())
    finally:
        engine.dispose()


def test_sigterm_mid_purge_exits_within_seconds_and_loses_nothing(tmp_path: Path) -> None:
    """SIGTERM while the purge of a big database ran: `run` logged 'shutting down' and
    then waited for the whole purge (asyncio.run joins the thread it runs in), so
    `docker stop` ended it with SIGKILL after its 10 s. The purge now checks for the
    shutdown between its batches: the process exits within seconds, every batch either
    deleted whole (an article with its tickers and deliveries) or not at all, what
    waits for a delivery and what is recent kept."""
    url = f"sqlite:///{tmp_path / 'finews.db'}"
    _fill(url)
    total = OLD + KEPT + RECENT
    api = FakeBotAPI().start()
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}"\n'
        f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n'
        "[retention]\ndays = 90\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    log = tmp_path / "run.log"
    proc = subprocess.Popen(
        [sys.executable, "-c", RUN, str(cfg)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        wait(lambda: _count(url, "articles") < total - 2000, 90, "the purge under way", [log])
        proc.send_signal(signal.SIGTERM)
        sent_at = time.monotonic()
        try:
            code = proc.wait(120)
        except subprocess.TimeoutExpired:
            raise AssertionError("run did not exit during the purge") from None
        took = time.monotonic() - sent_at
    finally:
        if proc.poll() is None:
            proc.kill()
        api.stop()
    text = log.read_text()
    left = _count(url, "articles")
    assert took < 4, f"exit took {took:.1f} s after SIGTERM; {left} articles left"
    assert code == 0, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
    assert KEPT + RECENT < left < total - 2000, (left, text[-2000:])  # cut mid-purge
    assert "retention: purge stopped by shutdown" in text, text[-2000:]

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            # whole batches: every article left has both its tickers and its delivery,
            # and no ticker or delivery row lost its article
            partial = conn.execute(
                sa.text(
                    "SELECT count(*) FROM articles a WHERE"
                    " (SELECT count(*) FROM article_tickers t WHERE t.article_id = a.id) != 2"
                    " OR (SELECT count(*) FROM deliveries d WHERE d.article_id = a.id) != 1"
                )
            ).scalar_one()
            assert partial == 0
            for table in ("article_tickers", "deliveries"):
                orphans = conn.execute(
                    sa.text(
                        f"SELECT count(*) FROM {table} x"
                        " WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = x.article_id)"
                    )
                ).scalar_one()
                assert orphans == 0, table
            queued = conn.execute(
                sa.text("SELECT count(*) FROM deliveries WHERE status = 'queued'")
            ).scalar_one()
            recent = conn.execute(
                sa.text("SELECT count(*) FROM articles WHERE id LIKE 'R%'")
            ).scalar_one()
            assert (queued, recent) == (KEPT, RECENT)
    finally:
        engine.dispose()
