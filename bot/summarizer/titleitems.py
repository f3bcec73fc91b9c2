"""The title's items that the summary leaves out, said by the body's own clause.

A wrap's title lists the session's news item by item (美股三大指数收跌 … SpaceX跌近5%): the index
moves first, then a mover, a board, a commodity. The summary's sentences are the post's, and the
sentence that names a mover usually lists a dozen others, so it rarely fits beside the index
sentence: the push then says the indices but not the title's mover. In a wrap each clause of
such a list is a whole statement of its own (`SpaceX跌近5%`, `太空概念股普涨`: a name and its
move), so the clause that says a missing title item is added as a sentence of its own, when it
fits. Only clauses that open on the item's own name and state a move; never a clause that leans
on another (其中, 其, 该…), and nothing of the title itself.

Other news titles say several facts too (美参议院再次否决两党拨款法案 联邦政府继续停摆), but a
clause of an ordinary sentence often has no subject of its own or is a speaker's tag (特朗普称,
据知情人士透露): there a clause is added only when it opens on a name (a person, place,
organisation or company, as jieba tags it) and goes on to a verb that is no reporting verb.
"""

from __future__ import annotations

import re

from bot.summarizer.fill import NOT_ALONE, SAID, TOUCHED, clause_share, title_clauses
from bot.summarizer.headings import is_heading
from bot.summarizer.labels import pos_words
from bot.summarizer.segment import NAME_TAGS
from bot.summarizer.text import sentences
from bot.summarizer.titlewords import Units, measure

_CLAUSE = re.compile(r"[^，,；;。！!？?]+")
# A move said in the clause: the news of a wrap's item (涨超8%, 普涨, 创新高, 大跌).
_MOVE = re.compile(r"[涨跌]|新高|新低")
_REACH = 8  # paragraphs: a wrap reports its movers in its first screen
_NAME_AT = 6  # the item's name opens the clause (its subject), not a word further in
# A clause that only says who spoke (特朗普称, 韶音高层明确指出): its statement is elsewhere.
_SPEAKS = re.compile(r"(?:称|指出|表示|认为|透露|获悉|强调|说|介绍|坦言|提到|显示|宣布|预计)$")


def add_items(
    text: str, units: Units, title: str, body: list[str], max_chars: int, *, wrap: bool
) -> str:
    """`text` and, in the title's order, the body clause of each title item it does not say.

    `wrap`: a market wrap's title (its items are moves, and its list clauses stand alone)."""
    have, _ = measure(text, units)
    clauses: list[str] | None = None  # the first screen's clauses, split once for every item
    for item in title_clauses(title, units):
        if clause_share(have, item, units) >= TOUCHED or (wrap and not _moves(item)):
            continue
        if clauses is None:
            clauses = _clauses(body)
        said = _said_by(item, units, clauses, max_chars - len(text) - 1, wrap)
        if said and said not in text:
            text += said + "。"
            have = have | measure(said, units)[0]
    return text


def _moves(item: frozenset[str]) -> bool:
    """The title clause states a move (not a column name such as 全球市场)."""
    return any(_MOVE.search(u) for u in item)


def _clauses(body: list[str]) -> list[str]:
    """The clauses of the first screen that may stand alone: no section heading (it often
    restates the title), none that leans on another (其中, 其, 该…)."""
    out = []
    for para in body[:_REACH]:
        if is_heading(para):
            continue
        for sentence in sentences(para):
            for m in _CLAUSE.finditer(sentence):
                clause = m.group().strip()
                if len(clause) >= 4 and not NOT_ALONE.match(clause):
                    out.append(clause)
    return out


def _said_by(
    item: frozenset[str], units: Units, clauses: list[str], room: int, wrap: bool
) -> str | None:
    """The shortest clause that says `item` on its own: its name first, then its move (a wrap)
    or a verb that reports no speech (other news)."""
    names = [u for u in item if not _MOVE.search(u) and not u.replace(".", "").isdigit()]
    best: str | None = None
    for clause in clauses:
        if len(clause) > room or (best is not None and len(clause) >= len(best)):
            continue
        low = clause.lower()
        if not any(0 <= low.find(n) < _NAME_AT for n in names):
            continue
        if clause_share(measure(clause, units)[0], item, units) < SAID:
            continue
        if _MOVE.search(clause) if wrap else _stands_alone(clause):
            best = clause
    return best


def _stands_alone(clause: str) -> bool:
    """The clause opens on a name and goes on to a verb that reports no speech."""
    words = pos_words(clause)
    if not words or not words[0][1].startswith(NAME_TAGS) or _SPEAKS.search(clause):
        return False
    return any(tag.startswith("v") for _, tag in words[1:])
