"""Retention purge on SQLite and PostgreSQL, rows written through the models."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ops.retention import JOB_ID, purge, run_retention, schedule
from bot.storage.db import session_scope
from bot.storage.models import ArticleRow, ArticleTicker, Chat, Delivery, SourceItem

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _article(aid: str, published_days: float, fetched_days: float) -> ArticleRow:
    return ArticleRow(
        id=aid,
        title=aid,
        published_at=NOW - timedelta(days=published_days),
        fetched_at=NOW - timedelta(days=fetched_days),
        category="emnews",
        category_name="东财滚动新闻",
        source="s",
        content_hash=aid,
    )


def _fill(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.add(_article("OLD1", 100, 100))  # old, all delivered -> purged
        s.add(_article("OLD2", 95, 95))  # old, one failed delivery -> purged
        s.add(_article("OLDQ", 120, 120))  # old but a queued delivery -> kept
        s.add(_article("OLDH", 120, 120))  # old but held for a digest -> kept
        s.add(_article("OLDS", 120, 120))  # old but being sent right now -> kept
        s.add(_article("ARCH", 800, 2))  # archive imported 2 days ago -> kept
        s.add(_article("NEW", 1, 1))  # recent -> kept
        s.flush()
        s.add(Chat(id=1, kind="private"))
        s.add(Chat(id=2, kind="group"))
        s.flush()
        for aid in ("OLD1", "OLD2", "OLDQ", "ARCH", "NEW"):
            s.add(ArticleTicker(article_id=aid, ticker="BABA.US"))
            s.add(ArticleTicker(article_id=aid, ticker="09988.HK"))
        s.add(SourceItem(source="s", key="_posts/old1.md", digest="x", article_id="OLD1"))
        for aid, chat, status in [
            ("OLD1", 1, "sent"),
            ("OLD1", 2, "sent"),
            ("OLD2", 1, "failed"),
            ("OLDQ", 1, "sent"),
            ("OLDQ", 2, "queued"),
            ("OLDH", 1, "held"),
            ("OLDS", 1, "sending"),
            ("NEW", 1, "sent"),
        ]:
            s.add(Delivery(article_id=aid, chat_id=chat, status=status))


def _ids(engine: Engine, table: str, col: str = "article_id") -> list[str]:
    with engine.connect() as conn:
        return sorted(conn.execute(sa.text(f"SELECT {col} FROM {table}")).scalars())


@pytest.mark.db
def test_purge(engine: Engine) -> None:
    _fill(engine)
    result = purge(engine, 90, now=NOW, batch=1)  # batch=1: several transactions
    assert result["articles"] == 2
    assert result["article_tickers"] == 4  # 2 tickers x OLD1, OLD2
    assert result["deliveries"] == 3
    assert result["kept_pending"] == 3
    assert _ids(engine, "articles", "id") == ["ARCH", "NEW", "OLDH", "OLDQ", "OLDS"]
    assert sorted(set(_ids(engine, "article_tickers"))) == ["ARCH", "NEW", "OLDQ"]
    with engine.connect() as conn:
        left = sorted(
            tuple(r) for r in conn.execute(sa.text("SELECT article_id, status FROM deliveries"))
        )
    # Every undelivered row survives; so does the sent row of a kept article.
    assert left == [
        ("NEW", "sent"),
        ("OLDH", "held"),
        ("OLDQ", "queued"),
        ("OLDQ", "sent"),
        ("OLDS", "sending"),
    ]
    # What the source has seen is kept, so a _posts checkout does not re-ingest OLD1.
    assert _ids(engine, "source_items", "key") == ["_posts/old1.md"]

    # Idempotent; once the queued delivery is sent, the article goes on the next run.
    assert purge(engine, 90, now=NOW)["articles"] == 0
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE deliveries SET status = 'sent' WHERE status = 'queued'"))
    again = purge(engine, 90, now=NOW)
    assert again["articles"] == 1 and again["deliveries"] == 2
    assert "OLDQ" not in _ids(engine, "articles", "id")


@pytest.mark.db
def test_a_story_with_a_pending_digest_item_keeps_its_count(engine: Engine) -> None:
    """Two outlets told a story 120 days ago; one of its articles is still held for a
    chat's digest (the purge keeps that article). The story is kept too while an article
    of it is stored: the digest still says 另有1家媒体报道 (the purge deleted the story,
    and the digest item lost its count). Once that article goes, so does its story."""
    from bot.delivery.digest import claim_digest
    from bot.delivery.store import OutboxStore
    from bot.storage.models import Story

    old = NOW - timedelta(days=120)
    with session_scope(engine) as s:
        for aid in ("FIRST", "AGAIN"):
            row = _article(aid, 120, 120)
            row.story_id = "FIRST"
            s.add(row)
        for sid, n in (("FIRST", 2), ("GONE", 3)):  # GONE: its articles were purged
            s.add(
                Story(
                    id=sid,
                    latest_article_id=sid,
                    published_at=old,
                    updated_at=old,
                    articles=n,
                    repeats=n - 1,
                )
            )
        s.add(Chat(id=1, kind="private", quiet_start="00:00", quiet_end="00:01"))
        s.flush()
        s.add(Delivery(article_id="FIRST", chat_id=1, status="held"))
    result = purge(engine, 90, now=NOW)
    assert _ids(engine, "articles", "id") == ["FIRST"]  # AGAIN had nothing pending
    units = claim_digest(OutboxStore(engine, "w"), 1)
    assert [("另有1家媒体报道" in u.html) for u in units] == [True], [u.html for u in units]
    assert result["stories"] == 1 and _ids(engine, "stories", "id") == ["FIRST"]
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE deliveries SET status = 'sent'"))
    again = purge(engine, 90, now=NOW)
    assert again["articles"] == 1 and again["stories"] == 1


@pytest.mark.db
def test_purge_shorter_window(engine: Engine) -> None:
    _fill(engine)
    result = purge(engine, 1, now=NOW + timedelta(days=3))
    # Now ARCH (stored 5 days before) and NEW go too; pending ones still stay.
    assert "ARCH" not in _ids(engine, "articles", "id")
    assert result["kept_pending"] == 3
    assert _ids(engine, "articles", "id") == ["OLDH", "OLDQ", "OLDS"]


def test_purge_rejects_zero_days(sqlite_engine: Engine) -> None:
    with pytest.raises(ValueError):
        purge(sqlite_engine, 0)


def test_run_retention_logs_and_never_raises(
    sqlite_engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings.model_validate({"retention": {"days": 30}})
    with caplog.at_level(logging.INFO, logger="bot.ops.retention"):
        assert run_retention(settings, sqlite_engine) is not None
    assert "retention: purged 0 articles" in caplog.text
    broken = sa.create_engine("sqlite:///" + "/nonexistent-dir/x.db")
    with caplog.at_level(logging.INFO, logger="bot.ops.retention"):
        assert run_retention(settings, broken) is None
    assert "purge failed" in caplog.text


def test_schedule_adds_interval_job(sqlite_engine: Engine) -> None:
    settings = Settings.model_validate({"retention": {"days": 30, "interval_hours": 4}})
    sched = BackgroundScheduler(timezone="UTC")
    job = schedule(sched, settings, sqlite_engine)
    assert job.id == JOB_ID
    assert job.trigger.interval == timedelta(hours=4)


async def test_scheduled_job_runs_in_asyncio_scheduler(sqlite_engine: Engine) -> None:
    """The job runs off the event loop and really purges, under a caller's lock."""
    with session_scope(sqlite_engine) as s:
        s.add(_article("GONE", 400, 400))
    settings = Settings.model_validate({"retention": {"days": 30}})
    calls: list[str] = []

    @contextlib.contextmanager
    def lock() -> Iterator[bool]:
        calls.append("locked")
        yield True

    sched = AsyncIOScheduler(timezone="UTC")
    schedule(sched, settings, sqlite_engine, lock=lock, first_run_delay=0.05)
    sched.start()
    try:
        for _ in range(100):
            await asyncio.sleep(0.05)
            if not _ids(sqlite_engine, "articles", "id"):
                break
    finally:
        sched.shutdown(wait=True)
    assert calls == ["locked"]
    assert _ids(sqlite_engine, "articles", "id") == []


