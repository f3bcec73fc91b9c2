"""A user's command while the database is unreachable (PostgreSQL reached through a TCP
relay on 127.0.0.1 that the test cuts and restores, as a restart does), on the real bot
against the fake Bot API.

Each such update logged `update N failed: OperationalError …` at ERROR with a full
traceback (dozens of lines per message a user sent), and the user got no answer: the
polite error line looked the chat's language up in the same database. Now the outage
is one WARNING line (not per update), one INFO line when the database answers again,
and each user gets 抱歉，处理时出了点问题，请稍后再试。"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.storage.db import make_engine
from bot.telegram.i18n import t
from tests.conftest import PG_URL, _truncate, pg_engine_or_skip
from tests.delivery.helpers import until
from tests.fakes.relay import Relay
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db
USER = {"id": 5151, "is_bot": False, "first_name": "读者"}
LOGGER = "bot.telegram.handlers_chat"


def _levels(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.levelname for r in caplog.records if r.name == LOGGER]


@pytest.fixture
def through_relay() -> Iterator[tuple[Relay, sa.Engine]]:
    _truncate(pg_engine_or_skip())
    url = sa.make_url(PG_URL)
    relay = Relay((url.host or "127.0.0.1", url.port or 5432))
    engine = make_engine(
        url.set(host="127.0.0.1", port=relay.port).render_as_string(hide_password=False),
        pool_size=2,
    )
    yield relay, engine
    engine.dispose()
    relay.close()


async def test_commands_during_an_outage_are_one_line_and_a_polite_answer(
    through_relay: tuple[Relay, sa.Engine], caplog: pytest.LogCaptureFixture
) -> None:
    relay, engine = through_relay
    caplog.set_level(logging.INFO, logger=LOGGER)
    async with running_bot(engine) as env:
        chat = env.api.private_chat(USER["id"])
        assert "订阅" in (await env.say(chat, USER, "/list")).text  # the database answers
        for outage in range(2):
            relay.cut()
            for command in ("/list", "/sub 贵州茅台", "/latest"):
                reply = await env.say(chat, USER, command)
                assert reply.text == t("zh", "error"), (outage, command, reply.text)
            relay.up = True
            assert t("zh", "error") != (await env.say(chat, USER, "/list")).text
            # told over once the database answers after_update's check (after the reply)
            await until(lambda n=outage + 1: _levels(caplog).count("INFO") == n)
    told = [r for r in caplog.records if r.name == LOGGER]
    assert not [r for r in told if r.exc_info], [r.getMessage()[:300] for r in told]
    lines = [(r.levelname, r.getMessage()) for r in told]
    assert [lv for lv, _ in lines] == ["WARNING", "INFO"] * 2, lines
    down, back = lines[0][1], lines[1][1]
    assert down.startswith("user updates: the database is unavailable (OperationalError: "), down
    assert "\n" not in down
    assert back == "user updates: the database answers again", back


async def test_an_update_without_the_database_does_not_end_the_outage(
    through_relay: tuple[Relay, sa.Engine], caplog: pytest.LogCaptureFixture
) -> None:
    """An update no handler took to the database (a group's plain chatter) while it was
    still down ended the outage ('the database answers again'), and the next command
    told it anew: a false INFO and a second WARNING for one outage. The outage ends
    when the database answers."""
    relay, engine = through_relay
    caplog.set_level(logging.INFO, logger=LOGGER)
    async with running_bot(engine) as env:
        chat = env.api.private_chat(USER["id"])
        group = env.api.supergroup(-7300, "闲聊群")
        assert "订阅" in (await env.say(chat, USER, "/list")).text  # the database answers
        relay.cut()
        assert (await env.say(chat, USER, "/list")).text == t("zh", "error")
        env.api.send_text(group, USER, "今天大盘怎么样")  # no handler needs the database
        assert (await env.say(chat, USER, "/latest")).text == t("zh", "error")
        relay.up = True
        assert t("zh", "error") != (await env.say(chat, USER, "/list")).text
        await until(lambda: "INFO" in _levels(caplog))
    lines = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == LOGGER]
    assert [lv for lv, _ in lines] == ["WARNING", "INFO"], lines
