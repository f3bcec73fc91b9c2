"""What the post stresses and what the summary already says: two score adjustments made before
the lines are chosen (ranking.choose).

A figure the summary above the lines spells out needs no line of its own as much (demote_stated);
a precise figure the post states again past its lead is one the story turns on (reward_repeats).
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.quantities import Quantity
from bot.summarizer.text import fold

STATED_PENALTY = 10.0  # see demote_stated
REPEAT_BONUS = 6.0  # per other sentence that states the figure, up to two (see reward_repeats)
REPEAT_AFTER_PARA = 2  # paragraphs 0-1 are the lead


_NUM_HEAD = re.compile(r"(?=\d)(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?:[^\d.]|$)")


def demote_stated(cands: list[Cand], said: str, body_start: int, *, flash: bool = False) -> None:
    """Body figures whose value and change the summary already spells out rank a little lower.

    `flash`: the summary is a flash's own text. A line that says its number again is shown only
    if its label names a metric or a move (guards.line_ok strict): editors who compared flash
    pushes with and without such lines (reviews/2026-12-05-fifteenth) preferred the lines that
    name the headline figure, and failed the pushes whose lines were specs or fragments
    (岭澳核电 4台, 冷压机 500吨, 召回两批规格 100毫克).
    """
    stated = _numbers(said)
    for c in cands:
        if c.seg < body_start or c.score < 0:
            continue
        if _spelled(stated, said, c.value if not c.q.number else c.q.value, c.change):
            c.score -= STATED_PENALTY
            c.restated = flash


def _numbers(said: str) -> set[str]:
    """Each number of `said`, alone and with its unit head (8亿, 7%)."""
    return {
        x for m in _NUM_HEAD.finditer(said.replace(",", "")) for x in (m.group(0), m.group("n"))
    }


def _spelled(stated: set[str], said: str, value: str, change: str | None) -> bool:
    """`said` (its `_numbers`: `stated`) spells out the number and its change (8亿 for 8亿元)."""
    heads = [_NUM_HEAD.search(fold(t).replace(",", "")) for t in (value, change) if t]
    if not heads[0]:  # 翻倍, 近三成: no digits to compare, the words themselves
        return value in said
    return all(m is not None and m.group(0) in stated for m in heads)


def reward_repeats(cands: list[Cand]) -> None:
    """A precise number the post states again, past its lead, is one the story turns on.

    Position alone cannot rank a long article: past the first paragraphs every figure scores
    alike, and the key numbers of a section or of the conclusion are lost among the details.
    Writers restate the figure they mean (2600万美元 in the results and again in the outlook).
    Only precise values count (2600万美元, 245.8亿, 4.2%): round ones such as 2% or 10% recur by
    coincidence, for different things. Repeats inside the lead say nothing: it is ranked first
    anyway, and its numbers are restated in the body as a matter of course.
    """
    groups: dict[str, list[Cand]] = {}
    for c in cands:
        if _precise(c.q):
            groups.setdefault(c.key, []).append(c)
    for same in groups.values():
        if len(same) < 2:
            continue
        if min(o.para for o in same) < REPEAT_AFTER_PARA:
            continue  # in the title or the lead: position already ranks it
        for c in same:
            if c.score >= 0:
                others = {o.seg for o in same if o.seg != c.seg}
                c.score += REPEAT_BONUS * min(len(others), 2)


def _precise(q: Quantity) -> bool:
    """2600万美元, 4.2%, 1800元: a value unlikely to recur by chance (not 2%, 10%, 50家)."""
    if not q.number:
        return False  # 翻倍, 三成: the same words may well be two facts
    if "." in q.number or "万" in q.value or "亿" in q.value:
        return True
    return len(q.number.replace(",", "").strip("0")) >= 3
