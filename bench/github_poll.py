"""Cost of one `github` source poll that finds a batch of 60 new posts, against the
fake GitHub API on 127.0.0.1 (tests/fakes/github.py): requests made, bytes read, seconds.

    python bench/github_poll.py            # 5 rounds per variant, median seconds
    python bench/github_poll.py --quick    # 1 round per variant (smoke run)

Variants: the compare's patches carry each new post's text (as GitHub sends them for
added files), and no patches (every post read from the raw host). Each round uses a
fresh SQLite database whose first poll (the archive, 10 posts) is not timed; the timed
poll parses, summarizes and stores the 60 posts too. An unchanged branch is measured
last (one conditional request). Requests and bytes are counted by the fake server
(response bodies; headers not included). Loopback latency is ~0: on the real API each
request adds a round trip (~100-300 ms from mainland China).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.config import Settings, SourceConfig  # noqa: E402
from bot.ingest import poll_source  # noqa: E402
from bot.storage.db import make_engine  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from tests.fakes.github import FakeGitHub, make_posts  # noqa: E402

BATCH = 60


def one_round(patches: bool) -> tuple[int, int, float, int, int]:
    """(requests, bytes, seconds, new posts) of the batch poll; then (requests, bytes)
    of a poll of the unchanged branch."""
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory() as tmp, FakeGitHub(patches=patches) as gh:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        upgrade(engine)
        cfg = SourceConfig(name="gh", kind="github", api_url=gh.base_url, raw_url=gh.raw_url)
        settings = Settings()
        gh.commit(make_posts(0, 10, now - timedelta(hours=2)))
        assert poll_source(settings, engine, cfg).error is None
        gh.commit(make_posts(100, BATCH, now - timedelta(hours=1)))
        n0, b0 = len(gh.requests), gh.bytes_sent
        t0 = time.perf_counter()
        report = poll_source(settings, engine, cfg)
        seconds = time.perf_counter() - t0
        assert report.error is None and report.new == BATCH, report.line()
        n1, b1 = len(gh.requests), gh.bytes_sent
        assert poll_source(settings, engine, cfg).not_modified
        idle = (len(gh.requests) - n1, gh.bytes_sent - b1)
        engine.dispose()
        return n1 - n0, b1 - b0, seconds, idle[0], idle[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="1 round per variant")
    args = ap.parse_args()
    rounds = 1 if args.quick else 5
    for patches in (True, False):
        runs = [one_round(patches) for _ in range(rounds)]
        requests, nbytes, _, idle_req, idle_bytes = runs[-1]
        secs = statistics.median(r[2] for r in runs)
        label = "text from compare patches" if patches else "text from raw host      "
        print(
            f"github poll, {BATCH} new posts, {label}: {requests} requests, "
            f"{nbytes / 1024:.1f} KiB read, {secs:.3f} s (median of {rounds}); "
            f"unchanged branch: {idle_req} request, {idle_bytes} B"
        )


if __name__ == "__main__":
    main()
