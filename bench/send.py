"""Send-rate benchmark: the delivery worker against a Bot API stub that enforces limits.

For each configured global rate (30/s, Telegram's default, and 300/s, a paid
broadcast bot), 3,000 queued deliveries to distinct private chats are drained by
a real `python -m bot.delivery` process against the fake Bot API server on
127.0.0.1 (tests/fakes/botapi.py), which answers 429 with retry_after whenever a
sliding-window limit (global per second, 1/s per chat) would be exceeded. The
server timestamps every accepted send; we report

    achieved rate / configured limit   (goal >= 0.97)
    429 answers                        (goal 0)
    peak RSS of the sending process    (goal < 120 MB; VmHWM from /proc)

    python bench/send.py [--quick] [--messages N] [--latency S] [--pg-url URL]

`--quick` sends 300 messages per rate. Each answer is delayed `--latency` seconds
(default 0.03) to stand in for the round trip to Telegram; limits are checked when
a request arrives, as Telegram does.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.storage.db import create_database_if_missing, make_engine, session_scope  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.models import ArticleRow, ArticleTicker, Chat, Subscription  # noqa: E402
from bot.storage.types import utcnow  # noqa: E402
from tests.fakes.botapi import FakeBotAPI, SendLimits  # noqa: E402


def _no_nagle() -> None:
    """The stub answers with two small writes (headers, body); with Nagle's algorithm
    and the client's delayed ACK each answer then waits ~40 ms. Telegram does not do
    that, so the bench turns Nagle off on the stub's sockets."""
    from tests.fakes import botapi

    botapi._Handler.disable_nagle_algorithm = True