async def test_a_purge_due_while_the_machine_slept_still_runs(sqlite_engine: Engine) -> None:
    """The purge time passed while the host was suspended or the process stalled (or
    `run` waited longer than a minute for the Bot API at start): the purge runs late,
    once, instead of being dropped as 'missed' until the next interval_hours."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED

    with session_scope(sqlite_engine) as s:
        s.add(_article("GONE", 400, 400))
    loop = asyncio.get_running_loop()
    outcome: asyncio.Future[int] = loop.create_future()

    def settle(code: int) -> None:
        if not outcome.done():
            outcome.set_result(code)

    sched = AsyncIOScheduler(timezone="UTC")
    sched.add_listener(
        lambda ev: loop.call_soon_threadsafe(settle, ev.code),
        EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR,
    )
    job = schedule(sched, Settings.model_validate({"retention": {"days": 30}}), sqlite_engine)
    sched.start(paused=True)
    try:
        job.modify(next_run_time=datetime.now(UTC) - timedelta(minutes=20))  # slept through it
        sched.resume()
        code = await asyncio.wait_for(outcome, 30)
    finally:
        sched.shutdown(wait=True)
    assert code == EVENT_JOB_EXECUTED, "the overdue purge was skipped as missed"
    assert _ids(sqlite_engine, "articles", "id") == []


def test_scheduled_job_skips_when_not_leader(sqlite_engine: Engine) -> None:
    with session_scope(sqlite_engine) as s:
        s.add(_article("STAYS", 400, 400))

    @contextlib.contextmanager
    def follower() -> Iterator[bool]:
        yield False

    sched = BackgroundScheduler(timezone="UTC")
    job = schedule(sched, Settings(), sqlite_engine, lock=follower)
    job.func()
    assert _ids(sqlite_engine, "articles", "id") == ["STAYS"]
    schedule(sched, Settings(), sqlite_engine).func()  # no lock: purges
    assert _ids(sqlite_engine, "articles", "id") == []


@pytest.mark.db
def test_schedule_with_real_leader_lock(engine: Engine) -> None:
    from bot.storage.locks import leader_lock

    with session_scope(engine) as s:
        s.add(_article("OLDX", 400, 400))
    lock = leader_lock(engine)
    try:
        schedule(BackgroundScheduler(timezone="UTC"), Settings(), engine, lock=lock).func()
    finally:
        lock.release()
    assert _ids(engine, "articles", "id") == []


def _db_purge(cfg: Path) -> subprocess.CompletedProcess[str]:
    """`finews-bot db purge --config cfg` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "db", "purge", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.slow
