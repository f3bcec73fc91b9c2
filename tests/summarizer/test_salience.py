"""Which sentence carries the news: title matching and the shapes that are not the news.

All sentences here are made up for the test.
"""

from __future__ import annotations

from bot.summarizer.salience import _join_short, measure, title_units
from bot.summarizer.sentencefit import clause_prefixes
from bot.summarizer.setup import drop_setup
from bot.summarizer.summary import build_summary
from bot.summarizer.text import with_aliases


def test_title_numbers_match_whole_numbers_only() -> None:
    units = title_units("某指数大涨4%，成交额放大")
    have, _ = measure("2024年某公司市值达4500亿元。", units)
    assert "4" not in have  # neither the tail of 2024 nor the head of 4500
    have, _ = measure("某指数收涨4%，成交放量。", units)
    assert "4" in have


def test_a_digit_joined_to_letters_is_a_name_not_a_number() -> None:
    units = title_units("某手机大卖 5G机型销量涨3%")
    assert "5" not in units and "5g" in units
    assert "5" not in measure("售价低至5元。", title_units("某厂5G基站"))[0]
    assert "5g" in measure("该厂的5G基站出货。", units)[0]
    assert "3" in measure("销量上涨3%，50bp的降息。", units)[0]
    assert "50" in title_units("降息50bp")  # a unit, not a name


def test_a_precise_body_value_stands_for_the_rounded_headline_one() -> None:
    units = title_units("油价飙升近8%，金价走软")
    assert "8" in measure("布伦特原油最高涨7.9%至97.50美元/桶。", units)[0]
    assert "8" not in measure("布伦特原油涨6.9%。", units)[0]
    assert "8" not in measure("会议定于7.5日举行。", title_units("8日开会"))[0]


def test_a_body_amount_in_yi_stands_for_the_headlines_wan_yi() -> None:
    units = title_units("甲市场收跌 成交额接近2.6万亿")
    assert "2.6" in measure("两市成交额达到25960亿，较上一交易日缩量800亿。", units)[0]
    assert "2.6" not in measure("两市成交额达到24960亿。", units)[0]  # 2.5万亿, not 2.6
    assert "2.6" not in measure("公司营收2.6亿元。", units)[0]  # 亿 is not 万亿


def test_a_sentence_that_leans_on_one_not_shown_never_opens_the_summary() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "某科技公司再度开启融资模式。",
        "9月26日，某科技公司公告称，拟以每股9.99港元配售新股，净筹资约63.4亿港元，用于海外扩张与研发。",
        "这已是该公司一年内的第三次融资，三次累计募资超168亿港元，市场对其资金需求的讨论随之升温，"
        "多位分析人士认为其持续亏损与高额研发投入是频繁融资的主要原因。",
    ]
    s = build_summary("某科技公司一年三募累计超168亿港元", paras)
    assert s.startswith("9月26日，某科技公司公告称")


def test_a_linking_connective_is_dropped_when_its_sentence_comes_first() -> None:
    from bot.summarizer.salience import CONNECTIVE

    assert CONNECTIVE.sub("", "不过，某车企全年营收同比下降了3%，为首次年度下滑。") == (
        "某车企全年营收同比下降了3%，为首次年度下滑。"
    )
    # what is left still leans on the sentence before: the connective alone is not the problem
    assert CONNECTIVE.sub("", "不过，这一数字仍低于市场预期的水平。").startswith("这一")


def test_a_gloss_goes_before_the_sentence_is_cut() -> None:
    from bot.summarizer.summary import build_summary

    s = (
        "某机器人公司（Example Robotics）近日完成B轮融资，累计融资额超10亿元，"
        "估值突破百亿元，投资方包括多家产业基金。"
    )
    other = "另一段背景介绍，与融资无关的内容。"
    got = build_summary("某机器人公司完成超10亿B轮融资", [s, other], max_chars=60)
    assert got == (
        "某机器人公司近日完成B轮融资，累计融资额超10亿元，估值突破百亿元，投资方包括多家产业基金。"
    )


