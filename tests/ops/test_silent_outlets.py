"""Outlets that subscribers follow but that stopped publishing (renamed to a new slug,
most often) are told to the operator: one WARNING a day, and a /metrics gauge."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ops.metrics import make_registry
from bot.ops.silent import JOB_ID, check_silent, find_silent, schedule
from bot.ops.stats import collect_stats
from bot.ops.stats_text import format_stats
from bot.storage.db import make_engine, session_scope
from bot.storage.models import ArticleRow, Chat, Outlet, Subscription

NOW = datetime.now(UTC).replace(microsecond=0)


def _post(aid: str, slug: str, days: float) -> ArticleRow:
    when = NOW - timedelta(days=days)
    return ArticleRow(
        id=aid,
        title=aid,
        published_at=when,
        fetched_at=when,
        category=slug,
        category_name=slug,
        source="s",
        content_hash=aid,
    )


def _fill(engine: Engine) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.add(Chat(id=2, kind="group"))
        s.add(Chat(id=3, kind="private", active=False, inactive_reason="blocked"))
        s.add(
            Outlet(
                slug="meirijingjixinwen",
                name="每日经济新闻",
                articles=5,
                last_seen=NOW - timedelta(days=20),
            )
        )
        s.add(Outlet(slug="emnews", name="东财滚动新闻", articles=9, last_seen=NOW))
        s.add(
            Outlet(slug="purged", name="久无文章", articles=1, last_seen=NOW - timedelta(days=200))
        )
        s.add(
            Outlet(slug="orphan", name="无人订阅", articles=1, last_seen=NOW - timedelta(days=40))
        )
        s.add(
            Outlet(slug="blocked", name="停用会话", articles=1, last_seen=NOW - timedelta(days=40))
        )
        s.add(_post("A1", "meirijingjixinwen", 20))
        s.add(_post("A2", "meirijingjixinwen", 25))
        s.add(_post("B1", "emnews", 1))
        s.add(_post("C1", "orphan", 40))
        s.flush()
        old = NOW - timedelta(days=30)
        for chat, slug, created in [
            (1, "meirijingjixinwen", old),  # silent for 20 days: told
            (2, "meirijingjixinwen", old),
            (1, "emnews", old),  # a post yesterday: not told
            (2, "purged", old),  # its posts purged, the outlet last seen 200 days ago
            (2, "neverposted", old),  # a route's slug with no post since it was made
            (1, "justadded", NOW - timedelta(days=1)),  # no post yet, but only a day old
            (3, "blocked", old),  # the only subscriber blocked the bot: nobody to tell
        ]:
            s.add(
                Subscription(
                    chat_id=chat, kind="category", value=slug, display=slug, created_at=created
                )
            )
        s.add(Subscription(chat_id=1, kind="keyword", value="茅台", display="茅台", created_at=old))


def test_followed_outlets_without_a_post_for_days_are_found(engine: Engine) -> None:
    _fill(engine)
    found = {o.slug: o for o in find_silent(engine, 14, now=NOW)}
    assert sorted(found) == ["meirijingjixinwen", "neverposted", "purged"]
    mrj = found["meirijingjixinwen"]
    assert (mrj.name, mrj.chats, mrj.last_post) == ("每日经济新闻", 2, NOW - timedelta(days=20))
    assert found["purged"].last_post == NOW - timedelta(days=200)
    assert found["neverposted"].last_post is None
    assert [o.slug for o in find_silent(engine, 21, now=NOW)] == ["neverposted", "purged"]


def test_the_daily_check_logs_one_line_naming_them(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    _fill(engine)
    caplog.set_level(logging.INFO)
    check_silent(Settings(), engine, now=NOW)
    lines = [r for r in caplog.records if r.name == "bot.ops.silent"]
    assert len(lines) == 1 and lines[0].levelno == logging.WARNING
    text = lines[0].getMessage()
    assert "no post for 14 days" in text and "finews-bot outlets rename OLD NEW" in text
    assert "meirijingjixinwen (每日经济新闻, 2 chats, last post " in text
    assert "neverposted (1 chat, no post seen)" in text
    for quiet in ("emnews", "orphan", "justadded", "blocked"):
        assert quiet not in text


def test_nothing_silent_logs_no_warning(engine: Engine, caplog: pytest.LogCaptureFixture) -> None:
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.add(Outlet(slug="emnews", name="东财滚动新闻", articles=1, last_seen=NOW))
        s.add(_post("B1", "emnews", 1))
        s.flush()
        s.add(
            Subscription(
                chat_id=1, kind="category", value="emnews", created_at=NOW - timedelta(days=30)
            )
        )
    check_silent(Settings(), engine, now=NOW)
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_the_check_runs_daily_not_per_poll(sqlite_engine: Engine) -> None:
    sched = BackgroundScheduler(timezone=UTC)
    job = schedule(sched, Settings(), sqlite_engine)
    assert job is not None and job.id == JOB_ID
    assert job.trigger.interval == timedelta(days=1)
    off = Settings.model_validate({"outlets": {"silent_days": 0}})
    assert schedule(BackgroundScheduler(timezone=UTC), off, sqlite_engine) is None


def test_metrics_count_the_silent_outlets_of_the_last_check(engine: Engine) -> None:
    """Read from the daily check's result: a scrape does not read the articles."""
    _fill(engine)
    registry = make_registry(engine)
    assert registry.get_sample_value("finews_outlets_silent") == 0  # not checked yet
    check_silent(Settings(), engine, now=NOW)
    assert registry.get_sample_value("finews_outlets_silent") == 3
    with session_scope(engine) as s:
        s.add(_post("A3", "meirijingjixinwen", 0))
    check_silent(Settings(), engine, now=NOW)
    assert registry.get_sample_value("finews_outlets_silent") == 2


