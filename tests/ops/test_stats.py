"""`collect_stats` / `format_stats` over rows written directly through the models."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine

from bot.ops.stats import collect_stats, day_start, failure_reason
from bot.ops.stats_text import format_stats
from bot.storage.db import session_scope
from bot.storage.models import (
    ArticleRow,
    Chat,
    Delivery,
    RelayedUpdate,
    SourceState,
    Subscription,
)

# 2026-03-10 02:00 UTC = 10:00 in Shanghai; the Shanghai day began 2026-03-09 16:00 UTC.
NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)


def _article(aid: str, source: str, fetched: datetime) -> ArticleRow:
    return ArticleRow(
        id=aid,
        title=f"标题 {aid}",
        published_at=fetched - timedelta(minutes=5),
        category="meirijingjixinwen",
        category_name="每日经济新闻",
        source=source,
        content_hash=aid,
        fetched_at=fetched,
    )


def _fill(engine: Engine) -> None:
    with session_scope(engine) as s:
        for update_id, age in ((7, 600), (8, 30)):  # relayed by a replica, no sender yet
            s.add(
                RelayedUpdate(
                    update_id=update_id, payload="{}", received_at=NOW - timedelta(seconds=age)
                )
            )
        s.add(
            SourceState(
                name="finews",
                kind="feed",
                polls=12,
                first_poll_done=True,
                last_success=NOW - timedelta(seconds=90),
                last_poll_ms=230,
                articles_total=4,
            )
        )
        s.add(
            SourceState(
                name="site",
                kind="jekyll-site",
                polls=5,
                last_success=NOW - timedelta(hours=3),
                last_error="HTTP 503 from https://example.org/category/x.html",
                last_error_at=NOW - timedelta(minutes=2),
                consecutive_failures=4,
                last_poll_ms=20000,
            )
        )
        # Two today (Shanghai day), one yesterday evening Shanghai = still "today" in UTC terms
        # would be wrong: 2026-03-09 15:30 UTC is 23:30 Shanghai on the 9th -> not today.
        s.add(_article("A1", "finews", NOW - timedelta(minutes=30)))
        s.add(_article("A2", "finews", NOW - timedelta(hours=9)))  # 01:00 Shanghai, today
        s.add(_article("A3", "finews", datetime(2026, 3, 9, 15, 30, tzinfo=UTC)))
        s.add(_article("A4", "site", NOW - timedelta(days=2)))
        s.flush()
        s.add(Chat(id=1, kind="private"))
        s.add(Chat(id=2, kind="private", paused=True))
        s.add(Chat(id=3, kind="private", active=False, inactive_reason="blocked"))
        s.add(Chat(id=-100, kind="supergroup"))
        s.add(Chat(id=-200, kind="channel", no_rights_at=NOW))  # may not post there
        s.flush()
        for cid, kind, value in [
            (1, "category", "meirijingjixinwen"),
            (1, "ticker", "BABA.US"),
            (2, "ticker", "09988.HK"),
            (-100, "keyword", "新能源"),
            (-100, "exclude", "传闻"),
            (-200, "category", "emnews"),
        ]:
            s.add(Subscription(chat_id=cid, kind=kind, value=value))
        rows = [
            ("A1", 1, "queued", None, None, NOW - timedelta(seconds=40)),
            ("A1", 2, "held", None, None, NOW - timedelta(hours=2)),
            ("A1", -100, "sending", None, None, NOW - timedelta(seconds=75)),
            ("A2", 1, "sent", NOW - timedelta(hours=1), None, NOW - timedelta(hours=1)),
            ("A2", -100, "sent", NOW - timedelta(hours=1), None, NOW - timedelta(hours=1)),
            ("A3", 1, "sent", datetime(2026, 3, 9, 15, 40, tzinfo=UTC), None, NOW),
            ("A3", 3, "failed", None, "forbidden: bot was blocked by the user", NOW),
            ("A4", 3, "failed", None, "forbidden: user is deactivated", NOW),
            ("A4", -200, "failed", None, "Bad Request: can't parse entities", NOW),
            ("A2", -200, "failed", None, None, NOW),
        ]
        for aid, cid, status, sent_at, error, created in rows:
            s.add(
                Delivery(
                    article_id=aid,
                    chat_id=cid,
                    status=status,
                    sent_at=sent_at,
                    error=error,
                    created_at=created,
                )
            )


@pytest.mark.db
def test_collect_stats(engine: Engine) -> None:
    _fill(engine)
    data = collect_stats(engine, now=NOW)
    json.dumps(data)  # JSON-able as is (`finews-bot stats --json`)

    assert data["articles"] == {
        "total": 4,
        "today": 2,
        "latest_published_at": (NOW - timedelta(minutes=35)).isoformat(),
    }
    src = {s["name"]: s for s in data["sources"]}
    assert src["finews"]["articles_today"] == 2
    assert src["finews"]["last_success_age_s"] == 90.0
    assert src["finews"]["last_poll_ms"] == 230
    assert src["finews"]["consecutive_failures"] == 0
    assert src["site"]["articles_today"] == 0
    assert src["site"]["consecutive_failures"] == 4
    assert src["site"]["last_error"].startswith("HTTP 503")
    assert src["site"]["last_error_at"] == (NOW - timedelta(minutes=2)).isoformat()

    assert data["chats"] == {
        "total": 5,
        "by_kind": {"channel": 1, "private": 3, "supergroup": 1},
        "active": 4,
        "inactive": 1,
        "paused": 1,
        "no_rights": 1,
    }
    assert data["subscriptions"] == {
        "total": 6,
        "by_kind": {"category": 2, "exclude": 1, "keyword": 1, "ticker": 2},
    }
    ob = data["outbox"]
    assert (ob["queued"], ob["held"], ob["sending"], ob["sent"]) == (1, 1, 1, 3)
    assert ob["sent_today"] == 2  # the third was sent 23:40 Shanghai the day before
    assert ob["failed"] == 4
    assert ob["failed_by_reason"] == {"forbidden": 2, "Bad Request": 1, "unknown": 1}
    assert ob["oldest_undelivered_age_s"] == 75.0  # sending counts, held does not
    assert ob["oldest_held_age_s"] == 7200.0
    assert ob["relayed_waiting"] == 2
    assert ob["oldest_relayed_age_s"] == 600.0

    text = format_stats(data)
    assert "finews" in text and "site" in text
    assert "HTTP 503" in text
    assert "forbidden 2" in text
    assert "Oldest undelivered: 75s" in text
    assert "Telegram updates waiting for the sender: 2" in text
    zh = format_stats(data, "zh")
    assert "最久未发：75s" in zh and "失败原因：" in zh
    assert "待发送方处理的 Telegram 更新：2 条" in zh
    # one language per text: no English words beside the Chinese ones
    import re

    assert not re.search(r"\b(?:today|sources|queued|failed|oldest)\b", zh, re.I)


@pytest.mark.db
def test_collect_stats_empty(engine: Engine) -> None:
    data = collect_stats(engine, now=NOW)
    assert data["articles"]["total"] == 0
    assert data["sources"] == []
    assert data["outbox"]["oldest_undelivered_age_s"] is None
    assert data["chats"]["by_kind"] == {}
    assert data["outbox"]["relayed_waiting"] == 0
    assert "not polled yet" in format_stats(data)
    assert "Telegram updates" not in format_stats(data)
    assert "尚未轮询" in format_stats(data, "zh")


def test_day_start_is_shanghai_midnight() -> None:
    assert day_start(NOW) == datetime(2026, 3, 9, 16, 0, tzinfo=UTC)
    assert day_start(NOW, "UTC") == datetime(2026, 3, 10, 0, 0, tzinfo=UTC)


def test_failure_reason() -> None:
    assert failure_reason("forbidden: bot was blocked") == "forbidden"
    assert failure_reason(None) == "unknown"
    assert failure_reason("timeout") == "timeout"
    long_head = "x" * 50 + ": detail"
    assert failure_reason(long_head) == long_head[:60]


@pytest.mark.slow
@pytest.mark.db
def test_stats_cli(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import make_engine

    eng = make_engine(db_url)
    _fill(eng)
    eng.dispose()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
    base = [sys.executable, "-m", "bot", "stats", "--config", str(cfg)]
    out = subprocess.run([*base, "--json"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["articles"]["total"] == 4
    assert data["outbox"]["failed"] == 4
    text = subprocess.run(base, capture_output=True, text=True, timeout=120)
    assert text.returncode == 0, text.stderr
    assert "Outbox" in text.stdout and "finews" in text.stdout


@pytest.mark.slow
def test_stats_cli_unmigrated_database(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    sqlite3.connect(tmp_path / "new.db").close()  # a database file nobody migrated
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "new.db"}"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "no such table" in proc.stderr and "finews-bot db upgrade" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
@pytest.mark.parametrize("why", ["unreadable", "name-too-long"])
def test_stats_on_a_data_dir_it_cannot_look_into_is_one_line(tmp_path, why: str) -> None:  # type: ignore[no-untyped-def]
    """`stats` with a data_dir it may not enter (the bot's own directory, mode 0700, read
    by another user) died in a PermissionError traceback from its check that the file
    exists ('CRITICAL finews: unhandled exception'); a name the system refuses
    (ENAMETOOLONG) did the same, and is what shows it when the tests run as root. Now the
    one `cannot use the database ...` line, exit 1."""
    import os

    if why == "unreadable":
        if os.geteuid() == 0:
            pytest.skip("root may enter any directory")
        data = tmp_path / "data"
        data.mkdir(mode=0o000)
    else:
        data = tmp_path / ("x" * 300)
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'data_dir = "{data}"\n', encoding="utf-8")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "stats", "--config", str(cfg)],
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        if why == "unreadable":
            data.chmod(0o700)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"finews-bot stats: cannot use the database sqlite:///{data}" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


CONFIGURED = {"finews": "feed", "site": "jekyll-site", "fresh": "github"}


def _removed_source(engine: Engine) -> None:
    """A source taken out of the config (renamed, dropped): its source_state row stays."""
    with session_scope(engine) as s:
        s.add(
            SourceState(
                name="oldfeed",
                kind="feed",
                polls=40,
                last_success=NOW - timedelta(days=20),
                last_error="HTTP 404 from https://old.example.org/feed.xml",
                last_error_at=NOW - timedelta(days=19),
                consecutive_failures=9,
            )
        )


@pytest.mark.db
def test_stats_show_the_configured_sources_and_mark_removed_ones(engine: Engine) -> None:
    """`finews-bot stats` and /stats listed a source removed from the config as if it
    still ran: [ERR], its failures in a row and its last success ageing for ever, while
    /metrics exported only the configured ones. Now the configured sources are listed
    (one configured but not polled yet says so), and the removed ones are named in one
    line, marked as removed from the config; their rows stay (JSON: removed_sources)."""
    _fill(engine)
    _removed_source(engine)
    data = collect_stats(engine, now=NOW, sources=CONFIGURED)
    json.dumps(data)
    assert [s["name"] for s in data["sources"]] == ["finews", "fresh", "site"]
    fresh = {s["name"]: s for s in data["sources"]}["fresh"]
    assert (fresh["kind"], fresh["polls"], fresh["last_success"]) == ("github", 0, None)
    assert [s["name"] for s in data["removed_sources"]] == ["oldfeed"]
    assert data["removed_sources"][0]["consecutive_failures"] == 9  # history kept

    text = format_stats(data)
    lines = [line for line in text.splitlines() if "oldfeed" in line]
    assert lines == ["  Removed from the config (not polled; history kept): oldfeed"], text
    assert "HTTP 404" not in text and "9 failures" not in text
    assert "[ERR] site" in text and "[OK ] finews" in text
    assert "  [ - ] fresh (github): not polled yet" in text, text
    zh = format_stats(data, "zh")
    assert [line for line in zh.splitlines() if "oldfeed" in line] == [
        "  已从配置中移除（不再轮询，保留历史）：oldfeed"
    ], zh
    assert "尚未轮询" in zh

    # without the config (a caller that does not know it): every row, as before
    every = collect_stats(engine, now=NOW)
    assert [s["name"] for s in every["sources"]] == ["finews", "oldfeed", "site"]
    assert every["removed_sources"] == []


@pytest.mark.slow
@pytest.mark.db
def test_stats_cli_marks_sources_removed_from_the_config(db_url: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from bot.storage.db import make_engine

    eng = make_engine(db_url)
    _fill(eng)
    _removed_source(eng)
    eng.dispose()
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[database]\nurl = "{db_url}"\n'
        '[[sources]]\nname = "finews"\nkind = "feed"\nurl = "https://example.org/feed.xml"\n'
        '[[sources]]\nname = "site"\nkind = "jekyll-site"\nurl = "https://example.org"\n'
        'categories = ["x"]\n',
        encoding="utf-8",
    )
    base = [sys.executable, "-m", "bot", "stats", "--config", str(cfg)]
    text = subprocess.run(base, capture_output=True, text=True, timeout=120)
    assert text.returncode == 0, text.stderr
    assert [line for line in text.stdout.splitlines() if "oldfeed" in line] == [
        "  Removed from the config (not polled; history kept): oldfeed"
    ], text.stdout
    assert "HTTP 404" not in text.stdout
    out = subprocess.run([*base, "--json"], capture_output=True, text=True, timeout=120)
    data = json.loads(out.stdout)
    assert [s["name"] for s in data["sources"]] == ["finews", "site"]
    assert [s["name"] for s in data["removed_sources"]] == ["oldfeed"]


@pytest.mark.slow
def test_stats_on_a_database_it_cannot_open_does_not_ask_for_a_migration(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A database file it cannot open (here a directory in its place; a read-only
    volume and a full disk answer alike) was told to run `db upgrade`, which does not
    help; the hint is for a database without its tables."""
    (tmp_path / "finews.db").mkdir()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "stats", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"cannot read sqlite:///{tmp_path / 'finews.db'}: "
        "(sqlite3.OperationalError) unable to open database file"
    ]
