"""Post files for the fake GitHub repository: real posts of the repo under new ids.

The texts are the posts bundled with the tests and the demo (tests/sources/data,
bot/demo/posts); each copy gets a new id in its file name and original link, and a new
publication time, so a test can publish many distinct articles from a few real posts.
Beyond the first copy of each post, the Chinese characters of its title and body are
shifted by a step of their own (`_disguise`): otherwise every copy would be the same
story told again, which the pipeline rightly folds into one push.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
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
_CJK_SIZE = 0x9FFF - 0x4E00 + 1


def _disguise(text: str, k: int) -> str:
    """The title and body of copy `k` with each CJK character moved by the copy's step;
    front matter other than the title (outlet, tags) is left as it is."""
    step = (k * 7919) % _CJK_SIZE

    def shift(m: re.Match[str]) -> str:
        return chr(0x4E00 + (ord(m.group(0)) - 0x4E00 + step) % _CJK_SIZE)

    front_end = text.index("\n---", text.index("---") + 3)
    front, rest = text[:front_end], text[front_end:]
    front = re.sub(r"(?m)^(title: )(.*)$", lambda m: m[1] + _CJK.sub(shift, m[2]), front)
    return front + _CJK.sub(shift, rest)


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
