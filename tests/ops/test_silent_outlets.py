"""Outlets that subscribers follow but that stopped publishing (renamed to a new slug,
most often) are told to the operator: one WARNING a day, and a /metrics gauge."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ops.metrics import make_registry
from bot.ops.silent import JOB_ID, check_silent, find_silent, schedule
from bot.storage.db import session_scope
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
