"""Figure labels read as short noun phrases; negated, hypothetical and weak figures stay out.

The sentences are shaped like the long posts where labels used to break (cut inside a word,
leading 这/也/包括/导致, dangling verbs, a qualifier's 不 left in the label).
"""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.labels import MAX_LABEL, tidy_label, width
from bot.summarizer.naming import short_terms
from bot.summarizer.quoting import MAX_QUOTE

# (sentence, value as written, expected label)
LABEL_CASES = [
    ("这已是地平线自港股IPO募资58.7亿港元后的又一次融资。", "58.7亿港元", "港股IPO募资"),
    # —— ends a clause: 46.7亿港元 is the June placement, not the third raise (an editor: false)
    ("一年内的第三次融资——6月刚完成46.7亿港元配售。", "46.7亿港元", "6月配售"),
    ("复旦微电向集成电路技术中心提供不超过10亿元的合作经费。", "不超过10亿元", "合作经费"),
    # a plan says so (modality.py, plans.py): the marker goes before the act it plans
    ("技术中心计划组建不少于300名人员的科研团队。", "不少于300名", "技术中心计划组建"),
    ("这款软件整合了多种工具，包括60多个科学数据库。", "60多个", "科学数据库"),
    ("这一举措导致股市出现规模达1万亿美元的抛售。", "1万亿美元", "抛售规模"),
    ("元气森林实现销售额近29亿元。", "近29亿元", "元气森林销售额"),
    ("飞天茅台的批价为1830元/瓶。", "1830元/瓶", "飞天茅台批价"),
    ("其中四季度海外商业板块收入为143.35亿元。", "143.35亿元", "四季度海外商业板块收入"),
    # the scope heading the clause stays (前N批, 前N名): the rate of the first three batches
    ("累计通报4批次申请81.5万件，前3批撤回率达93.1%。", "93.1%", "前3批撤回率"),
    (
        "公司拟以每股9.99港元配售，净筹资约63.4亿港元。",
        "约63.4亿港元",
        "计划净筹资",
    ),  # 拟 governs (modality)
    # a Latin product name is half as wide: kept whole, not cut to a word naming another product
    ("新款MacBook Air优惠力度最高达1200元。", "1200元", "MacBook Air优惠力度最高"),
    # the move written after its size is what it measures; the verb taking it is not its owner
    ("跟随甲国综合指数近9%的惨烈跌幅，乙指数再度下跌。", "近9%", "甲国综合指数跌幅"),
    # 最高达: the link word is 达; 最高 says the value is a ceiling
    ("新款平板优惠力度最高达800元。", "800元", "新款平板优惠力度最高"),
    # the post's own clause, as it adds the year and what it is compared with (quoting.py)
    ("2018 年宠物人均单只消费相较去年上涨了 15%。", "15%", "2018 年宠物人均单只消费相较去年上涨"),
]


@pytest.mark.parametrize(("sentence", "value", "label"), LABEL_CASES)
def test_label_is_a_clean_noun_phrase(sentence: str, value: str, label: str) -> None:
    figs = {f.value: f for f in extract_figures("", [sentence])}
    assert value in figs, figs
    assert figs[value].label == label


BROKEN_STARTS = ("这", "也", "已", "是", "的", "包括", "导致", "其中", "而", "不")


@pytest.mark.parametrize("sentence", [s for s, _, _ in LABEL_CASES])
def test_labels_are_short_and_do_not_start_with_function_words(sentence: str) -> None:
    for f in extract_figures("", [sentence]):
        assert len(f.label) <= MAX_QUOTE  # a synthesized label <= 14, the post's clause <= 26
        assert not f.label.startswith(BROKEN_STARTS), f


