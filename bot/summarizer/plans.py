"""A forecast or plan marker in front of a figure's label (预计第四财季营收, 拟收购股权).

modality.py says which marker a figure needs; this puts it in front of the label so that the
line still reads. 预计, 目标, 预期 read before a noun (预计营收, 目标价). 拟, 有望 and 计划 govern
a verb: 拟收购上海证券100%股权 cut to its noun gives 拟股权, which says nothing. When the label
is the noun written after the number (…100%股权), the line takes the verb that governs it
(拟收购股权); with no such verb, or a label from elsewhere in the clause (拟融资规模不超过净资产
20% → 拟净资产), the line is not shown: an editor rejects a push for one garbled line (issue 9).
有望 means expected: a label it cannot govern reads with 预计 instead.
"""

from __future__ import annotations

import re

from bot.summarizer.guards import MEASURE_END
from bot.summarizer.labels import is_metric, pos_words
from bot.summarizer.modality import forecast_marker, has_marker
from bot.summarizer.quoting import trim_tail

# Markers that take a verb, not a noun (拟收购, 有望持有, 计划落地, 筹划收购).
GOVERNS = ("拟", "有望", "计划", "筹划")
# A comparison states a cap or a reference (不超过净资产20%), not the planned act.
_COMPARE = ("超过", "不超过", "低于", "高于", "不低于", "超", "占", "约占")
_MAX_STRETCH = 10  # 投入募集资金: a short clause reads whole
_BREAK = re.compile(r"[，,；;。：:]")
_EXPECTED = re.compile(r"预期的?$")
_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def marked(label: str, sent: str, span: tuple[int, int], year: int) -> str:
    """`label` as shown for a figure at sent[span]: with its marker, '' when it cannot read."""
    if sent and _EXPECTED.search(sent[: span[0]]) and "预期" not in label:
        return label + "预期"  # 远超外界预期的84.1万亿: the expectation, not the result
    marker = forecast_marker(sent, *span, year) if sent else ""
    if not marker or has_marker(label):
        return label
    return with_marker(marker, label, sent, span)


def with_marker(marker: str, label: str, sent: str, span: tuple[int, int]) -> str:
    """marker + label, with the verb a governing marker needs; '' when none is found."""
    if marker not in GOVERNS or not label:
        return _speaker_first(marker, label, sent, span) or marker + label
    at = sent.rfind(marker, 0, span[0])
    if at < 0 and marker == "计划":  # 将一次性投入2.5亿美元: shown as a plan, written with 将
        at, marker_len = sent.rfind("将", 0, span[0]), 1
    else:
        marker_len = len(marker)
    stretch = sent[at + marker_len : span[0]] if at >= 0 else ""
    if not sent[span[1] :].lstrip("的").startswith(label):  # not the noun after the number
        short = len(stretch) <= _MAX_STRETCH and not _compares(stretch)
        if short and stretch.endswith(label):
            return marker + stretch  # 拟投入募集资金7.26亿元: the clause as written
        if short and stretch.strip() and label.endswith(stretch):  # tidied: 项目投资 of 项目拟投资
            return label[: -len(stretch)] + marker + stretch
        if short and _subject_of(label, sent, at):
            # 该项目拟投资19.84亿元: its subject, as written; a link verb (市场规模有望达到) goes,
            # the line shows the value right after it (as a quoted clause's does)
            return label + trim_tail(marker + stretch)
        if _verb_first(label):
            return marker + label  # 拟配售每股, 拟融资
        if marker == "有望":  # 有望届时Cerebras估值: expected
            return "预计" + label
        return marker + label if marker == "计划" else ""  # 计划对价 reads; 拟净资产 does not
    verb = _governed(stretch)
    if verb:
        return marker + verb + label  # 拟收购股权, 有望持有股权
    return marker + label if marker == "计划" and _measure(label) else ""  # 计划以…估值


def _speaker_first(marker: str, label: str, sent: str, span: tuple[int, int]) -> str:
    """彭博估计出口同比增长55.5%: the label opens with who says it, written right before the
    marker, so the line keeps that order (彭博估计出口同比增长, not 估计彭博出口同比增长)."""
    at = sent.rfind(marker, 0, span[0])
    for k in range(min(len(label) - 1, 8), 1, -1):
        if at >= k and sent[at - k : at] == label[:k]:
            return label[:k] + marker + label[k:]
    return ""


