"""A week-ahead calendar's summary: the title's items, each with its date.

华尔街见闻 publishes a calendar every weekend (下周重磅日程：中国通胀外贸数据、甲骨文AI大会、台积电
寒武纪财报), one section per event. Its lead paragraphs preview the week in general terms, so the
summary the ranking picks names one or two of the title's items and none of their dates: editors
called such pushes incomplete (the 拼多多 and 小米 results a title and its tickers promise, the day
of the payrolls report). The news of a calendar is its list: each item of the title, said by the
shortest clause of the post that names it, preferably one that gives its date, joined as a list.
Extractive like every summary: clauses of the post, cut at clause boundaries, never rewritten.

Posts of this kind outside the gold files: wscn3756937, wscn3772885, wscn3773422.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.segment import pos_words, words
from bot.summarizer.sentencefit import balanced, clause_prefixes
from bot.summarizer.text import fold, sentences
from bot.summarizer.titlewords import main_part

_CALENDAR = re.compile(r"^(?:下周|本周)重磅(?:日程|财经事件)[：:]\s*(?P<items>.+)$")
_ITEM = re.compile(r"[、，,；;]")
_QUOTES = '“”"‘’「」'
_DATED = re.compile(r"\d{1,2}月\d{1,2}日|周[一二三四五六日]|\d{1,2}日")
_CLAUSES = re.compile(r"[，,；;]")
_LATIN = re.compile(r"[a-z][a-z0-9.\-]*")
MIN_ITEMS = 2  # fewer items found than this: the ranked summary stays
_ITEM_ROOM = 60  # a clause longer than this is a paragraph's argument, not a list item


def is_calendar(title: str) -> bool:
    return _CALENDAR.match(main_part(title).strip()) is not None


def calendar_summary(
    title: str, body: list[str], max_chars: int, names: tuple[str, ...] = ()
) -> str | None:
    """The title's items said by the post's own clauses, in the title's order; None when
    fewer than MIN_ITEMS are found or the title is no calendar's. `names`: the companies the
    title names (Article.title_names), which jieba cuts apart (美团博通 -> 美团/博/通财)."""
    m = _CALENDAR.match(main_part(title).strip())
    if not m:
        return None
    said = [s for p in body for s in sentences(p)]
    parts: list[str] = []
    for item in _ITEM.split(m.group("items")):
        must, keys = _keys(item, [fold(n).lower() for n in names])
        found = [_best_clause(must, keys, said)] if keys else []
        if found == [None] and len(must) > 1:  # 台积电寒武纪财报: each company's own clause
            found = [_best_clause([n], [n, *keys[len(must) :]], said) for n in must]
        for clause in found:
            if clause and clause not in parts:
                parts.append(clause)
    text = ""
    for k, part in enumerate(parts):
        longer = f"{text}；{part}" if text else part
        if len(longer) + 1 > max_chars:
            parts = parts[:k]
            break
        text = longer
    return text + "。" if len(parts) >= MIN_ITEMS else None


# The consensus forecast of the week's data (市场预期5月新增非农就业人口将放缓至11.5万至13万人左右):
# what a calendar's reader trades on. Deep in the post and marked as a forecast, such a figure
# ranks below the line floor; in a calendar it is the news. One house's call (华泰证券预计CPI同比
# 为-0.1%, beside 中金公司预测为-0.3%) is not the consensus: an editor failed it as a line.
_FORECAST = re.compile(r"市场(?:普遍)?(?:预期|预计|预测|估计)|(?:普遍|一致)预期")
_EARLIER = re.compile(r"此前|上月|前值")  # 此前，4月官方制造业PMI为50.3%: last month's print
CALENDAR_LIFT = 20.0


def lift_forecasts(cands: list[Cand], title: str) -> None:
    """In a week-ahead calendar, the figures its sentences forecast rank as lines."""
    if not is_calendar(title):
        return
    for c in cands:
        own = _CLAUSES.split(c.sent[: c.span[0]])[-1]  # the number's own clause
        if c.para >= 0 and c.score >= 0 and _FORECAST.search(own) and not _EARLIER.search(own):
            c.score += CALENDAR_LIFT


def _keys(item: str, names: list[str]) -> tuple[list[str], list[str]]:
    """The item's names, which a clause must say (美团, 博通; computex), and all its words of two
    characters or more (美团, 博通, 财报), of which it must say half."""
    low = fold(item.strip(_QUOTES + " ")).lower()
    must = [n for n in names if n in low]
    rest = low
    for n in must:
        rest = rest.replace(n, " ")
    must += [w for w in _LATIN.findall(rest) if len(w) >= 2]
    keys = list(must)
    for w in words(rest):
        w = w.strip()
        if len(w) >= 2 and w not in keys:
            keys.append(w)
    return must, keys


def _best_clause(must: list[str], keys: list[str], said: list[str]) -> str | None:
    """The shortest clause-boundary prefix of a sentence that says the item's names and at
    least half its words; one with a date first (a calendar's news is when), then the one that
    says more of the words, then the shorter."""
    best: tuple[tuple[bool, int, int], str] | None = None
    for sentence in said:
        low = fold(sentence).lower()
        hits = [k for k in keys if k in low]
        if 2 * len(hits) < len(keys) or not hits or any(n not in low for n in must):
            continue
        clause = _prefix_with(sentence, hits)
        if clause is None:
            continue
        rank = (bool(_DATED.search(clause)), len(hits), -len(clause))
        if best is None or rank > best[0]:
            best = (rank, clause)
    return best[1] if best else None


def _prefix_with(sentence: str, keys: list[str]) -> str | None:
    """The shortest prefix of the sentence that reads as a whole statement (a verb, no clause
    cut mid-way: sentencefit.clause_prefixes) and says every key; a heading is its own."""
    whole = sentence.rstrip("。！!；; ") + "。"
    for prefix in [*clause_prefixes(whole), whole]:
        low = fold(prefix).lower()
        if all(k in low for k in keys):
            text = prefix.rstrip("。")
            if len(text) > _ITEM_ROOM or not balanced(text) or not _states(text, keys):
                return None
            return text
    return None


def _states(text: str, keys: list[str]) -> bool:
    """The clause that names the item has a verb: it says something of it (宇树科技科创板IPO于
    6月1日上会), not a heading's list of names (Credo、美团、Ciena、博通等), a topic (财报方面，
    …等中国科技公司) or a time before another event (ComputeX大会前，英伟达GTC…将于…举行)."""
    own = next((c for c in _CLAUSES.split(fold(text).lower()) if keys[0] in c), "")
    for k in keys:  # a name is no verb (甲乙控股: 控股)
        own = own.replace(k, " ")
    return any(tag.startswith("v") for _, tag in pos_words(own))
