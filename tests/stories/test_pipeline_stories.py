"""The group-into-stories stage of the pipeline, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.delivery.digest import claim_digest
from bot.delivery.store import OutboxStore
from bot.ops.retention import purge
from bot.parser import parse_file
from bot.pipeline import FEATURES, process
from bot.render import View
from bot.storage.db import make_engine, session_scope
from bot.storage.types import utcnow
from bot.subscriptions.chats import upsert_chat
from bot.subscriptions.latest import latest_for_chat, others_told
from bot.telegram.render import render_row
from tests.conftest import corpus_or_skip
from tests.fanout.helpers import add_chat
from tests.stories.helpers import flash

pytestmark = pytest.mark.db

ROOT = Path(__file__).resolve().parents[2]
A = flash("a", "南向资金净流入超20亿港元", "数据显示，截至目前，南向资金净流入超20亿港元。")
B = flash(
    "b", "南向资金净流入超30亿港元", "数据显示，截至目前，南向资金净流入超30亿港元。", minutes=12
)
C = flash("c", "南向资金净流入超30亿港元", "截至目前，南向资金净流入超30亿港元。", minutes=13)


def _store(engine: Engine, *articles, push: bool = True) -> None:  # type: ignore[no-untyped-def]
    for art in articles:
        with session_scope(engine) as s:
            process(s, art, source="test", push=push)


def _deliveries(engine: Engine) -> set[tuple[str, int]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT article_id, chat_id FROM deliveries"))
        return {(r.article_id, r.chat_id) for r in rows}


def test_stories_are_stored_and_a_restart_agrees(engine: Engine, db_url: str) -> None:
    _store(engine, A)
    other = make_engine(db_url)  # another process / a restart: nothing kept in memory
    FEATURES.clear()
    try:
        _store(other, B, C)
    finally:
        other.dispose()
    with engine.connect() as conn:
        ids = dict(conn.execute(sa.text("SELECT id, story_id FROM articles")).all())
        story = conn.execute(sa.text("SELECT * FROM stories")).mappings().one()
    assert ids == {"a": "a", "b": "a", "c": "a"}
    assert (story["articles"], story["repeats"], story["updates"]) == (3, 1, 1)
    assert story["latest_article_id"] == "b"
    assert set(
        story["values"] if isinstance(story["values"], list) else json.loads(story["values"])
    ) == {"20亿", "30亿"}


def test_one_push_per_chat_and_story(engine: Engine) -> None:
    add_chat(engine, 1, [("keyword", "南向资金")])
    add_chat(engine, 2, [("keyword", "南向资金")], updates="off")
    add_chat(engine, 3, [("keyword", "30亿港元")])  # new to the story at its update
    _store(engine, A, B, C)
    assert _deliveries(engine) == {("a", 1), ("a", 2), ("b", 1), ("b", 3)}


def test_an_older_report_arriving_late_is_no_update(engine: Engine) -> None:
    """A report published between the story's first push and its update, stored after
    both (a gap filled late): its figure is new to the story, but a chat that has the
    later update gets nothing (as an edit it would put 25亿 over 30亿); a chat new to the
    story gets it as its first report."""
    add_chat(engine, 1, [("keyword", "南向资金")], updates="edit")
    _store(engine, A, B)
    add_chat(engine, 4, [("keyword", "南向资金")])  # subscribed after the story's pushes
    late = flash("d", "南向资金净流入超25亿港元", "截至目前，南向资金净流入超25亿港元。", minutes=5)
    _store(engine, late)
    with engine.connect() as conn:
        story = conn.execute(sa.text("SELECT story_id FROM articles WHERE id = 'd'")).scalar()
    assert story == "a"
    assert _deliveries(engine) == {("a", 1), ("b", 1), ("d", 4)}


def test_an_edited_article_keeps_its_story(engine: Engine) -> None:
    _store(engine, A, B)
    edited = flash("b", B.title, B.paragraphs[0] + "（更正）", minutes=12)
    _store(engine, edited)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT story_id FROM articles WHERE id = 'b'")).scalar() == "a"
        assert conn.execute(sa.text("SELECT articles FROM stories")).scalar() == 2


def test_the_bot_groups_the_corpus_as_the_command_does(sqlite_engine: Engine) -> None:
    """`finews-bot stories` (in-memory index) and the pipeline (database index) agree."""
    files = sorted((corpus_or_skip() / "posts").glob("*.md"))
    out = subprocess.run(
        [sys.executable, "-m", "bot", "stories", *map(str, files), "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=300,
    )
    clusters = json.loads(out.stdout)["clusters"]
    assert sorted(f for c in clusters for f in c) == sorted(map(str, files))
    articles = sorted((parse_file(f) for f in files), key=lambda a: a.published_at)
    _store(sqlite_engine, *articles, push=False)
    with sqlite_engine.connect() as conn:
        story = dict(conn.execute(sa.text("SELECT id, story_id FROM articles")).all())
    by_id = {str(f): parse_file(f).id for f in files}
    cli = sorted(sorted(by_id[f] for f in c) for c in clusters)
    db: dict[str, list[str]] = {}
    for aid, sid in story.items():
        db.setdefault(sid, []).append(aid)
    assert cli == sorted(sorted(v) for v in db.values())
    assert any(len(c) > 1 for c in cli)


def test_a_digest_lists_a_story_once_with_its_latest_figures(engine: Engine) -> None:
    add_chat(engine, 5, [("keyword", "南向资金")], digest_mode="daily", digest_time="08:00")
    _store(engine, A, B, C)
    with engine.connect() as conn:
        held = conn.execute(sa.text("SELECT count(*) FROM deliveries WHERE status = 'held'"))
        assert held.scalar() == 2  # the first and the update; the repeat never queued
    (unit,) = claim_digest(OutboxStore(engine, "w1"), 5)
    assert len(unit.ids) == 2
    assert "30亿港元" in unit.html and "20亿港元" not in unit.html
    assert "另有2家媒体报道" in unit.html  # the first report and the repeat, as /latest says


def test_latest_shows_a_story_once_and_how_often_it_was_told(engine: Engine) -> None:
    add_chat(engine, 6, [("keyword", "南向资金")])
    _store(engine, A, B, C, push=False)
    rows = latest_for_chat(engine, 6)
    assert [r.id for r in rows] == ["c"]
    others = others_told(engine, rows)
    assert others == {"c": 2}
    html = render_row(rows[0], View(others=others["c"])).html
    assert "另有2家媒体报道" in html


def test_retention_drops_story_keys_past_the_window(engine: Engine) -> None:
    _store(engine, A, B)
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM story_keys")).scalar() > 0
    result = purge(engine, 30, now=A.published_at + timedelta(days=3))
    assert result["story_keys"] == 0  # a late post published near A may still be pushed
    later = A.published_at + timedelta(days=5)
    assert purge(engine, 30, now=later, max_age_hours=0)["story_keys"] == 0  # no age limit
    result = purge(engine, 30, now=later)
    assert result["story_keys"] > 0 and result["articles"] == 0
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM story_keys")).scalar() == 0
        assert conn.execute(sa.text("SELECT count(*) FROM stories")).scalar() == 1
    result = purge(engine, 30, now=utcnow() + timedelta(days=40))  # stored 40 days ago
    assert result["articles"] == 2 and result["stories"] == 1


def test_a_chat_whose_earlier_push_failed_gets_the_story_again(engine: Engine) -> None:
    """A failed push is no push: the chat blocked the bot when the story broke (its row
    failed) and came back; the next outlet's report is its first, repeat or not."""
    add_chat(engine, 1, [("keyword", "南向资金")])
    add_chat(engine, 2, [("keyword", "南向资金")], updates="off")
    _store(engine, A)
    for chat_id in (1, 2):
        with engine.begin() as conn:
            outbox.end_chat(conn, chat_id, "Forbidden: bot was blocked by the user")
        upsert_chat(engine, chat_id, "private")  # they talk to the bot again
    again = flash("a2", A.title, "截至目前，南向资金净流入超20亿港元。", minutes=5)
    _store(engine, again, B)  # a repeat of the first report, then an update
    assert _deliveries(engine) == {("a", 1), ("a", 2), ("a2", 1), ("a2", 2), ("b", 1)}


