"""Subject and period tracking across clauses, and one line per fact (made-up sentences)."""

from __future__ import annotations

import pytest

from bot.summarizer.clauseperiod import clause_period
from bot.summarizer.figures import extract_figures
from bot.summarizer.openers import (
    among_period,
    day_period,
    names_day,
    since_clause,
    span_clause,
)
from bot.summarizer.subjects import (
    dated,
    other_period,
    period_of,
    title_periods,
    with_subject,
)


def test_period_set_in_an_earlier_clause_names_a_bare_metric() -> None:
    s = "2030年第三季度，甲乙科技实现营业收入12.34亿元，同比增长8.1%；净利润为2.05亿元。"
    assert with_subject("净利润", s, s.index("2.05"), "", "甲乙科技公告") == "第三季度净利润"


def test_actor_of_the_clause_before_is_carried_when_the_title_lacks_it() -> None:
    s = "大型股涨跌不一，丙丁公司涨近4%，市值突破3.2万亿美元。"
    assert with_subject("市值", s, s.index("3.2万亿"), "", "全球市场收盘") == "丙丁公司市值"


def test_no_actor_from_a_clause_without_a_figure() -> None:
    s = "消息人士透露，该公司已同意以55亿美元的价格出售化工部门。"
    assert with_subject("价格", s, s.index("55亿"), "", "某公司出售资产") == "价格"


def test_period_from_the_head_of_an_earlier_sentence_of_the_paragraph() -> None:
    prior = "2031年上半年，戊己集团业绩回暖"
    s = "公司营收为88.8亿元。"
    assert period_of(s, s.index("88.8"), prior)[0] == "2031年上半年"


def test_another_part_of_the_year_than_the_titles_is_background() -> None:
    title = title_periods("某电子二季度营业利润大增")
    assert other_period(("一季度", "", "Q1"), title)
    assert other_period(("全年", "2029", "全年"), title)
    assert not other_period(("第二季度", "2030", "Q2"), title)
    assert not other_period(("", "", ""), title)
    assert not other_period(("2029年", "2029", ""), title_periods("到2040年建成100座电站"))


def test_titles_rounded_change_beside_the_bodys_exact_change_is_one_line() -> None:
    title = "某火箭公司Q1营收暴增71%"
    body = ["2030年第一季度，公司营收达3.456亿美元，同比增长70.8%，毛利率升至41.2%。"]
    lines = [(f.value, f.change) for f in extract_figures(title, body)]
    assert ("3.456亿美元", "同比+70.8%") in lines
    assert "71%" not in [v for v, _ in lines]


def test_title_multiple_rounds_a_body_percentage() -> None:
    title = "某存储公司季度利润猛增12倍 销售额增长88%"
    body = [
        "2030年第二季度，某存储公司营业利润为45.6万亿韩元，同比增长1210.5%。",
        "销售额为99万亿韩元，同比增长88.4%。",
    ]
    values = [f.value for f in extract_figures(title, body)]
    assert "45.6万亿韩元" in values and "99万亿韩元" in values
    assert "12倍" not in values and "88%" not in values


def test_title_percentage_of_another_subject_stays() -> None:
    title = "甲公司股价大涨64%"
    body = ["乙公司第一季度营收为2.1亿美元，同比增长63.5%。"]
    values = [f.value for f in extract_figures(title, body)]
    assert "64%" in values


def test_a_common_noun_before_a_metric_is_no_actor() -> None:
    from bot.summarizer.subjects import clause_actor

    sent = "某期国债中标利率为2.1%，边际利率为2.2%，全场倍数为3.1"
    assert clause_actor(sent, sent.index("3.1")) == ""  # 边际 qualifies 利率, names no one
    sent = "甲乙电子二季度销售额80亿元，营业利润12亿元"
    assert clause_actor(sent, sent.index("12亿")) == "甲乙电子"


