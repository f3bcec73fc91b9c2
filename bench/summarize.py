"""Benchmark: our summarizer against textrank4zh (and snownlp) on the same posts, in one run.

Two measures per system, on the same posts, with the same passes:
  summarize   the parsed Article in, the summary out (parsing done beforehand, not timed)
  raw->push   the post file in, the push out: parse_file + summarize (+ render_message for
              ours; the baselines get the same parse_file and then their summary)
Fairness: every system gets one identical warm-up (one call on the first post: dictionaries and
models load there, as they would once in the bot), then the same number of passes over the
same posts; before every pass all per-input caches are cleared (functools.lru_cache wrappers of
functions that take arguments, in bot.* and in the baselines' modules), so a later pass never
gets a post's work for free. Zero-argument cached loaders (the jieba dictionary) stay loaded:
that is model loading, not per-post work. Each figure is the median pass in process CPU time
(the machine is shared: wall time would charge one system for another process's load). The
post files are in the OS page cache after the warm-up, the same for every system.

The ratio column is ours / system in posts per second on the same measure; the last line gives
the conservative one: our raw->push against the baseline's summarize-only.

Recall counts a gold `key` figure of the figure gold as seen when it occurs in the output (as
../shared/gold/score.py matches); "+title" also counts the title, which every push shows.

  python bench/summarize.py [--quick] [--passes N] [--set long|posts|gold] [--snownlp]
  (textrank4zh: pip install -e .[bench])
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import inspect
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
# This checkout's package, not the one an editable install points at: a side-by-side run of two
# checkouts (a worktree of the start commit) must time each one's own code.
sys.path.insert(0, str(ROOT))
QUICK_POSTS = 40


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("finews_score", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def clear_caches(prefixes: tuple[str, ...]) -> int:
    """Clear every lru_cache of a per-input function in the modules under `prefixes`."""
    cleared = 0
    for name, mod in list(sys.modules.items()):
        if mod is None or not name.startswith(prefixes):
            continue
        for obj in list(vars(mod).values()):
            if not hasattr(obj, "cache_clear") or not hasattr(obj, "__wrapped__"):
                continue
            try:
                takes_args = bool(inspect.signature(obj.__wrapped__).parameters)
            except (TypeError, ValueError):
                takes_args = True
            if takes_args:
                obj.cache_clear()
                cleared += 1
    return cleared


def _ours() -> tuple[Callable[[object], str], Callable[[Path], str]]:
    from bot.parser import parse_file
    from bot.render import render_message
    from bot.summarizer import summarize

    def run(article) -> str:
        s = summarize(article)
        figs = "|".join(f"{f.label}|{f.value}|{f.change or ''}" for f in s.figures)
        return s.summary + "|" + figs

    def raw(path: Path) -> str:
        article = parse_file(path)
        return render_message(article, summarize(article))

    return run, raw


def _textrank() -> tuple[Callable[[object], str], Callable[[Path], str]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from textrank4zh import TextRank4Sentence
    except Exception as exc:  # missing extra: report, do not fail the whole bench
        print(f"textrank4zh unavailable ({exc}): pip install -e .[bench]", file=sys.stderr)
        return None
    from bot.parser import parse_file

    tr = TextRank4Sentence()

    def run(article) -> str:
        tr.analyze(text="\n".join(article.paragraphs), lower=True, source="all_filters")
        return "|".join(item.sentence for item in tr.get_key_sentences(num=2))

    return run, lambda path: run(parse_file(path))


def _snownlp() -> tuple[Callable[[object], str], Callable[[Path], str]] | None:
    try:
        from snownlp import SnowNLP
    except Exception as exc:
        print(f"snownlp unavailable: {exc}", file=sys.stderr)
        return None
    from bot.parser import parse_file

    def run(article) -> str:
        text = "\n".join(article.paragraphs)
        return "|".join(SnowNLP(text).summary(2)) if text.strip() else ""

    return run, lambda path: run(parse_file(path))


_CACHED = ("bot.", "textrank4zh", "jieba", "snownlp")


def _one_pass(fn: Callable, items: list) -> tuple[float, list]:
    """CPU seconds of one pass over `items`, caches cleared and garbage collected first.

    Process CPU time, not wall time: the bench runs on shared machines, where another
    process's load stretches wall time unevenly between systems timed one after the other.
    """
    clear_caches(_CACHED)
    gc.collect()
    t0 = time.process_time()
    outputs = [fn(x) for x in items]
    return time.process_time() - t0, outputs


def _post_set(args) -> tuple[list[Path], dict[str, list[str]]]:
    gold = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x]
    keys = {r["file"]: r.get("key", []) for r in gold}
    if args.set == "gold":
        files = [args.corpus / r["file"] for r in gold]
    else:
        files = sorted((args.corpus / args.set).glob("*.md"))
    if args.quick:
        files = files[:QUICK_POSTS]
    return files, keys


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "figures-dev.jsonl")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--set", choices=("long", "posts", "gold"), default="long")
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_POSTS} posts, one pass")
    ap.add_argument("--passes", type=int, default=None, help="passes per system (default 3)")
    ap.add_argument("--snownlp", action="store_true", help="also time snownlp (slow)")
    args = ap.parse_args()

    from bot.parser import parse_file

    scorer = _load_scorer(args.gold.parent / "score.py")
    files, keys = _post_set(args)
    articles = [parse_file(f) for f in files]
    rel = [str(f.relative_to(args.corpus)) for f in files]
    passes = args.passes or (1 if args.quick else 3)

    systems = [("ours", _ours()), ("textrank4zh", _textrank())]
    if args.snownlp:
        systems.append(("snownlp", _snownlp()))
    active = [(name, fns) for name, fns in systems if fns is not None]
    for _name, (run, raw) in active:
        run(articles[0])  # the identical warm-up: one post through each path
        raw(files[0])
    times: dict[tuple[str, str], list[float]] = {}
    outputs: dict[str, list[str]] = {}
    for _ in range(passes):  # systems interleaved within each pass: load drifts hit all alike
        for name, (run, raw) in active:
            t, outputs[name] = _one_pass(run, articles)
            times.setdefault((name, "summ"), []).append(t)
            t, _ = _one_pass(raw, files)
            times.setdefault((name, "raw"), []).append(t)
    rows = []
    for name, _fns in active:
        key = hit = hit_title = 0
        for r, article, out in zip(rel, articles, outputs[name], strict=True):
            shown, with_title = scorer.norm(out), scorer.norm(article.title + "|" + out)
            for k in keys.get(r, []):
                c = scorer.core(k)
                key += 1
                hit += scorer.occurs(c, shown)
                hit_title += scorer.occurs(c, with_title)
        recall = (f"{hit / key:.3f}", f"{hit_title / key:.3f}") if key else ("-", "-")
        t_sum = statistics.median(times[(name, "summ")])
        t_raw = statistics.median(times[(name, "raw")])
        rows.append((name, len(files) / t_sum, len(files) / t_raw, *recall))

    print(
        f"posts: {len(files)} from {args.set} ({'quick' if args.quick else 'full'}), "
        f"{passes} pass(es) each (median, CPU time), caches cleared before every pass, python "
        f"{sys.version.split()[0]}"
    )
    print(
        f"{'system':<12} {'summarize/s':>12} {'raw->push/s':>12} {'recall':>7} {'+title':>7} "
        f"{'ours x (summ)':>14} {'ours x (raw)':>13}"
    )
    ours = rows[0] if rows and rows[0][0] == "ours" else None
    for name, summ, raw_rate, rec, rec_t in rows:
        x_summ = f"{ours[1] / summ:.1f}x" if ours else "-"
        x_raw = f"{ours[2] / raw_rate:.1f}x" if ours else "-"
        cells = f"{summ:>12.1f} {raw_rate:>12.1f} {rec:>7} {rec_t:>7}"
        print(f"{name:<12} {cells} {x_summ:>14} {x_raw:>13}")
    for name, summ, _raw, _rec, _rec_t in rows[1:]:
        if ours:
            print(
                f"ours raw->push (parse+summarize+render) vs {name} summarize-only: "
                f"{ours[2] / summ:.1f}x"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
