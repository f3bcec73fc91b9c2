"""An earnings post's results table: its lines are of the quarter the lead reports.

Wires set out a company's results against the analysts' expectations as a list after a header
(以下是该公司的表现情况，与LSEG调查的分析师的预期相比： / 以下是该公司业绩与分析师平均预期的对比：),
one item a paragraph: 每股收益：50美分（调整后），而预期为45美分; 营收：249亿美元，同比下滑3%. An
item names no period: the lead did (特斯拉公布了…第四季度财报业绩), and beside the year's figures
the post also gives (特斯拉全年营收), 营收 249亿美元 reads as the year's. The header's form:
em202601293634188234, em202606253781873757.
"""

from __future__ import annotations

import re

_HEADER = re.compile(r"^以下是[^。]{0,30}(?:表现|业绩|数据|对比|比较)[^。]{0,30}[：:]$")
_ITEM = re.compile(r"^[^：:，,。]{1,16}[：:]")  # 营收：…, 每股收益（调整后）：…
# The report the lead names: 第四季度财报, 第三财季（3-5月）财报, 2026年一季度业绩.
_REPORT = re.compile(
    r"(?P<p>(?:\d{4}年|\d{4}财年)?(?:第[一二三四1-4](?:财季|季度)|[一二三四1-4]季度|Q[1-4]|"
    r"[上下]半年))(?:（[^）]{1,12}）)?的?(?:财报|业绩|财务报告)"
)
_LEAD = 2  # the paragraphs where the report is named


def table_period(paragraphs: list[str] | tuple[str, ...]) -> tuple[str, frozenset[int]]:
    """(the period the lead reports, the indices of the results table's items); ('', ∅) when
    the post has no such table or its lead names no one period."""
    found = {m.group("p") for p in paragraphs[:_LEAD] for m in _REPORT.finditer(p)}
    if len(found) != 1:
        return "", frozenset()
    items: set[int] = set()
    for i, p in enumerate(paragraphs):
        if not _HEADER.match(p.strip()):
            continue
        for k in range(i + 1, len(paragraphs)):
            if not _ITEM.match(paragraphs[k].strip()):
                break
            items.add(k)
    return (found.pop(), frozenset(items)) if items else ("", frozenset())
