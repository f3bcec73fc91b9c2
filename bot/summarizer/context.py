"""Read the words around a quantity to tell a reported figure from a number that is not one.

A figure in a push message is a statement of fact. The same digits are not a fact when the text
denies them (也起不到3万美元…, 并非10%) or puts them in a hypothesis (若按…约500亿美元计算).
A bound written after a value (年入12万元以下) belongs to it: without it the value says
something else. And a small count with a weak unit (12名, 3次, 5家) is rarely what a reader
needs, least of all when the same number is also a date, period or ordinal in the post (12月,
第5期): then it is more likely noise than news.
"""

from __future__ import annotations

import re

from bot.summarizer.duplicates import MOVE_WORDS
from bot.summarizer.labels import is_metric, words
from bot.summarizer.quantities import Quantity

DROP = 1000.0  # a penalty that removes the candidate (scores below zero are never shown)

# Negation right before the value: 起不到/达不到 + 不到-qualifier, or a negating word.
_NEG_VERB_BEFORE_QUAL = re.compile(r"[起达用拿赚卖看找够]$")
_NEG_BEFORE = re.compile(r"(?:并非|不是|并不|没有|并未|尚未|未能|未|无法|难以|不会|不再|不可能)$")
_NEG_QUOTED = re.compile(r"[起达用拿赚卖看找够]不[到了足]$")
# A clause that states a hypothesis.
_HYPOTHETICAL = re.compile(r"^\s*(?:如果|假如|假若|倘若|假设|假定|要是|若|一旦|万一)")
WEAK_COUNT_UNITS = ("名", "位", "次", "项", "条", "款", "只", "人", "期", "家", "个", "批", "轮")
_SMALL = 100
# Where a number is a date, time, period or ordinal: 12月, 5日, 3季度, 第5期, 10点.
_DATE_USE = re.compile(  # (?=[…]): what a match opens with, so a scan skips other offsets at once
    r"(?=[\d第])(?:(?<![\d.])(\d{1,4})(?=[月日号时年期届周天]|季度|点\d|点钟)|第(\d{1,4})(?!\d))"
)


def context_penalty(fseg: str, q: Quantity, clause: str) -> float:
    """Score penalty for quantity `q` in folded sentence `fseg`; `clause`: text before it."""
    before = fseg[: q.start - len(q.qualifier)].rstrip('“"「『‘ ')
    if q.qualifier in ("不到", "不足") and _NEG_VERB_BEFORE_QUAL.search(before):
        return DROP  # 也起不到3万美元
    if _NEG_QUOTED.search(before):
        return DROP  # 起不到“3万美元以下车型”那样的作用
    if _NEG_BEFORE.search(before):
        return DROP  # 并非10%
    if _HYPOTHETICAL.match(clause):
        return DROP  # 若按…约500亿美元计算
    if before.count("《") > before.count("》"):
        return DROP  # 《顶级100款生成式AI应用》: part of a title
    if _RATE_BASE.match(fseg, q.end):
        return DROP  # 1美元兑1520.8韩元: the base of an exchange rate, no amount
    if _in_name_aside(fseg, q.start):
        return DROP  # 「鹰集咖啡（需求面积:200-400平方米）」: a note on the name, no news
    if _bounds_a_group(fseg, q.end):
        return DROP  # 月收入在6250元以下的“小哥”无需预扣税款: who a rule is for, no figure
    if is_weak_count(q):
        return 12.0
    return 0.0


# A bound that defines a group (6250元以下的“小哥”, 12万元以下的“小哥”: em202509293526608671;
# 10公里以内的二星级酒店: em202511023552785386; 同比大幅波动50%以上的 (情形):
# em202604193709962753): the value says whom or what a rule or a count is about. Not a bound on a
# measure (2%以上的跌幅: wscn3770361, 50%以上的股权): that is the value's own.
_GROUP_BOUND = re.compile(r"\s*(?:以下|以上|以内)的“?([\u4e00-\u9fff]{1,8})")


