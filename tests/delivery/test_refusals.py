"""What Telegram's refusals end, and what they must not (real worker, fake Bot API)."""

from __future__ import annotations

import asyncio
import socket

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from telegram import Bot

from bot.delivery.sender import delivery_request
from bot.delivery.worker import DeliveryWorker
from bot.storage.db import session_scope
from bot.storage.models import Chat
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fakes.botapi import TOKEN, FakeBotAPI
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db


@pytest.mark.parametrize(
    "blip",
    [{"kind": "server_error", "status": 502}, {"kind": "retry_after", "retry_after": 1}],
    ids=["502", "429"],
)
async def test_a_failed_check_of_chat_not_found_does_not_end_the_chat(
    engine: Engine, blip: dict
) -> None:
    """A send answered "chat not found" is checked with getChat before the chat is ended
    (Telegram says it in blips too). When that getChat itself fails for a moment (5xx,
    429), nothing is proven: the chat stays, the message is retried and arrives, once."""
    add_chat(engine, -1005, [("ticker", "BABA.US")], kind="channel")
    publish(engine, "A1", tickers=("BABA.US",))
    with FakeBotAPI() as api:
        api.channel(-1005, "频道")
        api.fail(-1005, times=1, method="getChat", **blip)  # the check meets a blip
        api.fail(-1005, "not_found", times=1)  # the send too
        w = DeliveryWorker(settings(group_per_minute=600), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) in ({"sent": 1}, {"failed": 1}))
        assert len(api.texts(-1005)) == statuses(engine).get("sent", 0)
    with session_scope(engine) as s:
        chat = s.get(Chat, -1005)
        assert chat is not None and chat.active, chat and chat.inactive_reason
    assert statuses(engine) == {"sent": 1}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _row(engine: Engine) -> tuple[str, int]:
    with engine.connect() as conn:
        return tuple(conn.execute(sa.text("SELECT status, attempts FROM deliveries")).one())


async def test_a_push_outlives_an_outage_longer_than_its_attempts(engine: Engine) -> None:
    """Telegram unreachable (connection refused: the host's network, DNS, a self-hosted
    Bot API down) for longer than `max_attempts` backoffs (about 4 minutes by default):
    no send reached Telegram, so nothing about the message is known to be wrong. The
    push keeps waiting (backing off) and goes out, once, when Telegram is back; it used
    to end 'failed' (lost) like a message Telegram keeps refusing. Nor did the outage
    spend its attempts: a 502 as Telegram comes back is one retry, not the end."""
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    port = _free_port()  # nothing listens there yet
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=delivery_request(8, 5))
    w = DeliveryWorker(
        settings(max_attempts=3, backoff_max=0.1, private_per_second=20), engine, bot
    )
    w.backoff_base = 0.01
    task = asyncio.create_task(w.run())
    api = None
    try:
        await until(lambda: w.errors.get("network", 0) >= 6 or _row(engine)[0] == "failed")
        assert _row(engine)[0] in ("queued", "sending"), _row(engine)  # 6 sends, max 3
        api = FakeBotAPI(port=port)  # Telegram is back, its first answer a 502
        api.fail(1, "server_error", times=1, status=502)
        api.start()
        await until(lambda: _row(engine)[0] in ("sent", "failed"))
        assert _row(engine)[0] == "sent" and len(api.texts(1)) == 1
    finally:
        await w.stop()
        await asyncio.wait_for(task, 10)
        await bot.shutdown()
        if api is not None:
            api.stop()


async def test_a_link_telegram_refuses_as_a_button_does_not_cost_the_push(engine: Engine) -> None:
    """An article link Telegram will not take for the 阅读原文 button (here a space in it;
    "Bad Request: BUTTON_URL_INVALID") refused the whole push, for good: the news was lost
    over its button. It goes out without that button (the 🔕 one stays), as a push whose
    HTML Telegram refuses goes out as plain text."""
    add_chat(engine, 1, [("ticker", "BABA.US")])
    publish(engine, "A1", tickers=("BABA.US",))
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE articles SET url = 'https://example.com/a b.html'"))
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) in ({"sent": 1}, {"failed": 1}))
        assert statuses(engine) == {"sent": 1}
        (push,) = api.messages(1)
        assert [b["text"] for b in push.buttons] == ["🔕 退订 阿里巴巴 $BABA"]
