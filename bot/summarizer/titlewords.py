"""The title's names and numbers as match units, and what of them a sentence carries.

Chinese has no spaces: character bigrams of the title (and its numbers and Latin names) stand
for its words. A segmenter would cost more than the whole summary and adds nothing to an overlap
count.
"""

from __future__ import annotations

import re

from bot.summarizer.text import SPACE_BREAK, fold

_FIRST_CLAUSE_LIFT = 1.5
_CLAUSE = re.compile(r"[，,！!？?：:；;]+\s*|" + SPACE_BREAK)  # on the lowered title
# A digit run joined to Latin letters (5G, 4K, 3D, H20) is a name, not a number; 50bp and 3GW are
# numbers with their unit.
_NOT_NAME = r"(?!(?!bp|gw|mw|kw)[a-z])"
# Each number pattern opens on its digit and looks behind it from there (the same test as a
# lookbehind before the digit): a scan then skips non-digits without trying the lookbehind.
_NUMBER = re.compile(r"\d(?<![a-z]\d)\d*(?:\.\d+)?(?![\d.])" + _NOT_NAME)
_NAMED_NUMBER = re.compile(r"(?<![a-z0-9])\d+(?!bp|gw|mw|kw)[a-z][a-z0-9]*")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_ASCII = re.compile(r"[a-z][a-z0-9.+\-]*[a-z0-9+]|[a-z]{2,}")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Characters that carry grammar, not news: a title bigram made of them matches everywhere.
FUNCTION = set("的了是在和与及或将已被把对从向于为也都而且并等之其这那个些中上下后前再又还就")
# 50多元, 200余万: "more than" before the unit is part of the figure (quantities.py likewise)
_FIGURE = re.compile(
    r"\d(?:[\d.,]*\d)?\s*[多余]?(?:%|‰|个百分点|个基点|倍|[万亿]|元|美元|港元|欧元|日元|点|吨|桶|盎司|"
    r"股|家|只|人|辆|台|件|套|次|个(?![月季小工交])|gw|mw|bp)"  # matched on lower-cased text
)

# Headlines abbreviate index names that the body spells out (道指 / 道琼斯工业平均指数): the
# short form is matched as the long one too. Standard names of the wire's market reports, and the
# Fed's (美联储 / 美国联邦储备委员会: em202605253747540689, em202606183775056545).
_ALIASES = {
    "道指": "道琼斯",
    "纳指": "纳斯达克",
    "标普": "标准普尔",
    "沪指": "上证",
    "深成指": "深证成指",
    "美联储": "联邦储备",
    # 芯片股 / 半导体指数: 芯片股指新高 over 半导体指数…创收盘历史新高 (wscn3775156); 美股芯片股…
    # over 费城半导体指数下跌4.3% (wscn3777197)
    "芯片": "半导体",
}


class Units(dict[str, float]):
    """Title unit -> weight; the two-character units also kept apart as a set, so a sentence is
    matched against all of them with one set intersection instead of a substring test each.
    Numbers are matched as whole numbers, never inside another one ("4" is not in "2024")."""

    def __init__(self, weights: dict[str, float]) -> None:
        super().__init__(weights)
        self.numbers = {u: float(u) for u in weights if _WHOLE_NUMBER.fullmatch(u)}
        self.pairs = frozenset(u for u in weights if len(u) == 2 and u not in self.numbers)
        self.longer = tuple(u for u in weights if len(u) != 2 and u not in self.numbers)
        self.first: frozenset[str] = frozenset()  # the first clause's names: the actor, the event
        self.amounts: frozenset[str] = frozenset()  # its numbers that are figures, not dates
        self.scene: frozenset[str] = frozenset()  # words only of a scene before the actor's clause
        self.marks: dict[str, str] = {}  # number -> the unit or date mark after it in the title
        self.short: dict[str, str] = {}  # an index's short name -> its long one (纳指 -> 纳斯达克)
        self.clauses: dict[str, tuple[frozenset[str], ...]] = {}  # fill.title_clauses, once


