"""A headline number the summary leaves out, said by the sentence that states it.

The title is the editor's statement of the news, and its numbers are the news' numbers
("全球市场：美股三大指数收盘涨跌不一 甲骨文涨超9% 国际油价涨近6%"). The best one or two
sentences often say the first clause at length (every index's close, points and change) and
leave a later numbered clause unsaid. A number is matched as a number, not as a word, so the
check is precise: when a title clause's number with its unit is in no chosen sentence, the
sentence of the post that states it about the clause's subject is added, and room is made by
dropping a chosen sentence that states no headline number or by cutting the one before it at
a clause boundary that keeps its own headline numbers.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.summarizer.salience import CLEAN_SHAPE, Candidate, Units, title_units
from bot.summarizer.text import fold
from bot.summarizer.titlewords import FUNCTION

# A title clause, as fill.py splits it; a number followed by a unit is an amount, not a code
# ("(9869.HK)") or an ordinal ("Q1", "第4").
_CLAUSE = re.compile(r"[^，,、！!？?：:；;|｜丨\s]+")
_AMOUNT = re.compile(  # (?=\d): what a match opens with, so a scan skips other offsets at once
    r"(?=\d)(?<![\d.a-z])(\d+(?:\.\d+)?)(?=\s*([%‰倍万亿元点股家只人辆台件套次个吨桶]|美元|港元))"
)
# A sentence going on with the subject of the one before ("国际油价上涨。截至当天收盘，WTI原油
# 期货…涨幅为5.94%"): that subject is its own.
_GOES_ON = re.compile(r"^(?:截至|截止)[^，,]{0,8}收盘[，,]")
# Pointing back at what a sentence not shown says: "受该消息影响，…", "此举…".
_POINTS_BACK = re.compile(r"^[^，,。]{0,6}(?:该|此|其|这)")
# Movement words say how, not about what: the clause's subject is the rest ("油价涨近6%": 油价).
_MOVE = re.compile(r"[涨跌升降超逾近约达破增减幅]")


_OVER = "超逾过破"  # the headline's number is a floor
_NEAR = "近"  # a ceiling
_CUT_LOSS = 0.25  # of the title words a cut sentence said, what it may lose


def _weight(have: frozenset[str], units: Units) -> float:
    return sum(units[u] for u in have)


def _amounts(text: str) -> list[tuple[float, str]]:
    """The amounts a text states, each with its unit ("5.94%" is not "5.68点")."""
    return [(float(m.group(1)), m.group(2)) for m in _AMOUNT.finditer(fold(text).lower())]


def _rounds(value: str, unit: str, says: str, stated: list[tuple[float, str]]) -> bool:
    """A stated amount says the headline's: "涨超11%" is 11.81%, "涨近6%" 5.94%, "约6吨" 6.1吨;
    "涨超2%" is not 1.77%."""
    v = float(value)
    for x, of in stated:
        if of != unit:
            continue
        if x == v:
            return True
        if says in _OVER and int(x) == v:
            return True
        if says in _NEAR and v - 1 < x < v:
            return True
        if says not in _OVER + _NEAR and abs(x - v) < 0.5 and x != int(x):
            return True
    return False


def _states(value: str, unit: str, says: str, c: Candidate) -> bool:
    """c states the value as an amount (not as a date: "5月11日" does not say "涨超11%")."""
    return value in c.units and _rounds(value, unit, says, _amounts(c.text))


Amount = tuple[str, str, str, str]  # value, unit, 超/近 before it, whose it is


def title_amounts(title: str, units: Units, names: tuple[str, ...] = ()) -> list[Amount]:
    """The title's amounts, each with the word naming whose it is.

    `names`: the title's companies (Article.title_names). One written before the amount in its
    clause is whose it is (美光科技财报亮眼盘后最高涨超16%: 美光, not 最高, the word nearest)."""
    out = []
    folded = [fold(n).lower() for n in names]
    for clause in _CLAUSE.findall(fold(title).lower()):
        for m in _AMOUNT.finditer(clause):
            value, unit = m.group(1), m.group(2)
            if value not in units.numbers:
                continue
            says = clause[m.start() - 1] if m.start() else ""
            named = [n[:2] for n in folded if clause.rfind(n, 0, m.start()) >= 0 and n[:2] in units]
            if named:
                out.append((value, unit, says, named[-1]))
                continue
            # whose number it is: the title word nearest before it ("存储股闪迪涨超6%": 闪迪)
            near = [
                (clause.rfind(u, 0, m.start()), u)
                for u in title_units(clause)
                if u in units
                and u not in units.numbers
                and not _MOVE.search(u)
                and not set(u) <= FUNCTION
                and clause.rfind(u, 0, m.start()) >= 0
            ]
            if near:
                out.append((value, unit, says, max(near)[1]))
    return out


def _says_any(amounts: list[Amount], text: str) -> bool:
    stated = _amounts(text)
    return any(_rounds(v, u, says, stated) for v, u, says, _ in amounts)


def _missing(title: str, units: Units, said: str) -> list[Amount]:
    """The title's amounts the summary does not state."""
    return unsaid(title_amounts(title, units), said)