def test_a_forecast_clause_names_what_it_forecasts() -> None:
    from bot.summarizer.subjects import clause_actor

    # Invented: 预计 opens the clause; the bonds are whose net financing it is.
    sent = "研报指出，预计7月政府债券发行规模较高，净融资额或在1.55万亿元左右"
    assert clause_actor(sent, sent.index("1.55")) == "政府债券"
    assert with_subject("净融资额", sent, sent.index("1.55"), "", "某行开展逆回购") == (
        "政府债券净融资额"
    )
    sent = "预计2025年年度实现净利润-1550万元，扣非净利润为-1800万元"
    assert clause_actor(sent, sent.index("-1800")) == ""  # 年度: the rest of the period


def test_months_since_january_are_one_period_however_written() -> None:
    from bot.summarizer.subjects import periods

    keys = {periods(t)[0][3] for t in ("前5月", "前五个月", "1—5月", "1至5月", "今年前5个月")}
    assert keys == {"1-5月"}
    assert periods("5月")[0][3] == "5月"  # one month is another period


@pytest.mark.parametrize(
    "sent,value,want",
    [
        (
            "甲集团公告，11月，集团实现合同销售金额约75.37亿元，合同销售面积511,348平方米",
            "511,348",
            "11月",
        ),
        ("今年前11个月，集团实现累计合同销售金额约977.79亿元", "977.79", "前11个月"),
        ("2025年上半年，公司营收10亿元", "10亿", "上半年"),  # the post's date gives the year
        ("数据显示，仅今年一季度，行业融资总额已达32亿元", "32亿", "一季度"),  # "only" that quarter
        ("截至6月30日，公司总资产191.03亿元", "191.03", ""),  # a date a level stands at
        ("2025年4月以来，指数上涨了25%", "25%", ""),  # a span to now
        ("今年1月，该芯片首次亮相，目前已服务400多家客户", "400", ""),  # 目前: today's count
        ("9月以来，批价从1830元/瓶回落", "1830", ""),
        ("据统计，仅5月最后两个交易日，两市合计受理企业达40家", "40家", "5月最后两个交易日"),
        ("3月前两周，甲公司股价上涨了12%", "12%", "3月前两周"),
        ("甲国国防部称，2月28日到3月16日，防空部队已拦截304枚导弹", "304", "2月28日到3月16日"),
        ("今年6月29日至6月30日，共有28家企业获受理", "28家", "6月29日至6月30日"),
        ("6月30日，共有28家企业获受理", "28家", ""),  # one day: the date, no span
    ],
)
def test_a_clause_that_is_only_a_period_sets_it_for_the_figures_after_it(
    sent: str, value: str, want: str
) -> None:
    assert clause_period(sent, sent.index(value)) == want


@pytest.mark.parametrize(
    "sent,value,want",
    [
        # the period heading the figure clause before is the parallel clause's too
        ("甲公司受益于需求，第三财季营收增长高达346%，毛利率更是高达84.9%", "84.9", "第三财季"),
        ("乙某今年1月融资买入1267.68万股，动用融资盘1.51亿元", "1.51", "1月"),  # his, in January
        # a run of parallel figure clauses: the period heading the first is every one's
        ("甲公司一季度实现营收508亿元，同比增长719%；实现净利润247亿元", "247", "一季度"),
        ("甲公司一季度实现营收508亿元，市场认为前景向好，净利润247亿元", "247", ""),  # run ends
        ("分析人士称甲公司一季度营收508亿元，净利润247亿元", "247", ""),  # more than a name
        ("1月乙某融资买入1267.68万股，动用融资盘1.51亿元", "1.51", "1月"),
        ("一季度营收10亿元，上年同期为8亿元", "8亿", ""),  # its own period
        ("6月从增加5.7万人下修至2万人，两个月合计减少10.3万人", "10.3", ""),  # its own span
        ("一季度营收10亿元，目前在手订单20亿元", "20亿", ""),  # today's
        ("一季度公司宣布扩产，产能达20万吨", "20万", ""),  # no figure after the period
        ("2025年营收10亿元，净利1亿元", "1亿", ""),  # a year, no part of one: left to the title
    ],
)
def test_the_period_heading_a_figure_clause_carries_to_the_next(
    sent: str, value: str, want: str
) -> None:
    assert clause_period(sent, sent.index(value)) == want


