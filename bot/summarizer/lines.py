"""How a figure's line reads: the label a reader sees beside the number.

A tidied label (labels.py) is marked when the number is a forecast (plans.py), replaced by the
post's own clause where that says more (quoting.py), given the actor and period an earlier clause
set (subjects.py), the year an old value is of, a bound or a close written before the number, and
the subject of the figure before it where its own clause names none.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.clauseperiod import DAY_SPAN, SUB_SPAN, clause_period
from bot.summarizer.duplicates import MOVE_WORDS
from bot.summarizer.endings import with_ending
from bot.summarizer.guards import PRICE_WORD
from bot.summarizer.horizon import with_horizon
from bot.summarizer.labels import is_metric, pos_words, tidy_label
from bot.summarizer.modality import forecast_marker, has_marker
from bot.summarizer.naming import share_word, short_terms
from bot.summarizer.openers import (
    among_period,
    day_period,
    names_day,
    session_period,
    since_clause,
    span_clause,
)
from bot.summarizer.owners import (
    MAX_ADDED_LINE,
    actor_named,
    company_named,
    doer_named,
    holder_named,
    topic_named,
)
from bot.summarizer.periodwords import own_period, same_period
from bot.summarizer.plans import GOVERNS, marked, planned_terms
from bot.summarizer.quoting import clause_quote, threshold_end
from bot.summarizer.speakers import forecaster_named
from bot.summarizer.subjects import (
    adds_period,
    dated,
    has_period,
    periods,
    sentence_actor,
    with_subject,
)
from bot.summarizer.totals import with_total
from bot.summarizer.whose import PROPER

# …and one given a span to now or its list's period (2025年底沪深300ETF易方达规模)
MAX_SINCE_LINE = 24
MAX_PAIRED = 14  # a 分别 list item shown as written up to this length (with its period)
# A label that is a move and nothing else (升破, 盘中创出, 单日暴涨): it names no thing that moved.
_MOVE_ONLY = re.compile(
    r"(?:盘中|日内|一度|最高|随后|再度|单日|当日)*"
    r"(?:升破|突破|跌破|站上|失守|上涨|下跌|大涨|大跌|暴涨|暴跌|飙升|重挫|创出|创下)"
)


def shown_label(
    c: Cand,
    labels: dict[int, str],
    prev: dict[int, Cand],
    title: str,
    above: str,
    memo: dict[tuple[int, bool], str],
) -> str:
    """The label a reader sees: marked, quoted or given its subject and period (computed once
    per candidate: only whether the line above ends in a digit changes it, see _quoted)."""
    key = (id(c), above[-1:].isdigit())
    if key not in memo:
        memo[key] = _shown_now(c, labels, prev, title, above)
    return memo[key]


def _shown_now(
    c: Cand, labels: dict[int, str], prev: dict[int, Cand], title: str, above: str
) -> str:
    label = _marked(c, _with_topic(c, labels[id(c)], prev))
    shown = _quoted(c, label, above)
    if c.total and shown:
        return c.total + shown  # 合计募集资金: the sum, never given one item's subject
    if not c.is_change and not c.paired and c.para >= 0:
        # the actor and period an earlier clause set (subjects.py), where the line lacks them
        bare = labels[id(c)]
        fuller = with_subject(bare, c.sent, c.span[0], c.prior, title)
        if _PAST.search(fuller.removesuffix(bare)):
            return ""  # 创始人赵雷曾…3亿收入: a past career's figure, background, not the news
        if fuller != bare and (shown == share_word(label) or adds_period(fuller, shown)):
            shown = share_word(_marked(c, fuller))
        elif (
            fuller != bare
            and fuller.removesuffix(bare) not in shown
            and (verb := threshold_end(shown))
        ):
            # 苹果涨近5%，市值突破4.5万亿美元: the quote 市值突破 lost whose value it is
            shown = share_word(_marked(c, fuller)) + verb
    if c.sent and shown:  # 同期 says which period only beside the clause before it
        shown = same_period(shown, c.sent, c.span[0]) or shown
    year = own_period(c.sent[: c.span[0]]) if c.sent and shown else ""
    if year and year not in shown:
        # 比重由2015年的13.1%下降到…: the old value says its year; 2025年 -> 2025年底 when the
        # label took the bare year from the same words
        y = year[:5]
        shown = shown.replace(y, year, 1) if y in shown else year + shown
    shown = with_ending(shown, c)
    if not c.is_change:
        shown = with_total(shown, c.pre)  # 起拍价合计: the sum, not one item
    if c.para == 0 and not has_marker(shown):  # 到2025年…利用率: the title's plan horizon
        shown = with_horizon(shown, c.sent, title, c.year)
    shown = holder_named(shown, c)  # 拟减持公司股份: 股东海螺水泥拟减持公司股份
    if not c.sent or c.para < 0:
        return shown
    shown = company_named(shown, c)
    base = shown  # before a period is put in front of it
    period = (
        ""
        if not shown or has_period(shown) or _REPORT.search(shown)
        else clause_period(c.sent, c.span[0])
    )
    few_days = SUB_SPAN.search(period) or DAY_SPAN.search(period)
    room = MAX_SINCE_LINE if few_days else MAX_ADDED_LINE  # a few days: needed
    if period and _shown_len(period + shown) <= room:
        shown = period + shown  # 11月，…，合同销售面积511,348平方米: 11月合同销售面积
    elif not period and shown and not has_period(shown):
        shown = _own_period_first(shown, c)
    table = c.table_period if shown and not has_period(shown) else ""
    if table and _shown_len(table + shown) <= MAX_ADDED_LINE:
        shown = table + shown  # 营收：249亿美元 in 特斯拉…第四季度财报's table (results.py)
    day = (
        day_period(c.sent, c.span[0])
        if shown and not names_day(shown) and not has_marker(shown)
        else ""
    )  # not for a plan: 上周…承诺将投入2.5亿美元 is a plan made last week, not last week's figure
    if day and _shown_len(day + shown) <= MAX_ADDED_LINE:
        shown = day + shown  # 本周沪指下跌5.81%，深证成指下跌8.90%: 本周深证成指下跌
    since = since_clause(c.sent, c.span[0]) if shown and not _SINCE.search(shown) else ""
    if since and _RUNNING.search(shown) and _shown_len(since + shown) <= MAX_SINCE_LINE:
        shown = since + shown  # 自特朗普去年1月就任以来，美元指数的累计跌幅: its span
    span = "" if not shown or has_period(shown) else span_clause(c.sent, c.span[0])
    if span and span not in shown and _shown_len(span + shown) <= MAX_ADDED_LINE:
        shown = span + shown  # 过去六周，费城半导体指数已累涨60%: 过去六周费城半导体指数已累涨
    shown = _with_span(shown, c)
    shown = _among_span(shown, c)
    among = among_period(c.sent, c.span[0], c.sentence_before) if shown and c.prior else ""
    if among and not has_period(shown) and _shown_len(among + shown) <= MAX_SINCE_LINE:
        shown = among + shown  # 2025年底，…。其中，…易方达规模为3002.2亿元: 2025年底…规模
    shown = topic_named(shown, c, title)
    who = sentence_actor(c.sent, c.span[0]) if _MOVE_ONLY.fullmatch(shown) else ""
    if who and _shown_len(who + shown) <= MAX_ADDED_LINE:
        shown = who + shown  # 升破 4100美元/盎司: 伦敦现货黄金升破, what moved
    shown = doer_named(shown, c, title)
    shown = forecaster_named(shown, c, title)
    shown = actor_named(shown, c, title)
    session = session_period(c.sent, c.span[0]) if shown else ""
    if session and session not in shown and _shown_len(session + shown) <= MAX_ADDED_LINE:
        shown = session + shown  # 在盘后交易时段中，股价最大涨幅超过16%: 盘后…股价最大涨幅
    shown = _date_kept(shown, c)
    out = dated(shown, c.sent[: c.span[0]], c.year)
    if out[:1].isdigit() and above[-1:].isdigit() and not base[:1].isdigit():
        return base  # 1.3869 / 2025年…: a period in front would read into the number above
    return out


def _shown_len(label: str) -> int:
    """The label's length as shown (归属于上市公司股东的净利润 is shown as 归母净利润)."""
    return len(short_terms(label))