# (raw clause text before a value, text after it, expected tidy label)
TIDY_CASES = [
    ("这已是地平线自港股IPO募资", "", "港股IPO募资"),
    ("集成电路技术中心提供", "的合作经费", "合作经费"),
    ("成电路技术中心计划组建", "", "成电路技术中心"),  # a cut word stays whole-word at least
    ("计划年底落地", "", ""),  # only a verb and a time word: no label, caller says 数量
    ("国林科技实现营收", "", "国林科技营收"),
    ("道生天合的发行市盈率", "", "发行市盈率"),
    ("衡量需求的关键指标投标倍数较上次拍卖下降", "", "关键指标投标倍数"),
    ("衡量需求的关键指标投标倍数较上次拍卖", "", "关键指标投标倍数"),
    ("远低于12个月平均值", "", "平均值"),
    ("同意杭州海联讯科技股份有限公司以", "", "海联讯科技股份有限公司"),  # 股份 in a name
    ("阿里2022财年海外市场消费者新增", "", "阿里海外市场消费者新增"),  # 新增 says it is a delta
    ("新增", "专业", "新增专业"),  # a bare verb takes the noun written after the value
    ("公司股价报", "左右", "公司股价"),
    ("站上", "整数关口", ""),
    # A name cut before its last character leaves it behind: 博彩|股2023年EBITDA
    ("将博彩股2023年EBITDA预测平均下调", "", "博彩股EBITDA预测平均下调"),  # fits whole
    ("某金属1吨上涨", "", "某金属每吨上涨"),  # one ton is each ton: the 1 is no number of it
    # the period written right before the measure stays with it
    ("去年全年营收", "", "去年全年营收"),
    ("上半年营收", "", "上半年营收"),
    ("前11个月出口额", "", "前11个月出口额"),
    ("今年前三季度销售额", "", "前三季度销售额"),  # not 三季度: the first three quarters
    ("2024年该公司营收", "", "2024年公司营收"),
    ("去年推出的计划规模", "", "规模"),  # 去年 dates the plan, not the measure
    ("目前营收", "", "营收"),  # when it was reported, not what is measured
    ("完成", "Pre-A轮融资", "Pre-A轮融资"),  # the round as written, never A轮
    ("完成", "B+轮融资", "B+轮融资"),  # not 轮融资
    ("公司岭澳核电", "", "岭澳核电"),  # the plant is named; 公司 is a cut-off possessive
    ("公司股价", "", "公司股价"),
    ("较最新收盘价有", "上涨空间", "上涨空间"),  # the upside, not the closing price
    ("又将", "中国实体列入所谓", "中国实体列入"),  # never ending on 所谓 (the quote is cut off)
    # a price of the thing written after it, not of whoever sells it
    ("推出售价", "的新款甲型号", "新款甲型号售价"),
    # a date range goes whole, not leaving its 至 or dash behind
    ("甲金矿2023-2024年年均产金", "", "甲金矿年均产金"),
    ("甲公司1-9月实现营收", "", "甲公司营收"),
]


@pytest.mark.parametrize(("raw", "after", "label"), TIDY_CASES)
def test_tidy_label(raw: str, after: str, label: str) -> None:
    got = tidy_label(raw, after)
    assert got == label
    assert width(got) <= MAX_LABEL  # Latin letters count half


def test_a_crude_cut_starts_on_a_whole_word() -> None:
    from bot.summarizer.rawlabel import shorten

    # 15 characters cut to 14 would start inside 博彩股; the suffix 股 alone is no start either
    assert shorten("博彩股EBITDA预测平均下调") == "EBITDA预测平均下调"


def test_label_starts_with_a_digit_only_for_a_bonds_tenor() -> None:
    # a quarter's or a count's digits go (the line above may end in a digit: 3.79 then 25Q4…);
    # a tenor stays (2年期国债收益率 and 10年期国债收益率 are two different yields)
    assert tidy_label("25Q4营收") == "营收"
    assert tidy_label("3家公司营收") == "公司营收"
    assert tidy_label("2年期国债收益率") == "2年期国债收益率"


def test_no_line_when_no_metric_can_be_named() -> None:
    # 20家 of what? A line that cannot say so is left out rather than shown as 数量 20家.
    figs = extract_figures("", ["今年已落地20家，毛利率达到35%。"])
    by_value = {f.value: f.label for f in figs}
    assert "20家" not in by_value
    assert by_value["35%"] == "毛利率"


@pytest.mark.parametrize(
    "sentence",
    [
        "新车型既可能分流销量，同时也起不到3万美元以下车型那样的拉动作用。",
        "若按目前建造一座1GW核电站约500亿美元计算，总投资将十分惊人。",
        "如果美联储再降息50个基点，市场将重新定价。",
        "该公司强调，这并非10%的永久涨价。",
    ],
)
def test_negated_or_hypothetical_numbers_are_not_figures(sentence: str) -> None:
    assert extract_figures("", [sentence]) == []


