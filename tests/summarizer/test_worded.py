"""Quantities written in Chinese numerals (三成, 五分之一, 一半, 翻倍, 增长三倍): found as written,
shown with a name, and never read into ordinary words, periods or product names.

Every sentence is copied from a post of the corpus (../shared/corpus).
"""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.quantities import find_quantities


def worded(text: str) -> list[tuple[str, str]]:
    """(value, qualifier) of the quantities without Arabic digits."""
    return [(q.value, q.qualifier) for q in find_quantities(text) if not q.number]


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("但整体销售额预计下滑约三成。", "三成", "约"),
        ("过去10个月，该代币价格已跌去逾七成，流通市值不足1亿美元。", "七成", "逾"),
        ("仅能覆盖美国市场总需求的比例不足两成。", "两成", "不足"),
        ("科创板IPO受理数量迎高峰 半导体公司占比超七成", "七成", "超"),
        ("首日收盘大涨近两成，市值飙升至2.11万亿美元", "两成", "近"),
        ("未来一年对应板块遭遇20%以上回撤的概率已经升至六到七成的量级", "六到七成", ""),
        ("该海峡承载着全球约五分之一的原油和液化天然气", "五分之一", "约"),
        ("10月份纯电动汽车的需求将减少一半。", "一半", ""),
        ("2024年购买了价值126.4亿美元的大豆，占美国大豆出口总额一半以上。", "一半", ""),
        ("收入占全球年度营收的近三分之一。", "三分之一", "近"),
        ("第四财季AI收入增速依旧高达84%，单季净利润同比翻倍，", "翻倍", ""),
        ("营收方面，Rigetti一季度营收440万美元，同比翻了三倍", "翻了三倍", ""),
        ("而去年同期仅为3520万美元，一年间近乎翻番。", "翻番", "近乎"),
        ("该指数自去年12月以来翻了一番以上，并在2026年5月前大幅攀升", "翻了一番", ""),
        ("及嵌入式应用领域的内存销量更是增长了三倍多，达到46.3亿美元。", "三倍多", ""),
        ("国际收入增长超过三倍，超过300亿美元。", "三倍", "超过"),
        ("自2024年底以来，该基准指数已上涨逾两倍，得益于芯片制造商的飙升", "两倍", "逾"),
    ],
)
def test_worded_quantity_is_found_as_written(text: str, value: str, qualifier: str) -> None:
    assert (value, qualifier) in worded(text)
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.value  # a slice of the post, never converted


@pytest.mark.parametrize(
    "text",
    [
        "一是直接切入数据中心赛道，打造第二成长曲线；二是为数据中心配套建设电源项目",
        "叠加上周五成长股的大规模平仓及市场仓位仍处拉伸状态",
        "公司预计，这一成本结构将对毛利率形成压制。",
        "虽然失业率仅上升了几个十分之一个百分点，但职位空缺持续下降",
        "有人挖到一半放弃了，有人还在坚持。",
        "针对这点，《异环》其实只做到了一半——它有还算不错的都市日常",
        "APTSell共签约客户20+，其中一半来自老客户推荐，一半来自集成商",
        "此前大约每七个月翻一番，如今这一周期已缩短至约每四个月翻一番",
        "2025年营收实现翻倍级增长。",
        "“两倍海力士ETF”不仅影响海力士，甚至是整个全球科技股走势",
        "该产品设计用于提供AMD股价三倍的反向收益，但AMD股价当天暴涨",
        "起诉，要求退钱加三倍赔偿，案件已正式立案",
        "在创纪录的看涨期权成交量与四倍于预期的单边上涨背后",
        # a share of a reference (产能, 目标): a label would name the reference, not the measure
        "其产能之和也仅相当于中国全部产能的四分之一",
        "苹果iPhone 13开售头两月产量较目标少两成",
        # periods, plans and congresses in Chinese numerals
        "DRAM和NAND价格将在三季度继续环比上涨，四季度涨幅收窄",
        "但一季度营收指引略低于市场高度乐观的预期",
        "“十四五”时期，行业紧紧围绕和深入落实防风险、强监管",
        "深入贯彻党的二十大和二十届历次全会精神",
    ],
)
def test_never_a_worded_quantity(text: str) -> None:
    assert worded(text) == []


def figures(text: str, title: str = "") -> list[tuple[str, str, str | None]]:
    return [(f.label, f.value, f.change) for f in extract_figures(title, [text])]


def test_worded_change_keeps_its_verb_not_a_sign() -> None:
    # both are forecasts, and their lines say so (modality.py)
    assert figures("但整体销售额预计下滑约三成。") == [("整体销售额预计下滑", "约三成", None)]
    ((label, value, change),) = figures("10月份纯电动汽车的需求将减少一半。")
    assert (value, change) == ("一半", None)
    assert label in ("预计需求减少", "10月份纯电动汽车的需求将减少")  # 将 says it is a forecast


def test_doubling_after_a_level_is_its_change() -> None:
    text = "营收方面，Rigetti一季度营收440万美元，同比翻了三倍，超出FactSet分析师预期的409万美元。"
    assert figures(text)[0] == ("Rigetti一季度营收", "440万美元", "同比翻了三倍")


def test_doubling_of_a_reference_is_not_its_change() -> None:
    text = "今年已累计发债约2440亿美元，较去年全年的1080亿美元翻超一倍。"
    got = {value: change for _, value, change in figures(text)}
    assert got.get("1080亿美元") is None  # 1080亿美元 is the base, not what doubled


def test_title_doubling_is_not_listed_again_beside_its_level() -> None:
    title = "“量子英伟达”Rigetti一季度营收翻了三倍、但亏损扩大"
    text = "营收方面，Rigetti一季度营收440万美元，同比翻了三倍，超出FactSet分析师预期的409万美元。"
    got = figures(text, title)
    assert ("Rigetti一季度营收", "440万美元", "同比翻了三倍") in got
    assert [v for _, v, _ in got].count("翻了三倍") == 0


def test_worded_share_without_a_name_is_dropped() -> None:
    # 各占一半: half each, of nothing named; 一年间近乎翻番: what doubled is in another clause
    assert figures("尼日利亚人口约2.37亿，穆斯林与基督徒大致各占一半，穆斯林主要分布在北方。") == [
        ("尼日利亚人口", "约2.37亿", None)
    ]
    got = figures("而去年同期仅为3520万美元，一年间近乎翻番。")
    assert "近乎翻番" not in [v for _, v, _ in got]


def test_exact_figures_rank_before_worded_ones() -> None:
    text = (
        "SpaceX正式登陆纳斯达克交易所，成功募资约750亿美元，首日收盘大涨近两成，"
        "市值飙升至2.11万亿美元。"
    )
    values = [v for _, v, _ in figures(text)]
    assert values.index("2.11万亿美元") < values.index("近两成")


def test_worded_value_stated_in_the_summary_gives_up_rank() -> None:
    said = "整个5月，戴尔科技和联想集团的股价均已翻倍。"
    lead = [said + "同时具备年产7万个服务器机架的规模化产能。"]
    assert [f.value for f in extract_figures("", lead, max_figures=1)] == ["翻倍"]
    got = extract_figures("", lead, max_figures=1, summary=said)
    assert [f.value for f in got] == ["7万个"]  # the summary already says 翻倍


def test_the_same_worded_value_for_two_subjects_is_two_figures() -> None:
    lead = [
        "整个5月，戴尔科技和联想集团的股价均已翻倍。",
        "第四财季AI收入增速依旧高达84%，单季净利润同比翻倍。",
    ]
    assert [f.value for f in extract_figures("", lead)].count("翻倍") == 2
