"""A summary that announces a list, followed by the list's items.

Official releases announce, then enumerate: 中国证监会对《…办法》…进行修改。现向社会公开征求
意见。主要修改内容如下： and then 一是建立再融资定向增发储架发行制度。… 二是优化小额快速再融资
制度，…; a State Council reply says 现批复如下： before 一、原则同意…. The ranked summary picks the
announcement (it names the actor and the act) and stops there: editors called such pushes
empty ("says that the rules are being revised, gives none of the changes"). When the summary's
last sentence is where the list begins, the items' heads follow it: each item's first clause,
as written, joined as a list, as many as fit. Extractive like every summary.

Posts outside the gold files that announce, then number their items: em202607033793713738
(再融资规则: 主要修改内容如下：一是…六是), em202608073835439669 (北京房地产政策: 通知如下：
一、…三、), em202607133803843167 (国务院批复: 现批复如下：一、…四、).
"""

from __future__ import annotations

import re

from bot.summarizer.sentencefit import balanced
from bot.summarizer.text import sentences

_NUMERALS = "一二三四五六七八九十"
# 一是 / 一要 / 一、 / （一） / 第一， at a paragraph's start: one item of a numbered list.
_ITEM = re.compile(
    r"^(?:(?P<a>[一二三四五六七八九十])(?:是|要|、)|[（(](?P<b>[一二三四五六七八九十])[）)]|"
    r"第(?P<c>[一二三四五六七八九十])[，,、])\s*"
)
# What a list's introduction ends on (主要修改内容如下：, 现批复如下：, 主要包括：).
_INTRO_END = re.compile(r"[:：]\s*$")
_ASIDE = re.compile(r"[（(]以下简称[^）)]*[）)]")  # （以下简称《规划》）: a note, not the item
_HEAD_END = re.compile(r"[。；;，,：:！!]")
MIN_ITEMS = 3  # a list of two is a contrast (一方面…另一方面), not a release's items
MIN_SHOWN = 1
MAX_HEAD = 24  # an item whose first clause is longer is an argument, not a head
MAX_INTRO = 12  # 主要修改内容如下：; a longer introduction is the summary's colon
_HEAD, _TAIL = 8, 3  # characters of the announcing sentence it is found by (收悉。, 意见。)
_REACH = 3  # paragraphs between the announcing sentence and the list (a title line, an intro)


def list_heads(body: list[str], start: int) -> list[str]:
    """The heads of the numbered list that opens at body[start] (一…, 二…, 三…), in order, up
    to the first item that opens on an argument rather than a short clause; [] when no list of
    MIN_ITEMS items opens there."""
    heads: list[str] = []
    items = 0
    for para in body[start:]:
        m = _ITEM.match(para)
        if not m or (m.group("a") or m.group("b") or m.group("c")) != _NUMERALS[items]:
            break
        items += 1
        head = _HEAD_END.split(_ASIDE.sub("", para[m.end() :]), maxsplit=1)[0].strip()
        if len(heads) == items - 1 and head and len(head) <= MAX_HEAD and balanced(head):
            heads.append(head)  # the short heads up to the first long one (an argument)
        if items == len(_NUMERALS):
            break
    return heads if items >= MIN_ITEMS else []


def _located(last: str, body: list[str]) -> tuple[int, list[str]] | None:
    """The paragraph that holds `last`, and its sentences after it. Found by its opening and its
    end: the summary's sentence may have lost a gloss on the way (（发改就业〔2026〕847号）)."""
    head, tail = last[:_HEAD], last[-_TAIL:]
    for k, para in enumerate(body):
        start = para.find(head) if head else -1
        end = para.find(tail, start) if start >= 0 else -1
        if end >= 0:
            return k, sentences(para[end + len(tail) :])
    return None


def with_list(summary: str, last: str, body: list[str], max_chars: int) -> str:
    """`summary` (whose last sentence is `last`, as the post writes it) and the heads of the
    list it announces, when the list opens right after that sentence; as many as fit."""
    found = _located(last, body)
    if found is None:
        return summary
    where, rest = found
    if any(not _INTRO_END.search(s) for s in rest):
        return summary  # the paragraph goes on about something else before the list
    for start in range(where + 1, min(where + 1 + _REACH, len(body))):
        heads = list_heads(body, start)
        if heads:
            break
        if not _INTRO_END.search(body[start]):
            return summary  # a paragraph between that introduces nothing
    else:
        return summary
    intro = "".join(rest).strip()  # 主要修改内容如下：, as written, when the paragraph says it
    text = summary + intro if 0 < len(intro) <= MAX_INTRO else summary.rstrip("。") + "："
    shown = 0
    for head in heads:
        longer = text + ("；" if shown else "") + head
        if len(longer) + 1 > max_chars:
            break
        text, shown = longer, shown + 1
    return text + "。" if shown >= MIN_SHOWN else summary
