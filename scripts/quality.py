"""Developer tool: score, dump and compare pushes in-process, without looking at the blind holdout.

Every session of issue 9 needs the same loop: change a rule, see which pushes of the corpus it
changes, read them, score the gold sets. The gold scorers in ../shared/gold run the CLI once per
post (a minute per set); this runs the same scorers in one process (seconds).

  python scripts/quality.py score dev [--fig] [--verbose]   # h1 h2 h3 h4 h5 extra as well
  python scripts/quality.py dump OUT.jsonl                   # every corpus push but the blind set's
  python scripts/quality.py diff OLD.jsonl NEW.jsonl         # what changed, post by post
  python scripts/quality.py hashes OUT.json [--against OLD.json]  # blind set: counts only
  python scripts/quality.py blame BASE                       # blind pushes each commit changes
  python scripts/quality.py why FILE                         # ranked line candidates and verdicts
                                                             # (WHY_TOP=N: the first N, not 14)

The blind holdouts (BLINDS: tests/summarizer/data/holdout4 and holdout6) stay blind: `score`
gives only their totals, `dump` and `why` skip or refuse their posts, and `hashes` prints how
many of their pushes changed, never what they say; `blame` says, per commit since BASE, how
many of them it changed (which rule to take to a blind A/B: `scripts/review_ab.py --blind`).
Scores are the real CLI's (the gold scorers are imported and fed the same JSON
`finews-bot preview --json` prints); quote the real CLI's output line in notes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = (ROOT / ".." / "shared").resolve()
DATA = ROOT / "tests" / "summarizer" / "data"
BLINDS = (DATA / "holdout4", DATA / "holdout6")  # every blind holdout; holdout6 since 2026-12-05
SETS = {  # name -> (push gold, figure gold)
    "dev": (SHARED / "gold" / "push-dev.jsonl", SHARED / "gold" / "figures-dev.jsonl"),
    "h1": (DATA / "holdout" / "push-holdout.jsonl", DATA / "holdout" / "figures-holdout.jsonl"),
    "extra": (None, DATA / "figures-dev-extra.jsonl"),
}
for _n in (2, 3, 4, 5, 6):
    SETS[f"h{_n}"] = (
        DATA / f"holdout{_n}" / "push-holdout.jsonl",
        DATA / f"holdout{_n}" / "figures-holdout.jsonl",
    )


def _files(gold: Path) -> set[str]:
    return {
        json.loads(x)["file"] for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()
    }


def _chosen(folder: Path) -> set[str]:
    """A holdout's posts from its chosen.txt, readable before its labels exist."""
    path = folder / "chosen.txt"
    if not path.exists():
        return set()
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return {row.split()[1] for row in rows if row.strip()}


def _labelled(folder: Path) -> set[str]:
    names = ("push-holdout.jsonl", "figures-holdout.jsonl")
    return set().union(*(_files(folder / n) for n in names if (folder / n).exists()))


def blind_files() -> set[str]:
    return set().union(*(_chosen(f) | _labelled(f) for f in BLINDS))


def preview(post: Path) -> dict[str, Any]:
    """What `finews-bot preview FILE --json` prints, computed in this process."""
    from bot.config import Settings
    from bot.parser import parse_file
    from bot.render import render_push
    from bot.summarizer import summarize

    s = Settings().summary
    article = parse_file(post)
    summary = summarize(article, max_chars=s.max_chars, max_figures=s.max_figures)
    data = {k: v for k, v in article.to_json().items() if k != "paragraphs"}
    data.update(summary.to_json())
    data["message_html"] = render_push(article, summary).html
    return data


def score(name: str, fig: bool, verbose: bool) -> None:
    if name in ("h4", "h6") and verbose:
        sys.exit(f"{name} is blind: totals only")
    sys.path.insert(0, str(SHARED / "gold"))
    import score as figure_scorer  # type: ignore[import-not-found]
    import score_push  # type: ignore[import-not-found]

    push, figures = SETS[name]
    figure_scorer.run_preview = score_push.run_preview = lambda _cmd, post: preview(Path(post))
    gold, scorer = (figures, figure_scorer) if fig or push is None else (push, score_push)
    sys.argv = ["score", "--gold", str(gold), "--corpus", str(SHARED / "corpus")]
    sys.argv += ["--verbose"] if verbose else []
    scorer.main()


def _record(rel: str) -> dict[str, Any]:
    try:
        d = preview(SHARED / "corpus" / rel)
    except Exception as exc:  # a crash on a post is a result to compare
        return {"file": rel, "error": repr(exc)}
    lines = [f"{f.get('label')}|{f.get('value')}|{f.get('change') or ''}" for f in d["figures"]]
    return {
        "file": rel,
        "title": d.get("title"),
        "summary": d.get("summary"),
        "figures": lines,
        "tickers": d.get("tickers"),
    }


def dump(out: Path) -> None:
    corpus, skip = SHARED / "corpus", blind_files()
    with out.open("w", encoding="utf-8") as fh:
        for post in sorted(corpus.rglob("*.md")):
            rel = str(post.relative_to(corpus))
            if rel not in skip:
                fh.write(json.dumps(_record(rel), ensure_ascii=False) + "\n")


def diff(old: Path, new: Path) -> None:
    def load(p: Path) -> dict[str, dict[str, Any]]:
        rows = (json.loads(x) for x in p.read_text(encoding="utf-8").splitlines() if x.strip())
        return {r["file"]: r for r in rows}

    a, b = load(old), load(new)
    changed = 0
    for f, ra in a.items():
        rb = b.get(f, {})
        if ra == rb:
            continue
        changed += 1
        print("==", f, "|", ra.get("title"))
        for k in ("summary", "figures", "tickers", "error"):
            if ra.get(k) != rb.get(k):
                print("  -", k, ra.get(k))
                print("  +", k, rb.get(k))
    print("changed", changed, "of", len(a))


