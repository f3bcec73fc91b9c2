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
MIN_SHOWN = 2
MAX_HEAD = 24  # an item whose first clause is longer is an argument, not a head
MAX_INTRO = 12  # 主要修改内容如下：; a longer introduction is the summary's colon
_REACH = 3  # paragraphs between the announcing sentence and the list (a title line, an intro)


def list_heads(body: list[str], start: int) -> list[str]:
    """The heads of the numbered list that opens at body[start] (一…, 二…, 三…), in order;
    [] when no list of MIN_ITEMS items opens there, or an item's head is no short clause."""
    heads: list[str] = []
    for para in body[start:]:
        m = _ITEM.match(para)
        if not m or (m.group("a") or m.group("b") or m.group("c")) != _NUMERALS[len(heads)]:
            break
        head = _HEAD_END.split(_ASIDE.sub("", para[m.end() :]), maxsplit=1)[0].strip()
        if not head or len(head) > MAX_HEAD or not balanced(head):
            return []
        heads.append(head)
        if len(heads) == len(_NUMERALS):
            break
    return heads if len(heads) >= MIN_ITEMS else []


def with_list(summary: str, last: str, body: list[str], max_chars: int) -> str:
    """`summary` (whose last sentence is `last`, as the post writes it) and the heads of the
    list it announces, when the list opens right after that sentence; as many as fit."""
    where = next((k for k, p in enumerate(body) if last and last in p), None)
    if where is None:
        return summary
    after = body[where].split(last, 1)[1]
    if any(not _INTRO_END.search(s) for s in sentences(after)):
        return summary  # the paragraph goes on about something else before the list
    for start in range(where + 1, min(where + 1 + _REACH, len(body))):
        heads = list_heads(body, start)
        if heads:
            break
        if not _INTRO_END.search(body[start]):
            return summary  # a paragraph between that introduces nothing
    else:
        return summary
    intro = after.strip()  # 主要修改内容如下：, as written, when the paragraph says it
    text = summary + intro if 0 < len(intro) <= MAX_INTRO else summary.rstrip("。") + "："
    shown = 0
    for head in heads:
        longer = text + ("；" if shown else "") + head
        if len(longer) + 1 > max_chars:
            break
        text, shown = longer, shown + 1
    return text + "。" if shown >= MIN_SHOWN else summary
