"""A digest's header says what held its news (real worker, fake Bot API)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.delivery.outbox import NO_RIGHTS_HELD
from bot.delivery.worker import DeliveryWorker
from tests.delivery.helpers import (
    held_in_quiet_hours,
    make_bot,
    publish,
    running,
    settings,
    statuses,
    until,
)
from tests.fakes.botapi import FakeBotAPI
from tests.fanout.helpers import add_chat


async def _digest_text(engine: Engine) -> str:
    with FakeBotAPI() as api:
        w = DeliveryWorker(settings(private_per_second=20), engine, make_bot(api))
        async with running(w):
            await until(lambda: statuses(engine) == {"sent": 3})
        texts = api.texts(1)
    assert len(texts) == 1, texts
    return texts[0]


def _chat_with_quiet_hours_and_three_items(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "BABA.US")], quiet_start="00:00", quiet_end="00:01")
    for i in range(3):
        publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",), title=f"阿里巴巴 第{i}条")


async def test_a_digest_of_news_held_by_pause_is_no_quiet_hours_digest(engine: Engine) -> None:
    """A chat with quiet hours at night was paused during the day: after /resume its news
    came headed 免打扰期间的新闻, which it was not. Its header is the plain 新闻摘要."""
    _chat_with_quiet_hours_and_three_items(engine)
    outbox.pause(engine, 1)
    outbox.resume(engine, 1)
    text = await _digest_text(engine)
    assert "免打扰" not in text and "新闻摘要" in text, text[:60]


async def test_a_digest_of_news_held_by_a_rights_blip_is_no_quiet_hours_digest(
    engine: Engine,
) -> None:
    """News held while the bot could not post (rights taken, then given back) in a chat
    with quiet hours: not 免打扰期间的新闻 either."""
    _chat_with_quiet_hours_and_three_items(engine)
    held_in_quiet_hours(engine)  # at night, too: the refusal is what held them
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE deliveries SET error = :e"), {"e": NO_RIGHTS_HELD})
    text = await _digest_text(engine)
    assert "免打扰" not in text and "新闻摘要" in text, text[:60]


async def test_a_digest_of_news_that_came_in_quiet_hours_says_so(engine: Engine) -> None:
    _chat_with_quiet_hours_and_three_items(engine)
    held_in_quiet_hours(engine)
    text = await _digest_text(engine)
    assert "免打扰期间的新闻" in text, text[:60]
