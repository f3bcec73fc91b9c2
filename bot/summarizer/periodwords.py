"""Period phrases around a figure: which period a measure, or a value, is of.

Labels are tidied down to subject and metric, and tidying drops time words (近日 and 目前 say
when something was reported, not what is measured). Period words are different: 去年营收 is
not 营收, 前三季度 is not 三季度, and a value written as 由2015年的13.1% is 2015's. These
pure functions find such periods in the text a label was cut from (labels.py) or right before
a value (ranking.py), so a line keeps them.
"""

from __future__ import annotations

import re

# The period a measure is of, written right before it: 去年营收, 上半年净利润, 前11个月出口额,
# 2024年营收. Tidying drops time words (近日, 目前 say when it was reported, not what is
# measured), and with them these; a line without its period shows last year's revenue, or
# the first three quarters' sales (前三季度), as this quarter's.
PERIOD = re.compile(
    r"(?:(?:\d{4}年|今年|去年|明年|前年)?(?:前|近)(?:\d{1,2}|[一二两三四五六七八九十]{1,3})个?"
    r"(?:月|季度)|(?:\d{4}年|今年|去年|明年|前年)?(?:上半年|下半年|全年|一季度|二季度|三季度|"
    r"四季度|第[一二三四]季度|前三季度)|\d{4}年(?:度)?|今年|去年|前年|\d{1,2}-\d{1,2}月)"
)


# The period written right before the value itself (由2015年的13.1%, 2024年底的…).
_OWN_PERIOD = re.compile(r"(\d{4}年(?:[一二三四]季度|上半年|下半年|全年|底|末|初)?)的$")


def own_period(before: str) -> str:
    """The year a value is said to be of, right before it (比重由2015年的13.1%): '' if none."""
    m = _OWN_PERIOD.search(before)
    return m.group(1) if m else ""


_QUARTER = re.compile(r"[一二三四]季度")


def with_period(part: str, label: str, limit: int) -> str:
    """The label with the period written just before its words in `part`, the clause it was
    cut from (see PERIOD)."""
    if not label:
        return label
    head = label[: min(2, len(label))]
    at = part.rfind(head)
    if at <= 0:
        return label
    if part[at - 1] == "前" and _QUARTER.match(label):
        label, at = "前" + label, at - 1  # 前三季度销售额, not 三季度销售额 (the third quarter)
    periods = list(PERIOD.finditer(part, 0, at))
    if not periods:
        return label
    p = periods[-1]
    between = part[p.end() : at]
    if len(between) > 4 or "的" in between:
        return label  # 去年推出的计划规模: the period of something else
    period = p.group()
    if period in label or label.startswith(("第", "前", "近")):
        return label
    if any(period.endswith(t) for t in ("季度", "半年", "全年")) and re.search(
        r"[一二三四]季度|半年|全年", label
    ):
        return label  # 三季度营收 has its period already
    return period + label if len(period) + len(label) <= limit + 4 else label


# The span an earlier clause of the sentence sets, which 同期 ("the same period") points to:
# 自中东冲突爆发以来，A累计上涨2.7%，同期B下跌5.7%; 截至今年，A上涨128%，而B同期仅上涨8%;
# 战争爆发以来，A上行30个基点，同期B上行60个基点. A span (以来, 截至, 年初至今, 过去N天…) or a
# period word, in the sentence's first clause.
_SPAN = re.compile(
    r"(?:自|从)?[^，,。；;：:]{1,10}以来|截至[^，,。；;：:]{1,10}|年初至今|今年以来|"
    r"过去(?:\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个)?(?:交易日|天|周|月|年)|"
    r"本周|上周|本月|上月|" + PERIOD.pattern
)
SAME_PERIOD = "同期"


_CLAUSE_MARK = re.compile(r"[，,；;]")


def same_period(label: str, sent: str, at: int) -> str:
    """The label with a bare 同期 replaced by the span the sentence's first clause sets (see
    _SPAN), for a figure at sent[at]: '' when that clause sets none. A line shows one figure
    without the clause before it, so "the same period" must say which."""
    if SAME_PERIOD not in label:
        return label
    first = _CLAUSE_MARK.split(sent[:at], maxsplit=1)[0]
    if first == sent[:at]:
        return ""  # 同期 in the figure's own clause and nothing before it: no span to point to
    m = _SPAN.search(first)
    if not m:
        return ""
    return label.replace(SAME_PERIOD, m.group().removeprefix("截至"), 1)  # 截至今年: 今年
