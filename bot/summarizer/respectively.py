"""分别 lists: which value of the list belongs to which item.

Chinese writes a list of names once and their values once (AMD和英特尔分别上涨128%和149%). The
clause text right before each value names the wrong thing for all but the last (英特尔上涨 is
shown for AMD's 128%), so the values are paired with the items in order.
"""

from __future__ import annotations

import re
from itertools import pairwise

from bot.summarizer.cand import Cand
from bot.summarizer.labels import is_edge_word, is_metric, pos_words, tidy_label, words
from bot.summarizer.segment import NAME_TAGS
from bot.summarizer.text import SENTENCE_END, clause_start

_SENTENCE_OR_SEMICOLON = frozenset(SENTENCE_END + "；;")
_COMPARED = re.compile(r"相较于?|相比于?|对比")

_LIST_SEP = {"、", "和", "及", "与", "以及"}
# The values after 分别 are each item's peak or trough of the session, not its level now: the
# label keeps 最高/最低 (the peak words of endings.py, cited there), its verb left as endings.py
# leaves one ending on 至/到/及 (在岸、离岸人民币对美元汇率分别最高触及6.3515、6.3512: a gold post).
_PEAK = re.compile(r"(?:盘中|日内|一度)?(最高|最低)(?:触及|报|达|至|升至|跌至|上探至|下探至)?")
_HEAD_TAIL = re.compile(r"[则均都也亦又还将]+$")
_HEAD_BREAK = re.compile(r"[，,；;：:。（(]")


def pair_respectively(cands: list[Cand], fseg: str) -> None:
    """AMD和英特尔分别上涨128%和149%: the i-th value belongs to the i-th name of the list.

    Without this each value takes the words right before it (英特尔上涨 128% is AMD's), so a
    list's values are named only when the list before 分别 has as many items as values follow;
    when the counts differ, none of them is shown.
    """
    groups: dict[int, list[Cand]] = {}
    for c in cands:
        at = fseg.rfind("分别", 0, c.q.start)
        if at >= 0 and not _HEAD_BREAK.search(fseg, at, c.q.start - len(c.q.qualifier)):
            groups.setdefault(at, []).append(c)
    for at, vals in groups.items():
        stops = [m.end() for m in _HEAD_BREAK.finditer(fseg, 0, at)]
        head = _HEAD_TAIL.sub("", fseg[stops[-1] if stops else 0 : at])  # …增长则分别为
        items: list[str] = [""]
        for w in words(head):
            if w in _LIST_SEP:
                items.append("")
            else:
                items[-1] += w
        items = [i for i in items if i]
        if len(items) < 2:
            if _COMPARED.search(head) and len(vals) > 1:
                # 标普…微涨0.3%，但相较于上周五分别高达4.2%和2.6%的跌幅: the values the items
                # before are compared with; which is whose, and when, no label can say
                _drop(vals)
            elif not _changes_of_levels(cands, fseg, at, head, vals) and not _earlier_items(
                fseg, stops[-1] if stops else 0, at, head, vals
            ):
                _by_year(cands, fseg, at, head, vals)
            continue
        if len(items) != len(vals):  # which value is whose cannot be told: no line for them
            _drop(vals)
            continue
        # 在岸、离岸人民币对美元汇率: what the last item adds past the length of the first is
        # shared (在岸人民币对美元汇率); 成长风格、创业板指、主线行业跌幅: 成长风格跌幅.
        tail = "".join(words(items[-1])[len(words(items[0])) :])
        items = [i + tail if not i.endswith(tail) else i for i in items[:-1]] + items[-1:]
        items = _share_head(items)
        how = next((v.how for v in vals if v.how), "")  # 和149%: the verb is written once
        peak = None if how else _PEAK.match(fseg, at + 2)  # 分别最高触及6.3515、6.3512
        peak_word = peak.group(1) if peak else ""
        for item, c in zip(items, vals, strict=True):
            c.raw = c.subject = item + peak_word
            c.paired = True
            c.label = item + how if how else c.raw
            if how and not c.is_change and c.score >= 0:
                c.is_change, c.how = True, how
            c.after = ""


