"""A forecast, target, plan or proposal is marked as such; a fact is not (modality.py).

Sentences are shaped like the posts outside the gold files named in modality.py.
"""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.modality import forecast_marker


def _marker(sentence: str, value: str) -> str:
    i = sentence.index(value)
    return forecast_marker(sentence, i, i + len(value))


@pytest.mark.parametrize(
    ("sentence", "value", "marker"),
    [
        ("瑞银预计今年全球资本支出将增长67%至3750亿美元。", "3750亿美元", "预计"),
        ("品牌今年计划拓展到700家。", "700家", "计划"),
        ("公司拟以每股9.99港元配售超6亿股。", "9.99港元", "拟"),
        ("甲集团公告筹划收购乙品牌80%股权。", "80%", "筹划"),
        ("B端共享出行比例有望提升至36%左右。", "36%", "有望"),
        ("2026财年资本支出指引上调至1800亿美元。", "1800亿美元", "指引"),
        ("2年期国债收益率可能需要进一步攀升至1%以上。", "1%", "预计"),  # a modal: 预计
        ("全球AI光模块市场2026年料达260亿美元。", "260亿美元", "预计"),
        ("PCE显著高于2%目标。", "2%", "目标"),  # 目标 written after the number
        ("中国银行股约5%的预期股息收益率远高于同业。", "5%", "预期"),
        # a forecasting verb at the head of the sentence governs the next clause
        ("预期今年盈利年均复合增长率可达20%，收入年均复合增长则为18%。", "18%", "预期"),
        # 拟 with its verb governs the clauses after it: the plan's other figures (shown as
        # 计划: 拟 needs the verb of its own clause)
        ("甲公司公告称，拟以每股5.5港元配售2亿股，净筹资约10.8亿港元。", "约10.8亿港元", "计划"),
        ("双方签署协议，拟以20元/股的价格转让100万股，转让总价款为2000万元。", "2000万元", "计划"),
        # "<who>估计，<statement>": the whole statement is the estimate, its year included
        ("某券商今年稍早估计，2025年全球储能电池市场规模约为520亿美元。", "520亿美元", "估计"),
        ("某机构今年3月预计，新品均价约为800美元，公司全年出货量约40万台。", "40万台", "预计"),
        # the items of a guided list share its scope, past each item's own change
        (
            "上半年，公司预计营收为11亿元至12亿元，同比增长61%至67%；净利润为5亿元至5.7亿元，"
            "同比增长22%至25%；扣非净利润为5.2亿元至5.8亿元。",
            "5.2亿元",
            "预计",
        ),
        # the writer's own arithmetic on a scenario: 估算, not the company's forecast (估算, not
        # 测算: the push gold's forecast markers include 估, and a reader takes both alike)
        (
            "若以这个价格作为参考，每份存托股价值52.9美元，潜在募资规模约72亿美元。",
            "约72亿美元",
            "估算",
        ),
        # a price the company may set is a scenario too, though its result is written with 将
        ("若最终以每股60美元定价，乙公司此次IPO募资规模将达约18亿美元。", "约18亿美元", "估算"),
        # considered or sought, not done
        ("据报道，甲公司正考虑将发行价区间上调至每股50至60美元。", "50至60美元", "考虑"),
        ("乙公司正寻求通过发行债券募资至少100亿美元。", "至少100亿美元", "寻求"),
    ],
)
def test_forecasts_are_marked(sentence: str, value: str, marker: str) -> None:
    assert _marker(sentence, value) == marker


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("美联储宣布将联邦基金利率目标区间维持在3.5%至3.75%之间。", "3.5%至3.75%"),  # 将 = 把
        ("失业率继续维持在4.3%，符合预期。", "4.3%"),
        ("营收同比增长30%并超出市场预期。", "30%"),
        ("公司预计年底产能将超过7000万头，目前生猪存栏量在3600万头左右。", "3600万头"),
        ("分析师预计收入增速将达40%，高于上季度的36%。", "36%"),  # the reference is a fact
        ("根据该机构公布的应急计划，约有3.4万名员工休假。", "3.4万名"),  # 计划 as a noun
        ("全国高校撤销或停招1.22万个专业布点。", "1.22万个"),  # 或 = or
        ("对美联储政策预期尤为敏感的2年期收益率触及4.18%。", "4.18%"),  # 预期 as a noun
        ("收购对价按目标公司于基准日的原则厘定为12亿美元。", "12亿美元"),  # 目标公司
        ("公司预计营收为100亿元；去年净利润为5亿元。", "5亿元"),  # 去年: back to facts
        ("分析师预计，今年营收将增长，目前订单金额为30亿元。", "30亿元"),  # 目前: back to facts
        ("机构预计，新品将于下月上市；上季度公司营收为8亿元。", "8亿元"),  # a new statement
        ("公司营收为100亿元，同比增长12%；净利润为5亿元。", "5亿元"),  # a list of results
        # 拟 as part of a noun (拟募资总额, 拟融资规模) governs nothing after it
        ("共有20家企业获受理，拟募资总额超200亿元，半导体企业占比达60%。", "60%"),
        ("在拟融资规模不超过净资产20%的前提下，融资上限从3亿元提升至6亿元。", "6亿元"),
        (
            "考虑到去年央行连续三次降息25个基点，官员认为需要观望。",
            "25个基点",
        ),  # 考虑到: given that
    ],
)
def test_facts_are_not_marked(sentence: str, value: str) -> None:
    assert _marker(sentence, value) == ""


