"""The noun written right after a value (1200MPa抗拉强度, 4%延伸率, 10亿元的合作经费): what the
number measures when the clause before it names nothing (figures keeps it as a candidate's
`after`, which labels.tidy_label reads)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.summarizer.labels import STAKE_ACTS, is_metric, pos_words
from bot.summarizer.quantities import Quantity
from bot.summarizer.segment import words
from bot.summarizer.text import clause_before

_AFTER_STOP = re.compile(r"[，,；;。！？!?：:、|｜\n（(）)“”是为的和与及或将在已从被由把]")


def noun_after(fseg: str, end: int) -> str:
    """Metric written after the number (1200MPa抗拉强度、4%延伸率): up to the next break."""
    if fseg.startswith("的", end):
        end += 1
    m = first = _AFTER_STOP.search(fseg, end)
    while m and m.group(0) in _AFTER_STOP_WORDS and _inside_word(fseg, end, m.start()):
        m = _AFTER_STOP.search(fseg, m.end())  # 潜在增量收入: 在 is part of 潜在
    upto = m.start() if m else None
    if m is not first and not any(is_metric(w) for w in words(fseg[end:upto])):
        m = first  # 6400名工人正在紧张施工: past 正在 no metric is named, so 工人 it is
    tail = _DIGIT_SPLIT.split(fseg[end : m.start() if m else len(fseg)])[0].rstrip("了以")
    if not tail or not _HAN_AFTER.match(tail):  # 10亿B轮融资
        return ""
    return tail[:12] if len(tail) >= 2 else ""


_AFTER_STOP_WORDS = set("是为的和与及或将在已从被由把")  # 10万名联邦雇员从…: 联邦雇员


def _inside_word(text: str, start: int, at: int) -> bool:
    """text[at] is part of a longer jieba word of text[start:] (潜在, 现在, 以为), not a word."""
    pos = start
    for w in words(text[start : at + 4]):
        i = text.find(w, pos)
        if i < 0 or i > at:
            return False
        if i <= at < i + len(w):
            return len(w) > 1
        pos = i + len(w)
    return False


_DIGIT_SPLIT = re.compile(r"\d")
_HAN_AFTER = re.compile(r"[A-Za-z+\-]{0,6}[\u4e00-\u9fff]")


# The price an act was done at, written 以…价格<act> (以0美元价格行权, 以980.43美元的价格卖出了:
# 202112082206718253; 以41.38元/股的价格转让公司: em202605123733489387): the act names the price.
_PRICE_OF_ACT = re.compile(r"的?价格(?=[\u4e00-\u9fff]{2})")


def price_of_act(fseg: str, start: int, end: int) -> str:
    """行权价格 for 以0美元价格行权 (the value at fseg[start:end]); '' if not so written."""
    m = _PRICE_OF_ACT.match(fseg, end)
    if not m or not fseg[:start].rstrip().endswith("以"):
        return ""
    act = words(fseg[m.end() : m.end() + 6])[:1]
    if not act or len(act[0]) != 2 or is_metric(act[0]) or not _HAN_AFTER.match(act[0]):
        return ""
    return act[0] + "价格"


# A stake named by its act and its company, written <act><company>N%股权 (收购智者品牌80%股权:
# em202511023552730925; 收购耀才证券50.55%的控股权: wscn3767688; 持有江西升华18.74%的股权:
# em202606243780123354; 持有天科合达约11.62%的股权: em202607053794298783): the noun after the
# value (股权) says what the number measures, the words before it whose stake it is. 股权 alone
# names no company, and a post of a deal names several. Not 购买A持有的B 16%股权: A's stake in B,
# one of a list of holders' stakes bought (of a relative clause, the holder is before 持有的).
_STAKE_ACT = re.compile(
    rf"(?P<act>{STAKE_ACTS})(?:其|所持的?)?"
    r"(?P<name>[^，,；;。、：:“”（()）\d的]{2,8})$"
)
_STAKE_NOUN = re.compile(r"的?(控股权|股权)")
# Words that point back at a company named earlier (该公司, 其, 标的公司): no name of its own.
_POINTER = re.compile(r"^(?:该|其|本|此|公司|标的|上述|目标)")


def stake_of_act(fseg: str, start: int, end: int) -> str:
    """收购上海证券股权 for 收购上海证券100%股权 (the value at fseg[start:end]); '' if not so
    written."""
    noun = _STAKE_NOUN.match(fseg, end)
    act = _STAKE_ACT.search(fseg, max(0, start - 14), start) if noun else None
    if not noun or not act or _POINTER.match(act.group("name")):
        return ""
    return act.group("act") + act.group("name") + noun.group(1)


def beneficiary(fseg: str, start: int, end: int) -> str:
    """The people or things a count is of, when the clause before it ends on 为/给/替 ("for")
    and a verb follows them (委托外部猎头公司为400至500名离职管理人员寻找新职位: wscn3778529):
    for whom the act is done, so what the number counts; not the act's doer."""
    before = fseg[:start].rstrip()
    if not before.endswith(("为", "给", "替")) or fseg.startswith("的", end):
        return ""
    noun = noun_after(fseg, end)  # most often none (营收为98亿元，): nothing to segment
    if not noun or words(before[-6:])[-1:] != (before[-1],):
        return ""  # 成为, 认为, 作为, 因为: 为 inside a word is no "for"
    tags = pos_words(noun)
    seen = False  # a noun before the verb: 离职/v 管理人员/n 寻找/v -> 离职管理人员
    for k, (_, flag) in enumerate(tags):
        if flag.startswith("n") and flag != "nr":
            seen = True
        elif flag.startswith("v") and seen and flag != "vn":
            return "".join(w for w, _ in tags[:k])
        elif not flag.startswith("v"):
            return ""
    return ""


