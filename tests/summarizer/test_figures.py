"""Key figures: labels, changes and ranking."""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.modality import has_marker
from bot.summarizer.rawlabel import make_label

ALIBABA_TITLE = "中国制造“出海”，数字化外贸成新亮点 阿里2022财年海外市场消费者新增6400万"
ALIBABA = (
    "5月26日晚，阿里巴巴集团公布2022财年第四季度及全年业绩，其全球年度活跃消费者已达13.1亿。",
    "根据财报，四季度阿里收入为2040.52亿元人民币，其中四季度海外商业板块收入为143.35亿元，"
    "同比增长7%。",
    "数据显示，国际零售业务总订单量同比增长34%。",
)


def test_title_number_first_then_lead() -> None:
    figs = extract_figures(ALIBABA_TITLE, ALIBABA)
    assert figs[0].value == "6400万"
    assert "海外市场消费者" in figs[0].label
    values = [f.value for f in figs]
    assert values.index("13.1亿") < values.index("34%")


def test_change_attaches_to_its_amount() -> None:
    figs = {f.value: f for f in extract_figures(ALIBABA_TITLE, ALIBABA)}
    assert figs["143.35亿元"].change == "同比+7%"
    assert "7%" not in figs  # shown as the change of 143.35亿元
    assert figs["143.35亿元"].label == "四季度海外商业板块收入"
    assert figs["2040.52亿元人民币"].label == "四季度阿里收入"


def test_never_a_year_or_date_even_in_the_title() -> None:
    figs = extract_figures(ALIBABA_TITLE, ALIBABA)
    assert not any(f.value.startswith(("2022", "5月")) for f in figs)


def test_max_figures() -> None:
    assert len(extract_figures(ALIBABA_TITLE, ALIBABA, max_figures=2)) == 2
    assert extract_figures(ALIBABA_TITLE, ALIBABA, max_figures=0) == []


def test_decline_wording() -> None:
    figs = extract_figures("", ["公司净利润为3.2亿元，同比下降12.3%。"])
    assert figs[0].value == "3.2亿元"
    assert figs[0].change == "同比-12.3%"


def test_narrowing_decline_keeps_text_wording() -> None:
    figs = extract_figures("", ["出口额为1200亿美元，降幅收窄至3.2%。"])
    assert figs[0].change == "降幅收窄至3.2%"
    # 收窄 has no sign (a fall can narrow): the word says which way, never a bare 同比14个基点
    figs = extract_figures("", ["甲银行2025年净息差为1.28%，同比收窄14个基点。"])
    assert figs[0].change == "同比收窄14个基点"


def test_change_before_level() -> None:
    figs = extract_figures("", ["年度经常性收入同比增长11%至18.53亿美元。"])
    assert figs[0].value == "18.53亿美元"
    assert figs[0].change == "同比+11%"
    # 达到 links them as 至 does: one line, not the change twice (…增长41% 13.4万亿元)
    figs = extract_figures("", ["过去五年，某行业投资规模增长41%达到13.4万亿元。"])
    assert [(f.value, f.change) for f in figs] == [("13.4万亿元", "+41%")]
    assert "41" not in figs[0].label
    # the base a change is measured against, written inside it, keeps the change on its level
    text = (
        "一季度某板块营收17.65万亿元，同比较2025年一季报增长4.9%；"
        "净利润1.59万亿元，较2025年一季报同比增长6.7%。"
    )
    got = {f.value: f.change for f in extract_figures("", [text])}
    assert got["17.65万亿元"] == "+4.9%" and got["1.59万亿元"] == "同比+6.7%"
    assert "4.9%" not in got and "6.7%" not in got


def test_index_level_with_point_and_percent_moves() -> None:
    text = ["截至收盘，道琼斯工业平均指数比前一交易日上涨151.83点，收于54036.93点，涨幅为0.28%。"]
    figs = extract_figures("", text)
    assert figs[0].label == "道琼斯工业平均指数收于"  # the close
    assert figs[0].value == "54036.93点"
    assert figs[0].change == "+151.83点，涨幅0.28%"


def test_percentage_point_change() -> None:
    figs = extract_figures("", ["制造业PMI为50.3%，较上月上涨2.15个百分点。"])
    assert figs[0].value == "50.3%"
    assert figs[0].change == "环比+2.15个百分点"


def test_standalone_change_label_says_what_moved() -> None:
    figs = extract_figures("", ["国际零售业务总订单量同比增长34%。"])
    assert figs[0].value == "34%"
    assert figs[0].label.endswith("同比增长")
    assert figs[0].label.startswith("国际零售")


def test_label_from_text_after_number() -> None:
    figs = extract_figures("", ["在ADI行业，1200MPa抗拉强度是行业通用性能标准。"])
    assert figs[0].label == "抗拉强度"


def test_flash_without_figures_reports_nothing() -> None:
    text = ["据天眼查APP显示，12月7日，百度获得了“AR背景音频处理方法”专利授权。"]
    assert extract_figures("百度获AR专利授权", text) == []


def test_table_rows_get_their_row_label() -> None:
    rows = ["指标 | 金额 | 同比", "营业收入 | 98.37亿元 | 3.15%"]
    figs = {f.value: f.label for f in extract_figures("", rows)}
    assert figs["98.37亿元"] == "营业收入"


def test_make_label_drops_dates_and_fluff() -> None:
    assert make_label("截至2022年3月31日，其中四季度阿里收入为") == "四季度阿里收入"
    assert make_label("据公司公告显示，公司总资产约为") == "公司总资产"


def test_from_a_to_b_is_the_level_reached_with_its_start() -> None:
    text = ["通信ETF国泰规模从2025年底的136.38亿元增至562.23亿元，表现突出。"]
    figs = extract_figures("", text)
    assert figs[0].value == "562.23亿元"
    assert figs[0].change == "从136.38亿元"
    assert figs[0].label == "通信ETF国泰规模"
    assert "136.38亿元" not in [f.value for f in figs]


def test_level_reached_is_not_a_signed_change() -> None:
    figs = extract_figures("", ["7月失业率降至4.1%，市场预估为4.2%。"])
    got = {f.value: f for f in figs}
    assert got["4.1%"].label in ("失业率", "7月失业率")  # the post's own clause may say the month
    # never "-4.1%": the rate is 4.1%, it fell to it; the consensus goes beside it
    assert got["4.1%"].change == "预期4.2%"


def test_a_price_adjusted_to_is_the_new_price_not_the_adjustment() -> None:
    # 调整为: the level set, never 调整 9.35元/股 (换股价格…调整为9.35元/股 in
    # long/2025-09-29-em202509283525647189; 折算率调整为0 in long/2025-10-10-wscn3756918;
    # 不超过10万元调整为不超过1万元 in long/2026-07-01-em202606303788750595)
    figs = extract_figures("甲公司公告", ["甲公司的回购价格将调整为9.35元/股。"])
    assert figs[0].value == "9.35元/股"
    assert not figs[0].label.endswith("调整") and "回购价格" in figs[0].label