# A number standing alone (not the tail of 2024 or the head of 4500), its unit or date mark after.
_WHOLE_NUMBER = re.compile(r"\d(?<![\d.a-z]\d)\d*(?:\.\d+)?(?![\d.])" + _NOT_NAME)
_DATE_MARK = re.compile(r"\s*[年月日号时]")
_UNIT_AFTER = re.compile(r"\s*(?:[%‰倍万亿元点股家只人辆台件套次个吨桶]|美元|港元|欧元)")


def _numbers(low: str, units: Units) -> set[str]:
    """The title's numbers the text states: as written, or as the precise value a headline
    rounds ("油价飙升近8%" over "布伦特原油最高涨7.9%", "创业板涨超4%" over "涨3.96%")."""
    found: set[str] = set()
    for m in _WHOLE_NUMBER.finditer(low):
        v = m.group()
        mark = _mark(low, m.end())
        if v in units.numbers:
            if not _other_unit(units.marks.get(v, ""), mark):
                found.add(v)
            continue
        if mark == "亿":  # 32810亿 is the 3.3万亿 of a title's 成交额接近3.3万亿
            found.update(_in_trillions(float(v) / 10000, units))
            continue
        if "." not in v or _DATE_MARK.match(low, m.end()):
            continue  # only a more precise body value stands for a headline's round one
        x = float(v)
        for u, t in units.numbers.items():
            near = "." not in u and abs(x - t) <= 0.5 and t >= 1
            if near and not _other_unit(units.marks.get(u, ""), mark):
                found.add(u)
    return found


def _in_trillions(x: float, units: Units) -> set[str]:
    """The title's 万亿 amounts that `x` (in 万亿) rounds to at the title's precision."""
    out = set()
    for u, t in units.numbers.items():
        if units.marks.get(u) == "万亿":
            step = 10.0 ** -len(u.partition(".")[2])
            if abs(x - t) <= step / 2 + 1e-9:
                out.add(u)
    return out


def _mark(text: str, end: int) -> str:
    """The unit or date mark right after a number: 5年 and 5% are not one number of the title
    (万亿 is a unit of its own: 3万 and 3万亿 are not one either)."""
    m = _UNIT_AFTER.match(text, end) or _DATE_MARK.match(text, end)
    if not m:
        return ""
    return (
        "万亿"
        if text.startswith("万亿", m.start() + len(m.group()) - 1)
        else m.group().lstrip()[:1]
    )


def _other_unit(title_mark: str, mark: str) -> bool:
    """未来5年 in the title, 5%至15% in the sentence: the same digits, another quantity."""
    return bool(title_mark and mark and title_mark != mark)


def measure(text: str, units: Units) -> tuple[frozenset[str], frozenset[str]]:
    """The title units a text carries and the figures it states."""
    low = fold(text).lower()
    # The title's pairs it holds (a pair is in the text iff it is one of its bigrams), added in
    # the order they first occur, as an intersection with the text's bigrams adds them: the same
    # set, iterated in the same order (sums over it stay bit-identical). A title has ~18 pairs, a
    # sentence ~50 bigrams: testing the pairs is faster than making the bigrams.
    pairs = frozenset(sorted([p for p in units.pairs if p in low], key=low.find))
    have = pairs.union(u for u in units.longer if u in low)
    if units.numbers:
        have = have.union(_numbers(low, units))
    if units.short and (long := [units.short[u] for u in have if u in units.short]):
        have = have.union(long)  # 道指涨1.73% names the 道琼斯 the title's 道指 stands for
    return have, frozenset(_FIGURE.findall(low))


# A market or an index opening a title: a wrap, whose first clause is its news (美股三大指数集体
# 收涨 英特尔涨超7%: em202510013528041579, em202510023528176273; 全球市场：…
# em202510023528072036, em202603123669227943).
_MARKET = re.compile(r"指数|股指|道指|纳指|标普|a股|美股|港股|市场|大盘|沪指|恒指|创业板|科创")
# A move opening the title is a fact of the day, not a scene (恒指微跌 苹果概念股走强 比亚迪电子…).
_MOVE = re.compile(r"[涨跌]|走强|走弱|回升|回落")