def test_weak_count_sharing_a_number_with_a_date_is_dropped() -> None:
    text = ["12月会议上，美联储12名票委中有7名支持降息，联邦基金利率下调25个基点。"]
    values = [f.value for f in extract_figures("", text)]
    assert "12名" not in values  # 12 is also the month: noise, not news
    assert "25个基点" in values


def test_weak_count_ranks_behind_amounts() -> None:
    text = ["公司共有3家子公司，全年营收为12.5亿元，同比增长8%。"]
    values = [f.value for f in extract_figures("", text)]
    assert values[0] == "12.5亿元"
    assert values.index("12.5亿元") < values.index("3家")


def test_change_label_keeps_subject_and_verb() -> None:
    text = ["衡量需求的关键指标投标倍数较上次拍卖下降至2.81，远低于12个月平均值3.79。"]
    figs = {f.value: f for f in extract_figures("", text)}
    # 下降至2.81 is the level reached: labelled by its subject, never shown as a change of -2.81.
    assert figs["2.81"].label in ("关键指标投标倍数", "衡量需求的关键指标投标倍数")
    assert figs["2.81"].change is None


def test_number_inside_a_title_mark_is_not_a_figure() -> None:
    text = ["a16z发布第六版《顶级100款生成式AI消费级应用》榜单，Claude付费用户同比增长超过200%。"]
    values = [f.value for f in extract_figures("", text)]
    assert "100款" not in values
    assert "超过200%" in values


def test_bound_after_a_value_stays_with_it() -> None:
    # Without 以下 the figure would claim couriers earn 12万元 a year.
    figs = extract_figures("", ["外卖员、快递员等人员年入12万元以下基本无需纳税。"])
    assert [f.value for f in figs] == ["12万元以下"]
    figs = extract_figures("", ["目前公司生猪存栏量在3600万头左右。"])
    assert figs[0].value == "3600万头左右"


def test_negation_across_an_opening_quote() -> None:
    text = ["新车型可能分流销量，同时也起不到“3万美元以下车型”那样的拉动作用。"]
    assert extract_figures("", text) == []


def test_noun_after_a_value_keeps_its_adjustment_verb() -> None:
    figs = extract_figures("", ["AWS宣布对用于大模型训练的EC2实施15%的价格上调。"])
    assert [(f.label, f.value) for f in figs] == [("价格上调", "15%")]


def test_names_listed_before_deng_are_not_the_label() -> None:
    # the label is 客户; a line `客户 400多家` names no metric, so it is not shown (guards.py)
    assert tidy_label("公司已服务新浪微博等", "客户") == "客户"
    assert extract_figures("", ["公司已服务新浪微博等400多家客户。"]) == []