def test_a_sentence_may_end_before_a_dash_that_opens_an_elaboration() -> None:
    from bot.summarizer.sentencefit import fit_sentence

    s = "这已是某科技公司一年内的第三次融资——6月刚完成46.7亿港元配售，三次累计募资超168亿港元。"
    assert fit_sentence(s, 30) == "这已是某科技公司一年内的第三次融资。"
    aside = "某银行股约5%的股息收益率——远高于国债约1.8%的收益率——对投资者构成显著吸引力。"
    assert fit_sentence(aside, 30) is None  # the predicate comes after the aside


def test_a_flash_that_never_names_its_speaker_is_led_by_the_headline_speaker() -> None:
    from bot.summarizer.summary import build_summary

    body = "到2027年，全国新建大型数据中心平均电能利用效率降到1.3以下，可再生能源利用率明显提升。"
    assert build_summary("某部委等部门：数据中心绿色发展", [body]) == "某部委等部门：" + body
    named = "某部委等部门日前印发方案，到2027年新建大型数据中心平均电能利用效率降到1.3以下。"
    assert build_summary("某部委等部门：数据中心绿色发展", [named]) == named


def test_a_cut_never_ends_on_a_bare_time_adverb_or_a_preposition() -> None:
    from bot.summarizer.sentencefit import fit_sentence

    s = "某局负责人表示，下一步，该局将推动各地优化资助政策，严厉打击各类非正常申请行为。"
    assert fit_sentence(s, 20) is None  # "某局负责人表示，下一步。" says nothing
    t = "8月25日，某公司发布了收购某资产的公告，根据公司的产业发展规划，子公司将以现金收购该资产。"
    assert fit_sentence(t, 40) == "8月25日，某公司发布了收购某资产的公告。"


def test_a_flash_sentence_on_its_company_reads_on_from_the_named_one() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "某养殖企业表示，预计年底建成养殖产能将超过7000万头，目前存栏量在3600万头左右。"
        "现阶段公司月均出栏量保持在450万头水平。公司对明年成本下降趋势较为乐观。"
    ]
    s = build_summary("某养殖企业：对明年成本下降趋势较为乐观", paras)
    assert s.startswith("某养殖企业")


def test_a_quotation_is_one_sentence_with_its_speaker() -> None:
    from bot.summarizer.text import quoted_sentences

    p = "某官员在社交媒体上表示：“谈判取得进展。封锁将继续实施。”市场随即反弹。"
    assert quoted_sentences(p) == [
        "某官员在社交媒体上表示：“谈判取得进展。封锁将继续实施。”",
        "市场随即反弹。",
    ]
    straight = '某官员发帖称："今晚将宣布决定。"他还设定了最后期限。'
    assert quoted_sentences(straight) == [
        '某官员发帖称："今晚将宣布决定。"',
        "他还设定了最后期限。",
    ]


def test_a_metaphor_without_the_headline_actor_does_not_ride_along_with_the_fact() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "汇市的裂缝，正在变成楼市的地震。",
        "当地时间7月13日，某国芯片股全线下跌，某芯片指数收跌3.2%，创三个月来最大跌幅。",
        "分析人士认为，资金面收紧是主要原因。",
    ]
    s = build_summary("芯片交易崩了？汇市撞飞了楼市", paras)
    assert s.startswith("当地时间7月13日"), s


def test_a_thesis_that_names_the_headline_actor_may_follow_the_fact() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "过去两年，开放式耳机在某国耳机市场的销售额份额已突破30%。",
        "这不仅是一次产品形态的更迭，更是一场由某音科技引领的品类级替代。",
    ]
    s = build_summary("对话某音科技高层：开放式耳机凭什么成为品类革命", paras)
    assert "某音科技" in s


def test_an_example_does_not_open_the_summary() -> None:
    from bot.summarizer.salience import candidates, title_units

    units = title_units("某交易所规则：以差异化披露推动信息公开")
    paras = [
        "某榜单的制度基础是交易所规则，差异化披露是其改革方向。",
        "比如某交易所规定，涨跌幅偏离7%、振幅15%、换手率20%以上的股票各取前五只公布。",
    ]
    pool = candidates(units, paras, None, lambda s: (s, False))
    example = next(c for c in pool if c.text.startswith("比如"))
    assert example.leaning and example.orphan