# A rate written after its value (约5%的预期股息收益率): a noun ending in 率.
_RATE_AFTER = re.compile(r"的([\u4e00-\u9fff]{1,8}率)")
# What may own a rate written right before its value: names and nouns (a measure word after
# them: 中国银行股), nothing that acts on the value (承载着, 加征, 按).
_OWNER_TAGS = ("n", "eng", "q")


def owner_of_rate(fseg: str, start: int, end: int) -> str:
    """中国银行股预期股息收益率 for 中国银行股约5%的预期股息收益率 (the value, its bound included,
    at fseg[start:end]): the clause names the rate's owner right before its value, and the line
    must too (a dividend yield among the index's and the bond's is nobody's without it: wscn
    3769450); '' if not so written."""
    rate = _RATE_AFTER.match(fseg, end)
    if not rate:
        return ""
    owner = clause_before(fseg, start).strip()
    tags = pos_words(owner) if 2 <= len(owner) <= 10 else ()
    if not tags or not all(flag.startswith(_OWNER_TAGS) for _, flag in tags):
        return ""
    if not tags[0][1].startswith(("n", "eng")):
        return ""
    return owner + rate.group(1)


# A levy named by what it is levied on (对加拿大部分产品加征50%关税, 对进口家具征收30%关税,
# 对巴西征收40%关税: em202607213813800172, wscn3756501 and three more posts): 关税 alone says
# neither on what nor whose, and a post on one tariff often names another.
_LEVY_ACT = re.compile(
    r"对(?P<obj>[^，,。；;：:、对]{1,10})(?:额外)?(?P<act>加征|征收|征|课征|加收)了?$"
)
_LEVY_NOUN = re.compile(r"的?([\u4e00-\u9fff]{0,4}税)(?![\u4e00-\u9fff]{0,2}(?:收入|额))")


def levy_of_act(fseg: str, start: int, end: int) -> str:
    """对加拿大部分产品加征关税 for 对加拿大部分产品额外加征50%的关税 (the value, its bound
    included, at fseg[start:end]); '' if not so written."""
    noun = _LEVY_NOUN.match(fseg, end)
    act = _LEVY_ACT.search(fseg, max(0, start - 16), start) if noun else None
    if not noun or not act:
        return ""
    return f"对{act.group('obj')}{act.group('act')}{noun.group(1)}"


def measured_noun(fseg: str, q: Quantity, at: int) -> str:
    """What a value that is no change counts or measures, written around it: the
    price or stake of an act, whose rate or the levy's object (a %), else the noun after it."""
    after = price_of_act(fseg, q.start, q.end) or stake_of_act(fseg, at, q.end)
    if q.kind == "pct" and not after:  # 约5%的预期股息收益率, 加征50%的关税: whose, on what
        after = owner_of_rate(fseg, at, q.end) or levy_of_act(fseg, at, q.end)
    return after or noun_after(fseg, q.end)


def with_of(after: str | Callable[[], str], fseg: str, end: int) -> str | Callable[[], str]:
    """Cand.after: the noun, after 的 with it (1万亿美元的抛售: the thing measured); a search
    not made yet stays one, made when the noun is first read."""
    if isinstance(after, str):
        return "的" + after if after and fseg.startswith("的", end) else after
    return lambda: with_of(after(), fseg, end)  # type: ignore[return-value]