def test_the_noun_of_the_previous_value_is_not_the_next_ones_label() -> None:
    text = ["拟以41.38元/股的价格转让公司无限售条件流通股1336.93万股。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["41.38元/股"] == "拟转让价格"  # the price of the act, the plan marked
    assert "价格" not in got["1336.93万股"]
    assert got["1336.93万股"].endswith("流通股")


def test_noun_after_may_start_with_a_latin_round_name() -> None:
    figs = extract_figures("星尘智能完成超10亿B轮融资，估值破百亿", [])
    assert (figs[0].label, figs[0].value) == ("B轮融资", "超10亿")


def test_fiscal_year_and_spelled_durations_leave_no_fragment() -> None:
    got = extract_figures("", ["公司产品2025年度收入占公司营收比例约为0.66%。"])
    assert "度" not in got[0].label[:1] and "产品度" not in got[0].label
    got = extract_figures("", ["6月从增加5.7万人下修至增加2万人，两个月合计减少10.3万人。"])
    labels = {f.value: f for f in got}
    # a revision: the new level and where it was; its own clause names nothing but 增加, a bare
    # verb, so no line rather than 增加 2万人
    assert "2万人" not in labels
    assert labels["10.3万人"].label in ("合计减少", "两个月合计减少")  # no 两个 cut from its 月


def test_per_unit_word_stays_after_the_subject() -> None:
    got = extract_figures("", ["联邦汽油税为每加仑18.4美分，柴油税为每加仑24.4美分。"])
    assert [(f.label, f.value) for f in got] == [
        ("联邦汽油税每加仑", "18.4美分"),
        ("柴油税每加仑", "24.4美分"),
    ]


def test_noun_after_de_names_the_amount_when_the_clause_has_no_metric() -> None:
    got = extract_figures("", ["今年美国向尼日利亚提供了约5.5亿美元的对外援助。"])
    assert (got[0].label, got[0].value) == ("对外援助", "约5.5亿美元")


# 占 makes the value a share: the label names both sides, never the whole alone (a label
# 员工总数 for 53.6% would state the share as the total).
SHARE_CASES = [
    (
        "当日两融交易额为3085.88亿元，占A股成交额的10.03%，较上一交易日减少2%。",
        "10.03%",
        "两融交易额占A股成交额",  # the part is the figure right before (lines._share_of_before)
    ),
    ("2019年虚增6590.26万元，占当年营收的8.75%；2020年虚增1.2亿元。", "8.75%", "占当年营收"),
    (
        "约有3.4万名员工将被迫休假，另外有39,870名员工（约占员工总数的53.6%）将继续工作。",
        "53.6%",
        "占员工总数",
    ),
    (
        "公司在中国业务同比增长9%，收入占全球年度营收的近三分之一。",
        "近三分之一",
        "收入占全球年度营收",
    ),
    (
        "2024年购买了价值126.4亿美元的大豆，占美国大豆出口总额一半以上。",
        "一半以上",
        "占美国大豆出口总额",
    ),
    (
        "公司高效节能材料中用于航空航天领域的产品2025年度收入占公司营收比例约为0.66%。",
        "约为0.66%",
        "航空航天领域产品收入比例",  # 占比 at a label's end reads as a cut 比: 比例
    ),
]


@pytest.mark.parametrize(("sentence", "value", "label"), SHARE_CASES)
def test_share_label_names_part_and_whole(sentence: str, value: str, label: str) -> None:
    figs = {f.value: f for f in extract_figures("", [sentence])}
    assert figs[value].label == label


def test_each_takes_half_has_no_label_and_no_figure() -> None:
    text = ["尼日利亚人口约2.37亿，穆斯林与基督徒大致各占一半，穆斯林主要分布在北方。"]
    assert [f.value for f in extract_figures("", text)] == ["约2.37亿"]


def test_expectation_is_labelled_as_one() -> None:
    got = extract_figures("", ["每股收益：50美分（调整后），而预期为45美分。"])
    assert [(f.label, f.value) for f in got] == [("每股收益", "50美分"), ("每股收益预期", "45美分")]
    got = {f.value: f for f in extract_figures("", ["净利润27.6亿欧元，亦超出预期的25.6亿欧元。"])}
    # not 净利润 25.6亿: what was expected goes beside the result it was beaten by
    assert got["27.6亿欧元"].change == "预期25.6亿欧元" and "25.6亿欧元" not in got


def test_level_without_a_name_borrows_the_metric_before_it() -> None:
    text = "另一家二线酱酒的主力品牌批价从年初的850元一路跌至600元区间，且仍未见底。"
    got = {f.value: f.label for f in extract_figures("", [text])}
    assert got["600元"] == "主力品牌批价"  # was the generic 金额


def test_borrowing_stops_at_a_list_and_at_another_kind() -> None:
    text = "纳斯达克综合指数上涨0.9%，但相较于上周五分别高达4.2%和2.6%的跌幅，反弹力度明显不足。"
    got = {f.value: f.label for f in extract_figures("", [text])}
    assert "纳斯达克" not in got.get("4.2%", "")  # 分别: 4.2% is not the Nasdaq's rise
    text = "今年美国向尼日利亚提供了约5.5亿美元的对外援助，去年则约为8.8亿美元。"
    got = {f.value: f.label for f in extract_figures("", [text])}
    # 8.8亿美元 borrows 对外援助 (another clause, the same kind), and then says what 5.5亿美元's
    # line says: one label over two numbers leaves the reader to guess; the first stays
    assert got == {"约5.5亿美元": "对外援助"}


def test_two_numbers_under_one_label_show_once() -> None:
    text = "甲公司一季度营收12.5亿元，乙公司一季度营收9.8亿元。"
    labels = [f.label for f in extract_figures("", [text])]
    assert len(labels) == 2 == len(set(labels))  # each names its company
    text = "今年该基金向农户发放了约3.2亿元的补贴，去年则约为2.7亿元。"
    got = {f.value: f.label for f in extract_figures("", [text])}
    assert len(got) == len(set(got.values())) >= 1  # not 补贴 twice


def test_price_after_a_move_carries_the_move() -> None:
    got = extract_figures("海伦司(09869.HK)涨超10%", ["海伦司(09869.HK)涨超10%，现报17.96港元。"])
    assert [(f.label, f.value, f.change) for f in got] == [("海伦司报", "17.96港元", "涨超10%")]
    got = extract_figures(
        "WTI原油期货日内下跌1.00% 现报71.32美元/桶",
        ["WTI原油期货日内下跌1.00%，现报71.32美元/桶。"],
    )
    assert [(f.label, f.value, f.change) for f in got] == [
        ("WTI原油期货", "71.32美元/桶", "日内-1.00%")
    ]


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("刚好超过", ""),  # an adverb alone names nothing
        ("仅能覆盖美国市场总需求的比例", "美国市场总需求比例"),
        ("一年间", ""),  # a span of time, not a subject
    ],
)
def test_adverbs_and_spans_do_not_make_a_label(raw: str, label: str) -> None:
    assert tidy_label(raw) == label


