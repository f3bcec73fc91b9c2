"""Fan-out benchmark: one article against 1,000,000 subscriptions over 200,000 chats.

The article matches 100,000 chats (by outlet, by ticker, by keyword, many of them
several ways), and the fixture also holds chats that match but exclude a keyword
in the article, paused and inactive chats, and ~800k non-matching subscriptions
spread over thousands of tickers, outlets and keywords. We time
`enqueue_deliveries` (one INSERT..SELECT) plus its commit, on SQLite and on
PostgreSQL, and check it enqueued exactly the 100,000 expected deliveries.

    python bench/fanout.py [--quick] [--pg-url postgresql+psycopg://...] [--no-pg]

Goals: < 2 s on SQLite, < 1 s on PostgreSQL. `--quick` uses 1/10 of every size.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.fanout import enqueue_deliveries
from bot.fanout.enqueue import _insert_sql
from bot.storage.db import create_database_if_missing, make_engine, redact_url, session_scope
from bot.storage.migrate import upgrade
from bot.storage.models import ArticleRow, ArticleTicker

PG_URL = os.environ.get(
    "FINEWS_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/finews_bench_delivery"
)
CHAT_COLS = ("id", "kind", "lang", "active", "paused", "digest_mode", "timezone", "created_at")
SUB_COLS = ("chat_id", "thread_id", "kind", "value", "from_config", "created_at")
MATCH_ONLY: list[float] = []
TEXT = "阿里巴巴发布四季度财报，云业务收入增长，市场传闻将分拆。"


def fixture(scale: float) -> tuple[list[tuple], list[tuple], int]:
    """Chats, subscriptions and the number of deliveries the article must produce."""
    rnd = random.Random(42)
    n_chats, n_subs, n_match = int(200_000 * scale), int(1_000_000 * scale), int(100_000 * scale)
    n_excl, n_paused, n_inactive = n_match // 10, n_match // 20, n_match // 20
    now = datetime.now(UTC).replace(tzinfo=None)
    chats, subs = [], []
    for cid in range(1, n_chats + 1):
        paused = n_match + n_excl < cid <= n_match + n_excl + n_paused
        inactive = n_match + n_excl + n_paused < cid <= n_match + n_excl + n_paused + n_inactive
        digest = "daily" if cid % 50 == 0 else "off"
        chats.append((cid, "private", "zh", not inactive, paused, digest, "Asia/Shanghai", now))
    matching = [
        "category:meirijingjixinwen",
        "ticker:BABA.US",
        "ticker:09988.HK",
        "keyword:阿里巴巴",
    ]
    for cid in range(1, n_match + n_excl + n_paused + n_inactive + 1):
        ways = rnd.sample(matching, 2 if cid % 10 == 0 else 1)  # some match several ways
        for w in ways:
            k, v = w.split(":", 1)
            subs.append((cid, 0, k, v, False, now))
        if n_match < cid <= n_match + n_excl:
            subs.append((cid, 0, "exclude", "传闻", False, now))
    tickers = [f"{600000 + i:06d}.SH" for i in range(5000)]
    outlets = [f"outlet{i}" for i in range(2000)]
    words = [f"关键词{i}" for i in range(200)]
    seen = {(s[0], s[2], s[3]) for s in subs}
    while len(subs) < n_subs:
        cid = rnd.randint(1, n_chats)
        kind = rnd.choice(("ticker", "ticker", "category", "keyword"))
        value = rnd.choice({"ticker": tickers, "category": outlets}.get(kind, words))
        if (cid, kind, value) not in seen:
            seen.add((cid, kind, value))
            subs.append((cid, 0, kind, value, False, now))
    return chats, subs, n_match


def load_sqlite(url: str, chats: list[tuple], subs: list[tuple]) -> None:
    import sqlite3

    con = sqlite3.connect(url.removeprefix("sqlite:///"))
    with con:
        con.executemany(
            f"INSERT INTO chats ({','.join(CHAT_COLS)}) VALUES (?,?,?,?,?,?,?,?)", chats
        )
        con.executemany(
            f"INSERT INTO subscriptions ({','.join(SUB_COLS)}) VALUES (?,?,?,?,?,?)", subs
        )
    con.execute("ANALYZE")
    con.close()


def load_pg(engine: sa.Engine, chats: list[tuple], subs: list[tuple]) -> None:
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        with cur.copy(f"COPY chats ({','.join(CHAT_COLS)}) FROM STDIN") as cp:
            for r in chats:
                cp.write_row((*r[:-1], r[-1].replace(tzinfo=UTC)))
        with cur.copy(f"COPY subscriptions ({','.join(SUB_COLS)}) FROM STDIN") as cp:
            for r in subs:
                cp.write_row((*r[:-1], r[-1].replace(tzinfo=UTC)))
        raw.commit()
        cur.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def fresh_pg(url: str) -> sa.Engine:
    """An empty, migrated bench database: drop the last run's, then create it anew."""
    u = sa.engine.make_url(url)
    admin = sa.create_engine(u.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        name = u.database.replace('"', '""')
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    admin.dispose()
    create_database_if_missing(url)
    engine = make_engine(url)
    upgrade(engine)
    return engine


def run_once(engine: sa.Engine, expected: int) -> tuple[float, int]:
    row = ArticleRow(
        id="NW_BENCH_1",
        title="阿里巴巴四季度财报",
        published_at=datetime.now(UTC),
        category="meirijingjixinwen",
        category_name="每日经济新闻",
        paragraphs=[TEXT],
        tickers=["BABA.US", "09988.HK"],
        source="bench",
        content_hash="x",
    )
    with session_scope(engine) as s:
        s.add(row)
        s.flush()
        for t in row.tickers:
            s.add(ArticleTicker(article_id=row.id, ticker=t))
    t0 = time.perf_counter()
    with session_scope(engine) as s:
        n = enqueue_deliveries(s, row.id)
    dt = time.perf_counter() - t0
    # breakdown: the matching SELECT alone (same statement, counted instead of inserted)
    stmt = _insert_sql(True, True)
    body = stmt.text[stmt.text.index("SELECT") : stmt.text.index("ORDER BY m.chat_id")]
    sel = sa.text(f"SELECT count(*) FROM ({body}) AS z").bindparams(*stmt._bindparams.values())
    t1 = time.perf_counter()
    with engine.connect() as conn:
        conn.execute(
            sel,
            {
                "aid": row.id,
                "cat": row.category,
                "now": datetime.now(UTC),
                "kws": ["阿里巴巴"],
                "exs": ["传闻"],
            },
        ).scalar()
    MATCH_ONLY.append(time.perf_counter() - t1)
    with engine.connect() as conn:
        stored = conn.execute(sa.text("SELECT count(*) FROM deliveries")).scalar()
    if n != expected or stored != expected:
        raise SystemExit(f"WRONG: enqueued {n}, stored {stored}, expected {expected}")
    return dt, n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1/10 of every size")
    ap.add_argument("--pg-url", default=PG_URL)
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()
    scale = 0.1 if args.quick else 1.0
    t0 = time.perf_counter()
    chats, subs, expected = fixture(scale)
    print(
        f"fixture: {len(chats):,} chats, {len(subs):,} subscriptions, "
        f"{expected:,} expected deliveries ({time.perf_counter() - t0:.1f} s to build)"
    )
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        t0 = time.perf_counter()
        load_sqlite(url, chats, subs)
        load = time.perf_counter() - t0
        dt, n = run_once(engine, expected)
        engine.dispose()
        results.append(("SQLite", dt, n, load, 2.0))
    if not args.no_pg:
        engine = fresh_pg(args.pg_url)
        t0 = time.perf_counter()
        load_pg(engine, chats, subs)
        load = time.perf_counter() - t0
        dt, n = run_once(engine, expected)
        engine.dispose()
        results.append((f"PostgreSQL ({redact_url(args.pg_url)})", dt, n, load, 1.0))
    print(
        f"{'engine':<12} {'enqueue+commit':>15} {'deliveries':>11} {'goal':>6} {'bulk load':>10}"
        f" {'match only':>11}"
    )
    for (name, dt, n, load, goal), match in zip(results, MATCH_ONLY, strict=True):
        ok = "(quick run)" if args.quick else ("meets goal" if dt < goal else "MISSES goal")
        print(
            f"{name.split(' ')[0]:<12} {dt:>13.3f} s {n:>11,} {goal:>4.0f} s {load:>8.1f} s"
            f" {match:>9.3f} s  {ok}"
        )


if __name__ == "__main__":
    main()