@pytest.mark.db
def test_db_purge_command(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import make_engine

    eng = make_engine(db_url)
    ago = (datetime.now(UTC) - NOW).total_seconds() / 86400  # _article counts from NOW
    with session_scope(eng) as s:
        s.add(_article("ANCIENT", 400 - ago, 400 - ago))
        s.add(_article("FRESH", 1 - ago, 1 - ago))
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n[retention]\ndays = 30\n', encoding="utf-8")
    proc = _db_purge(cfg)
    assert proc.returncode == 0, proc.stderr
    assert "purged 1 articles" in proc.stdout and "older than 30 days" in proc.stdout
    ids = _ids(eng, "articles", "id")
    eng.dispose()
    assert "ANCIENT" not in ids and "FRESH" in ids


@pytest.mark.slow
def test_db_purge_command_bounds_seen_items_like_the_job(sqlite_engine: Engine) -> None:
    """README: `db purge` "runs the same purge at once". It skipped the scheduled job's
    second step, so a feed's seen items older than the period stayed."""
    from bot.storage.models import SourceState

    old = datetime.now(UTC) - timedelta(days=100)
    with session_scope(sqlite_engine) as s:
        s.add(SourceState(name="f", kind="feed", cursor={}))
        s.add(SourceItem(source="f", key="f-old", digest="x", seen_at=old))
    url = sqlite_engine.url.render_as_string(hide_password=False)
    cfg = Path(sqlite_engine.url.database or "").with_name("c.toml")
    cfg.write_text(f'[database]\nurl = "{url}"\n[retention]\ndays = 30\n', encoding="utf-8")
    proc = _db_purge(cfg)
    assert proc.returncode == 0, proc.stderr
    assert _ids(sqlite_engine, "source_items", "key") == []


@pytest.mark.slow
def test_db_purge_failing_after_opening_is_one_line(tmp_path: Path) -> None:
    """`db purge` opened the database under `opening()` but purged outside it, so a
    database that answers the first connection and then fails (lost, or never
    migrated, as here) died in an OperationalError traceback. Now one line, exit 1."""
    import sqlite3

    path = tmp_path / "finews.db"
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE unrelated (x INTEGER)")  # a database, but not ours
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{path}"\n', encoding="utf-8")
    proc = _db_purge(cfg)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"finews-bot db purge: cannot use the database sqlite:///{path}: " in proc.stderr
    assert "no such table" in proc.stderr


@pytest.mark.db
def test_seen_items_of_recent_only_sources_are_dropped_after_the_period(engine: Engine) -> None:
    """A feed's and github's seen items go after `days`; a listing of every post keeps its own."""
    from bot.ops.retention import purge_seen
    from bot.storage.models import SourceState

    old, new = NOW - timedelta(days=100), NOW - timedelta(days=1)
    with session_scope(engine) as s:
        for name, kind in [
            ("f", "feed"),
            ("g", "github"),
            ("d", "jekyll-dir"),
            ("p", "jekyll-site"),
        ]:
            s.add(SourceState(name=name, kind=kind, cursor={}))
            s.add(SourceItem(source=name, key=f"{name}-old", digest="x", seen_at=old))
            s.add(SourceItem(source=name, key=f"{name}-new", digest="x", seen_at=new))
    assert purge_seen(engine, NOW - timedelta(days=90)) == 2
    assert _ids(engine, "source_items", "key") == [
        "d-new",
        "d-old",
        "f-new",
        "g-new",
        "p-new",
        "p-old",
    ]


@pytest.mark.db
def test_run_retention_bounds_seen_items_only_when_old_posts_cannot_be_pushed(
    engine: Engine,
) -> None:
    from bot.storage.models import SourceState

    old = datetime.now(UTC) - timedelta(days=100)
    with session_scope(engine) as s:
        s.add(SourceState(name="f", kind="feed", cursor={}))
        s.add(SourceItem(source="f", key="f-old", digest="x", seen_at=old))
    no_limit = Settings.model_validate({"delivery": {"max_article_age_hours": 0}})
    assert "source_items" not in run_retention(no_limit, engine)  # a re-seen post would push
    assert _ids(engine, "source_items", "key") == ["f-old"]
    assert run_retention(Settings(), engine)["source_items"] == 1
    assert _ids(engine, "source_items", "key") == []


@pytest.mark.db
def test_purge_stops_between_batches(engine: Engine) -> None:
    """Asked to stop (SIGTERM in `run`), the purge ends after the batch under way: that
    batch is deleted whole, the next not touched; the rest goes at the next run."""
    _fill(engine)

    def stop() -> bool:  # set once the first batch went (each step checks it)
        return len(_ids(engine, "articles", "id")) < 7

    result = purge(engine, 90, now=NOW, batch=1, stop=stop)
    assert result["stopped"] is True and result["articles"] == 1
    left = set(_ids(engine, "articles", "id"))
    (kept,) = {"OLD1", "OLD2"} & left  # one batch of one article went, whole
    with engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT count(*) FROM deliveries WHERE article_id = :a"), {"a": kept}
        ).scalar_one()
    assert rows == {"OLD1": 2, "OLD2": 1}[kept]
    assert _ids(engine, "article_tickers").count(kept) == 2
    finished = purge(engine, 90, now=NOW)
    assert "stopped" not in finished and finished["articles"] == 1
