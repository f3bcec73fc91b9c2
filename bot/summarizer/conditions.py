"""Is a number a scenario's rather than a fact? A condition (如果, 若, 一旦, 只有…才), a
threshold (当…时) or a sensitivity (每…增减1美元，…就…) makes it one.

modality.py marks a scenario's figure 预计 (or 估算, the writer's own arithmetic); figures.py
drops a number that is the condition's own assumption. Pure regex tests.
"""

from __future__ import annotations

import re

_CLAUSE = re.compile(r"[，,；;：:]")


# A condition makes the sentence's numbers a scenario, not a fact (posts outside the gold files:
# wscn3756726 如果交易达成，5000万美元的转换将意味着约8%的股份; wscn3756513 若按…约500亿美元的
# 成本估算，…可能高达12.5万亿美元; 36kr3786528811572481 如果一个月能接100部…;
# em202605133734925253 这些股票只有在OpenAI开始部署AMD芯片后才会归属).
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_CONDITION = re.compile(
    r"(?=[如若倘假一只])(?:如果|(?<![倘])若(?![干])|倘若|假如|假设|一旦|只有[^。！？]*才)"
)


def in_condition(sentence: str, start: int) -> bool:
    """The number is the condition's own assumption (平台如果一个月能接50部，…; 当短期利率超过1%
    时，…): no figure."""
    clause = _CLAUSE.split(sentence[:start])[-1]
    if _WHEN.match(clause.strip()) and _WHEN_END.match(sentence, start):
        return True
    if _PER_STEP.search(sentence, max(sentence.rfind(c, 0, start) for c in "；;") + 1, start):
        return True  # 每份ADS定价增减1美元，对应募资额就将变动1.779亿美元: a sensitivity
    if _STEP.search(clause) and _THEN.match(sentence, start):
        return True  # …and its step (1美元), the assumption it is stated for
    return bool(_CONDITION.search(clause)) and not clause.startswith("只有")


# 当…时 around the number: the threshold of a warning (当短期利率超过1%时，问题可能随之而来:
# 202112082206891482), not a level reached; 当日, 当前, 当地… are no "when".
_WHEN = re.compile(r"当(?![日前地天年时月季周晚选作成然初中下])")
_WHEN_END = re.compile(r"[^，,。；;]{0,12}?(?:时|之时)[，,]")


# A sensitivity: 每<something><moves>N，<another>就<moves>M (每份ADS定价增减1美元，对应募资额就将
# 变动1.779亿美元: em202607073795534070; 每上涨10美元/桶，PP生产成本就抬升近400元/吨:
# em202603113669158450): M is what would follow each step, no figure of the news.
_STEP_TEXT = r"每[^，,。；;]{0,12}?(?:增减|变动|上涨|下跌|增加|减少|提高|降低|上调|下调)"
_THEN_TEXT = r"[^，,。；;]{1,10}[，,][^，,。；;]{0,16}就"
_PER_STEP = re.compile(_STEP_TEXT + _THEN_TEXT + r"[^，,。；;]*$")  # the number follows each step
_STEP = re.compile(_STEP_TEXT + "$")  # the number is the step
_THEN = re.compile(_THEN_TEXT)


def hypothetical(sentence: str, start: int, end: int) -> bool:
    """The number stands under a condition of its sentence: a scenario, not a fact.

    如果, 若, 一旦 reach from the condition to the end of the statement (a semicolon closes it);
    只有…才 (…500-600亿美元的资本投资——只有在…时才可能) covers the whole statement.
    """
    lo = max(sentence.rfind(c, 0, start) for c in "；;") + 1
    hi = min((i for i in (sentence.find(c, end) for c in "；;") if i >= 0), default=len(sentence))
    cond = _CONDITION.search(sentence[lo:hi])
    if not cond:
        return False
    return cond.group(0).startswith("只有") or lo + cond.start() < start


# A scenario the writer works out (若以这个价格作为参考，…潜在募资规模约272亿美元:
# em202607073795534070; 若按目前建造一座1GW核电站约500亿美元的成本估算，…投资就可能高达12.5万亿
# 美元: wscn3756513): the writer's arithmetic, not the company's forecast.
_RECKONED = re.compile(
    r"(?:若|如果|假如|假设)(?:最终)?(?:以|按照?)[^，,。；;]{0,30}?"
    r"(?:计算|估算|测算|参考|为基准|为准|定价|发行|成交)"
)


def reckoned(sentence: str, start: int) -> bool:
    """The number's scenario is the writer's arithmetic (若以…作为参考，…)."""
    return bool(_RECKONED.search(sentence, 0, start))
