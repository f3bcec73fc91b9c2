"""Rank, deduplicate and name the candidate figures of a post (after figures.py found them).

Beyond position (figures._position_score), two signals decide what a reader sees: a figure the
summary already states gives up rank, and one the post repeats in another sentence gains it.
Labels are tidied only for the few figures that may be shown (segmentation costs time; how a
line reads is lines.py); a figure whose own clause names nothing borrows the name of the figure
before it, a worded share (约一半) without a name is dropped, a line that cannot say what or
whose its number is (guards.py, whose.py) is not shown, and a change already shown next to its
level is not listed twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.summarizer.cand import Cand, unnamed_last
from bot.summarizer.duplicates import (
    comparable,
    long_spelling,
    range_end,
    restates,
    rounds,
    same_subject,
    spelled_long,
    title_rounds_change,
)
from bot.summarizer.guards import leans_on_context, line_ok
from bot.summarizer.labels import pos_words, tidy_label
from bot.summarizer.lines import borrowed_label, final_label, shown_label
from bot.summarizer.naming import DANGLING_END, readable, share_word, short_terms, unit_counted
from bot.summarizer.pastday import beside_dated, past_day
from bot.summarizer.whose import (
    bare,
    named_owner,
    opening_subject,
    owned,
    proper_name,
    refers_only,
    topic_owner,
)

# Every line is a title or lead figure, or one the post stresses (a key metric, the title's words,
# a restatement): score of a lead figure is 45 - 9 * paragraph + kind weight, see figures. Editors
# who judged 311 lines of 90 dev pushes (2026-12-05) passed 30% of the lines that scored below 35
# and 72% of the others: a deep-body number out of its context is most often background or says
# too little (issue 9: fewer lines, each one right; one vague line costs the whole push). 40
# would drop more bad lines, but also the key figures of features whose lead has no number.
# Lower costs more than it gains: editors would add 23 of the 113 lines a floor of 20 adds
# (reviews/2026-12-05-floor), although the push gold scorer counted most of them right.
LINE_FLOOR = 35.0
# From body paragraph DEEP_PARA (the third) on, a line needs DEEP_FLOOR: editors passed a third
# of the deep lines scoring 35-40 (reviews/2026-12-05/lines.jsonl: 10 of 30), so each such line
# cost its push more often than it helped. Two A/B rounds blind to which push was new
# (reviews/2026-12-05-thirteenth): a floor of 40 against 35 on the 48 corpus pushes it changes,
# preferred 28-15, shipped 33 against 14; 45 against 40 on 44 pushes, preferred 20-22 (the dropped
# lines were often true) but shipped 34 against 19, and on the blind holdout's 6 it changes,
# preferred 5-0, shipped 3 against 0. The cost: dev figure gold recall 0.903 -> 0.886 (three key
# figures in deep lines) and fewer numbers in a feature's push.
DEEP_FLOOR = 45.0
DEEP_PARA = 2
# A figure of another period than the title's is shown only if it ranks like a lead figure of
# the first paragraph (45 + kind weight), after its penalty: background is no filler.
BACKGROUND_FLOOR = 55.0
WEAK_LABELS = {"报", "收", "收报", "报收", "收于", "至", "达", "现报", "最新报", "价格"}
# A measure word alone names nothing (规模 of what, 比例 of what); the generic words too.
_BARE = (
    "规模 金额 总额 数量 比例 水平 关口 价值 数值 点位 倍数 占比 情形 数额 额度 幅度 部分 同比 环比"
)
# Generic nouns that editors judged vague or misleading as a whole line, every time
# (reviews/*/lines.jsonl): 收盘 (whose?), 费用, 指数, 平均值 (of what?). Named (特斯拉收盘), they
# say whose. Not 价格, 总价值, 关税: blind A/Bs preferred a deal's amount or a tariff that is the
# headline's number under such a short, true label to none. The slot stays empty: a stand-in
# from another sentence (_usable's alts) read worse, once in three blind.
_GENERIC_ALONE = frozenset(["收盘", "费用", "指数", "平均值"])
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
    "额",  # 募资总额 28家: a count of companies under an amount
    "募资",
    "融资",
    "资金",
)
_MONEY_NOUNS += ("涨幅", "跌幅", "增速", "增幅", "降幅", "比例", "利率", "收益率")  # 493只股票…跌幅
# An amount is no percentage: 较1.31亿元的净资产账面价值增值513.62% gives 513.62% no line as
# 账面价值 (the premium over it); a share says so (占成交额, 比例) and keeps its line.
_AMOUNTS = (
    "价值", "金额", "市值", "营收", "收入", "利润", "资产", "估值", "总额", "余额", "销售额",
)  # fmt: skip
_SHARE_OF = re.compile(r"占|比(?!较)|率|比例|份额")


# A volume is an amount too: 承载着全球约20%的石油总消费量 is a share of it, not its level
# (wscn3766523); a content or a quality is a level (酒精含量).
_LEVEL_OF = ("含量", "质量", "能量", "力量")


def _amount_named(label: str) -> bool:
    """The label names an amount, not a share of one (see _AMOUNTS)."""
    volume = label.endswith("量") and not label.endswith(_LEVEL_OF)
    return (label.endswith(_AMOUNTS) or volume) and not _SHARE_OF.search(label)


# A move of a move on a line of its own (跌幅随后收窄至约0.2%): the value is the level the change
# reached, which a label cannot say (跌幅收窄 约0.2% reads as narrowed by 0.2%, and a label may not
# end on 至). Beside its level it stays: 报39.75港元（涨幅扩大至7.72%）.
_NARROWED_TO = re.compile(r"(?:收窄|扩大)(?:至|到)\s*$")


def choose(
    ranked: list[Cand], prev: dict[int, Cand], max_figures: int, title: str = ""
) -> list[tuple[Cand, str]]:
    """The figures to show, each with its label.

    `ranked`: candidates best first; `prev`: for each, the figure before it in the same sentence
    (whose name a figure may borrow).
    """
    # Labels are tidied only for the few figures that may be shown (segmentation costs time);
    # one without a nameable metric drops behind equally ranked ones that have it.
    raw: dict[int, str] = {}  # final_label of each candidate looked at, computed once

    def raw_of(c: Cand) -> str:
        if id(c) not in raw:
            raw[id(c)] = final_label(c)
        return raw[id(c)]

    ranked = _exact_first(ranked, max_figures + 3, raw_of)
    ranked = _readable_first(ranked, max_figures + 3, raw_of)
    # Below its floor, a background figure below BACKGROUND_FLOOR, a move of a move: shown under
    # no label, so none is made for it.
    labels: dict[int, str] = {}

    def named(c: Cand) -> bool:
        """Make c's label (labels[id(c)]); whether c's own clause, or the noun after its
        number, names it: a borrowed name (批价 for 600元, 每股收益预期) ranks as no name."""
        labels[id(c)] = readable(raw_of(c), c.is_change)
        if raw[id(c)] and not labels[id(c)] and c.after:  # 及其暴露出的近120亿美元复杂债务:
            labels[id(c)] = readable(tidy_label("", c.after))  # the noun after names it
        if raw[id(c)]:  # a clause of its own that reads as a fragment (45票反对) borrows not
            return bool(labels[id(c)])
        labels[id(c)] = borrowed_label(c, prev.get(id(c)))
        return False

    # 约一半 of what? 规模 of what? A figure whose line cannot say what it measures is not shown
    # (issue 9: fewer lines, each one right); the title above still shows a title number.
    pool = (
        c
        for c in unnamed_last([c for c in ranked[: max_figures + 3] if _may_show(c)], named)
        if labels[id(c)]
        and labels[id(c)] not in BARE_NOUNS
        and not share_word(labels[id(c)]).endswith(DANGLING_END)  # 流向英伟达: cut at 达?
        and not (unit_counted(c.q.kind, c.value) and labels[id(c)].endswith(_MONEY_NOUNS))
        and not (c.q.kind == "pct" and not c.is_change and _amount_named(labels[id(c)]))
    )
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
            elif _unowned(c, shown := shown_label(c, labels, prev, title, "", memo)) or not shown:
                slots.append(None)
        return [c for c in slots[:max_figures] if c]

    chosen = fill()
    shown_of = lambda c: shown_label(c, labels, prev, title, "", memo)  # noqa: E731
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
        # 估值1年翻 3倍 beside 估值1年翻3倍 60亿美元: a number another line's label states already,
        # with all its line says (not SpaceX目标估值融资 1.75万亿美元 beside 目标以1.75万亿美元估值
        # 融资 约750亿美元: only the first says whose)
        dup = dup or next((c for c in chosen if any(_told(c, o, shown_of) for o in chosen)), None)
        if dup is None:
            break
        slots.remove(dup)
        chosen = fill()
    out: list[tuple[Cand, str]] = []
    for c in chosen:
        above = (out[-1][0].change or out[-1][0].value) if out else ""
        shown = short_terms(shown_label(c, labels, prev, title, above, memo))
        # 科创50指数涨 1.69% and 科创50指数涨 超11% (the month's): two numbers under one label
        # leave the reader to guess which is which (issue 9: "the same label twice"); the
        # better ranked one stays.
        twin = next((i for i, (_, s) in enumerate(out) if s == shown), None)
        if twin is None:
            out.append((c, shown))
        elif _from_to(out[twin][0], c):  # 批价从850元跌至600元: the level it reached stays
            out[twin] = (c, shown)
    dated = [
        (c, _whose_of_rivals(c, _lone_named(c, past_day(shown, c), title), title))
        for c, shown in out
    ]
    return beside_dated([(c, shown) for c, shown in dated if shown])  # display only


# A line past the lead whose label is one measure word (估值, 市值, 融资, 价格, 首发价) says nothing
# of whose number it is; in a post about no one listed company a reader takes it for the title's
# topic's. Editors failed every such line of the 96 pushes they read (reviews/2026-12-06-
# twentysixth: 估值 of a start-up's funding round in its IPO story, a peer's 市值 in a sector
# feature, the first model's 价格/首发价/降价 under a story on the second). In the lead the title's
# subject carries on, and a title's own number keeps its short label (blind A/Bs preferred 价格
# or 总价值 there to no line: _GENERIC_ALONE).
_LONE = re.compile(r"[\u4e00-\u9fff]{1,3}")
_MOVED = re.compile(r"[涨跌]")  # 百度跌: a name and its move


def _lone_named(c: Cand, shown: str, title: str) -> str:
    """The line as shown; where a lone measure word past the lead is all it says, named by its
    sentence's opening subject (Anthropic最近完成了一轮融资，估值接近1万亿美元: Anthropic估值),
    else kept only under a title that opens on its owner, else '' (no line)."""
    if c.para < DEEP_PARA or c.actor or not _LONE.fullmatch(shown) or _MOVED.search(shown):
        return shown
    if not bare(shown):
        return shown
    if who := topic_owner(shown, c.sent, c.span, title, c.names):
        return who + shown
    return shown if opening_subject(title, c.names, caps=True)[1] else ""


def _whose_of_rivals(c: Cand, shown: str, title: str) -> str:
    """The line as shown; in a post whose title or summary names two of its companies (戴尔科技
    and 联想集团), a body line that names neither is named by its sentence's subject."""
    if not c.rivals or c.para < 0 or not shown or any(n in shown for n in c.names):
        return shown
    if _NAMED_ITEM.search(shown) or any(proper_name(w, f) for w, f in pos_words(shown)):
        return shown  # 英恒科技涨, 标普500指数涨, 舜宇、京东健康涨: the label names its own
    who = named_owner(c.sent, c.span[0], c.names)
    if who and 0 <= c.sent.find(who) < RIVAL_REACH and len(who + shown) <= RIVAL_LABEL:
        return who + shown  # the sentence opens on it: 其中，戴尔科技…，单季AI服务器收入…
    return shown


