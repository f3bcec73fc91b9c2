"""Two `finews-bot run` processes on PostgreSQL keep one pace, with users typing commands.

Telegram's limits are per bot. The fake Bot API enforces them like Telegram (30 a
second overall, one a second per private chat) and answers 429 beyond. A burst of
pushes at the configured 30/s, while users send commands to the bot (whose replies
go to the same chats), must draw no 429 at all: one replica sends the pushes and
answers the commands, on one limiter.
"""

from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bot.storage.db import make_engine
from tests.conftest import PG_URL, _truncate, pg_engine_or_skip
from tests.delivery.helpers import publish, statuses
from tests.fakes.botapi import FakeBotAPI, SendLimits
from tests.fanout.helpers import add_chat

pytestmark = [pytest.mark.slow, pytest.mark.db]
ROOT = Path(__file__).resolve().parents[2]
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


def _start(cfg: Path, log: Path) -> subprocess.Popen:
    env = {
        k: v for k, v in os.environ.items() if k not in ("FINEWS_BOT_TOKEN", "FINEWS_DATABASE_URL")
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(cfg)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def _wait(pred, timeout: float, what: str, logs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in logs)
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.1)


def _explain(answers: list[tuple[float, object, int, str]]) -> str:
    """Which sends were refused, and what the server saw in the second before each."""
    out = []
    for t, chat, status, text in answers:
        if status != 429:
            continue
        window = [a for a in answers if t - 1.0 < a[0] <= t and a[2] == 200]
        same = [a for a in window if a[1] == chat]
        kind = "push" if "阿里巴巴" in text else "reply"
        out.append(f"{kind} to {chat}: {len(window)} sends in the second before, {len(same)} to it")
    return f"{len(out)} answers 429:\n" + "\n".join(out[:20])


def test_two_runs_no_429_at_30_per_second_with_commands(tmp_path: Path) -> None:
    _truncate(pg_engine_or_skip())
    engine = make_engine(PG_URL)
    for c in range(1, CHATS + 1):
        add_chat(engine, c, [("ticker", "BABA.US")])
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with FakeBotAPI(limits=SendLimits()) as api:  # Telegram's limits: 30/s, 1/s per chat
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
        procs = [_start(cfg, logs[0]), _start(cfg, logs[1])]
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
            _wait(lambda: api.calls("getUpdates") != [], 30, "long polling", logs)
            n = sum(
                publish(engine, f"A{i}", minutes=i, tickers=("BABA.US",), title=f"阿里巴巴 第{i}条")
                for i in range(2)
            )
            typist = threading.Thread(target=type_commands, daemon=True)
            typist.start()
            _wait(lambda: statuses(engine) == {"sent": n}, 60, "every push sent", logs)
            done.set()
            typist.join(5)
            _wait(lambda: api.pending_updates() == 0, 15, "every command read", logs)
            time.sleep(2)  # the last replies
        finally:
            done.set()
            for p in procs:
                if p.poll() is None:
                    p.terminate()
            for p in procs:
                try:
                    p.wait(15)
                except subprocess.TimeoutExpired:
                    p.kill()
        sent = list(api.sent)
        refused = api.count_429
    engine.dispose()
    pushes = [m for m in sent if "第" in m.text and "阿里巴巴" in m.text]
    replies = [m for m in sent if m not in pushes]
    # the busy window: from the first push until 90% went out (the last ones wait for
    # their chat's 1 s spacing, with too few chats left to fill the global pace)
    pushed = [t for t, _, status, text in answers if status == 200 and "阿里巴巴" in text]
    end = pushed[int(len(pushed) * 0.9)]
    ok = [t for t, _, status, _ in answers if status == 200 and pushed[0] <= t <= end]
    rate = (len(ok) - 1) / (ok[-1] - ok[0]) / 30.0
    print(f"one pace: {len(ok)} sends, {refused} answers 429, rate {rate:.3f} of 30/s")
    assert refused == 0, _explain(answers)
    # One shared pace keeps the bot near its 30/s; the faults this guards against (each
    # replica pacing half, replies waiting behind a separate limiter) fall to 0.5-0.7.
    # A loaded 2-core CI machine measured 0.945, so the bound leaves room for scheduling.
    assert rate >= 0.85
    per_chat = collections.Counter(m.chat_id for m in pushes)
    assert len(pushes) == n == 2 * CHATS and set(per_chat.values()) == {2}
    assert typed >= 50 and len(replies) == typed  # every command answered once
    senders = [p for p in logs if "is the sender" in p.read_text()]
    assert len(senders) == 1, "one replica sent everything"
