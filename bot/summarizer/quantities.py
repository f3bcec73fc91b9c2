"""Find the genuine quantities in a piece of Chinese text.

A quantity is a number with a unit a reader understands (亿元, %, 个百分点, 万辆, 点 ...), a
range of them (3500-4000亿美元, 5%~6%), or a bare decimal (6.3512, 95.51). Everything that only
looks numeric is rejected here: dates, times, years and periods, durations, codes, model and
batch numbers, ordinals, names with digits (科创50, 36氪, GPT-3.5, 4G, 232条款). Shares and
multiples written in Chinese numerals (近三成, 五分之一, 翻倍) come from cnquant.py.

Matching runs on a width-folded copy (see text.fold) of the same length, and values are sliced
from the original, so `value` is exactly what the post prints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.summarizer.cnquant import find_cn_quantities
from bot.summarizer.text import fold
from bot.summarizer.units import MAGNITUDES, PER_UNITS, UNIT_KIND, UNITS

# What follows a number and makes it a date, time, period or duration: never a figure.
_TIME_AFTER = re.compile(
    r"^(?:个(?:多)?(?:月|交易日|工作日|小时|季度|星期|年头|财年)|多?(?:年|月|日|号|时|分钟|分|秒|"
    r"天|周|岁|世纪|小时|季度|财年|财季|届|代|期|后|Q|H1|H2|H))"
)
# A unit that is in fact the start of a name: 500种股票指数, 300指数.
# A share that names a class of holders (持股5%以上股东: em202608123839461951, em202605123733489387,
# em202511023552730925), the threshold of a disclosure rule, not a number the news reports.
_CLASS_AFTER = re.compile(r"(?:以上|以下)的?股东")
_NAME_AFTER = re.compile(r"^(?:种?股票指数|指数|成分股|强|号)")
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_NUM = re.compile(r"(?=\d)\d+(?:,\d{3})*(?:\.\d+)*")
_SPACE_OK = re.compile(r"^ (?=[^\s\d])")
_RANGE_SEP = ("-", "~", "至", "到", "—", "–", "－")
# Longest first: 不超过10亿元 must keep its 不 (reading 超过10亿元 would invert the meaning).
_QUALIFIERS = (
    "近乎",
    "不超过",
    "不少于",
    "不低于",
    "不高于",
    "超过",
    "不足",
    "不到",
    "至少",  # 至少10千兆瓦, 至多11%, 最多33,445,026股: a bound, part of what the value says
    "至多",
    "最多",
    "低于",  # 起售价均低于3.5万美元, 月收入高于6250元: a bound, not the price itself
    "高于",  # (em202510083528632444, wscn3756490)
    "逼近",  # 恒指逼近28000点: a level approached, not reached; the value keeps it
    "接近",
    "直逼",
    "约",
    "近",
    "逾",
    "超",
    "达",
)


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # offsets in the original text
    end: int
    value: str  # exactly as written (without a leading qualifier)
    kind: str  # money | pct | mult | points | count | physical | bare
    number: str  # first number, folded: "2040.52" ("" for Chinese numerals: 三成, 翻倍)
    qualifier: str = ""  # 约 / 近 / 超过 ... written just before the number


# One alternation, longest first: same answer as trying each unit in turn, one C-level scan.
_UNIT_RX = re.compile("|".join(re.escape(u) for u in UNITS))


# The magnitudes in their order (万亿 before 亿): the alternation takes the first that fits.
_MAGNITUDE = re.compile("|".join(map(re.escape, MAGNITUDES)))


def _unit_at(t: str, i: int) -> str:
    m = _UNIT_RX.match(t, i)
    return m.group(0) if m else ""


def _is_ascii_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _number_tail(t: str, i: int) -> tuple[int, str, str]:
    """Parse magnitude, 余/多/+, unit and /per-unit after a number ending at i.

    Returns (end, magnitude, unit); unit == "" for a bare number (with or without magnitude).
    """
    j = i
    mag = ""
    if t[i : i + 1] == " " and _MAGNITUDE.match(t, i + 1):
        j = i + 1  # 净亏损为 1222.3 万、8191.5 万、3.45 亿元: a space before the magnitude
    elif t[i : i + 1] in "余多" and _MAGNITUDE.match(t, i + 1):
        j = i + 1  # 4000多亿美元, 200余万: "more than" before the magnitude, kept in the value
    if m := _MAGNITUDE.match(t, j):
        mag = m.group(0)
        j = m.end()
    if j < len(t) and t[j] in "余多+":
        j += 1
    k = j + 1 if _SPACE_OK.match(t[j : j + 2]) else j
    unit = _unit_at(t, k)
    if unit:
        j = k + len(unit)
        if j < len(t) and t[j] == "/":
            for pu in PER_UNITS:
                if t.startswith(pu, j + 1):
                    j += 1 + len(pu)
                    break
    return j, mag, unit


def _rejected_before(t: str, s: int) -> bool:
    """Context before the number that marks a name, code, ordinal or hyphen chain."""
    c0 = t[s - 1] if s > 0 else ""
    c1 = t[s - 2] if s > 1 else ""
    if c0 and (_is_ascii_letter(c0) or c0 in "第#＃№._<>＜＞≤≥"):
        return True  # ET7, 第3, <1% (a bound, not a reported value)
    if c0 and c0 in " -/" and (_is_ascii_letter(c1) or c1.isdigit()):
        return True  # GPT-3.5, Sora 2, 2141001-1A, 021-1234, 2026/07
    return c0 == "周" and s + 1 < len(t) and not t[s + 1].isdigit()  # 周4


def _rejected_after(t: str, e: int, unit: str, mag: str) -> bool:
    rest = t[e : e + 6]
    if not unit and not mag:
        if _CODE_REST.match(rest):
            return True  # 19:00, 2025-09-30, 4G, 3D, 20cm
        return bool(_TIME_AFTER.match(rest))
    if unit and unit.isascii() and unit[-1].isalpha() and _is_ascii_letter(rest[:1]):
        return True  # 20GWx...
    if unit == "人" and rest[:1] in ("形", "民", "工"):
        return True  # 2026人形机器人: 人 starts a word (人形, 人民币, 人工智能); 2026 is a year
    if unit == "%" and _CLASS_AFTER.match(t, e):
        return True  # 持股5%以上股东: the class a holder belongs to, not a figure of the news
    if unit == "条" and rest.startswith("款"):
        return True  # “232条款”, “301条款”: the name of a statute, not 232 items
    return bool(_NAME_AFTER.match(rest))


def _points_ok(t: str, s: int, e_num: int, end: int, number: str) -> bool:
    """点 is index points (3897.03点) unless it is a clock time (10点55分, 下午2点)."""
    if end < len(t) and t[end].isdigit():
        return False
    if "." in number:
        return True
    before = t[max(0, s - 4) : s]
    if _MOVE_BEFORE.search(before):
        return True
    try:
        return int(number.replace(",", "")) > 24
    except ValueError:
        return False


def _chengok(t: str, end: int) -> bool:
    return not (end < len(t) and t[end] in "交本员立为长都果绩分")


def find_quantities(text: str, folded: str | None = None) -> list[Quantity]:
    """All genuine quantities in `text`, in order of appearance (`folded`: fold(text) if known)."""
    t = folded if folded is not None else fold(text)
    out: list[Quantity] = []
    pos = 0
    for m in _NUM.finditer(t):
        s, e = m.start(), m.end()
        if s < pos:
            continue
        number = m.group(0)
        if number.count(".") > 1:
            pos = e
            continue  # 2022.5.26, 1.2.3
        if _rejected_before(t, s):
            pos = e
            # swallow the rest of a code: 2141001-1A, QTD1200-3
            while pos < len(t) and ((t[pos].isalnum() and t[pos].isascii()) or t[pos] in "-_."):
                pos += 1
            continue
        if _TIME_AFTER.match(t[e : e + 6]):
            continue
        end, mag, unit = _number_tail(t, e)
        # A range: 3500-4000亿美元, 10%-15%, 5%~6%, 60至70. Both ends must be clean numbers.
        rng = _RANGE_TAIL.match(t[end : end + 20])
        if rng and (unit or mag or not t[end : end + 1].isspace()):
            e2 = end + rng.end()
            end2, mag2, unit2 = _number_tail(t, e2)
            if unit2 and not _TIME_AFTER.match(t[e2 : e2 + 6]) and (not unit or unit == unit2):
                if not _rejected_after(t, end2, unit2, mag2):
                    end, mag, unit = end2, mag2 or mag, unit2
            else:
                if (not unit and not mag) or _TIME_AFTER.match(t[e2 : e2 + 6]):
                    pos = e2  # 5-6月, 1999-2000年, 10月28-29日: the whole span is a date
                    continue
        if _rejected_after(t, end, unit, mag):
            pos = end
            continue
        if unit:
            kind = UNIT_KIND[unit]
            if number == "1" and not mag and kind in ("count", "physical") and end == e + len(unit):
                continue  # 1克跳涨50元, 1家: a unit of reference, not a figure
            if kind == "points" and not _points_ok(t, s, e, end, number):
                continue
            if unit == "成" and not _chengok(t, end):
                continue
            if kind == "count" and t[max(0, s - 1) : s] in ("前", "后"):
                continue  # 前5名, 后5名, 前3批撤回率: a ranking or a scope, not a quantity
        elif mag:
            kind = "money" if _MONEY_BEFORE.search(t[max(0, s - 8) : s]) else "count"
        elif "." in number:
            if _DOT_ZERO.fullmatch(number):
                continue  # 体系2.0, Web3.0: a version, not a value
            kind = "bare"
        else:
            continue  # bare integers are codes, years, names far too often
        sign_start = s
        if (
            s > 0
            and t[s - 1] in "-+"
            and (s < 2 or not ((t[s - 2].isascii() and t[s - 2].isalnum()) or t[s - 2] in "%"))
        ):
            sign_start = s - 1
        qual = _qualifier_before(t, sign_start)
        if kind == "money" and not qual and (cur := _CURRENCY_END.search(t, 0, sign_start)):
            # 约人民币977.79亿元: the currency written before the amount belongs to it, and so
            # does the bound before it (without it 约 was lost, and 人民币 ended the label)
            qual = _qualifier_before(t, cur.start()) + cur.group(0)
        out.append(Quantity(sign_start, end, text[sign_start:end].strip(), kind, number, qual))
        pos = end
    cn = find_cn_quantities(t)
    if cn:  # 近三成, 五分之一, 翻倍: no Arabic number, so `number` is empty
        taken = [(q.start, q.end) for q in out]
        for s, e, kind in cn:
            if not any(a < e and s < b for a, b in taken):
                out.append(Quantity(s, e, text[s:e], kind, "", _qualifier_before(t, s)))
        out.sort(key=lambda q: q.start)
    return out


_QUALIFIER_END = re.compile("(?:" + "|".join(_QUALIFIERS) + ")$")
# 成本约为3万元, 估值约为20亿美元, 约合人民币…, 跌幅约达6% (wscn3775710), 净买入规模约达800亿美元
# (wscn3775570): the bound sits before the copula, and is still the
# number's (without it 约为3万元 was shown as an exact 3万元); the value shows it as written
_APPROX_VERB = re.compile("(?:大约|约)[为合是达]")
# A space between a bound and its number, as 36氪 and others set digits apart from Chinese
# (SKU 总数超过 2000 个，2018 年整体营收近 5000 万元:
# 2019-02-25-dueeff66aecfeeb7432db06effde9f490d27; 均上涨至少 7%: wscn3756728;
# 约 20%的ChatGPT用户: wscn3767203): the bound is still the number's.
_SPACED_BOUND = re.compile("(" + "|".join(_QUALIFIERS) + r")\s+(?=[-+]?\d)")


def close_bound_gaps(text: str) -> str:
    """`text` with no space between a bound and its number (近 5000 万元 -> 近5000 万元), so the
    bound is found as the number's qualifier; every other character stays where it was."""
    return _SPACED_BOUND.sub(r"\1", text) if " " in text else text