RIVAL_LABEL = 18
RIVAL_REACH = 8  # the name opens the sentence (after 其中，/此外，), not a list further in
_NAMED_ITEM = re.compile(r"[涨跌]$|指数|、")


def _told(c: Cand, o: Cand, shown_of: Callable[[Cand], str]) -> bool:
    """o's line states c's number, and its label every character of c's label (a cheap stand-in
    for every word: 估值1年翻 in 估值1年翻3倍; SpaceX目标估值融资 is not in 目标以…估值融资)."""
    if o is c:
        return False
    mine, theirs = shown_of(c), shown_of(o)
    return c.value in theirs and set(mine) <= set(theirs)


def _may_show(c: Cand) -> bool:
    """What a line needs whatever its label says: its floor (no filler), and as background
    (last year's level: no news) BACKGROUND_FLOOR; no move of a move (_NARROWED_TO)."""
    return (
        c.score >= (LINE_FLOOR if c.para < DEEP_PARA else DEEP_FLOOR)
        and (not c.background or c.score >= BACKGROUND_FLOOR)
        and not (c.is_change and _NARROWED_TO.search(c.pre))
    )


def _exact_first(ranked: list[Cand], top: int, raw_of: Callable[[Cand], str]) -> list[Cand]:
    """`ranked` with a bounded figure among the first `top` (沪指跌近1%, 创业板跌超4%) replaced by
    the exact figure the post gives for the same fact further down (截至收盘，沪指跌0.94%).

    A live market wrap, an earnings story and a flash's follow-up state the number twice:
    rounded where the story opens, exact in the closing data. The rounded one ranks first by
    position, and the exact one, ranked too low to be shown, is lost: a reader gets 沪指跌 近1%
    where the post says 0.94% (issue 9: one line per fact, the exact number; duplicates.py)."""
    out = list(ranked)
    labels: dict[int, str] = {}
    for i, c in enumerate(out[:top]):
        if c.score < LINE_FLOOR or not _BOUNDED.match(c.q.qualifier or ""):
            continue
        for j in range(i + 1, len(out)):
            o = out[j]
            if o.score < LINE_FLOOR or o.q.qualifier or o.is_change != c.is_change:
                continue
            if not comparable(c, o):
                continue  # rounds() compares these with no label: none made for the pair
            for x in (c, o):
                if id(x) not in labels:
                    labels[id(x)] = readable(raw_of(x), x.is_change)
            if (
                same_subject(labels[id(c)], labels[id(o)], share=_SAME_NAME)
                and rounds(c, o, labels)
                and not rounds(o, c, labels)
            ):
                o.score, o.order = c.score, c.order
                out[i] = o
                del out[j]
                break
    return out


