"""Change wording: is a number a change (同比增长7%, 涨0.16%) or a level (降至4.1%, 收报3862点)?

A change is shown next to the level it belongs to, signed and worded as the text words it
(同比+7%, 涨幅0.51%, 降幅收窄至3%). A value written after 增至/降至/提高到 is the level reached,
not the change: showing 失业率降至4.1% as "-4.1%" would misstate it. Nothing is computed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING

from bot.summarizer.cnquant import is_doubling

if TYPE_CHECKING:
    from bot.summarizer.cand import Cand

_UP = (
    "上调",
    "调升",
    "增长",
    "增加",
    "上涨",
    "上升",
    "提升",
    "提高",
    "上扬",
    "走高",
    "攀升",
    "增",
    "涨",
    "升",
    "扩大",
    "反弹",
    "回升",
    "飙升",
    "大涨",
    "暴涨",
    "拉升",
    "猛增",
)
_DOWN = (
    "跌去",
    "下调",
    "调降",
    "下降",
    "下滑",
    "减少",
    "下跌",
    "回落",
    "降低",
    "走低",
    "缩减",
    "缩水",
    "萎缩",
    "降",
    "跌",
    "减",
    "收窄",
    "大跌",
    "暴跌",
    "重挫",
    "下挫",
    "跳水",
    # 放缓至: the growth rate it slows to (年度营收增速将放缓至20%: wscn3778990; 非农就业人口将
    # 放缓至11.5万至13万人: wscn3773422), not a fall by 20%
    "放缓",
)
_RATE_NOUNS = ("涨幅", "跌幅", "增速", "增幅", "降幅", "增长率", "同比", "环比")
_DAY_BEFORE_TEXT = r"[较比](?:前一日|昨日|上一交易日)(?:价格)?"  # shown 较前一日 (change_of)
_VERBS = sorted(_UP + _DOWN, key=len, reverse=True)
# (?=[…]): the characters a match opens with (a prefix's below, or a verb's), so a scan skips
# other offsets in C (the pattern opens on an optional group: re finds no such set itself)
_OPENS = "同环较比年日盘全累" + "".join(sorted({v[0] for v in _VERBS}))
CHANGE_TAIL = re.compile(
    rf"(?=[{_OPENS}])"
    r"(?P<prefix>同比|环比|较上年同期|较去年同期|较上年|较去年|较上月|较上季度|较前一交易日|"
    r"比上年|比去年|比前一交易日|较年初|年内|日内|盘中|全年|累计|"
    + _DAY_BEFORE_TEXT  # 922元/克，比前一日价格上涨11元/克: the day's move of the level before it
    + r")?"
    r"(?P<verb>" + "|".join(_VERBS) + r"|"
    r"涨幅|跌幅|增速|增幅|降幅|增长率)"
    r"(?:了|幅度|为|达|高达|达到|至|到|超|超过|近|逾|约|收窄至|扩大至)*$"
)

TO_LEVEL = re.compile(
    "(?=[" + "".join(sorted({v[0] for v in _VERBS} | set("下上修调"))) + "])"  # as CHANGE_TAIL
    r"(?:(?P<verb>"
    + "|".join(_VERBS)
    + r"|下修|上修|修正|调整)了?(?:至|到)|调整为)"  # 调整为9.35元/股: the price set
    r"(?:增加|减少|新增)?"  # 下修至增加6.3万人: still the level reached
    r"(?:\d{4}年(?:底|末)?的)?$"  # 增至2025年的20亿元: the level and the year it is of
)


def direction(verb: str) -> int:
    """+1 for a verb of rise (涨, 攀升), -1 for one of fall (跌, 回落), 0 otherwise."""
    return 1 if verb in _UP else -1 if verb in _DOWN else 0


def _signed(verb: str, value: str) -> str:
    if value[:1] in "-+":
        return value
    if verb in _UP:
        return "+" + value
    if verb in _DOWN and verb not in ("收窄",):
        return "-" + value
    return value


def change_of(pre: str, value: str) -> tuple[bool, str | None]:
    """Is the quantity (with `pre` the text just before it in its clause) a change? Its wording."""
    if is_doubling(value):
        p = _BARE_PREFIX.search(pre)
        return True, (p.group(0) if p else "") + value  # 单季净利润同比翻倍 -> 同比翻倍
    m = CHANGE_TAIL.search(pre)
    if not m or pre[m.start("verb") - 1 : m.start("verb") + 1] == "新增":
        return False, None  # 新增11.75亿股 is an amount added, not a rate of change
    if to_level(pre):
        return False, None  # 失业率降至4.1%: the new level, not a change of -4.1%
    if pre[m.start("verb") - 1 : m.start("verb")] in ("从", "由"):
        return False, None  # 从增加12.9万人下修至…: where a level started, not a change
    verb = m.group("verb")
    prefix = _PREFIX_SHORT.get(m.group("prefix") or "", m.group("prefix") or "")
    prefix = "较前一日" if _DAY_BEFORE.fullmatch(prefix) else prefix  # +11元/克 on what? a day
    if prefix not in SHOWN_PREFIX:
        prefix = ""
    tail = m.group(0)
    if "收窄至" in tail or "扩大至" in tail:
        how = tail[tail.index("至") - 2 : tail.index("至") + 1]
        # 降幅收窄至3%; 收窄至7美分, not 收窄收窄至7美分
        return True, (how if verb == how[:2] else verb + how) + value
    if verb in _RATE_NOUNS or verb in ("涨幅", "跌幅", "增速", "增幅", "降幅", "增长率"):
        return True, f"{prefix}{verb}{value}"
    if value[:1] in "约近逾超不" or not _DIGIT.search(value):
        return True, f"{prefix}{verb}{value}"  # 涨超2%, 减少一半: better than +超2%, -一半
    signed = _signed(verb, value)
    if signed == value and value[:1] not in "-+":
        return True, f"{prefix}{verb}{value}"  # 收窄14个基点: no sign says it (a fall can narrow)
    return True, f"{prefix}{signed}"


@lru_cache(maxsize=4096)  # pure (a match is not changed by its users); asked twice a clause
def to_level(pre: str) -> re.Match[str] | None:
    """`pre` ends in 增至/降至/提高到…: the value after it is the level reached, not the change."""
    m = TO_LEVEL.search(pre)
    if m and m.group("verb") not in ("收窄", "扩大", "涨幅", "跌幅", "增速", "增幅", "降幅"):
        return m
    return None


_DIGIT = re.compile(r"\d")
_BARE_PREFIX = re.compile(r"(?:同比|环比)$")
_PREFIX_SHORT = {
    "较上年同期": "同比",
    "较去年同期": "同比",
    "比上年": "同比",
    "比去年": "同比",
    "较上年": "同比",
    "较去年": "同比",
    "较上月": "环比",
    "较上季度": "环比",
}
BEFORE_LINKS = (
    "至",
    "到",
    "达到",  # 增长41%达到13.4万亿元: the level reached, as with 至
    "，至",
    "，达",
    "，收于",
    "，收报",
    "，报",
    "，报收",
    "，收",
    "，收至",
    "，现报",  # 海伦司涨超10%，现报17.96港元: the price after the move
    "，最新报",
)
SHOWN_PREFIX = ("同比", "环比", "累计", "全年", "年内", "日内", "盘中", "较前一日")
_DAY_BEFORE = re.compile(_DAY_BEFORE_TEXT)


# 0.25个至0.5个百分点: the unit is written once, after the high end.
_RANGE_LINK = ("至", "到", "-", "～", "~", "—")


_COUNTED = re.compile(r"\d个[^\d]")


def drop_cut_ranges(cands: list[Cand], seg: str) -> None:
    """提高了0.25个至0.5个百分点 is one range: read apart, 0.25个 is a change cut short of its
    unit (+0.25个) and 0.5个百分点 a level it never was. Neither is shown (issue 9: a change
    must end in a complete unit)."""
    for low, high in pairwise(cands):
        if not low.q.value.endswith("个"):
            continue
        between = seg[low.q.end : high.q.start - len(high.q.qualifier)]
        if between in _RANGE_LINK and _COUNTED.search(high.q.value):
            low.score = high.score = -1.0
