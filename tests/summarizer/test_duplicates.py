"""One line per fact: a rounded number beside the exact one it rounds, a range's end beside the
range (duplicates.py). Made-up sentences."""

from __future__ import annotations

from bot.summarizer.cand import Cand
from bot.summarizer.duplicates import (
    amount,
    comparable,
    rounds,
    same_subject,
    summary_says_otherwise,
)
from bot.summarizer.figures import extract_figures
from bot.summarizer.quantities import find_quantities


def _values(title: str, body: list[str]) -> list[str]:
    return [f.value for f in extract_figures(title, body)]


def test_the_rounding_step_follows_trailing_zeros() -> None:
    assert amount("550亿元")[1] == 10 * 1e8  # rounded to 10亿
    assert amount("28亿港元")[1] == 1e8
    assert amount("2.96%")[1] == 0.01 * 1.0


def test_a_round_title_number_gives_way_to_the_exact_body_number() -> None:
    got = _values("某银行年度营收超550亿元", ["某银行全年实现营业收入551.79亿元，同比增长4.1%。"])
    assert "551.79亿元" in got
    assert not any(v.endswith("550亿元") for v in got)


def test_a_share_in_tenths_in_the_title_gives_way_to_the_exact_percentage() -> None:
    # made-up: 超七成 in the title is the body's 75% rounded; 近三成 is not 45%
    title = "甲板块受理数量创新高 半导体公司占比超七成"
    body = ["本周甲板块共受理28家企业，其中半导体企业比例为75%，拟募资总额超280亿元。"]
    values = [f.value for f in extract_figures(title, body, year=2026)]
    assert "75%" in values and "超七成" not in values
    assert amount("近三成") == (30.0, 10.0, 1, "%", 2)
    title = "乙行业净利润占比近三成"
    values = [f.value for f in extract_figures(title, ["乙行业毛利率为45%。"], year=2026)]
    assert "近三成" in values and "45%" in values


def test_two_body_lines_one_rounding_the_other_are_one_fact() -> None:
    body = [
        "甲公司本轮募资约28.1亿港元，用于海外扩张。",
        "分析人士称，28亿港元的募资规模在今年港股中排在前列。",
    ]
    got = _values("", body)
    assert "约28.1亿港元" in got and "28亿港元" not in got


def test_different_round_numbers_stay() -> None:
    body = ["甲公司营收为551.79亿元。", "乙公司营收超500亿元。"]
    got = _values("", body)
    assert "551.79亿元" in got and any("500亿元" in v for v in got)


def test_one_end_of_a_range_beside_the_range_goes() -> None:
    body = [
        "公司预计上半年归母净利润3.90亿元至4.30亿元，同比增长51%至67%。",
        "其中，业绩下限3.90亿元高于市场预期。",
    ]
    got = _values("", body)
    assert "3.90亿元至4.30亿元" in got and "3.90亿元" not in got


def test_a_bounded_headline_move_gives_way_to_the_exact_change() -> None:
    body = ["甲指数今日收报3238.01点，涨2.74%；乙指数收报1200点，跌0.5%。"]
    got = _values("甲指数涨近3%", body)
    assert "近3%" not in got  # 近3% is the 2.74% of the body line
    got = _values("甲指数涨近3%", ["甲指数今日收报3238.01点，涨3.24%。"])
    assert "近3%" in got  # 3.24% is not "nearly 3%": another fact


def test_more_than_covers_the_step_above_its_number() -> None:
    # 超1% says 1.73%: more than 1, less than 2 (not only 1.5% and below)
    body = ["甲指数今日上涨874.86点，收于51561.93点，涨幅为1.73%。"]
    assert "超1%" not in _values("甲指数涨超1%", body)
    assert "超1%" in _values("甲指数涨超1%", ["甲指数今日上涨8.6点，收于561.93点，涨幅为2.13%。"])


def test_the_exact_closing_figure_replaces_the_rounded_one_ranked_above_it() -> None:
    # A live wrap: the opening paragraphs round the moves, the closing data, deep in the post,
    # state them exactly. The exact number takes the rounded one's place.
    body = [
        "甲股市场午后走低，乙指跌近1%，丙板块领跌。",
        "盘面上，丁公司跌超7%，戊公司跌近6%。",
        "商品方面，期货多数下跌。",
        "债市方面，国债期货小幅走低。",
        "截至收盘，乙指跌0.94%，己指跌2.70%。",
    ]
    got = [(f.label, f.value) for f in extract_figures("甲股大调整 丙板块走弱", body)]
    values = [v for _, v in got]
    assert "0.94%" in values and "近1%" not in values
    assert values.index("0.94%") < values.index("近6%")  # in the rounded figure's rank