# The items of a list written clauses before 分别 (列金沙中国(1928.HK)及银娱(0027.HK)为行业首选，
# 评级“买入”，目标价分别下调至27.3及56.2港元: posts/2021-12-08-202112082206796032; 刘晓伟与傅国水
# 为新晋面孔，分别持有28.98万股、27.24万股: em202511023552730925).
_CODE_GLOSS = re.compile(r"[（(][^（）()]{1,12}[）)]")
_NOUN_TAGS = ("n", "vn", "eng", "x")
_CLAUSE_BREAK = re.compile(r"[，,；;：:。]")
_BARE_NUMBER = re.compile(r"[约近超逾]?[\d.,]+")
_BACK_CLAUSES = 2


def _earlier_items(fseg: str, head_at: int, at: int, head: str, vals: list[Cand]) -> bool:
    """Names the values by the list of as many nouns a clause before the head writes (the
    nearest of the two clauses before it that has one); False when none has exactly as many."""
    # what is measured, before 分别 (目标价分别下调至) or after it (分别持有)
    metric = tidy_label(head + fseg[at + 2 : vals[0].q.start - len(vals[0].q.qualifier)])
    if not metric:
        return False
    start = clause_start(fseg, head_at, SENTENCE_END.__contains__)
    before = _CODE_GLOSS.sub("", fseg[start : max(start, head_at - 1)])
    clauses = _CLAUSE_BREAK.split(before)
    for clause in reversed(clauses[-_BACK_CLAUSES:]):
        items = _noun_list(clause)
        if len(items) != len(vals):
            continue
        for item, c in zip(items, vals, strict=True):
            _name_as(c, item + metric)
            if _BARE_NUMBER.fullmatch(c.value):
                c.score = -1.0  # 27.3及56.2港元: 27.3 alone would show no unit
        return True
    return False


def _noun_list(clause: str) -> list[str]:
    """The nouns a clause lists with 、/和/及/与 (the last noun run before the first separator,
    the first after the last one); [] when the clause lists nothing or an item is no noun."""
    tagged = pos_words(clause)
    seps = [k for k, (w, _) in enumerate(tagged) if w in _LIST_SEP]
    if not seps:
        return []
    bounds = [-1, *seps, len(tagged)]
    items: list[str] = []
    for n, (lo, hi) in enumerate(pairwise(bounds)):
        part = tagged[lo + 1 : hi]
        if n == 0:  # the first item: its name right before the separator, else its nouns
            part = _tail_run(part, NAME_TAGS) or _tail_run(part, _NOUN_TAGS)
        elif n == len(bounds) - 2:  # the last: its nouns right after
            part = _head_run(part, _NOUN_TAGS)
        if not part or not all(f.startswith(_NOUN_TAGS) for _, f in part):
            return []
        items.append("".join(w for w, _ in part))
    return items


def _tail_run(part: list[tuple[str, str]], tags: tuple[str, ...]) -> list[tuple[str, str]]:
    """The words at the end of `part` whose tags start with one of `tags`."""
    return _head_run(part[::-1], tags)[::-1]


def _head_run(part: list[tuple[str, str]], tags: tuple[str, ...]) -> list[tuple[str, str]]:
    """The words at the start of `part` whose tags start with one of `tags`."""
    k = 0
    while k < len(part) and part[k][1].startswith(tags):
        k += 1
    return part[:k]


def _share_head(items: list[str]) -> list[str]:
    """海联讯2024年营收、归母净利润: whose and when, written once before the first measure, hold
    for every measure of the list (海联讯2024年归母净利润), not only for the first."""
    first = words(items[0])
    if len(first) < 2 or not is_metric(first[-1]):
        return items
    if not all(is_metric(words(i)[-1]) and len(words(i)) <= 2 for i in items[1:]):
        return items  # names with their own measure (A股营收、港股利润): nothing is shared
    head = list(first[:-1])
    while head and is_edge_word(head[0]):
        head = head[1:]
    shared = "".join(head)
    if not shared or any(i.startswith(shared) for i in items[1:]):
        return items
    return items[:1] + [shared + i for i in items[1:]]


def _drop(vals: list[Cand]) -> None:
    """No line for these values: which is whose cannot be told."""
    for c in vals:
        c.score = -1.0


