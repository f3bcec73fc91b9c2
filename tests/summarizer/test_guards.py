"""guards.py: a line whose label names no metric, is cut inside a word or restates an amount."""

import pytest

from bot.summarizer.guards import (
    converted,
    cut_inside_word,
    is_word_edge,
    line_ok,
    names_metric,
    number_in_name,
)
from bot.summarizer.labels import words


def test_bare_names_and_nouns_name_no_metric():
    assert not names_metric("中国", "33.5%", "pct", False)
    assert not names_metric("甲骨文", "5000亿美元", "money", False)
    assert not names_metric("国家", "60个", "count", False)
    assert not names_metric("首日", "8万次", "count", False)
    assert not names_metric("首批列入", "15种", "count", False)
    assert not names_metric("", "15种", "count", False)


def test_metrics_moves_levels_and_clauses_pass():
    assert names_metric("营业收入", "12亿元", "money", False)
    assert names_metric("注册资本", "300万元", "money", False)
    assert names_metric("某指数涨", "1.2%", "pct", True)
    assert names_metric("某股狂飙", "7%", "pct", False)
    assert names_metric("沪指", "3100.5点", "points", False)
    assert names_metric("现货白银", "30.1美元/盎司", "money", False)
    assert names_metric("某集团大股东增持", "3亿元", "money", False)
    assert names_metric("某国占全球出口", "12%", "pct", False)


def test_label_cut_inside_a_word():
    sent = "学校专业中，近六成直接服务本省十大新兴产业"
    start = sent.index("近六成")
    end = start + len("近六成")
    assert cut_inside_word("直接服务本省十大新兴产", sent, start, end)
    assert not cut_inside_word("直接服务本省十大新兴产业", sent, start, end)


def _edges_of_whole(sent: str) -> set[int]:
    """Word edges from segmenting the whole sentence (what is_word_edge must agree with)."""
    out, pos = {0, len(sent)}, 0
    for w in words(sent):
        i = sent.find(w, pos)
        out.update((i, i + len(w)))
        pos = i + len(w)
    return out


def test_word_edges_agree_with_segmenting_the_whole_sentence():
    for sent in (
        "某公司一季度营业收入同比增长12.5%，净利润3.2亿元；新兴产业占比近六成",
        "Alpha Beta公司  股价 涨5%（盘中）—— 市值约200亿美元",
        "学校专业中，近六成直接服务本省十大新兴产业。",
    ):
        whole = _edges_of_whole(sent)
        assert {at for at in range(len(sent) + 1) if is_word_edge(sent, at)} == whole
    assert not is_word_edge("新兴产业", 3)  # inside 产业
    assert not is_word_edge("a  b", 2)  # between two spaces: no word starts or ends there


def test_number_in_a_class_or_span():
    sent = "这是一个5万亿级市场"
    assert number_in_name(sent, sent.index("级"), "money")
    sent = "机器用30秒算完了旧电脑2万年的活"
    assert number_in_name(sent, sent.index("年"), "bare")
    assert not number_in_name("营收2万亿元", 6, "money")


def test_amount_in_another_currency_is_one_fact():
    sent = "净筹资约12.5亿港元（约11.4亿元人民币）"
    assert converted(sent, sent.index("约11.4"), "money")
    sent = "收购价为3亿美元，折合人民币约21亿元"
    assert converted(sent, sent.index("约21"), "money")
    assert not converted("营收12亿元，净利润3亿元", 8, "money")


def test_line_ok_strict_wants_a_metric():
    sent = "某公司拟发行超2亿股"
    span = (sent.index("超2亿股"), len(sent))
    assert not line_ok("某公司发行", "超2亿股", sent, span, "count", is_change=False, strict=True)
    assert line_ok("发行规模", "超2亿股", sent, span, "count", is_change=False, strict=True)


def test_nouns_without_a_metric_carry_a_count_or_a_size_but_not_money() -> None:
    from bot.summarizer.guards import names_metric

    assert not names_metric("信用测试", "300亿美元", "money", False)  # a heading, not a measure
    assert not names_metric("期限品种", "500亿元", "money", False)
    assert names_metric("线下门店", "1200家", "count", False)  # the things counted
    assert names_metric("电池工厂", "40GWh", "physical", False)
    assert names_metric("智能手表市场", "12.3亿美元", "money", False)  # a market's size


def _line(label: str, sent: str, value: str, kind: str) -> bool:
    at = sent.index(value)
    return line_ok(label, value, sent, (at, at + len(value)), kind, is_change=False)


def test_verb_label_says_nothing_when_the_number_qualifies_a_noun_after_it() -> None:
    # 签署 what? The amount is the agreement's, written after the number.
    assert not _line("甲公司签署", "与甲公司签署的500万美元供货合同", "500万美元", "money")
    assert _line("甲公司狂砸", "甲公司狂砸50亿", "50亿", "money")


def test_label_cut_from_the_words_after_the_number_must_name_a_measure() -> None:
    assert not _line("做空甲股", "3倍做空甲股的产品清零", "3倍", "mult")
    # a count of the people named after it reads
    assert _line("员工接受", "约3.5万名员工接受了这一计划", "约3.5万名", "count")


def test_a_price_per_share_needs_a_price_name() -> None:
    # made-up: a company name alone reads as its share price; a money noun names the wrong thing
    from bot.summarizer.figures import extract_figures

    got = extract_figures("", ["截至收盘，某科技16.55元/股，涨1.22%。"])
    assert [f.label for f in got if f.value == "16.55元/股"] == ["某科技股价"]
    got = extract_figures("", ["1月14日至16日，某人通过融资11.93元/股至12.4元/股买入公司股票。"])
    assert not [f for f in got if "/股" in f.value]


