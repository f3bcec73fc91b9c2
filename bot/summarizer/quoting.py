"""The post's own clause as a figure's label, where it says more than the synthesized one.

A synthesized label (labels.tidy_label) keeps a metric noun and the words right before it, so it
drops what a reader often needs: the period (本周沪指下跌, 4月份非农新增就业人数), the verb that
says what happened to the number (下修, 一度涨, 净流出) and who did it (外资从韩国股市净流出).
Issue 9 allows a line to quote the post's shortest clause around the number instead: faithful by
construction. The quote is used only when it is safe to read alone:

- it is the number's own clause (from the last clause break before the number), with leading
  connectives (同时, 此外, 数据显示…) and trailing link words (为, 达到, 高达, 至, 均…) removed,
  so the line reads `clause value` without a dangling word;
- 4 to MAX_QUOTE characters, so a line still fits a phone screen;
- it holds every character of the synthesized label in order (it only adds to it: a subject
  borrowed from an earlier clause is never lost), and adds a word that is no link or function
  word (元气森林实现销售额 says no more than 元气森林销售额);
- it is not part of a list (分别, or another number before a 、), the value is not followed by
  the noun it measures (拟收购上海证券100%股权: the clause before 100% does not say 股权), and
  it neither starts with a function word nor ends in a time, preposition or particle word.
The forecast marker the label would carry is put in front when the clause has no cue of its own.
"""

from __future__ import annotations

import re

from bot.summarizer.changes import CHANGE_TAIL, to_level
from bot.summarizer.labels import is_edge_word, pos_words, words
from bot.summarizer.modality import forecast_marker, has_marker, view_before
from bot.summarizer.text import COLUMN_TAG, clause_start

MAX_QUOTE = 26
_BREAK = "，,；;。！？!?：:"
_BREAK_OR_DASH = frozenset(_BREAK + "—")
# Connectives that open a clause but belong to no subject (…，同时外资净流出 -> 外资净流出).
_LEAD = re.compile(
    r"^(?:" + COLUMN_TAG.pattern + "|"
    r"其中|此外|另外|同时|而且|并且|而|并|且|但|对此|据悉|另一方面|与此同时|此后|随后|那么|甚至|及其|以及|"
    r"据[^，]{0,16}(?:显示|称|报道|统计|数据)|数据显示|财报显示|公告显示|报告显示|资料显示)"
)
# Link words before a value: the line shows `clause value`, so they go (仅为, 高达, 达到…).
_TAIL_WORDS = re.compile(
    r"(?:分别为|分别是|约为|约合|已达到|已达|达到了|达到|高达|共计|合计|总计|累计|录得|收于|收报|"
    r"报收|仅为|仅有|只有|超过|可能|将会|或将|还将|已经|"
    r"惊人的|惊人|更是|竟然|居然|足足)$"  # 毛利率更是高达惊人84.9%: emphasis, no part of the name
)
# One-character link words, removed where jieba reads them as a word of their own (英伟达 keeps
# its 达, 产能 its 能). A verb of reaching (降至, 升至, 下修至) goes whole: the value after it is a
# level, and 失业率降 4.1% would read as a fall of 4.1%. Trailing adverbs (快速, 竟, 均) go too.
_TAIL_CHARS = set(
    "约近逾超为达是了的至到在从由将已有共和与及比较被对向可能会或均都仍也亦竟则就才再更还"
)
# Word classes a quote may not end with: time (从2025年底), preposition, conjunction, particle,
# pronoun, position word (…修正前).
_BAD_END = ("t", "p", "c", "u", "r", "f")
_NAMES = ("n", "eng", "j", "vn")
# Word classes a quote may not start with: a verb, adverb, preposition, conjunction or particle
# means its subject is in another clause (pronouns such as 其/该 are stop words of labels.py).
_BAD_START = ("v", "d", "p", "c", "u")
# Characters no label ends in (the rubric's dangling words).
_DANGLING = tuple("达为至超约了的和与及比较在从到将已被由对向逾近共是")
_MARKER_HEAD = re.compile(
    r"^(?:预计|预期|预测|预估|估计|预告|指引|展望|目标|计划|拟|有望|提议|建议|承诺)"
)
_LIST_BEFORE = re.compile(r"\d[^、]*、")  # 智谱涨5%、MINIMAX大跌: another figure's item
_CONDITION_WORD = re.compile(r"如果|(?<![倘])若(?![干])|倘若|假如|假设|一旦|只有")
_FROM = re.compile(r"(?:从|由)[^从由，,]{0,12}$")
_COMPARED = re.compile(r"(?:较|比|相比|相较于?)[^较比，,]{0,10}$")
_FILLER = {"的", "了", "地", "之", "其", "所"}
_POSITION_AFTER = ("左右", "以上", "以下", "以内")


def _clause_start(sent: str, at: int) -> int:
    """Index after the last clause break (or dash) before `at`; breaks in （…） do not count."""
    return clause_start(sent, at, _BREAK_OR_DASH.__contains__)


def trim_tail(text: str) -> str:
    """The clause without the link words, adverbs and verbs of reaching that end it (…规模有望
    达到 -> …规模有望): the value is shown right after it."""
    while True:
        text = text.rstrip()
        m = _TAIL_WORDS.search(text)
        if m and m.start() > 0:
            text = text[: m.start()]
            continue
        reached = to_level(text)
        if reached and reached.start() > 0:  # 失业率降至4.1%: the level, not a fall of 4.1%
            cut = _word_start(text, reached.start())  # 跃升至: the verb whole
            text = _COMPARED.sub("", text[:cut])  # …较上次拍卖 dangles without it
            continue
        tags = pos_words(text)
        if len(tags) > 1 and tags[-1][1] in ("d", "vd"):  # 快速, 竟, 均, 持续 (一度 stays)
            text = text[: -len(tags[-1][0])]
            continue
        if len(text) > 1 and text[-1] in _TAIL_CHARS and tags and tags[-1][0] == text[-1]:
            text = text[:-1]
            continue
        return text


