"""How summary-dev2 was drawn (run from the worktree root on 2026-12-04, before labelling).

Posts in none of the gold files, the tests' data files (any worktree) or the holdouts' chosen
lists; 10 flash items from corpus/posts and 30 long posts, random.Random(20261204). It leaves this
set itself out: a rerun gives the same list as long as the other sets are unchanged.
"""

import glob
import json
import pathlib
import random

CORPUS = pathlib.Path("/work/shared/corpus")


def used() -> set[str]:
    """Every post already labelled or set aside (holdout2 only through its chosen.txt)."""
    out: set[str] = set()
    data = glob.glob("tests/summarizer/data/**/*.jsonl", recursive=True)
    data += glob.glob("/work/w-*/tests/summarizer/data/**/*.jsonl", recursive=True)
    for name in [*glob.glob("/work/shared/gold/*.jsonl"), *data]:
        if "holdout2" in name or "summary-dev2" in name:
            continue
        with open(name) as fh:
            out |= {json.loads(line)["file"] for line in fh if line.strip()}
    lists = glob.glob("/work/w-*/tests/summarizer/data/holdout*/chosen.txt")
    for name in [*lists, "tests/summarizer/data/holdout/chosen.txt"]:
        with open(name) as fh:
            out |= {ln.split()[-1] for ln in fh if ln.strip() and not ln.startswith("{")}
    return out


def main() -> None:
    taken = used()
    posts = sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "posts").rglob("*") if p.is_file())
    longs = sorted(str(p.relative_to(CORPUS)) for p in (CORPUS / "long").rglob("*") if p.is_file())
    flash = [p for p in posts if p not in taken]
    long_ = [p for p in longs if p not in taken]
    rng = random.Random(20261204)
    first = rng.sample(flash, min(10, len(flash)))
    for name in first + rng.sample(long_, 40 - len(first)):
        print(name)


if __name__ == "__main__":
    main()