def test_a_label_that_points_back_to_a_clause_not_shown() -> None:
    # made-up labels: a pronoun or 同期/对应 leaves whose number or which period to the post
    from bot.summarizer.guards import leans_on_context

    assert leans_on_context("甲公司同期上涨")
    assert leans_on_context("同期基准指数下跌")
    assert leans_on_context("对应市值")
    assert leans_on_context("此前其三季度营收")
    assert leans_on_context("二者比例")
    # a period before 同期 says which one; 较同期 is the year-on-year base;
    # 其他/其中 are no pointers
    assert not leans_on_context("过去五年同期企业融资规模")
    assert not leans_on_context("上年同期净利润")
    assert not leans_on_context("营收较同期增长")
    assert not leans_on_context("其他业务收入")
    assert not leans_on_context("其中甲公司出资")
    assert not leans_on_context("甲集团连同其合营公司累计销售金额")
    # and the line is not shown, while the same move with its period is
    sent = "乙公司今年以来上涨15%，丙公司同期上涨8%，同期基准指数下跌6%。"
    assert not _line("丙公司同期上涨", sent, "8%", "pct")
    assert not _line("同期基准指数下跌", sent, "6%", "pct")
    assert _line("乙公司今年以来上涨", sent, "15%", "pct")


def test_a_line_that_leans_on_the_clause_before_says_its_period_or_is_not_shown() -> None:
    # made-up: 同期 is the span the sentence's first clause sets; the line says it instead
    from bot.summarizer.figures import extract_figures

    sent = (
        "截至今年，甲科技和乙科技分别上涨28%和49%，成为今年表现最好的两只芯片股，"
        "而丙科技同期仅上涨8%。"
    )
    got = {f.value: f.label for f in extract_figures("", [sent])}
    assert got == {"28%": "甲科技上涨", "49%": "乙科技上涨", "8%": "丙科技今年上涨"}
    sent = "自冲突爆发以来，甲银行指数累计上涨2.7%，同期基准指数下跌5.7%。"
    got = {f.value: f.label for f in extract_figures("", [sent])}
    assert got["5.7%"] == "自冲突爆发以来基准指数下跌"
    # no span before it: 同期 points to a sentence the line does not show, so no line
    two = ["甲银行指数上涨2.7%。同期基准指数下跌5.7%。"]
    got = {f.value: f.label for f in extract_figures("", two)}
    assert "5.7%" not in got


def test_a_ratio_after_xiangdangyu_is_no_size_of_its_base() -> None:
    # made-up: 90% is the injection's ratio to the financing, not the financing's size
    sent = "甲基金为企业注入5万亿元资本，相当于同期企业股票融资规模的90%。"
    assert not _line("企业股票融资规模", sent, "90%", "pct")
    assert _line("甲基金为企业注入资本", sent, "5万亿元", "money")


def test_a_share_of_a_group_is_no_level_of_the_label_before_it() -> None:
    # made-up: X%的N is X% of N; a label that names no word of N reads it as its own level
    sent = "最高剂量组患者平均减重28.3%，约45%的参与者减重幅度达到或超过30%。"
    assert not _line("最高剂量组患者平均减重", sent, "约45%", "pct")
    assert _line("最高剂量组患者平均减重", sent, "28.3%", "pct")
    # the label names N: a stake of the shares
    assert _line("甲集团持有乙公司股份", "甲集团持有乙公司5.01%的股份。", "5.01%", "pct")


def test_a_label_that_opens_on_its_clauses_frame_is_no_line() -> None:
    # made-up, shaped like posts/2021-12-08-202112082206896791
    from bot.summarizer.figures import extract_figures

    news = [
        "某行认为啤酒行业的高端化趋势仍然稳健，在受疫情影响的过去两年的年均复合增长率仍有9%至10%。"
    ]
    assert not extract_figures("某行：将甲啤酒列入买入名单", news)
    onshore = ["在岸人民币对美元汇率最高升至6.3515。"]
    assert extract_figures("人民币走强", onshore)


def test_a_label_ending_where_a_move_starts_is_no_line() -> None:
    sent = "投后估值从天使轮的2.8亿元，飙到B+轮的77.40亿元"
    at = sent.index("2.8亿元")
    span = (at, at + len("2.8亿元"))
    assert not line_ok("投后估值从天使轮", "2.8亿元", sent, span, "money", is_change=False)
    assert line_ok(
        "外资从韩国股市净流出",
        "2.8亿元",
        "外资从韩国股市净流出2.8亿元",
        (10, 15),
        "money",
        is_change=False,
    )


def test_a_label_opening_on_who_estimates_is_no_line() -> None:
    sent = "员工估计使用新模型后，自身产出约为不使用任何工具时的4倍"
    at = sent.index("4倍")
    span = (at, at + 2)
    assert not line_ok(
        "估计自身产出约为不使用任何工具时", "4倍", sent, span, "mult", is_change=False
    )


def test_a_number_that_ends_its_clause_qualifies_no_noun_and_needs_no_tagging(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.summarizer import guards

    # jieba tags punctuation x: after 签署的500万美元， no noun follows, whatever comes next
    asked: list[str] = []
    tag = guards.pos_words
    monkeypatch.setattr(guards, "pos_words", lambda text: asked.append(text) or tag(text))
    sent = "与甲公司签署500万美元，期限为三年的供货合同"
    at = sent.index("500")
    assert not guards._modifier("甲公司签署", sent, (at, at + len("500万美元")))
    assert asked == []
    sent = "与甲公司签署的500万美元供货合同"
    at = sent.index("500")
    assert guards._modifier("甲公司签署", sent, (at, at + len("500万美元")))
    assert asked == ["供货合同"]
