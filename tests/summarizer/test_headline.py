"""A headline number the chosen sentences leave out is said by the sentence stating it."""

from __future__ import annotations

from bot.summarizer.headline import _missing, _rounds
from bot.summarizer.summary import build_summary
from bot.summarizer.titlewords import title_units

WRAP = [
    "美股三大指数03月11日收盘涨跌不一。截至收盘，道琼斯工业平均指数下跌289.24点，收于47417.27点，"
    "跌幅为0.61%；标准普尔500种股票指数下跌5.68点，收于6775.8点，跌幅为0.08%；纳斯达克综合指数"
    "上涨19.03点，收于22716.13点，涨幅为0.08%。",
    "大型科技股多数上涨，特斯拉、英特尔涨超2%。",
    "苹果、微软小幅下跌。",
    "国际油价03月11日上涨。截至当天收盘，WTI原油期货上涨4.96美元，收于每桶88.41美元，涨幅为5.94%。",
]


def test_wrap_says_the_headline_oil_move() -> None:
    s = build_summary("全球市场：美股三大指数收盘涨跌不一 国际油价涨近6%", WRAP)
    assert "5.94%" in s and s.startswith("美股三大指数")
    assert len(s) <= 120


def test_without_a_headline_number_nothing_is_added() -> None:
    s = build_summary("全球市场：美股三大指数收盘涨跌不一", WRAP)
    assert "5.94%" not in s


def test_headline_rounding() -> None:
    assert _rounds("11", "%", "超", [(11.81, "%")])  # 涨超11%
    assert _rounds("6", "%", "近", [(5.94, "%")])  # 涨近6%
    assert not _rounds("2", "%", "超", [(1.77, "%")])  # 涨超2% is not 1.77%
    assert not _rounds("8", "%", "近", [(8.29, "%")])
    assert not _rounds("6", "%", "近", [(5.68, "点")])  # another unit, another figure


def test_missing_names_whose_number_it_is() -> None:
    title = "全球市场：美股三大指数集体收跌 存储股闪迪涨超6%创新高"
    units = title_units(title)
    assert _missing(title, units, "美股三大指数06月03日收盘全线下跌。") == [
        ("6", "%", "超", "闪迪")
    ]
    assert _missing(title, units, "闪迪涨6.4%。") == []
    # a code or a date is no amount
    assert (
        _missing("海伦司(9869.HK)涨超10%", title_units("海伦司(9869.HK)涨超10%"), "涨10.5%") == []
    )


def test_a_summary_that_shares_no_word_with_a_stated_headline_is_led_by_it() -> None:
    # made-up: only the markets' reaction is written out; the headline states the news
    title = "甲国总统称暂停“乙计划”行动"
    paras = [
        "受此影响，国际油价大幅下挫，原油期货跌幅扩大至2%，报99.9美元/桶。",
        "美股三大指数全线走高，纳指再创历史新高。",
    ]
    assert build_summary(title, paras).startswith("甲国总统称暂停“乙计划”行动。")
    # a body that says it is summarized as it is; a headline that asks leads nothing
    said = ["甲国总统5日表示，将暂停“乙计划”行动。", *paras]
    assert build_summary(title, said).startswith("甲国总统5日表示")
    assert not build_summary("油价为何大跌？", paras).startswith("油价为何大跌")


def test_the_titles_company_says_whose_headline_number_it_is() -> None:
    # made-up wrap: 最高 is the word nearest before 16%, but the number is 甲乙科技's
    title = "全球市场：美股三大指数涨跌不一 甲乙科技财报亮眼盘后最高涨超16%"
    body = [
        "美股三大指数06月24日收盘涨跌不一。截至收盘，道琼斯工业平均指数上涨182.06点，收于"
        "51848.9点，涨幅为0.35%，创收盘历史新高；标准普尔500种股票指数下跌7.24点，收于"
        "7358.22点，跌幅为0.1%。",
        "芯片股继续回调，丙丁跌超4%，戊己跌超3%。",
        "赫兹租车股价下跌41%，创该公司IPO以来最大单日跌幅。",
        "财报方面，甲乙科技第三财季经调整营收414.6亿美元，上年同期93.0亿美元，预估356.9亿"
        "美元；第三财季调整后运营收益336.8亿美元，上年同期24.9亿美元。",
        "甲乙科技盘后一度大涨超16%，芯片股盘后全线上涨。",
    ]
    s = build_summary(title, body, names=("甲乙科技",))
    assert "超16%" in s and s.startswith("美股三大指数"), s
    assert len(s) <= 120