def test_the_object_of_a_claim_is_not_its_subject() -> None:
    # 向…微软索赔: the claim is made against 微软, so no 微软 line (and no guess at the claimant)
    got = extract_figures("", ["马斯克还向OpenAI及微软索赔高达1340亿美元。"])
    assert not any("微软" in f.label for f in got)


@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("但美国目前的债务规模已达39万亿美元，并正迈向40万亿美元以上。", "40万亿美元以上"),
        ("油价可能飙升至每桶100美元，甚至120美元。", "120美元"),
        ("工具平台如果一个月能接100部这样的工程，那么消耗量就能达到300万。", "100部"),
    ],
)
def test_no_clause_fragment_as_a_label(sentence: str, value: str) -> None:
    labels = {f.value: f.label for f in extract_figures("", [sentence])}
    assert labels.get(value, "") not in ("迈向", "甚至", "能接这样")
    assert not any(lab.startswith(("那么", "甚至")) for lab in labels.values())


@pytest.mark.parametrize(
    ("sentence", "value", "label"),
    [
        ("比特币一度触及11.5万美元水平。", "11.5万美元", "比特币一度"),  # not 特币
        ("英伟达跌0.64%。", "0.64%", "英伟达跌"),  # not 英伟跌
        ("科创50跌超2%，AI应用掀起涨停潮。", "超2%", "科创50跌"),  # not 科创跌
    ],
)
def test_no_name_cut_inside_a_word(sentence: str, value: str, label: str) -> None:
    labels = {f.value: f.label for f in extract_figures("", [sentence])}
    assert labels[value] == label


def test_change_after_gaoda_and_one_of_prefix() -> None:
    got = {f.value: f.label for f in extract_figures("", ["第三财季营收增长高达346%。"])}
    assert got["346%"] == "第三财季营收增长"  # 高达 does not hide the change verb
    got = {f.value: f.label for f in extract_figures("", ["对于一家市值1.2万亿美元的公司而言。"])}
    assert got["1.2万亿美元"] == "市值"


def test_a_function_character_inside_a_word_does_not_end_the_noun_after() -> None:
    # 潜在 holds 在, 作为 holds 为: the metric after them still names the value
    got = extract_figures("", ["该协议将为公司带来30亿美元的潜在增量收入。"])
    assert "增量收入" in got[0].label
    got = extract_figures("", ["工地上6400名工人正在紧张施工。"])
    assert "施工" not in (got[0].label if got else "")  # past 正在 no metric: not a label


def test_no_label_ends_in_a_dangling_word() -> None:
    # a label ending in 达/至/比… reads as cut (the rubric's junk rule), even where the word is
    # whole (流向英伟达): no such line; a share says 比例 rather than 占比
    text = ["其中约40亿美元流向英伟达。", "离岸人民币一度冲高至6.3512。", "博士占比66%。"]
    for f in extract_figures("", text):
        assert not f.label.endswith(tuple("达为至超约了的和与及比较在从到将已被由对向逾近共是")), f


def test_the_noun_after_a_count_ends_at_a_preposition() -> None:
    # 约有10万名联邦雇员从政府工资单上被移除: the count is of 联邦雇员, not of 政府工资单
    got = extract_figures("", ["本周约有10万名联邦雇员从政府工资单上被移除。"])
    assert got and got[0].label.endswith("联邦雇员")


