"""Rank, deduplicate and name the candidate figures of a post (after figures.py found them).

Beyond position (figures._position_score), two signals decide what a reader sees: a figure the
summary already states gives up rank, and one the post repeats in another sentence gains it.
Labels are tidied only for the few figures that may be shown (segmentation costs time); a
figure whose own clause names nothing borrows the name of the figure before it, a worded share
(约一半) without a name is dropped, and a change already shown next to its level is not listed
twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.summarizer.duplicates import (
    MOVE_WORDS,
    range_end,
    restates,
    rounds,
    title_rounds_change,
)
from bot.summarizer.guards import line_ok
from bot.summarizer.labels import is_metric, pos_words, tidy_label
from bot.summarizer.naming import DANGLING_END, readable, share_word, unit_counted
from bot.summarizer.periodwords import own_period
from bot.summarizer.plans import marked
from bot.summarizer.quantities import Quantity
from bot.summarizer.quoting import clause_quote, threshold_end
from bot.summarizer.subjects import adds_period, dated, with_subject
from bot.summarizer.text import fold
from bot.summarizer.whose import bare, owned

STATED_PENALTY = 10.0  # see demote_stated
# A figure ranked below the first max_figures takes a dropped line's place only if it is itself
# a lead or title figure (score of a lead figure: 45 - 9 * paragraph + kind weight, see figures).
EXTRA_FLOOR = 35.0
# A figure of another period than the title's is shown only if it ranks like a lead figure of
# the first paragraph (45 + kind weight), after its penalty: background is no filler.
BACKGROUND_FLOOR = 55.0
REPEAT_BONUS = 6.0  # per other sentence that states the figure, up to two (see reward_repeats)
REPEAT_AFTER_PARA = 2  # paragraphs 0-1 are the lead
MAX_PAIRED = 14  # a 分别 list item shown as written up to this length (with its period)
WEAK_LABELS = {"报", "收", "收报", "报收", "收于", "至", "达", "现报", "最新报", "价格"}
# A measure word alone names nothing (规模 of what, 比例 of what); the generic words too.
_BARE = (
    "规模 金额 总额 数量 比例 水平 关口 价值 数值 点位 倍数 占比 情形 数额 额度 幅度 部分 同比 环比"
)
BARE_NOUNS = frozenset(_BARE.split())
# A count or a size is no price or amount: 512GB基础款定价1049美元 gives 512GB no line as 定价.
_MONEY_NOUNS = (
    "价",
    "价格",
    "定价",
    "售价",
    "金额",
    "收入",
    "营收",
    "营业额",
    "销售额",
    "利润",
    "市值",
)
_MONEY_NOUNS += ("涨幅", "跌幅", "增速", "增幅", "降幅", "比例", "利率", "收益率")  # 493只股票…跌幅
_NUM_HEAD = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)(?:[^\d.]|$)")


@dataclass
class Cand:
    """A quantity found in the post, with what ranking and naming need to know about it."""

    q: Quantity
    value: str
    label: str
    change: str | None
    score: float
    order: int
    is_change: bool
    wording: str | None = None  # for a change: its wording, e.g. 同比+7%
    subject: str = ""  # label without the change verb
    raw: str = ""  # uncut subject, for labels.tidy_label
    how: str = ""  # a change's verb as shown in its label (同比增长)
    after: str = ""  # a noun written right after the value (10亿元的合作经费)
    seg: int = 0  # which title part or sentence it comes from
    reached: bool = False  # written after 增至/降至: a level reached
    pre: str = ""  # the clause text before the value
    key: str = ""  # dedupe_key: the same figure written twice has the same key
    para: int = 0  # body paragraph index (-1 for the title)
    sent: str = ""  # the folded sentence (or title part) it stands in
    span: tuple[int, int] = (0, 0)  # its offsets in `sent`, qualifier included
    paired: bool = False  # named by its item of a 分别 list (respectively.py): raw is the name
    prior: str = ""  # the sentences before it in its paragraph (where its period may be set)
    background: bool = False  # of another period than the title's (figures.demote_other_periods)
    year: int = 0  # the post's publication year (a later year in the clause: a plan, modality.py)
    several: bool = False  # the title names two or more companies: a line must say whose
    house: str = ""  # the house whose view a roundup's section gives, where it says 我们
    depth: int | None = None  # body characters before its paragraph (None: the title)
    alts: list[Cand] = field(default_factory=list)  # the same number stated elsewhere (dedupe_key)


def demote_stated(cands: list[Cand], said: str, body_start: int) -> None:
    """Body figures whose value and change the summary already spells out rank a little lower."""
    stated = set()  # each number of the summary, alone and with its unit head (8亿, 7%)
    for m in _NUM_HEAD.finditer(said.replace(",", "")):
        stated.update((m.group(0), m.group("n")))
    for c in cands:
        if c.seg < body_start or c.score < 0:
            continue
        if not c.q.number:  # 翻倍, 近三成: no digits to compare, the words themselves
            if c.value in said:
                c.score -= STATED_PENALTY
            continue
        texts = [c.q.value] + ([c.change] if c.change else [])
        nums = [_NUM_HEAD.search(fold(t).replace(",", "")) for t in texts]
        if all(m and m.group(0) in stated for m in nums):
            c.score -= STATED_PENALTY


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


def choose(
    ranked: list[Cand], prev: dict[int, Cand], max_figures: int, title: str = ""
) -> list[tuple[Cand, str]]:
    """The figures to show, each with its label.

    `ranked`: candidates best first; `prev`: for each, the figure before it in the same sentence
    (whose name a figure may borrow).
    """
    # Labels are tidied only for the few figures that may be shown (segmentation costs time);
    # one without a nameable metric drops behind equally ranked ones that have it.
    pool = ranked[: max_figures + 3]
    raw = {id(c): _final_label(c) for c in pool}
    labels = {id(c): readable(raw[id(c)], c.is_change) for c in pool}
    for c in pool:  # 及其暴露出的近120亿美元复杂债务: the noun after names what the clause cannot
        if raw[id(c)] and not labels[id(c)] and c.after:
            labels[id(c)] = readable(tidy_label("", c.after))
    named = {k for k, v in labels.items() if v}
    for c in pool:  # a borrowed name (批价 for 600元, 每股收益预期) ranks as an unnamed one
        if not raw[id(c)]:  # a clause of its own that reads as a fragment (45票反对) borrows not
            labels[id(c)] = _borrowed_label(c, prev.get(id(c)))
    pool.sort(key=lambda c: (-(c.score - (0 if id(c) in named else 6)), c.order))
    # 约一半 of what? 规模 of what? A figure whose line cannot say what it measures is not shown
    # (issue 9: fewer lines, each one right); the title above still shows a title number.
    top = {id(c) for c in ranked[:max_figures]}
    pool = [
        c
        for c in pool
        if labels[id(c)]
        and labels[id(c)] not in BARE_NOUNS
        and not share_word(labels[id(c)]).endswith(DANGLING_END)  # 流向英伟达: cut at 达?
        and not (unit_counted(c.q.kind, c.value) and labels[id(c)].endswith(_MONEY_NOUNS))
        and (id(c) in top or c.score >= EXTRA_FLOOR)  # no filler for a dropped line
        and (not c.background or c.score >= BACKGROUND_FLOOR)  # last year's level: no news
    ]
    memo: dict[tuple[int, bool], str] = {}  # (candidate, line above ends in a digit) -> shown
    # A line whose owner is unclear (whose.py) or that reads garbled with its marker (plans.py)
    # keeps its slot empty: better fewer lines than a weaker one in its place (issue 9).
    # Candidates are judged only as far as the first slots need (the checks tag words, which
    # is slow; no judgement touches another candidate).
    slots: list[Cand | None] = []
    rest = iter(pool)

    def fill() -> list[Cand]:
        while len(slots) < max_figures and (c := next(rest, None)) is not None:
            if usable := _usable(c, labels, prev, title, memo):
                slots.append(usable)
            elif _unowned(c, shown := _shown(c, labels, prev, title, "", memo)) or not shown:
                slots.append(None)
        return [c for c in slots[:max_figures] if c]

    chosen = fill()
    while True:  # 翻了三倍 in the title and 440万美元（同比翻了三倍） in the list: once
        dup = next((c for c in chosen if any(restates(c, o) for o in chosen)), None)
        dup = dup or next(
            (
                c
                for c in chosen
                if any(
                    rounds(c, o, labels) or title_rounds_change(c, o, labels) or range_end(c, o)
                    for o in chosen
                    if o is not c
                )
            ),
            None,
        )
        if dup is None:
            break
        slots.remove(dup)
        chosen = fill()
    out: list[tuple[Cand, str]] = []
    for c in chosen:
        above = (out[-1][0].change or out[-1][0].value) if out else ""
        shown = _shown(c, labels, prev, title, above, memo)
        # 科创50指数涨 1.69% and 科创50指数涨 超11% (the month's): two numbers under one label
        # leave the reader to guess which is which (issue 9: "the same label twice"); the
        # better ranked one stays.
        twin = next((i for i, (_, s) in enumerate(out) if s == shown), None)
        if twin is None:
            out.append((c, shown))
        elif _from_to(out[twin][0], c):  # 批价从850元跌至600元: the level it reached stays
            out[twin] = (c, shown)
    return out


def _from_to(start: Cand, end: Cand) -> bool:
    """`start` is the 从 side of a move to `end` in the same sentence (从年初的850元跌至600元)."""
    return (
        start.sent == end.sent
        and start.span[1] <= end.span[0]
        and "从" in start.sent[max(0, start.span[0] - 8) : start.span[0]]
    )


def _shown(
    c: Cand,
    labels: dict[int, str],
    prev: dict[int, Cand],
    title: str,
    above: str,
    memo: dict[tuple[int, bool], str],
) -> str:
    """The label a reader sees: marked, quoted or given its subject and period (computed once
    per candidate: only whether the line above ends in a digit changes it, see _quoted)."""
    key = (id(c), above[-1:].isdigit())
    if key not in memo:
        memo[key] = _shown_now(c, labels, prev, title, above)
    return memo[key]


def _shown_now(
    c: Cand, labels: dict[int, str], prev: dict[int, Cand], title: str, above: str
) -> str:
    label = _marked(c, _with_topic(c, labels[id(c)], prev))
    shown = _quoted(c, label, above)
    if not c.is_change and not c.paired and c.para >= 0:
        # the actor and period an earlier clause set (subjects.py), where the line lacks them
        bare = labels[id(c)]
        fuller = with_subject(bare, c.sent, c.span[0], c.prior, title)
        if _PAST.search(fuller.removesuffix(bare)):
            return ""  # 创始人赵雷曾…3亿收入: a past career's figure, background, not the news
        if fuller != bare and (shown == share_word(label) or adds_period(fuller, shown)):
            shown = share_word(_marked(c, fuller))
        elif (
            fuller != bare
            and fuller.removesuffix(bare) not in shown
            and (verb := threshold_end(shown))
        ):
            # 苹果涨近5%，市值突破4.5万亿美元: the quote 市值突破 lost whose value it is
            shown = share_word(_marked(c, fuller)) + verb
    year = own_period(c.sent[: c.span[0]]) if c.sent and shown else ""
    if year and year not in shown:
        # 比重由2015年的13.1%下降到…: the old value says its year; 2025年 -> 2025年底 when the
        # label took the bare year from the same words
        y = year[:5]
        shown = shown.replace(y, year, 1) if y in shown else year + shown
    bound = _BOUND_END.search(c.pre.rstrip()) if shown else None
    if bound and bound.group(1) not in shown + c.value:
        shown += bound.group(1)  # 规模至少为2.2亿美元: a floor, not the amount
    close = _CLOSE_END.search(c.pre.rstrip()) if shown and not c.is_change else None
    if close and not _SAYS_PRICE.search(shown) and _PRICE_OR_LEVEL.search(c.value):
        shown += close.group(1)  # 道琼斯工业平均指数收于 54036.93点: the close, not any level
    if not c.sent or c.para < 0:
        return shown
    return dated(shown, c.sent[: c.span[0]], c.year)


# A bound set apart from the number by a link verb (至少为, 最多达): the value keeps a bound only
# when it stands right before the number (至少2.2亿美元), so the label says it.
_BOUND_END = re.compile(r"(至少|至多|最多|最少|不低于|不超过|不少于)(?:为|达|是|达到)$")


# A close or a quote written right before an index level or a price (道琼斯…上涨151.83点，收于
# 54036.93点 in every 全球市场 wrap: em202510023528072036, em202606183775056545; 金斯瑞生物科技…
# 报39.75港元: 202112082207012974): the line says it, or a bare name over a number reads as any
# level of it.
_CLOSE_END = re.compile(r"(收于|收报|报收|收盘报|收在|报)$")
_SAYS_PRICE = re.compile(r"收|报|价|点位|指数位")
_PRICE_OR_LEVEL = re.compile(r"(?:点|元|港元|美元|欧元|日元|英镑)(?:/股)?$")


# An actor set in the past tense (曾, 当时): the clauses after it tell a story that is over.
_PAST = re.compile(r"曾|当时|昔日|彼时")


def _usable(
    c: Cand,
    labels: dict[int, str],
    prev: dict[int, Cand],
    title: str,
    memo: dict[tuple[int, bool], str],
) -> Cand | None:
    """`c`, or where its line names no metric (一年三募 in a title) the same number as another
    sentence states it (三次累计募资), in c's rank; None when no statement of it says what it is."""
    shown = _shown(c, labels, prev, title, "", memo)
    if _guarded(c, shown, title):
        return c
    owned_here = _owned(c, shown, title)  # else a stand-in must name its owner itself
    for alt in c.alts:
        if alt.score < 0 or alt.is_change != c.is_change:
            continue
        labels[id(alt)] = readable(_final_label(alt), alt.is_change)
        shown = _shown(alt, labels, prev, title, "", memo)
        counted = unit_counted(alt.q.kind, alt.value) and shown.endswith(_MONEY_NOUNS)
        if counted or labels[id(alt)] in BARE_NOUNS or not _guarded(alt, shown, title, strict=True):
            continue
        if not owned_here and bare(shown):
            continue
        alt.score, alt.order = c.score, c.order
        return alt
    return None