def _own_period_first(shown: str, c: Cand) -> str:
    """A line named by the noun after its number (6月刚完成46.7亿港元配售: 配售) with the one
    period its own clause opens with (6月配售): the clause's date was cut with its verb."""
    after = (c.after or "").lstrip("的")
    if not after or not after.startswith(shown[:2]):
        return shown
    found = periods(c.pre.strip())
    if len(found) != 1 or not c.pre.strip().startswith(found[0][1]):
        return shown
    period = found[0][1]
    return period + shown if len(period + shown) <= MAX_ADDED_LINE else shown


# A date written inside the words a label quotes (私人部门9月就业岗位减少3.2万个): the crude label
# drops dates (rawlabel._DATES), so the line would lose the month its number is of.
_DATE_IN = re.compile(r"\d{1,2}月(?:份|\d{1,2}日)?|第?[一二三四1-4]季度|[上下]半年")
_DATE_OR_CHAR = re.compile(rf"(?s)(?P<date>{_DATE_IN.pattern})|.")  # a date, else one character


def _date_kept(shown: str, c: Cand) -> str:
    """The line with a date of its quoted words put back where the post writes it."""
    if not shown or has_period(shown) or not _DATE_IN.search(c.pre):
        return shown
    kept: list[int] = []  # offset in c.pre of each character outside a date
    for m in _DATE_OR_CHAR.finditer(c.pre):
        if not m.group("date"):
            kept.append(m.start())
    stripped = "".join(c.pre[i] for i in kept)
    at = stripped.rfind(shown)
    if at < 0:
        return shown
    fuller = c.pre[kept[at] : kept[at + len(shown) - 1] + 1]
    return fuller if len(fuller) <= MAX_ADDED_LINE and fuller != shown else shown


