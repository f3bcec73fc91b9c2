"""A sentence's setup (a purpose, a setting) before the clause that names the headline's actor."""

from __future__ import annotations

import re

from bot.summarizer.titlewords import Units, measure

# A sentence opening on a purpose or a setting ("为深入贯彻落实…精神，增强…，中国证监会对…进行
# 修改", "在AI算力狂飙…的背景下，…广合科技拟斥资60亿元…"): the clause naming the headline's actor
# is where the news starts. 为… (em 202607133803843167 为持续扩大内需…，制定本规划; posts
# 202112082207143352 为推动…，上海银保监局…印发), 在…背景下 (em 202601283632671519, wscn 3775570).
_SETUP_OPENING = re.compile(r"^(?:为了|为(?![期何什止此])|在[^，,。]{2,40}(?:背景|情况|形势)下)")
_CLAUSE_BREAK = re.compile(r"(?<=[，,])")


def drop_setup(s: str, units: Units) -> str:
    """The sentence from the clause that names the title's actor, when a setup opens it."""
    if not units.first or not _SETUP_OPENING.match(s):
        return s
    clauses = _CLAUSE_BREAK.split(s)
    for k, clause in enumerate(clauses):
        have, _ = measure(clause, units)
        if have & units.first:
            rest = "".join(clauses[k:])
            return rest if k and len(rest) >= 12 else s
    return s