def _owned(c: Cand, shown: str, title: str) -> bool:
    """The line says whose its number is (whose.py); where the title names two or more
    companies (an acquirer and its target, two rivals), a line naming none is anyone's."""
    if c.several and c.para >= 0 and bare(shown):
        return False
    return owned(shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth)


def _unowned(c: Cand, shown: str) -> bool:
    """For a line _usable refused: it says what its number is (guards.py), so what it lacks is
    whose (whose.py); its slot stays empty."""
    return line_ok(shown, c.value, c.sent, c.span, c.q.kind, is_change=c.is_change)


def _guarded(c: Cand, shown: str, title: str, *, strict: bool = False) -> bool:
    """The line says what its number is (guards.py) and whose (whose.py); else it is not shown."""
    if not shown or not _owned(c, shown, title):  # '': garbled, see plans.py
        return False
    return line_ok(shown, c.value, c.sent, c.span, c.q.kind, is_change=c.is_change, strict=strict)


def _quoted(c: Cand, label: str, above: str) -> str:
    """The number's own clause where it says more than the label (see quoting.py).

    Not where its leading digit would read into a number ending the line above (1.3869 /
    2025年…).
    """
    if not c.sent:
        return share_word(label)
    quote = clause_quote(
        c.sent, c.span, label, qualifier=c.q.qualifier, after=c.after, change=c.change, year=c.year
    )
    if not quote:
        return share_word(label)
    if quote[:1].isdigit() and above[-1:].isdigit():
        return share_word(label)
    return quote


