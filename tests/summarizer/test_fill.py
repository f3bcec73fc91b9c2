"""The title clause or the figures the chosen sentences leave out, added by a later sentence."""

from __future__ import annotations

from bot.summarizer.fill import extend, title_clauses
from bot.summarizer.salience import candidates
from bot.summarizer.summary import build_summary
from bot.summarizer.titlewords import title_units

TITLE = "甲国股指期货大幅拉升 乙币全线大反攻"
LEAD = "上周五狂跌的乙币市场今日全线大反攻。"
PRICES = "乙币大涨近4%，丙币大涨12%。"
OTHER = "市场人士认为，反弹与政策信号有关。"


def _extend(title: str, sentences: list[str]) -> list[str]:
    """What extend appends to the first sentence alone."""
    units = title_units(title)
    pool = candidates(units, sentences, None, lambda s: (s, False))
    return [c.text for c in extend(pool[:1], pool, units, title, 120)]


def test_untouched_title_clause_is_added() -> None:
    later = "与此同时，甲国的股指期货亦大幅拉升。"
    s = build_summary(TITLE, [LEAD + PRICES, OTHER, later])
    assert s == LEAD + PRICES + "甲国的股指期货亦大幅拉升。"  # its connective goes
    assert len(s) <= 120


def test_nothing_added_when_it_does_not_fit() -> None:
    later = "与此同时，甲国的股指期货亦大幅拉升。"
    s = build_summary(TITLE, [LEAD + PRICES, OTHER, later], max_chars=50)
    assert "股指期货" not in s


def test_pronoun_or_question_is_not_added() -> None:
    later = "甲国的股指期货亦大幅拉升。"
    assert _extend(TITLE, [LEAD, OTHER, later]) == [LEAD, later]
    for later in ("他估计，甲国的股指期货亦将大幅拉升。", "甲国的股指期货为何大幅拉升？"):
        assert _extend(TITLE, [LEAD, OTHER, later]) == [LEAD], later


def test_asking_clause_is_no_fact() -> None:
    title = "甲公司营收翻倍 发生了什么？"
    units = title_units(title)
    clauses = title_clauses(title, units)
    assert len(clauses) == 1 and "营收" in clauses[0]


def test_figures_of_the_headline_subject_join_a_figureless_summary() -> None:
    title = "丁酒市场调查：旺季不旺"
    thesis = "门庭冷落的批发市场和持续阴跌的价格，勾勒出丁酒市场旺季不旺的图景。"
    side = "戊地的人口约有2.3亿，其中一半在北方。"
    figure = "九月以来，丁酒的批价从1830元回落至1800元左右。"
    assert _extend(title, [thesis, side, figure]) == [thesis, figure]
    assert _extend(title, [thesis, side]) == [thesis]  # a figure of something else
    with_figure = "丁酒批价跌破1800元，门庭冷落，旺季不旺。"
    assert _extend(title, [with_figure, side, figure]) == [with_figure]  # it has its figure


def test_a_title_clause_actor_the_summary_never_names_is_added() -> None:
    # made-up: the second clause's words (出面救火) are a figure of speech the body never uses;
    # the body names its actor as the title does
    from bot.summarizer.fill import clause_actors

    title = "甲国总统称赞货币贬值引发抛售后 贝森特出面救火"
    assert clause_actors(title) == ["贝森特"]
    lead = "当地时间周三，甲国货币指数经历前一天的跳水后试图企稳。"
    said = "消息面上，财长贝森特强调甲国仍在推行强货币政策。"
    back = "自甲国总统就任以来，该指数累计跌幅接近10%。"
    units = title_units(title)
    pool = candidates(units, [lead, said, back], None, lambda s: (s, False))
    chosen = [c for c in pool if c.text in (lead, back)]
    got = [c.text for c in extend(chosen, pool, units, title, 120)]
    assert got == [lead, said, back]  # in the post's order
    # a remark on what was said before (贝森特的这番表态) leans on a sentence not shown
    remark = "贝森特的这番表态，也引发汇率短线快速走高。"
    pool = candidates(units, [lead, back, OTHER, remark], None, lambda s: (s, False))
    chosen = [c for c in pool if c.text in (lead, back)]
    assert [c.text for c in extend(chosen, pool, units, title, 120)] == [lead, back]


def test_a_teaser_takes_the_first_dated_fact_after_it() -> None:
    # Invented: a column's opening mood, its teaser, then the dated event it is about.
    title = "“重生”，丁型保险"
    mood = "当市场的钟摆荡向低利率周期，整个行业正悄然经历一场深刻的转移。"
    teaser = "时隔二十年，丁型保险或再度获准登场。"
    event = "9月30日，某监管机构出台《关于推动行业发展的指导意见》，深化各险种的改革方案。"
    got = build_summary(title, [mood, teaser, event])
    assert got == teaser + event, got
    other = "某研究所表示，戊地的人口有一半在北方。"  # a fact of something else, undated
    assert _extend(title, [teaser, other]) == [teaser]