def test_a_count_of_things_is_a_figure_a_count_of_months_is_not() -> None:
    units = title_units("某项试点全面铺开")
    assert measure("今年将在29个省全面开展试点。", units)[1]
    assert not measure("试点为期3个月。", units)[1]


def test_a_scene_lead_gives_way_to_the_sentence_with_the_headline_number() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "上周五市场还在庆祝和谈曙光，周末局势急转直下，某海峡再度关闭，市场的乐观情绪被迅速打回原形。",
        "4月20日亚洲早盘，某原油最高涨7.9%至97.50美元/桶，另一原油涨逾7%。",
        "与此同时，某股指期货跌0.7%，另一股指期货跌约0.9%。",
    ]
    s = build_summary("周末某国各施手段，油价飙升近8%、股指期货回落", paras)
    assert s.startswith("4月20日亚洲早盘"), s
    # a dated lead heads a market wrap, a lead naming the headline's actor is the news: both
    # keep the lead bonus
    from bot.summarizer.salience import candidates, title_units

    for title, lead in (
        ("全球市场：油价飙升近8%，股指期货回落", "某国三大指数08月07日收盘全线上涨。"),
        ("某公司股价飙升近8%，市值创新高", "某公司近日宣布与多家客户签署长期供货协议。"),
    ):
        pool = candidates(title_units(title), [lead, *paras[1:]], None, lambda s: (s, False))
        assert pool[0].lead > 0, title


def test_among_before_a_named_subject_is_a_link_not_a_dangling_reference() -> None:
    from bot.summarizer.salience import candidates, title_units

    units = title_units("两家老牌硬件公司股价集体狂飙")
    paras = [
        "5月最后一个交易日，甲乙科技股价飙升32%，丙丁集团上涨22%。",
        "两家公司股价爆发，核心源于超预期的财报。",
        "其中，甲乙科技一季度总营收同比大增88%，AI服务器收入高达161亿美元。",
        "其中，研发支出接近2000万美元，占运营亏损的绝大部分。",
    ]
    pool = {c.index: c for c in candidates(units, paras, None, lambda s: (s, False))}
    named, bare = pool[2], pool[3]
    assert named.link == "其中，" and not named.orphan  # its subject was named before
    assert bare.orphan and not bare.link  # whose 研发支出? only the sentence before says


def test_a_second_sentence_keeps_its_own_date() -> None:
    from bot.summarizer.summary import build_summary

    same = ["5月26日晚，某公司公告拟回购5亿元股份。", "5月26日晚间，某公司另公告拟分红3亿元。"]
    s = build_summary("某公司拟回购5亿元、分红3亿元", same)
    assert s.count("5月26日") == 1, s
    other = ["5月26日晚，某公司公告拟回购5亿元股份。", "5月27日，某公司另公告拟分红3亿元。"]
    s = build_summary("某公司拟回购5亿元、分红3亿元", other)
    assert "5月27日" in s, s


def test_a_flash_opening_on_its_speakers_view_names_the_speaker_first() -> None:
    from bot.summarizer.summary import build_summary

    body = (
        "央行将加快退出宽松政策，继而转向加息，金融市场将迎来剧烈震荡。"
        "某某克称，鉴于债务水平飙升，借款成本增加可能会对经济增长构成阻力。"
    )
    s = build_summary("“新某王”某某克：加息料引发市场动荡", [body])
    assert s.startswith("“新某王”某某克：央行将加快退出宽松政策"), s
    # a flash that says whose view it is from its first sentence stays as written
    said = "某某克表示，央行将加快退出宽松政策。他称借款成本增加可能拖累增长。"
    assert build_summary("“新某王”某某克：加息料引发市场动荡", [said]).startswith("某某克表示")


def test_the_headline_amounts_are_its_figures_not_its_dates() -> None:
    assert title_units("上市仅3个月 某手机降价2000元促销").amounts == {"3", "2000"}
    assert not title_units("某国称两国3日将举行谈判，2025年目标不变").amounts
    assert not title_units("某部两期国债中标结果出炉（12-08）").amounts  # a wire's date tag