def hashes(out: Path, against: Path | None) -> None:
    got = {}
    for rel in sorted(blind_files()):
        r = _record(rel)
        got[rel] = hashlib.sha1(json.dumps(r, ensure_ascii=False).encode()).hexdigest()
    out.write_text(json.dumps(got), encoding="utf-8")
    if against:
        old = json.loads(against.read_text(encoding="utf-8"))
        for folder in BLINDS:
            posts = _chosen(folder) | _labelled(folder)  # read once, not once per post
            mine = {k: v for k, v in got.items() if k in posts}
            moved = sum(old.get(k) != v for k, v in mine.items())
            print(f"{folder.name}: blind pushes changed: {moved} of {len(mine)}")


def why(post: Path) -> None:
    """The ranked candidates choose() sees, each with its label and why it is (not) shown."""
    if post.name in {Path(f).name for f in blind_files()}:
        sys.exit("a blind holdout post")
    import bot.summarizer.figures as figures
    import bot.summarizer.ranking as r

    original = r.choose

    def traced(ranked: list[Any], prev: dict[int, Any], max_figures: int, title: str = "") -> Any:
        for c in ranked[: int(os.environ.get("WHY_TOP", "14"))]:
            raw = r.final_label(c)
            label = r.readable(raw, c.is_change) if raw else r.borrowed_label(c, prev.get(id(c)))
            shown = r.shown_label(c, {id(c): label}, prev, title, "", {}) if label else ""
            flags = [
                f
                for f, on in (
                    ("floor", c.score < r.LINE_FLOOR),
                    ("deep", c.para >= r.DEEP_PARA and r.LINE_FLOOR <= c.score < r.DEEP_FLOOR),
                    ("background", c.background),
                    ("bare", label in r.BARE_NOUNS),
                )
                if on
            ]
            if label and not r._owned(c, shown, title):
                flags.append("unowned")
            kind, change = c.q.kind, c.is_change
            ok = label and r.line_ok(shown, c.value, c.sent, c.span, kind, is_change=change)
            flags += [] if ok else ["guard"]
            where = f"{c.score:6.1f} p{c.para:<3} {c.value:<14} {c.change or '':<10}"
            print(where, repr(shown), " ".join(flags))
        out = original(ranked, prev, max_figures, title)
        print("shown:", [(c.value, label) for c, label in out])
        return out

    figures.choose = traced
    d = preview(post)
    print("title:", d["title"])
    print("summary:", d["summary"])


_HASHES = """
import hashlib, json, sys
sys.path.insert(0, "scripts")
import quality
out = {}
for rel in json.loads(sys.stdin.read()):  # this checkout's blind posts, the same for every commit
    r = quality._record(rel)
    out[rel] = hashlib.sha1(json.dumps(r, ensure_ascii=False).encode()).hexdigest()
print(json.dumps(out))
"""


def blame(base: str) -> None:
    """For each commit since `base`, how many blind pushes differ from its parent's (counts only).

    Each commit is checked out as a worktree beside this checkout (the corpus is read from
    ../shared, so the worktree must sit where this one does) and rendered in a subprocess."""
    import os
    import subprocess

    def git(*a: str) -> str:
        done = subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, check=True)
        return done.stdout

    commits = [base, *git("rev-list", "--reverse", f"{base}..HEAD").split()]
    tree = ROOT.parent / f".blame-{os.getpid()}"
    prev: dict[str, str] | None = None
    for c in commits:
        git("worktree", "add", "--detach", "-f", str(tree), c)
        try:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            done = subprocess.run(
                [sys.executable, "-c", _HASHES], cwd=tree, env=env, capture_output=True,
                text=True, check=True, input=json.dumps(sorted(blind_files())),
            )  # fmt: skip
            got = json.loads(done.stdout)
        finally:
            git("worktree", "remove", "--force", str(tree))
        if prev is not None:
            n = sum(prev.get(k) != v for k, v in got.items())
            print(f"{c[:7]} {n} of {len(got)}  {git('log', '-1', '--format=%s', c).strip()[:70]}")
        prev = got


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = ap.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("score")
    s.add_argument("set", choices=sorted(SETS))
    s.add_argument("--fig", action="store_true", help="the figure gold (score.py)")
    s.add_argument("--verbose", action="store_true")
    sub.add_parser("dump").add_argument("out", type=Path)
    d = sub.add_parser("diff")
    d.add_argument("old", type=Path)
    d.add_argument("new", type=Path)
    h = sub.add_parser("hashes")
    h.add_argument("out", type=Path)
    h.add_argument("--against", type=Path)
    sub.add_parser("why").add_argument("post", type=Path)
    sub.add_parser("blame").add_argument("base")
    args = ap.parse_args()
    if not (SHARED / "corpus").is_dir():
        sys.exit(f"{SHARED / 'corpus'} not found: the corpus is read from ../shared")
    if args.cmd == "score":
        score(args.set, args.fig, args.verbose)
    elif args.cmd == "dump":
        dump(args.out)
    elif args.cmd == "diff":
        diff(args.old, args.new)
    elif args.cmd == "hashes":
        hashes(args.out, args.against)
    elif args.cmd == "blame":
        blame(args.base)
    else:
        why(args.post)


if __name__ == "__main__":
    main()