def test_a_line_takes_the_period_its_sentence_set() -> None:
    text = "甲集团公告，11月，集团实现合同销售金额约75.37亿元，合同销售面积511,348平方米。"
    got = {f.value: f.label for f in extract_figures("甲集团11月销售", [text])}
    assert got["511,348平方米"].startswith("11月")


def test_a_span_to_now_opening_the_sentence_is_the_period_of_its_move() -> None:
    text = "自甲总统去年1月就任以来，美元指数的累计跌幅接近10%。"
    got = {f.value: f.label for f in extract_figures("美元走弱", [text])}
    assert got["接近10%"].startswith("甲总统去年1月就任以来")
    assert since_clause("其中，该指数上涨10%", 8) == ""  # no span, nothing added


def test_a_span_to_now_in_a_later_clause_or_a_long_one_is_kept() -> None:
    text = "换个角度看，2025年以来截至6月5日收盘，甲金属价格已累计上涨31.25%。"
    got = {f.value: f.label for f in extract_figures("甲金属创新高", [text])}
    assert got["31.25%"].startswith("2025年以来")
    text = "自港口航线全面中断以来，甲行业成分股指数累计上涨3.4%，同期基准指数下跌6.1%。"
    got = {f.value: f.label for f in extract_figures("甲行业成避风港", [text])}
    assert got["3.4%"].startswith("港口航线全面中断以来甲行业成分股指数")


def test_the_period_a_figure_is_compared_with_is_not_its_own() -> None:
    text = (
        "2026年一季度，上市公司合计营收17.65万亿元，同比较2025年一季报增长4.9%；"
        "归母净利润1.59万亿元，较2025年一季报同比增长6.7%。"
    )
    got = {f.value: f.label for f in extract_figures("A股一季报收官", [text], year=2026)}
    assert not any("2025年" in label for label in got.values())
    assert period_of("营收较2025年一季度增长", 10)[1] != "2025"


def _day(sent: str, number: str) -> str:
    return day_period(sent, sent.index(number))


def test_a_day_or_week_opening_the_sentence_is_every_later_figures() -> None:
    sent = "本周甲指下跌1.5%，乙指下跌2.3%，丙指下跌3.1%"
    assert _day(sent, "2.3%") == "本周"
    assert _day(sent, "3.1%") == "本周"
    assert _day("周四交易中，丁指数下跌4.3%", "4.3%") == "周四"
    assert _day("上周，戊指数暴跌10%", "10%") == "上周"


def test_a_weekday_of_this_week_is_that_day_and_a_date_of_this_month_no_month() -> None:
    assert _day("本周五己股全线下挫，庚指跌超3%", "超3%") == "本周五"  # a Friday, not the week
    assert _day("上周三辛指数上涨2%", "2%") == "上周三"
    assert _day("本月5日壬指数上涨2%", "2%") == ""  # a date: its day is not 本月


def test_no_day_where_another_period_or_now_comes_between() -> None:
    assert _day("本周甲指下跌1.5%，周五单日下跌0.8%", "0.8%") == ""
    assert _day("本周甲指下跌1.5%，一季度营收增长12%", "12%") == ""
    assert _day("本周甲指下跌1.5%，目前市值约3000亿元", "约3000亿元") == ""
    assert _day("本周以来甲指累计下跌5%", "5%") == ""  # a span to now, see since_clause
    assert _day("甲指本周下跌1.5%，乙指下跌2.3%", "2.3%") == ""  # not the sentence's opener
    assert names_day("本周深证成指下跌") and not names_day("深证成指下跌")


def _span(sent: str, number: str) -> str:
    return span_clause(sent, sent.index(number))