def _bounds_a_group(fseg: str, end: int) -> bool:
    m = _GROUP_BOUND.match(fseg, end)
    if not m:
        return False
    head = next(iter(words(m.group(1))), "")
    if not head or is_metric(head) or head in MOVE_WORDS:  # 30%以上的增长: the value's own move
        return False
    return not head.endswith(_MEASURE_ENDS)


_MEASURE_ENDS = ("幅", "率", "额", "量", "价", "权", "份", "值", "给", "求")  # 跌幅, 股权, 供给


# An exchange rate written as a pair (韩元一度下跌1.09%，至1美元兑1520.8韩元: em202605243747501488;
# 日元汇率跌破1美元兑160日元大关: em202604303725289812): its base unit is no amount.
_RATE_BASE = re.compile(r"\s*兑(?:换)?\s*\d")


def _in_name_aside(fseg: str, start: int) -> bool:
    """The number is in brackets inside a 「…」 name: a republisher's note on the brand
    (「鹰集咖啡（需求面积:200-400平方米）」: 2021-06-07-duee70ef24b493ee3af1d7fabc591bdd1224;
    「蛙来哒（需求面积:250-300平方米）」: 2021-11-13-duee9355370d4356cca0d1912f467a491ca9)."""
    name = fseg.rfind("「", 0, start)
    if name < 0 or fseg.rfind("」", 0, start) > name:
        return False
    aside = max(fseg.rfind("（", name, start), fseg.rfind("(", name, start))
    return aside > name and max(fseg.rfind("）", aside, start), fseg.rfind(")", aside, start)) < 0


def is_weak_count(q: Quantity) -> bool:
    """A small count in a weak unit without magnitude: 12名, 3次, 5家 (not 300名, 6400万人)."""
    if q.kind != "count" or not q.value.endswith(WEAK_COUNT_UNITS):
        return False
    digits = q.number.replace(",", "")
    if "." in digits or not digits.isdigit():
        return False
    core = q.value.rstrip("".join(WEAK_COUNT_UNITS) + "余多+ ")
    return core.lstrip("-+").replace(",", "") == digits and int(digits) < _SMALL


def date_numbers(texts: list[str] | tuple[str, ...]) -> set[str]:
    """Numbers that the post uses as a date, time, period or ordinal somewhere."""
    out: set[str] = set()
    for t in texts:
        for m in _DATE_USE.finditer(t):
            n = m.group(1) or m.group(2)
            out.add(str(int(n)))
    return out


def bound_suffix(fseg: str, end: int) -> str:
    """以下/以上/以内/左右 written right after a value: part of what it says (年入12万元以下).
    So are 之上/上方/之下/下方: 股价重回2000元之上 is a level crossed, not the price."""
    tail = fseg[end : end + 2]
    if tail in _BOUNDS:
        return tail
    m = _OR_BEYOND.match(fseg, end)
    return m.group() if m else ""  # 降至2.5%或更低: a ceiling, not the level itself


def level_bound(fseg: str, end: int) -> bool:
    """A value that names a level the thing stays above or below, a noun between them
    (维持在4000美元/盎司高位之上): a threshold, not the figure, and not showable as written."""
    return _LEVEL_BOUND.match(fseg, end) is not None


_BOUNDS = ("以下", "以上", "以内", "左右", "之上", "上方", "之下", "下方")
# 或更低/或更多 after a value (Miran提议将联邦基金利率快速降至2.5%或更低: wscn3756518; 把50%或更多
# 自由现金流返还给股东: em202606253781845976; 90%甚至更多: wscn3773915): the value is a bound,
# and the line must say which way.
_OR_BEYOND = re.compile(r"(?:或|甚至)更(?:低|高|多|少)")
_LEVEL_BOUND = re.compile(
    r"(?:高位|低位|关口|大关|整数关口|心理关口)(?:之上|上方|以上|之下|下方|以下)"
)
