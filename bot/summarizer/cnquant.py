"""Quantities written in Chinese numerals: 三成, 近七成, 五分之一, 一半, 翻倍, 增长三倍.

Financial posts often state a share or a multiple in words rather than digits (占比超三成,
约五分之一的原油, 需求将减少一半, 单季净利润同比翻倍, 国际收入增长超过三倍). These are
figures a reader needs, but the same characters are far more often part of ordinary words:
第二成长曲线, 上周五成长股, 这一成本, 挖到一半放弃了, 翻倍级增长, 两倍海力士ETF. So each form
is accepted only in the context that makes it a quantity (what follows it, or the verb or
qualifier before it), and the value is the span exactly as written: nothing is converted to
digits. Periods and ordinals written in Chinese (三季度, 十四五, 二十大) have none of these
forms and are never matched.

Pure functions over the width-folded text (see text.fold); offsets are those of the original.
"""

from __future__ import annotations

import re

_CN = "一二两三四五六七八九十"
# A share in tenths: 三成, 六七成, 六至七成 (not 十成, which is no statistic).
_CHENG = r"[一二两三四五六七八九](?:[至到~\-]?[二三四五六七八九])?成"
# A fraction: 五分之一, 三分之二, 十分之一, 百分之三十.
_FRACTION = (
    r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[二三四五六七八九百千万])"
    r"分之[一二三四五六七八九十]{1,3}"
)
_HALF = r"一半|半数"
# Doubling: 翻倍, 翻番, 翻一番, 翻了一番, 翻了三倍, 翻超一倍.
_DOUBLE = r"翻(?:了)?(?:倍|番|(?:近|超|逾|约)?[一两二三四五六七八九十](?:番|倍))(?:多|有余)?"
# A multiple in words after a verb of growth: 增长三倍多, 涨了一倍有余, 上涨逾两倍.
_MULT = r"(?:[二三四五六七八九]?十[一二三四五六七八九]?|[一两二三四五六七八九])倍(?:多|有余)?"

_RX = re.compile(
    rf"(?P<double>{_DOUBLE})|(?P<fraction>{_FRACTION})|(?P<cheng>{_CHENG})|"
    rf"(?P<half>{_HALF})|(?P<mult>{_MULT})"
)
# Anything that can start one of the forms; most sentences have none and are skipped at once.
_TRIGGER = re.compile(r"[一二两三四五六七八九]成|分之|一半|半数|翻|[一二两三四五六七八九十]倍")
_MARK = re.compile(r"[成分半翻倍]")  # one character class: a far quicker scan than _TRIGGER
_DIGIT = re.compile(r"\d")

# Characters that end a quantity phrase: punctuation, 的, and the bound words 以上/左右/多.
_ENDS = set("，,。、；;！？!?）)」』”\"'：:的以左上多|｜ \n")
# Characters right before a numeral that make it part of a word: 第二成长, 周五成长股,
# 这一成本, 统一成, 十二, 2成.
_WORD_BEFORE = set(_CN + "第周这那此该统唯同单逐每星某几数零〇0123456789.")
# What follows 成 when the 成 starts a word (成长, 成本, 成果 ...): never a share, even after 近/超.
_CHENG_WORD = set("长本果员立功为交都分绩效就型品形熟年份败色套批人")
# Qualifiers and verbs that make the next numeral a quantity (近三成用户, 各占一半, 减少一半).
_QUANT_BEFORE = re.compile(
    r"(?:近|超|逾|约|达|不足|不到|超过|将近|接近|大约|占|占到|占据|占比|减少|削减|下降|下滑|缩减|"
    r"缩水|降低|减|少|多|增加|增长|上涨|下跌|跌去|跌|涨|去)了?$"
)
_GROWTH_BEFORE = re.compile(
    r"(?:增长|上涨|增加|提升|提高|扩大|飙升|上升|攀升|暴涨|大涨|猛增|激增|涨幅|增幅|"
    r"增|涨|升)了?(?:近|超过|超|逾|约|达)?$"
)
_HALF_BEFORE = re.compile(
    r"(?:占|占到|占据|占比|减少|削减|下降|下滑|缩减|缩水|降低|减|增加|增长|上涨|下跌|跌)了?"
    r"(?:近|约|超过|超|逾|达|多达)?$"
)
_SHARE_OF = re.compile(r"占(?![比据有领用])")  # 占美国大豆出口总额一半以上 (not 占比, 占据)
_PERIOD_BEFORE = re.compile(r"每[^，。；,;]{0,8}$")  # 每七个月翻一番: a doubling time, not a figure


def find_cn_quantities(t: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every Chinese-numeral quantity in folded text `t`, in order.

    kind is "pct" for shares (成, 分之, 一半) and "mult" for multiples (倍, 翻番).
    """
    if not (_MARK.search(t) and _TRIGGER.search(t)):
        return []
    out: list[tuple[int, int, str]] = []
    for m in _RX.finditer(t):
        s, e = m.start(), m.end()
        before = t[max(0, s - 12) : s]
        after = t[e : e + 1]
        if before[-1:] in _WORD_BEFORE:
            continue
        form = m.lastgroup
        if form == "cheng":
            ok = (
                after in _ENDS
                or after == ""
                or (after not in _CHENG_WORD and bool(_QUANT_BEFORE.search(before)))
            )
        elif form == "fraction":
            ok = after != "个" and not before.endswith("个")  # 几个十分之一个百分点
        elif form == "half":  # 减少一半, 占…一半以上; not 做到了一半, 其中一半来自
            ok = bool(_HALF_BEFORE.search(before) or _SHARE_OF.search(_clause(t, s)))
        elif form == "double":
            ok = (after in _ENDS or after in "至到" or after == "") and after != "的"
            ok = ok and not _PERIOD_BEFORE.search(before)
        else:
            ok = bool(_GROWTH_BEFORE.search(before)) and (after in _ENDS or after == "")
        if ok and form != "double" and form != "mult" and not _share_ok(t, s, before):
            ok = False
        if ok:
            out.append((s, e, "mult" if form in ("double", "mult") else "pct"))
    return out


_BOUND_END = re.compile(r"(?:近乎|将近|接近|大约|多达|超过|不足|不到|近|超|逾|约)$")
_COMPARED = re.compile(r"[较比]")


def _share_ok(t: str, s: int, before: str) -> bool:
    """A share reads as a figure unless it only compares with a reference.

    仅相当于中国全部产能的四分之一 and 仅为2019年的一半 name the reference (产能, 2019年), not the
    thing measured, so a label from the text before would misstate them; 占…的近三分之一 is a
    share of a whole and is kept. 较目标少两成 is a comparison without a verb of change.
    """
    b = _BOUND_END.sub("", before)
    if b.endswith("的"):
        return "占" in _clause(t, s)
    return not (b.endswith(("少", "多")) and _COMPARED.search(before))


_CLAUSE_MARK = re.compile(r"[，,。；;！？!?：:]")


def _clause(t: str, s: int) -> str:
    """The clause before offset `s` (back to the last comma or sentence mark)."""
    return _CLAUSE_MARK.split(t[max(0, s - 40) : s])[-1]


def may_hold_quantity(t: str) -> bool:
    """False for text with no digit and none of the worded forms: it holds no quantity."""
    return bool(_DIGIT.search(t) or (_MARK.search(t) and _TRIGGER.search(t)))


def is_doubling(value: str) -> bool:
    """翻倍 / 翻了三倍 / 近乎翻番: a change by itself, with no separate verb before it."""
    return "翻" in value[:4]
