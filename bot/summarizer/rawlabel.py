"""The crude label of a figure: the clause text before its number, with dates, function words
and change verbs stripped.

Ranking needs a label for every candidate, so this is cheap and regex-first; jieba is asked only
where a single edge character may end a word (英伟达, 比特币). The label a reader sees is tidied
further (labels.tidy_label, lines.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer.changes import CHANGE_TAIL
from bot.summarizer.labels import is_suffix_word, words

# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_LABEL_TRIM_END_ONE = re.compile(
    r"(?=[分约已达高共合总累录收报近逾超为是了的：:仅在有从由以将或再也则就人和与])(?:"
    r"(?:分别为|分别是|分别|约为|约合|已达到|已达|达到了|达到|(?<!最)高达|共计|合计|总计|累计|录得|收于|收报|"
    r"报收|约|近|逾|超过|超|为|达|是|了|的|：|:|仅|在|有|从|由|以|已|将|或|再|共|也|则|就|"
    r"人民币|和|与)$"
    r")"
)
_LABEL_TRIM_START_ONE = re.compile(
    r"^(?:及其|其中|此外|另外|同时|而且|而|并且|并|且|但|其|该|对此|目前|当前|截至目前|今年以来|此前|的|较|比|"
    r"以及|及|和|与|或|在|将|从|"
    r"据[^，]{0,16}(?:显示|称|报道|统计|数据)|数据显示|财报显示|公告显示|根据[^，]{0,10}|"
    r"报告显示|资料显示|记者[^，]{0,10})"
)
_DATES = re.compile(  # (?=[…]): what a match opens with, so a scan skips other offsets at once
    r"(?=[\d截（(“”比较当北美周])(?:"
    r"\d{1,2}[-至到~]\d{1,2}月|\d{4}(?:年度|财年)|\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:底|初|末|年中|上半年|下半年)?|"
    r"\d{1,2}月(?:底|初|末|中旬|上旬|下旬)|\d{4}财年|\d{4}年度|\d{1,2}月\d{1,2}日(?:晚间|晚|早间|盘后|盘中)?|"
    r"\d{1,2}月份?|截至|截止|[（(][^）)]*[）)]|“|”|"
    r"[比较](?:前一|上一|上个|前个)交易日|[比较]上(?:月|周|季度)|(?:当地|北京|美东)时间|周[一二三四五六日]"
    r")"
)

# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_HAN_SPACE = re.compile(r"(?=\s)(?:(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff]))")
_LEAD_PUNCT = re.compile(r"^[，,、；;：:\-—\s]+")
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_EDGE_PUNCT = re.compile(r"(?=[，,、；;：:\-—\s])(?:^[，,、；;：:\-—\s]+|[，,、；;\-—\s]+$)")
_DIGIT_TAIL = re.compile(r"[A-Za-z0-9.]*\d$")


_CUT_AFTER = "的将在对称期示为和与及从由向把被是"


def shorten(lab: str, limit: int = 14) -> str:
    """Keep the tail (the metric) of a long label, cutting after a function word if possible."""
    if len(lab) <= limit:
        return lab
    for p in range(len(lab) - limit, len(lab) - 2):
        if lab[p - 1] in _CUT_AFTER:
            return lab[p:]
    cut = len(lab) - limit
    while cut < len(lab) - 2 and lab[cut - 1].isascii() and lab[cut - 1].isalnum():
        cut += 1  # do not start inside an ASCII word (R3等级 -> 等级)
    return lab[_word_start(lab, cut) :]


def _word_start(lab: str, cut: int) -> int:
    """`cut`, or where the next word starts if `cut` is inside one (博彩|股EBITDA -> EBITDA)."""
    pos = 0
    for w in words(lab):
        pos = lab.find(w, pos)
        if pos >= cut and not is_suffix_word(w):
            return pos if pos < len(lab) - 1 else cut
        pos += len(w)
    return cut


@lru_cache(maxsize=4096)  # pure; a sixth of a post's clauses are labelled again
def make_label(pre: str, *, keep_verb: bool = False, limit: int | None = 14) -> str:
    """A label (subject + metric) from the clause text before a number (`limit`: crude cut).

    The crude cut is only for ranking; labels shown to readers go through labels.tidy_label.
    """
    lab = _DATES.sub("", pre)
    lab = _HAN_SPACE.sub("", lab).strip()
    lab = _LEAD_PUNCT.sub("", lab)
    lab = _trim(lab, _LABEL_TRIM_START_ONE, start=True)
    cut = False
    if not keep_verb:
        m = CHANGE_TAIL.search(lab)
        if m and m.start() > 0:
            lab, cut = lab[: m.start()], True
    lab = _trim(lab, _LABEL_TRIM_END_ONE, start=False)
    lab = _EDGE_PUNCT.sub("", lab)
    if limit:
        lab = shorten(lab, limit)
    if cut:  # 科创50跌: the change verb follows the subject, so its digits end no label
        return lab.rstrip("，,、 ")
    # A label ending in a digit would run into the value ("25Q4 2.0%"): drop that token.
    return _DIGIT_TAIL.sub("", lab).rstrip("，,、 ")


# Edge characters that also end or start common names and words (英伟达, 商超, 合约, 比特币,
# 并购, 其他): stripped only where jieba reads them as a word of their own. The others (为, 了,
# 的, 是…) are function words at a label's edge whatever jieba joins them with (刊例价为).
_MAY_END_A_WORD = set("达超约近逾比并其该而但较及和与或在将从")


def _trim(lab: str, rx: re.Pattern[str], *, start: bool) -> str:
    """Strip function words at one edge, one at a time; a single character only where jieba
    reads it as a word of its own (比特币 keeps its 比, 英伟达 its 达, 并购 its 并)."""
    while lab:
        m = rx.search(lab)
        if not m or not m.group(0):
            return lab
        piece = m.group(0)
        if len(piece) == 1 and len(lab) > 1 and piece in _MAY_END_A_WORD:
            ws = words(lab)
            if ws and (ws[0] if start else ws[-1]) != piece:
                return lab
        lab = lab[len(piece) :] if start else lab[: -len(piece)]
    return lab
