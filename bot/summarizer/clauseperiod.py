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
    """The period that opens the figure clause right before the figure's own (第三财季营收增长
    346%，毛利率84.9%: 第三财季 is the margin's too), when the figure's clause is a parallel one
    (no period, time or actor of its own)."""
    if len(clauses) < 2:
        return ""
    before, own = clauses[-2].strip(), clauses[-1]
    found = periods(before)
    if not found or not found[0][3] or not _DIGIT.search(before[found[0][0] :]):
        return ""  # no part of a year heads it, or no figure follows it there
    end, written = found[0][0], found[0][1]
    if before[: end - len(written)].strip() or _TIME_WORD.search(own) or NOW.search(own):
        return ""  # 两个月合计减少, 上年同期为: the clause says its own time
    return short_period(written, found[0][3])


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
