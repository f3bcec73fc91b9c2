"""Keyword matching cost: `bot.fanout.match.keywords_present`, which the fan-out runs on
every stored article over every DISTINCT keyword of all chats.

Keywords: pieces of 2-4 characters cut at random (seeded) from the posts themselves, plus
Latin/digit mixes (`iPhone16`, `Mate 3`): a few thousand, as a large install would hold.
Articles: 60 long posts and 60 flash items of ../shared/corpus. Each figure is the best of
5 passes in process CPU time (the caches of the keywords' forms are warm after the first
pass, as they are in the running bot). Run it on two checkouts to compare:

    PYTHONPATH=<tree> python <tree>/bench/keywords.py
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    from bot.fanout.match import keywords_present
    from bot.parser import parse_file

    rng = random.Random(7)
    files = sorted(CORPUS.glob("long/*.md"))[:60] + sorted(CORPUS.glob("posts/*.md"))[:60]
    if not files:
        sys.exit(f"{CORPUS} not found: the posts are read from ../shared")
    texts = []
    for f in files:
        a = parse_file(f)
        texts.append("\n".join([a.title, *a.paragraphs]))
    words = set()
    for t in texts:
        for _ in range(60):
            i = rng.randrange(max(1, len(t) - 4))
            words.add(t[i : i + rng.choice((2, 3, 4))].strip())
    stems = ("iPhone", "Mate", "A股", "AI", "GPT", "H", "Model ", "小米SU")
    words |= {f"{w}{n}" for w in stems for n in range(1, 40)}
    keywords = sorted(w for w in words if w)
    passes = []
    for _ in range(5):
        t0 = time.process_time()
        hits = sum(len(keywords_present(keywords, t)) for t in texts)
        passes.append(time.process_time() - t0)
    best = min(passes)
    print(
        f"keywords={len(keywords)} articles={len(texts)} hits={hits} "
        f"best_pass_s={best:.3f} ms_per_article={1000 * best / len(texts):.2f}"
    )


if __name__ == "__main__":
    main()
