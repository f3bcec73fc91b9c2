"""Raw file -> push of the first N long posts, once, for instruction counts (cachegrind).

The figure to compare is the posts' own work: a run with --limit 0 does everything but the
posts (imports, the jieba dictionary, the stock directory, one warm-up post), about three
quarters of a run's instructions at --limit 80, so subtract it. Counted on the whole process,
a 1% gain in the posts' work shows as about 0.25%.

  PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no \\
      --cachegrind-out-file=/tmp/raw80.cg python bench/time_raw.py --limit 80
  (the same with --limit 0 for start-up; `cg_annotate` for the functions)

--stage parse times parse_file alone; --stage summarize parses first (counted in the process,
not in the printed time) and times summarize + render. Per-input caches are cleared before the
timed pass as bench/summarize.py clears them.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this checkout's package, not an editable install's
sys.path.insert(0, str(ROOT / "bench"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--limit", type=int, default=80, help="posts (0: start-up only)")
    ap.add_argument("--stage", choices=("raw", "parse", "summarize"), default="raw")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "long")
    args = ap.parse_args()

    from summarize import clear_caches

    from bot.parser import parse_file
    from bot.render import render_message
    from bot.summarizer import summarize

    every = sorted(args.corpus.glob("*.md"))
    first = parse_file(every[0])  # the warm-up every run has, --limit 0 too
    render_message(first, summarize(first))
    items: list = every[: args.limit]
    if args.stage == "parse":
        run = parse_file
    elif args.stage == "summarize":
        items = [parse_file(p) for p in items]
        run = lambda a: render_message(a, summarize(a))  # noqa: E731
    else:
        run = lambda p: render_message(a := parse_file(p), summarize(a))  # noqa: E731
    clear_caches(("bot.", "jieba"))
    t0 = time.process_time()
    for x in items:
        run(x)
    print(f"{args.stage} {len(items)} posts: {time.process_time() - t0:.3f}s CPU", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
