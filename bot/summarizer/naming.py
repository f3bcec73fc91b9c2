"""Is a label a name for what a number measures? The checks a label passes before it is shown.

A label is the clause text before a number, tidied (labels.py); what is left can still be a
clause fragment (迈向, 甚至, 能接这样) or end in a word that reads as cut (收入达, 流向英伟达):
such a line is not shown rather than shown wrong.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer.labels import is_metric, pos_words

# A label ending in one of these reads as cut before its object (收入达, 流向英伟达), name or not.
DANGLING_END = tuple("达为至超约了的和与及比较在从到将已被由对向逾近共是")
_PER_TAIL = re.compile(r"每(?:日|天|月|年|周|桶|吨|股|加仑|盎司|人|户)$")
_LEAD_FILLER = re.compile(
    r"^(?:那么|这样|那样|如此|这么|甚至|及其|以及|并且|而且|而(?![今后言且])|但(?![凡是])"
    r"(?=[\u4e00-\u9fffA-Za-z]))+"  # 而英伟达同期上涨: the contrast was with a clause not shown
)
_FRAGMENT_FLAGS = ("v", "d", "f", "r", "p", "c", "u", "m", "q", "i")


def unit_counted(kind: str, value: str) -> bool:
    """A count or size with its unit written (5624股, 512GB, 20家), not a bare 3亿 (of what?)."""
    return kind in ("count", "physical") and value.rstrip("余多+ ")[-1:] not in "万亿千百十"


def share_word(label: str) -> str:
    """博士占比 -> 博士比例: the same share, in a word that does not end in 比 (which reads as a
    cut 比较 at a label's end, so the rubric counts it as a dangling word)."""
    return label[:-2] + "比例" if label.endswith("占比") and len(label) > 2 else label


# Accounting terms of art in the short forms every reader of results knows: 归属于母公司所有者的
# 净利润 -> 归母净利润, 扣除非经常性损益后的净利润 -> 扣非净利润, both -> 扣非归母净利润 (a
# 21-character label reads as a clause of a filing, not a line). Posts outside the gold files:
# em202605173739737523, em202607263821263049 (扣除非经常性损益后的净利润, 归属于上市公司股东的
# 净利润), em202604193709962753.
_ATTRIBUTABLE = re.compile(r"归属于(?:上市公司|母公司)(?:普通股股东|股东|所有者)的?")
_RECURRING = re.compile(r"扣除非经常性?损益(?:后)?的?")


# "also" and "in turn" as words of their own (亦涨, 则最高直降): true only beside the clause before
_RELATIVES = frozenset("亦则也")
_RELATIVE = re.compile("[亦则也]")


def _without_relatives(label: str) -> str:
    """`label` without 亦/则/也 where jieba reads them as words of their own (not 也门, 原则)."""
    at, cuts = 0, []
    for w, flag in pos_words(label):
        at = label.find(w, at)
        if w in _RELATIVES and flag in ("d", "c"):
            cuts.append(at)
        at += len(w)
    return "".join(ch for i, ch in enumerate(label) if i not in cuts)


def short_terms(label: str) -> str:
    """The label with its accounting terms in their short forms (display only: whose a number
    is was judged on the words the post wrote, 母公司 included), and without an adverb that
    relates it to a clause the line does not show (中炬高新亦涨, iPad Air则最高直降)."""
    if _RELATIVE.search(label):
        label = _without_relatives(label)
    if "归属于" not in label and "扣除非经常" not in label:
        return label
    short = _ATTRIBUTABLE.sub("归母", _RECURRING.sub("扣非", label))
    return short.replace("归母扣非", "扣非归母")


@lru_cache(maxsize=4096)  # pure; ranking asks again for the same labels (it tags words)
def readable(label: str, is_change: bool = False) -> str:
    """The label, or '' when it is a clause fragment rather than a name for what is measured.

    迈向 40万亿美元, 甚至 120美元, 附近 64,565美元, 暴露出 120亿美元, 能接这样 …: one verb, adverb,
    position word or pronoun names nothing. A change label ends in its verb (特斯拉跌) and is
    judged by its subject elsewhere.
    """
    label = _LEAD_FILLER.sub("", label)
    if not label or is_change:
        return label
    per = _PER_TAIL.search(label)  # 供应损失每日, 柴油税每加仑: judge the head
    ws = pos_words(label[: per.start()] if per and per.start() else label)
    if not ws:
        return ""
    last_word, last_flag = ws[-1]
    if is_metric(last_word):
        return label
    if len(ws) == 1 and last_flag.startswith(_FRAGMENT_FLAGS) and last_flag != "vn":
        return ""
    if last_flag.startswith("r") or (last_flag.startswith("v") and ws[0][1].startswith(("r", "d"))):
        return ""  # 能接这样, 那么消耗: a pronoun or an adverb-led verb phrase
    return label