def test_value_after_a_colon_takes_the_words_before_the_colon() -> None:
    text = ["特斯拉全年营收从977亿美元降至948亿美元。", "每股收益：50美分，预期为45美分。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["50美分"] == "每股收益"
    assert got["948亿美元"] == "特斯拉全年营收"  # labels never borrowed from another sentence


def test_figures_the_summary_already_states_give_way() -> None:
    text = [
        "沪指涨0.16%，收报4086.34点；深证成指涨0.37%，收报14995.75点；创业板指跌0.52%，"
        "收报3648.79点；科创50指数涨3.76%，收报1508.38点。沪深京三市成交额26051亿。"
    ]
    said = text[0].split("；科创50")[0]
    without = [f.value for f in extract_figures("", text, max_figures=3)]
    with_summary = [f.value for f in extract_figures("", text, max_figures=3, summary=said)]
    assert "26051亿" not in without
    assert "26051亿" in with_summary


def test_the_reference_of_a_comparison_is_not_a_figure() -> None:
    text = [
        "每股基本收益7.15欧元，较去年同期的6.00欧元大幅提升；标的资产评估值达8.02亿元，较1.31亿元的净资产账面价值增值。"
    ]
    values = [f.value for f in extract_figures("", text)]
    assert "7.15欧元" in values and "8.02亿元" in values
    assert "6.00欧元" not in values and "1.31亿元" not in values
    # 同比, 占比 and 比例 are no comparison: 单季净利润同比翻倍 and 占比73% stay
    values = [
        f.value
        for f in extract_figures("", ["盈利公司占比73%；股票比例已从前一周的58%下降至53%。"])
    ]
    assert "73%" in values


def test_the_named_reference_after_gaoyu_is_not_a_figure() -> None:
    # made-up: 2.8% is the index's yield the banks' 5.1% is compared with, 2% the bank's target
    text = [
        "甲银行股的股息收益率约为5.1%，大幅高于乙指数2.8%的整体水平。",
        "丙国通胀率为3.4%，仍略高于央行2%的长期目标。",
    ]
    values = [f.value for f in extract_figures("甲银行股股息率走高", text, year=2026)]
    assert "约为5.1%" in values and "3.4%" in values
    assert "2.8%" not in values and "2%" not in values
    # with nothing between 高于 and the number it is a threshold: the figure itself
    values = [f.value for f in extract_figures("", ["丁公司月收入高于6250元的员工有120名。"])]
    assert "高于6250元" in values


def test_a_dash_ends_the_clause_a_label_is_taken_from() -> None:
    # made-up: 46.7亿港元 is the June placement, not the third raise the words before —— name
    text = ["这已是甲公司一年内的第三次融资——6月刚完成46.7亿港元配售，三次累计募资超168亿港元。"]
    got = {f.value: f.label for f in extract_figures("甲公司再融资", text, year=2026)}
    assert "第三次" not in got.get("46.7亿港元", "")


def test_a_line_named_after_its_number_keeps_the_period_its_clause_opens_with() -> None:
    # made-up: 配售 comes after the number; the clause's 6月 went with its verb 刚完成
    text = ["这已是甲公司一年内的第三次融资——6月刚完成46.7亿港元配售，累计募资超168亿港元。"]
    got = {f.value: f.label for f in extract_figures("甲公司再融资", text, year=2026)}
    assert got.get("46.7亿港元") == "6月配售"


def test_odds_name_their_event_and_the_event_is_no_figure() -> None:
    text = ["截至1月27日，美联储1月降息25个基点的概率仅有2.8%，维持利率不变的概率达97.2%。"]
    figs = {f.value: f.label for f in extract_figures("", text)}
    assert "25个基点" not in figs  # the scenario, not a cut that happened
    assert figs["2.8%"] in ("美联储降息概率", "美联储1月降息25个基点的概率")
    # the actor of the clause before (美联储) carries to the bare metric (subjects.py)
    assert figs["97.2%"] in ("利率不变概率", "美联储利率不变概率", "1月美联储利率不变概率")


def test_a_negated_bound_keeps_its_negation() -> None:
    # 不超60亿元 read as 超60亿元 would say the opposite of the post
    (f,) = extract_figures("标题", ("单家银行发行规模不超60亿元。",), max_figures=5)
    assert f.value == "不超60亿元"
    (f,) = extract_figures("标题", ("年内涨幅未达5%。",), max_figures=5)
    assert f.value == "未达5%"
    (f,) = extract_figures("标题", ("公司净利润超60亿元。",), max_figures=5)
    assert f.value == "超60亿元"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("今年以来，甲公司和乙公司分别上涨128%和149%。", {"128%": "甲公司", "149%": "乙公司"}),
        (
            "上半年营收、净利润分别为24.47亿元、1.53亿元。",
            {"24.47亿元": "营收", "1.53亿元": "净利润"},
        ),
        ("成长风格、创业板指、主线行业跌幅分别在10%、13%、15%左右。", {"10%": "成长风格跌幅"}),
        # whose and when, written once before the first measure, hold for every measure
        (
            "甲公司2024年营收、净利润分别为2.28亿元、945.81万元。",
            {"2.28亿元": "甲公司2024年营收", "945.81万元": "甲公司2024年净利润"},
        ),
        (
            "2025年上半年营收、归母净利润分别为24.47亿元、1.53亿元。",
            {"24.47亿元": "2025年上半年营收", "1.53亿元": "2025年上半年归母净利润"},
        ),
        # the session's peak, not the quote now (made-up: 分别最高触及 after two rates)
        (
            "截至午间，甲币、乙币对美元汇率分别最高触及7.1015、7.1002，双双创下年内新高。",
            {"7.1015": "甲币对美元汇率最高", "7.1002": "乙币对美元汇率最高"},
        ),
    ],
)
def test_respectively_gives_each_value_its_own_item(text: str, want: dict[str, str]) -> None:
    got = {f.value: f.label for f in extract_figures("", [text])}
    for value, name in want.items():
        assert name in got[value], got
    assert "乙公司" not in got.get("128%", "")  # never the name written right before it


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "2023年至2025年，甲公司分别实现营业收入3.01亿元、7.22亿元及9.90亿元。",
            {"3.01亿元": "2023年", "7.22亿元": "2024年", "9.90亿元": "2025年"},
        ),
        (
            "2022年至2024年，公司归母净利润分别为0.18亿元、-0.29亿元和-0.50亿元，连续两年亏损。",
            {"0.18亿元": "2022年", "-0.50亿元": "2024年"},
        ),
    ],
)
def test_a_respectively_list_over_years_gives_each_value_its_year(
    text: str, want: dict[str, str]
) -> None:
    got = {f.value: f.label for f in extract_figures("", [text])}
    for value, year in want.items():
        assert got[value].startswith(year) and ("营业收入" in got[value] or "净利润" in got[value])


def test_a_span_of_years_is_no_single_figure_period() -> None:
    # two years for three values: which is whose cannot be told, and 2025年 is no one's period
    got = {
        f.value: f.label
        for f in extract_figures("", ["2023年至2025年，甲公司分别实现营业收入3.01亿元、7.22亿元。"])
    }
    assert "2025年" not in got.get("3.01亿元", "")


def test_an_old_value_says_its_year() -> None:
    text = "煤炭消费比重由2015年的13.1%大幅回落，目前约为5%。"
    got = {f.value: f.label for f in extract_figures("", [text])}
    assert got["13.1%"].startswith("2015年")  # not read as today's share


def test_a_move_between_two_years_is_one_line_of_the_later_year() -> None:
    text = "煤炭消费比重由2015年的13.1%下降到2020年的1.5%。"
    got = {f.value: f for f in extract_figures("", [text])}
    assert got["1.5%"].label.startswith("2020年") and got["1.5%"].change == "由13.1%"
    assert "13.1%" not in got  # the start is the line's change, not a line of its own


def test_a_respectively_list_that_does_not_pair_up_shows_none_of_its_values() -> None:
    got = {f.value: f.label for f in extract_figures("", ["甲、乙、丙的跌幅分别在10%、13%左右。"])}
    assert "10%" not in got and "13%" not in got


