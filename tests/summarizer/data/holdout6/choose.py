#!/usr/bin/env python3
"""Seeded choice of the sixth blind holdout (run: python choose.py > chosen.txt)."""

import json
import random
import re
from pathlib import Path

SEED = 20261208
ROOT = Path("/work/shared/corpus")
GOLD = Path("/work/shared/gold")
DATA = Path(__file__).resolve().parent.parent  # tests/summarizer/data

used = set()
jsonls = [GOLD / "push-dev.jsonl", GOLD / "figures-dev.jsonl"]
jsonls += sorted(DATA.glob("*.jsonl")) + sorted((DATA / "holdout").glob("*.jsonl"))
jsonls += [DATA / "holdout2" / "push-holdout.jsonl"]  # the second holdout's 40 posts
jsonls += [DATA / "holdout3" / "push-holdout.jsonl"]  # the third holdout's 30 posts
jsonls += [DATA / "holdout4" / "push-holdout.jsonl"]  # the fourth holdout's 30 posts
jsonls += [DATA / "holdout5" / "push-holdout.jsonl"]  # the fifth holdout's 30 posts
for path in jsonls:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            used.add(json.loads(line)["file"])
stories = json.loads((GOLD / "stories-dev.json").read_text(encoding="utf-8"))
for members in stories["clusters"].values():  # posts labelled as same-story clusters
    used.update(members)
# stories["files"] lists all 99 posts (the scorer's universe); only cluster members are labels

QTY = re.compile(r"\d(?:[\d.,]*)\s*(?:%|亿|万|元|美元|股|吨|辆|倍|个|家|点|手|桶|只|台|港元)")


def body(p: Path) -> str:
    raw = p.read_text(encoding="utf-8")
    parts = raw.split("---", 2)
    text = re.sub(r"<[^>]+>", "", parts[2] if len(parts) == 3 else raw)
    return re.sub(r"<https?://[^>]*>|\[[^\]]*\]\([^)]*\)", "", text)


posts = []
for p in sorted((ROOT / "posts").glob("*.md")):
    rel = f"posts/{p.name}"
    if rel not in used and QTY.search(body(p)):  # flash posts with a quantity in the body
        posts.append(rel)
groups: dict[str, list[str]] = {"em": [], "wscn": [], "36kr": []}
for p in sorted((ROOT / "long").glob("*.md")):
    rel = f"long/{p.name}"
    if rel in used:
        continue
    for g in groups:
        if re.match(rf"^[\d-]+{g}", p.name):
            groups[g].append(rel)

rng = random.Random(SEED)
pick = {  # every remaining post of every pool, in a seeded order
    "posts": rng.sample(posts, len(posts)),
    "wscn": rng.sample(groups["wscn"], len(groups["wscn"])),
    "36kr": rng.sample(groups["36kr"], len(groups["36kr"])),
}
pick["em"] = rng.sample(groups["em"], len(groups["em"]))
print(
    json.dumps(
        {"seed": SEED, "pools": {"posts": len(posts), **{g: len(v) for g, v in groups.items()}}}
    )
)
for g in ("posts", "em", "wscn", "36kr"):
    for f in pick[g]:
        print(g, f)