def prepare(url: str, n: int) -> None:
    create_database_if_missing(url)
    engine = make_engine(url)
    if url.startswith("postgresql"):
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
    upgrade(engine)
    from bot.fanout import enqueue_deliveries

    with session_scope(engine) as s:
        s.add_all(Chat(id=100_000 + i, kind="private") for i in range(n))
        s.flush()
        s.add_all(
            Subscription(chat_id=100_000 + i, kind="ticker", value="600519.SH") for i in range(n)
        )
        s.add(
            ArticleRow(
                id="NW_SEND_BENCH",
                title="贵州茅台发布年报：营收同比增长18%",
                published_at=utcnow(),
                category="meirijingjixinwen",
                category_name="每日经济新闻",
                url="https://finews.example/NW_SEND_BENCH",
                paragraphs=["贵州茅台2023年实现营业收入1476.93亿元，同比增长18.04%。"],
                tickers=["600519.SH"],
                summary="贵州茅台2023年营收1476.93亿元，同比增长18.04%。",
                source="bench",
                content_hash="x",
            )
        )
        s.flush()
        s.add(ArticleTicker(article_id="NW_SEND_BENCH", ticker="600519.SH"))
        s.flush()
        queued = enqueue_deliveries(s, "NW_SEND_BENCH")
    assert queued == n, queued
    engine.dispose()


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(rate: float, n: int, latency: float, url: str, tmp: Path) -> dict:
    prepare(url, n)
    times: list[float] = []
    refused: list[float] = []
    lock = threading.Lock()
    limits = SendLimits(global_per_second=rate, private_per_second=1.0, group_per_minute=20.0)
    with FakeBotAPI(limits=limits) as api:
        orig = api._dispatch

        def dispatch(method: str, params: dict) -> tuple[int, dict]:
            status, payload = orig(method, params)  # limits checked on arrival, like Telegram
            if method == "sendMessage" and status in (200, 429):
                with lock:
                    (times if status == 200 else refused).append(time.monotonic())
            if latency:
                time.sleep(latency)  # the way back (the stub's own latency would sleep first)
            return status, payload

        api._dispatch = dispatch  # type: ignore[method-assign]
        in_flight = max(8, int(rate * latency * 1.5) + 4)
        cfg = tmp / f"send-{rate:g}.toml"
        cfg.write_text(
            f'[database]\nurl = "{url}"\n[telegram]\ntoken = "{api.token}"\n'
            f'base_url = "{api.base_url}"\n[delivery]\nglobal_per_second = {rate}\n'
            f"max_in_flight = {in_flight}\nbatch_size = {max(200, int(rate * 2))}\n"
            f'poll_interval = 0.2\n[logging]\nlevel = "INFO"\n',
            encoding="utf-8",
        )
        log = (tmp / f"send-{rate:g}.log").open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot.delivery", "--config", str(cfg)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + n / rate * 3 + 30
        peak = 0.0
        try:
            while len(times) < n and time.monotonic() < deadline and proc.poll() is None:
                time.sleep(0.2)
                peak = max(peak, peak_rss_mb(proc.pid))
            peak = max(peak, peak_rss_mb(proc.pid))
            cpu = cpu_seconds(proc.pid)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(15)
        log.close()
        stopped = [
            ln.split(": ", 1)[-1]
            for ln in (tmp / f"send-{rate:g}.log").read_text().splitlines()
            if "delivery worker stopped" in ln
        ]
        count_429 = api.count_429
        sent = len(api.sent)
    span = times[-1] - times[0] if len(times) > 1 else float("nan")
    gaps = sorted(b - a for a, b in itertools.pairwise(times))
    # late arrivals: gaps much longer than the pacing interval show the stub's jitter
    p999 = gaps[int(len(gaps) * 0.999)] if gaps else 0.0
    achieved = (len(times) - 1) / span if len(times) > 1 else 0.0
    return {
        "rate": rate,
        "sent": sent,
        "unique": len(times),
        "seconds": span,
        "achieved": achieved,
        "ratio": achieved / rate,
        "429": count_429,
        "rss": peak,
        "cpu": cpu,
        "worker": stopped[-1] if stopped else "(no stop line)",
        "gap": (gaps[0] if gaps else 0.0, p999),
        "refused_at": [round(t - times[0], 2) for t in refused] if times else [],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="300 messages per rate")
    ap.add_argument("--messages", type=int, default=None)
    ap.add_argument("--latency", type=float, default=0.03)
    ap.add_argument("--rates", default="30,300")
    ap.add_argument("--pg-url", default=None, help="use PostgreSQL instead of SQLite")
    args = ap.parse_args()
    n = args.messages or (300 if args.quick else 3000)
    _no_nagle()
    # The stub runs in this process: a garbage-collection pause here holds its request
    # threads for tens of ms, then lets them through together, and its sliding window
    # counts a burst the sender never made (seen as a 0.5 ms gap and a 429). Telegram's
    # counters do not pause, so the stub's process runs without the cyclic GC. The
    # worker being measured is a separate process with its GC on.
    gc.disable()
    rows = []
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        for rate in (float(r) for r in args.rates.split(",")):
            url = args.pg_url or f"sqlite:///{tmp}/send-{rate:g}.db"
            rows.append(run(rate, n, args.latency, url, Path(tmp)))
    db = "PostgreSQL" if args.pg_url else "SQLite"
    print(f"{n} messages to distinct chats, stub latency {args.latency * 1000:.0f} ms, {db}")
    print(
        f"{'limit/s':>8} {'sent':>6} {'seconds':>8} {'achieved/s':>11} {'ratio':>6} "
        f"{'429s':>5} {'peak RSS':>9}"
    )
    for r in rows:
        print(
            f"{r['rate']:>8g} {r['sent']:>6} {r['seconds']:>8.1f} {r['achieved']:>11.1f} "
            f"{r['ratio']:>6.3f} {r['429']:>5} {r['rss']:>6.1f} MB {r['cpu']:>9.1f} s"
        )
    for r in rows:
        print(f"  {r['rate']:g}/s worker: {r['worker']}")
        print(
            f"  {r['rate']:g}/s gaps between accepted sends at the stub: min "
            f"{r['gap'][0] * 1000:.1f} ms, 99.9th percentile {r['gap'][1] * 1000:.1f} ms "
            f"(pacing interval {1000 / (r['rate'] * 0.98):.1f} ms)"
        )
        if r["refused_at"]:
            print(f"  {r['rate']:g}/s 429s at (s after the first send): {r['refused_at']}")
    print("goals: ratio >= 0.97, zero 429s, peak RSS < 120 MB")


if __name__ == "__main__":
    main()