def _actor_clause(title: str, clauses: list[str], names: list[str]) -> int:
    """The clause that names the title's company when the one before it names none and states no
    amount: a scene or a hook leads (再次来到命运的十字路口 启迪环境招募重整投资人, 股价迎考！
    清越科技遭证监会立案: em202509293526607428, em202511023552724057); else the first."""
    if not names or not clauses:
        return 0
    head = clauses[0]
    if any(n in head for n in names) or _NUMBER.search(head) or _MARKET.search(head):
        return 0
    if _MOVE.search(head):  # a move of the day, not a scene
        return 0
    if title[len(head) : len(head) + 1] in ("：", ":"):
        return 0  # 瑞银：下调…: the speaker opens the title
    return next((k for k, c in enumerate(clauses) if any(n in c for n in names)), 0)


# A time word is no one's name: "周末…" opening a headline is not the actor.
_TIME_WORD = re.compile(r"[年月日周时今昨晨晚夜]")


# A rolling wire's date tag (财政部两期国债中标结果出炉（12-08）): the day, no amount of the news.
_DATE_TAG = re.compile(r"[（(]\d{1,2}[-/.]\d{1,2}[）)]")


_COLUMN_BAR = re.compile(r"\s*[|｜丨]\s*")


def main_part(title: str) -> str:
    """The title without a column name set off by | ("秋声 | 袁进辉新公司冲港股IPO")."""
    return max(_COLUMN_BAR.split(title.strip()), key=len)


def title_units(title: str, names: tuple[str, ...] = ()) -> Units:
    """The title's names and numbers as match units with weights (numbers and names weigh most).

    `names`: the companies the title names (Article.title_names), to find its actor's clause.
    """
    t = _DATE_TAG.sub("", fold(main_part(title)).lower())
    units: dict[str, float] = {}
    amounts: set[str] = set()
    clauses = _CLAUSE.split(t)
    opening = _actor_clause(t, clauses, [fold(n).lower() for n in names])
    # The first clause of a Chinese headline names the actor and the main event; the clauses
    # after it add detail ("震业新材完成超亿元A轮融资，招商致远…领投"). A scene or hook before the
    # actor's clause (再次来到命运的十字路口 启迪环境…) is not where the actor is named.
    said: list[set[str]] = []  # each clause's units, whichever clause gave a unit its weight
    marks: dict[str, str] = {}
    short_names: dict[str, str] = {}
    for k, clause in enumerate(clauses):
        lift = _FIRST_CLAUSE_LIFT if k == opening else 1.0
        own: dict[str, float] = {}
        for m in _NUMBER.finditer(clause):
            own.setdefault(m.group(), (0.5 if _YEAR.match(m.group()) else 2.5) * lift)
            mark = _mark(clause, m.end())
            marks[m.group()] = mark if marks.get(m.group(), mark) == mark else ""
            year = _YEAR.match(m.group()) and not _UNIT_AFTER.match(clause, m.end())
            if not year and not _DATE_MARK.match(clause, m.end()):
                amounts.add(m.group())  # "降价2000元" is an amount, "2025" and "3日" are not
        for m in _ASCII.finditer(clause):
            own.setdefault(m.group(), 2.0 * lift)
        for m in _NAMED_NUMBER.finditer(clause):
            own.setdefault(m.group(), 2.0 * lift)  # 5g: matched as a name
        for run in CJK_RUN.findall(clause):
            for i in range(len(run) - 1):
                bg = run[i : i + 2]
                stops = (bg[0] in FUNCTION) + (bg[1] in FUNCTION)
                if stops < 2:
                    own.setdefault(bg, (1.0 if stops == 0 else 0.4) * lift)
        for short, long in _ALIASES.items():
            if short in clause:
                own.setdefault(long, 2.0 * lift)
                if short in own:  # a two-character short name, a unit of its own too
                    short_names[short] = long
        for u, w in own.items():
            units.setdefault(u, w)
        said.append(set(own))
    scene = set().union(*said[:opening])
    out = Units(units)
    out.first = frozenset(u for u in said[opening] - scene if not _TIME_WORD.search(u))
    out.scene = frozenset(scene.difference(*said[opening:]))  # not also said where the actor is
    out.amounts = frozenset(amounts)
    out.marks = marks
    out.short = short_names
    return out
