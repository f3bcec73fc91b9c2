"""Webhook mode: two `finews-bot run` on PostgreSQL keep one pace, whichever replica a
command reaches.

Behind a load balancer every replica receives updates. The fake Bot API enforces
Telegram's limits (30 a second overall, one a second per private chat) and answers
429 beyond. Users type commands during a burst of pushes at the configured 30/s; the
test POSTs each update to the replicas' webhook endpoints in turn. No answer 429 at
all: the replica that does not send relays what it receives to the one that does,
whose replies share the pushes' limiter (`bot.telegram.relay`).
"""

from __future__ import annotations

import collections
import json
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot.storage import updates
from bot.storage.db import make_engine
from tests.conftest import PG_URL, _truncate, pg_engine_or_skip
from tests.delivery.helpers import publish, statuses
from tests.e2e.helpers import Answer, busy_rate, explain, start, stop, wait
from tests.fakes.botapi import FakeBotAPI, SendLimits
from tests.fanout.helpers import add_chat

pytestmark = [pytest.mark.slow, pytest.mark.db]
CHATS = 240
TYPISTS = range(1, 21)  # these subscribers also type commands during the burst
SECRET = "hook-secret"
PUSH = "快讯第"  # in every push (its title), in no reply


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(tmp: Path, api: FakeBotAPI, name: str, port: int) -> Path:
    p = tmp / f"{name}.toml"
    p.write_text(
        f'[database]\nurl = "{PG_URL}"\n'
        f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n'
        'mode = "webhook"\n'
        f'webhook_url = "http://127.0.0.1:{port}/hook"\n'
        f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\nwebhook_secret = "{SECRET}"\n'
        "commands_per_minute = 1000\n"
        "[delivery]\npoll_interval = 0.2\nstale_claim_seconds = 5\n"
        '[logging]\nlevel = "INFO"\n',
        encoding="utf-8",
    )
    return p


def test_webhook_replicas_no_429_with_commands_to_both(tmp_path: Path) -> None:
    _truncate(pg_engine_or_skip())
    engine = make_engine(PG_URL)
    for c in range(1, CHATS + 1):
        add_chat(engine, c, [("ticker", "BABA.US")])
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with FakeBotAPI(limits=SendLimits()) as api:  # Telegram's limits: 30/s, 1/s per chat
        users = [(api.private_chat(u), api.user(u)) for u in TYPISTS]
        answers: list[Answer] = []
        orig = api._dispatch

        def dispatch(method: str, params: dict) -> tuple[int, dict]:
            status, payload = orig(method, params)
            if method == "sendMessage":
                answers.append((time.monotonic(), params.get("chat_id"), status, params["text"]))
            return status, payload

        api._dispatch = dispatch  # type: ignore[method-assign]
        procs = [
            start(_config(tmp_path, api, name, port), log)
            for name, port, log in zip(("a", "b"), ports, logs, strict=True)
        ]
        posted = [0, 0]  # updates POSTed to each replica's webhook
        done = threading.Event()

        def type_commands() -> None:  # ~10 commands a second, to the replicas in turn
            update_id = 0
            with httpx.Client(timeout=10) as client:
                while not done.is_set():
                    for chat, user in users:
                        if done.is_set():
                            return
                        update_id += 1
                        replica = update_id % 2
                        update = {
                            "update_id": update_id,
                            "message": api._message(chat, user, "/list"),
                        }
                        r = client.post(
                            f"http://127.0.0.1:{ports[replica]}/hook",
                            content=json.dumps(update),
                            headers={
                                "Content-Type": "application/json",
                                "X-Telegram-Bot-Api-Secret-Token": SECRET,
                            },
                        )
                        assert r.status_code == 200, r.text
                        posted[replica] += 1
                        time.sleep(0.1)

        try:
            wait(lambda: len(api.calls("setWebhook")) >= 2, 30, "both webhooks", logs)
            wait(lambda: any("is the sender" in p.read_text() for p in logs), 30, "a sender", logs)
            n = sum(
                publish(
                    engine, f"A{i}", minutes=i, tickers=("BABA.US",), title=f"阿里巴巴 {PUSH}{i}号"
                )
                for i in range(2)
            )
            typist = threading.Thread(target=type_commands, daemon=True)
            typist.start()
            wait(lambda: statuses(engine) == {"sent": n}, 60, "every push sent", logs)
            done.set()
            typist.join(5)
            typed = sum(posted)
            wait(
                lambda: (
                    sum(1 for _, _, s, text in answers if s == 200 and PUSH not in text) >= typed
                ),
                20,
                "every command answered",
                logs,
            )
            time.sleep(1)  # a reply sent twice would show by now
            left = updates.waiting(engine)
        finally:
            done.set()
            stop(procs)
        sent = list(api.sent)
        refused = api.count_429
    engine.dispose()
    pushes = [m for m in sent if PUSH in m.text]
    replies = [m for m in sent if m not in pushes]
    rate = busy_rate(answers, PUSH)
    print(f"webhook pace: {posted} updates posted, {refused} answers 429, rate {rate:.3f} of 30/s")
    # Replies relayed to the sender share the pushes' pace: without the relay this test draws
    # 70-144 answers 429 (7-15% of the sends). With it, 0 in most runs, but up to 5 in ~950
    # on a loaded CI machine (the fake stamps requests in this process, and a stall of it
    # bunches them; README, Development, "Pace tests and 429s"): the bound tells the two
    # apart, not the jitter.
    assert refused * 100 <= len(answers), explain(answers, PUSH)
    per_chat = collections.Counter(m.chat_id for m in pushes)
    assert len(pushes) == n == 2 * CHATS and set(per_chat.values()) == {2}
    assert min(posted) >= 25 and len(replies) == typed  # every command answered once
    assert left == 0
    texts = [p.read_text() for p in logs]
    senders = [t for t in texts if "is the sender" in t]
    assert len(senders) == 1, "one replica sent the pushes"
    standby = next(t for t in texts if "is the sender" not in t)
    assert "relaying its updates to the one that does" in standby  # it replied to none itself
    # a sanity floor only (the burst ran at about the limit, so 0 answers 429 means
    # something); CI machines are loaded 2-core boxes, so no tighter timing is asserted
    assert rate >= 0.5