def test_a_list_written_clauses_before_respectively_names_its_values() -> None:
    listed = "某行将永利澳门(1128.HK)及美高梅中国(2282.HK)列为首选，"
    text = [listed + "目标价分别下调至12.5港元及18.6港元。"]
    got = {f.value: f.label for f in extract_figures("某行：下调博彩股目标价", text)}
    assert got.get("12.5港元") == "永利澳门目标价", got
    assert got.get("18.6港元") == "美高梅中国目标价", got
    text = ["股东张三与李四为新晋面孔，分别持有28.98万股、27.24万股。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got == {"28.98万股": "张三持有", "27.24万股": "李四持有"}, got
    # a value written without its unit (27.3及56.2港元) is not shown alone
    text = [listed + "目标价分别下调至12.5及18.6港元。"]
    assert "12.5" not in {f.value for f in extract_figures("某行：下调博彩股目标价", text)}


def test_values_a_list_is_compared_with_are_shown_only_in_the_sentence() -> None:
    text = ["周二甲指数上涨1.1%，乙指数微涨0.4%，但相较于上周分别高达3.2%和2.5%的跌幅。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert "3.2%" not in got and "2.5%" not in got  # last week's falls: whose cannot be said
    assert "1.1%" in got


def test_a_bound_below_or_above_stays_with_the_value() -> None:
    # 均低于3.5万美元 is no price of 3.5万美元; 高于6250元 is a threshold, not an income
    got = {f.value for f in extract_figures("", ["两款车型的起售价均低于3.5万美元。"])}
    assert "低于3.5万美元" in got
    got = {f.value for f in extract_figures("", ["即便月收入高于6250元也无需缴税。"])}
    assert "高于6250元" in got


def test_a_count_or_size_is_not_labelled_as_a_price() -> None:
    # 512GB基础款定价1049美元: 512GB is no 定价 (the noun after it names the next value)
    got = {f.value: f.label for f in extract_figures("", ["这款主机的512GB基础款定价1049美元。"])}
    assert "定价" not in got.get("512GB", "")
    assert "1049美元" in got


def test_a_previous_value_in_brackets_says_so() -> None:
    text = ["对于该公司，其H股目标价也上调至120.0港元（此前为90.0港元），估值模型同样更新。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["90.0港元"].endswith("此前")  # never shown as the target price itself


def test_a_short_list_item_is_shown_as_written() -> None:
    text = ["截至上午10点，在岸、离岸人民币对美元汇率分别最高触及6.3515、6.3512。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["6.3515"] == "在岸人民币对美元汇率最高"  # each one's peak (分别最高触及)
    assert got["6.3512"] == "离岸人民币对美元汇率最高"


def test_a_respectively_list_of_changes_goes_to_the_levels_before_it() -> None:
    text = (
        "11月，集团实现合同销售金额约75.37亿元，合同销售面积511,348平方米，同比分别下降26%和50%。"
    )
    title = "甲集团：11月合同销售金额约75.37亿元 同比下降26%"
    got = {f.value: f.change for f in extract_figures(title, [text])}
    assert got["约75.37亿元"] == "同比-26%" and got["511,348平方米"] == "同比-50%"
    assert "26%" not in got and "50%" not in got  # no bare 同比下降 line beside them


def _labels(text: str, year: int) -> dict[str, str]:
    return {f.value: f.label for f in extract_figures("甲公司押注新赛道", [text], year=year)}


def test_a_figure_of_another_year_than_the_post_says_its_year() -> None:
    text = "2022年全年，甲公司归母净利润13.77亿元，同比增长273%；游戏业务贡献净利润10.78亿元。"
    got = _labels(text, 2026)
    assert got["13.77亿元"].startswith("2022年") and got["10.78亿元"].startswith("2022年")
    assert not _labels(text, 2022)["13.77亿元"].startswith("2022年")  # the post's own year


@pytest.mark.parametrize(
    "text",
    [
        "在甲公司2024年度利润分配实施完毕后，甲公司的换股价格将调整为9.35元/股。",  # another noun's
        "自2024年9月以来，甲公司股价区间最大涨幅为536.86%。",  # the start of a span
    ],
)
def test_a_period_of_something_else_is_not_the_figures(text: str) -> None:
    # a span may be named as the span it is (2024年9月以来), never as the figure's own year
    labels = _labels(text, 2026).values()
    assert not any(label[:4].isdigit() and "以来" not in label for label in labels)


def test_a_bound_apart_from_its_number_stays_on_the_line() -> None:
    got = {f.value: f.label for f in extract_figures("", ["该交易规模至少为2.2亿美元。"])}
    assert got["2.2亿美元"].endswith("至少")  # a floor, never the amount itself


def test_a_total_at_a_month_end_is_not_that_months_amount() -> None:
    got = {f.value: f.label for f in extract_figures("", ["截至6月底，公司总合同额为120亿元。"])}
    assert "6月" not in got["120亿元"]  # 6月总合同额 would read as June's own contracts
    got = {f.value: f.label for f in extract_figures("", ["公司6月营收为12亿元。"])}
    assert got["12亿元"].startswith("公司6月")


def test_where_the_title_names_two_companies_a_line_must_say_whose() -> None:
    title = "甲公司吸收合并乙公司获批"
    text = [
        "甲公司2024年营收为2.28亿元。相比之下，乙公司规模更大，2024年营收为66.39亿元，归母净利润为5.40亿元。"
    ]
    one = {f.value: f.label for f in extract_figures(title, text, companies=1)}
    two = {f.value: f.label for f in extract_figures(title, text, companies=2)}
    assert "5.40亿元" in one  # one company in the title: its 归母净利润 is that company's
    assert "5.40亿元" not in two  # two: a line that names neither is anyone's
    assert all(not label.endswith("营收") or "公司" in label for label in two.values())


def test_the_consensus_a_result_beat_goes_beside_the_result() -> None:
    text = ["公司营收达5.2亿美元，同比增长30%，超越分析师预期的4.9亿美元，毛利率创新高。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["5.2亿美元"].change == "同比+30%，预期4.9亿美元"
    assert "4.9亿美元" not in got  # not a line of its own: it is no amount the company made
    text = ["该国5月新增就业岗位录得8.1万个，远低于市场预期的15万个。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["8.1万个"].change == "预期15万个" and "15万个" not in got


def test_the_consensus_told_in_the_next_clause_goes_beside_the_result() -> None:
    # made-up: no verb of comparing, only who expected what; a change's consensus keeps its way
    text = ["甲公司一季度营收563.1亿美元，同比增长33%，分析师预期555.1亿美元。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["563.1亿美元"].change == "同比+33%，预期555.1亿美元" and "555.1亿美元" not in got
    text = ["该国7月就业人数意外减少2.3万人，市场预估增加约8万人，失业率报4.1%。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["2.3万人"].change == "预期增加约8万人" and "约8万人" not in got
    # 预计 with no one expecting: a forecast of the next quarter, not a consensus
    got = {f.value: f for f in extract_figures("", ["营收28亿美元，预计下季度营收30亿美元。"])}
    assert not got["28亿美元"].change


def test_a_value_after_an_expectation_of_something_else_is_not_its_consensus() -> None:
    text = ["公司营收达5.2亿美元，市场此前预期公司将裁员，裁员规模为1200人。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert not (got["5.2亿美元"].change or "").count("预期")


def test_an_earlier_value_a_figure_is_compared_with_goes_beside_it() -> None:
    text = ["公司一季度运营亏损2600万美元，高于去年同期的2200万美元。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["2600万美元"].change == "去年同期2200万美元"
    assert "2200万美元" not in got  # not a line labelled only with a time


def test_a_close_or_a_quote_says_so_on_the_line() -> None:
    text = ["截至收盘，甲综合指数比前一交易日上涨95.15点，收于22755.16点，涨幅为0.42%。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["22755.16点"].endswith("收于")  # the close, not any level of the day
    text = ["乙生物科技午后涨幅扩大至7.72%，报39.75港元。"]
    got = {f.value: f.label for f in extract_figures("", text)}
    assert got["39.75港元"].endswith("报")


def test_a_change_is_not_lent_to_the_same_number_of_another_subject() -> None:
    text = [
        "甲云营收增长40%，乙云营收增长29%。",
        "分析师预计丙云三月季度收入增速将达40%，高于上季度的36%。",
    ]
    got = {f.value: f for f in extract_figures("", text)}
    assert "36%" not in (got["40%"].change or "")  # 丙云's reference is not 甲云's


def test_a_move_reversed_later_says_so() -> None:
    text = ["甲院线曾涨近1.2%，乙流媒体盘初下跌1.9%后转涨，而丙影业曾跌2.1%。"]
    got = {f.value: f for f in extract_figures("", text)}
    assert got["1.9%"].change == "后转涨"  # not read as the close


def test_a_forecast_in_a_houses_section_of_a_roundup_names_the_house() -> None:
    body = [
        "本周沪指上涨1.46%。我们汇总了各大机构的最新投资策略。",
        "甲乙策略：下半年行业配置展望",
        "整体测算下来，我们预计A股全年资金净流入达2万亿元。本周创业板指下跌超过10%。",
    ]
    got = {f.value: f.label for f in extract_figures("十大机构论市：牛市轮涨", body)}
    assert got["2万亿元"].startswith("甲乙策略预计")  # one house's view, not the market's
    assert not got.get("超过10%", "").startswith("甲乙策略")  # a fact it cites is no one's view


def test_a_second_list_after_a_respectively_list_of_years_is_of_the_same_years() -> None:
    text = [
        "2023年至2025年，甲科技分别实现营业收入3.01亿元、7.22亿元及9.90亿元，"
        "归属于母公司股东的净亏损16.65亿元、15.10亿元及11.64亿元，3年合计净亏损43.39亿元。"
    ]
    got = {f.value: f.label for f in extract_figures("甲科技IPO过会", text, max_figures=8)}
    assert got["16.65亿元"].startswith("2023年") and "净亏损" in got["16.65亿元"]
    assert got["11.64亿元"].startswith("2025年")  # not shown as if it were the latest year's


_LAUNCH = [
    "甲公司新游戏于4月23日公测，上线当天甲公司股价下跌5.89%，次日跌停。",
    "新游戏首周流水约3.2亿元。",
    "玩家对剧情和玩法的评价褒贬不一。",
    "公司回应称将持续优化。",
    "2021年，甲公司营收85.18亿元，同比下滑17%。",  # deep in the post, as a record
]


def test_a_figure_of_a_year_long_past_is_history_not_news() -> None:
    # in a 2026 post the 2021 results are the company's record; in a 2022 post last year's
    old = {f.value for f in extract_figures("甲公司新游戏公测", _LAUNCH, year=2026)}
    recent = {f.value for f in extract_figures("甲公司新游戏公测", _LAUNCH, year=2022)}
    assert "85.18亿元" not in old and "5.89%" in old
    assert "85.18亿元" in recent


def test_a_span_of_years_long_past_is_history_by_its_end() -> None:
    # made-up: 2010年至2016年 dates the clause after it; read without it, the line says today
    text = [
        "高价股扩容成为今年甲市场的一大看点。",
        "截至2026年5月12日，甲市场股价超过300元的个股多达41只，数量创历史新高。",
        "以历年年末收盘价统计，2010年至2016年，甲市场并无个股股价超过500元。",
    ]
    values = {f.value for f in extract_figures("甲市场高价股增多", text, year=2026)}
    assert "超过300元" in values and "超过500元" not in values


def test_a_bulleted_item_of_a_last_century_year_is_history() -> None:
    # made-up: a box recounting 1995 under a 2025 obituary; ◆ marks the list item, not the clause
    text = [
        "甲先生因病逝世，享年78岁。",
        "他创办的乙证券曾是行业龙头，资产规模一度达到数十亿元。",
        "◆1995年2月23日，丙部门发布公告，丁国债将按148.50元兑付，乙证券为此将巨亏60亿元。",
    ]
    values = {f.value for f in extract_figures("甲先生逝世", text, year=2025)}
    assert "148.50元" not in values and "60亿元" not in values


def test_a_year_inside_a_named_law_is_not_a_date() -> None:
    # made-up: 《1974年贸易法》 names a law; the tariff is this year's
    text = [
        "甲国政府宣布对乙国部分产品加征50%关税。",
        "今年2月，甲国政府改用《1974年贸易法》第122条对进口商品征收为期150天的10%临时关税。",
    ]
    values = {f.value for f in extract_figures("甲国对乙国加征50%关税", text, year=2026)}
    assert "10%" in values


def test_history_keeps_a_year_the_title_names_and_last_years_figures() -> None:
    titled = {f.value for f in extract_figures("甲公司2021年营收回顾", _LAUNCH, year=2026)}
    last = [*_LAUNCH[:-1], "2025年，甲公司营收85.18亿元，同比下滑17%。"]
    assert "85.18亿元" in titled
    assert "85.18亿元" in {f.value for f in extract_figures("甲公司新游戏公测", last, year=2026)}


@pytest.mark.parametrize(
    "text,value",
    [
        ("2024年9月至今，乙公司股价区间最大涨幅达536.86%。", "536.86%"),  # a span to now
        ("乙公司全年营收从2024年的977亿美元降至948亿美元。", "948亿美元"),  # moved from
        ("与2024年相比，乙公司工程师每日合并代码量已增长8倍。", "8倍"),  # compared with
    ],
)
def test_a_year_that_starts_a_span_or_a_comparison_is_not_the_figures_own(
    text: str, value: str
) -> None:
    assert value in {f.value for f in extract_figures("乙公司", [text], year=2026)}


def test_an_example_or_a_contrast_is_background() -> None:
    news = [
        "甲公司一季度营收12.5亿元，同比增长30%。",
        "公司表示，增长主要来自海外市场。",
        "行业人士认为需求仍将保持旺盛。",
        "例如，乙公司一款产品近一个月销售额达8.41亿元。",
        "相比之下，丙公司同期营收仅增长1.9%。",
    ]
    got = {f.value for f in extract_figures("甲公司一季度营收增长30%", news, year=2026)}
    assert "12.5亿元" in got
    assert "8.41亿元" not in got and "1.9%" not in got


def test_figures_in_a_bracket_aside_are_background() -> None:
    # made-up: a list of evidence in a bracket, and a former value beside the sentence's figure
    news = [
        "甲证券表示，乙国AI模型收入持续超预期，而丙国云巨头的一季度业绩（丁云同比增长63%、戊云增长40%）"
        "已为行业景气度提供了佐证。",
        "甲证券将己公司目标价上调至117港元（此前为95港元），维持买入评级。",
    ]
    got = {f.value for f in extract_figures("甲证券：乙国AI五大辩论", news, year=2026)}
    assert "117港元" in got
    assert not got & {"63%", "40%", "95港元"}


def test_a_bracket_that_holds_the_sentences_one_figure_is_its_substance() -> None:
    news = ["甲证券认为存储行业长期依然看涨（预计2027年盈利将增长35-40%），但短期需警惕回调。"]
    got = {f.value for f in extract_figures("存储涨到头了吗", news, year=2026)}
    assert "35-40%" in got


def test_a_percentage_is_no_amount() -> None:
    # made-up: 513.62% is the premium over the book value, not the book value
    news = ["乙公司标的资产评估值达8.02亿元，较1.31亿元的净资产账面价值增值513.62%。"]
    got = {f.value: f.label for f in extract_figures("甲集团重组", news, year=2026)}
    assert "8.02亿元" in got
    assert not got.get("513.62%", "").endswith("账面价值")


def test_a_move_with_no_subject_takes_the_index_named_before_it() -> None:
    got = {
        f.value: f.label
        for f in extract_figures(
            "韩国股市巨震", ["韩国KOSPI指数一度重挫39%，随后于7月31日单日暴涨17.9%。"]
        )
    }
    assert got["17.9%"].startswith("韩国KOSPI指数")


def test_the_company_of_a_post_about_several_is_named() -> None:
    text = "背后是基本面兑现。以甲乙科技为例，公司一季度营收同比增约192%，净利润同比增约262%。"
    names = ("甲乙科技", "丙丁股份")
    got = {f.value: f.label for f in extract_figures("高价股扩容", [text], names=names)}
    assert got["约192%"].startswith("甲乙科技")
    alone = {f.value: f.label for f in extract_figures("高价股扩容", [text], names=names[:1])}
    # one company: 公司 is that one, named too, so the line reads alone (editors, 2026-12-06
    # twenty-fifth session: 一季度公司营业收入 "does not name the company")
    assert alone["约192%"].startswith("甲乙科技")


def test_a_bare_line_names_the_subject_its_sentence_opened_with() -> None:
    title = "星河科技发布新一代芯片"
    body = ["Orbix在周三公布财报，第一季度营收12亿美元，同比增长30%。"]
    figs = {f.value: f for f in extract_figures(title, body)}
    # not 第一季度营收 under a title about 星河科技: the revenue is Orbix's
    assert figs["12亿美元"].label.startswith("Orbix")


def test_a_price_after_a_move_is_named_by_what_moved_not_by_the_move() -> None:
    body = ["甲乙原油期货收跌1.78美元，跌幅2.32%，报74.82美元/桶。"]
    figs = {f.value: f for f in extract_figures("油价走低", body)}
    assert figs["74.82美元/桶"].label.startswith("甲乙原油期货")  # not 跌幅
    assert figs["74.82美元/桶"].change == "跌幅2.32%"


def test_a_total_after_a_list_is_not_named_as_its_last_item() -> None:
    body = ["甲项目拟投入募集资金15.03亿元，乙项目拟投入募集资金33.00亿元，合计48.03亿元。"]
    figs = {f.value: f for f in extract_figures("丙丁科技IPO过会", body)}
    assert figs["48.03亿元"].label == "合计募集资金"  # the sum, not 乙项目's amount


def test_a_move_keeps_the_span_it_covers() -> None:
    body = ["板块大涨推动甲乙100指数在六周内飙升25%。"]
    figs = {f.value: f for f in extract_figures("甲乙芯片板块狂飙", body)}
    assert "六周内" in figs["25%"].label  # a six-week gain, not the day's


def test_gongsi_in_a_line_is_the_company_its_sentence_opened_with() -> None:
    body = ["财报方面，Orbix盘后涨超7%，公司一季度营收102.53亿美元，上年同期74.38亿美元。"]
    figs = {f.value: f for f in extract_figures("全球市场：甲指涨超1% 乙公司大涨", body)}
    assert figs["102.53亿美元"].label.startswith("Orbix")  # not 公司, read as 乙公司's


def test_each_says_the_value_holds_for_every_item() -> None:
    body = ["但涨势在3月10日至11日迅速逆转，两天甲乙油价跌幅均超10%。"]
    figs = {f.value: f for f in extract_figures("甲乙油价大跌", body)}
    assert figs["超10%"].label.endswith("均")  # each day's fall, not the two days' together


def test_a_peak_says_its_verb_or_high_or_low() -> None:
    # made-up: 一度/最高 alone end the label on an adverb (甲指数一度 95.51 reads as junk), and a
    # verb ending on 至 dangles as well: 一度跌至 is the low reached, 一度升至 the high
    body = ["周二，甲指数一度跌至95.51，乙丙汇率日内一度升至1.2081，丁原油最高报119.48美元/桶。"]
    figs = {f.value: f for f in extract_figures("甲指数跌至新低", body)}
    assert figs["95.51"].label.endswith("甲指数最低")
    assert figs["1.2081"].label.endswith("乙丙汇率日内最高")
    assert figs["119.48美元/桶"].label.endswith("丁原油最高报")


def test_a_held_level_says_it_is_held() -> None:
    # made-up: without 维持, the rate band reads as any level, not the decision to hold it
    body = ["甲国央行宣布将政策利率目标区间继续维持在3.5%至3.75%之间，符合市场预期。"]
    figs = {f.value: f for f in extract_figures("甲国央行按兵不动", body)}
    assert figs["3.5%至3.75%"].label.endswith("维持")


def test_value_shown_without_a_space_before_its_unit() -> None:
    # made-up; some outlets write 5000 万元 (36kr duee… posts of 2018-2019)
    body = ["某公司2018年整体营收5000 万元，门店数量达到2000 个。"]
    got = extract_figures("某公司完成融资", body)
    assert [f.value for f in got] == ["5000万元", "2000个"]


def test_label_without_the_stock_code_in_brackets() -> None:
    # made-up; the ticker line shows the code, the label names the company
    got = extract_figures("某药业(1234.HK)5日累计大跌50%", ["某药业(1234.HK)今日续跌超16%。"])
    assert got and all("1234" not in f.label and "某药业" in f.label for f in got)


def test_label_without_the_legal_form() -> None:
    # made-up: the company's name says it; Inc. takes room and reads as noise
    got = extract_figures("", ["消息公布后，Someco Inc.上涨7.4%，Otherco Corp.下跌2.6%。"])
    assert [f.label for f in got] == ["Someco上涨", "Otherco下跌"]


def test_a_space_inside_a_latin_name_does_not_split_the_title() -> None:
    # Headline phrases are set off by spaces, but 甲Phone Max is one name: its line says so.
    title = "上市仅半年 乙公司甲Phone Max降价900元促销"
    got = extract_figures(title, ["据悉，该机型将在月底前促销。"])
    assert [(f.label, f.value) for f in got][:1] == [("乙公司甲Phone Max降价", "900元")]


def test_the_base_of_an_exchange_rate_is_no_amount() -> None:
    got = extract_figures("甲国货币走弱", ["当日，甲元一度下跌1.09%，至1美元兑1520.8甲元。"])
    assert "1美元" not in [f.value for f in got]


def test_a_note_in_brackets_inside_a_quoted_name_is_no_figure() -> None:
    body = ["36氪获悉，咖啡品牌「甲乙咖啡（需求面积:150-300平方米）」已完成A轮融资。"]
    assert extract_figures("甲乙咖啡完成A轮融资", body) == []


def test_a_quote_per_unit_after_a_move_is_the_price_of_what_moved() -> None:
    # made-up: 最新报价每盎司 is 报 with its unit written before the number; the level takes the
    # move and the name of what moved
    got = {f.value: f for f in extract_figures("", ["甲金属涨超2.5%，最新报价每盎司4350美元。"])}
    assert got["4350美元"].label == "甲金属最新报价每盎司"
    assert got["4350美元"].change == "涨超2.5%"


def test_a_level_the_price_stays_above_is_no_figure() -> None:
    # made-up: 维持在…高位之上 names a threshold, not the price; the price is the other value
    from bot.summarizer.figures import _candidates

    s = "现货白银报50.41美元/盎司，虽较昨日有所回调，但仍维持在50美元/盎司高位之上。"
    score = {c.value: c.score for c in _candidates(s, "body", 0, 0, 0, set())}
    assert score["50.41美元/盎司"] > 0 > score["50美元/盎司"] + 500


def test_a_bound_written_after_a_value_stays_with_it() -> None:
    from bot.summarizer.context import bound_suffix

    s = "某酒企股价盘中重回1800元之上，某指数跌至3000点下方。"
    assert bound_suffix(s, s.index("元") + 1) == "之上"
    assert bound_suffix(s, s.index("点") + 1) == "下方"


def test_a_move_narrowed_to_a_level_is_no_line_of_its_own() -> None:
    # made-up: 跌幅收窄至约0.2% is where the fall ended; "跌幅收窄 约0.2%" reads as narrowed by 0.2%
    paras = ["财报发布后，某量子公司盘后股价一度下跌1.5%，但跌幅随后收窄至约0.2%。"]
    figs = [f.value for f in extract_figures("某量子公司一季度营收翻了三倍", paras)]
    assert "1.5%" in figs and "约0.2%" not in figs


def test_a_price_written_as_the_price_of_an_act_is_named_by_the_act() -> None:
    from bot.summarizer.nounafter import price_of_act

    text = (
        "甲公司高管在11月3日以0美元的价格行权了3000股期权，"
        "同时在11月5日以120.5美元的价格卖出了1500股。"
    )
    got = {f.value: f.label for f in extract_figures("甲公司高管行权期权", [text])}
    assert got["0美元"].endswith("行权价格"), got
    assert got["120.5美元"].endswith("卖出价格"), got
    s = "股价报120.5美元的价格区间"
    assert price_of_act(s, 2, 10) == ""  # no 以: not the price an act was done at


def test_a_number_said_as_a_scenario_and_as_a_fact_is_shown_as_the_fact() -> None:
    paras = [
        "如果在五年前，有人告诉投资人，甲公司能在纳斯达克上市，市值破50亿美元，对方大概率不会相信。",
        "如今，这家营收仅3000万美元的公司，市值已经超50亿美元。",
    ]
    got = {f.value: f.label for f in extract_figures("甲公司的狂欢", paras)}
    assert "超50亿美元" in got and not has_marker(got["超50亿美元"]), got


def test_a_headline_amount_without_its_unit_is_the_body_amount_with_it() -> None:
    body = ["甲公司近日完成A轮系列融资，三个月内两轮累计融资额超5亿元，老股东持续追投。"]
    got = [f.value for f in extract_figures("甲公司完成超5亿A轮融资", body)]
    assert sorted(got) in (["超5亿"], ["超5亿元"]), got
    got = [f.value for f in extract_figures("甲公司售出超5亿件", ["甲公司全年营收超5亿元。"])]
    assert len(got) == 2, got  # 5亿件 and 5亿元: two figures, each with its unit


def test_a_stake_is_named_by_its_act_and_its_company() -> None:
    from bot.summarizer.nounafter import stake_of_act

    body = [
        "甲证券昨晚公告，拟收购乙证券100%股权，公司股票将于今日复牌。",
        "丙集团持有丁科技约11.62%的股权。",
    ]
    got = {f.value: f.label for f in extract_figures("甲证券合并乙证券预案出炉", body)}
    assert "乙证券股权" in got["100%"] and "拟" in got["100%"], got
    s = "拟购买戊集团持有的乙证券16%股权"
    assert stake_of_act(s, s.index("16%"), s.index("16%") + 3) == ""  # 戊集团's stake, bought
    s = "持有该公司近3%的股权"
    assert stake_of_act(s, s.index("近3%"), s.index("近3%") + 3) == ""  # 该公司: no name
    s = "公告筹划收购己品牌80%股权"
    assert stake_of_act(s, s.index("80%"), s.index("80%") + 3) == "收购己品牌股权"


def test_a_stake_in_no_company_named_is_no_line() -> None:
    body = [
        "庚集团的管理人将对其持有的子公司股权进行拍卖，"
        "其中一项是持有辛文化旅游开发有限公司100%股权。"
    ]
    got = {f.value: f.label for f in extract_figures("庚集团所持子公司股权下月拍卖", body)}
    assert "100%" not in got, got


def test_a_few_days_of_a_month_stay_with_their_count() -> None:
    body = ["今年5月末，IPO迎来受理高峰。仅5月最后两个交易日，沪深北交易所合计受理企业达40家。"]
    got = {f.value: f.label for f in extract_figures("IPO受理迎高峰", body)}
    assert got["40家"].startswith("5月最后两个交易日"), got


def test_a_period_fits_a_line_by_its_shown_length() -> None:
    body = [
        "2025年上半年，甲光电再陷亏损，实现营业收入98.37亿元，同比增长3.15%；"
        "归属于上市公司股东的净利润为-1.09亿元，同比减少378.13%；"
        "归属于上市公司股东的扣除非经常性损益的净利润为-1.50亿元，同比减少944.18%。"
    ]
    got = {f.value: f.label for f in extract_figures("甲光电上半年亏损", body, max_figures=5)}
    assert got["-1.50亿元"].startswith("上半年"), got  # 上半年扣非归母净利润: 10 characters


def test_lines_of_one_sentence_name_the_same_company() -> None:
    body = [
        "甲光电拟收购乙微电子28%股权，交易价格为17.91亿元。",
        "2025年上半年，甲光电实现营业收入98.37亿元，同比增长3.15%；"
        "归属于上市公司股东的净利润为-1.09亿元，同比减少378.13%；"
        "扣非后净利润为-1.50亿元，同比减少944.18%。",
    ]
    names = ("甲光电", "乙微电子")  # the post's stocks
    figures = extract_figures("甲光电大并购", body, max_figures=5, names=names)
    got = {f.value: f.label for f in figures}
    assert got["98.37亿元"].startswith("甲光电"), got
    assert got["-1.09亿元"].startswith("甲光电"), got  # not 乙微电子's
    assert "扣非" in got.get("-1.50亿元", "扣非"), got  # 扣非后净利润 is no 净利润


def test_an_accounting_qualifier_names_no_owner() -> None:
    from bot.summarizer.whose import bare

    assert bare("上半年扣非归母净利润")  # a measure only: whose it is, its sentence says


def test_a_rate_that_slows_to_a_level_is_the_level() -> None:
    figures = extract_figures("", ["甲公司本周预警，年度营收增速将放缓至20%。"])
    got = {f.value: f.label for f in figures}
    assert "放缓" not in got["20%"] and "增速" in got["20%"], got  # slows to 20%, not by 20%


def test_a_bound_that_defines_a_group_is_no_figure() -> None:
    body = [
        "甲局表示，平台企业不得转嫁税负。对月收入在6250元以下的平台从业人员无需预扣税款，"
        "全年合计减免税额约30亿元。"
    ]
    got = {f.value for f in extract_figures("甲局：平台不得转嫁税负", body)}
    assert not any(v.startswith("6250") for v in got), got  # whom the rule is for
    figures = extract_figures("", ["受此影响，甲指数盘中出现了2%以上的跌幅。"])
    assert any(f.value.startswith("2%") for f in figures), figures  # a bound on the fall itself


def test_or_lower_after_a_value_stays_with_it() -> None:
    figures = extract_figures("", ["甲理事提议将政策利率快速降至2.5%或更低，但其论证并不充分。"])
    assert any(f.value == "2.5%或更低" for f in figures), figures


def test_an_interface_names_no_owner() -> None:
    from bot.summarizer.whose import bare

    assert bare("API费用下降")  # whose API: the sentence says (甲模型…使其API费用下降)


def test_a_line_names_the_company_its_sentence_reports_on_not_the_speaker() -> None:
    body = [
        "10月12日，甲矿业公告，控股子公司乙黄金国际收购丙金矿100%权益。",
        "甲矿业表示，乙黄金国际2024年黄金产量约40.4吨，位居全球第11位；营业收入29.9亿美元。",
    ]
    names = ("甲矿业", "乙黄金国际")
    figures = extract_figures("甲矿业又拿下一座金矿", body, names=names, max_figures=5)
    got = {f.value: f.label for f in figures}
    assert not got.get("29.9亿美元", "").startswith("甲矿业"), got  # 乙黄金国际's revenue


def test_a_count_for_whom_an_act_is_done_is_named_by_them() -> None:
    body = ["甲汽车正削减管理岗位，据悉已委托外部猎头公司为400至500名离职管理人员寻找新职位。"]
    got = {f.value: f.label for f in extract_figures("甲汽车疯狂裁员", body)}
    assert "管理人员" in got.get("400至500名", "管理人员"), got  # not 委托外部猎头公司
    assert "猎头" not in got.get("400至500名", ""), got


def test_because_is_no_for() -> None:
    from bot.summarizer.nounafter import beneficiary

    s = "因为2家公司退出了竞争"
    assert beneficiary(s, s.index("2家"), s.index("2家") + 2) == ""  # 因为: 为 inside a word


def test_for_whom_is_segmented_only_where_a_noun_follows(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.summarizer import nounafter

    cut: list[str] = []
    seg = nounafter.words
    monkeypatch.setattr(nounafter, "words", lambda text: cut.append(text) or seg(text))
    s = "公司上半年营收为98亿元，同比增长7%"  # 为 is "is": segmenting it is work for nothing
    at = s.index("98")
    assert nounafter.beneficiary(s, at, at + len("98亿元")) == ""
    assert cut == []
    s = "委托外部猎头公司为400名离职管理人员寻找新职位"
    at = s.index("400")
    assert nounafter.beneficiary(s, at, at + len("400名")) == "离职管理人员"
    assert cut == ["部猎头公司为"]  # the six characters before the number


def test_a_bound_on_a_move_is_no_group() -> None:
    from bot.summarizer.context import _bounds_a_group

    s = "甲公司营收实现了30%以上的增长"
    assert not _bounds_a_group(s, s.index("30%") + 3)  # the value's own growth


def test_a_rate_written_after_its_value_keeps_the_owner_written_before_it() -> None:
    # made-up: 预期股息收益率 约5% was nobody's beside the index's 2.8% (wscn3769450)
    text = ["在避险情绪主导市场的背景下，乙国银行股约5%的预期股息收益率远高于某指数的2.8%。"]
    got = {f.value: f.label for f in extract_figures("乙国银行股股息率走高", text)}
    assert "乙国银行股" in got["约5%"], got
    # a clause that acts on the value owns no rate: 按3%的税率 is no 按税率
    text = ["该公司将按3%的增值税率缴纳税款，全年营收增长12%。"]
    got = {f.value: f.label for f in extract_figures("该公司全年营收增长12%", text)}
    assert "按" not in got.get("3%", "")


def test_a_share_of_a_volume_is_no_line_named_by_the_volume() -> None:
    # made-up: 石油总消费量 约20% read as the volume's level; it is the strait's share of it
    text = ["某海峡承载着全球约20%的石油总消费量，日均通行油轮约40艘。"]
    got = {f.value: f.label for f in extract_figures("某海峡航运受阻", text)}
    assert "约20%" not in got, got
    text = ["该酒的酒精含量为40%，售价298元。"]
    assert "40%" in {f.value for f in extract_figures("某酒企推出新品", text)}


def test_a_days_move_after_a_level_is_the_levels_change_of_its_own_kind_only() -> None:
    # made-up: 比前一日价格上涨11元/克 was a line of its own, labelled by its comparison
    text = ["10月12日，甲市场黄金的基准销售价已达922元/克，比前一日价格上涨11元/克。"]
    got = [(f.value, f.change) for f in extract_figures("甲市场金价上涨", text)]
    assert got == [("922元/克", "较前一日+11元/克")]
    # an amount's move is not a share's: 160.65亿元 is the balance's, not the 2.6%'s
    text = [
        "截至5月8日，乙市场两融余额为28025.01亿元，占流通市值的比例为2.6%，较上一交易日增加160.65亿元。"
    ]
    got = {f.value: f.change for f in extract_figures("乙市场两融余额创新高", text)}
    assert got.get("2.6%") is None, got


def test_a_span_to_now_written_with_zhijin_dates_a_running_move() -> None:
    # made-up: 股价区间最大涨幅 536.86% said not over which span (2024年9月至今)
    text = [
        "甲科技拟斥资60亿元投资建设总部项目。",
        "2024年9月至今，甲科技股价区间最大涨幅达536.86%。",
    ]
    got = {f.value: f.label for f in extract_figures("甲科技拟投建总部项目", text)}
    assert got["536.86%"].startswith("2024年9月至今"), got


def test_a_levy_is_named_by_what_it_is_levied_on() -> None:
    # made-up: 关税 50% said neither on what nor whose, in a post that names another tariff too
    title = "甲国宣布对乙国部分产品加征50%关税"
    text = [
        "甲国白宫宣布，将对乙国部分产品额外加征50%的从价关税，此前全球进口商品的临时关税为10%。"
    ]
    got = {f.value: f.label for f in extract_figures(title, text)}
    assert got["50%"].endswith("对乙国部分产品加征关税"), got
    got = {f.value: f.label for f in extract_figures("甲国对乙国出手", text)}
    assert "对乙国部分产品额外加征从价关税" in got["50%"], got  # no line before: 从价关税 alone


def test_an_earlier_month_of_the_year_opens_background() -> None:
    # made-up: a February measure's 10% listed under July's 50% tariff, as if it were news
    from datetime import date

    text = [
        "当地时间7月20日，甲国宣布将对乙国部分产品额外加征50%的从价关税。",
        "乙国随即表示将采取反制措施。",
        "今年2月，甲国对全球大部分进口商品征收为期150天的10%临时进口关税。",
    ]
    got = {
        f.value
        for f in extract_figures(
            "甲国宣布对乙国部分产品加征50%关税", text, posted=date(2026, 7, 21)
        )
    }
    assert "10%" not in got, got
    got = {f.value for f in extract_figures("甲国2月关税政策回顾", text, posted=date(2026, 7, 21))}
    assert "10%" in got, got  # the title names a month: its months are the news


def test_a_push_without_lines_shows_the_deep_figure_that_says_the_title_topic() -> None:
    # Invented: a launch story whose lead has no number; far down, the IPO the title asks about.
    title = "某火箭首飞成功但异常不断 会拖累甲公司的IPO吗？"
    paras = [
        "在经历数次推迟后，甲公司的最强火箭终于完成了首飞。",
        "本次任务达成阶段性测试目标，也是关键技术核验节点。",
        "火箭升空后不久，助推器出现异常，未能按计划回收。",
        "飞船随后进入预定轨道，完成了模拟部署。",
        "工程团队表示，下一次试飞将检验新的隔热方案。",
        "据悉，甲公司近期提交了IPO申请，计划以1.75万亿美元估值。",
        "乙公司的工厂去年投入了20亿美元。",
    ]
    assert [f.value for f in extract_figures(title, paras)] == ["1.75万亿美元"]
    # where the lead has its number, the deep body's stay background
    lead = ["甲公司的最强火箭终于完成了首飞，股价大涨8%。", *paras[1:]]
    assert [f.value for f in extract_figures(title, lead)] == ["8%"]


def test_a_markets_forecast_size_is_background_under_a_company_title() -> None:
    # made-up, shaped like 36kr3879991356157952 and 36kr3487198888270977: a funding round's
    # pitch cites a research house's market forecast
    news = [
        "甲光电近期完成1亿元Pre-A轮融资，投资方包括乙基金、丙资本。",
        "据某研究机构数据，2024年全球微型光谱仪市场规模约为4.6亿美元，预计2031年将达8.22亿美元。",
        "另一机构预计，2030年微型光谱仪市场规模将达21.5亿美元。",
    ]
    got = {f.value for f in extract_figures("甲光电获一亿元投资", news, year=2026)}
    assert "1亿元" in got
    assert not got & {"8.22亿美元", "21.5亿美元"}
    # under a title about the market it is the news
    market = {f.value for f in extract_figures("微型光谱仪市场迎来爆发", news, year=2026)}
    assert "8.22亿美元" in market


def test_a_move_in_extended_hours_says_so() -> None:
    # made-up, shaped like wscn3773824 and em202606253781873757
    news = ["甲软件公布季度财报，营收同比增长22%。在周三的盘后交易中，甲软件股价大跌10%。"]
    got = {f.value: f.label for f in extract_figures("甲软件财报后大跌", news, year=2026)}
    assert got["10%"].startswith("盘后")
    # "开盘后" is after the open, not after hours
    opened = ["美股周二开盘后，甲软件股价大跌10%。"]
    got = {f.value: f.label for f in extract_figures("甲软件大跌", opened, year=2026)}
    assert "盘后" not in got["10%"]


def test_the_writers_reckoning_names_the_company_after_its_marker() -> None:
    # made-up, shaped like em202607073795534070: 估算甲公司潜在募资规模, not 甲公司估算
    news = [
        "甲公司向美国证券交易委员会提交修订版招股书，将发行1779万股存托股。",
        "按甲公司普通股周一收盘价计算，若以这个价格作为参考，潜在募资规模约272亿美元。",
    ]
    names = ("甲公司", "乙设备")
    got = {
        f.value: f.label
        for f in extract_figures("甲公司更新上市招股书", news, names=names, companies=1)
    }
    assert got["约272亿美元"] == "估算甲公司潜在募资规模", got


def test_a_markets_size_today_is_background_unless_the_title_names_that_market() -> None:
    # made-up, shaped like 36kr3718250298029443 and 36kr3787956437179395
    news = [
        "智能乐器品牌甲乐近日完成近亿元A轮融资，本轮由乙创投领投。",
        "融资资金将重点投入新品研发。",
        "根据某调研报告显示，全球乐器市场规模超400亿美元，行业仍在增长。",
    ]
    got = {f.value for f in extract_figures("甲乐完成A轮融资，瞄准大众音乐市场", news, year=2026)}
    assert "超400亿美元" not in got
    own = {f.value for f in extract_figures("全球乐器市场迎来智能化浪潮", news, year=2026)}
    assert "超400亿美元" in own


def test_a_partys_results_are_background_under_a_deals_title() -> None:
    # made-up, shaped like em202605063729011977: the acquirer's quarterly results beside its deal
    post = [
        "甲证券5月6日晚间公告，拟通过发行股份及支付现金的方式收购乙证券100%股权。",
        "公司股票将于5月7日开市起复牌。",
        "本次交易完成后，乙证券将成为公司全资子公司。",
        "公司表示，交易有助于做大做强主业。",
        "财报显示，公司一季度实现营业收入40.90亿元，同比增长5.29%。",
    ]
    got = {f.value for f in extract_figures("甲证券收购乙证券预案出炉 明日复牌", post, year=2026)}
    assert "40.90亿元" not in got and "100%" in got
    # the same results under a title that reports them are the news
    own = {f.value for f in extract_figures("甲证券一季度营收增长5.29%", post, year=2026)}
    assert "40.90亿元" in own


def test_a_sentence_opening_on_a_year_long_past_is_history() -> None:
    # made-up: 在2016年成立之初 dates the whole sentence, not only its own clause; history ranks
    # below the lead (a score a lead figure of the news period still beats)
    text = [
        "核心提示：甲公司近日宣布完成数千万元A+轮融资。其定位是改造存量市场。",
        "记者获悉，甲公司近日宣布完成数千万元A+轮融资，由乙资本领投。在2016年成立之初，"
        "甲公司曾获330万元种子轮融资，同年获得丙资本1400万元天使轮投资。",
    ]
    old = {f.value for f in extract_figures("甲公司获数千万元A+轮融资", text, year=2018)}
    recent = {f.value for f in extract_figures("甲公司获数千万元A+轮融资", text, year=2017)}
    assert "1400万元" in recent and "1400万元" not in old


def test_an_appended_articles_headline_gives_no_line() -> None:
    # made-up: the headline after 详细报道 rounds what the text below states in full
    from bot.summarizer.headings import is_headline

    text = [
        "甲科技更新招股书，披露一季度业绩。",
        "详细报道",
        "业绩炸裂！芯片龙头净利预增1234%",
        "公司预计，上半年归母净利润50亿元至57亿元，同比增长1234.03%至1544.19%。",
    ]
    assert is_headline(text[2]) and not is_headline("千亿级ETF数量归零")
    values = {f.value for f in extract_figures("甲科技：一季度营收同比增长71%", text)}
    assert "1234%" not in values


def test_a_figure_an_earlier_report_gave_is_background() -> None:
    # made-up: the range insiders gave before the news is superseded by the one the news reports
    title = "报道：甲公司考虑大幅上调IPO定价区间"
    text = [
        "甲公司正考虑将IPO定价区间从此前的每股15至17美元上调至21至23美元。",
        "知情人士此前透露，甲公司最早将于本周一将定价区间上调至每股18至19美元——而最新的报道显示，"
        "实际上调幅度可能远超这一预期。",
    ]
    values = {f.value for f in extract_figures(title, text)}
    assert "21至23美元" in values and "18至19美元" not in values


def test_a_first_day_frame_dates_the_figures_after_it() -> None:
    # made-up: the first day's count beside the two days' total reads as a second total without it
    from bot.summarizer.openers import day_period

    sent = "从首日表现来看，甲应用的下载量为3.2万次。"
    assert day_period(sent, sent.index("3.2万次")) == "首日"
    assert day_period("从趋势来看，甲应用的下载量为3.2万次。", 12) == ""
    title = "甲应用上线两日下载9.8万次"
    text = ["甲公司的甲应用上线两日，在美国地区的下载量总计9.8万次。", sent]
    labels = {f.value: f.label for f in extract_figures(title, text)}
    assert labels["3.2万次"].startswith("首日"), labels