# 2023年至2025年，燧原科技分别实现营业收入3.01亿元、7.22亿元及9.90亿元: one value a year.
_YEARS = re.compile(r"(\d{4})年?\s*[至到~—－-]\s*(\d{4})年")


def _by_year(cands: list[Cand], fseg: str, at: int, head: str, vals: list[Cand]) -> None:
    """A 分别 list over a span of years: the i-th value is the i-th year's; when the counts
    differ, none of them is shown (a year shown would be a guess). A second list of as many
    values after it (…营业收入3.01亿元、7.22亿元及9.90亿元，净亏损16.65亿元、15.10亿元及11.64亿元)
    is of the same years, each named by the words before its first value."""
    span = list(_YEARS.finditer(fseg, clause_start(fseg, at, SENTENCE_END.__contains__), at))
    if not span:
        return
    first, last = int(span[-1].group(1)), int(span[-1].group(2))
    if last - first + 1 != len(vals):
        _drop(vals)
        return
    # what is measured, before 分别 (公司归母净利润分别为) or after it (分别实现营业收入)
    metric = tidy_label(head + fseg[at + 2 : vals[0].q.start - len(vals[0].q.qualifier)])
    if not metric:
        _drop(vals)
        return
    _name_by_year(vals, first, metric)
    more = _next_list(cands, fseg, vals[-1], len(vals))
    if more is None:
        return
    lead = fseg[vals[-1].q.end : more[0].q.start - len(more[0].q.qualifier)].lstrip("，, ")
    metric = tidy_label(lead)
    if not metric:
        _drop(more)
        return
    _name_by_year(more, first, metric)


def _name_by_year(vals: list[Cand], first: int, metric: str) -> None:
    """The i-th value is the i-th year's measure (2023年营业收入, 2024年营业收入…)."""
    for year, c in enumerate(vals, start=first):
        _name_as(c, f"{year}年{metric}")


def _name_as(c: Cand, name: str) -> None:
    """`c` is named by its list item as written (lines.final_label shows a paired raw)."""
    c.raw = c.subject = c.label = name
    c.paired = True
    c.after = ""


_ITEM_SEP = frozenset(("、", "和", "及", "与", "以及"))


_CLAUSE_END = re.compile(r"[。；;，,]")


def _next_list(cands: list[Cand], fseg: str, last: Cand, n: int) -> list[Cand] | None:
    """The n values right after `last`, in the next clause of its sentence, written as one list
    (separated only by 、/和/及): a parallel list of the same items; None if there is none."""
    i = next((k for k, c in enumerate(cands) if c is last), -1)
    run = cands[i + 1 : i + 1 + n] if i >= 0 else []
    if len(run) < n or any(c.is_change for c in run):
        return None
    opening = fseg[last.q.end : run[0].q.start - len(run[0].q.qualifier)]
    if not opening.startswith(("，", ",")) or _CLAUSE_END.search(opening[1:]):
        return None
    for a, b in pairwise(run):
        if fseg[a.q.end : b.q.start - len(b.q.qualifier)].strip() not in _ITEM_SEP:
            return None
    return run


def _changes_of_levels(cands: list[Cand], fseg: str, at: int, head: str, vals: list[Cand]) -> bool:
    """…销售金额约75.37亿元，合同销售面积511,348平方米，同比分别下降26%和50%: the i-th change
    is the i-th level's, in the order written. Shown alone, 同比下降 26% says of what not."""
    basis = head.strip("，, ")  # 同比 or 环比, written once for the list
    if basis not in ("", "同比", "环比") or not vals[0].is_change:
        return False
    sign = vals[0].wording[:1] if vals[0].wording else ""
    if sign not in ("+", "-", "−"):
        return False
    # 下降26%和50%: the verb is written once, so only the first value reads as a change
    wordings = [c.wording or sign + c.value for c in vals]
    start = clause_start(fseg, at, _SENTENCE_OR_SEMICOLON.__contains__)
    levels = [
        c for c in cands if not c.is_change and c not in vals and start <= c.q.start < c.q.end <= at
    ][-len(vals) :]
    if len(levels) < len(vals) or any(lv.change for lv in levels):
        return False
    for lv, c, wording in zip(levels, vals, wordings, strict=True):
        lv.change = basis + wording
        lv.score += 14
        c.score = -1.0
    return True
