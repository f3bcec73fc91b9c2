"""Table-driven tests for the quantity finder on tricky Chinese financial text."""

from __future__ import annotations

import pytest

from bot.summarizer.quantities import find_quantities


def values(text: str) -> list[str]:
    return [q.value for q in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全年营收达1.2万亿元。", "1.2万亿元"),
        ("海外市场消费者净增6400万，突破3亿大关", "6400万"),
        ("融资3.5亿美元", "3.5亿美元"),
        ("四季度阿里收入为2040.52亿元人民币", "2040.52亿元人民币"),
        ("活跃消费者已达13.1亿。", "13.1亿"),
        ("净利润同比下降12.3%", "12.3%"),
        ("毛利率上涨2.15个百分点", "2.15个百分点"),
        ("市场份额约20%", "20%"),
        ("超过1000家企业参与", "1000家"),
        ("逾3成受访者", "3成"),
        ("CPI环比-0.5%", "-0.5%"),
        ("出口增长７％", "７％"),  # full-width: kept exactly as written
        ("目标价210美元", "210美元"),
        ("为全球27个地域提供服务", "27个"),
        ("部署10GW计算能力", "10GW"),
        ("收于3897.03点", "3897.03点"),
        ("布伦特原油报97.50美元/桶", "97.50美元/桶"),
        ("飞天茅台批价1830元/瓶", "1830元/瓶"),
        ("造成110万余名被害人", "110万余名"),
        ("服务50+家公司", "50+家"),
        ("在岸人民币报6.3512", "6.3512"),
        ("成交额达到21615亿", "21615亿"),
        ("降息25个基点", "25个基点"),
        ("涨幅为1,234.5点", "1,234.5点"),
        ("国家枢纽节点进一步降到1.25 以下", "1.25"),
    ],
)
def test_finds_the_quantity_as_written(text: str, expected: str) -> None:
    assert expected in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("预计增长10%-15%", "10%-15%"),
        ("带来3500-4000亿美元的潜在收入", "3500-4000亿美元"),
        ("延伸率达到5%~6%以上", "5%~6%"),
        ("税率3%—45%", "3%—45%"),
        ("团队30-50人", "30-50人"),
    ],
)
def test_ranges_are_one_value(text: str, expected: str) -> None:
    assert values(text) == [expected]


def test_qualifier_is_recorded_not_swallowed() -> None:
    q = find_quantities("总资产约为11亿美元，市场份额约20%")
    assert [x.value for x in q] == ["11亿美元", "20%"]
    assert q[1].qualifier == "约"


def test_a_bound_before_the_copula_is_the_numbers() -> None:
    # made-up: 约为3万元 was shown as an exact 3万元 (em 36kr3786528811572481, FF's 约为11亿美元)
    q = find_quantities(
        "成本约为3万元，估值大约是20亿美元，约合人民币7亿元，跌幅约达6%，毛利率为30%，增幅达5%"
    )
    assert [(x.qualifier, x.value) for x in q] == [
        ("约为", "3万元"),
        ("大约是", "20亿美元"),
        ("约合人民币", "7亿元"),
        ("约达", "6%"),
        ("", "30%"),
        ("达", "5%"),
    ]


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("高近17%", "近"),
        ("将近10亿元", "近"),
        ("已超10亿元", "超"),
        ("高达10亿元", ""),
        ("赶超10%", ""),
    ],
)
def test_a_bound_is_kept_unless_its_character_belongs_to_another_word(
    text: str, bound: str
) -> None:
    # made-up: 较最新收盘价高近17% showed 17% (the 近 was read as part of 高…)
    assert [q.qualifier for q in find_quantities(text)] == [bound]


def test_more_than_before_the_magnitude_is_part_of_the_value() -> None:
    # made-up; the corpus writes 5800余万元 (em 202606263784862257), 4000多亿美元 (wscn 3775217)
    assert values("罚没5800余万元，净债务增加4000多亿美元，吸引20多万人") == [
        "5800余万元",
        "4000多亿美元",
        "20多万人",
    ]


def test_currency_written_before_an_amount_belongs_to_it() -> None:
    # made-up: the bound before the currency is kept (约 was lost), the currency ends no label
    q = find_quantities("销售金额约人民币97.5亿元，投资人民币3亿元，离岸人民币7.12")
    got = [(x.qualifier, x.value) for x in q[:2]]
    assert got == [("约人民币", "97.5亿元"), ("人民币", "3亿元")]
    assert all(x.qualifier == "" for x in q[2:])  # a rate, not an amount