# A span a move covers, written right before it (纳斯达克100指数在六周内飙升25%, 三个月内上涨30%):
# the move's period; without it a six-week gain reads as the day's.
_SPAN_MOVE = re.compile(
    r"在?(?P<span>(?:过去|近|最近)?(?:\d+|[一二两三四五六七八九十几数]+)个?"
    r"(?:周|月|日|天|年|季度|交易日|星期|小时)(?:内|以来|来|里|间))(?P<tail>[^，,。；;：:]{0,6})$"
)


def _with_span(shown: str, c: Cand) -> str:
    """The line with the span its move covers, put before the move (纳斯达克100指数六周内飙升)."""
    m = _SPAN_MOVE.search(c.pre) if shown else None
    if not m or m.group("span") in shown or not _RUNNING.search(m.group("tail")):
        return shown
    span, tail = m.group("span"), m.group("tail")
    if len(span + shown) > MAX_SINCE_LINE:
        return shown
    if tail and shown.endswith(tail):
        return shown[: -len(tail)] + span + tail
    return span + shown


# A span to now, the year's so far (KOSPI指数今年以来累计涨逾3600点).
_TO_NOW = re.compile(r"今年以来|年初以来|年初至今|今年迄今|年内")


def _among_span(shown: str, c: Cand) -> str:
    """A move of a sentence opening on 其中 (其中，SK海力士涨幅接近200%) is one part of the one
    before it, and of its span (韩国KOSPI指数今年以来累计涨逾3600点): without it, a year's gain
    reads as the day's."""
    if not shown or not c.sent.startswith("其中") or not c.prior or not _RUNNING.search(shown):
        return shown
    if has_period(shown) or _TO_NOW.search(c.sent):
        return shown
    spans = set(_TO_NOW.findall(c.sentence_before))
    if len(spans) != 1 or len(span := spans.pop()) + len(shown) > MAX_SINCE_LINE:
        return shown
    return span + shown