def _warned(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.name == "bot.ops.silent" and r.levelno >= logging.WARNING
    ]


def test_an_outlet_is_warned_about_once_per_silence(
    engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The WARNING came every day until the outlet posted again (a monthly outlet: half
    of each month), and an operator learns to skip a line that repeats itself. Once per
    silence: the next days say it at INFO; a post ends the silence, a new one is told."""
    _fill(engine)
    caplog.set_level(logging.INFO)
    check_silent(Settings(), engine, now=NOW)
    assert len(_warned(caplog)) == 1
    caplog.clear()
    check_silent(Settings(), engine, now=NOW + timedelta(days=1))
    assert _warned(caplog) == []
    info = [r.getMessage() for r in caplog.records if r.name == "bot.ops.silent"]
    assert info == [
        "silent outlets: still no post (warned before; `finews-bot stats` lists them): "
        "meirijingjixinwen, neverposted, purged"
    ]
    with session_scope(engine) as s:  # it posts; then nothing for 15 days
        s.add(_post("A3", "meirijingjixinwen", 0))
    check_silent(Settings(), engine, now=NOW + timedelta(days=1))
    assert _warned(caplog) == []
    caplog.clear()
    check_silent(Settings(), engine, now=NOW + timedelta(days=15))
    (again,) = _warned(caplog)  # and emnews, justadded, silent for 14 days by then
    assert "meirijingjixinwen (每日经济新闻, 2 chats, last post " in again
    assert "purged" not in again and "neverposted" not in again


def test_stats_list_the_silent_outlets(engine: Engine) -> None:
    """`finews-bot stats` and /stats did not show them: only a log line once a day."""
    _fill(engine)
    data = collect_stats(engine, now=NOW, silent_days=14)
    assert [o["slug"] for o in data["silent_outlets"]] == [
        "meirijingjixinwen",
        "neverposted",
        "purged",
    ]
    assert data["silent_outlets"][0] == {
        "slug": "meirijingjixinwen",
        "name": "每日经济新闻",
        "chats": 2,
        "last_post": (NOW - timedelta(days=20)).isoformat(),
    }
    text = format_stats(data)
    assert "Silent outlets (followed, no post for 14 days;" in text
    day = f"{NOW - timedelta(days=20):%Y-%m-%d}"
    assert f"  meirijingjixinwen (每日经济新闻): 2 chat(s), last post {day}" in text
    assert "  neverposted: 1 chat(s), last post never seen" in text
    zh = format_stats(data, "zh")
    assert f"  meirijingjixinwen (每日经济新闻)：2 个会话订阅，最近一篇 {day}" in zh
    off = collect_stats(engine, now=NOW)  # the /metrics scrape: no articles read for it
    assert off["silent_outlets"] == [] and "Silent outlets" not in format_stats(off)


@pytest.mark.slow
def test_the_stats_command_shows_silent_outlets(db_url: str, tmp_path: Path) -> None:
    eng = make_engine(db_url)
    _fill(eng)
    eng.dispose()
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n[outlets]\nsilent_days = 21\n')
    base = [sys.executable, "-m", "bot", "stats", "--config", str(cfg)]
    text = subprocess.run(base, capture_output=True, text=True, timeout=120)
    assert text.returncode == 0, text.stderr
    assert "Silent outlets (followed, no post for 21 days;" in text.stdout
    assert "  purged (久无文章): 1 chat(s)" in text.stdout
    assert "meirijingjixinwen" not in text.stdout  # 20 days
    out = subprocess.run([*base, "--json"], capture_output=True, text=True, timeout=120)
    silent = json.loads(out.stdout)["silent_outlets"]
    assert [o["slug"] for o in silent] == ["neverposted", "purged"]