def _readable_first(ranked: list[Cand], top: int, raw_of: Callable[[Cand], str]) -> list[Cand]:
    """`ranked` with an amount spelled out in 万 among the first `top` (营业收入5,080,014.55万元)
    replaced by the same amount as the post also writes it (营业收入508亿元, 同比增长719.13%):
    the filing's table spelling ranks first by position, the reporter's readable one is lost
    (issue 9: value formatting). The same fact: the same change, or the same subject."""
    out = list(ranked)
    for i, c in enumerate(out[:top]):
        if c.score < LINE_FLOOR or not long_spelling(c.value):
            continue
        for j in range(i + 1, len(out)):
            o = out[j]
            if o.is_change != c.is_change or (c.change and not o.change):
                continue  # the readable line must say what the long one says
            if not spelled_long(c, o):
                continue
            same_change = bool(c.change) and c.change == o.change
            if same_change or same_subject(
                readable(raw_of(c), c.is_change), readable(raw_of(o), o.is_change), share=_SAME_NAME
            ):
                o.score, o.order = c.score, c.order
                out[i] = o
                del out[j]
                break
    return out


_BOUNDED = re.compile(r"近|接近|超|超过|逾|约")
_SAME_NAME = 0.67  # of the shorter label's character pairs: the same subject, not one word


