"""A line of an older day says its day.

A feature recounts a month: 6月19日，韩国KOSPI指数创下9385.59的历史收盘最高点，此后一路下行，
其中6月23日单日暴跌9.99% in a post of 7月21日. A label cut next to the number drops the date
(rawlabel removes dates from labels, for today's news has no need of one), and 韩国KOSPI指数单日
暴跌 9.99% then reads as today's crash (an editor's vague verdict; the record close shown as
the index's level, a misleading one). The date the sentence gives the number goes in front when
it is two days or more before the post: yesterday's close is the news of a morning post.
"""

from __future__ import annotations

import re
from datetime import date

from bot.summarizer.cand import Cand
from bot.summarizer.openers import names_day
from bot.summarizer.subjects import has_period

MAX_DATED = 18  # a label given its day stays this short
# the day's year goes with it (截至2021年9月30日的总负债: the year is the day's, not a time of the
# clause's own)
_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?!以来|起|至|到|前|后|—|-)")
# A day that is a comparison's base or a span's start (较2020年12月31日, 自8月20日…): not the
# day of the number.
_BASE_BEFORE = re.compile(r"(?:较|比|自|从|与|相比|相较|截至去年)(?:\d{4}年)?$")
# A running total or a sum (累计上涨44.38%, 拟募资总额): a span's, never one day's (a blind A/B
# read such a total under a single day as false).
_TOTAL = re.compile(r"累计|累涨|累跌|合计|总计|共计|总额|总数|至今|以来|连续")
# Between the day and the number: a total, a comparison (截至9月30日，总负债较2020年末减少: a
# change across a span) or another period (8月10日，…披露刘鑫1月融资买入…: January's, reported on
# the day). Dev A/B verdicts: each a wrong date.
_BETWEEN = re.compile(
    _TOTAL.pattern + r"|较|相比|相较|(?<![同环])比|\d{1,2}月(?!\d{1,2}日)|\d{4}年|季度|半年"
)
# A label or a clause that dates itself (2020年末, 单日 is not one; 近期, 目前, 此前, 以来).
_DATED = re.compile(
    r"\d{1,2}月|\d{1,2}日|\d{2,4}年|近期|目前|当前|此前|如今|最新|今年|年内|以来|今日|昨日"
)
_OLD = 2  # days before the post from which a date is worth saying...
_PAST = 180  # ...and up to which it is past (a later one is a date to come: 将于8月19日生效)


def _days_back(month: int, day: int, posted: date) -> int | None:
    """How many days `month`/`day` is before the post: of its year, or of the year before when
    later in the calendar; None for no such day."""
    try:
        then = date(posted.year, month, day)
        if then > posted:
            then = date(posted.year - 1, month, day)
    except ValueError:
        return None
    return (posted - then).days


def past_day(shown: str, c: Cand) -> str:
    """`shown` with the day its number is of, when the sentence dates it two days or more
    before the post and neither the label nor the number's clause dates it otherwise."""
    day = _day_of(shown, c, _OLD)
    return day + shown if day and len(day + shown) <= MAX_DATED else shown


def beside_dated(out: list[tuple[Cand, str]]) -> list[tuple[Cand, str]]:
    """A line whose measure another line shows for another period (沪深300ETF华泰柏瑞规模 989.2亿元
    beside 2025年底沪深300ETF华泰柏瑞规模 4222.58亿元: em202606303788750595) says its own day,
    however recent, or else the span of sessions its sentence gives (三个交易日市值蒸发 beside
    周一市值蒸发): the two read as one period's otherwise."""
    shown = [s for _, s in out]
    got = []
    for c, s in out:
        other = any(o != s and o.endswith(s) and _dates(o) for o in shown) if s else False
        day = (_day_of(s, c, 0) or _span_of(s, c)) if other else ""
        got.append((c, day + s if day and len(day + s) <= MAX_BESIDE else s))
    return got


MAX_BESIDE = 20  # a day in front of a measure another line dates: it must be said


def _dates(label: str) -> bool:
    """The label says its period or day (2025年底…, 周一…, 6月29日…)."""
    return has_period(label) or names_day(label) or bool(_DAY.search(label))


def _day_of(shown: str, c: Cand, least: int) -> str:
    """The day the sentence gives the number (6月29日), `least` days or more before the post,
    when neither the label nor the number's clause dates it otherwise; '' if none."""
    if not shown or not c.sent or c.para < 0 or not c.posted or _DATED.search(shown):
        return ""
    days = list(_DAY.finditer(c.sent, 0, c.span[0]))
    if not days or has_period(shown):
        return ""
    m = days[-1]
    if _DATED.search(c.pre.replace(m.group(0), "")):
        return ""  # 近期已反弹近30%: the clause's own time, not the day before it
    if _TOTAL.search(shown) or _BETWEEN.search(c.sent, m.end(), c.span[0]):
        return ""
    if _BASE_BEFORE.search(c.sent, 0, m.start()):
        return ""
    if m.group(1) and int(m.group(1)) != c.posted.year:
        return ""  # another year's day: dated.py says the year
    back = _days_back(int(m.group(2)), int(m.group(3)), c.posted)
    if back is None or not least <= back <= _PAST:
        return ""
    return f"{m.group(2)}月{m.group(3)}日"


# A span of sessions or days the sentence gives its move (SpaceX三个交易日连跌，累计跌逾23%，市值
# 蒸发超6000亿美元: wscn3775217), said beside the same measure of one day.
_SPAN = re.compile(r"(?:连续)?(?:[一二两三四五六七八九十]|\d{1,2})个?(?:交易日|天|周)")


def _span_of(shown: str, c: Cand) -> str:
    """The span of days the sentence gives before the number (三个交易日); '' if none or two."""
    if c.para < 0:  # the title's number: the body's sentence that states it gives the span
        c = next((a for a in c.alts if a.para >= 0 and a.sent), c)
    if not c.sent or c.para < 0 or _DATED.search(shown) or _SPAN.search(shown):
        return ""
    found = _SPAN.findall(c.sent, 0, c.span[0])
    return found[0] if len(found) == 1 else ""
