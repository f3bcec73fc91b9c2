"""A chat's lifecycle (`bot.subscriptions.chats`): first contact, settings, leaving,
and group -> supergroup whichever edge saw the move first (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.delivery import outbox
from bot.delivery.store import OutboxStore
from bot.storage.models import Subscription
from bot.subscriptions import chats
from bot.subscriptions import service as svc
from bot.subscriptions.targets import Target
from tests.delivery.helpers import publish
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db

MOUTAI = Target("ticker", "600519.SH", "贵州茅台 600519.SH")
KW = Target("keyword", "新能源", "新能源")


def subs(engine: Engine, chat_id: int) -> list[tuple[int, str, str]]:
    with Session(engine) as s:
        rows = s.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        return sorted((r.thread_id, r.kind, r.value) for r in rows)


def test_upsert_chat_updates_and_settings(engine: Engine) -> None:
    chats.upsert_chat(engine, -5, "group", "旧名")
    chats.upsert_chat(engine, -5, "group", "新名")
    chats.update_chat(engine, -5, paused=True, lang="en", digest_mode="daily", digest_time="08:00")
    chat = chats.get_chat(engine, -5)
    assert chat is not None
    assert (chat.title, chat.paused, chat.lang, chat.digest_mode, chat.digest_time) == (
        "新名",
        True,
        "en",
        "daily",
        "08:00",
    )
    with engine.begin() as conn:
        chats.deactivate(conn, -5, "blocked")
    assert chats.get_chat(engine, -5).active is False  # type: ignore[union-attr]
    chats.upsert_chat(engine, -5, "group", "新名")  # the chat talks to us again
    assert chats.get_chat(engine, -5).active is True  # type: ignore[union-attr]
    assert chats.chat_lang(engine, 999) == "zh"


def _group(engine: Engine, chat_id: int) -> None:
    chats.upsert_chat(engine, chat_id, "group", "群")
    chats.update_chat(
        engine, chat_id, lang="en", quiet_start="23:00", quiet_end="07:00", updates="edit"
    )
    svc.add_subscriptions(engine, chat_id, [MOUTAI, KW])


def _migrate_as_delivery(engine: Engine, old: int, new: int) -> int:
    """What the outbox does when a send to the old id gets `migrate_to_chat_id`."""
    with engine.begin() as conn:
        n = chats.migrate(conn, old, new)
        outbox.move_rows(conn, old, new, sending=True)
    return n


def _migrate_as_update(engine: Engine, old: int, new: int) -> int:
    """What the handler does on the migrate_to/from_chat_id message."""
    return outbox.chat_migrated(engine, old, new)[0]


@pytest.mark.parametrize("move", [_migrate_as_update, _migrate_as_delivery])
def test_migration_moves_subscriptions_and_settings_once(engine: Engine, move) -> None:  # type: ignore[no-untyped-def]
    _group(engine, -7)
    assert move(engine, -7, -1007) == 2
    assert move(engine, -7, -1007) == 0  # second notice: nothing left to move
    assert subs(engine, -7) == []
    assert subs(engine, -1007) == [(0, "keyword", "新能源"), (0, "ticker", "600519.SH")]
    new, old = chats.get_chat(engine, -1007), chats.get_chat(engine, -7)
    assert new is not None and old is not None
    assert (new.kind, new.lang, new.quiet_start, new.updates, new.active) == (
        "supergroup",
        "en",
        "23:00",
        "edit",
        True,
    )
    assert old.active is False and chats.is_migrated(old.inactive_reason)
    chats.upsert_chat(engine, -7, "group")  # a late update from the old id does not revive it
    assert chats.get_chat(engine, -7).active is False  # type: ignore[union-attr]


def test_a_later_report_does_not_undo_the_supergroups_settings(engine: Engine) -> None:
    _group(engine, -8)
    _migrate_as_update(engine, -8, -1008)
    chats.update_chat(engine, -1008, lang="zh")  # set in the supergroup afterwards
    _migrate_as_delivery(engine, -8, -1008)  # a send to the old id reports the move again
    assert chats.get_chat(engine, -1008).lang == "zh"  # type: ignore[union-attr]


def test_the_supergroup_seen_first_gets_the_groups_settings_and_merged_subscriptions(
    engine: Engine,
) -> None:
    _group(engine, -9)
    chats.upsert_chat(engine, -1009, "supergroup", "群")  # its first message came first
    svc.add_subscriptions(engine, -1009, [MOUTAI])
    assert _migrate_as_update(engine, -9, -1009) == 1  # 新能源 moved, 茅台 was there
    assert subs(engine, -1009) == [(0, "keyword", "新能源"), (0, "ticker", "600519.SH")]
    assert chats.get_chat(engine, -1009).quiet_start == "23:00"  # type: ignore[union-attr]


def test_an_old_release_retired_chat_stays_retired(engine: Engine) -> None:
    chats.upsert_chat(engine, -6, "group")
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE chats SET active = :f, inactive_reason = 'migrated' WHERE id = -6"),
            {"f": False},
        )
    chats.upsert_chat(engine, -6, "group")
    assert chats.get_chat(engine, -6).active is False  # type: ignore[union-attr]


def test_ending_a_migrated_chat_keeps_it_retired(engine: Engine) -> None:
    """The old id is ended after its migration: the bot removed from the old group (a
    my_chat_member update), or the claim ending rows queued for a chat an older release
    retired ("migrated"). Its reason stays, so a late update cannot revive it and a
    repeated report does not carry the old settings over the supergroup's again."""
    _group(engine, -7)
    _migrate_as_update(engine, -7, -1007)
    outbox.chat_removed(engine, -7)
    add_chat(engine, -6, [("ticker", "BABA.US")], kind="group")
    publish(engine, "A1", tickers=("BABA.US",))
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE chats SET active = :f, inactive_reason = 'migrated' WHERE id = -6"),
            {"f": False},
        )
    assert OutboxStore(engine, "me").claim(10) == []  # -6's row ends
    assert chats.get_chat(engine, -7).inactive_reason == "migrated to -1007"  # type: ignore[union-attr]
    assert chats.get_chat(engine, -6).inactive_reason == "migrated"  # type: ignore[union-attr]
    chats.update_chat(engine, -1007, lang="zh")  # set in the supergroup afterwards
    _migrate_as_delivery(engine, -7, -1007)  # a send to the old id reports the move again
    assert chats.get_chat(engine, -1007).lang == "zh"  # type: ignore[union-attr]
    for old in (-7, -6):
        chats.upsert_chat(engine, old, "group")  # a late update from the old id
        assert chats.get_chat(engine, old).active is False  # type: ignore[union-attr]


def test_an_unrecorded_groups_migration_is_recorded(engine: Engine) -> None:
    """A group the bot never stored (it joined before this database) that becomes a
    supergroup: its old id is retired as migrated all the same, so the supergroup reads
    as an upgraded group (`migrated_from`), and a second report changes nothing."""
    assert outbox.chat_migrated(engine, -9, -1009) == (0, 0)
    assert chats.migrated_from(engine, -1009) == -9
    old = chats.get_chat(engine, -9)
    assert old is not None and old.active is False
    assert outbox.chat_migrated(engine, -9, -1009) == (0, 0)
    chats.upsert_chat(engine, -9, "group", "群")  # a late update from the old id: still retired
    assert chats.get_chat(engine, -9).active is False  # type: ignore[union-attr]
