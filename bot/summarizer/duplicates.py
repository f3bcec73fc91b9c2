"""One line per fact: which of two candidate figures says the same thing as the other.

A post states its headline number more than once: rounded in the title (营收暴增64%, 猛增18倍,
成交额接近3.3万亿), exact in the body (同比增长63.5%, 同比增长1810.3%, 32810亿), and a change is
shown beside its level as well as on its own. An editor sends one line per fact: the exact body
line, which carries the level and its change, while the title above shows the rounded number.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from bot.summarizer.quantities import CURRENCY_BEFORE
from bot.summarizer.text import fold

if TYPE_CHECKING:
    from bot.summarizer.cand import Cand

MOVES = (
    "上涨 下跌 涨 跌 大涨 大跌 暴涨 暴跌 飙涨 飙升 重挫 下挫 反弹 回落 回升 攀升 跳水 走高 走低 "
    "增长 下降 下滑 上升 提升 减少 增加 收涨 收跌 涨超 跌超 拉升"
)
MOVE_WORDS = MOVES.split()
_MOVE_RX = re.compile("|".join(sorted(MOVE_WORDS, key=len, reverse=True)))


_MAGNITUDE = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "十亿": 1e9, "亿": 1e8, "千万": 1e7}
_MAGNITUDE.update({"百万": 1e6, "十万": 1e5, "万": 1e4, "": 1.0})
_BOUND = {"超": 1, "逾": 1, "超过": 1, "近": -1, "接近": -1, "不到": -1, "不足": -1, "约": 0}
ROUNDING = 0.05  # at most 5% apart: 3.3万亿 beside 32810亿, never 1万亿 beside 8000亿
LONG_DIGITS = 6  # digits before the point: 5,080,014.55万元 is long, 28025.01亿元 is not
_MAG = "|".join(sorted(filter(None, _MAGNITUDE), key=len, reverse=True))  # 万亿 before 万
_BOUND_WORD = "|".join(sorted(_BOUND, key=len, reverse=True))  # 超过 before 超
_AMOUNT = re.compile(rf"(?P<n>\d+(?:\.\d+)?)(?P<mag>{_MAG})?(?P<unit>\D?)")


# A share told in tenths (超七成, 近三成) is the same fact as the percentage it rounds (75%): the
# title's 半导体公司占比超七成 over the body's 半导体企业比例为75% (em202607053794298783).
_TENTHS_OF = {c: i for i, c in enumerate("一二三四五六七八九", 1)} | {"两": 2}
_TENTHS = re.compile(rf"^(?:{_BOUND_WORD})?([一二两三四五六七八九])成$")


_RANGE_IN = re.compile(r"\d\s*[-~至到—–]\s*\d")


_Amount = tuple[float, float, int, str, int]


@lru_cache(maxsize=4096)  # pure; asked for every pair of figures compared
def amount(value: str) -> _Amount | None:
    """(amount in base units, its last digit's step, significant digits, unit head, digits
    before the point) of a single value; None for a range or a word."""
    v = fold(value).replace(",", "")
    if _RANGE_IN.search(v):
        return None
    if tenths := _TENTHS.search(v):  # 七成: 70%, to the nearest ten
        return 10.0 * _TENTHS_OF[tenths.group(1)], 10.0, 1, "%", 2
    m = _AMOUNT.search(v)
    if not m:
        return None
    n, mag = m.group("n"), _MAGNITUDE[m.group("mag") or ""]
    decimals = len(n.split(".")[1]) if "." in n else 0
    digits = n.replace(".", "").strip("0") if not decimals else n.replace(".", "").lstrip("0")
    # 550亿 is rounded to 10亿: the step follows the trailing zeros of a whole number
    zeros = len(n) - len(n.rstrip("0")) if not decimals and n.strip("0") else 0
    step = mag * 10.0 ** (zeros - decimals)
    return float(n) * mag, step, max(len(digits), 1), m.group("unit"), len(n.split(".")[0])


def comparable(c: Cand, other: Cand) -> bool:
    """Two amounts rounds() may find one fact, whatever their labels: the same kind and unit, in
    two sentences, one within rounding of the other (its label-free test, so a caller can skip
    naming pairs that fail it)."""
    a, b = amount(c.value), amount(other.value)
    if not (a and b and a[3] == b[3] and c.q.kind == other.q.kind and c.seg != other.seg):
        return False
    rounder, rq, exact, gap, bound = _sides(c, a, other, b)
    if rounder[2] == exact[2]:
        return False  # as precise: neither rounds the other
    return _close(rounder, exact, gap) or (bool(bound) and _within_bound(rounder, rq, exact, gap))


def _sides(
    c: Cand, a: _Amount, other: Cand, b: _Amount
) -> tuple[_Amount, Cand, _Amount, float, int]:
    """(the rounder amount, its figure, the exact amount, exact - rounder, the rounder's bound:
    1 above, -1 below, 0 either side) of two amounts (a: c's, b: other's)."""
    (rounder, rq), exact = ((a, c), b) if a[2] < b[2] else ((b, other), a)
    return rounder, rq, exact, exact[0] - rounder[0], _BOUND.get(rq.q.qualifier, 0)


def _close(rounder: _Amount, exact: _Amount, gap: float) -> bool:
    """Within half a step of the rounder's last digit and ROUNDING of the exact amount."""
    return abs(gap) <= 0.5 * rounder[1] and abs(gap) <= ROUNDING * exact[0]


