"""A new chat starts in the operator's zone ([delivery] timezone); /timezone then owns it."""

from __future__ import annotations

import pytest

from bot.subscriptions import chats

pytestmark = pytest.mark.db


def test_new_chat_takes_the_configured_zone_and_keeps_its_own(engine):
    chat = chats.upsert_chat(engine, 7, "private", default_tz="Asia/Tokyo")
    assert chat.timezone == "Asia/Tokyo"
    assert chats.upsert_chat(engine, 8, "group", "群").timezone == "Asia/Shanghai"
    chats.update_chat(engine, 7, timezone="Europe/London")
    # later contact, under another operator default, does not overwrite the chat's choice
    assert (
        chats.upsert_chat(engine, 7, "private", default_tz="Asia/Tokyo").timezone == "Europe/London"
    )