# A label naming a report (一季报同比增长) names its period.
_REPORT = re.compile(r"季报|年报|中报")
# A move or a running total: what a span to now (…以来) is the period of.
_SINCE = re.compile(r"以来|至今")
_RUNNING = re.compile(r"累计|累跌|累涨|[涨跌升降增减]|流入|流出|筹集|回落|反弹|翻")


# An actor set in the past tense (曾, 当时): the clauses after it tell a story that is over.
_PAST = re.compile(r"曾|当时|昔日|彼时")


def _quoted(c: Cand, label: str, above: str) -> str:
    """The number's own clause where it says more than the label (see quoting.py).

    Not where its leading digit would read into a number ending the line above (1.3869 /
    2025年…).
    """
    if not c.sent:
        return share_word(label)
    quote = clause_quote(
        c.sent, c.span, label, qualifier=c.q.qualifier, after=c.after, change=c.change, year=c.year
    )
    if not quote:
        return share_word(label)
    if quote[:1].isdigit() and above[-1:].isdigit():
        return share_word(label)
    return quote


# A change label that names no subject: time and manner words, then the move (近期已反弹).
_BARE_MOVE = re.compile(
    r"^(?:近期|最终|单日|盘初|盘中|日内|一度|累计|全天|尾盘|早盘|午后|随后|此后|年内|本周|本月|"
    r"今年以来|同期|已|亦|也|再度|一举|大幅|小幅|[一二三四五六七八九十两\d]+日|(?:于|在)?\d{1,2}月\d{1,2}日)*"
    r"(?:同比|环比)?(?:" + "|".join(sorted(MOVE_WORDS, key=len, reverse=True)) + r")$"
)


def _with_topic(c: Cand, label: str, prev: dict[int, Cand]) -> str:
    """A change whose clause has no subject (…燕京啤酒涨超5%，近期已反弹近30%) moves the subject
    of the figure before it in the sentence: Chinese drops the subject a clause shares with the
    one before. The label takes it (燕京啤酒近期已反弹) when that subject names a thing, not a
    measure (涨幅); otherwise the line stays as it was.
    """
    if label.startswith(("占", "约占")):
        return _share_of_before(c, label, prev.get(id(c)))
    if not c.is_change or not label or not _BARE_MOVE.match(label) or "分别" in c.pre:
        return label  # 同比分别增长8%及5%: each rate belongs to its own figure of the list
    before = prev.get(id(c))
    for _ in range(3):  # …价格为25.15元/公斤，环比上涨0.4%，同比下降39.6%: back past 环比上涨
        if before is None:
            return label
        subject = tidy_label(before.subject) if before.subject else ""
        tags = pos_words(subject) if subject else ()
        if any(f.startswith(("n", "eng", "j")) for _, f in tags) and not _BARE_MOVE.match(subject):
            break
        before = prev.get(id(before))  # 一度, 环比上涨: no thing named, look further back
    else:
        return label
    named = any(f.startswith(PROPER) for _, f in tags[:-1])  # 韩国KOSPI指数: a thing's name
    if (is_metric(tags[-1][0]) and not named) or subject in label or len(subject + label) > 16:
        return label
    return subject + label


def _share_of_before(c: Cand, label: str, before: Cand | None) -> str:
    """A share whose clause opens on 占 is the share of the figure right before it (两融交易额为
    3085.88亿元，占A股成交额的10.03%: 两融交易额占A股成交额); alone, 占A股成交额 says not of
    what."""
    if before is None or not before.subject or not c.sent:
        return label
    between = c.sent[before.span[1] : c.span[0]]
    if between[:1] not in "，," or between.count("，") + between.count(",") != 1:
        return label
    subject = tidy_label(before.subject)
    return subject + label if subject and len(subject + label) <= 18 else label