def test_a_late_report_still_finds_its_story_after_retention(engine: Engine) -> None:
    """A post surfacing late is still pushed up to `max_article_age_hours` (72) after it
    was published: retention keeps the keys it needs to find the story it repeats."""
    add_chat(engine, 1, [("keyword", "南向资金")])
    _store(engine, A)
    purge(engine, 30, now=A.published_at + timedelta(hours=60))
    late = flash("a2", A.title, "截至目前，南向资金净流入超20亿港元。", minutes=60)
    _store(engine, late)  # published 59 hours before it arrives: pushed, unless a repeat
    assert _deliveries(engine) == {("a", 1)}


def test_the_stories_command_reads_the_candidates_the_bot_reads(engine: Engine) -> None:
    """`finews-bot stories` (and score_stories, which runs it) groups with an in-memory index;
    it must see the candidates the running bot reads from the database: per key only the
    PER_KEY latest of the window, then the most shared first, ties by id. Thirty reports of
    one phrase: both keep the same eight."""
    from bot.pipeline import _lead_only
    from bot.storage.stories import candidate_rows
    from bot.stories import CANDIDATES, PER_KEY, WINDOW, MemoryIndex, features_of, keys_of

    same = "数据显示，截至目前，南向资金今日净流入超20亿港元。"
    olds = [flash(f"r{29 - i:02d}", "南向资金净流入超20亿港元", same, minutes=i) for i in range(30)]
    new = flash("new", "南向资金净流入超20亿港元", same, minutes=40)
    _store(engine, *olds, push=False)
    index = MemoryIndex()
    for art in olds:
        index.group(features_of(art))
    feats = features_of(_lead_only(new))
    keys = keys_of(feats)
    lo, hi = feats.published_at - WINDOW, feats.published_at + WINDOW
    with session_scope(engine) as s:
        rows = candidate_rows(s, keys, lo, hi, limit=CANDIDATES, per_key=PER_KEY)
        bot_ids = [r.id for r in rows]
    memory_ids = [k.features.article_id for k in index.candidates(feats, keys)]
    assert len(bot_ids) == CANDIDATES
    assert memory_ids == bot_ids


def test_a_failing_story_lookup_still_stores_and_pushes(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Grouping is best effort: a database error in it (a PostgreSQL statement_timeout,
    a row it cannot read) leaves the article stored without a story and pushed. On
    PostgreSQL the failed statement aborts the transaction, so it needs its own savepoint."""
    import bot.pipeline

    def broken(session, story_ids):  # type: ignore[no-untyped-def]
        session.execute(sa.text("SELECT * FROM no_such_table"))

    add_chat(engine, 1, [("keyword", "南向资金")])
    _store(engine, A)
    monkeypatch.setattr(bot.pipeline, "story_values", broken)
    _store(engine, B)
    with engine.connect() as conn:
        ids = dict(conn.execute(sa.text("SELECT id, story_id FROM articles")).all())
    assert ids == {"a": "a", "b": None}
    assert _deliveries(engine) == {("a", 1), ("b", 1)}