def test_a_level_reached_in_a_year_keeps_that_year_and_its_start() -> None:
    text = ["公司营收从2024年的10亿元增至2025年的20亿元，同比增幅为100%。"]
    got = {f.value: f for f in extract_figures("", text, year=2026)}
    assert got["20亿元"].label == "2025年公司营收"
    assert got["20亿元"].change == "从10亿元，同比增幅100%"  # the start and the change, one line
    assert "10亿元" not in got and "100%" not in got


def test_a_value_at_a_later_month_end_is_not_of_the_year_before() -> None:
    text = ["某公司年化营收从2025年底的90亿美元，将于2026年6月底飙升至500亿美元。"]
    got = {f.value: f.label for f in extract_figures("", text, year=2026)}
    assert "2025" not in got["500亿美元"]
    assert got["90亿美元"].count("2025") == 1  # 2025年底, said once


def test_a_span_goes_with_its_near_so_no_recent_years_are_made_up() -> None:
    # 近一个月年化收益率 without 一个月 read 近年化收益率: "recent years", which the post never says
    assert "近年" not in tidy_label("R3等级产品近一个月年化收益率")


def test_a_latin_name_keeps_its_letters_before_chinese() -> None:
    # made-up; jieba's dictionary has D盘 and A股, which took the name's last letter
    from bot.summarizer.segment import words

    assert words("AMD盘后涨")[0] == "AMD"
    assert words("NBA股价")[0] == "NBA"
    assert words("美股A股") == ("美股", "A股")  # a word of its own stays whole
    got = extract_figures("", ["财报方面，AMD盘后涨超7%，公司2026年Q1营收102.53亿美元。"])
    assert [f.label for f in got] == ["AMD 2026年Q1营收", "AMD盘后涨"]


def test_a_label_does_not_end_on_a_conjunction() -> None:
    # 却 / 则 tie the clause to the one before: no part of what is measured
    got = extract_figures("乙公司财报", ["甲公司营收下滑，其剩余履约义务却达450亿元。"])
    assert [(f.label, f.value) for f in got] == [("剩余履约义务", "450亿元")]


def test_the_noun_after_wei_gains_it_does_not_act() -> None:
    # made-up: 为投资者创造利润 is profit the funds made for investors; cut at 为 the label would
    # have the investors create it. 成为/认为 are words of their own, not this 为.
    from bot.summarizer.labels import tidy_label

    assert tidy_label("五年来累计分红2万亿元，为投资者创造利润") == "为投资者创造利润"
    assert tidy_label("将为当地创造就业岗位") == "为当地创造就业岗位"
    assert not tidy_label("成为投资者创造利润").startswith("为")


def test_a_bonds_tenor_is_no_period() -> None:
    # made-up: 10年期 says which bond; dropped as a period, the line reads as any yield
    assert tidy_label("", "当前10年期国债收益率") == "10年期国债收益率"
    assert tidy_label("", "周五2年期甲国国债收益率").endswith("2年期甲国国债收益率")
    assert tidy_label("", "2025年营收") == "营收"  # a year is still a period


def test_a_company_name_cut_inside_itself_gets_its_end_back() -> None:
    from bot.summarizer.owners import whole_names

    # the segmenter cut 德龙汇能 into 德/龙汇/能 and the label dropped 能 as a link word
    sent = "近日，某投资者持有德龙汇能（000593.SZ）股票比例升至5.01%，触发举牌。"
    assert whole_names("某投资者持有德龙汇股票比例", ("德龙汇能",), sent) == (
        "某投资者持有德龙汇能股票比例"
    )
    assert whole_names("英伟跌", ("英伟达",), "盘中英伟达跌超3%") == "英伟达跌"
    # the sentence writes what the label says: no repair
    assert whole_names("中国中小企业数量", ("中国中车",), "中国中车称，中国中小企业数量") == (
        "中国中小企业数量"
    )
    assert whole_names("英伟跌", ("英伟达",), "英伟跌") == "英伟跌"  # the name is not written


def test_a_listed_companys_name_stays_whole_in_a_line() -> None:
    from bot.summarizer.figures import extract_figures

    body = ["近日，某投资者持有德龙汇能（000593.SZ）股票比例升至5.01%，触发举牌。"]
    figs = extract_figures("某牛散举牌德龙汇能", body, companies=1, names=("德龙汇能",))
    labels = [f.label for f in figs if f.value == "5.01%"]
    assert labels and "德龙汇能" in labels[0], labels


