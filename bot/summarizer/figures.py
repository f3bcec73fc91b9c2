"""Key figures: quantities with a short Chinese label and the change the text gives, ranked.

Ranking follows how a financial news post is written: the title carries the headline number,
the lead carries the main amounts, rates and changes; deeper paragraphs add detail. A rate
written right after an amount (…收入为143.35亿元，同比增长7%) is that amount's change, not a
figure of its own. Nothing is computed, rounded or converted: values and changes are slices of
the post's text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from itertools import pairwise

from bot.article import Figure
from bot.summarizer.beside import attach_changes, level_name
from bot.summarizer.cand import Cand
from bot.summarizer.changes import (
    CHANGE_TAIL,
    SHOWN_PREFIX,
    change_of,
    drop_cut_ranges,
    to_level,
)
from bot.summarizer.cnquant import may_hold_quantity
from bot.summarizer.conditions import hypothetical, in_condition
from bot.summarizer.context import (
    bound_suffix,
    context_penalty,
    date_numbers,
    is_weak_count,
    level_bound,
)
from bot.summarizer.duplicates import dedupe_key, summary_says_otherwise, unit_twin
from bot.summarizer.guidance import lift_guidance
from bot.summarizer.headings import is_headline, view_heading
from bot.summarizer.labels import METRIC_NOUNS, is_metric, words
from bot.summarizer.lines import REFERENCE
from bot.summarizer.modality import has_marker
from bot.summarizer.nounafter import beneficiary, measured_noun, noun_after, with_of
from bot.summarizer.owners import sibling_named, whole_names
from bot.summarizer.quantities import close_bound_gaps, find_quantities
from bot.summarizer.ranking import WEAK_LABELS, choose
from bot.summarizer.rawlabel import make_label, shorten
from bot.summarizer.rerank import rerank
from bot.summarizer.respectively import pair_respectively
from bot.summarizer.results import table_period
from bot.summarizer.stress import demote_stated, reward_repeats
from bot.summarizer.text import (
    SPACE_BREAK,
    body_paragraphs,
    clause_before,
    fold,
    sentences,
    shares_pair,
)

_KEY_METRIC = re.compile(
    r"收入|营收|净利|利润|营业额|销售额|交易额|成交额|成交|GMV|市值|规模|融资|募资|投资|估值|订单|"
    r"销量|出货|目标价|价格|股价|金价|油价|利率|收益率|汇率|中间价|指数|CPI|PPI|GDP|PMI|非农|就业|失业|"
    r"净流入|净流出|资金|回购|分红|派息|关税|降息|加息|基点|总额|余额|用户|消费者|涨|跌"
)
# 近三成, 约五分之一, 翻倍 are rounded: where the post also gives exact figures, those come first.
# A worded share then weighs like a bare decimal (pct 18 - 12 = bare 6).
WORDED_PENALTY = 12.0
KIND_WEIGHT = {
    "money": 22,
    "pct": 18,
    "mult": 12,
    "points": 8,
    "count": 10,
    "physical": 9,
    "bare": 6,
}


def _position_score(where: str, para: int, sent: int) -> float:
    if where == "title":
        return 100.0
    return max(0.0, 45.0 - 9.0 * para) + max(0.0, 10.0 - 5.0 * sent)


def _units(body: list[str]) -> list[tuple[int, int, str]]:
    """(paragraph index, sentence index, sentence) for the post body, boilerplate dropped."""
    out = []
    for pi, para in enumerate(body):
        if is_headline(para):
            continue  # 业绩炸裂！…净利预增2244%: the text below states it
        for si, s in enumerate(sentences(para)):
            out.append((pi, si, s))
    return out


def _candidates(
    text: str,
    where: str,
    para: int,
    sent: int,
    order0: int,
    title_chars: set[str],
    folded: str | None = None,  # fold(text), where the caller has it
) -> list[Cand]:
    segment = close_bound_gaps(text)  # 近 5000 万元: the bound is the number's
    fseg = folded if folded is not None and segment == text else fold(segment)
    if not (_DIGIT.search(fseg) or may_hold_quantity(fseg)):
        return []
    qs = find_quantities(segment, fseg)
    cands: list[Cand] = []
    for n, q in enumerate(qs):
        full_pre = clause_before(fseg, q.start - len(q.qualifier))
        floor = qs[n - 1].end if n else 0
        pre = _CODE.sub("", clause_before(fseg, q.start - len(q.qualifier), floor))
        if n and _ODDS.match(pre):  # 降息25个基点的概率仅有2.8%: 美联储降息概率, not 概率
            prev, base = qs[n - 1], q.start - len(q.qualifier) - len(full_pre)
            cut = max(0, prev.start - len(prev.qualifier) - base)
            pre = full_pre[:cut] + full_pre[max(cut, prev.end - base) :]
        elif n and pre.startswith("的"):
            pre = _OWN_NOUN.sub("", pre)  # 以41.38元/股的价格转让…股: 价格 is the price's noun
        if n and _LIST_ITEM.fullmatch(pre) and noun_after(fseg, q.end):
            pre = ""  # 304枚弹道导弹和1627架无人机: 弹道导弹 is the item before's noun
        colon = q.start - len(q.qualifier) - 1
        if not pre.strip() and colon > 0 and fseg[colon] in "：:":
            pre = full_pre = clause_before(fseg, colon, floor)  # 每股收益：50美分
        elif not pre.strip() and fseg.find("|", 0, q.start) > 0:
            pre = full_pre = fseg[: fseg.index("|")]  # a table row: 营业收入 | 98.37亿元
        lvl = to_level(pre)
        if lvl:
            pre = pre[: lvl.start()]  # 失业率降至4.1% -> 失业率
        value = (q.qualifier if q.qualifier != "达" else "") + q.value + bound_suffix(fseg, q.end)
        is_change, change = change_of(pre, value)
        raw = make_label(pre, keep_verb=not is_change, limit=None)
        subject = shorten(raw)
        after: str | Callable[[], str] = ""
        at = q.start - len(q.qualifier)
        if not is_change and (whom := beneficiary(fseg, at, q.end)):
            raw, subject, after = "", "", whom  # …为400名离职管理人员寻找…: what it counts
        elif not is_change and len(subject) < 2:
            after = measured_noun(fseg, q, at)
        elif not is_change:  # found when read: only the few figures a line may show need it
            after = partial(measured_noun, fseg, q, at)
        if len(subject) < 2 and not is_change:
            subject = after[:8] or subject  # type: ignore[index]  (a str: found above)
        if not subject and pre != full_pre and not is_change:
            subject = ""  # filled from the previous figure of the same clause below
        label = subject
        how = ""
        if is_change:
            m = CHANGE_TAIL.search(pre)
            verb = m.group("verb") if m else ""
            prefix = (m.group("prefix") or "") if m else ""
            how = (prefix if prefix in SHOWN_PREFIX else "") + verb
            label = how if not subject or subject.endswith(how) else shorten(subject + how, 18)
        score = _position_score(where, para, sent) + KIND_WEIGHT[q.kind]
        if is_change and q.kind == "points":
            score -= 6  # 上涨874.86点: the index level and its % move say it better
        ctx = fseg[max(0, q.start - 12) : q.end + 6]
        if _KEY_METRIC.search(ctx):
            score += 8
        if title_chars and where != "title":
            overlap = sum(1 for c in set(label) if c in title_chars)
            score += min(6.0, 1.5 * overlap)
        if not q.number:
            score -= WORDED_PENALTY
        if fseg[max(0, q.start - 1) : q.start] in ("（", "("):
            score -= 6
        score -= context_penalty(fseg, q, full_pre)
        if _ODDS.match(fseg, q.end):
            score -= 1000.0  # 降息25个基点的概率: a scenario whose odds are given, not a fact
        if level_bound(fseg, q.end):
            score -= 1000.0  # 维持在4000美元/盎司高位之上: a level it stays above, not its price
        if in_condition(fseg, q.start - len(q.qualifier)):
            score -= 1000.0  # 如果一个月能接100部: an assumption, not a figure of the news
        if _REFERENCE_BEFORE.search(full_pre):
            score -= 1000.0  # 较去年同期的12美分收窄至7美分: 12美分 is what it is compared with
        cand = Cand(q, value, label, None, score, order0 + n, is_change, change, subject)
        cand.raw, cand.how, cand.after_found = raw, how, with_of(after, fseg, q.end)
        cand.seg, cand.reached, cand.pre = order0, bool(lvl), full_pre
        cand.para = para if where == "body" else -1
        cand.sent, cand.span = fseg, (q.start - len(q.qualifier), q.end)
        cand.key = dedupe_key(cand)
        cands.append(cand)
    pair_respectively(cands, fseg)
    drop_cut_ranges(cands, fseg)
    attach_changes(cands, fseg)
    return cands


# A value right after 较/比 (较去年同期的12美分, 较1.31亿元的净资产) is the reference a figure is
# compared with, never the news itself; so is one right after 高于 and a name (略高于美联储2%的
# 长期目标: em202510093529754336; 高于市场先前预期的11.7万个: em202606043759414187; 大幅高于
# 沪深300指数2.8%的整体水平), not 高于6250元 with nothing between (a threshold).
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_REFERENCE_BEFORE = re.compile(
    r"(?=[较相比高])(?:"
    r"(?:(?:较|相比|相较于?|(?<![同环占对])比(?![例重率]))(?:[^，,；;。\d]{0,10}的)?|"
    r"高于[^，,；;。]{2,12})$"
    r")"
)
_DIGIT = re.compile(r"\d")  # the common case, checked before the worded forms
# Between two counted items of a list, the first one's noun and the joining word: the second
# number's noun is written after it.
_LIST_ITEM = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,8}(?:和|与|及|以及|、)")
_ODDS = re.compile(r"的(?:概率|可能性)")
# 的概率/的比例 after a value belong to the next one (降息25个基点的概率仅有2.8%): not stripped.
_OWN_NOUN = re.compile("^的(?!概率|可能性|比例|占比)(?:" + "|".join(METRIC_NOUNS) + ")")


def _scenario(c: Cand) -> bool:
    """The number stands under a condition of its sentence (conditions.hypothetical)."""
    return c.para >= 0 and bool(c.sent) and hypothetical(c.sent, *c.span)


def extract_figures(
    title: str,
    paragraphs: list[str] | tuple[str, ...],
    *,
    max_figures: int = 5,
    summary: str = "",
    year: int = 0,  # publication year: a clause naming a later one states a plan (modality)
    companies: int = 1,  # companies the title names (several: every line must say whose)
    names: tuple[str, ...] = (),  # the post's companies by name (its stocks, the title's)
    flash: bool = False,  # one paragraph, no digest: `summary` is the flash itself
    posted: date | None = None,  # publication day: an older day's line says it (pastday.py)
) -> list[Figure]:
    """Up to `max_figures` key figures of a post, most important first.

    `summary`: the summary shown above the list; a body figure it already states with its change
    gives up some rank, so the few slots also carry a lead number the summary left out.
    """
    if max_figures <= 0:
        return []
    title_chars = {c for c in title if "\u4e00" <= c <= "\u9fff"}
    cands: list[Cand] = []
    # Title: split at spaces and punctuation so each headline phrase labels its own number.
    order = 0
    for part in _TITLE_PARTS.split(title):
        got = _candidates(part, "title", 0, 0, order, set())
        cands.extend(got)
        order += len(got) + 1
    body = body_paragraphs(title, paragraphs)
    body_start = order
    prior: list[str] = []
    houses: list[str] = []  # made when a figure's sentence first says 我们 (rare)
    before = [0]
    for para in body:
        before.append(before[-1] + len(para))
    last = ""  # the sentence before, in this paragraph or the one before
    for pi, si, s in _units(body):
        prior = prior if si else []
        folded = fold(s)  # also the next sentence's `last`: folded once
        got = _candidates(s, "body", pi, si, order, title_chars, folded)
        for c in got:
            c.prior, c.last = "。".join(prior), last
            c.depth = before[pi]
            if _WE.search(c.sent[: c.span[0]]) and (houses := houses or _houses(body))[pi]:
                c.house = houses[pi]  # 我们预计…: the house whose section this is says so
        cands.extend(got)
        order += len(got) + 1
        prior.append(last := folded)
    period, items = table_period(body)
    for c in cands:
        if c.para in items:
            c.table_period = period
    rerank(cands, title, names, year, posted)  # topic and calendar up; background down
    told = fold(title + summary)
    rivals = sum(1 for n in dict.fromkeys(names) if n and fold(n) in told) >= 2
    for c in cands:
        c.year = year
        c.posted = posted
        c.rivals = rivals
        c.several = companies >= 2
        c.names = names if len(names) >= 2 else ()
        c.actor = names[0] if companies == 1 and names else ""
    # Fill empty labels from the previous figure in the same sentence (沪指涨0.90%，收报3862.53点);
    # not for a worded change: 去年同期仅为3520万美元，一年间近乎翻番 doubled from, not 去年同期.
    for i, c in enumerate(cands):
        if not c.label and i > 0 and cands[i - 1].seg == c.seg and c.q.number:
            prev = cands[i - 1]
            ref = REFERENCE.search(c.pre)  # （此前为95.0港元）: the previous value, not the new
            name = prev.subject or prev.label
            if not c.is_change:  # …收跌1.78美元，跌幅2.32%，报74.82美元/桶: what fell, not 跌幅
                name = level_name(name, cands, i, c.sent)
            if total := _TOTAL.search(c.pre):  # …C项目拟投入募集资金33.00亿元，合计60.00亿元
                c.total = total.group()
                name = _metric_tail(name)
            c.label = name + (ref.group("ref") if ref else "")
    said = fold(summary)  # the summary above the lines: what they need not say again
    if summary:
        demote_stated(cands, said, body_start, flash=flash)
    dated: set[str] | None = None  # the post's date numbers, read only for a small count
    reward_repeats(cands)
    lift_guidance(cands, title, companies)  # next quarter's: news, after the results
    best: dict[str, Cand] = {}
    # a bare change already beside its level (…75.37亿元（同比-26%）) is no line of its own,
    # also where the title says it apart (…约75.37亿元 同比下降26%)
    beside = {c.change for c in cands if c.change and c.score >= 0 and not c.is_change}
    for c in cands:
        weak = c.score >= 0 and is_weak_count(c.q)
        if weak and dated is None:
            dated = date_numbers([fold(title), *(fold(p) for p in body)])
        if c.score < 0 or (weak and c.q.number in dated):  # type: ignore[operator]
            continue  # 12名 where the post also says 12月: noise more likely than news
        if c.is_change and c.wording and c.subject == c.how and any(c.wording in b for b in beside):
            continue  # 同比下降 26%: names nothing but its move
        have = best.get(c.key) or unit_twin(best, c)
        if have is not None and _other_company(have, c):
            # two companies' numbers that happen to be equal (中芯国际 and 华虹半导体 both at
            # 117.0港元): two facts, each with its own change
            c.key += "|" + next(n for n in c.names if n in c.sent)
            have = best.get(c.key)
        if have is None:
            best[c.key] = c
            continue
        if _scenario(have) and not _scenario(c):
            # the fact, not the scenario (如果…市值破150亿美元 before 市值已经超150亿美元)
            # in have's place: found as a unit twin, it is kept under its own key, not c's
            c.key, c.score = have.key, max(c.score, have.score)
            best[c.key], have, c = c, c, have
        have.alts.append(c)  # the same number elsewhere: shown if have's line says nothing
        # its change, where both say the same fact: the title's and the body's, or one subject
        # (not 阿里云增速将达40%，高于上季度的36% lent to Azure增长40%; two companies' equal
        # numbers are not merged at all, see above)
        same = have.para < 0 or c.para < 0 or shares_pair(have.label, c.label)
        if have.change is None and c.change and have.score >= c.score and same:
            have.change = c.change
            if not have.label or have.label in WEAK_LABELS:  # title: 现报71.32美元/桶
                have.label = c.label
    ranked = sorted(best.values(), key=lambda c: (-c.score, c.order))
    prev = {id(b): a for a, b in pairwise(cands) if a.seg == b.seg}
    return [
        Figure(
            label=whole_names(
                _said_by(c.house, _LEGAL_FORM.sub("", _CODE.sub("", label))), names, c.sent
            ),
            value=_UNIT_SPACE.sub("", c.value),
            change=c.change,
        )
        for c, label in sibling_named(choose(ranked, prev, max_figures, fold(title)), names)
        if not summary_says_otherwise(label, c.value, said)
    ]


# Headline phrases are set off by spaces and bars, but a space inside a Latin name is part of it
# (苹果iPhone Air降价2000元: iPhone Air, not Air降价).
_TITLE_PARTS = re.compile(r"\s*[|｜]\s*|" + SPACE_BREAK)
_UNIT_SPACE = re.compile(r"(?<=\d) (?=[\u4e00-\u9fff])")  # 5000 万元 is shown 5000万元
# A stock code in brackets after a name (福森药业(1652.HK)5日累计大跌, Sunoco Lp（SUN.N）目标价):
# the ticker line shows it; in a label it takes the room of the name and reads as noise.
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_CODE = re.compile(
    r"(?=[\s（(])(?:"
    r"\s?[（(]\s*(?:\d{4,6}(?:\.[A-Z]{2})?|(?:SH|SZ|BJ)\d{6}|[A-Z]{1,5}\.(?:N|O|OQ|NQ|US|HK))\s*[)）]"
    r")"
)


# A company's legal form after its name (Figma Inc.上涨, Salesforce Inc.): the name says it.
_LEGAL_FORM = re.compile(r"\s?(?:Inc|Corp|Ltd|PLC|LLC)\.?(?=[^A-Za-z]|$)")


# A total after a list (…C项目募集资金33.00亿元，合计60.00亿元; 每次每股1.60欧元，合计4.80欧元: wscn
# 3770004): the sum of the items, not the last item, so it borrows only their metric.
_TOTAL = re.compile(r"(?:合计|共计|总计|累计|总共|一共)$")


def _metric_tail(label: str) -> str:
    """The metric word a label ends on (C项目拟投入募集资金 -> 募集资金), '' if none."""
    ws = words(label) if label else ()
    return ws[-1] if ws and is_metric(ws[-1]) else ""


def _other_company(have: Cand, c: Cand) -> bool:
    """`c` is of another of the post's companies than the one have's line names."""
    mine = [n for n in have.names if n in have.label]
    return bool(mine) and not any(n in c.sent for n in mine) and any(n in c.sent for n in c.names)


# "我们预计…" in a roundup of houses' views (十大机构论市: a section per house, headed "国信策略：
# …"): the line says whose view it is, else one house's forecast reads as the market's.
_WE = re.compile(r"我们")


def _houses(body: list[str]) -> list[str]:
    """For each paragraph, the house whose section of a roundup it is in ('' outside one)."""
    out, house = [], ""
    for para in body:
        house = view_heading(para) or house
        out.append(house)
    return out


def _said_by(house: str, label: str) -> str:
    """A forecast line in a house's section names the house (国信策略预计…); a fact it cites
    (本周创业板指下跌) is no one's view."""
    if not house or house in label or not has_marker(label):
        return label
    return house + label
