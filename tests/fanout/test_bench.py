"""bench/fanout.py runs in its short mode and checks its own count (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_fanout_quick_on_sqlite() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "fanout.py"), "--quick", "--no-pg"],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,  # the bench exits non-zero when it enqueued a wrong count
    ).stdout
    row = next(line for line in out.splitlines() if line.startswith("SQLite"))
    assert "10,000" in row  # the exact number of deliveries the fixture implies


@pytest.mark.slow
def test_bench_keywords_prints_its_figures() -> None:
    from tests.conftest import corpus_or_skip

    corpus_or_skip()
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "keywords.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    assert out.startswith("keywords=") and "hits=" in out and "ms_per_article=" in out
