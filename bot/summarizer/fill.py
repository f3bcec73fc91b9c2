"""What the chosen sentences leave out of the headline, said by one more sentence that fits.

The title is the editor's own statement of the news, clause by clause ("美国股指期货大幅拉升 虚拟
货币全线大反攻"). The best one or two sentences often carry one clause and leave room: a push
that says the crypto rebound but not the futures rally, or a feature's thesis with none of its
figures, misses news the post states a few sentences on. When a later sentence that fits says an
untouched clause of the title, names the actor of a title clause the summary never names, or
states the figures a figureless summary lacks, it is added where the post has it. A summary
that states no fact at all (a column's teaser: 时隔22年，分红型重疾险或再度获准登场。) takes the
first fact after it that is dated or shares the title's words (9月30日，国家金融监管总局出台…):
editors failed such pushes for having no actor and no event. Only whole facts: no hook, quote,
question or sentence that leans on one not shown.
"""

from __future__ import annotations

import re

from bot.summarizer.labels import pos_words
from bot.summarizer.salience import CLEAN_SHAPE, CONNECTIVE, Candidate, Units, title_units

# A title clause that asks is no fact to carry: it ends on a question mark ("发生了什么？") or
# asks which (哪: "本轮AI行情走到哪了" in em 202605243747484485, "买了哪些股" in
# posts 202112082207150622).
_ASKING = re.compile(r"[？?]$|哪")
# A clause of the title, its question mark kept with it.
_CLAUSE = re.compile(r"[^，,、！!？?：:；;|｜丨\s]+[？?]?")
TOUCHED = 0.34  # a clause whose units the summary carries this much of is said already
SAID = 0.5  # and the added sentence must carry this much of an untouched one
_MIN_ROOM = 16
# Who or what the sentence speaks of is in one the summary does not show ("他估计关税…" in
# em 202510093529754336, "在第一财季，该公司…" in wscn 3773824), or it opens on a condition or
# concession whose main clause is elsewhere ("即便大众最终裁减10万人——…" in wscn 3778529): it may
# only follow the sentence before it. Pronouns and conjunctions, not a lexicon of news words.
NOT_ALONE = re.compile(
    r"^(?:[^，,。]{0,12}[，,])?(?:他|她|它|该公司|该行|该机构|该股|该指数|该|其|这|那)|"
    r"^(?:尽管|虽然|即便|即使|如果|若|假如|由于|因为|随着|为了|除了)|"
    r"^[^，,。]{0,12}的(?:这|此)[番一些种次项]"  # 某人的这番表态，…: a remark said before
)
_ACTOR_REACH = 16  # a title clause's actor named this early is the sentence's subject
# A flash summary shorter than this share of the room is its first sentence alone: the flash's
# next fact is its news too (规划提出，到2025年，… after 国务院印发《…规划》 under …目标公布:
# editors missed the goals; 今年以来可选消费…估值修复 after a broker's one-line thesis).
SHORT_FLASH = 0.5


def title_clauses(title: str, units: Units) -> list[frozenset[str]]:
    """The title's statement clauses as sets of its units (asking clauses left out).

    Kept on `units` (one summary's): extend and add_items both ask, and each clause's units
    (title_units) take time to find."""
    if title not in units.clauses:
        units.clauses[title] = tuple(_title_clauses(title, units))
    return list(units.clauses[title])


def _title_clauses(title: str, units: Units) -> list[frozenset[str]]:
    out = []
    for clause in _CLAUSE.findall(title):
        if len(clause) < 2 or _ASKING.search(clause):
            continue
        own = frozenset(u for u in title_units(clause) if u in units)
        if len(own) >= 2:
            out.append(own)
    return out


def clause_share(have: frozenset[str], clause: frozenset[str], units: Units) -> float:
    """How much of a title clause (by weight) the units `have` carry."""
    total = sum(units[u] for u in clause) or 1.0
    return sum(units[u] for u in have & clause) / total


# Who a title clause is about: a person, an organisation or a Latin name its first word is
# (jieba's tags), or a company the parser found in the title.
_NAME_TAGS = ("nr", "nt", "nz", "eng")