def _within_bound(rounder: _Amount, rq: Cand, exact: _Amount, gap: float) -> bool:
    """On the side its bound says (超: above) and within one step of its last digit and
    ROUNDING: 创业板跌超4% in the title, 创业板跌超4.5% in the body (超500 is not 551)."""
    room = (1 if _round_whole(rq.value) else 3) * ROUNDING * exact[0]
    return gap * _BOUND.get(rq.q.qualifier, 0) >= 0 and abs(gap) <= min(rounder[1], room)


def rounds(c: Cand, other: Cand, labels: dict[int, str]) -> bool:
    """`c` is the same fact as `other` written rounder or longer: one line for it.

    3.3万亿 is 32810亿 rounded; 508亿元 is 5,080,014.55万元 rounded: the rounder one, within one
    step of its last digit and 5%, has fewer significant digits. Which line stays: a spelling
    of more than LONG_DIGITS digits before the point goes (508亿元 reads); else the title's
    rounded number goes (the title shows it right above); else the line with a change, else
    the exact number. Two
    figures of one sentence are two facts (WTI 119.48 and Brent 119.5); so are two body figures
    without a label in common.
    """
    if not comparable(c, other):
        return False
    rounder, rq, exact, gap, bound = _sides(c, amount(c.value), other, amount(other.value))
    same_label = same_subject(labels.get(id(c), ""), labels.get(id(other), ""))
    if not (
        _within_bound(rounder, rq, exact, gap)
        if bound and same_label
        else _close(rounder, exact, gap)
    ):
        return False
    loose = _loose(rq, exact) and abs(gap) <= ROUNDING * exact[0]
    if not (same_label or c.para == -1 or other.para == -1 or loose):
        return False
    if exact[4] > LONG_DIGITS and not (c.change or other.change):
        return c.q is not rq.q  # 5,080,014.55万元 beside 508亿元: the one that reads
    if c.para == -1 or other.para == -1:
        return c.para == -1  # the title shows its number right above
    if bool(c.change) != bool(other.change):
        return not c.change  # the line with the change says more
    return c.q is rq.q  # 2亿美元 beside 2.003亿美元: the exact one


def long_spelling(value: str) -> bool:
    """More than LONG_DIGITS digits before the point: 5,080,014.55万元."""
    a = amount(value)
    return bool(a) and a[4] > LONG_DIGITS  # type: ignore[index]


def spelled_long(c: Cand, other: Cand) -> bool:
    """`c` spells out in more than LONG_DIGITS digits (5,080,014.55万元) the amount `other`
    writes readably (508亿元): the same number, to the last digit `other` gives."""
    a, b = amount(c.value), amount(other.value)
    if not a or not b or c.q.kind != other.q.kind or a[3] != b[3]:
        return False
    if c.q.qualifier or other.q.qualifier:
        return False  # 近508亿元 is no spelling of 5,080,014.55万元
    return a[4] > LONG_DIGITS >= b[4] and abs(a[0] - b[0]) <= 0.5 * b[1]


def same_subject(a: str, b: str, *, share: float = 0.0) -> bool:
    """Two labels share a word of their subject (创业板跌 and 创业板指跌), not only a move (下跌);
    with `share`, at least that part of the shorter one's character pairs is in the longer
    (沪指跌 in 截至收盘沪指跌, not 甲期货一度涨 in 丙期货上周单日暴跌: one word is no subject)."""
    la, lb = sorted((_MOVE_RX.sub("", a), _MOVE_RX.sub("", b)), key=len)
    pairs = [la[i : i + 2] for i in range(len(la) - 1)]
    hits = sum(p in lb for p in pairs)
    return hits > 0 and hits >= share * len(pairs)


_FIRST_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _round_whole(value: str) -> bool:
    """A whole number ending in zeros (550, 500): its step is wide, its reach is not."""
    m = _FIRST_NUMBER.search(fold(value).replace(",", ""))
    return bool(m) and "." not in m.group(0) and m.group(0).endswith("0")