# A change label that names no subject: time and manner words, then the move (近期已反弹).
_BARE_MOVE = re.compile(
    r"^(?:近期|最终|单日|盘初|盘中|日内|一度|累计|全天|尾盘|早盘|午后|随后|此后|年内|本周|本月|"
    r"今年以来|同期|已|亦|也|再度|一举|大幅|小幅|[一二三四五六七八九十两\d]+日)*"
    r"(?:同比|环比)?(?:" + "|".join(sorted(MOVE_WORDS, key=len, reverse=True)) + r")$"
)


def _with_topic(c: Cand, label: str, prev: dict[int, Cand]) -> str:
    """A change whose clause has no subject (…燕京啤酒涨超5%，近期已反弹近30%) moves the subject
    of the figure before it in the sentence: Chinese drops the subject a clause shares with the
    one before. The label takes it (燕京啤酒近期已反弹) when that subject names a thing, not a
    measure (涨幅); otherwise the line stays as it was.
    """
    if not c.is_change or not label or not _BARE_MOVE.match(label) or "分别" in c.pre:
        return label  # 同比分别增长8%及5%: each rate belongs to its own figure of the list
    before = prev.get(id(c))
    for _ in range(3):  # …价格为25.15元/公斤，环比上涨0.4%，同比下降39.6%: back past 环比上涨
        if before is None:
            return label
        subject = tidy_label(before.subject) if before.subject else ""
        tags = pos_words(subject) if subject else ()
        if any(f.startswith(("n", "eng", "j")) for _, f in tags) and not _BARE_MOVE.match(subject):
            break
        before = prev.get(id(before))  # 一度, 环比上涨: no thing named, look further back
    else:
        return label
    if is_metric(tags[-1][0]) or subject in label or len(subject) + len(label) > 16:
        return label
    return subject + label


