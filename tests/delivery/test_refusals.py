"""What Telegram's refusals end, and what they must not (real worker, fake Bot API)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.delivery.worker import DeliveryWorker
from bot.storage.db import session_scope
from bot.storage.models import Chat
from tests.delivery.helpers import make_bot, publish, running, settings, statuses, until
from tests.fakes.botapi import FakeBotAPI
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
        w = DeliveryWorker(settings(), engine, make_bot(api))
        w.backoff_base = 0.05
        async with running(w):
            await until(lambda: statuses(engine) in ({"sent": 1}, {"failed": 1}))
        assert len(api.texts(-1005)) == statuses(engine).get("sent", 0)
    with session_scope(engine) as s:
        chat = s.get(Chat, -1005)
        assert chat is not None and chat.active, chat and chat.inactive_reason
    assert statuses(engine) == {"sent": 1}