def _marked(c: Cand, label: str) -> str:
    """A forecast, target or plan says so (预计第四财季营收, 拟收购股权): see plans.py. A title's
    number the body states as a plan or forecast takes its marker (…今年底落地100家连锁小酒馆
    over 预计今年底开到100家: the title's wording is no fact either)."""
    shown = marked(label, c.sent, c.span, c.year)
    if shown == label and c.para >= 0 and c.sent and not c.total:  # a sum: its items say
        return planned_terms(label, c.sent, c.span, c.last) or shown
    if shown != label or c.para >= 0 or not label or has_marker(label):
        return shown
    if not _AHEAD.search(c.sent[: c.span[0]].split("，")[-1]):
        return shown  # the title's clause says nothing of a time to come: its own wording rules
    for alt in c.alts:
        if alt.sent and (marker := forecast_marker(alt.sent, *alt.span, alt.year)):
            return ("预计" if marker in GOVERNS else marker) + label  # 预计 reads before a noun
    return shown


_AHEAD = re.compile(r"今年底|年底|年末|明年|下半年|未来|将")  # a time to come in the title


def borrowed_label(c: Cand, prev: Cand | None) -> str:
    """A level whose own clause names nothing takes the subject of the figure before it.

    批价从年初的850元一路跌至600元区间: 600元 is the same 批价. Only for the same kind of
    quantity and not in a 分别 list, where the figure before may measure something else.
    """
    ref = REFERENCE.search(c.pre)
    if c.is_change or "分别" in c.pre:
        return ""
    if prev is None or prev.q.kind != c.q.kind or prev.raw == c.raw:
        return ref.group("ref") if ref else ""
    label = final_label(prev)
    if ref:  # 每股收益50美分，而预期为45美分: the expectation of the same metric
        return label + ref.group("ref") if label and len(label) <= 10 else ref.group("ref")
    return label


# The value after these is what the metric was compared with, not the metric itself.
# 此前/前值: the figure's previous value (wscn3756709 目标价上调至117.0港元（此前为95.0港元）,
# wscn3756523 制造业PMI 51.2，前值50.5).
REFERENCE = re.compile(r"(?P<ref>预期|预估|预测值|前值|此前|去年同期|上年同期)(?:的|为|是|值)?$")


# A list item may open on its year (2024年营收: the period is part of its name); not on
# another number, which would read into the value before it.
_DIGIT_LEAD = re.compile(r"\d(?!\d{3}年)")


def final_label(c: Cand) -> str:
    """What the reader sees: a tidy noun phrase, plus the change verb for a bare change."""
    if c.is_change and c.how:
        limit = max(6, 14 - len(c.how))  # a change label carries its verb too
        subject = tidy_label(c.raw, limit=limit)
        if subject.endswith(c.how) or (subject and subject in c.how):
            return subject if subject.endswith(c.how) else c.how  # 涨幅+累计涨幅: once
        return subject + c.how if subject else c.how
    if not c.raw and c.label and REFERENCE.search(c.pre):
        ref = REFERENCE.search(c.pre).group("ref")  # 目标价（此前为95.0港元）: 目标价此前
        return tidy_label(c.label.removesuffix(ref)) + ref
    if c.paired and 2 <= len(c.raw) <= MAX_PAIRED and not _DIGIT_LEAD.match(c.raw):
        return c.raw  # 在岸人民币对美元汇率: the list item is the name (tidying would cut it)
    return _per_share(
        tidy_label(c.raw, c.after) or (tidy_label(c.label) if c.label != c.raw else ""), c.value
    )


# A company name alone before a price per share is its share price (国林科技 16.55元/股 reads as
# 国林科技股价); a money noun (融资, 金额) names the wrong thing (融资 11.93元/股至12.4元/股 is a
# purchase price): guards.line_ok drops that line.
_NOT_PRICE_END = ("融资", "募资", "金额", "规模", "收入", "营收", "利润", "资金", "投资")


def _per_share(label: str, value: str) -> str:
    if "/股" not in value or not label or PRICE_WORD.search(label):
        return label
    return label if label.endswith(_NOT_PRICE_END) else label + "股价"
