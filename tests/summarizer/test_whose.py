"""whose.py: a line whose label names only a measure is shown only when its clause says whose."""

from __future__ import annotations

from bot.summarizer.whose import bare, owned, referent, topic_owner


def _owned(label: str, sent: str, number: str, para: int, title: str, change: bool = False) -> bool:
    start = sent.index(number)
    return owned(label, sent, (start, start + len(number)), para, title, is_change=change)


def test_bare_labels_name_only_a_measure() -> None:
    assert bare("持股")
    assert bare("收益率")
    assert bare("同比增长")
    assert not bare("英特尔涨")
    assert bare("上市发行价")  # jieba tags 上市 a place (ns): an everyday word, no owner
    assert not bare("连锁小酒馆")
    assert bare("A股目标价")  # a share class owns nothing: whose A shares?
    assert bare("H股目标价")


def test_a_label_with_a_name_passes_whatever_the_clause() -> None:
    sent = "甲乙银行持有丙丁公司的股份，丙丁科技营收8亿元"
    assert _owned("丙丁科技营收", sent, "8亿元", 3, "甲乙银行发布公告")


def test_another_names_number_in_the_clause_is_not_the_title_actors() -> None:
    title = "星河银行股息率约5%"
    sent = "星河银行股息率远高于长江指数的2.8%及十年期国债约1.8%的收益率"
    assert not _owned("收益率", sent, "约1.8%", 2, title)


def test_the_title_actor_or_a_reference_to_it_owns_the_number() -> None:
    title = "星河科技上半年营收增长"
    assert _owned("营收", "星河科技上半年营收12亿元", "12亿元", 0, title)
    assert _owned("营收", "报告期内，公司实现营收12亿元", "12亿元", 3, title)


def test_a_clause_opening_on_a_demonstrative_is_not_the_title_actors() -> None:
    # the fund the sentence speaks of, not the company in its clause or the title
    title = "星河科技一夜暴涨，做空星河科技的基金一夜清零"
    sent = "据报道，这只在香港上市的基金旨在提供星河科技股价两倍反向收益，关闭前管理资产约500万美元"
    assert not _owned("管理资产", sent, "约500万美元", 1, title)
    sent = "据报道，星河科技在关闭前管理资产约500万美元"  # its own clause: the title's actor
    assert _owned("管理资产", sent, "约500万美元", 1, title)


def test_a_lead_number_after_another_named_actor_is_not_the_title_actors() -> None:
    # one member's dissent, not the committee's: the clause before names someone the title does not
    title = "星河央行会议纪要：多数官员支持年内进一步降息"
    sent = "在12名投票委员中，只有新任理事Miran投出反对票，要求降息50个基点"
    assert not _owned("要求降息", sent, "50个基点", 0, title)
    # a speaker or a source before is no owner: the lead still carries the title's actor on
    sent = "据Fedwatch数据，星河央行维持利率不变的概率达97.2%"
    assert _owned("概率", sent, "97.2%", 0, title)
    sent = "然而，星河银行研究主管Kaneva直言：两周内潜在的供应损失可能高达每日1200万桶"
    assert _owned("供应损失", sent, "1200万桶", 1, "石油储备释放在即")


def test_a_bracketed_share_belongs_to_the_name_before_the_bracket() -> None:
    title = "星河集团董事长辞职"
    sent = "股东为远山投资有限公司（持股46%）、星河集团工会（职工持股会，持股24.6%）"
    assert not _owned("持股", sent, "24.6%", 4, title)


def test_a_bare_move_takes_the_name_of_the_clause_before() -> None:
    title = "星河科技涨停"
    sent = "受消息刺激，远山半导体一度暴涨38%，最终收涨23.71%"
    assert not _owned("最终收涨", sent, "23.71%", 2, title, change=True)
    sent = "受消息刺激，星河科技一度暴涨38%，最终收涨23.71%"
    assert _owned("最终收涨", sent, "23.71%", 2, title, change=True)


def test_a_title_number_needs_a_name_before_it_in_the_title() -> None:
    title = "星河证券：首予远山能源买入评级 目标价6.1港元"
    assert _owned("目标价", "目标价6.1港元", "6.1港元", -1, title)
    title = "暴涨超100%！老牌科技股集体狂飙"
    assert not _owned("暴涨", title, "超100%", -1, title, change=True)
    title = "星河森林完成5亿美元融资"
    assert _owned("融资", title, "5亿美元", -1, title)


def test_a_nameless_sentence_deep_in_a_feature_is_background() -> None:
    title = "星河科技上半年营收增长"
    sent = "导致两天内销售额就达到70亿美元"
    assert _owned("销售额", sent, "70亿美元", 1, title)
    assert not _owned("销售额", sent, "70亿美元", 22, title)