def test_a_span_back_from_now_opening_the_sentence_covers_its_figures() -> None:
    assert _span("过去六周，甲指数已累涨60%，估值偏高", "60%") == "过去六周"
    assert _span("近一个月，乙公司股价下跌12%", "12%") == "近一个月"
    quoted = "分析师在报告中写道：“过去一个月，丙类债券发行达750亿美元"
    assert _span(quoted, "750亿") == "过去一个月"
    got = extract_figures("甲指数狂飙", ["过去六周，甲指数已累涨60%，估值偏高。"])
    assert got[0].label.startswith("过去六周")


def test_no_span_where_another_one_comes_between_or_it_opens_no_clause() -> None:
    assert _span("过去一个月，丙类债券发行达750亿美元（年初至今2410亿美元）", "2410亿") == ""
    assert _span("过去一个月，丙类债券发行达750亿美元，一季度营收增长12%", "12%") == ""
    assert _span("过去五年里程碑式的改革推动市场增长12%", "12%") == ""  # no clause of its own


def test_a_founding_date_is_not_the_period_of_the_figures_after_it() -> None:
    before = "甲乙集团有限公司成立于1993年2月，注册资本约"
    assert dated("注册资本", before, 2025) == "注册资本"
    assert dated("归母净利润", "2022年全年，甲乙公司", 2025) == "2022年全年归母净利润"


def test_a_clause_pointing_back_takes_the_actor_named_before_it() -> None:
    # 该公司 names no one: the line says whose the number is, as the clause before it does.
    s = "与此同时，戊己航天股价大跌12%，该公司正通过债券市场融资至少30亿美元。"
    got = with_subject("债券市场融资", s, s.index("至少30亿"), "", "美股收跌")
    assert got == "戊己航天债券市场融资"
    # without the pointer, a label with words of its own keeps them
    s2 = "与此同时，戊己航天股价大跌12%，债券市场融资规模达30亿美元。"
    assert with_subject("债券市场融资", s2, s2.index("30亿"), "", "美股收跌") == "债券市场融资"


def test_a_bare_move_names_what_moved() -> None:
    from bot.summarizer.figures import extract_figures

    body = ["乙数据显示，甲国ABC在6月高点后一度重挫30%，随后于7月1日单日暴涨12.5%。"]
    labels = {f.value: f.label for f in extract_figures("丙交易员谈存储之辩", body)}
    assert labels.get("12.5%") == "甲国ABC单日暴涨"
    # the source that reports it (乙数据显示) is not what moved
    body = ["乙数据显示，甲乙现货白银价格在6月单日大涨7.5%，盘中创出103.5美元/盎司的新高。"]
    labels = {f.value: f.label for f in extract_figures("丙交易员谈存储之辩", body)}
    assert labels.get("103.5美元/盎司") == "甲乙现货白银盘中创出"


def test_a_quote_verb_heads_no_clause_as_its_actor() -> None:
    # made-up: 现报 (jieba: a noun) quotes the price; the market value is the stock's, not 现报's
    from bot.summarizer.figures import extract_figures

    got = {f.value: f.label for f in extract_figures("", ["现报17.74港元，总市值225亿港元。"])}
    assert got.get("225亿港元") == "总市值"


def test_a_line_opening_on_a_verb_names_who_did_it() -> None:
    # made-up: 拟转让 has no subject in its clause; the clause before names the seller, who is not
    # the title's company (a reader would take the stake for the title company's own sale)
    title = "戊己股份拟易主 停牌前股价涨停"
    body = [
        "戊己股份公告称，公司股票自今日起停牌。",
        "赵甲此次筹划戊己股份控制权变更的相关事宜，拟转让戊己股份19.51%的股份。",
    ]
    labels = {f.value: f.label for f in extract_figures(title, body, max_figures=5)}
    assert labels.get("19.51%", "").startswith("赵甲拟转让")