def test_one_word_in_common_is_not_the_same_subject() -> None:
    assert same_subject("沪指跌", "截至收盘沪指跌", share=0.67)
    assert same_subject("创业板跌", "创业板指跌", share=0.67)
    assert not same_subject("甲期货一度涨", "丙期货上周单日暴跌", share=0.67)
    assert same_subject("甲期货一度涨", "丙期货上周单日暴跌")  # rounds(): a word is enough there


def test_two_companies_equal_numbers_are_two_facts() -> None:
    # made-up: both targets are 117.0港元; the second company's change is not the first's
    title = "甲证券上调甲芯科技和乙虹半导体目标价"
    body = [
        "甲证券将甲芯科技H股的12个月目标价上调至117.0港元，并维持买入评级。",
        "对于乙虹半导体，其目标价从87.50港元上调至117.0港元，涨幅达34%。",
    ]
    got = extract_figures(title, body, companies=2, names=("甲芯科技", "乙虹半导体"))
    first = next(f for f in got if "甲芯科技" in f.label)
    assert first.value == "117.0港元" and first.change is None


def test_a_number_another_lines_label_states_with_all_its_words_is_no_line_of_its_own() -> None:
    # made-up: 估值1年翻 3倍 says nothing 估值1年翻3倍 60亿美元 does not
    title = "甲森林完成5亿美元融资 估值1年翻3倍达60亿美元"
    body = ["甲森林宣布完成约5亿美元战略融资，估值1年翻3倍达60亿美元。"]
    got = [(f.label, f.value) for f in extract_figures(title, body)]
    assert any(v == "60亿美元" and "3倍" in lab for lab, v in got)
    assert not any(v == "3倍" for _, v in got)


def test_a_bound_written_short_and_long_is_one_fact() -> None:
    # made-up: 不超 in the title, 不超过 in the body: one upper bound, one line
    title = "甲公司：股东华新水泥拟减持不超2%公司股份"
    body = ["甲公司公告，股东华新水泥拟减持不超过2%的公司股份。"]
    figs = extract_figures(title, body, companies=2, names=("甲公司", "华新水泥"))
    values = [f.value for f in figs]
    assert len([v for v in values if v.endswith("2%")]) == 1, values


def test_a_line_the_summary_states_with_another_number_is_not_shown() -> None:
    title = "甲指数涨超3% 乙股涨5%"
    body = ["截至收盘，甲指数涨3.46%。乙股涨9%，丙股跌2%。"]
    summary = "截至收盘，甲指数涨3.46%。乙股涨9%，丙股跌2%。"
    got = {f.label: f.value for f in extract_figures(title, body, summary=summary)}
    assert got.get("乙股涨") != "5%"  # the title's earlier snapshot, against the summary's 9%
    assert summary_says_otherwise("乙股涨", "5%", summary)
    assert not summary_says_otherwise("乙股涨", "9%", summary)
    assert not summary_says_otherwise("甲指数涨", "超3%", summary)  # a rounding: one fact


def test_the_exact_line_stays_under_a_summary_that_rounds_it() -> None:
    summary = "港股午后走高，丁指数涨超1%，科网股反弹。"
    assert not summary_says_otherwise("丁指数涨", "1.10%", summary)
    assert not summary_says_otherwise("戊指数涨", "2%", summary)  # the summary says nothing of it
    assert summary_says_otherwise("丁指数涨", "3.5%", summary)  # no rounding of 3.5%
    # a label inside a longer name is another subject (最高一项股权起拍价 vs 起拍价)
    assert not summary_says_otherwise("起拍价", "2.695亿元", "其中最高一项股权起拍价7000万元。")


def test_amounts_too_far_apart_to_round_each_other_are_not_compared() -> None:
    # comparable() lets ranking skip naming a pair (labels are tagged: slow); a pair it passes
    # must be one rounds() can merge under some labels, not merely of one unit
    c = _cand("截至收盘，乙指跌近1%", seg=1)
    assert comparable(c, _cand("乙指跌0.94%", seg=2))  # 近1%: a bound below 1
    assert not comparable(c, _cand("乙指跌0.54%", seg=2))  # no rounding of 1
    assert not comparable(c, _cand("乙指跌1.5%", seg=2))  # above 近's bound: 1 rounds not 1.5
    assert not comparable(_cand("营收28亿元", seg=1), _cand("营收27亿元", seg=2))  # as precise
    assert not rounds(c, _cand("乙指跌0.54%", seg=2), {})


def _cand(text: str, seg: int) -> Cand:
    q = find_quantities(text)[0]
    return Cand(q, q.value, "", None, 50.0, seg, False, seg=seg, para=3)