def _subject_of(label: str, sent: str, at: int) -> bool:
    """The label is written before the marker in its clause: what the plan is about."""
    pos = sent.rfind(label, 0, at) if at > 0 else -1
    return pos >= 0 and not _BREAK.search(sent[pos + len(label) : at])


def _compares(stretch: str) -> bool:
    """拟融资规模不超过净资产: a cap's reference, not the planned amount."""
    return any(w in _COMPARE for w, _ in pos_words(stretch)) if stretch.strip() else False


def _measure(label: str) -> bool:
    """估值, 对价: a planned amount reads after 计划 (not 计划mini店)."""
    return is_metric(label) or label.endswith(tuple(MEASURE_END))


def _verb_first(label: str) -> bool:
    """拟募资总额, 计划发行股份: the label itself opens with the planned act."""
    ws = pos_words(label)
    return bool(ws) and ws[0][1] in ("v", "vn")


def _governed(stretch: str) -> str:
    """The verb of the plan: the last verb between the marker and the number that is not a
    comparison (不超过) nor inside a modifier (百联集团持有的上海证券: 持有 is not the act) nor
    inside brackets (（下称“东莞秦鼎”）: an aside naming a short form)."""
    stretch = _BRACKETED.sub("", stretch)
    ws = pos_words(stretch) if stretch.strip() else ()
    for i in range(len(ws) - 1, -1, -1):
        w, f = ws[i]
        if f != "v" or len(w) < 2:
            continue
        if i + 1 < len(ws) and ws[i + 1][0] == "的":
            continue
        return "" if w in _COMPARE else w
    return ""


# A plan a sentence announces (公司拟与甲、乙共同出资设立合资公司), and the sentence after it that
# gives the plan's terms (该合资公司注册资本为4亿元，其中甲出资2亿元，持股50%), or a later clause
# of its own (…拟…购买…股权，交易价格为17.91亿元): those numbers are planned too, though their
# own clause has no cue. Deal announcements write so: em202606243780123354 (拟…共同出资设立合资
# 目标公司。根据公告，该合资公司注册资本为4亿元…), em202510083528773393 (the price clause).
_PLANS = re.compile(
    r"(?:拟|计划|筹划)[^，,。；;]{0,40}?(?:设立|成立|出资|收购|购买|投资|增资|发行|募集|转让)"
)
# The terms sentence points back at the planned thing.
_TERMS_OF = re.compile(
    r"该(?:合资)?(?:目标)?公司|合资(?:目标)?公司|本次(?:交易|收购|增资|发行|投资)"
)
# A deal's terms, not a company's results (该公司2024年营收…: a fact about the target).
_TERMS = re.compile(r"注册资本|出资|持股|认缴|交易价格|交易对价|对价|总投资|投资总额|募集资金")
_DONE = re.compile(r"已|目前|截至|此前|去年|上年|完成|实现|\d{4}年")
_DEAL_VERB = re.compile(r"出资|持股|认缴|收购|认购|投资")


def planned_terms(label: str, sent: str, span: tuple[int, int], before: str) -> str:
    """The label marked as planned when its clause gives the terms of a plan an earlier clause
    of its sentence, or the sentence before, announces ('' when not so): 佰瑞德矿业拟出资,
    计划注册资本. A clause back on facts (已, 目前, 2024年…) is no term of the plan."""
    head = sent[: span[0]]
    here = _PLANS.search(plain := _BRACKETED.sub("", head))  # 各方拟共同出资…，其中甲出资…
    if here:
        head = plain[here.end() :]  # 拟…购买…股权，交易价格为17.91亿元: the terms of the plan
    elif not (_PLANS.search(_BRACKETED.sub("", before)) and _TERMS_OF.search(head)):
        return ""
    if not label or not _TERMS.search(label) or _DONE.search(head) or has_marker(label):
        return ""
    verb = _DEAL_VERB.search(label)
    if verb:
        return label[: verb.start()] + "拟" + label[verb.start() :]  # 佰瑞德矿业拟出资
    return "计划" + label  # 计划注册资本: 计划 reads before a noun (计划对价)