def test_a_setting_names_no_owner() -> None:
    title = "星河科技营收增长"
    sent = "星河科技在年度股东会议上对25%的增速表示满意"
    assert _owned("增速", sent, "25%", 8, title)
    sent = "远山资本在星河科技年度股东会议上对25%的增速表示满意"
    assert not _owned("增速", sent, "25%", 8, title)


def test_a_quoted_person_is_not_the_titles_actor() -> None:
    title = "星河银行主席发声"
    assert not _owned("估计通胀率", "他估计关税使通胀率提高至0.5个百分点", "0.5个", 10, title)


def test_an_index_is_named_by_what_precedes_it() -> None:
    assert not bare("甲指数涨")
    assert not bare("道指涨")
    assert bare("指数")
    assert bare("指引全年营收")


def test_a_currency_tagged_as_a_unit_is_a_name() -> None:
    assert not bare("英镑日内重挫")


def test_without_a_title_there_is_no_actor_to_check_against() -> None:
    sent = "甲公司向远山中心提供不超过10亿元的合作经费"
    assert _owned("合作经费", sent, "不超过10亿元", 3, "")
    assert not _owned("合作经费", sent, "不超过10亿元", 3, "星河科技公告")


def test_deep_in_a_feature_a_nameless_clause_is_whose_the_sentence_names() -> None:
    title = "星河科技计划募资750亿美元"
    sent = "甲方与乙方合作建设数据中心，并完成投资级债务融资270亿美元"
    assert not _owned("投资级债务融资", sent, "270亿美元", 12, title)  # 甲方's deal
    assert _owned("投资级债务融资", sent, "270亿美元", 1, title)  # the lead carries the actor
    own = "星河科技与乙方合作建设数据中心，并完成投资级债务融资270亿美元"
    assert _owned("投资级债务融资", own, "270亿美元", 12, title)


def test_depth_is_the_text_before_not_a_count_of_short_paragraphs() -> None:
    from bot.summarizer.figures import extract_figures

    title = "甲公司一季度净利超预期，但二季度展望不及预期"
    body = [
        "15日，甲公司一季度业绩全线超预期，但二季度展望略逊于预期。",
        "具体来看：",
        "一季度净销售额达87.7亿元；",
        "净利润27.6亿元；",
        "毛利率53%；",
        "一季度现金为83.8亿元；",
        "业绩指引：",
        "预计第二季度净销售额为84亿至90亿元。",
    ]
    values = [f.value for f in extract_figures(title, body, max_figures=5)]
    assert "84亿至90亿元" in values  # the guidance is a few lines down, not deep in a feature
    sent = "导致两天内销售额就达到70亿美元"
    assert not owned(
        "销售额", sent, (sent.index("70"), len(sent)), 3, title, is_change=False, depth=2400
    )


def _topic(label: str, sent: str, number: str) -> str:
    start = sent.index(number)
    return topic_owner(label, sent, (start, start + len(number)), "某某标题")


def test_a_subject_carried_across_commas_owns_the_number() -> None:
    sent = "Orbix近期提交了IPO申请，最早有望于6月挂牌，计划以900亿美元估值，募资50亿美元"
    assert _topic("计划估值", sent, "900亿美元") == "Orbix"
    assert _topic("募资", sent, "50亿美元") == "Orbix"
    # after a source or a time that opens the sentence
    sent = "据报道，Orbix近期启动路演，预计融资规模高达80亿美元"
    assert _topic("预计融资规模", sent, "80亿美元") == "Orbix"


def test_no_owner_where_the_name_is_not_the_figures_subject() -> None:
    # an object of a verb, not the clause's subject
    assert _topic("营收增长", "油价大涨，导致Orbix的营收增长30%", "30%") == ""
    # a partner: the figure is not the first name's alone
    assert _topic("累计涨幅", "Orbix和Zentra股价强劲上涨，年内累计涨幅达到86%", "86%") == ""
    # the subject speaks: the figure is what it reports
    assert _topic("同比增长", "Orbix在发布会上表示，今年上半年，出口同比增长18.6%", "18.6%") == ""
    # a comparison in the number's own clause: the figure is what the subject is compared with
    sent = "Orbix股息率约5%，远高于基准的2.8%及国债约1.8%的收益率"
    assert _topic("收益率", sent, "约1.8%") == ""
    # another name after the number in its clause: 以600亿美元估值收购Zentra is Zentra's value
    assert _topic("估值", "Orbix获得一项选择权，可以600亿美元估值收购Zentra", "600亿美元") == ""
    # two names before the number: which one is whose cannot be told
    assert _topic("持股", "Orbix是Zentra的早期投资者，持有该公司6.1%的股份", "6.1%") == ""