def test_a_doer_its_act_and_what_the_number_counts() -> None:
    from bot.summarizer.figures import extract_figures

    # made-up: the adverb between doer and verb is no clause break, and the noun counted after
    # the number joins the act (not 拦截弹道导弹 with no doer, nor 甲部队拦截 with no object)
    body = ["2月28日到3月16日，甲国防空部队已拦截了304枚弹道导弹和1627架无人机。"]
    labels = {f.value: f.label for f in extract_figures("甲国发布战况", body)}
    # (the days the count is over head it: 2月28日到3月16日甲国防空部队拦截弹道导弹)
    assert labels.get("304枚", "").endswith("甲国防空部队拦截弹道导弹"), labels
    # 弹道导弹 is the item before's noun; 1627架 counts 无人机
    assert "弹道导弹" not in labels.get("1627架", ""), labels
    body = ["截至5月8日，部分券商增设115%即时平仓线，加强风控。"]
    labels = {f.value: f.label for f in extract_figures("两融余额创新高", body)}
    assert labels.get("115%") == "部分券商增设即时平仓线", labels


@pytest.mark.parametrize(
    ("long", "short"),
    [
        ("归属于上市公司股东的扣除非经常性损益的净利润", "扣非归母净利润"),
        ("扣除非经常损益后归属于母公司所有者的净利润", "扣非归母净利润"),
        ("上半年归属于上市公司股东净利润", "上半年归母净利润"),
        ("扣除非经常性损益后的净利润", "扣非净利润"),
        ("营业收入", "营业收入"),
    ],
)
def test_accounting_terms_in_their_short_forms(long: str, short: str) -> None:
    assert short_terms(long) == short


def test_a_results_line_shows_the_short_term() -> None:
    # made-up: the filing's wording, shown as a reader of results writes it
    body = ["甲乙科技上半年营业收入12.5亿元，归属于上市公司股东的扣除非经常性损益的净利润1.3亿元。"]
    labels = [f.label for f in extract_figures("甲乙科技上半年营收12.5亿元", body)]
    assert any(lab.endswith("扣非归母净利润") for lab in labels), labels


def test_a_move_keeps_the_session_it_was_made_in() -> None:
    # made-up: 盘后 (after hours) is not the day's close; the label keeps it
    from bot.summarizer.labels import tidy_label

    assert tidy_label("推动该公司股价盘后") == "公司股价盘后"
    assert tidy_label("公司股价") == "公司股价"


def test_an_adverb_relating_a_line_to_an_unshown_clause_is_dropped() -> None:
    # made-up: 亦涨 (also rose) and 则 (in turn) lean on a clause the line does not show
    assert short_terms("7月15日甲科技亦涨") == "7月15日甲科技涨"
    assert short_terms("iPad Air则最高直降") == "iPad Air最高直降"
    assert short_terms("也门原油产量") == "也门原油产量"  # a name, not the adverb
    assert short_terms("原则上限") == "原则上限"


def test_a_joint_figure_keeps_both_partners() -> None:
    # made-up: 华为与小米合计出货量 was labelled 小米出货量, the joint number as one partner's
    from bot.summarizer.rawlabel import make_label

    raw = make_label("华为与小米合计出货量", keep_verb=True, limit=None)
    assert tidy_label(raw) == "华为与小米出货量"
    assert tidy_label(make_label("戴尔与惠普营收", keep_verb=True, limit=None)) == "戴尔与惠普营收"


def test_either_of_two_words_is_one_label() -> None:
    # 硕士/博士占比: the share of either, not of the second alone
    assert tidy_label("硕士/博士占比") == "硕士/博士占比"
    assert tidy_label("团队中硕士/博士占比") == "硕士/博士占比"


def test_a_place_between_subject_and_measure_goes_the_subject_stays() -> None:
    # made-up: whose share it is stays; where it is measured goes
    assert "星河耳机" in tidy_label("星河耳机在中国蓝牙耳机市场的整体销售额份额已率先突破")


def test_a_columns_bracketed_tag_is_no_part_of_a_label() -> None:
    # made-up: Eastmoney's 【导读】 heads a paragraph; the line names the company and its plan
    got = extract_figures(
        "甲乙科技拟投建总部项目",
        ["【导读】甲乙科技拟斥资60亿元，投建总部项目", "公司最新总市值为893亿元。"],
        year=2026,
    )
    assert got and got[0].value == "60亿元", got
    assert not any("【" in f.label or "导读" in f.label for f in got), got
