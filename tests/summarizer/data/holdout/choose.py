#!/usr/bin/env python3
"""Seeded choice of the blind holdout (run: python choose.py)."""

import json
import random
import re
from pathlib import Path

SEED = 20261203
ROOT = Path("/work/shared/corpus")
GOLD = Path("/work/shared/gold")

used = set()
for name in ("push-dev.jsonl", "figures-dev.jsonl"):
    for line in (GOLD / name).read_text(encoding="utf-8").splitlines():
        if line.strip():
            used.add(json.loads(line)["file"])
stories = json.loads((GOLD / "stories-dev.json").read_text(encoding="utf-8"))
for members in stories["clusters"].values():  # posts labelled as same-story clusters
    used.update(members)
# note: stories["files"] lists all 99 posts (the scorer's universe); only cluster members are labels

QTY = re.compile(r"\d(?:[\d.,]*)\s*(?:%|亿|万|元|美元|股|吨|辆|倍|个|家|点|手|桶|只|台|港元)")


def body(p):
    raw = p.read_text(encoding="utf-8")
    parts = raw.split("---", 2)
    text = re.sub(r"<[^>]+>", "", parts[2] if len(parts) == 3 else raw)
    text = re.sub(r"<https?://[^>]*>|\[[^\]]*\]\([^)]*\)", "", text)
    return parts[1] if len(parts) == 3 else "", text


posts = []
for p in sorted((ROOT / "posts").glob("*.md")):
    rel = f"posts/{p.name}"
    if rel in used:
        continue
    front, text = body(p)
    if QTY.search(text):  # prefer items with numbers: keep those with a quantity
        posts.append(rel)
groups = {"em": [], "wscn": [], "36kr": []}
for p in sorted((ROOT / "long").glob("*.md")):
    rel = f"long/{p.name}"
    if rel in used:
        continue
    for g in groups:
        if re.match(rf"^[\d-]+{g}", p.name):
            groups[g].append(rel)

rng = random.Random(SEED)
pick = {
    "posts": rng.sample(posts, 12),
    "em": rng.sample(groups["em"], 14),
    "wscn": rng.sample(groups["wscn"], 8),
    "36kr": rng.sample(groups["36kr"], 6),
}
print(json.dumps({"pools": {"posts": len(posts), **{g: len(v) for g, v in groups.items()}}}))
for g, files in pick.items():
    for f in files:
        print(g, f)