def unsaid(headline: list[Amount], said: str) -> list[Amount]:
    """The headline amounts `said` does not state."""
    stated = _amounts(said)
    return [a for a in headline if not _rounds(a[0], a[1], a[2], stated)]


def _room(
    chosen: list[Candidate],
    c: Candidate,
    headline: list[Amount],
    units: Units,
    max_chars: int,
    shorter: Callable[[Candidate, int], Candidate | None],
) -> list[Candidate] | None:
    """The chosen sentences with c in the post's order, made to fit, or None."""
    together = sorted([*chosen, c], key=lambda x: x.index)
    if sum(len(x.text) for x in together) <= max_chars:
        return together
    # the sentence before c is cut at a clause boundary that keeps its headline numbers
    k = together.index(c)
    if 0 < k == len(together) - 1 and not c.leaning:
        before = together[k - 1]
        room = max_chars - sum(len(y.text) for y in together if y is not before)
        cut = shorter(before, room)
        kept = [a for a in headline if _says_any([a], before.text)]
        lost = before.units - cut.units if cut else frozenset()
        if (
            cut is not None
            and all(_says_any([a], cut.text) for a in kept)
            and not lost & units.first
            and _weight(lost, units) <= _CUT_LOSS * _weight(before.units, units)
        ):  # what is cut away says no headline word ("…，成为全球第一" stays)
            return [*together[: k - 1], cut, c]
    # a sentence stating no headline number gives way (never the first: it opens the push),
    # unless it says more of the title than c adds ("苹果重夺全球市值第一" over "油价跌逾8%")
    for x in reversed(chosen[1:]):
        rest = [y for y in together if y is not x]
        others = frozenset().union(*(y.units for y in rest if y is not c))
        if _says_any(headline, x.text) or _weight(x.units - others, units) > _weight(
            c.units - others, units
        ):
            continue
        if sum(len(y.text) for y in rest) <= max_chars:
            return rest
    return _instead(chosen, c, headline, units, max_chars)


def _instead(
    chosen: list[Candidate], c: Candidate, headline: list[Amount], units: Units, max_chars: int
) -> list[Candidate] | None:
    """c alone, when the chosen sentence states none of the headline's numbers and there is no
    room for both: a setting or a speaker's preface ("在…新闻发布会上，…介绍：") says less news
    than the sentence with the number, which must stand alone (no 这/该 pointing back) and name
    the headline's subject too."""
    if len(chosen) != 1 or _says_any(headline, chosen[0].text):
        return None
    if c.orphan or c.headless or len(c.text) > max_chars or not c.units & units.first:
        return None
    return [c]


def cover_amounts(
    chosen: list[Candidate],
    wider: Callable[[], list[Candidate]],
    units: Units,
    title: str,
    max_chars: int,
    shorter: Callable[[Candidate, int], Candidate | None],
    names: tuple[str, ...] = (),
) -> list[Candidate]:
    """The chosen sentences with one more that states a headline number they leave out.

    `wider` gives the post's sentences further than the first screen: a wrap states its
    commodities last. It is called only when a headline number is missing."""
    headline = title_amounts(title, units, names)
    missing = unsaid(headline, "".join(c.text for c in chosen))
    if not missing:
        return chosen
    first = chosen[0]
    pool = wider()
    by_index = {c.index: c for c in pool}
    best: tuple[float, list[Candidate]] | None = None
    for c in pool:
        if c in chosen or c.digest or c.headless or c.shape < CLEAN_SHAPE or c.index <= first.index:
            continue
        # its subject named in it or in the sentence it follows ("国际油价上涨。…WTI原油期货…
        # 涨幅为5.94%"); a number about something else ("金龙指数涨0.53%，…涨超1%") is not it
        before = by_index.get(c.index - 1)
        named = c.units | (before.units if before and _GOES_ON.match(c.text) else frozenset())
        if not any(_states(v, u, says, c) and whose in named for v, u, says, whose in missing):
            continue
        if (c.leaning or _POINTS_BACK.search(c.text)) and not any(
            x.index == c.index - 1 for x in chosen
        ):
            continue  # "受该消息影响，…" needs the sentence it points back to
        fitted = _room(chosen, c, headline, units, max_chars, shorter)
        if fitted is not None and (best is None or c.score > best[0]):
            best = (c.score, fitted)
    return chosen if best is None else best[1]
