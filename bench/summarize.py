"""Benchmark: our summarizer vs textrank4zh and snownlp on the hand-labelled gold posts.

Prints posts/s and key-figure recall side by side, from one run on the same parsed posts:
  ours        bot.summarizer.summarize (summary + figures)
  textrank4zh TextRank4Sentence, top 2 sentences (networkx<3 + scipy: pip install -e .[bench])
  snownlp     SnowNLP(text).summary(2)

Recall counts a gold `key` figure as seen when it occurs (number + first unit character, as
../shared/gold/score.py matches) in the output text; "+title" also counts the title, which every
push shows. Parsing is done once beforehand and is not timed. Model/dictionary loading is warmed
up before timing for the baselines too.

  python bench/summarize.py [--quick] [--gold ../shared/gold/figures-dev.jsonl]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def _load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("finews_score", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _ours() -> Callable[[object], str]:
    from bot.summarizer import summarize

    def run(article) -> str:
        s = summarize(article)
        figs = "|".join(f"{f.value}|{f.change or ''}" for f in s.figures)
        return s.summary + "|" + figs

    return run


def _textrank() -> Callable[[object], str] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from textrank4zh import TextRank4Sentence
    except Exception as exc:  # missing extra: report, do not fail the whole bench
        print(f"textrank4zh unavailable: {exc}", file=sys.stderr)
        return None
    tr = TextRank4Sentence()

    def run(article) -> str:
        tr.analyze(text="\n".join(article.paragraphs), lower=True, source="all_filters")
        return "|".join(item.sentence for item in tr.get_key_sentences(num=2))

    return run


def _snownlp() -> Callable[[object], str] | None:
    try:
        from snownlp import SnowNLP
    except Exception as exc:
        print(f"snownlp unavailable: {exc}", file=sys.stderr)
        return None

    def run(article) -> str:
        text = "\n".join(article.paragraphs)
        if not text.strip():
            return ""
        return "|".join(SnowNLP(text).summary(2))

    return run


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--gold", type=Path, default=SHARED / "gold" / "figures-dev.jsonl")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus")
    ap.add_argument("--quick", action="store_true", help="12 posts, one pass each")
    ap.add_argument("--repeat", type=int, default=None, help="passes over the posts for ours")
    args = ap.parse_args()

    from bot.parser import parse_file

    scorer = _load_scorer(args.gold.parent / "score.py")
    records = [json.loads(x) for x in args.gold.read_text(encoding="utf-8").splitlines() if x]
    if args.quick:
        records = records[:12]
    posts = [(parse_file(args.corpus / r["file"]), r) for r in records]
    repeat_ours = args.repeat or (1 if args.quick else 20)

    systems = [
        ("ours", _ours(), repeat_ours),
        ("textrank4zh", _textrank(), 1),
        ("snownlp", _snownlp(), 1),
    ]
    rows = []
    for name, fn, repeat in systems:
        if fn is None:
            continue
        fn(posts[0][0])  # warm-up: jieba dictionary, snownlp models, regex compilation
        outputs = []
        t0 = time.perf_counter()
        for _ in range(repeat):
            outputs = [fn(a) for a, _ in posts]
        elapsed = time.perf_counter() - t0
        key = hit = hit_title = 0
        for (article, rec), out in zip(posts, outputs, strict=True):
            shown = scorer.norm(out)
            with_title = scorer.norm(article.title + "|" + out)
            for k in rec.get("key", []):
                c = scorer.core(k)
                key += 1
                hit += scorer.occurs(c, shown)
                hit_title += scorer.occurs(c, with_title)
        rate = len(posts) * repeat / elapsed
        rows.append((name, rate, hit / key if key else 0.0, hit_title / key if key else 0.0))

    base = {n: r for n, r, _, _ in rows}
    print(
        f"posts: {len(posts)} gold posts ({'quick' if args.quick else 'full'}), "
        f"python {sys.version.split()[0]}"
    )
    print(f"{'system':<12} {'posts/s':>10} {'recall':>8} {'+title':>8} {'ours is x faster':>17}")
    for name, rate, rec, rec_t in rows:
        ratio = base.get("ours", 0) / rate if rate else 0
        print(f"{name:<12} {rate:>10.1f} {rec:>8.3f} {rec_t:>8.3f} {ratio:>16.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
