"""bench/ingest.py runs and prints its figures (no timing asserted)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import corpus_or_skip

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_bench_ingest_quick() -> None:
    corpus_or_skip()
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ingest.py"), "--quick"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    assert "posts/s" in out and "ratio parse_post / baseline" in out
    assert "tracemalloc peak" in out and "max RSS" in out