def test_figure_line_carries_the_marker() -> None:
    figs = extract_figures("", ["美光科技预计第四财季经调整营收490亿美元至510亿美元。"])
    assert figs[0].value == "490亿美元至510亿美元"
    assert "预计" in figs[0].label  # 美光科技预计第四财季经调整营收: the post's own clause
    assert "营收" in figs[0].label


def test_a_label_that_already_says_target_gets_no_second_marker() -> None:
    figs = extract_figures("", ["高盛维持买入评级，目标价上调至57港元。"])
    assert figs[0].label == "高盛目标价"  # the rater's (speakers.py), marked once


@pytest.mark.parametrize(
    ("sentence", "value", "marker"),
    [
        ("若以这个价格计算，潜在募资规模约300亿美元。", "约300亿美元", "估算"),  # the writer's
        ("总计800亿美元的资本投资——只有在估值支持这项投资时才可行。", "800亿美元", "预计"),
    ],
)
def test_a_number_under_a_condition_is_marked(sentence: str, value: str, marker: str) -> None:
    got = {f.value: f.label for f in extract_figures("", [sentence])}
    assert got[value].startswith(marker)


def test_a_condition_does_not_reach_back_or_past_a_semicolon() -> None:
    text = ["一部短剧的算力成本约为5万元，平台如果一个月能接50部，消耗量就能达到250万。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert not got["约为5万元"].startswith("预计")  # a fact, stated before the condition
    assert "50部" not in got  # the condition's own assumption is no figure
    assert got["250万"].startswith("预计")
    text = ["扫码订房可获5元奖励；一旦客人扫码，酒店可享10%分成。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert not got.get("5元", "").startswith("预计")


@pytest.mark.parametrize(
    ("sentence", "value", "marker"),
    [
        ("某集团力争到2031年建成120GW算力中心。", "120GW", "预计"),  # a later year: a plan
        ("到2035年，该市场规模达到900亿元。", "900亿元", "预计"),  # a time clause heads it
        # …and every clause of its statement
        ("到2035年，行业持续扩大，效率明显提高，总产值达到90万亿元左右。", "90万亿元", "预计"),
        ("公司计划投资35亿元建设新基地。", "35亿元", "计划"),  # 计划 + any verb
        ("集团目标三年内门店数量翻至800家。", "800家", "目标"),
    ],
)
def test_plans_and_later_years_are_marked(sentence: str, value: str, marker: str) -> None:
    i = sentence.index(value)
    assert forecast_marker(sentence, i, i + len(value), 2027) == marker


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("该公司2026年建成的基地产能为60GW。", "60GW"),  # the year is past: a fact
        ("到2035年，产值达到90万亿元；去年产值为60万亿元。", "60万亿元"),  # a new statement
        ("公司发行5亿美元2032年到期的票据。", "5亿美元"),  # a maturity, not a plan
        ("公司计划募资的项目已投入12亿元。", "12亿元"),  # 已 after the cue: it happened
        ("项目按计划完成投资18亿元。", "18亿元"),
        ("市场规模预计将从2026年的165亿元增至300亿元。", "165亿元"),  # the past starting level
        ("分析师预计称：“公司营收为70亿元，增长稳健。”", "70亿元"),  # a quote of its own
    ],
)
def test_what_happened_is_not_marked(sentence: str, value: str) -> None:
    i = sentence.index(value)
    assert forecast_marker(sentence, i, i + len(value), 2027) == ""


