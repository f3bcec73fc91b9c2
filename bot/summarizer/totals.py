"""A sum says it is one: 合计, 累计, 共计, 总计 kept on the line.

The label drops linking words before the number (labelwords.LINK: 合计, 累计 among them), so
`起拍价合计2.695亿元` became `起拍价 2.695亿元` and `累计交易规模至少达到2.2亿美元` became
`交易规模至少 2.2亿美元`: the sum of fifteen lots read as one lot's price, a quarter's running
total as one trade's size. Editors flagged the first (reviews/, 起拍价 of 15家子公司股权 in
posts/2021-12-08-202112082206998127) and preferred the second with its word back (wscn3772311,
reviews/2026-12-07-twentyeighth/ab-1). The word goes back
where the clause writes it, and only when the clause writes the label's own words beside it
(累计合同销售面积6,768,389平方米 in posts/2021-12-08-202112082206896686): a total said of
something else (累计向地方通报4批次81.5万件) is not the line's.

Pure logic: strings in, a string out.
"""

from __future__ import annotations

import re

_TOTAL = re.compile(r"合计|累计|共计|总计")
# What may stand between the label's words and the number without changing what it measures.
_LINK_TAIL = re.compile(r"(?:达到了|达到|高达|约为|约合|约|达|为|至|超过|超|逾|近|共)+$")
_CORE = 2  # characters of the label's words that must sit right beside the total word


def with_total(shown: str, pre: str) -> str:
    """`shown` with the total word its clause `pre` (the text before the number) writes next
    to the label's words: before them (累计交易规模至少) or after them (起拍价合计)."""
    if not shown or _TOTAL.search(shown):
        return shown
    found = list(_TOTAL.finditer(pre))
    if not found:
        return shown
    m = found[-1]
    word = m.group()
    after = _LINK_TAIL.sub("", pre[m.end() :])
    if after:
        # 累计交易规模至少达到: the label's words follow the total word
        if len(after) >= _CORE and after in shown:
            k = shown.rfind(after)
            return shown[:k] + word + shown[k:]
        return shown
    before = pre[: m.start()]
    if len(before) >= _CORE and shown.endswith(before[-_CORE:]):
        return shown + word  # 起拍价合计: the label's words right before the total word
    return shown