def test_the_first_sentence_is_cut_so_the_second_keeps_the_headline_number() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "某投行发布研究报告称，首予某能源公司“买入”评级，为纯太阳能电场营运商，有稳健的项目组合，"
        "经营效率高。",
        "在新项目收购及电网平价项目增加下，预期今年至2025年的盈利年均复合增长率可达20%，"
        "收入及发电量的年均复合增长则分别为18%/21%，目标价6.1港元。",
    ]
    s = build_summary("某投行：首予某能源公司“买入”评级 目标价6.1港元", paras)
    assert "目标价6.1港元" in s, s
    assert s.startswith("某投行发布研究报告称，首予某能源公司“买入”评级"), s


def test_a_turn_from_a_mood_lead_is_the_news() -> None:
    from bot.summarizer.summary import build_summary

    paras = [
        "受芯片股强劲走势的支撑，全球主要股票市场以上涨结束上半年行情。",
        "不过，近几周，科技股出现调整，引发多国主要股市相继出现下调，而芯片股成为主要的下跌板块。",
        "本轮抛售潮由某国股市率先引爆，短短三周时间快速传导至其他市场。",
    ]
    s = build_summary("全球主要股市芯片股为何集体下跌", paras)
    assert s.startswith("近几周，科技股出现调整"), s
    # after a lead that states a fact, the turn is one more fact: it does not push the lead out
    fact = ["某公司周三公布第四季度财报，股价盘后上涨3%。", "不过，某公司全年营收同比下降了3%。"]
    assert build_summary("某公司第四季度财报好于预期", fact).startswith("某公司周三公布")


def test_setup_before_the_actor_is_dropped() -> None:
    units = title_units("甲公司拟投资20亿元建设新基地")
    s = "在行业需求快速增长的背景下，龙头甲公司拟投资20亿元建设新基地。"
    assert drop_setup(s, units) == "龙头甲公司拟投资20亿元建设新基地。"
    purpose = "为进一步提升服务水平，增强竞争力，甲公司拟投资20亿元建设新基地。"
    assert drop_setup(purpose, units) == "甲公司拟投资20亿元建设新基地。"
    # 为期 is no purpose, and a setup naming the actor itself stays
    assert drop_setup("为期3天的会议闭幕，甲公司拟投资20亿元。", units).startswith("为期")
    own = "在甲公司拟投资的背景下，乙公司跟进。"
    assert drop_setup(own, units) == own


def test_short_sentence_saying_the_title_event_stays_with_its_antecedent() -> None:
    units = title_units("某委员会就修订交易规则公开征求意见")
    said = ["某委员会对交易规则及配套细则进行修改。", "现向社会公开征求意见。"]
    assert _join_short(said, units) == [
        "某委员会对交易规则及配套细则进行修改。现向社会公开征求意见。"
    ]
    # a short cheer or an aside naming little of the title stands apart (then dropped)
    other = ["某委员会对交易规则及配套细则进行修改。", "市场反响热烈。"]
    assert _join_short(other, units) == other


def test_advice_to_investors_does_not_lead_the_summary() -> None:
    from bot.summarizer.summary import build_summary

    title = "金价上涨助推黄金理财热"
    paras = [
        "业内人士表示，近期金价高位波动，投资者应结合自身风险偏好，通过多元化配置平衡收益与风险。",
        "近日，国际黄金价格屡创新高，现货黄金报4024.1美元/盎司，9月以来累计涨幅超16%。",
    ]
    assert build_summary(title, paras).startswith("近日，国际黄金价格屡创新高")
    from bot.summarizer.shapes import _ADVICE

    assert not _ADVICE.search("强劲的投资者需求推动估值走高")  # demand, not advice


def test_a_move_opening_the_title_is_no_scene() -> None:
    units = title_units("恒指微跌 某概念股走强 甲电子涨逾5%", ("甲电子",))
    assert "恒指" in units.first and not units.scene


def test_a_title_number_is_matched_only_with_its_own_unit() -> None:
    units = title_units("甲：未来5年将发生巨大变化")
    assert "5" not in measure("甲建议将黄金配置比例维持在5%至15%之间。", units)[0]
    assert "5" in measure("甲称未来5年世界将巨变。", units)[0]
    dated = title_units("折价约20%！甲公司股东拟转让10%股份")
    assert "10" not in measure("双方于5月10日签署了协议。", dated)[0]  # a date, not 10%


