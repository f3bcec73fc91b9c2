"""Updates reaching a replica that does not send are answered by the one that does."""

from __future__ import annotations

import asyncio
import json
import threading

from sqlalchemy.engine import Engine
from telegram import Update

from bot.storage import updates
from bot.telegram.app import build_application
from bot.telegram.relay import UpdateRelay
from tests.fakes.botapi import FakeBotAPI
from tests.telegram.harness import make_settings


def test_an_update_is_kept_once_and_taken_by_one_taker(engine: Engine) -> None:
    assert updates.put(engine, 7, '{"update_id": 7}')
    assert not updates.put(engine, 7, '{"update_id": 7}')  # Telegram resent it
    assert updates.put(engine, 3, '{"update_id": 3}')
    assert updates.take(engine) == ['{"update_id": 3}', '{"update_id": 7}']  # oldest first
    assert updates.take(engine) == [] and updates.waiting(engine) == 0

    for uid in range(1, 301):
        updates.put(engine, uid, json.dumps({"update_id": uid}))
    got: list[list[str]] = [[], []]

    def taker(i: int) -> None:  # two senders for a moment (failover): each update once
        while batch := updates.take(engine, limit=20):
            got[i].extend(batch)

    threads = [threading.Thread(target=taker, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    ids = [json.loads(p)["update_id"] for p in got[0] + got[1]]
    assert sorted(ids) == list(range(1, 301))  # none lost, none twice


async def test_the_standby_relays_and_the_sender_answers(engine: Engine) -> None:
    with FakeBotAPI() as api:
        settings = make_settings(api)
        standby = UpdateRelay(engine, lambda: False)
        sender = UpdateRelay(engine, lambda: True)
        a = build_application(settings, engine, relay=standby)
        b = build_application(settings, engine, relay=sender)
        chat, user = api.private_chat(77), api.user(77)
        raw = {"update_id": 41, "message": api._message(chat, user, "/sub 600519")}
        stop = asyncio.Event()
        async with a, b:
            await b.start()
            await a.process_update(Update.de_json(raw, a.bot))  # the webhook handed it to A
            assert api.messages(77) == [] and updates.waiting(engine) == 1
            assert standby.relayed == 1
            intake = asyncio.create_task(sender.run(b, stop))
            try:
                reply = await api.wait_message(77, 1)
                await asyncio.sleep(0.5)  # (a second answer would show by now)
            finally:
                stop.set()
                await intake
                await b.stop()
        assert reply.text.startswith("已订阅 贵州茅台 600519.SH")
        assert len(api.messages(77)) == 1 and sender.taken == 1
        assert updates.waiting(engine) == 0