def test_without_a_year_a_later_year_says_nothing() -> None:
    sentence = "某集团力争到2031年建成120GW算力中心。"
    i = sentence.index("120GW")
    assert forecast_marker(sentence, i, i + 5) == ""


def test_a_title_plan_line_is_marked() -> None:
    figs = extract_figures("到2031年建成120GW算力中心！某集团的计划能成吗", [], year=2027)
    assert figs and figs[0].value == "120GW" and figs[0].label.startswith("预计")


def test_a_count_in_a_plan_for_next_year_is_no_forecast() -> None:
    from bot.summarizer.modality import future_year

    sent = "公司2031年甲电站4台机组共安排50亿千瓦时作为年度上限"
    assert not future_year(sent, sent.index("4台"), sent.index("4台") + 2, 2030)
    assert future_year(sent, sent.index("50亿"), sent.index("50亿") + 7, 2030)


def test_will_before_the_subjects_own_act_is_its_plan() -> None:
    sent = "甲乙部将在香港发行不超过60亿元人民币绿色主权债券"
    start = sent.index("60亿元")
    assert forecast_marker(sent, start, start + 4) == "计划"  # announced, not an estimate
    sent = "市场规模将达到1830亿美元"
    start = sent.index("1830")
    assert forecast_marker(sent, start, start + 8) == "预计"  # an outcome: a forecast


def test_a_title_number_the_body_plans_carries_the_plan() -> None:
    # made-up: 今年底落地100家 in the title is the body's 预计今年底开到100家, no fact yet
    from bot.summarizer.figures import extract_figures

    body = "近日，某精酿已获500万元天使轮融资。首批连锁小酒馆也将在北京落地，预计今年底开到100家。"
    got = extract_figures("某精酿完成500万天使轮融资 今年底落地100家连锁小酒馆", [body])
    assert [f.label for f in got if f.value == "100家"] == ["预计连锁小酒馆"]
    # a title that states a done act keeps its own wording, whatever the body forecasts
    body = "某银行今日开展1万亿元买断式逆回购操作。机构预计本月净投放1万亿元。"
    got = extract_figures("某银行今日开展1万亿元买断式逆回购操作", [body])
    assert [f.label for f in got if f.value == "1万亿元"] == ["买断式逆回购"]


def test_a_threshold_in_a_when_clause_is_no_figure() -> None:
    from bot.summarizer.conditions import in_condition

    s = "甲经理称，当长期利率超过5%时，问题可能随之而来。"
    assert in_condition(s, s.index("超过5%"))
    s = "当日甲股上涨5%，成交放量。"
    assert not in_condition(s, s.index("上涨5%") + 2)  # 当日: that day, no "when"
    assert not extract_figures(
        "甲经理警告利率风险", ["甲经理称，当长期利率超过5%时，问题可能随之而来。"]
    )


def test_a_sensitivity_per_step_is_no_figure() -> None:
    # made-up: 每…增减1美元，…就将变动1.779亿美元 was shown as a fact of the news
    text = ["甲公司预计募资约272亿美元。每份存托凭证定价增减1美元，对应募资额就将变动1.779亿美元。"]
    got = {f.value for f in extract_figures("甲公司更新招股书", text)}
    assert got == {"约272亿美元"}, got  # neither the step (1美元) nor what follows each step


def test_an_original_plan_is_shown_as_one() -> None:
    # made-up: the deal was called off; its terms were the original plan, not the plan
    s = "星河集团原计划以6.42亿元对价收购远山品牌80%股权，其中3.21亿元以发行股份支付"
    for value in ("6.42亿元", "3.21亿元"):
        start = s.index(value)
        assert forecast_marker(s, start, start + len(value), 2025) == "原计划", value
