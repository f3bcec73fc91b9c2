"""A plan's horizon, set once in the title, said on each target line of its lead.

A policy flash announces targets for a year to come in its title (发改委等部门：到2025年 数据中心
和5G基本形成…格局) and lists them in its text with no time of their own (西部数据中心利用率由30%
提高到50%以上): `西部数据中心利用率 50%以上` then reads as today's rate, a target shown as a fact
(an editor's misleading verdict: reviews/2026-12-06-twentyfifth, perpush-flash). The lead's
lines take the title's horizon (到2025年西部数据中心利用率 50%以上) when their sentence sets no
time of its own and the line has no marker: structure only, no word list (到/至 and a year
after the post's).

Pure logic: strings in, a string out.
"""

from __future__ import annotations

import re

# 到2025年, 至2030年, 2027年前: a year to come the title sets its plan by.
_HORIZON = re.compile(r"(?:到|至)(?P<year>20\d\d)年(?:底|末)?|(?P<by>20\d\d)年(?:前|以前)")
# A time the sentence sets for itself (a year, a quarter, a month, today): it rules its figures.
_OWN_TIME = re.compile(
    r"\d{4}年|\d{1,2}月|季度|上半年|下半年|全年|今年|去年|明年|目前|当前|截至|截止"
)


def horizon(title: str, post_year: int) -> str:
    """The title's plan horizon (到2025年) when its year is after the post's, else ''."""
    m = _HORIZON.search(title)
    if not m or not post_year:
        return ""
    year = int(m.group("year") or m.group("by"))
    return f"到{year}年" if year > post_year else ""


def with_horizon(shown: str, sent: str, title: str, post_year: int) -> str:
    """`shown` with the title's plan horizon in front, for a lead line whose sentence names no
    time of its own."""
    when = horizon(title, post_year)
    if not when or not shown or _OWN_TIME.search(sent) or _OWN_TIME.search(shown):
        return shown
    return when + shown