_NEGATIONS = "不未没"
_PART_OF = {"近": "逼接附最", "超": "赶高", "达": "逼接附最将赶高已到"}
CURRENCY_BEFORE = "人民币|美元|港元|港币"  # written before an amount (约人民币977.79亿元)
_CURRENCY_END = re.compile(rf"(?:{CURRENCY_BEFORE})$")


def _qualifier_before(t: str, start: int) -> str:
    """约 / 近 / 超过 / 逼近 … written right before the number at `start` (高达 is a verb)."""
    verb = _APPROX_VERB.search(t, max(0, start - 3), start)
    if verb and verb.end() == start:
        return verb.group(0)  # 约为, 约合; 约达 before 达 alone (跌幅约达6% is no exact 6%)
    m = _QUALIFIER_END.search(t, max(0, start - 3), start)  # leftmost: 不超过 over 超过
    if not m:
        return ""
    q, before = m.group(0), t[m.start() - 1 : m.start()] if m.start() else ""
    # 逼近/接近/附近/最近, 赶超/高超, 高达/已达/到达: the character is part of another word; but
    # 高近17% (higher by nearly 17%), 将近 and 已超10亿 keep their bound
    if before and before in _PART_OF.get(q, ""):
        return ""
    if before and before in _NEGATIONS and not q.startswith("不"):
        return before + q  # 不超60亿元, 未达5%: without its 不 the bound reads inverted
    return q


_CODE_REST = re.compile(r"^\s?(?:[:：]\d|[-/.]\d|[a-zA-Z])")
_MOVE_BEFORE = re.compile(r"(?:涨|跌|升|降|收于|收报|报|至|突破|跌破|站上|失守|逼近)$")
# -1630万元到-1130万元: after a word separator (至, 到) the second end may be negative too.
_RANGE_TAIL = re.compile(r"\s?(?:[-~—–－]|[至到]\s?[-－]?)\s?(\d+(?:,\d{3})*(?:\.\d+)?)")
_MONEY_BEFORE = re.compile(r"(?:元|资|额|值|收入|营收|利润)")
_DOT_ZERO = re.compile(r"\d\.0")
