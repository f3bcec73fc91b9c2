"""Chat changes seen as updates settle the chat's queued deliveries through the outbox."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tests.delivery.helpers import publish
from tests.fanout.helpers import add_chat
from tests.telegram.harness import running_bot

pytestmark = pytest.mark.db
U = {"id": 401, "is_bot": False, "first_name": "U"}
ADMIN = {"id": 9001, "is_bot": False, "first_name": "管理员"}


def _rows(engine) -> dict[int, list[str]]:  # type: ignore[no-untyped-def]
    out: dict[int, list[str]] = {}
    with engine.connect() as conn:
        for chat, status in conn.execute(
            sa.text("SELECT chat_id, status FROM deliveries ORDER BY chat_id, article_id")
        ):
            out.setdefault(chat, []).append(status)
    return out


async def test_pause_says_what_follows_removal_ends_migration_moves(engine) -> None:  # type: ignore[no-untyped-def]
    add_chat(engine, 401, [("ticker", "BABA.US")])
    add_chat(engine, -5000, [("ticker", "BABA.US")], kind="group")
    add_chat(engine, -6000, [("ticker", "BABA.US")], kind="group")
    publish(engine, "A1", tickers=("BABA.US",))
    publish(engine, "A2", minutes=1, tickers=("BABA.US",))
    async with running_bot(engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/pause")
        assert "已排队的 2 条新闻先暂存" in r.text and "/resume" in r.text
        r = await env.say(pm, U, "/resume")
        assert "暂存的 2 条新闻稍后合成一条摘要发出" in r.text
        await env.say(pm, U, "/pause")
        r = await env.say(pm, U, "/resume")
        assert r.text == "已恢复推送。暂存的 2 条新闻稍后合成一条摘要发出。"

        grp = env.api.group(-5000, "群")
        env.api.my_chat_member(grp, ADMIN, "member", "kicked")
        other = env.api.group(-6000, "老群")
        env.api.migrate(other, -1006000, ADMIN)
        await env.sync()
    rows = _rows(engine)
    assert rows[401] == ["held", "held"]  # follow as a digest (the delivery worker sends it)
    assert rows[-5000] == ["failed", "failed"]  # the bot was removed: ended with the reason
    assert rows[-1006000] == ["queued", "queued"] and -6000 not in rows  # moved
    with engine.connect() as conn:
        errors = conn.execute(
            sa.text("SELECT DISTINCT error FROM deliveries WHERE chat_id = -5000")
        )
        assert errors.scalars().all() == ["removed"]
