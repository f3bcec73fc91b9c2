"""The period a clause of its own sets for the figures after it in its sentence.

`11月，集团实现合同销售金额约75.37亿元，合同销售面积511,348平方米`: 11月 is both figures' period,
though neither clause of a figure names it; so is a span of days (2月28日到3月16日，…拦截了304枚)
and the period heading the figure clause before a parallel one (第三财季营收增长346%，毛利率
84.9%). lines.py puts it in front of a line that lacks one. Pure regex and the period finder of
subjects.py.
"""

from __future__ import annotations

import re

from bot.summarizer.subjects import CLAUSE, NOW, periods, short_period
from bot.summarizer.whose import SAYS

_DIGIT = re.compile(r"\d")

# A clause that is only a period (11月，集团…实现合同销售金额…，合同销售面积… / 今年前11个月，…)
# sets it for every figure after it in its sentence, whatever the metric.
_PERIOD_ONLY = re.compile(r"^(?:其中|今年|在|于)?(?P<p>.+?)(?:内|期间)?$")
_ONLY = re.compile(r"^仅仅?")  # "only": the clause is still a period of its own


def clause_period(sent: str, start: int) -> str:
    """The period a clause of its own sets before sent[start] ('' if none): 11月, 前11个月."""
    clauses = CLAUSE.split(sent[:start])
    for k in range(len(clauses) - 2, -1, -1):  # the figure's own clause is the last one
        clause = clauses[k]
        if NOW.search("".join(clauses[k + 1 :])):
            return ""  # 今年1月，…首次亮相，目前已服务400多家客户: today's count
        alone = _ONLY.sub("", clause.strip())  # 仅今年一季度，…融资总额已达32亿元: still its period
        m = _PERIOD_ONLY.match(alone)
        found = periods(alone)
        if m and len(found) == 1 and found[0][1] in (m.group("p"), alone) and found[0][3]:
            _, written, _, pkey = found[0]
            return short_period(written, pkey)
        if len(found) == 1 and found[0][3] and SUB_SPAN.fullmatch(alone, found[0][0]):
            return alone  # 6月最后三个交易日，…合计受理企业达113家: not the month's count
        if span := DAY_SPAN.fullmatch(alone):
            return span.group("days")  # 2月28日到3月16日，…已拦截了304枚弹道导弹: counted over them
    return _heading_period(clauses)


_TIME_WORD = re.compile(r"[年月季周日天]|期间|以来|同期")


def _heading_period(clauses: list[str]) -> str:
    """The period that heads the run of figure clauses before the figure's own (第三财季营收增长
    346%，毛利率84.9%; 甲公司一季度实现营收508亿元，同比增长719%；实现净利润247亿元: 一季度 is
    every one's), when the figure's clause and the clauses between are parallel ones: each
    states a figure and no period, time or actor of its own."""
    if _TIME_WORD.search(clauses[-1]) or NOW.search(clauses[-1]):
        return ""  # 两个月合计减少, 上年同期为: the clause says its own time
    for before in reversed(clauses[:-1]):
        before = before.strip()
        if found := periods(before):
            end, written, _, part = found[0]
            head = before[: end - len(written)]
            if not part or not _DIGIT.search(before[end:]) or not _HEAD.fullmatch(head):
                return ""  # no part of a year, no figure after it, or more than a name before it
            if SAYS.search(head):
                return ""  # 分析人士称甲公司一季度…: someone's words, not a report
            return short_period(written, part)
        if not _DIGIT.search(before) or _TIME_WORD.search(before) or NOW.search(before):
            return ""  # a clause with no figure of its own ends the run
    return ""


_HEAD = re.compile(r"[\u4e00-\u9fffA-Za-z]{0,8}")  # nothing, or a name: 甲公司一季度…


# A span of days as a clause of its own: what follows is counted over it (2月28日到3月16日，…拦截
# 了304枚: em202603173674606150; 今年6月29日至6月30日，共有28家企业…获受理: em202607053794298783).
DAY_SPAN = re.compile(
    r"(?:今年|从)?(?:\d{4}年)?(?P<days>\d{1,2}月\d{1,2}日(?:到|至|[-—～~])(?:\d{1,2}月)?\d{1,2}日)"
)


# Days of a period, written after it (6月最后三个交易日, 3月前两周, 今年前两个交易日): the span a
# clause of its own sets, narrower than the period (6月最后三个交易日: em202607053794298783;
# 3月最后一周: wscn3771650).
SUB_SPAN = re.compile(
    r"(?:的)?(?:最后|前|首|头)(?:\d{1,2}|[一二两三四五六七八九十])个?(?:交易日|天|日|周|星期)"
)