def _loose(rq: Cand, exact: tuple[float, float, int, str, int]) -> bool:
    """Two body lines without a word in common are one fact when the rounder says it rounds
    (超550亿元, 近3%, 约28亿) and the exact one has three significant digits (551.79亿元, 2.96%):
    no other figure of the post is that close by chance."""
    return bool(rq.q.qualifier) and exact[2] >= 3


_RANGE = re.compile(
    r"(?P<a>\d+(?:\.\d+)?)\D{0,4}?\s*[-~至到—–]\s*(?P<b>\d+(?:\.\d+)?)(?P<unit>\D?)"
)


def range_end(c: Cand, other: Cand) -> bool:
    """`c` is one end of the range `other` states (3.90亿元 beside 3.90亿元至4.30亿元): one fact,
    the whole range stays."""
    if c.q.kind != other.q.kind or c is other:
        return False
    m = _RANGE.search(fold(other.value).replace(",", ""))
    mine = amount(c.value)
    if not m or not mine:
        return False
    ends = [amount(fold(other.value).replace(",", "")[m.start(k) :]) for k in ("a", "b")]
    return any(
        e and abs(e[0] - mine[0]) < 1e-9 * max(1.0, mine[0]) and e[3] == mine[3] for e in ends
    )


_SHOWN_PREFIX_RX = re.compile(r"^(?:同比|环比)")


def restates(c: Cand, level: Cand) -> bool:
    """Change figure `c` says what `level` already shows as its change (same wording, subject)."""
    if not c.is_change or c is level or not level.change or not c.wording:
        return False
    mine = _SHOWN_PREFIX_RX.sub("", c.wording)
    parts = [_SHOWN_PREFIX_RX.sub("", p) for p in level.change.split("，")]
    if mine not in parts:
        return False
    a, b = c.subject or c.label, level.subject + level.label
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


_GENERIC = re.compile(r"公司|集团|同比|环比")  # shared by any two companies' lines
_PCT_IN_CHANGE = re.compile(r"(?P<sign>[-+])?(?P<n>\d+(?:\.\d+)?)%")
_TIMES = re.compile(r"^(?P<n>\d+(?:\.\d+)?)倍$")


def title_rounds_change(c: Cand, other: Cand, labels: dict[int, str]) -> bool:
    """`c`, a title figure, rounds the change shown beside a body level: one fact, two lines.

    营收暴增64% in the title and 营收2.003亿美元（同比+63.5%） in the body; 净利猛增18倍 and
    同比+1810.3% (18倍 is 1800%: a rise of N倍 is N hundred percent, or N-1 where the writer
    counts the new level as N times the old). The body line stays (level and exact change), the
    title shows its number right above. Only where the labels share a word (营收) or the title's
    names nothing beyond its move (暴涨): another subject's 64% is another fact.
    """
    if c.para != -1 or other.para == -1 or not other.change or c.q.kind not in ("pct", "mult"):
        return False
    mine = fold(c.value).lstrip("约近超逾")
    pcts = [float(m.group("n")) for m in _PCT_IN_CHANGE.finditer(fold(other.change))]
    if not pcts:
        return False
    la, lb = (_GENERIC.sub("", _MOVE_RX.sub("", labels.get(id(x), ""))) for x in (c, other))
    if len(la) > 2 and not any(la[i : i + 2] in lb for i in range(len(la) - 1)):
        return False
    times = _TIMES.match(mine)
    if times:
        n = float(times.group("n"))
        return any(abs(p / 100 - n) <= 0.5 or abs(p / 100 + 1 - n) <= 0.5 for p in pcts)
    got = amount(mine)
    if not got or got[3] != "%":
        return False
    value, step, digits = got[0], got[1], got[2]
    bound = fold(c.value)[:1]
    for p in pcts:
        exact = amount(f"{p:g}%")
        # 超1% over 1.73%: "more than" covers the step above its number, 近 the step below
        above = bound in ("超", "逾") and value < p < value + step
        below = bound == "近" and value - step < p < value
        if exact and exact[2] > digits and (abs(p - value) <= 0.5 * step + 1e-9 or above or below):
            # 近3% over 2.74%, 超3% over 3.2%: a bounded headline number rounds to its step
            if (
                (bound == "近" and p < value)
                or (bound in ("超", "逾") and p > value)
                or bound == "约"
            ):
                return True
            return abs(p - value) <= ROUNDING * p
    return False


_LEADING_QUALIFIER = re.compile(
    r"^(?:至少|至多|最多|近乎|不超过|不超|不少于|不低于|不高于|低于|高于|逼近|接近|直逼|约|近|逾|超过|超|"
    r"不足|不到)?"
    rf"(?:{CURRENCY_BEFORE})?"  # 约人民币75.37亿元 is the title's 约75.37亿元
)
_KEY_NUMBER = re.compile(r"[-+]?[\d.]+(?:万亿|千亿|百亿|亿|千万|百万|万)?")


