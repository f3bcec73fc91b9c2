#!/usr/bin/env python3
"""Self-checks of the holdout gold (no bot involved): values in the reader text, no two figures of a
post with the same scorer core(), summary_ref <= 120 chars, must items found in summary_ref, and
oracle lines (first alternative of every label_must group + value, a forecast marker when needed)
that the push scorer's judge_line calls right."""

import importlib.util
import json
import sys
from pathlib import Path

# The holdout folder (its lab/, chosen.txt and JSONL files): the argument, else the current one.
HERE = Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else Path.cwd()
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, "/work/shared/gold")
from rt import text  # noqa: E402
from score import core  # noqa: E402

_spec = importlib.util.spec_from_file_location("score_push", "/work/shared/gold/score_push.py")
score_push = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(score_push)


def oracle_line(g: dict) -> dict:
    """A figure line that carries exactly what the gold asks for."""
    label = "".join(grp.split("|")[0] for grp in g["label_must"]) + (
        "预计" if g["forecast"] else ""
    )
    return {"label": label, "value": g["value"], "change": ""}


def main() -> int:
    problems = []
    rows = [
        json.loads(x)
        for x in (HERE / "push-holdout.jsonl").read_text(encoding="utf-8").splitlines()
        if x
    ]
    for r in rows:
        f, t = r["file"], text(r["file"])
        if len(r["summary_ref"]) > 120:
            problems.append(f"{f}: summary_ref {len(r['summary_ref'])} chars")
        for m in r["summary_must"]:
            if not score_push.has(m, score_push.norm(r["summary_ref"])):
                problems.append(f"{f}: must {m!r} not in summary_ref")
        for h in r["summary_bad"]:
            if score_push.norm(h) in score_push.norm(r["summary_ref"]):
                problems.append(f"{f}: hook {h!r} is in summary_ref")
        cores = {}
        for g in r["figures"]:
            if g["value"] not in t:
                problems.append(f"{f}: {g['value']!r} not in the reader text")
            c = core(g["value"])
            if c in cores:
                problems.append(f"{f}: {g['value']!r} and {cores[c]!r} share core {c!r}")
            cores[c] = g["value"]
            v = score_push.judge_line(oracle_line(g), g, "")
            if v != "right":
                problems.append(f"{f}: oracle line for {g['value']!r} is {v}")
    for p in problems:
        print(p)
    print(f"{len(rows)} records checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