def test_a_full_name_that_defines_a_short_one_is_written_short() -> None:
    sent = (
        "控股股东星河甲乙投资有限公司（下称“甲乙投资”）与丙丁未来（杭州）投资合伙企业"
        "（有限合伙）（以下简称“丙丁未来”）签署了协议"
    )
    assert with_aliases(sent) == "控股股东星河甲乙投资与丙丁未来签署了协议"
    # a short name not found in the full one: only its definition goes
    assert with_aliases("某报记者（下称“本报记者”）注意到，") == "某报记者注意到，"
    # never across a clause or into a title in 《》: the sentence would lose its brackets
    assert (
        with_aliases("《关于做好试点工作的意见》（下称“意见”）发布")
        == "《关于做好试点工作的意见》发布"
    )


def test_a_disclaimer_is_never_the_news() -> None:
    title = "星河科技控股股东拟转让10%股份"
    body = [
        "据公告，本次权益变动不触及要约收购，不会导致公司控股股东发生变化。",
        "星河科技控股股东拟以每股20元转让公司10%股份，转让总价款为5亿元。",
    ]
    summary = build_summary(title, body)
    assert "不触及" not in summary
    assert "10%" in summary


def test_a_boards_move_without_a_figure_is_the_sessions_news() -> None:
    paras = [
        "甲股三大指数今日集体上涨，截止收盘，甲指涨0.90%，收报3862.53点；乙指涨2.05%，"
        "收报13479.43点；丙指涨2.74%，收报3238.01点。沪深两市成交额达到21615亿，较上一交易日放量146亿。",
        "行业板块多数收涨，能源金属、证券、电池板块大涨，钢铁行业板块跌幅居前。",
    ]
    s = build_summary("甲股三大指数收涨：丙指涨近3% 证券与电池板块大涨", paras)
    assert "证券" in s and "电池" in s, s


def test_more_than_before_the_unit_is_a_figure() -> None:
    # made-up: 50多元 states a figure as 50元 does (a sentence with it is a fact, not a mood)
    from bot.summarizer.titlewords import measure, title_units

    units = title_units("某地金价每克跳涨50元", ())
    assert measure("短短十几天，金价每克已经上涨50多元。", units)[1] == {"50多元"}


def test_a_view_after_its_speaker_leans_on_him_after_a_cut_gist_too() -> None:
    # made-up: a long reported view is cut (its gist is measured) before a later speaker's
    # view; that view must still lean on "…表示。" (it used to stop counting after a gist)
    from bot.summarizer.salience import candidates, title_units
    from bot.summarizer.sentencefit import fitted

    units = title_units("国际油价大涨 分析师称供应缺口扩大")
    long = (
        "甲银行大宗商品研究主管在最新报告中指出，"
        + "，".join(["霍尔木兹海峡航运受阻"] * 3)
        + "，国际油价大涨，供应缺口扩大，全球库存持续下降，炼厂开工率下滑，运费上涨，保险费率上升，"
        "市场担忧情绪升温，多家机构上调油价预测，短期内难以缓解。"
    )
    para = long + "乙机构首席经济学家表示。油价可能进一步上涨至每桶100美元。"
    got = {c.index: c for c in candidates(units, [para], None, lambda s: fitted(s, 120))}
    assert got[0].cut  # the first sentence was cut: its speaker's gist was measured
    assert got[2].leaning and got[2].orphan  # shown alone it would state the view as a fact


def test_a_plan_announced_is_a_fact_not_a_thesis() -> None:
    # made-up: 计划 + a verb reports what an actor will do (news); 计划 as a noun does not
    from bot.summarizer.salience import candidates, title_units

    units = title_units("放开限制！甲国股市再传利好", ())
    more = "分析人士认为，此举影响深远。"  # two paragraphs: not a flash (a flash is all news)
    paras = ["为吸引更多外资，甲国政府计划放开限制，允许境外投资者直接交易基金。", more]
    assert candidates(units, paras, None, lambda s: (s, False))[0].fact
    noun = ["随着甲公司推进其“轨道数据中心”计划，双方可能形成既合作又竞争的关系。", more]
    assert not candidates(units, noun, None, lambda s: (s, False))[0].fact


