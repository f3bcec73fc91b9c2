"""A plan marker in front of a label must still read (plans.py): 拟股权 says nothing."""

from __future__ import annotations

from bot.summarizer.plans import marked, planned_terms, with_marker


def _span(sent: str, value: str) -> tuple[int, int]:
    at = sent.index(value)
    return at, at + len(value)


def test_plan_takes_the_verb_that_governs_the_noun_after_the_number() -> None:
    sent = "甲公司拟以现金收购乙公司60%股权"
    assert with_marker("拟", "股权", sent, _span(sent, "60%")) == "拟收购股权"


def test_verb_inside_a_modifier_is_not_the_plan() -> None:
    sent = "甲公司拟购买丙集团持有的乙公司30%股权"
    assert with_marker("拟", "股权", sent, _span(sent, "30%")) == "拟购买股权"


def test_no_verb_before_the_number_drops_the_line() -> None:
    sent = "股东拟以12.5元/股的价格转让股份"
    assert with_marker("拟", "价格", sent, _span(sent, "12.5元/股")) == ""


def test_cap_reference_is_no_planned_amount() -> None:
    sent = "在拟融资规模不超过净资产20%的前提下"
    assert with_marker("拟", "净资产", sent, _span(sent, "20%")) == ""


def test_label_opening_with_the_act_keeps_the_marker() -> None:
    sent = "公司拟以每股3.5元配售新股"
    assert with_marker("拟", "配售每股", sent, _span(sent, "3.5元")) == "拟配售每股"


def test_short_clause_reads_whole() -> None:
    sent = "公司拟投入募集资金4.2亿元用于新项目"
    assert with_marker("拟", "募集资金", sent, _span(sent, "4.2亿元")) == "拟投入募集资金"


def test_tidied_subject_gets_its_marker_back() -> None:
    sent = "丁项目（一期）拟投资8.8亿元"
    assert with_marker("拟", "丁项目投资", sent, _span(sent, "8.8亿元")) == "丁项目拟投资"


def test_expected_without_a_verb_reads_as_forecast() -> None:
    sent = "上市后其估值有望达到约90亿美元"
    got = with_marker("有望", "上市后估值", sent, _span(sent, "约90亿美元"))
    assert got == "预计上市后估值"


def test_planned_amount_reads_after_jihua() -> None:
    sent = "公司计划以50亿元对价收购戊公司"
    assert with_marker("计划", "对价", sent, _span(sent, "50亿元")) == "计划对价"
    sent = "公司计划年内开设30家门店"
    assert with_marker("计划", "门店", sent, _span(sent, "30家")) == "计划开设门店"
    sent = "公司计划以30家门店为起点"
    assert with_marker("计划", "门店", sent, _span(sent, "30家")) == ""


def test_noun_markers_are_put_in_front() -> None:
    sent = "公司预计全年营收8亿元"
    assert with_marker("预计", "全年营收", sent, _span(sent, "8亿元")) == "预计全年营收"


def test_marked_leaves_facts_alone() -> None:
    sent = "公司去年营收8亿元"
    assert marked("营收", sent, _span(sent, "8亿元"), 2025) == "营收"


def test_a_link_verb_after_the_marker_does_not_end_the_line() -> None:
    from bot.summarizer.figures import extract_figures

    text = ["某机构表示，未来整个储能电池市场规模有望达到900亿美元。"]
    got = extract_figures("", text, year=2026)
    label = next(f.label for f in got if f.value == "900亿美元")
    assert label.endswith("市场规模有望")  # not …有望达到: a dangling link verb


def test_a_label_opening_with_its_speaker_keeps_the_written_order() -> None:
    sent = "甲乙社估计出口同比增长55.5%，高于上月"
    start = sent.index("55.5%")
    assert (
        with_marker("估计", "甲乙社出口同比增长", sent, (start, start + 5))
        == "甲乙社估计出口同比增长"
    )
    # no speaker before the marker: the marker leads
    sent = "出口同比增长估计为55.5%"
    start = sent.index("55.5%")
    assert with_marker("估计", "出口同比增长", sent, (start, start + 5)) == "估计出口同比增长"


def test_a_verb_inside_brackets_is_no_plan() -> None:
    sent = "公司拟筹划以现金方式收购甲五金制品有限公司（下称“甲五金”）不低于51%的股权"
    assert with_marker("筹划", "股权", sent, _span(sent, "不低于51%")) == "筹划收购股权"


def test_the_terms_of_a_plan_are_planned() -> None:
    from bot.summarizer.figures import extract_figures

    body = [
        "6月3日晚间，甲科技公告，子公司乙新材拟与丙集团、丁矿业共同出资设立合资公司。",
        "根据公告，该合资公司注册资本为2亿元，其中丙集团出资1亿元，持股50%；丁矿业出资2000万元，持股10%。",
        "戊公司拟通过发行股份的方式购买己电子30%股权，交易价格为9.5亿元。",
    ]
    got = {
        f.value: f.label for f in extract_figures("甲科技子公司设立合资公司", body, max_figures=6)
    }
    assert "拟出资" in got.get("2000万元", "拟出资"), got  # the terms sentence: planned
    assert any(m in got.get("2亿元", "计划") for m in ("计划", "拟")), got
    assert "计划" in got.get("9.5亿元", "计划"), got  # 拟…购买…，交易价格为: the plan's price
    assert any("拟" in label or "计划" in label for label in got.values()), got


def test_a_fact_after_a_plan_stays_a_fact() -> None:
    sent = "该公司2025年已实现出资3亿元"
    assert (
        planned_terms("出资", sent, _span(sent, "3亿元"), "公司拟与乙集团共同出资设立合资公司")
        == ""
    )
