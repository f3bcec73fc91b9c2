"""What is written beside a value that belongs on its line: its change, where a level reached
came from, the consensus it beat, the earlier value it is compared with, a reversal after it.

Chinese writes these around the number (…收于54036.93点，涨幅为0.28%; 从136.38亿元增至562.23亿元;
超越分析师预期的1.896亿美元; 高于去年同期的2200万美元; 盘初下跌1.9%后转涨). Shown on a line of
their own they read as figures of their own, with labels that say nothing (市场预期, 季度); beside
the value they explain, they are what a wire writes: 2.003亿美元（同比+63.5%，预期1.896亿美元）.
Pure logic over the candidates of one sentence, no I/O.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.changes import BEFORE_LINKS, CHANGE_TAIL, TO_LEVEL
from bot.summarizer.cnquant import is_doubling
from bot.summarizer.labels import PER_UNIT, tidy_label
from bot.summarizer.ranking import WEAK_LABELS
from bot.summarizer.text import clause_before

_BARE = re.compile(r"^[，,]\s*(?:同比|环比)?$")  # …440万美元，同比翻了三倍 (not 较…的X翻倍)
# The period a change is measured against, written inside it (营收17.65万亿元，同比较2025年一季报
# 增长4.9%; 净利润1.59万亿元，较2025年一季报同比增长6.7%): the change is still the level's.
_BASE = re.compile(
    r"(?<=[，,同比])较\d{4}年[^，,。；;\d]{0,6}?(?=同比|环比|增|减|降|涨|跌|上升|下滑)"
)


# A move's own name (跌幅为2.32%): no name for the level after it (报74.82美元/桶), which is the
# price of what moved.
_MOVE_NAME = re.compile(r"^(?:涨跌幅|[涨跌增降]幅|幅度)$")
# A move verb ending the clause that names what moved (纯碱期货主力合约跌停, 原油期货收跌).
_MOVED = re.compile(r"(?:收涨|收跌|涨停|跌停|大涨|大跌|暴涨|暴跌|上涨|下跌|走高|走低|[涨跌收])$")


_CLOSES = {"报", "收报", "报收", "收于", "现报", "最新报"}


def level_name(name: str, cands: list[Cand], i: int, sent: str) -> str:
    """`name`, the name a level at cands[i] borrows, unless it is a move's own name (跌幅): then
    what moved (named_before)."""
    return named_before(cands, i, sent) if _MOVE_NAME.match(name) else name


_CLAUSE_MARK = re.compile(r"[，,；;：:]")


def named_before(cands: list[Cand], i: int, sent: str) -> str:
    """What a level after a move is the price of: the nearest name before cands[i] in its
    sentence that is not a move's own name (WTI原油期货收跌1.78美元，跌幅2.32%，报74.82美元/桶:
    WTI原油期货), else the sentence's first clause without its move (纯碱期货主力合约跌停，
    跌幅为8.01%，报2378.0元/吨: 纯碱期货主力合约)."""
    for j in range(i - 1, -1, -1):
        if cands[j].seg != cands[i].seg:
            break
        name = cands[j].subject or cands[j].label
        if name and not _MOVE_NAME.match(name):
            return _MOVED.sub("", name) or name
    first = _CLAUSE_MARK.split(sent, maxsplit=1)[0]
    if len(first) >= len(sent) or any(ch.isdigit() for ch in first):
        return ""
    return _MOVED.sub("", tidy_label(first))


# A price per unit written before the number (报每盎司4350美元) and 报价 for 报 (最新报价): the
# same link between a move and the level it left the price at.
_PER_UNIT = re.compile(PER_UNIT + "$")


def _link(between: str) -> str:
    return _PER_UNIT.sub("", between).replace("报价", "报")


# The words between a level and a change written after it: only a change verb (compiled once, not
# per sentence: building the pattern string each call cost more than the match).
_AFTER_LEVEL = re.compile(r"^[，,（(]?\s*(?:" + CHANGE_TAIL.pattern.rstrip("$") + r")$")


def attach_changes(cands: list[Cand], fseg: str) -> None:
    """Give a level the changes written around it; those changes are then not listed alone.

    上涨151.83点，收于54036.93点，涨幅为0.28% -> 54036.93点 (+151.83点，涨幅0.28%);
    收入为143.35亿元，同比增长7% -> 143.35亿元 (同比+7%); 增长11%至18.53亿美元 likewise.
    """
    for c in cands:
        turn = _TURNED.match(fseg, c.q.end)
        if turn and not c.change:  # 盘初下跌1.9%后转涨: the move did not last; the line says so
            c.change = turn.group(1)
    for i, lv in enumerate(cands):
        if lv.is_change and lv.score >= 0 and not lv.change:
            # 净增加17.2万人，分析师事前一致预期增加8.5万人: a change has its consensus too
            lv.change = next(iter(_consensus_after(lv, cands, i, fseg)), None)
        if lv.is_change or (lv.change and _TURNED.fullmatch(lv.change)):
            continue
        parts: list[str] = []
        merged = lv.reached and i > 0 and _from_to(cands[i - 1], lv, fseg)
        if merged:
            parts.append(lv.change or "")  # 从165亿美元增至260亿美元，同比增幅超过57%: both
        elif i > 0:
            c = cands[i - 1]
            between = fseg[c.q.end : lv.q.start - len(lv.q.qualifier)]
            if c.is_change and c.score >= 0 and c.wording and _link(between) in BEFORE_LINKS:
                parts.append(c.wording)
                if not lv.label or _link(lv.label) in WEAK_LABELS:
                    name = level_name(c.subject, cands, i - 1, lv.sent)
                    if name != c.subject and name and lv.raw in _CLOSES:
                        name += lv.raw  # 纯碱期货主力合约报
                    if name and _PER_UNIT.search(lv.label or ""):
                        # 最新报价每盎司4350美元: the quote and its unit stay, after what moved
                        lv.label = lv.raw = name + lv.label
                    else:
                        lv.label = name or lv.label
                c.score = -1.0
        if i + 1 < len(cands):
            c = cands[i + 1]
            between = fseg[lv.q.end : c.q.start - len(c.q.qualifier)]
            if (
                c.is_change
                and c.wording
                # a rate or a multiple of any level, an amount of its own kind only (占…的比例为
                # 2.6%，较上一交易日增加160.65亿元: the 余额's move, not the share's)
                and c.q.kind in ("pct", "mult", lv.q.kind)
                and len(between) <= 14
                and between.count("，") <= 1
                and (
                    _AFTER_LEVEL.match(_BASE.sub("", between))
                    or (is_doubling(c.value) and _BARE.match(between))
                )
            ):
                parts.append(c.wording)
                c.score = -1.0
        consensus = _consensus_after(lv, cands, i, fseg)
        if merged:
            lv.change = "，".join(parts + consensus)  # ranked as the from-to level it already is
        elif parts or consensus:
            lv.change = "，".join(parts + consensus)
            lv.score += 8 + 6 * len(parts) if parts else 0  # a consensus is no change of its own


# The consensus a result is measured against, written after it: 营收达2.003亿美元，同比增长63.5%，
# 超越分析师预期的1.896亿美元 (wscn3771799); 非农就业人数录得5.7万人，远低于市场预期的11万人
# (em202607023792111182); 营业利润…远超外界预期的… (em202607073795566998). Alone on a line the
# expectation reads as an amount of its own (超越分析师预期 1.896亿美元: a beat by that much?);
# beside its result it is what a wire writes: 2.003亿美元（同比+63.5%，预期1.896亿美元）.
_VERSUS_CONSENSUS = re.compile(
    r"^[，,]?\s*(?:[^，,。；;\d]{0,6}[，,]\s*)?[远略大幅均也亦]{0,2}"
    r"(?:超越|超出|超过|超|高于|低于|不及|逊于|好于|优于|强于|弱于)"
    r"(?:市场|分析师|外界|华尔街|机构)?(?:此前)?(?:的)?(?:一致|普遍)?预期(?:的|值)?$"
)


# The consensus told in the clause right after the result, with no verb of comparing: 营收
# 563.1亿美元，同比增长33%，分析师预期555.1亿美元 and …，市场预期813.6亿美元 (em202604303725289812);
# 非农就业人数净增加17.2万人，分析师事前一致预期增加8.5万人 (em202606053762151034). Who expects
# it, then 预期/预估 (or 预计 after who expects), then the number: 预计下季度营收… is a forecast.
_CONSENSUS_NEXT = re.compile(
    r"^[，,]\s*(?:(?:分析师|市场|外界|华尔街|机构|经济学家)[^，,。；;\d]{0,4}?(?:一致|普遍)?"
    r"(?:预期|预计|预估)|(?:一致|普遍)?(?:预期|预估))(?:值|为|(?P<way>增加|增长|减少|下降))?$"
)


# The same measure at an earlier time, written after the value as its reference (增速将达40%，
# 高于上季度的36%: wscn3771650; 营收…，高于去年同期的2200万美元: two wscn/36kr earnings posts).
# Alone on a line it reads as a figure of its own with a label that is only a time (季度 36%).
_VERSUS_BEFORE = re.compile(
    r"^[，,]\s*[略远大幅均也亦]{0,2}(?:高于|低于|超过|不及|好于|快于|慢于)"
    r"(上季度|上一季度|上月|前值|去年同期|上年同期|去年|上周)的?$"
)


# A move reversed after the value (奈飞盘初下跌1.9%后转涨: wscn3756501; the same shape after a
# level, 标普500指数、纳指最后一分钟转涨, in another wscn wrap): shown alone, the move reads as
# the close.
_TURNED = re.compile(r"[，,]?((?:随后|之后|此后|后|尾盘)(?:转涨|转跌|翻红|翻绿))")


def _consensus_after(lv: Cand, cands: list[Cand], i: int, fseg: str) -> list[str]:
    """['预期1.896亿美元'] when the value after `lv` (past its attached change) is the consensus
    it beat or missed; that value is then no line of its own."""
    j = i + 1
    while j < len(cands) and cands[j].is_change and cands[j].score < 0:
        j += 1  # its own change, already attached
    if j >= len(cands) or cands[j].is_change != lv.is_change:
        return []  # a change's consensus is a change (预期增加8.5万人), a level's a level
    c, prev = cands[j], cands[j - 1]
    between = fseg[prev.q.end : c.q.start - len(c.q.qualifier)]
    if _VERSUS_CONSENSUS.match(between):
        c.score = -1.0
        return [f"预期{c.value}"]
    if told := _CONSENSUS_NEXT.match(between):
        c.score = -1.0  # 预期增加约8万人 beside 减少2.3万人: the expected direction is said
        return [f"预期{told.group('way') or ''}{c.value}"]
    ref = _VERSUS_BEFORE.match(between)
    if ref:  # 增速将达40%，高于上季度的36%: the earlier value it is compared with
        c.score = -1.0
        return [f"{ref.group(1)}{c.value}"]
    return []


_FROM_IN_CLAUSE = re.compile(r"[从由](?=[^，,；;。]*$)")


def _from_to(a: Cand, b: Cand, fseg: str) -> bool:
    """从136.38亿元增至562.23亿元: one figure, the level reached, with where it came from."""
    between = fseg[a.q.end : b.q.start - len(b.q.qualifier)]
    word = _FROM_IN_CLAUSE.search(clause_before(fseg, a.q.start))
    if a.is_change or a.score < 0 or not word or not TO_LEVEL.fullmatch(between):
        return False
    b.change = f"{word.group(0)}{a.value}"  # the year of the start is its own line's, not this
    b.label, b.raw, b.subject = a.label, a.raw, a.subject
    b.score = max(a.score, b.score)
    a.score = -1.0
    return True
