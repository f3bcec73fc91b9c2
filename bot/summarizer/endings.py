"""The words between a label and its number that say what kind of value it is.

A label is cut before the verb that ends its clause, but some of those words are the meaning:
至少为 (a floor), 均 (each item's), 收于 (a close), 最高报 (a peak), 维持在 (a hold). Each is put
back at the label's end when the words right before the number (Cand.pre) end on it.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.changes import direction


def with_ending(shown: str, c: Cand) -> str:
    """`shown` with the kind-of-value words its number's clause ends on."""
    bound = _BOUND_END.search(c.pre.rstrip()) if shown else None
    if bound and bound.group(1) not in shown + c.value:
        shown += bound.group(1)  # 规模至少为2.2亿美元: a floor, not the amount
    each = _EACH_END.search(c.pre.rstrip()) if shown and not c.paired else None
    if each and each.group(1) not in shown:
        shown += each.group(1)  # 两天油价跌幅均超10%: each day's, not the two days' together
    close = _CLOSE_END.search(c.pre.rstrip()) if shown and not c.is_change else None
    if close and not _SAYS_PRICE.search(shown) and _PRICE_OR_LEVEL.search(c.value):
        shown += close.group(1)  # 道琼斯工业平均指数收于 54036.93点: the close, not any level
    shown = _with_peak_verb(shown, c.pre.rstrip())
    hold = _HOLD_END.search(c.pre.rstrip()) if shown and not c.is_change else None
    if hold and hold.group(1) not in shown:
        shown += hold.group(1)  # 联邦基金利率维持 3.5%至3.75%: a hold is the news, not the level
    return shown


# 均/都 right before the number: the value holds for each item named (两天油价跌幅均超10%:
# em202603113669158450; 戴尔科技和联想集团的股价均翻倍: em202605313755215553; 3只个股当前不复权
# 股价均低于120元: em202605133734924335), not for them together.
_EACH_END = re.compile(r"(均|都)(?:为|达|在|是|已|有)?$")
# A bound set apart from the number by a link verb (至少为, 最多达): the value keeps a bound only
# when it stands right before the number (至少2.2亿美元), so the label says it.
_BOUND_END = re.compile(r"(至少|至多|最多|最少|不低于|不超过|不少于)(?:为|达|是|达到)$")


# A close or a quote written right before an index level or a price (道琼斯…上涨151.83点，收于
# 54036.93点 in every 全球市场 wrap: em202510023528072036, em202606183775056545; 金斯瑞生物科技…
# 报39.75港元: 202112082207012974): the line says it, or a bare name over a number reads as any
# level of it.
_CLOSE_END = re.compile(r"(收于|收报|报收|收盘报|收在|报)$")
_SAYS_PRICE = re.compile(r"收|报|价|点位|指数位")
# 维持在/保持在 before a level: a decision to hold it (美联储…将联邦基金利率目标区间维持在
# 3.5%至3.75%之间: em202606183775056545; 全年毛利率预期维持在51%至53%之间: wscn3770004; 失业率
# 预计维持在4.2%: wscn3773422). Without the verb, 联邦基金利率 3.5%至3.75% reads as any level
# (an editor's vague verdict, twice).
_HOLD_END = re.compile(r"(维持|保持)(?:在|于)?$")
# 一度/最高/最低 say the value was a peak, but a label ending on them reads as junk (美元指数一度
# 95.51, WTI主力合约最高 119.48美元/桶: an editor's verdict). The verb the post wrote between them
# and the value comes back (最高报, 一度冲高), unless it ends on 至/到/及, which dangles too: then
# 一度跌至 is the low it reached (美元指数最低 95.51) and 一度升至 the high. A link verb adds
# nothing (优惠力度最高达 1200元 says no more than 最高). 一度: em202601283632703515,
# em202603113669158450; 最高: em202603113669158450, em202601263630014658.
_PEAK_ADVERB = ("一度", "最高", "最低")
_PEAK_END = re.compile(r"(?:一度|最高|最低)(?!(?:达|为|是|达到)$)(?P<verb>[\u4e00-\u9fff]{1,3})$")


def _with_peak_verb(shown: str, pre: str) -> str:
    m = _PEAK_END.search(pre) if shown.endswith(_PEAK_ADVERB) else None
    if m is None:
        return shown
    verb = m.group("verb")
    if verb[-1] not in "至到及":
        return shown + verb
    way = direction(verb[:-1]) if shown.endswith("一度") else 0
    return shown[:-2] + ("最高" if way > 0 else "最低") if way else shown


_PRICE_OR_LEVEL = re.compile(r"(?:点|元|港元|美元|欧元|日元|英镑)(?:/股)?$")
