"""Post files for the fake GitHub repository: real posts of the repo under new ids.

The texts are the posts bundled with the tests and the demo (tests/sources/data,
bot/demo/posts); each copy gets a new id in its file name and original link, and a new
publication time, so a test can publish many distinct articles from a few real posts.
Beyond the first copy of each post, the Chinese characters of its title and lead are
replaced by common words drawn for that copy (`_disguise`): otherwise every copy would be the same
story told again, which the pipeline rightly folds into one push.
"""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

CST = timezone(timedelta(hours=8))
ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = (ROOT / "tests" / "sources" / "data", ROOT / "bot" / "demo" / "posts")


def templates() -> list[tuple[str, str]]:
    """(file name, text) of the real posts bundled with the repo (tests' data, demo)."""
    seen: dict[str, str] = {}
    for folder in TEMPLATE_DIRS:
        for p in sorted(folder.glob("*.md")):
            seen.setdefault(p.name, p.read_text(encoding="utf-8"))
    return sorted(seen.items())


_ID = re.compile(r"\d{18}")
_CJK = re.compile(r"[\u4e00-\u9fff]")
LEAD_CJK = 160  # more than the story stage's lead (120 characters)


@lru_cache(maxsize=1)
def _words() -> tuple[str, ...]:
    """Common two-character words of jieba's dictionary (known words segment fast)."""
    import jieba

    with open(jieba.get_dict_file().name, encoding="utf-8") as f:
        rows = (line.split() for line in f)
        return tuple(sorted(w for w, freq, *_ in rows if len(w) == 2 and int(freq) >= 2000))


def _disguise(text: str, k: int) -> str:
    """Copy `k` with the CJK characters of its title and lead replaced by common words
    drawn for this copy (the story stage compares titles and leads, so the copies are
    distinct stories); the rest of the body stays the real text."""
    rng = random.Random(k)
    stream = iter("".join(rng.choice(_words()) for _ in range(LEAD_CJK)))
    budget = [LEAD_CJK]

    def swap(m: re.Match[str]) -> str:
        if budget[0] <= 0:
            return m.group(0)
        budget[0] -= 1
        return next(stream)

    front_end = text.index("\n---", text.index("---") + 3)
    front, rest = text[:front_end], text[front_end:]
    front = re.sub(r"(?m)^(title: )(.*)$", lambda m: m[1] + _CJK.sub(swap, m[2]), front)
    return front + _CJK.sub(swap, rest)


def make_post(k: int, when: datetime, posts_dir: str = "_posts") -> tuple[str, bytes]:
    """Post number `k`: a real post's text under a new id (file name and original link)
    and publication time `when`, so `k` distinct articles can be published."""
    pool = templates()
    name, text = pool[k % len(pool)]
    if k >= len(pool):
        text = _disguise(text, k)
    old_id = _ID.search(name)
    assert old_id, name
    new_id = old_id.group(0)[:8] + f"{k:010d}"
    text = text.replace(old_id.group(0), new_id)
    stamp = when.astimezone(CST)
    text = re.sub(r"(?m)^date: .*$", f"date: {stamp:%Y-%m-%d %H:%M:%S} +0800", text, count=1)
    slug = name[11:].replace(old_id.group(0), new_id)
    return f"{posts_dir}/{stamp:%Y-%m-%d}-{slug}", text.encode("utf-8")


def make_posts(first: int, n: int, start: datetime) -> dict[str, bytes]:
    """`n` posts numbered from `first`, one minute apart from `start`."""
    return dict(make_post(first + i, start + timedelta(minutes=i)) for i in range(n))