def _marked(c: Cand, label: str) -> str:
    """A forecast, target or plan says so (预计第四财季营收, 拟收购股权): see plans.py."""
    return marked(label, c.sent, c.span, c.year)


def _borrowed_label(c: Cand, prev: Cand | None) -> str:
    """A level whose own clause names nothing takes the subject of the figure before it.

    批价从年初的850元一路跌至600元区间: 600元 is the same 批价. Only for the same kind of
    quantity and not in a 分别 list, where the figure before may measure something else.
    """
    ref = REFERENCE.search(c.pre)
    if c.is_change or "分别" in c.pre:
        return ""
    if prev is None or prev.q.kind != c.q.kind or prev.raw == c.raw:
        return ref.group("ref") if ref else ""
    label = _final_label(prev)
    if ref:  # 每股收益50美分，而预期为45美分: the expectation of the same metric
        return label + ref.group("ref") if label and len(label) <= 10 else ref.group("ref")
    return label


# The value after these is what the metric was compared with, not the metric itself.
# 此前/前值: the figure's previous value (wscn3756709 目标价上调至117.0港元（此前为95.0港元）,
# wscn3756523 制造业PMI 51.2，前值50.5).
REFERENCE = re.compile(r"(?P<ref>预期|预估|预测值|前值|此前|去年同期|上年同期)(?:的|为|是|值)?$")


# A list item may open on its year (2024年营收: the period is part of its name); not on
# another number, which would read into the value before it.
_DIGIT_LEAD = re.compile(r"\d(?!\d{3}年)")


def _final_label(c: Cand) -> str:
    """What the reader sees: a tidy noun phrase, plus the change verb for a bare change."""
    if c.is_change and c.how:
        limit = max(6, 14 - len(c.how))  # a change label carries its verb too
        subject = tidy_label(c.raw, limit=limit)
        if subject.endswith(c.how) or (subject and subject in c.how):
            return subject if subject.endswith(c.how) else c.how  # 涨幅+累计涨幅: once
        return subject + c.how if subject else c.how
    if not c.raw and c.label and REFERENCE.search(c.pre):
        ref = REFERENCE.search(c.pre).group("ref")  # 目标价（此前为95.0港元）: 目标价此前
        return tidy_label(c.label.removesuffix(ref)) + ref
    if c.paired and 2 <= len(c.raw) <= MAX_PAIRED and not _DIGIT_LEAD.match(c.raw):
        return c.raw  # 在岸人民币对美元汇率: the list item is the name (tidying would cut it)
    return tidy_label(c.raw, c.after) or (tidy_label(c.label) if c.label != c.raw else "")
