"""Parse throughput (posts/s) and peak memory over the finews corpus.

    python bench/ingest.py            # whole corpus, 3 timed rounds
    python bench/ingest.py --quick    # 60 posts, 1 round (smoke run)

Files are read into memory first so the figures are about parsing, not the disk.
Printed side by side in one run: our parser (bot.parser.parse_post) and a naive
baseline (python-frontmatter + BeautifulSoup(lxml).get_text(), no cleaning, no
tickers), so the ratio shows what the cleaning costs. Peak memory: tracemalloc peak
of one pass (Python allocations) and the process's max RSS (resource.ru_maxrss).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import frontmatter  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

from bot.parser import ParseError, parse_post  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def load(corpus: Path, quick: bool) -> list[tuple[str, str, str]]:
    """(kind, file name, text) for every post; kind = corpus subfolder."""
    files = sorted(corpus.glob("*/*.md"))
    if quick:
        files = files[:: max(1, len(files) // 60)][:60]
    return [(f.parent.name, f.name, f.read_text(encoding="utf-8")) for f in files]


def ours(name: str, text: str) -> int:
    try:
        return len(parse_post(text, filename=name).paragraphs)
    except ParseError:
        return 0


def baseline(name: str, text: str) -> int:
    post = frontmatter.loads(text.lstrip())
    return len(BeautifulSoup(post.content, "lxml").get_text("\n").split("\n\n"))


def one_pass(fn: Callable[[str, str], int], posts: list[tuple[str, str, str]]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for _, name, text in posts:
        fn(name, text)
    return time.perf_counter() - t0


def timed(fn: Callable[[str, str], int], posts: list[tuple[str, str, str]], rounds: int) -> float:
    """Best wall time of `rounds` passes (seconds)."""
    return min(one_pass(fn, posts) for _ in range(rounds))


def peak_traced(fn: Callable[[str, str], int], posts: list[tuple[str, str, str]]) -> int:
    """Peak Python allocations (bytes) during one pass, texts already loaded."""
    gc.collect()
    tracemalloc.start()
    for _, name, text in posts:
        fn(name, text)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def per_post_ms(posts: list[tuple[str, str, str]]) -> list[float]:
    out = []
    for _, name, text in posts:
        t0 = time.perf_counter()
        ours(name, text)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--quick", action="store_true", help="60 posts, 1 round")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"corpus not found: {args.corpus}")
    rounds = 1 if args.quick else max(1, args.rounds)
    posts = load(args.corpus, args.quick)
    mb = sum(len(t.encode()) for _, _, t in posts) / 1e6
    n = len(posts)
    print(f"corpus: {args.corpus} | {n} posts, {mb:.2f} MB | best of {rounds} round(s)")

    for _, name, text in posts:  # warm imports and caches (regexes, jieba's dictionary)
        ours(name, text)
    # alternate the two so a busy machine slows both alike; keep the best round of each
    t_ours, t_base = float("inf"), float("inf")
    for _ in range(rounds):
        t_ours = min(t_ours, one_pass(ours, posts))
        t_base = min(t_base, one_pass(baseline, posts))
    print(f"{'':24}{'posts/s':>10}{'MB/s':>8}{'ms/post':>9}")
    for label, t in (("bot.parser.parse_post", t_ours), ("baseline (fm + get_text)", t_base)):
        print(f"{label:24}{n / t:10.0f}{mb / t:8.2f}{t / n * 1000:9.2f}")
    print(f"ratio parse_post / baseline time: {t_ours / t_base:.2f}x")

    kinds = sorted({k for k, _, _ in posts})
    for kind in kinds:
        sub = [p for p in posts if p[0] == kind]
        t = timed(ours, sub, rounds)
        kb = sum(len(x.encode()) for _, _, x in sub) / len(sub) / 1e3
        print(f"  {kind:10} {len(sub):4} posts, avg {kb:6.1f} kB: {len(sub) / t:8.0f} posts/s")

    ms = sorted(per_post_ms(posts))
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"per post: median {statistics.median(ms):.2f} ms, p95 {p95:.2f} ms, max {ms[-1]:.2f} ms")

    peak_ours = peak_traced(ours, posts)
    peak_base = peak_traced(baseline, posts)
    print(
        f"tracemalloc peak during a pass: parse_post {peak_ours / 1e6:.2f} MB, "
        f"baseline {peak_base / 1e6:.2f} MB (texts loaded beforehand: {mb:.2f} MB)"
    )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rss_mb = rss / 1e6 if sys.platform == "darwin" else rss / 1024  # bytes on macOS, kB else
    print(f"process max RSS: {rss_mb:.1f} MB")


if __name__ == "__main__":
    main()