def test_recently_alone_sets_a_scene_and_a_record_set_is_an_event() -> None:
    # made-up: 近日 dates nothing; a record set (创下…纪录) is news, one foreseen (有望创出) is not
    from bot.summarizer.salience import candidates, title_units

    units = title_units("白银猛涨 实探甲市场！每克跳涨11元", ())
    more = "分析人士认为，此举影响深远。"  # two paragraphs: not a flash
    fit = lambda s: (s, False)  # noqa: E731
    scene = ["近日，国际金价走强，黄金饰品消费市场也备受关注。", more]
    assert not candidates(units, scene, None, fit)[0].fact
    record = ["近日，国际市场白银现货价格再次创下历史纪录。", more]
    assert candidates(units, record, None, fit)[0].fact
    foreseen = ["近日，机构认为白银价格有望创出新高。", more]
    assert not candidates(units, foreseen, None, fit)[0].fact


def test_the_feds_full_name_says_the_titles_short_one() -> None:
    # made-up: a headline's 美联储 is the body's 美国联邦储备委员会
    units = title_units("美联储步入新时代", ())
    have, _ = measure("当地时间5月22日，美国联邦储备委员会新任主席宣誓就职。", units)
    assert "联邦储备" in have


def test_a_source_saying_what_this_is_leans_on_the_sentence_before() -> None:
    from bot.summarizer.salience import candidates, title_units

    units = title_units("某榜单发布：甲应用升至第4")
    paras = [
        "某机构发布第六版应用榜单，甲应用升至第4位。",
        "乙机构分析称，这份榜单某种程度上可以视为一份出海成绩单。",
        "丙机构分析称，榜单前十中有3款来自中国。",
    ]
    pool = {c.index: c for c in candidates(units, paras, None, lambda s: (s, False))}
    assert pool[1].leaning  # "这份榜单": which one, only the sentence before says
    assert not pool[2].leaning  # a source, then its own subject


def test_a_report_verb_compared_reports_no_event() -> None:
    from bot.summarizer.events import states_event

    assert not states_event("甲助手起势比乙晚，甲模型发布比丙迟，产品存在感不足。", False, False)
    assert states_event("甲公司发布甲模型，存在感大增。", False, False)  # 发布: an event


def test_a_company_profile_is_background_not_news() -> None:
    # made-up: 主营业务涵盖… opened a flash's summary beside the news it reported
    from bot.summarizer.shapes import shape_penalty

    assert shape_penalty("甲公司表示，目前公司主营业务涵盖两大板块：光伏和线缆。") < 1.0
    assert shape_penalty("乙公司主要从事墙布、窗帘的研发与销售。") < 1.0
    assert shape_penalty("因一季度主营业务完成情况不及预期，公司下调全年目标。") == 1.0


def test_no_cut_before_the_last_attribute_of_the_noun_that_ends_the_sentence() -> None:
    # made-up: 规格为… and 批次为… both qualify the vials the sentence ends on
    s = "星河药业表示，公司调查后确认有此事，所以召回两批规格为100毫克，批次为A1和A2的注射液。"
    assert not any(p.endswith("规格为100毫克。") for p in clause_prefixes(s))
    assert "星河药业表示，公司调查后确认有此事。" in clause_prefixes(s)


def test_an_amount_in_words_is_a_fact_beside_the_lead() -> None:
    # made-up, shaped like 36kr3836068296209537: the title's second fact (估值破百亿) is stated
    # in words only; a long investor list gives way to it
    from bot.summarizer.events import states_event

    assert states_event("目前甲智能估值已突破百亿元。", False, False)
    assert not states_event("甲智能的估值受到市场广泛关注。", False, False)
    lead = (
        "机器人公司甲智能近日完成B轮系列融资，三个月内三轮累计融资额超10亿元，投资方包括乙科创产业"
        "二期母基金、丙资本、丁龙投芯粒、戊聚力、己科技、庚教育、壬创投、癸资本、某头部上市企业及辛投资等老股东"
        "持续追投。"
    )
    paras = [lead + "目前甲智能估值已突破百亿元，成为又一家百亿独角兽。", "公司成立于2021年。"]
    got = build_summary("甲智能完成超10亿B轮融资，估值破百亿", paras)
    assert "百亿" in got and "10亿" in got and "追投" not in got
