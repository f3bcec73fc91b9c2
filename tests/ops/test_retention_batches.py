"""The retention steps that ran as one statement each (expiring pending deliveries, the
seen items of recent-only sources, old stories) now go in batches, each its own
transaction, with the shutdown's stop checked between: a SIGTERM no longer waits for
one long statement, what a stop leaves is consistent, and the next run finishes it.
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.ops.retention import purge, purge_all, purge_seen
from bot.storage.db import session_scope
from bot.storage.models import ArticleRow, Chat, Delivery, SourceItem, SourceState, Story

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=100)


def _article(aid: str, when: datetime = OLD, story: str | None = None) -> ArticleRow:
    return ArticleRow(
        id=aid,
        title=aid,
        published_at=when,
        fetched_at=when,
        category="emnews",
        category_name="东财滚动新闻",
        source="s",
        content_hash=aid,
        story_id=story,
    )


def _rows(engine: Engine, sql: str) -> list[tuple]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(sa.text(sql)))


def _count(engine: Engine, sql: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar_one())


@pytest.mark.db
def test_expiring_old_pending_deliveries_stops_between_batches(engine: Engine) -> None:
    """Pending rows of a chat paused for months expired in one UPDATE, however many: a
    shutdown waited for it. Stopped after its first batch, the purge ends there: that
    batch expired (whole rows: failed, 'expired'), the others still pending, no article
    deleted under them; the next run expires the rest and purges their articles."""
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private", paused=True))
        for i in range(5):
            s.add(_article(f"P{i}"))
        s.add(_article("S"))
        s.flush()
        for i in range(5):
            status = "held" if i % 2 else "queued"
            s.add(Delivery(article_id=f"P{i}", chat_id=1, status=status, created_at=OLD))
        s.add(Delivery(article_id="S", chat_id=1, status="sending", created_at=OLD))

    expired = "SELECT count(*) FROM deliveries WHERE status = 'failed' AND error = 'expired'"
    result = purge(engine, 90, now=NOW, batch=2, stop=lambda: _count(engine, expired) > 0)
    assert result.get("stopped") is True, result
    assert result["expired"] == 2 and result["articles"] == 0
    statuses = _rows(engine, "SELECT status, error FROM deliveries")
    assert statuses.count(("failed", "expired")) == 2, statuses
    assert len([r for r in statuses if r[0] in ("queued", "held")]) == 3, statuses
    assert ("sending", None) in statuses  # a worker's row is its own
    assert _count(engine, "SELECT count(*) FROM articles") == 6

    finished = purge(engine, 90, now=NOW, batch=2)
    assert "stopped" not in finished and finished["expired"] == 3
    assert finished["articles"] == 5  # every P article: its row ended, it went with it
    assert _rows(engine, "SELECT article_id, status FROM deliveries") == [("S", "sending")]


@pytest.mark.db
def test_purging_seen_items_stops_between_batches(engine: Engine) -> None:
    """A feed's old seen items went in one DELETE. Stopped after a batch: that batch
    gone, the rest (and every row of a listing that names every post) still there;
    the next run drops the rest."""
    with session_scope(engine) as s:
        s.add(SourceState(name="f", kind="feed", cursor={}))
        s.add(SourceState(name="d", kind="jekyll-dir", cursor={}))
        for i in range(5):
            s.add(SourceItem(source="f", key=f"f-old{i}", digest="x", seen_at=OLD))
        s.add(SourceItem(source="f", key="f-new", digest="x", seen_at=NOW))
        s.add(SourceItem(source="d", key="d-old", digest="x", seen_at=OLD))
    items = "SELECT count(*) FROM source_items"
    cutoff = NOW - timedelta(days=90)
    assert purge_seen(engine, cutoff, batch=2, stop=lambda: _count(engine, items) < 7) == 2
    keys = [k for (k,) in _rows(engine, "SELECT key FROM source_items")]
    assert len(keys) == 5 and {"f-new", "d-old"} <= set(keys), keys
    assert purge_seen(engine, cutoff, batch=2) == 3
    assert _rows(engine, "SELECT key FROM source_items") == [("d-old",), ("f-new",)]


@pytest.mark.db
def test_purge_all_reports_a_stop_during_the_seen_items(engine: Engine) -> None:
    """The scheduled job's second step stops too, and says so (the INFO line)."""
    now = datetime.now(UTC)
    with session_scope(engine) as s:
        s.add(SourceState(name="f", kind="feed", cursor={}))
        for i in range(3):
            s.add(SourceItem(source="f", key=f"k{i}", digest="x", seen_at=now - timedelta(400)))
    items = "SELECT count(*) FROM source_items"
    result = purge_all(engine, 90, 72, stop=lambda: _count(engine, items) < 3, batch=1)
    assert result["stopped"] is True and result["source_items"] == 1
    assert _count(engine, items) == 2
    assert purge_all(engine, 90, 72, batch=1)["source_items"] == 2


@pytest.mark.db
def test_deleting_old_stories_stops_between_batches(engine: Engine) -> None:
    """Old stories went in one DELETE. Stopped after a batch: that batch gone, no article
    left pointing at a deleted story, the story of a kept article (a pending delivery)
    kept; the next run deletes the rest."""
    with session_scope(engine) as s:
        for i in range(5):
            s.add(Story(id=f"T{i}", latest_article_id=f"T{i}", published_at=OLD, updated_at=OLD))
        s.add(Story(id="KEPT", latest_article_id="K", published_at=OLD, updated_at=OLD))
        s.add(_article("K", story="KEPT"))
        s.add(Chat(id=1, kind="private"))
        s.flush()
        s.add(Delivery(article_id="K", chat_id=1, status="queued", created_at=NOW))
    stories = "SELECT count(*) FROM stories"
    result = purge(engine, 90, now=NOW, batch=2, stop=lambda: _count(engine, stories) < 6)
    assert result.get("stopped") is True and result["stories"] == 2, result
    assert _count(engine, stories) == 4
    orphans = (
        "SELECT count(*) FROM articles a WHERE a.story_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)"
    )
    assert _count(engine, orphans) == 0
    finished = purge(engine, 90, now=NOW, batch=2)
    assert "stopped" not in finished and finished["stories"] == 3
    assert _rows(engine, "SELECT id FROM stories") == [("KEPT",)]
    assert finished["kept_pending"] == 1