def test_the_company_a_gongsi_refers_to_opens_the_sentence() -> None:
    sent = "财报方面，Orbix盘后涨超7%，公司2026年Q1营收102.53亿美元"
    assert referent(sent, sent.index("102.53")) == "Orbix"
    sent = "Orbix和Zentra盘后均上涨，公司一季度营收12亿美元"
    assert referent(sent, sent.index("12亿")) == ""  # two companies: which one is meant?


def test_a_shown_bare_line_names_the_one_company_its_sentence_named() -> None:
    # made-up: Chinese drops the subject the second clause shares with the first
    from bot.summarizer.figures import extract_figures

    body = ["以甲科技为例，公司一季度营收同比增约192%，净利润同比增约262%。"]
    got = extract_figures("警惕千元股", body, names=("甲科技", "乙科技"))
    # (the quarter heading the clause before is this one's too: clauseperiod._heading_period)
    assert [f.label for f in got if f.value == "约262%"] == ["甲科技一季度净利润同比增"]


def test_the_company_of_a_title_that_names_two_is_not_guessed() -> None:
    # made-up: the title names two companies and the sentence neither; 公司 could be either, or a
    # third (the merged one): the line is not shown, rather than shown as the wrong one's
    from bot.summarizer.figures import extract_figures

    title = "甲科技据悉接洽乙航天发射轨道数据中心"
    body = [
        "甲科技希望借助乙航天的发射能力，将数据中心送入太空。",
        "部分交易帮助丙某整合了旗下公司，该交易使合并后公司估值达到1.25万亿美元。",
    ]
    got = extract_figures(title, body, companies=2, names=("甲科技", "乙航天"))
    assert "1.25万亿美元" not in [f.value for f in got]
    # one company in the title: 公司 is that one's, and the line stays
    got = extract_figures("乙航天估值再创新高", body, companies=1, names=("乙航天",))
    assert "1.25万亿美元" in [f.value for f in got]


def test_gongsi_is_no_owner_in_a_post_about_two_companies() -> None:
    # made-up: 第一财季公司营收 under a title naming two companies; which one's revenue?
    from bot.summarizer.figures import extract_figures
    from bot.summarizer.whose import refers_only

    assert refers_only("第一财季公司营收") and refers_only("公司股价")
    assert not refers_only("合资公司注册资本")  # the joint venture, named by 合资
    title = "甲安全、乙网络财报后大跌，网络安全股承压"
    body = [
        "甲安全股价大跌10%，乙网络跌超7%。",
        "财报显示，第一财季公司营收13.9亿美元，同比增长26%，略高于预期。",
        "分析师认为，网络安全行业需求依然稳健。",
    ]
    got = extract_figures(title, body, companies=2, names=("甲安全", "乙网络"))
    assert "13.9亿美元" not in [f.value for f in got]
    got = extract_figures("甲安全财报后大跌", body, companies=1, names=("甲安全",))
    assert "13.9亿美元" in [f.value for f in got]


def test_a_counted_name_goes_on_to_what_it_counts() -> None:
    sent = "今日早盘，美股三大股指期货全线走高，涨幅均超1%，黄金亦走强。"
    start = sent.index("超1%")
    assert topic_owner("涨幅均", sent, (start, start + 3), "期货走高") == "美股三大股指期货"


def test_the_company_of_a_one_company_post_is_named_for_its_time_headed_line() -> None:
    # made-up: 公司 after the line's period is the post's one company; the line says so, name
    # first, so it reads alone beside lines of other holders (a shareholder, a peer)
    from bot.summarizer.figures import extract_figures

    title = "甲乙能源股东举牌 一季度净利大增"
    body = [
        "近日，知名投资人丙某持有甲乙能源股票比例升至5.01%，触发举牌。",
        "财报显示，一季度公司营业收入3.54亿元，同比下降17.66%。",
    ]
    got = extract_figures(title, body, companies=1, names=("甲乙能源",), year=2026)
    assert [f.label for f in got if f.value == "3.54亿元"] == ["甲乙能源一季度营业收入"]


def test_a_name_the_tagger_does_not_know_is_not_put_before_itself() -> None:
    # made-up sentences: the segmenter tags 英伟达 no name, so 英伟达全年营收 looks bare; the
    # line names the company once, not twice
    from bot.summarizer.figures import extract_figures

    title = "英伟达股东会摘要：创始人谈投资回报"
    body = [
        "英伟达召开年度股东大会，创始人回应了投资者关心的问题。",
        "公司全年营收2160亿美元，同比增长65%，乙丙公司全年营收增长了3%。",
    ]
    got = extract_figures(title, body, companies=1, names=("英伟达", "乙丙"), year=2026)
    labels = [f.label for f in got if f.value == "2160亿美元"]
    assert labels and labels[0].count("英伟达") == 1, labels