@pytest.mark.parametrize(
    "text",
    [
        "5月26日晚，阿里巴巴公布业绩",
        "2022年全年",
        "截至2022年3月31日",
        "北京时间19:00公布",
        "2026年1月25日20：00至2月11日23：59期间",
        "阿里2022财年第四季度",
        "实现了13年来首次盈利",
        "Q4营收",
        "贵州茅台(600519)公告",
        "海伦司(9869.HK)拉升",
        "批号2141001-1A的产品",
        "蔚来ET7交付",
        "QTD1200-3与QTD 900-8牌号",
        "咨询电话：021-12345678",
        "(1)一季度；2）二季度；第一，",
        "科创50指数、沪深300、36氪报道",
        "4G、5G通讯组件，3D传感",
        "GPT-3.5与Sora 2发布",
        "上午10点55分",
        "未来12个月",
        "近120个交易日",
        "5-6月、10月28-29日、1999-2000年",
        "48至72小时内，3至4年后",
        "10年期国债",
        "30岁以下、77周年",
        "标准普尔500种股票指数",
        "标普500成分股",
        "YoY>150%，精度<1%",
        "全行业后5名",
        "1克跳涨",
        "G10货币、Mag7、GB300NVL72、Cepheus-1-108Q",
        "2022.5.26发布",
    ],
)
def test_never_a_quantity(text: str) -> None:
    assert values(text) == []


def test_table_row_cells() -> None:
    row = "营业收入 | 98.37亿元 | 3.15%"
    assert values(row) == ["98.37亿元", "3.15%"]


def test_offsets_slice_the_original() -> None:
    text = "出口同比增长７％，进口下降３．５％"
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.value


def test_statute_numbers_are_names() -> None:
    text = "美国已形成多套贸易限制工具并行的格局：“232条款”强调国家安全，“301条款”指责“不公平贸易”"
    assert values(text) == []
    assert values("三是上海发布“AI+制造”13条措施。") == ["13条"]


def test_bounds_and_approach_words_stay_with_the_value() -> None:
    # 逼近28000点 is a level approached, not the index level; 至多11% a ceiling, not a stake
    text = "恒指逼近28000点，OpenAI能拿到至多11%的股权。"
    qs = {q.value: q.qualifier for q in find_quantities(text)}
    assert qs == {"28000点": "逼近", "11%": "至多"}


def test_a_unit_that_starts_a_word_is_no_count() -> None:
    values = [q.value for q in find_quantities("2026人形机器人半程马拉松赛吸引了300人参加。")]
    assert values == ["300人"]


def test_units_as_written() -> None:
    text = "刊例价为0.9元/秒，单店卖出100万杯，厚度减少0.6毫米。"
    values = [q.value for q in find_quantities(text)]
    assert values == ["0.9元/秒", "100万杯", "0.6毫米"]


def test_a_range_of_losses_is_one_quantity() -> None:
    from bot.summarizer.quantities import find_quantities

    got = [
        q.value
        for q in find_quantities("预计全年净利润-1200万元到-800万元，营收1.1亿元至1.4亿元。")
    ]
    assert got == ["-1200万元到-800万元", "1.1亿元至1.4亿元"]


def test_a_space_before_the_magnitude_is_part_of_the_value() -> None:
    # 36氪 writes 净亏损为 1222.3 万、8191.5 万、3.45 亿元: the value as written, space included
    assert values("净亏损为 1222.3 万、3.45 亿元") == ["1222.3 万", "3.45 亿元"]


def test_a_holders_class_is_no_figure() -> None:
    # 持股5%以上股东 names who must disclose, not a share the news reports
    assert values("公司持股5%以上股东甲乙投资拟转让10%股份") == ["10%"]


def test_a_bound_set_apart_by_a_space_stays_with_its_number() -> None:
    # 36氪 sets digits apart from Chinese: 近 5000 万元 is still near, not exactly, 5000万元
    from bot.summarizer.figures import extract_figures

    got = extract_figures("", ["甲品牌商品总数超过 2000 个，2018 年整体营收近 5000 万元。"])
    values = [f.value for f in got]
    assert "近5000万元" in values and "超过2000个" in values