def dedupe_key(c: Cand) -> str:
    """超30万 in the title and 超过30万辆 in the body are one figure; so are 不超1% and 不超过1%."""
    v = _LEADING_QUALIFIER.sub("", fold(c.value)).replace(",", "")
    m = _KEY_NUMBER.match(v)
    if not c.q.number:  # 股价均已翻倍, 净利润同比翻倍: the same words, two facts
        return f"{v}|{c.q.kind}|{c.subject}"
    return f"{m.group(0) if m else v}|{c.q.kind}"


# An amount written with its magnitude and no unit (超10亿B轮融资, 516亿大单): a headline's
# shorthand for the body's 超10亿元, 516亿元, whatever kind the unit-less number was read as.
_BARE_AMOUNT = re.compile(r"(?:万亿|千亿|百亿|亿|千万|百万|万)$")


def unit_twin(best: dict[str, Cand], c: Cand) -> Cand | None:
    """The figure already kept that `c` states again, one of the two written without its unit."""
    number, _, kind = c.key.partition("|")
    for other in ("count", "money"):
        have = best.get(f"{number}|{other}") if other != kind else None
        if have and (_BARE_AMOUNT.search(have.value) or _BARE_AMOUNT.search(c.value)):
            return have
    return None


# What the summary says of a line's subject: its label opening a clause (at the start or after
# one of _CLAUSE_MARKS), then a number: _SAID_NUMBER matched right after the label. One pattern
# for every label (a pattern per label was compiled for every line a summary names).
_CLAUSE_MARKS = "，,。；;：:、"
_SAID_NUMBER = re.compile(rf"(?:了|为|达|至)*(?P<v>(?:{_BOUND_WORD})?\d+(?:\.\d+)?(?:{_MAG})?\D?)")
_QUALIFIER = re.compile(rf"^(?:{_BOUND_WORD})")


def summary_says_otherwise(label: str, value: str, summary: str) -> bool:
    """The summary states the line's subject (its label, opening a clause) with another number,
    one that neither rounds the other: the line is then a stale snapshot (a wrap's title:
    智谱涨5% where the close says 智谱涨9%) and the push would give a reader two numbers for one
    fact. A rounding is the same fact (现货黄金涨超3% under 现货黄金涨3.46%, 恒科指涨 1.10% under
    恒科指涨超1%): editors kept the headline line (reviews/2026-12-06-eighteenth/ab-said)."""
    if len(label) < 3 or label not in summary or not amount(value):
        return False  # (label not in summary: no match, and no pattern compiled per label)
    said = _said_after(label, summary)
    return bool(said) and not any(_one_fact(value, other) for other in said)


def _said_after(label: str, summary: str) -> list[str]:
    """The numbers `summary` states right after `label` opening a clause, left to right and not
    overlapping: what re.finditer of (?:^|(?<=[marks]))label(?:了|为|达|至)*(?P<v>…) finds."""
    said: list[str] = []
    at, end = summary.find(label), 0
    while at >= 0:
        opens = at >= end and (at == 0 or summary[at - 1] in _CLAUSE_MARKS)
        if opens and (m := _SAID_NUMBER.match(summary, at + len(label))):
            said.append(m.group("v"))
            end = m.end()
        at = summary.find(label, at + 1)
    return said


def _one_fact(x: str, y: str) -> bool:
    """Two values that may be one fact: equal, one a rounding of the other (its bound word's
    way, within its last digit's step), or not comparable (another unit, a range)."""
    a, b = amount(x), amount(y)
    if not a or not b or a[3] != b[3] or a[0] == b[0]:
        return True
    (rtext, rounder), exact = ((x, a), b) if a[2] <= b[2] else ((y, b), a)
    gap = exact[0] - rounder[0]
    q = _QUALIFIER.match(fold(rtext))
    bound = _BOUND.get(q.group(), 0) if q else 0
    return gap * bound >= 0 and abs(gap) <= (rounder[1] if bound else 0.5 * rounder[1])


_WRITTEN = re.compile(
    r"\d[\d,]*(?:\.\d+)?(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万)?[^\d\s，,。；;]?"
)


def stated_in(number: str, title: str, text: str) -> bool:
    """The title's amount `number` (its digits, as titlewords.Units.amounts holds them) is
    stated in `text` in another notation: 1191万美元 in the title, 11,910,000美元 in the body."""
    head = next(
        (m.group() for m in _WRITTEN.finditer(fold(title)) if m.group().startswith(number)), ""
    )
    want = amount(head) if head else None
    if want is None:
        return False
    for m in _WRITTEN.finditer(fold(text)):
        got = amount(m.group())
        if got and got[3] == want[3] and got[0] == want[0]:
            return True
    return False