def _adds(text: str, label: str) -> bool:
    """The clause says more than the label: a word beyond link and function words (元气森林实现
    销售额 adds nothing to 元气森林销售额; 7月失业率 adds the month, 本周沪指下跌 the week)."""
    rest, i = [], 0
    for ch in text.replace(" ", ""):
        if i < len(label) and ch == label[i]:
            i += 1
            rest.append(" ")
        else:
            rest.append(ch)
    extra = [w for part in "".join(rest).split() for w in words(part)]
    return any((not is_edge_word(w) and w not in _FILLER) or w in _THRESHOLD for w in extra)


# A level crossed or neared, not the value itself (金价突破800元/克, 逼近4000点): the verb
# changes what the number says, so a clause adding it says more than the label.
_THRESHOLD = frozenset(("突破", "跌破", "站上", "站稳", "失守", "逼近", "触及", "冲击", "升破"))


def threshold_end(quote: str) -> str:
    """The threshold verb a quote ends with (市值突破 -> 突破), or ''."""
    return next((w for w in _THRESHOLD if quote.endswith(w)), "")


def _word_start(text: str, at: int) -> int:
    """Where the jieba word holding text[at] starts (快速降至 -> 降, 已跃升至 -> 跃)."""
    pos = 0
    for w in words(text):
        i = text.find(w, pos)
        if i < 0:
            break
        if i <= at < i + len(w):
            return i
        pos = i + len(w)
    return at


def _in_order(short: str, long: str) -> bool:
    """Every character of `short` occurs in `long`, in order."""
    rest = iter(long)
    return all(ch in rest for ch in short)


def clause_quote(
    sent: str,
    span: tuple[int, int],
    label: str,
    *,
    qualifier: str,
    after: str,
    change: str | None,
    year: int = 0,
) -> str:
    """The number's own clause as its label, or '' when it is not safe to read alone.

    `sent`: the folded sentence; `span`: the value's offsets (qualifier included); `label`: the
    synthesized label (with its forecast marker); `qualifier`: the bound before the value (达 is
    not shown with the value, so it is part of the clause); `after`: a noun written after it;
    `change`: the change shown beside the value: a clause that states it is cut before it
    (布伦特原油价格涨7.3%至96.94美元 -> 布伦特原油价格, the change once, in its place);
    `year`: the post's publication year (modality.forecast_marker).
    """
    if after and not after.startswith(_POSITION_AFTER):
        return ""
    at = span[0] + (1 if qualifier == "达" else 0)
    text = sent[_clause_start(sent, at) : at].strip().lstrip("—")
    while (m := _LEAD.match(text)) and m.group(0):
        text = text[m.end() :].lstrip("，, ")
    if "分别" in text:
        return ""  # a list's values are paired with its items (respectively.py), not quoted
    text = trim_tail(_before_change(text, change))
    if not 4 <= len(text) <= MAX_QUOTE or _LIST_BEFORE.search(text):
        return ""
    if text.endswith(("、", "“", "（", "(")):
        return ""
    tags = pos_words(text)
    # a preposition opening a 的 phrase names the thing (对实体经济发放的人民币贷款余额,
    # 以韩国资产为标的的杠杆ETF规模); opening anything else, its subject is elsewhere
    modifier = tags and tags[0][1].startswith("p") and "的" in text
    if not tags or (is_edge_word(tags[0][0]) and not modifier) or tags[-1][1].startswith(_BAD_END):
        return ""
    if tags[0][1].startswith(_BAD_START) and tags[0][1] != "vn" and "的" not in text:
        return ""  # 推动该公司股价盘后上涨: whose move? (剔除…后的核心PCE names its subject)
    if _CONDITION_WORD.search(text):
        return ""  # 平台如果一个月能接: a condition is no name for a number
    if text.endswith(_DANGLING):
        return ""  # 飙至, 做到: a verb of reaching the jieba split left whole
    if not any(flag.startswith(_NAMES) for _, flag in tags):
        return ""
    core = _MARKER_HEAD.sub("", label).replace(" ", "")
    if not label or not _in_order(core, text.replace(" ", "")) or not _adds(text, core):
        return ""
    marker = forecast_marker(sent, *span, year)
    if marker and not has_marker(text):
        text = marker + text
    elif view := view_before(sent[: _clause_start(sent, at)], text):
        text = view + text  # 投资者普遍预计，美联储将在10月…再次降息: 预计美联储将…
    return text


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


_BOUND_CHAR_END = re.compile(r"[约近逾超]?$")


def _before_change(text: str, change: str | None) -> str:
    """The clause up to where it states the change (its verb, 从/由 and bound go too)."""
    first = _NUMBER.search(change or "")
    at = text.find(first.group(0)) if first else -1
    if at < 0:
        return text
    head = _BOUND_CHAR_END.sub("", text[:at])
    m = CHANGE_TAIL.search(head)
    if m and m.start() > 0:
        head = head[: m.start()]
    return _FROM.sub("", head)  # 从2024年的977亿美元降至: where it came from is the change
