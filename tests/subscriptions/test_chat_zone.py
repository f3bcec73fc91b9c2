"""A new chat starts in the operator's zone ([delivery] timezone); /timezone then owns it."""

from __future__ import annotations

import pytest

from bot.subscriptions import service as svc

pytestmark = pytest.mark.db


def test_new_chat_takes_the_configured_zone_and_keeps_its_own(engine):
    chat = svc.upsert_chat(engine, 7, "private", default_tz="Asia/Tokyo")
    assert chat.timezone == "Asia/Tokyo"
    assert svc.upsert_chat(engine, 8, "group", "群").timezone == "Asia/Shanghai"
    svc.update_chat(engine, 7, timezone="Europe/London")
    # later contact, under another operator default, does not overwrite the chat's choice
    assert (
        svc.upsert_chat(engine, 7, "private", default_tz="Asia/Tokyo").timezone == "Europe/London"
    )
