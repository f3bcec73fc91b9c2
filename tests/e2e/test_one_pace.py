"""Two `finews-bot run` processes on PostgreSQL keep one pace, with users typing commands.

Telegram's limits are per bot. The fake Bot API enforces them like Telegram (30 a
second overall, one a second per private chat) and answers 429 beyond. A burst of
pushes at the configured 30/s, while users send commands to the bot (whose replies
go to the same chats), must draw no 429 at all: one replica sends the pushes and
answers the commands, on one limiter.
"""

from __future__ import annotations

import collections
import threading
import time
from pathlib import Path

import pytest

from bot.storage.db import make_engine
from tests.conftest import PG_URL, _truncate, pg_engine_or_skip
from tests.delivery.helpers import publish, statuses
from tests.e2e.helpers import busy_rate, explain, start, stop, wait
from tests.fakes.botapi import FakeBotAPI, SendLimits
from tests.fanout.helpers import add_chat

pytestmark = [pytest.mark.slow, pytest.mark.db]
CHATS = 240
TYPISTS = range(1, 21)  # these subscribers also type commands during the burst


def _config(tmp: Path, api: FakeBotAPI) -> Path:
    p = tmp / "config.toml"
    p.write_text(
        f'[database]\nurl = "{PG_URL}"\n'
        f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n'
        "commands_per_minute = 1000\n"
        "[delivery]\npoll_interval = 0.2\nstale_claim_seconds = 5\n"
        '[logging]\nlevel = "INFO"\n',
        encoding="utf-8",
    )
    return p


def test_two_runs_no_429_at_30_per_second_with_commands(tmp_path: Path) -> None:
    _truncate(pg_engine_or_skip())
    engine = make_engine(PG_URL)
    for c in range(1, CHATS + 1):
        add_chat(engine, c, [("ticker", "BABA.US")])
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    # Telegram's limits (30/s, 1/s per chat), with a 0.1 s window tolerance for the fake's own
    # clock: it stamps a request when its handler thread runs in this process, and on a busy
    # 2-core machine (two bots, PostgreSQL, pytest) a starved moment of this process stamps the
    # requests that queued meanwhile together: 3 to 5 refusals at an evenly spaced 29.4/s were
    # seen in CI. 30 in any 0.9 s (33/s) still refuses the faults this test is for: replies
    # behind their own limiter (29.4/s + ~10/s), or two senders.
    with FakeBotAPI(limits=SendLimits(tolerance=0.1)) as api:
        users = {u: (api.private_chat(u), api.user(u)) for u in TYPISTS}
        answers: list[tuple[float, object, int, str]] = []  # (time, chat, status, text)
        orig = api._dispatch

        def dispatch(method: str, params: dict) -> tuple[int, dict]:
            status, payload = orig(method, params)
            if method == "sendMessage":
                answers.append((time.monotonic(), params.get("chat_id"), status, params["text"]))
            return status, payload

        api._dispatch = dispatch  # type: ignore[method-assign]
        cfg = _config(tmp_path, api)
        procs = [start(cfg, logs[0]), start(cfg, logs[1])]
        typed = 0
        done = threading.Event()

        def type_commands() -> None:  # ~10 commands a second, round robin over the users
            nonlocal typed
            while not done.is_set():
                for chat, user in users.values():
                    if done.is_set():
                        return
                    api.send_text(chat, user, "/list")
                    typed += 1
                    time.sleep(0.1)

        try:
            wait(lambda: api.calls("getUpdates") != [], 30, "long polling", logs)
            n = sum(
                publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",), title=f"阿里巴巴 第{i}条")
                for i in range(2)
            )
            typist = threading.Thread(target=type_commands, daemon=True)
            typist.start()
            wait(lambda: statuses(engine) == {"sent": n}, 60, "every push sent", logs)
            done.set()
            typist.join(5)
            wait(lambda: api.pending_updates() == 0, 15, "every command read", logs)
            time.sleep(2)  # the last replies
        finally:
            done.set()
            stop(procs)
        sent = list(api.sent)
        refused = api.count_429
    engine.dispose()
    pushes = [m for m in sent if "第" in m.text and "阿里巴巴" in m.text]
    replies = [m for m in sent if m not in pushes]
    rate = busy_rate(answers, "阿里巴巴")
    print(f"one pace: {len(answers)} sends, {refused} answers 429, rate {rate:.3f} of 30/s")
    assert refused == 0, explain(answers, "阿里巴巴")
    # One shared pace keeps the bot near its 30/s; the faults this guards against (each
    # replica pacing half, replies waiting behind a separate limiter) fall to 0.5-0.7.
    # A loaded 2-core CI machine measured 0.945, so the bound leaves room for scheduling.
    assert rate >= 0.85
    per_chat = collections.Counter(m.chat_id for m in pushes)
    assert len(pushes) == n == 2 * CHATS and set(per_chat.values()) == {2}
    assert typed >= 50 and len(replies) == typed  # every command answered once
    senders = [p for p in logs if "is the sender" in p.read_text()]
    assert len(senders) == 1, "one replica sent everything"
