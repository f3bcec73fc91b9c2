"""A long reported view cut to its speaker and the clauses that say what the title says.

A flash often is one sentence of 150–200 characters: "中邮证券指出，<reasons>，<reasons>，证券业景气
度不断上升，…，股价有望得到修复并进一步上行。" Cut at a clause boundary to fit a push, it keeps the
reasons and loses the conclusion the title states. When the sentence opens on who says it, the
speaker's clause and the later clauses that carry the title's words read as one statement (the
reasons between are left out, not rewritten): 中邮证券指出，证券业景气度不断上升，股价有望得到修复
并进一步上行。 Pure string rules over the title's units, no I/O.
"""

from __future__ import annotations

import re

from bot.summarizer.titlewords import Units, measure
from bot.summarizer.whose import SAYS_END

_CLAUSES = re.compile(r"(?<=[，,；;])")
# A clause that opens on a link to the one before (加之…, 叠加…, 主要原因是…) leans on what is
# left out: its link goes, or the clause does when nothing stands without it.
_LINK = re.compile(r"^(?:加之|叠加|并且|而且|同时|此外|另外|从而|进而|以及|并)")
_MIN_CLAUSES = 4  # a speaker, two or more reasons and the point: shorter views are cut as before


def speaker_gist(sentence: str, units: Units) -> str:
    """The speaker's clause and the later clauses carrying title words, or '' (see module doc)."""
    body = sentence.rstrip("。！!").strip()
    clauses = [c for c in _CLAUSES.split(body) if c]
    if len(clauses) < _MIN_CLAUSES:
        return ""
    head = clauses[0].rstrip("，,；; ")
    if not SAYS_END.search(head):
        return ""
    said, _ = measure(head, units)
    kept: list[str] = []
    for clause in clauses[1:]:
        text = clause.rstrip("，,；; ")
        have, _ = measure(text, units)
        if have - said:
            kept.append(_LINK.sub("", text))
            said = said | have
    if not kept or len(kept) == len(clauses) - 1:
        return ""  # nothing to leave out: the plain cut does
    return head + "，" + "，".join(kept) + "。"