def _from_to(start: Cand, end: Cand) -> bool:
    """`start` is the 从 side of a move to `end` in the same sentence (从年初的850元跌至600元)."""
    return (
        start.sent == end.sent
        and start.span[1] <= end.span[0]
        and "从" in start.sent[max(0, start.span[0] - 8) : start.span[0]]
    )


def _usable(
    c: Cand,
    labels: dict[int, str],
    prev: dict[int, Cand],
    title: str,
    memo: dict[tuple[int, bool], str],
) -> Cand | None:
    """`c`, or where its line names no metric (一年三募 in a title) the same number as another
    sentence states it (三次累计募资), in c's rank; None when no statement of it says what it is."""
    shown = shown_label(c, labels, prev, title, "", memo)
    if shown in _GENERIC_ALONE:
        return None
    if _guarded(c, shown, title, strict=c.restated):
        return c
    owned_here = _owned(c, shown, title)  # else a stand-in must name its owner itself
    for alt in c.alts:
        if alt.score < 0 or alt.is_change != c.is_change:
            continue
        labels[id(alt)] = readable(final_label(alt), alt.is_change)
        shown = shown_label(alt, labels, prev, title, "", memo)
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
    if c.several and c.para >= 0 and (bare(shown) or refers_only(shown)):
        return False
    return owned(shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth)


def _unowned(c: Cand, shown: str) -> bool:
    """For a line _usable refused: it says what its number is (guards.py), so what it lacks is
    whose (whose.py), or whose or when is said only by a clause it points to (同期, 其); its
    slot stays empty."""
    return leans_on_context(shown) or line_ok(
        shown, c.value, c.sent, c.span, c.q.kind, is_change=c.is_change
    )


def _guarded(c: Cand, shown: str, title: str, *, strict: bool = False) -> bool:
    """The line says what its number is (guards.py) and whose (whose.py); else it is not shown."""
    if not shown or not _owned(c, shown, title):  # '': garbled, see plans.py
        return False
    return line_ok(shown, c.value, c.sent, c.span, c.q.kind, is_change=c.is_change, strict=strict)
