"""The day, week or span a sentence opens with, which every figure after it shares.

本周沪指下跌5.81%，深证成指下跌8.90%: both falls are the week's; 过去六周，费城半导体指数已累涨
60%: the rise covers six weeks; 自特朗普去年1月就任以来，美元指数的累计跌幅接近10%: the running
total starts then. A line cut from a later clause loses that opener, and a market wrap's other
figures (the day's, the month's) make it worth saying (lines.py puts it back). Pure string rules.
"""

from __future__ import annotations

import re

from bot.summarizer.subjects import CLAUSE, NOW, periods

# A day or a week opening the sentence (本周沪指下跌5.81%，深证成指下跌8.90%: em202606143770695059,
# em202607123802641836; 周四美股交易中，费城半导体指数下跌4.3%: wscn3777197; 上周，韩国Kospi指数暴跌
# 10%，…拖累纳斯达克指数下跌3%: wscn3776019): every figure after it is that day's or week's, which
# a market wrap's other figures (the week's, the day's) make worth saying.
# 本周五 is a day, not the week (本周五美股全线崩盘，纳指跌超3%: a Friday's fall); 本月5日 a date.
_DAY_WORD = r"(?:本|上|当)?周[一二三四五六日]|本周|上周|当周|(?:本月|上月)(?!\d)"  # not 当日, 今日
_DAY_OPENER = re.compile(rf"^(?:截至)?(?P<p>{_DAY_WORD})(?!以来|至|到)")
_DAY_IN = re.compile(_DAY_WORD)


def day_period(sent: str, start: int) -> str:
    """The day or week the sentence opens with, for a figure at sent[start] ('' if none, or if
    another period or a 'now' comes between), or the first day a 从首日…来看 frame sets."""
    return _opening_period(sent, start, _DAY_OPENER, _DAY_IN) or _frame_period(sent, start)


def _opening_period(sent: str, start: int, opener: re.Pattern[str], again: re.Pattern[str]) -> str:
    """The period `opener` finds at the sentence's start (its group p), for a figure at
    sent[start]: '' when there is none, or when `again` (another of its kind), a 'now' or
    another period comes between."""
    m = opener.match(sent)
    if not m or m.end() > start:
        return ""
    between = sent[m.end() : start]
    if again.search(between) or NOW.search(between) or periods(between):
        return ""
    return m.group("p")


def names_day(label: str) -> bool:
    """The label names a day or a week (本周, 周四)."""
    return bool(_DAY_IN.search(label))


# A span back from now opening the sentence as a clause of its own (过去六周，费城半导体指数已
# 累涨60%: em202605123733494968; 过去一个月，AI相关债券发行达750亿美元: wscn3776849; 过去两年，
# …销售额份额已率先突破30%: 36kr3813305543794440): what the sentence's figures cover, until
# another period or span is named (（年初至今2410亿美元）).
_SPAN_CLAUSE = re.compile(
    r"^(?:[^，,。：:]{0,30}[：:][“\"])?"  # …在报告中写道：“过去一个月，…: the quote's own opener
    r"(?P<p>(?:过去|近|最近)(?:的)?[一二两三四五六七八九十\d]{1,3}(?:个)?(?:交易日|天|日|周|个月|月|年|季度))"
    r"(?:以来|里|内|中)?[，,]"
)
_SPAN_IN = re.compile(r"(?:过去|近|最近|年初至今|以来)")


def span_clause(sent: str, start: int) -> str:
    """The span back from now the sentence opens with, for a figure at sent[start] ('' if none,
    or if another period or span comes between)."""
    return _opening_period(sent, start, _SPAN_CLAUSE, _SPAN_IN)


# A span to now as a clause of its own before the figure's (自特朗普去年1月就任以来，美元指数的累计
# 跌幅接近10%: em202601293634108723; 拉长时间看，2026年以来截至1月23日收盘，伦敦银现货价格已累计
# 上涨44.38%: em202601263630017241; 自中东冲突爆发以来，沪深300银行指数累计上涨2.7%:
# wscn3769450): what a move or a running total after it covers.
# 2024年9月至今，广合科技股价区间最大涨幅达536.86% (em202606223778453322) likewise.
_SINCE_CLAUSE = re.compile(
    r"^[自从]?(?P<p>[^，,。；;：:]{1,10}(?:以来|至今))(?:截至[^，,。；;：:]{1,10})?$"
)


def since_clause(sent: str, start: int) -> str:
    """The span to now (…以来) of a clause of its own before the figure's, the nearest: ''
    if none."""
    clauses = CLAUSE.split(sent[:start])
    for clause in reversed(clauses[:-1]):
        m = _SINCE_CLAUSE.match(clause.strip())
        if m:
            return m.group("p")
    return ""


# A sentence opening on 其中 lists parts of the one before it, and shares the period that one
# sets in a clause of its own (梳理发现，截至2025年底，7只宽基ETF规模突破千亿元。其中，沪深300ETF
# 易方达规模为3002.2亿元: em202606303788750595; 2024年，公司实现营收…。其中，海外收入…).
_AMONG = re.compile(r"^其中[，,]?")
_AS_OF = re.compile(r"^(?:截至|截止)(?:到)?")
_PERIOD_END = r"(?:底|末|初|全年)?"


def among_period(sent: str, start: int, before: str) -> str:
    """The period the sentence `before` sets in a clause of its own, for a figure at sent[start]
    of a sentence opening on 其中 that names no period of its own ('' if none, or two)."""
    if not _AMONG.match(sent) or periods(sent[:start]) or NOW.search(sent[:start]):
        return ""
    found = []
    for clause in CLAUSE.split(before)[:-1]:
        alone = _AS_OF.sub("", clause.strip())
        got = periods(alone)
        if len(got) == 1 and not NOW.search(alone):
            written = got[0][1]
            if re.fullmatch(re.escape(written) + _PERIOD_END, alone):
                found.append(alone)
    return found[0] if len(found) == 1 else ""


# Extended hours opening the sentence (在周三的盘后交易中，CrowdStrike股价大跌10%: wscn3773824;
# 在盘后交易时段中，股价最大涨幅超过16%: em202606253781873757): the move is not the regular
# session's, which a reader takes a bare move for.
_SESSION_OPENER = re.compile(
    r"^(?:在|美东时间)?[^，,。]{0,8}?(?<!开)(?P<p>盘后|盘前)(?:交易)?(?:时段)?中?[，,]"
)


def session_period(sent: str, start: int) -> str:
    """盘后 or 盘前 when the sentence opens in extended hours, for a figure at sent[start]."""
    m = _SESSION_OPENER.match(sent)
    return m.group("p") if m and m.end() <= start else ""


# A frame clause opening the sentence on a first day (从首日表现来看，Sora的下载量为5.6万次:
# wscn3756633, beside the two days' 16.4万次): the figures after it are that day's. 首日 is an
# IPO's or a launch's first day (紫金黄金国际IPO首日大涨超60%: wscn3756523; 跌穿IPO首日收盘价:
# wscn3775217).
_FIRST_DAY_FRAME = re.compile(r"^从(?P<p>首日)(?:的)?(?:表现|数据|情况)?来看[，,]")


def _frame_period(sent: str, start: int) -> str:
    """The first day a 从首日…来看 frame sets for the figure at sent[start], '' if none."""
    m = _FIRST_DAY_FRAME.match(sent)
    return m.group("p") if m and m.end() <= start else ""
