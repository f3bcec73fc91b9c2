"""Developer tool: a review sheet of pushes for editors to judge with the rubric.

Usage: python scripts/review_sheet.py OUT.md FILE...   (posts in the finews format)

Each entry names the post file (the reviewer reads the post itself) and shows the
push exactly as a subscriber reads it (text view, the 阅读原文 button as a line).
Entries are numbered in a seeded shuffle so a reviewer judges them one by one,
not as a run of one outlet. The brief the editors (helpers) follow is
scripts/review_brief.md: SHIP or NO per push, each NO reason tagged by kind.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from bot.parser import decode_post, parse_post
from bot.render import render_push, render_text
from bot.summarizer import summarize


def entry(path: Path) -> str:
    article = parse_post(decode_post(path.read_bytes()), filename=path.name)
    push = render_push(article, summarize(article))
    text = render_text(push.html)
    if push.button:
        text += f"\n[{push.button[0]}] {push.button[1]}"
    return f"post: `{path}`\n\n```text\n{text}\n```\n"


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__)
        return 2
    out, files = Path(argv[1]), [Path(f) for f in argv[2:]]
    random.Random(7).shuffle(files)
    parts = [f"## {i}\n\n{entry(f)}" for i, f in enumerate(files, 1)]
    out.write_text("# Pushes to review\n\n" + "\n".join(parts), encoding="utf-8")
    print(f"{len(files)} pushes written to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
