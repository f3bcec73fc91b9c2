"""The regexes that open on `(?=[…])` (the characters a match can start with, so a scan skips
other offsets in C: the speed work of the twelfth session) match exactly as they do without it.

An alternative added later whose first character the class lacks would silently never match:
this test compares each such pattern with its unprefixed self on the project's own Chinese texts
(the labelled sets and review sheets under tests/summarizer/data) and on random strings made of
the pattern's own characters.
"""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from pathlib import Path

import bot.summarizer

DATA = Path(__file__).parent / "data"
# A leading lookahead of a plain (not negated) character class, nothing else: the speed prefix.
_PREFIX = re.compile(r"^\(\?=\[(?!\^)(?:\\.|[^\]\\])*\]\)")


def _prefixed() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for info in pkgutil.iter_modules(bot.summarizer.__path__):
        mod = importlib.import_module(f"bot.summarizer.{info.name}")
        for name, obj in vars(mod).items():
            is_str = isinstance(obj, re.Pattern) and isinstance(obj.pattern, str)
            if is_str and _PREFIX.match(obj.pattern):
                out.append((f"{info.name}.{name}", obj))
    return out


def _texts() -> list[str]:
    texts: list[str] = []
    for path in sorted(DATA.rglob("*")):
        if path.suffix in (".jsonl", ".md", ".txt") and path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                texts.extend(p for p in re.split(r"[。！？\n]", line) if len(p) >= 4)
    return texts


def _spans(p: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], tuple]]:
    return [(m.span(), m.groups()) for m in p.finditer(text)]


def test_there_are_prefixed_patterns_to_check() -> None:
    assert len(_prefixed()) >= 10


def test_a_prefixed_pattern_matches_as_its_unprefixed_self() -> None:
    texts = _texts()
    assert len(texts) > 5000
    rng = random.Random(20261205)
    for name, p in _prefixed():
        plain = re.compile(_PREFIX.sub("", p.pattern), p.flags)
        alphabet = sorted(set(re.sub(r"\\[a-zA-Z]|[\\\[\]()?:*+{}|^$.<>=!,\d-]", "", p.pattern)))
        alphabet += list("0123456789，。、 ")
        randoms = ["".join(rng.choice(alphabet) for _ in range(24)) for _ in range(3000)]
        for text in texts + randoms:
            assert _spans(p, text) == _spans(plain, text), (name, text)
