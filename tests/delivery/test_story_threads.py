"""A story's later reports through the real PTB client and the fake Bot API: a repeat is
not pushed, an update replies silently to the chat's own earlier push (per chat and
forum topic) or edits it, across a restart of the worker and the pipeline."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.delivery.worker import DeliveryWorker
from bot.pipeline import FEATURES, process
from bot.storage.db import make_engine, session_scope
from tests.delivery.helpers import make_bot, running, settings, statuses, until
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat
from tests.stories.helpers import flash

pytestmark = pytest.mark.db

FIRST = flash("s1", "南向资金净流入超20亿港元", "数据显示，截至目前，南向资金净流入超20亿港元。")
UPDATE = flash(
    "s2", "南向资金净流入超30亿港元", "数据显示，截至目前，南向资金净流入超30亿港元。", minutes=12
)
REPEAT = flash("s3", "南向资金净流入超30亿港元", "截至目前，南向资金净流入超30亿港元。", minutes=13)
OTHER = flash(
    "x1",
    "南向资金连续第5日净买入腾讯控股",
    "南向资金连续第5日净买入腾讯控股，合计约12.6亿港元。",
    minutes=14,
)


def _publish(engine: Engine, *articles) -> None:  # type: ignore[no-untyped-def]
    for art in articles:
        with session_scope(engine) as s:
            process(s, art, source="test", push=True)


async def _drain(engine: Engine, api: FakeBotAPI, sent: int) -> None:
    w = DeliveryWorker(settings(private_per_second=20, group_per_minute=600), engine, make_bot(api))
    async with running(w):
        await until(lambda: statuses(engine).get("sent", 0) == sent)


async def test_updates_thread_under_each_chats_push(engine: Engine, db_url: str) -> None:
    add_chat(engine, 1, [("keyword", "南向资金")])
    add_chat(engine, -100, [("keyword", "南向资金")], kind="supergroup", thread_id=9)
    add_chat(engine, -100, [("keyword", "南向")], kind="supergroup", thread_id=11)
    add_chat(engine, 2, [("keyword", "南向资金")], updates="edit", timezone="Asia/Tokyo")
    add_chat(engine, 3, [("keyword", "南向资金")], updates="edit")  # deletes the first push
    with FakeBotAPI() as api:
        _publish(engine, FIRST)
        await _drain(engine, api, 5)
        first = {(m.chat_id, m.thread_id): m.message_id for m in api.sent}
        api._m_deleteMessage({"chat_id": 3, "message_id": first[(3, None)]})
        # a restart: a fresh engine and worker, nothing carried over in memory
        again = make_engine(db_url)
        FEATURES.clear()
        try:
            _publish(again, UPDATE, REPEAT, OTHER)
            await _drain(again, api, 5 + 5 + 5)
        finally:
            again.dispose()
        for chat, thread in ((1, None), (-100, 9), (-100, 11)):
            mine = [m for m in api.messages(chat) if m.thread_id == thread]
            assert len(mine) == 3  # first, update, the other story; never the repeat
            assert "20亿港元" in mine[0].text and mine[0].reply_to is None
            assert "30亿港元" in mine[1].text
            assert mine[1].reply_to == first[(chat, thread)] and mine[1].silent
            assert mine[2].reply_to is None and not mine[2].silent and "腾讯" in mine[2].text
        edited = api.messages(2)
        assert len(edited) == 2  # the first push, edited in place, and the other story
        assert "30亿港元" in edited[0].text and "更新于" in edited[0].text
        assert edited[0].edits and "20亿港元" in edited[0].edits[0]["text"]
        assert not any("更新于" in m.text for m in api.sent if m.chat_id not in (2, 3))
        gone = api.messages(3)  # the message to edit is gone: the update comes as a new one
        assert len(gone) == 2 and "30亿港元" in gone[0].text and not gone[0].edits


async def test_an_update_never_edits_a_digest_away(engine: Engine) -> None:
    """The story's first report went out in a digest (held by /pause, sent after /resume)
    beside other news: an `/updates edit` chat's update replies to the digest rather
    than overwrite it, which would take the other news out of the chat."""
    add_chat(engine, 2, [("keyword", "南向资金")], updates="edit")
    with FakeBotAPI() as api:
        _publish(engine, FIRST, OTHER)
        outbox.pause(engine, 2)
        outbox.resume(engine, 2)  # the held rows go out as one digest
        await _drain(engine, api, 2)
        (digest,) = api.messages(2)
        _publish(engine, UPDATE)
        await _drain(engine, api, 3)
        assert "腾讯" in api.messages(2)[0].text, "the digest was edited into the update"
        digest, update = api.messages(2)
        assert "20亿港元" in digest.text and not digest.edits
        assert "30亿港元" in update.text and update.reply_to == digest.message_id
