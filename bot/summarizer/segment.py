"""Chinese word segmentation for labels and guards: jieba's bundled dictionary plus the
metric nouns and market jargon it would split (营业收入, 中一签), loaded once.

Segmentation and tagging are cached per text: the same clause is looked at for every figure it
holds. Latin names jieba splits at - and + are joined back (Pre-A轮, B+轮).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.jieba_dict import jieba as _jieba
from bot.summarizer import postag

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-.]*")
# jieba's tags of a name: person, place, organisation, other proper noun; a Latin word
NAME_TAGS = ("nr", "ns", "nt", "nz", "eng")


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Word segmentation (cached: the same clause recurs across figures of a post)."""
    _jieba()  # the dictionary first
    return _join_latin([w for part in _latin_parts(text) for w in postag.cut(part) if w.strip()])


# Where a Latin name of two or more characters meets Chinese (AMD盘后涨, NBA股价): jieba's
# dictionary has D盘, A股, B站, so it cut AMD盘后涨 as AM / D盘 / 后涨 (a label 'AM D盘涨').
_LATIN_END = re.compile(r"(?<=[A-Za-z0-9][A-Za-z])(?=[\u4e00-\u9fff])")


def _latin_parts(text: str) -> list[str]:
    """`text` cut where a Latin name ends, so no word takes a letter of it."""
    return [p for p in _LATIN_END.split(text) if p]


def _join_latin(ws: list[str]) -> tuple[str, ...]:
    """Pre-A轮, B+轮, A+H: jieba splits Latin names at - and +; a label cut there changes
    the round (Pre-A shown as A) or leaves 轮融资."""
    out: list[str] = []
    for w in ws:
        last = out[-1] if out else ""
        sign_after_latin = w in ("-", "+") and last[-1:].isascii() and last[-1:].isalnum()
        latin_after_sign = last[-1:] in ("-", "+") and len(last) > 1 and _LATIN.match(w)
        if sign_after_latin or latin_after_sign:
            out[-1] += w
        else:
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=2048)
def pos_words(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) with the same dictionary (metric nouns kept whole)."""
    _jieba()  # the dictionary first

    return tuple((w, f) for part in _latin_parts(text) for w, f in postag.tag(part) if w.strip())