def test_the_doer_is_the_nearest_clause_that_names_one_not_the_first() -> None:
    from bot.summarizer.subjects import nearest_actor

    s = "其中丙集团出资2亿元，持股50%；丁矿业出资4000万元，持股10%。"
    assert nearest_actor(s, s.index("10%")) == "丁矿业"
    # a clause that is a list item of its own, whose name is not read, stops the search
    s = "其中丙集团出资2亿元，持股50%；佰瑞德矿业出资4000万元，持股10%。"
    assert nearest_actor(s, s.index("10%")) in ("", "佰瑞德矿业")
    # a topic (个股方面) is what a clause is about, not who did it
    s = "个股方面，上涨股票数量超过3500只。"
    assert nearest_actor(s, s.index("3500")) == ""
    # one name of a list is not the doer of what they do together
    s = "从市场占比看，甲乙科技、丙丁集团和戊己公司三家公司，目前已占整个债券指数的4%。"
    assert nearest_actor(s, s.index("4%")) == ""
    # the number's own clause names its doer before any earlier clause does
    s = "丙集团发布消息称，2月28日到3月16日，丁公司已拦截了304枚导弹。"
    assert nearest_actor(s, s.index("304")) == "丁公司"


def test_a_month_inside_the_quoted_words_stays_in_the_line() -> None:
    # made-up: the crude label drops dates; the month the number is of is put back where it stood
    body = ["分析师警告，随着私人部门9月就业岗位减少3.2万个，叠加政府雇员离职，市场承压。"]
    labels = {f.value: f.label for f in extract_figures("甲国政府关门迫使央行降息？", body)}
    assert labels.get("3.2万个") == "私人部门9月就业岗位减少"


def test_naming_a_doer_renames_a_line_and_never_adds_one() -> None:
    # made-up: the title names two companies, so 拟融资 alone is nobody's and stays hidden;
    # naming its doer would show a line whose.py refused (editors, blind: added lines read worse)
    title = "乙航天招股书提到甲汽车87次"
    body = ["周三，乙航天正式公开招股说明书，拟融资750亿美元，估值达2万亿美元或更高。"]
    got = extract_figures(title, body, companies=2, names=("乙航天", "甲汽车"))
    assert "750亿美元" not in [f.value for f in got]


def test_the_company_a_sentence_refers_to_is_the_one_the_sentence_before_named() -> None:
    # made-up: 公司 opens the sentence; the one before it in the paragraph names the company
    title = "下周重磅日程：甲国通胀数据、Orbix AI大会、Zentra财报"
    body = [
        "在大会召开前，Orbix已展现出在AI领域的强劲势头。公司近期发布的财报虽然营收略低于预期，"
        "但与AI相关的尚未履约义务却飙升至4550亿美元，同比增长359%。"
    ]
    got = extract_figures(title, body, companies=2, names=("Orbix", "Zentra"))
    assert any(f.label.startswith("Orbix") for f in got if f.value == "4550亿美元")


def test_a_guessed_name_glued_to_a_verb_ends_the_head() -> None:
    from bot.summarizer.subjects import sentence_actor

    # jieba reads 高开高 as a person's name (高开高|走): the thing that moved is 伦敦现货黄金
    sent = "7月27日，伦敦现货黄金高开高走，截至记者发稿时，升破4100美元/盎司，日内涨逾1%。"
    assert sentence_actor(sent, sent.index("4100")) == "伦敦现货黄金"
    # a two-character name stays with its noun (创始人赵雷曾在…; the 曾 marks a past career)
    sent = "创始人赵雷曾在甲公司就职10年，实现单一行业3年3亿收入。"
    assert sentence_actor(sent, sent.index("3亿")).startswith("创始人赵雷")


def test_the_title_company_is_named_where_the_post_names_another_too() -> None:
    """The subject "when the post has more than one": beside another company's line, 毛利率
    alone could be either's."""
    title = "甲乙科技财报超预期 盘后大涨"
    body = (
        "甲乙科技周三盘后公布第三财季财报，营收同比增长346%，毛利率为84.9%。",
        "存储概念股随之走高，丙丁数据盘后涨超11%。",
    )
    two = extract_figures(title, body, companies=1, names=("甲乙科技", "丙丁数据"))
    assert ("甲乙科技毛利率", "84.9%") in [(f.label, f.value) for f in two]
    one = extract_figures(title, body, companies=1, names=("甲乙科技",))
    assert ("毛利率", "84.9%") in [(f.label, f.value) for f in one]  # its only company: known