def clause_actors(title: str, names: tuple[str, ...] = ()) -> list[str]:
    """The actor each statement clause after the first opens on (贝森特 of "…引发抛售后 贝森特出面
    救火"): a clause's other words are often a figure of speech (出面救火) the body never
    uses, while the body names the actor as the title does."""
    out = []
    for clause in _CLAUSE.findall(title)[1:]:
        if _ASKING.search(clause):
            continue
        ws = pos_words(clause)
        if not ws:
            continue
        word, tag = ws[0]
        named = next((n for n in names if clause.startswith(n)), None)
        if named or (tag.startswith(_NAME_TAGS) and len(word) >= (3 if word.isascii() else 2)):
            out.append(named or word)
    return out


def _adds(
    c: Candidate,
    have: frozenset[str],
    figures: bool,
    clauses: list[frozenset[str]],
    units: Units,
    actors: tuple[str, list[str]] = ("", []),
) -> bool:
    """Whether c says a title clause the summary leaves untouched, or figures it has none of,
    or names the actor of a title clause the summary never names."""
    if not figures and c.figures and (c.units & units.first or len(c.units) >= 2):
        return True  # the figures of the headline's subject, not of a side remark
    said, names = actors
    opening = _bare(c)[:_ACTOR_REACH].lower()  # the actor is who the sentence speaks of
    if any(n.lower() not in said and n.lower() in opening for n in names):
        return True
    return any(
        clause_share(have, k, units) < TOUCHED and clause_share(have | c.units, k, units) >= SAID
        for k in clauses
    )


def extend(
    chosen: list[Candidate],
    pool: list[Candidate],
    units: Units,
    title: str,
    max_chars: int,
    names: tuple[str, ...] = (),
    *,
    flash: bool = False,
) -> list[Candidate]:
    """The chosen sentences and, when it fits, one more sentence after the first that adds
    headline news, in the post's order.

    `names`: the companies the title names (Article.title_names); `flash`: the post is a flash
    item, whose every sentence is its news: the next one that states figures fits as it is
    (…现报17.74港元，总市值225亿港元。大和首予其买入评级，目标价21港元。), and so does any next
    fact after a summary shorter than SHORT_FLASH of the room."""
    room = max_chars - sum(len(c.text) for c in chosen)
    if room < _MIN_ROOM:
        return chosen
    have = frozenset().union(*(c.units for c in chosen))
    figures = any(c.figures for c in chosen)
    clauses = title_clauses(title, units)
    said = "".join(c.text for c in chosen).lower()
    actors: tuple[str, list[str]] | None = None  # tagged only for a sentence that may be added
    taken = {c.index for c in chosen}
    best: Candidate | None = None
    for c in pool:
        if c.index <= chosen[0].index or c.index in taken:
            continue  # the summary opens on its first sentence; it goes where the post has it
        if c.digest or c.headless or c.shape < CLEAN_SHAPE:
            continue
        if c.cut or len(c.text) > room:
            continue  # whole sentences only: a clause cut of a third sentence reads as a list
        before = max((x for x in chosen if x.index < c.index), key=lambda x: x.index)
        if before.cut:
            continue  # shown up to a clause boundary: nothing may follow it
        if c.index != before.index + 1 and NOT_ALONE.match(_bare(c)):
            continue  # (a leaning sentence is shown without its connective: see _bare)
        actors = actors or (said, clause_actors(title, names))
        follows = flash and c.index == chosen[-1].index + 1 and c.fact
        # a flash's next figures, or any next fact of a flash whose summary says little so far
        next_fact = follows and (bool(c.figures) or len(said) < max_chars * SHORT_FLASH)
        first_fact = not any(x.fact for x in chosen) and c.fact and (c.anchor or bool(c.units))
        if (next_fact or first_fact or _adds(c, have, figures, clauses, units, actors)) and (
            best is None or c.score > best.score
        ):
            best = c
    return chosen if best is None else sorted([*chosen, best], key=lambda x: x.index)


def _bare(c: Candidate) -> str:
    """The sentence as it will be shown after a summary sentence it may not follow."""
    return c.raw[len(c.link) :] if c.link else CONNECTIVE.sub("", c.raw, count=1)
