"""Developer tool: an A/B sheet of the pushes a change alters, for an editor blind to which is new.

Usage: python scripts/review_ab.py BASE OUT_DIR [--seed N] [--blind]

Every corpus post outside the blind holdouts (scripts/quality.py BLINDS) is rendered as a
subscriber reads it, by the code at BASE (a git revision, checked out in a temporary
worktree) and by the working tree. The posts whose push differs go into OUT_DIR/sheet-ab.md,
each as two pushes A and B in a seeded random order; OUT_DIR/key.json says which is which
(keep it from the editor). The editor's brief: scripts/review_ab_brief.md.

--blind takes the blind holdouts' posts instead, and nothing else: the developer does not open
that sheet; a helper judges it with the brief's blind paragraph and reports only counts. Dev
posts are tuned on, so a rule the dev A/B prefers can still read worse on unseen posts (tenth
session: dev rounds 9-1 and 10-2 for the new pushes, the blind one 0-4).

A rule that looks right on the scores can still read worse; an editor who compares the old
and the new push of the same post, not knowing which is which, says whether a change helps.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from quality import SHARED, blind_files  # noqa: E402

# Run in the checkout whose pushes are wanted: renders every post named on stdin as JSON.
_RENDER = """
import json, sys
sys.path.insert(0, "scripts")
from pathlib import Path
from review_sheet import entry
out = {}
for rel in json.load(sys.stdin):
    try:
        out[rel] = entry(Path(sys.argv[1]) / rel)
    except Exception as exc:  # a crash is a result to compare
        out[rel] = f"error: {exc!r}"
json.dump(out, sys.stdout, ensure_ascii=False)
"""


def render(tree: Path, posts: list[str]) -> dict[str, str]:
    """The pushes of `posts` as the code in `tree` renders them (a subprocess of its own)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(
        [sys.executable, "-c", _RENDER, str(SHARED / "corpus")],
        input=json.dumps(posts),
        capture_output=True,
        text=True,
        cwd=tree,
        env=env,
        check=True,
    )
    return json.loads(done.stdout)


def _body(entry: str) -> str:
    return entry.split("\n", 2)[2] if entry.startswith("post:") else entry + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("base", help="git revision of the old pushes")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--blind", action="store_true", help="the blind holdouts' posts only")
    args = ap.parse_args()
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        sys.exit(f"{corpus} is missing: the A/B sheet needs the shared corpus")
    skip = blind_files()
    posts = sorted(
        str(p.relative_to(corpus))
        for p in corpus.rglob("*.md")
        if (str(p.relative_to(corpus)) in skip) == args.blind
    )
    new = render(ROOT, posts)
    with tempfile.TemporaryDirectory() as tmp:
        old_tree = Path(tmp) / "base"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(old_tree), args.base],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        try:
            old = render(old_tree, posts)
        finally:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(old_tree)], cwd=ROOT, check=False
            )
    changed = [p for p in posts if old.get(p) != new.get(p)]
    rng = random.Random(args.seed)
    rng.shuffle(changed)
    args.out.mkdir(parents=True, exist_ok=True)
    parts, key = ["# A/B sheet: two pushes of the same post\n"], {}
    for i, rel in enumerate(changed, 1):
        pair = [("old", old[rel]), ("new", new[rel])]
        rng.shuffle(pair)
        key[i] = {"file": rel, "A": pair[0][0], "B": pair[1][0]}
        parts.append(
            f"## {i}\n\npost: `{corpus / rel}`\n\n### Push A\n\n{_body(pair[0][1])}\n"
            f"### Push B\n\n{_body(pair[1][1])}"
        )
    (args.out / "sheet-ab.md").write_text("\n".join(parts), encoding="utf-8")
    (args.out / "key.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n")
    print(f"{len(changed)} of {len(posts)} pushes differ: {args.out}/sheet-ab.md, key.json")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