def test_a_part_named_by_qizhong_takes_the_span_of_the_sentence_before() -> None:
    # made-up: 其中 opens a sentence of parts of the whole the sentence before measured over
    # 今年以来; without the span, a year's gain reads as the day's
    title = "甲国股市再传利好"
    body = [
        "受AI热潮推动，甲国综合指数今年以来累计涨逾3600点，是全球表现最好的股指之一。"
        "其中，甲电子涨幅接近200%，乙电子涨幅也超过140%。"
    ]
    got = {f.value: f.label for f in extract_figures(title, body)}
    assert got.get("接近200%") == "今年以来甲电子涨幅", got


def test_a_list_opening_on_qizhong_shares_the_period_its_sentence_before_set() -> None:
    text = (
        "据统计，截至6月20日，甲指数基金规模为880.5亿元。统计发现，截至2024年底，5只指数基金规模"
        "突破千亿元。其中，甲指数基金规模为3101.4亿元，乙指数基金规模为1500亿元以上。"
    )
    got = {f.value: f.label for f in extract_figures("指数基金规模缩水", [text], year=2025)}
    assert got["3101.4亿元"].startswith("2024年底")
    before = "今年一季度，公司营收增长，利润下降"
    assert among_period("其中，海外收入12亿元", 7, before) == "今年一季度"
    assert among_period("其中，海外收入12亿元", 7, "公司营收增长") == ""  # no period set
    assert among_period("海外收入12亿元", 4, before) == ""  # not a list of the one before


def test_the_year_of_the_value_a_figure_grew_from_is_not_its_own() -> None:
    s = "甲公司销售额由2015年的13.1亿元增长到20.5亿元。"
    assert period_of(s, s.index("20.5"))[0] == ""
    got = {f.value: f.label for f in extract_figures("甲公司财报", [s], year=2026)}
    assert "2015" not in got["20.5亿元"]
    # a span that starts then is the sentence's own period (从2025年9月开始，…)
    s = "从2025年9月开始，乙银行连续三次降息，将利率降至3.5%。"
    assert period_of(s, s.index("3.5"))[0] == "2025年9月"


def test_the_period_of_the_results_a_sentence_before_reports_names_a_bare_metric() -> None:
    # made-up, shaped like em202607073795566998: 公布…第二季度业绩…。预计销售额为…
    before = "7月7日，甲电子公布2030年第二季度业绩初步数据，预计营业利润为9.4万亿韩元"
    s = "预计销售额为71万亿韩元，同比增长29.3%。"
    assert period_of(s, s.index("71"), before)[0] == "2030年第二季度"
    # a period that only names what the results are compared with is none
    other = "7月7日，甲电子公布初步数据，较2029年第二季度大增"
    assert period_of(s, s.index("71"), other)[0] == ""


def test_a_period_before_a_clause_of_today_is_not_the_figures() -> None:
    # made-up: the first shop opened in February; 目前 then counts today, so the monthly
    # revenue per shop after it is no February figure
    from bot.summarizer.subjects import period_of

    sent = "甲乙茶饮首家门店于今年2月成立于长沙，目前门店规模达到140+家，单店月营收20万+。"
    assert period_of(sent, sent.index("20万"))[0] == ""
    sent = "甲乙茶饮成立于今年2月，目前单店月营收20万+。"  # 目前 right after the period
    assert period_of(sent, sent.index("20万"))[0] == ""
    sent = "甲乙茶饮今年2月门店规模达到140+家，单店月营收20万+。"
    assert period_of(sent, sent.index("20万"))[0] == "今年2月"


def test_a_count_over_a_span_of_days_says_the_span() -> None:
    text = "甲国国防部称，2月28日到3月16日，甲国防空部队已拦截了304枚弹道导弹。"
    got = {f.value: f.label for f in extract_figures("甲国防空部队拦截导弹", [text])}
    assert got["304枚"].startswith("2月28日到3月16日")
