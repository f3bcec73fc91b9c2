"""`finews-bot outlets rename OLD NEW`: an outlet renamed to a new pinyin slug keeps its
subscribers, moved by the operator (posts carry no outlet id: nothing links the two)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.db import session_scope
from bot.storage.models import Chat, Outlet, Subscription
from bot.subscriptions.outlets import rename_outlet

OLD, NEW = "meirijingjixinwen", "meijingwang"
ROOT = Path(__file__).resolve().parents[2]


def _fill(engine: Engine) -> None:
    with session_scope(engine) as s:
        for cid in (1, 2, 3, 4, 5):
            s.add(Chat(id=cid, kind="private" if cid < 4 else "supergroup"))
        s.add(Outlet(slug=OLD, name="每日经济新闻", articles=3))
        s.add(Outlet(slug=NEW, name="每经网", articles=1))
        s.flush()
        for chat, thread, kind, value, config in [
            (1, 0, "category", OLD, False),  # moved
            (2, 0, "category", OLD, False),  # the chat follows NEW already: merged
            (2, 0, "category", NEW, False),
            (3, 0, "category", NEW, False),  # untouched
            (4, 7, "category", OLD, False),  # a forum topic's: moved, in its topic
            (4, 0, "exclude", "传闻", False),  # exclusions are keywords: untouched
            (5, 0, "category", OLD, True),  # a [[channels]] route: the config's to change
            (1, 0, "keyword", OLD, False),  # a keyword that reads like the slug: untouched
        ]:
            s.add(
                Subscription(
                    chat_id=chat, thread_id=thread, kind=kind, value=value,
                    display="每日经济新闻" if value == OLD else value, from_config=config,
                )
            )  # fmt: skip


def _subs(engine: Engine) -> list[tuple[int, int, str, str, str | None]]:
    t = Subscription.__table__.c
    with engine.connect() as conn:
        rows = conn.execute(
            sa.select(t.chat_id, t.thread_id, t.kind, t.value, t.display).order_by(
                t.chat_id, t.thread_id, t.kind, t.value
            )
        ).all()
    return [tuple(r) for r in rows]  # type: ignore[misc]


def test_rename_moves_and_merges_subscriptions(engine: Engine) -> None:
    _fill(engine)
    result = rename_outlet(engine, OLD, NEW)
    assert (result.moved, result.merged) == ([(1, 0), (4, 7)], [(2, 0)])
    assert result.managed == [5]
    assert _subs(engine) == [
        (1, 0, "category", NEW, "每经网"),
        (1, 0, "keyword", OLD, "每日经济新闻"),
        (2, 0, "category", NEW, NEW),
        (3, 0, "category", NEW, NEW),
        (4, 0, "exclude", "传闻", "传闻"),
        (4, 7, "category", NEW, "每经网"),
        (5, 0, "category", OLD, "每日经济新闻"),
    ]
    again = rename_outlet(engine, OLD, NEW)  # idempotent
    assert (again.moved, again.merged, again.managed) == ([], [], [5])


def test_cli_prints_what_it_moved(engine: Engine, db_url: str, tmp_path: Path) -> None:
    """`finews-bot outlets rename` as a real subprocess (it sets up the process' logging)."""
    _fill(engine)
    cfg = tmp_path / "finews.toml"
    cfg.write_text(f'[database]\nurl = "{db_url}"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}

    def rename(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "bot", "outlets", "rename", *args, "--config", str(cfg)]
        return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    res = rename(OLD, NEW)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert f"{OLD} -> {NEW} (每经网): 2 subscriptions moved, 1 merged" in out
    assert "moved: chat 1, chat 4 topic 7" in out and "merged: chat 2 (already followed" in out
    assert "chat 5: a [[channels]] route names meirijingjixinwen" in out
    again = rename(OLD, NEW)
    assert again.returncode == 0 and "0 subscriptions moved, 0 merged" in again.stdout
    bad = rename(OLD, "每经网")
    assert bad.returncode == 2 and "is not an outlet slug" in bad.stderr
    assert rename(OLD, OLD).returncode == 2
