"""Shared by the two-replica pace tests: start `finews-bot run`, wait, explain 429s."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (monotonic time, chat, HTTP status, text) of every sendMessage the fake answered
Answer = tuple[float, object, int, str]


def start(cfg: Path, log: Path) -> subprocess.Popen:
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


def stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()


def wait(pred, timeout: float, what: str, logs: list[Path]) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not pred():
        if time.monotonic() > deadline:
            tails = "\n".join(f"--- {p.name}\n{p.read_text()[-2000:]}" for p in logs)
            raise AssertionError(f"timed out waiting for {what}\n{tails}")
        time.sleep(0.1)


def explain(answers: list[Answer], push_word: str) -> str:
    """Which sends were refused, and what the server saw in the second before each."""
    out = []
    for t, chat, status, text in answers:
        if status != 429:
            continue
        window = [a for a in answers if t - 1.0 < a[0] <= t and a[2] == 200]
        same = [a for a in window if a[1] == chat]
        kind = "push" if push_word in text else "reply"
        out.append(f"{kind} to {chat}: {len(window)} sends in the second before, {len(same)} to it")
    return f"{len(out)} answers 429:\n" + "\n".join(out[:20])


def busy_rate(answers: list[Answer], push_word: str, limit: float = 30.0) -> float:
    """Accepted sends per second over the busy window, as a share of `limit`: from the
    first push until 90% went out (the last ones wait for their chat's 1 s spacing,
    with too few chats left to fill the global pace)."""
    pushed = [t for t, _, status, text in answers if status == 200 and push_word in text]
    end = pushed[int(len(pushed) * 0.9)]
    ok = [t for t, _, status, _ in answers if status == 200 and pushed[0] <= t <= end]
    return (len(ok) - 1) / (ok[-1] - ok[0]) / limit
