"""Summary: length, sentence boundaries, boilerplate."""

from __future__ import annotations

import re

import pytest

from bot.summarizer.sentencefit import end_sentence, fit_sentence
from bot.summarizer.summary import build_summary
from bot.summarizer.text import body_paragraphs, fold, is_boilerplate, sentences, strip_opener


def test_flash_item_is_its_sentence() -> None:
    text = "美国众议院已有足够票数，允许加快提高债务上限的操作程序。"
    assert build_summary("美国众议院已有足够票数", [text]) == text


def test_two_lead_sentences_when_they_fit() -> None:
    paras = [
        "5月26日晚，阿里巴巴集团公布2022财年第四季度及全年业绩，其全球年度活跃消费者已达13.1亿。",
        "根据财报，四季度阿里收入为2040.52亿元人民币，其中四季度海外商业板块收入为143.35亿元，同比增长7%。",
        "云计算是阿里巴巴全球化业务另一个增长点。",
    ]
    s = build_summary("阿里", paras)
    assert s == paras[0] + paras[1]
    assert len(s) <= 120


@pytest.mark.parametrize("max_chars", [40, 60, 80, 120])
def test_never_longer_than_max_and_ends_a_sentence(max_chars: int) -> None:
    long = (
        "摩根士丹利分析师维持了对苹果的增持评级，并将该股目标价从164美元上调至200美元，"
        "和韦德布什给出的目标价并列华尔街最高，分析师认为VR和自动驾驶将在未来几年发力，"
        "服务业务的增长也将继续超出市场的普遍预期。"
    )
    s = build_summary("大摩上调苹果目标价", [long], max_chars=max_chars)
    assert 0 < len(s) <= max_chars
    assert s.endswith("。")
    assert long.startswith(s[:-1])  # a clause-boundary prefix of the sentence, nothing invented


def test_cut_never_ends_on_a_reporting_verb_or_lone_subordinate_clause() -> None:
    s = (
        "尽管市场存在质疑声音，分析师表示，"
        "这笔交易为英伟达带来的是实实在在的增量收入，规模超出预期。"
    )
    assert fit_sentence(s, 20) is None  # 尽管… alone or …表示 would break the meaning
    got = fit_sentence(s, 45)
    assert got == "尽管市场存在质疑声音，分析师表示，这笔交易为英伟达带来的是实实在在的增量收入。"


def test_no_dangling_number_or_unbalanced_quote() -> None:
    s = "公司称“本次交易完成后，将进一步提升盈利能力”，预计全年营收增长20%，净利润将达到5亿元。"
    got = fit_sentence(s, 40)
    assert got is not None and got.count("“") == got.count("”")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("财联社9月30日电，美联储宣布降息25个基点。", "美联储宣布降息25个基点。"),
        ("2021年12月8日讯，某部2年期国债中标利率为2.45%。", "某部2年期国债中标利率为2.45%。"),
        ("据悉，公司将于下周发布新品。", "公司将于下周发布新品。"),
        ("【导读】沪指收涨0.5%，成交额放大。", "沪指收涨0.5%，成交额放大。"),
        ("核心提示：火星盒子完成数千万元A+轮融资。", "火星盒子完成数千万元A+轮融资。"),
        ("记者从阿里国际站获悉，全年海外市场消费者净增6400万。", "全年海外市场消费者净增6400万。"),
        # the outlet pointing at its own earlier story
        ("华尔街见闻此前提及，某公司正削减数据中心租约。", "某公司正削减数据中心租约。"),
    ],
)
def test_openers_are_stripped(raw: str, expected: str) -> None:
    assert strip_opener(raw) == expected


@pytest.mark.parametrize(
    "para",
    [
        "本文作者：董静",
        "来源：硬AI",
        "免责声明：本文基于AI生产，仅供参考，不构成任何投资建议。",
        "风险提示：市场有风险，投资需谨慎。",
        "本文来自华尔街见闻，欢迎下载APP查看更多",
        "点击查看更多精彩内容",
        "（文章来源：每日经济新闻）",
        "36氪 詹妮妮 2018-07-09 09:45",
        "文｜吴思瑾",
        "东财图解·加点干货",
    ],
)
def test_boilerplate_paragraphs(para: str) -> None:
    assert is_boilerplate(para)


def test_body_drops_boilerplate_and_trailing_source_tag() -> None:
    paras = [
        "本文作者：董静",
        "全国数据中心整体利用率明显提升。（发改委网站）",
        "免责声明：仅供参考。",
    ]
    assert body_paragraphs("标题", paras) == ["全国数据中心整体利用率明显提升。"]


def test_summary_skips_boilerplate_and_headings() -> None:
    paras = ["来源：央视财经", "千亿级ETF数量归零", "宽基ETF规模大缩水，千亿级ETF数量归零。"]
    assert build_summary("宽基ETF规模大缩水", paras) == "宽基ETF规模大缩水，千亿级ETF数量归零。"


def test_digest_comes_first() -> None:
    s = build_summary(
        "t", ["正文第一句话比较长，说明了很多背景信息。"], digest="编辑摘要：营收增长7%。"
    )
    assert s.startswith("编辑摘要")


def test_sentences_keep_closing_quote() -> None:
    assert sentences("他说：“很好。”随后离开。") == ["他说：“很好。”", "随后离开。"]


def test_fold_keeps_length() -> None:
    s = "增长７％，（约）"
    assert len(fold(s)) == len(s)
    assert fold(s) == "增长7%，（约）"


def test_every_number_in_summary_is_in_the_text() -> None:
    paras = ["FF表示，公司预计总资产约为11亿美元，截至2021年9月30日的总负债约为3.54亿美元。"]
    s = build_summary("FF披露财务状况", paras)
    for n in re.findall(r"\d+(?:\.\d+)?", s):
        assert n in paras[0]


def test_summary_never_ends_on_an_adverbial_clause() -> None:
    from bot.summarizer.sentencefit import fit_sentence

    s = (
        "根据应用情报提供商Appfigures的最新数据，在仅限美国和加拿大地区并采用邀请制的情况下，"
        "Sora上线两日在iOS平台的下载量达到16.4万次，"
        "位居美国App Store总榜第三，成为近期最受关注的新应用。"
    )
    # Both short prefixes end on a setting (…的最新数据 / …的情况下) without the main clause:
    # no prefix reads as complete, so the caller moves on to the next sentence.
    assert fit_sentence(s, 60) is None
    assert fit_sentence(s, 90) == s[: s.index("16.4万次") + 6] + "。"


def test_summary_drops_aliases() -> None:
    from bot.summarizer.summary import build_summary

    para = (
        "9月29日晚间，国林科技（证券代码：300786）公告称，正在筹划以现金方式购买"
        "新疆凯涟捷石化有限公司（以下简称凯涟捷）91.07%股权。"
    )
    s = build_summary("国林科技拟购买凯涟捷股权", [para])
    assert "以下简称" not in s
    assert "新疆凯涟捷91.07%股权" in s  # the full name written as its short name


def test_summary_ellipsis_is_a_sentence_end() -> None:
    from bot.summarizer.summary import build_summary

    para = (
        "美国大豆协会称，自5月以来，中国就不再购买美国大豆了。"
        "随着美国大豆进入收获季节，因大豆滞销而面临巨额损失的豆农心急如焚……"
    )
    s = build_summary("大豆滞销", [para])
    assert s.endswith("心急如焚……")


def test_data_shows_opener_is_dropped() -> None:
    from bot.summarizer.summary import build_summary

    s = build_summary("北向资金", ["数据显示，截至目前，北向资金今日净流入超40亿元。"])
    assert s == "截至目前，北向资金今日净流入超40亿元。"


# --- Which sentence carries the news: general rules, on synthetic posts -------------------------


def test_a_question_lead_gives_way_to_the_answer() -> None:
    paras = [
        "美联储还会继续加息吗？",
        "美联储周三宣布加息25个基点，将联邦基金利率目标区间上调至5.25%至5.5%。",
    ]
    assert build_summary("美联储宣布加息25个基点", paras) == paras[1]


def test_a_hook_without_facts_gives_way_to_the_deal() -> None:
    paras = [
        "资本的寒冬里，总有人逆势而上，把冷板凳坐成了热赛道。",
        "智能乐器品牌星河声学近日完成2亿元B轮融资，由华岳资本领投，老股东跟投。",
    ]
    s = build_summary("星河声学完成2亿元B轮融资 华岳资本领投", paras)
    assert s.startswith("智能乐器品牌星河声学近日完成2亿元B轮融资")
    assert "寒冬" not in s


def test_the_headline_figure_beats_a_background_lead() -> None:
    paras = [
        "作为背景，该行过去三年持续压降房地产贷款占比，资产质量承压。",
        "此前，市场普遍担心其拨备覆盖率下滑。",
        "该行一季度实现净利润58.3亿元，同比增长12.4%，不良率降至1.21%。",
    ]
    s = build_summary("一季度净利润58.3亿元 同比增长12.4%", paras)
    assert "58.3亿元" in s and "作为背景" not in s and "此前" not in s


def test_a_column_preface_and_editor_note_are_not_the_summary() -> None:
    paras = [
        "编者按：科技浪潮之下，每一家公司都有自己的故事。",
        "本周沪指上涨1.65%，深证成指上涨3.02%。下周A股将如何运行？",
        "我们汇总了各大机构的最新投资策略，供投资者参考。",
    ]
    s = build_summary("十大机构论市：行情未完 成长占优", paras)
    assert s.startswith("本周沪指上涨1.65%")
    assert "编者按" not in s and "供投资者参考" not in s and "如何运行" not in s


def test_a_time_stamp_scene_is_not_an_event() -> None:
    paras = [
        "美东时间4月7日，星期二，上午8时06分。",
        "美国总统特朗普宣布对伊朗暂停轰炸两周，国际油价随即下跌逾10%。",
    ]
    s = build_summary("特朗普宣布暂停轰炸两周 油价跌逾10%", paras)
    assert s.startswith("美国总统特朗普宣布")


def test_an_opening_quote_loses_to_the_reported_fact() -> None:
    paras = [
        "“我们从来没有见过这样的需求，订单已经排到了明年。”一位经销商说。",
        "据统计，该公司三季度出货量达到120万台，同比增长35%。",
    ]
    s = build_summary("三季度出货量120万台 同比增长35%", paras)
    assert "120万台" in s and not s.startswith("“")


def test_a_reporter_lead_in_is_stripped_to_the_fact() -> None:
    s = build_summary(
        "个人所得税汇算开始",
        ["本报记者今天从国家税务总局获悉，2026年度个人所得税综合所得汇算将于3月1日开始。"],
    )
    assert s == "2026年度个人所得税综合所得汇算将于3月1日开始。"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "多位经销商向本报记者反馈，中秋前一个月市场才启动。",
            "多位经销商反馈，中秋前一个月市场才启动。",
        ),
        ("张教授在接受本报记者采访时表示，政策将于明年落地。", "张教授表示，政策将于明年落地。"),
        ("硬氪获悉，某某机器人完成数亿元A轮融资。", "某某机器人完成数亿元A轮融资。"),
        (
            "9月30日，据某某交易台消息，某行将目标价上调至120元。",
            "9月30日，某行将目标价上调至120元。",
        ),
        (
            "10月12日，记者来到某某批发市场探访发现，市场内的基准价已达900元/克。",
            "10月12日，市场内的基准价已达900元/克。",
        ),
        ("某报记者调查发现，多家门店已经下调售价。", "多家门店已经下调售价。"),
    ],
)
def test_newsroom_credits_go(raw: str, expected: str) -> None:
    assert strip_opener(raw) == expected


def test_a_hedged_attribution_stays() -> None:
    s = "据知情人士消息，两家公司正在就合并进行谈判。"
    assert strip_opener(s) == s


def test_a_teaser_question_is_cut_from_the_facts() -> None:
    s = build_summary(
        "白酒板块大涨 北向资金扫货",
        ["白酒板块多股大涨，北向资金半天净买入近60亿元，大行情要来？"],
    )
    assert s == "白酒板块多股大涨，北向资金半天净买入近60亿元。"


def test_the_speaker_of_a_flash_headline_is_named() -> None:
    s = build_summary(
        "远望股份：公司暂无回购股份计划",
        ["公司目前暂无回购股份的计划，生产经营一切正常。"],
    )
    assert s == "远望股份目前暂无回购股份的计划，生产经营一切正常。"
    quoted = build_summary(
        "远望股份：目前尚无官方消息证实新工厂将于明年投产",
        ["目前尚无官方消息证实新工厂将于明年投产。公司将及时履行信息披露义务。"],
    )
    assert quoted.startswith("远望股份：目前尚无官方消息证实新工厂将于明年投产。")


def test_a_leaning_sentence_does_not_follow_a_stranger() -> None:
    paras = [
        "某某汽车10月交付新车3.2万辆，同比增长58%，创单月新高。",
        "公司董事长出席了当地一场行业论坛。",
        "与会嘉宾讨论了行业前景。",
        "受此影响，该股盘中一度涨超7%。",
    ]
    s = build_summary("某某汽车10月交付3.2万辆", paras)
    assert s.startswith("某某汽车10月交付新车3.2万辆")
    assert "受此影响" not in s


def test_an_appended_related_article_is_not_read() -> None:
    paras = [
        "某某集团董事长已辞去董事长职务，辞职自送达董事会之日起生效。",
        "相关报道",
        "某某集团董事长辞职原因曝光：将独立经营新品牌，辞职当天旗下公司宣布改名",
    ]
    s = build_summary("某某集团董事长辞职", paras)
    assert s.startswith("某某集团董事长已辞去董事长职务")
    assert "改名" not in s


def test_a_long_second_sentence_is_cut_to_fit_beside_a_short_lead() -> None:
    paras = [
        "某某新材近期完成超亿元A轮融资。",
        "本轮融资由甲资本、乙股份、丙产业基金领投，丁资本、戊集团跟投，所融资金将主要用于产线扩建、"
        "核心工艺迭代研发，以及乘用车、商用车、工程机械等下游场景的商业化落地，并补充流动资金，"
        "同时加快海外市场的布局。",
    ]
    s = build_summary("某某新材完成超亿元A轮融资，甲资本、乙股份、丙产业基金领投", paras)
    assert s.startswith(paras[0])
    assert "甲资本" in s and len(s) <= 120 and s.endswith("。")


def test_corpus_summaries_are_complete_sentences() -> None:
    from bot.parser import ParseError, parse_file
    from tests.conftest import corpus_or_skip

    root = corpus_or_skip()
    problems = []
    for path in sorted(root.glob("*/*.md")):
        try:
            article = parse_file(path)
        except ParseError:
            continue
        s = build_summary(article.title, article.paragraphs, article.digest)
        if not s or len(s) > 120 or not re.search(r"(?:[。！？!?]|…)[”’」』）)\"]*$", s):
            problems.append(f"{path.name}: {s!r}")
        elif s.count("“") != s.count("”") or s.count("（") != s.count("）") or s.count('"') % 2:
            problems.append(f"{path.name}: unbalanced {s!r}")
    assert problems == []


def test_a_rating_headline_does_not_rename_the_rated_company() -> None:
    s = build_summary(
        "某某证券：首予远望股份买入评级",
        ["公司为国内领先的光伏支架供应商，订单饱满，产能利用率超过90%。"],
    )
    assert s.startswith("公司为国内领先")


def test_a_date_is_said_once_in_a_two_sentence_summary() -> None:
    from bot.summarizer.summary import build_summary

    text = build_summary(
        "甲公司全年营收增长10% 海外用户新增500万",
        (
            "5月26日晚，甲公司公布全年业绩，全年营收1000亿元，同比增长10%。"
            "5月26日晚间，甲公司表示，全年海外用户新增500万，突破3000万。",
        ),
    )
    assert text.count("5月26日") == 1, text


def test_a_cut_never_leaves_an_aside_or_a_list_open() -> None:
    # Invented sentences of the shapes met in long features: "A——这个指标，接近…" and
    # "甲、乙等公司，以及丙、丁等龙头密集披露".
    aside = (
        "某应用数据显示，月活用户达到两千万人，日活用户超过一千万人，"
        "两者之比在六成以上——这个黏性指标，已经接近成熟办公软件的水平。"
    )
    listing = (
        "财报方面，甲公司、乙公司、丙公司等多家科技公司，"
        "以及海外丁公司、戊公司等龙头企业将在本周密集披露季度业绩。"
    )
    # before the dash the sentence is whole; after it, the new subject hangs
    assert fit_sentence(aside, 55) == (
        "某应用数据显示，月活用户达到两千万人，日活用户超过一千万人，两者之比在六成以上。"
    )
    assert fit_sentence(aside, 36) == "某应用数据显示，月活用户达到两千万人，日活用户超过一千万人。"
    assert fit_sentence(listing, 40) is None  # "财报方面，甲…等多家科技公司。" has no verb
    named = (
        "税务总局还专门制发配套公告——《关于平台企业办理扣缴申报若干事项的公告》，"
        "明确了预扣预缴的具体办法和计算方式。"
    )
    assert (
        fit_sentence(named, 50)
        == "税务总局还专门制发配套公告——《关于平台企业办理扣缴申报若干事项的公告》。"
    )


def test_a_view_is_not_shown_without_who_holds_it() -> None:
    # Invented: the strategist's judgement follows the sentence naming him; alone it reads as fact.
    title = "标售需求疲弱，某国2年期国债收益率升至2008年新高"
    paras = [
        "由于市场预期央行最早将于10月加息，某国2年期政府债券拍卖需求创下2009年以来最低水平。",
        "9月30日，某国2年期国债延续跌势，收益率上升1个基点至0.945%，创2008年以来最高水平。",
        "某银行策略师认为，今日举行的2年期国债拍卖再度表现不佳，这表明交易员预期央行将在10月加息。"
        "2年期国债收益率可能需要进一步攀升至1%以上，才能稳定短期收益率曲线。",
    ]
    got = build_summary(title, paras)
    assert (
        got == "9月30日，某国2年期国债延续跌势，收益率上升1个基点至0.945%，创2008年以来最高水平。"
    )


def test_a_trend_thesis_gives_way_to_the_event() -> None:
    # Invented: a feature opens on its thesis (正越来越…), the event with its figure follows.
    title = "某AI公司已成美股头号“吹票大师”"
    paras = [
        "某AI公司虽未上市，但这家估值最高的初创公司正越来越深刻地影响股市。",
        "周一，某AI公司与某芯片公司签署协议，该芯片公司股价一度暴涨38%，创近十年最大单日涨幅。",
    ]
    got = build_summary(title, paras)
    assert got.startswith("周一，某AI公司与某芯片公司签署协议"), got


def test_a_market_wrap_keeps_its_index_line_and_its_movers() -> None:
    # Invented wrap: the index sentence, said short (wirestyle.py), sits whole beside the movers.
    title = "全球市场：道指涨超1%再创新高 美光科技跌近8%"
    paras = [
        "美股三大指数收盘涨跌不一。",
        "截至收盘，道琼斯工业平均指数比前一交易日上涨874.86点，收于51561.93点，涨幅为1.73%，"
        "创历史新高；标准普尔500种股票指数上涨3.2点，收于7413.18点，涨幅为0.05%；"
        "纳斯达克综合指数下跌20.1点，收于23000.11点，跌幅为0.09%。",
        "半导体板块表现分化，博通大跌超12%，Arm跌超4%，美光科技跌近8%；英伟达、阿斯麦涨近2%。",
    ]
    got = build_summary(title, paras)
    assert got.startswith("截至收盘，道指涨1.73%，创历史新高；标普500指数涨0.05%"), got
    assert "美光科技跌近8%" in got and len(got) <= 120


def test_a_roundup_section_names_the_house_whose_view_it_is() -> None:
    # Invented roundup of brokers' views: a section's sentence shown alone says whose view it is.
    title = "机构论市：新一轮情绪周期底部信号显现"
    paras = [
        "本周沪指上涨0.09%，深证成指下跌2.29%，创业板指下跌3.22%。",
        "甲乙策略：新一轮情绪周期底部的信号显现",
        "综合近期变化，市场新一轮情绪周期底部的信号已经显现。",
        "丙丁证券：关注市场风格切换",
        "本周A股波动明显，周五市场风格出现切换。",
    ]
    got = build_summary(title, paras)
    assert "甲乙策略：综合近期变化，市场新一轮情绪周期底部的信号已经显现。" in got, got


def test_a_flash_that_never_says_its_topic_is_led_by_its_headline() -> None:
    # Invented flash: the body lists movers, only the headline says which theme moved.
    got = build_summary(
        "某概念板块持续走强", ["甲股份涨超10%，乙科技涨停，丙光电、丁传媒等涨超5%。"]
    )
    assert got == "某概念板块持续走强，甲股份涨超10%，乙科技涨停，丙光电、丁传媒等涨超5%。"
    # A body that says it already is left alone; a speaker headline is not a topic.
    said = build_summary("某概念板块持续走强", ["某概念板块持续走强，甲股份涨超10%，乙科技涨停。"])
    assert said == "某概念板块持续走强，甲股份涨超10%，乙科技涨停。"


def test_a_flash_names_the_company_speaking_of_itself() -> None:
    got = build_summary(
        "某核电：公司明年市场电量上限为112.93亿千瓦时",
        [
            "根据省能源局关于做好明年电力市场年度交易工作的通知，公司明年4台机组共安排112.93亿千瓦时"
            "作为年度市场电量上限。"
        ],
    )
    assert got.startswith("某核电：根据省能源局关于做好明年电力市场"), got
    own = build_summary(
        "某证券：公司看好零部件",
        ["某证券表示，汽车零部件是十万亿规模的大市场，公司看好国产零部件的投资窗口期。"],
    )
    assert own.startswith("某证券表示"), own


def test_a_comment_tacked_on_to_the_fact_goes() -> None:
    # Invented: the fact, then the writer's comment on it; the push keeps the fact.
    got = build_summary(
        "某国汽车业裁员潮蔓延",
        [
            "某国汽车业的白领裁员潮正在将大批管理层人员推向就业市场，折射出这一行业的深层结构性困境。"
        ],
    )
    assert got == "某国汽车业的白领裁员潮正在将大批管理层人员推向就业市场。"
    kept = "某交易所公告，该交易获得批准，标志着该交易进入实施阶段。"  # a fact, not a comment
    assert build_summary("某交易获批", [kept]) == kept


def test_the_good_a_fact_is_said_to_do_goes() -> None:
    # Invented: a product's details, then the help they are said to give; the next sentence has
    # the news (who has it already), which now fits beside the fact.
    got = build_summary(
        "某芯片公司发布新处理器细节",
        [
            "周二，某芯片公司公布了其数据中心处理器的更多细节，包括技术规格、性能测试结果以及"
            "芯片架构等信息，帮助潜在客户全面评估产品。",
            "该公司表示，新处理器已于今年6月交付给包括甲、乙、丙在内的三家客户。",
        ],
    )
    assert "帮助潜在客户" not in got, got
    assert got.endswith("已于今年6月交付给包括甲、乙、丙在内的三家客户。"), got


def test_a_cut_never_ends_on_a_comparison_half_made() -> None:
    s = "本轮行情与上一轮泡沫相比，无论涨幅、斜率与节奏都有诸多相似之处，但估值仍远低于当年的高点。"
    assert fit_sentence(s, 30) is None  # "本轮行情与上一轮泡沫相比。" says nothing


def test_a_view_heading_with_an_exclamation_still_names_the_house() -> None:
    paras = [
        "本周沪指下跌1.17%，深证成指下跌3.53%，创业板指下跌4.41%。",
        "甲乙策略：风险逐步释放 科技将再出发！",
        "我们判断本轮调整并不是科技趋势的结束，而是短期风险的集中释放。",
    ]
    got = build_summary("机构论市：风险逐步释放 科技将再出发", paras)
    assert "甲乙策略判断本轮调整并不是科技趋势的结束" in got, got


def test_a_roundup_of_houses_finds_the_thesis_in_a_late_section() -> None:
    # Invented: six houses' sections, each with filler first; the fifth says the title's thesis
    # after a turn (但…), which the credit leaves out.
    filler = "市场整体仍处于震荡之中，资金在不同板块之间轮动，结构性机会依然存在。" * 4
    paras = []
    for k, house in enumerate(["甲证券", "乙证券", "丙证券", "丁证券", "戊证券", "己证券"]):
        paras.append(f"{house}：关注业绩主线")
        paras.append(filler + f"第{k + 1}家机构建议关注资源品和出口制造方向的配置机会。")
    paras[9] += "但交易拥挤仅为阶段性情绪特征，并非行情反转的核心信号，行情走向仍取决于产业景气。"
    got = build_summary("十大券商策略：短期波动或加大 但并非行情反转", paras)
    assert "戊证券：交易拥挤仅为阶段性情绪特征，并非行情反转" in got, got


def test_a_question_is_not_cut_to_a_hanging_condition() -> None:
    from bot.summarizer.salience import _question_tail

    q = "但令这些产品担忧的是，如果大厂也从模型层走到产品层，它们还能活吗？"
    assert _question_tail(q) == q  # "…，如果大厂也从模型层走到产品层。" would hang
    assert _question_tail("酿酒板块多股大涨，北上资金扫货近60亿，大行情要来？") == (
        "酿酒板块多股大涨，北上资金扫货近60亿。"
    )


def test_account_credit_opens_the_lead_not_a_whole_paragraph() -> None:
    # the credit alone (with a date) is a byline; before the news it is an opener only
    assert is_boilerplate("某某网（ID：abc2012）? ?2021-04-10 10:54")
    lead = "某某网（ID：abc2012）4月9日消息，甲公司于日前完成新一轮约5亿美元的融资。"
    assert not is_boilerplate(lead)
    assert strip_opener(lead) == "甲公司于日前完成新一轮约5亿美元的融资。"


def test_thesis_lead_is_cut_to_its_actor_beside_the_number() -> None:
    title = "甲科技、乙网络财报后大跌，安全股给“软件股大反弹”泼冷水"
    paras = [
        "尽管交出了超出华尔街预期的财报答卷，网络安全巨头甲科技与乙网络的股价仍在最新交易日遭遇"
        "重挫，这给近期势头强劲的软件与网络安全板块反弹行情浇下了一盆冷水，市场情绪随之明显降温，"
        "不少投资者开始重新审视整个板块的估值。",
        "在周三的盘后交易中，甲科技股价大跌10%。",
        "这一抛售突显了市场情绪的微妙转变。",
    ]
    s = build_summary(title, paras)
    assert "10%" in s and s.startswith("尽管")


def test_a_flash_whose_body_never_states_the_headline_number_is_led_by_the_headline() -> None:
    # an analyst note: the rating and the target are only in the title
    s = build_summary(
        "某券商：首予甲公司买入评级 目标价22.83港元",
        ["某券商发表研究报告指出，甲公司成功开发一款新药。该药于临床试验中的有效率为78.7%。"],
    )
    assert s.startswith("某券商：首予甲公司买入评级，目标价22.83港元。")
    assert "甲公司成功开发一款新药" in s and len(s) <= 120


def test_an_exclaimed_headline_whose_number_the_flash_never_states_leads_it() -> None:
    # a flash that is only its teaser: the headline's number is the news
    teaser = "尽管昨日甲公司股价创下新高，但公司CEO却可能仍然忧心忡忡，其产量跟不上需求。"
    s = build_summary("被迫停线等待零部件！甲公司X手机开售头两月产量较目标少20%", [teaser])
    assert s == "被迫停线等待零部件，甲公司X手机开售头两月产量较目标少20%。" + teaser, s
    cheer = build_summary("大反攻来了！乙币大涨", ["上周五狂跌的乙币市场今日全线大反攻。"])
    assert cheer == "上周五狂跌的乙币市场今日全线大反攻。"  # no number unsaid: no lead


def test_the_sentence_with_the_headline_number_replaces_a_preface_with_none() -> None:
    # a press conference preface fills the push; the number the headline gives comes after it
    preface = (
        "12月8日上午，在某市某规划新闻发布会上，某市发改委副主任介绍：“十三五”时期，"
        "某市大气环境质量实现持续好转，能源领域结构优化和效率提升作出了关键贡献，成效显著。"
    )
    news = (
        "其中，能源结构清洁化减排效果最突出，煤炭消费量占某市能源消费比重由13.1%下降到1.5%，"
        "优质能源比重由86.9%提高到98.5%，处于全国省级地区领先水平。"
    )
    s = build_summary("某市大气环境质量持续好转 优质能源比重提高到98.5%", [preface + news])
    assert "98.5%" in s and "发布会" not in s and not s.startswith("其中")


def test_a_scene_before_the_company_in_the_title_does_not_lead_the_summary() -> None:
    from bot.summarizer.titlewords import title_units

    title = "又到生死关头 甲乙环保公开招募重整投资人"
    units = title_units(title, ("甲乙环保",))
    assert "甲乙" in units.first and "生死" not in units.first  # the company's clause
    assert "生死" in units.scene
    paragraphs = [
        "昔日行业龙头甲乙环保又到生死关头。近日，甲乙环保发布公告称将公开招募重整投资人，"
        "以改善公司的经营和财务状况。",
        "公司总资产为191.03亿元。",
    ]
    got = build_summary(title, paragraphs, names=("甲乙环保",))
    assert got.startswith("近日，甲乙环保发布公告") or got.startswith("甲乙环保发布公告")
    assert "生死关头" not in got  # the title's hook echoed is no news
    assert title_units("瑞银：下调某类股目标价 首选甲乙环保", ("甲乙环保",)).scene == frozenset()


def test_a_title_number_no_summary_sentence_states_leads_as_the_headline() -> None:
    title = "甲乙科技科创板IPO获上市委会议通过 拟融资45亿元"
    paragraphs = [
        "15日下午，上交所网站披露审议会议结果公告称，甲乙科技股份有限公司符合发行条件、上市条件和信息披露要求。",
        "这意味着甲乙科技也将登陆资本市场。",
        "具体看，一期项目拟投入募集资金15.03亿元，二期项目拟投入募集资金11.97亿元，三期项目拟投入"
        "募集资金18.00亿元，合计45.00亿元，分别用于芯片研发、产业化以及补充流动资金等用途。",
    ]
    got = build_summary(title, paragraphs)
    assert got.startswith("甲乙科技科创板IPO获上市委会议通过，拟融资45亿元。")
    assert len(got) <= 120


def test_no_headline_lead_when_the_summary_states_a_title_number() -> None:
    title = "甲乙科技一季度营收增长30% 净利润翻倍"
    paragraphs = ["甲乙科技公告，一季度营收12亿元，同比增长30%，净利润3亿元，同比增长105%。"]
    got = build_summary(title, [*paragraphs, "公司表示将继续加大研发投入。"])
    assert not got.startswith("甲乙科技一季度营收增长30%，")


def test_a_last_clause_that_only_echoes_the_titles_hook_goes() -> None:
    title = "股价承压！甲乙科技遭证监会立案"
    paragraphs = ["上市未满三年，甲乙科技由于财务问题遭到证监会立案，这也让公司5月6日股价承压。"]
    got = build_summary(title, [*paragraphs, "公司表示将积极配合调查。"], names=("甲乙科技",))
    assert got.startswith("上市未满三年，甲乙科技由于财务问题遭到证监会立案。")
    assert "股价承压" not in got


def test_a_flash_whose_body_never_names_the_titles_company_is_led_by_the_title() -> None:
    title = "某券商：将甲乙啤酒列入确信买入名单 升丙丁啤酒H股评级至买入"
    body = [
        "某券商发表报告指，啤酒行业今年经历了相对疲弱的一年。不过，该行认为行业高端化趋势仍然稳健。"
    ]
    got = build_summary(title, body, names=("甲乙啤酒",))
    assert got.startswith("某券商：将甲乙啤酒列入确信买入名单，升丙丁啤酒H股评级至买入。")
    # the company speaking of itself (甲乙铝业：公司…) is named by the title already
    own = build_summary(
        "甲乙铝业：公司没有铝深加工产品", ["公司没有铝深加工产品。"], names=("甲乙铝业",)
    )
    assert own.count("没有铝深加工产品") == 1


@pytest.mark.parametrize(
    "sentence",
    [
        "周一甲指数上涨0.9%，乙指数微涨0.3%，但相较于上周五分别高达4.2%和2.6%的跌幅，反弹力度明显不足。",
        "周一甲指数上涨0.9%，乙指数微涨0.3%，与上周五的大跌相比，反弹力度明显不足，市场仍然谨慎观望。",
    ],
)
def test_a_cut_never_ends_on_a_comparison_still_waiting_for_its_point(sentence: str) -> None:
    got = fit_sentence(sentence, 40)
    assert got == "周一甲指数上涨0.9%，乙指数微涨0.3%。"


def test_a_wraps_short_opening_move_is_its_headline_fact() -> None:
    title = "港股午评｜恒指微跌 某概念股走强 甲电子涨逾5%"
    body = ["恒指跌0.12%。某概念股大涨，甲电子涨逾5%；科技股走势分化，乙健康涨超3%。"]
    assert build_summary(title, body, names=("甲电子",)).startswith("恒指跌0.12%。")


@pytest.mark.parametrize(
    "tail",
    ["理由是历史规律表明，在类似动荡时期，所有法定货币均会贬值，而黄金则会上涨。"],
)
def test_a_cut_never_ends_on_a_frame_or_a_verb_of_saying(tail: str) -> None:
    sentence = "对于投资者而言，甲建议将黄金配置比例维持在投资组合的5%至15%之间，" + tail
    cuts = {fit_sentence(sentence, n) for n in range(30, len(sentence))}
    assert "对于投资者而言，甲建议将黄金配置比例维持在投资组合的5%至15%之间。" in cuts
    assert not any(c and c.endswith(("表明。", "时期。")) for c in cuts)


def test_wrap_keeps_the_moves_and_makes_room_for_its_boards() -> None:
    # made-up close: the levels after the moves go (the figure lines show them), so the boards
    # of the title fit beside the index moves
    from bot.summarizer.sentencefit import without_levels

    moves = (
        "截至收盘，沪指跌0.50%，收报3800.12点；深证成指平盘报收，收报12000.00点；"
        "创业板指涨1.20%，收报2900.50点。"
    )
    assert without_levels(moves) == "截至收盘，沪指跌0.50%，深证成指平盘报收，创业板指涨1.20%。"
    # a level that is the news of its own clause stays (no move before it)
    assert without_levels("道指收于40000点，创历史新高。") == "道指收于40000点，创历史新高。"
    boards = "行业板块多数收涨，半导体、电池、证券板块涨幅居前，银行板块跌幅居前。"
    s = build_summary("A股三大指数涨跌不一：半导体与电池板块大涨", [moves + boards])
    assert "收报" not in s and "半导体" in s and "沪指跌0.50%" in s


def test_a_numbered_list_is_not_cut_between_its_items() -> None:
    # made-up: editors call a summary that shows two of the four announced items broken
    from bot.summarizer.sentencefit import clause_prefixes

    s = (
        "某部门负责人在年会上提出，力争三年内取得突破性进展，并提出“四要”：一要坚持规范为先，"
        "夯实基础；二要坚持客户为本，注重投资者利益；三要坚持功能为要；四要坚持创新为基。"
    )
    cuts = clause_prefixes(s)
    assert "某部门负责人在年会上提出，力争三年内取得突破性进展。" in cuts
    assert not any("一要" in c for c in cuts)


def test_a_closer_look_never_opens_the_summary() -> None:
    # made-up: 从结构看 details the total the next sentence gives; the total leads
    paras = [
        "从结构看，4月末甲类贷款余额占同期融资规模存量的60.6%，同比低1.3个百分点。"
        "初步统计，前四个月融资规模增量累计为15.45万亿元，比上年同期少8930亿元。"
    ]
    s = build_summary("某机构：前四个月融资规模增量累计为15.45万亿元", paras)
    assert "从结构看" not in s.split("。")[0] and "15.45万亿元" in s.split("。")[0]


def test_a_column_name_is_no_speaker_of_a_flash_that_names_its_own() -> None:
    # made-up: the title's head is the column; the flash names who says it
    text = "某证券表示，汽车零部件是十万亿规模的大市场，国产零部件有望迎来投资窗口期。"
    s = build_summary("券商主题策略：掘金十万亿汽车零部件大市场！名单全梳理", [text])
    assert s == text


def test_a_long_reported_view_keeps_its_speaker_and_its_point() -> None:
    # made-up: cut at a clause boundary, the view kept its reasons and lost the title's point
    text = (
        "某证券指出，当前阶段经纪业务向财富管理模式转型所带来的长期利好为行业主要业绩增长点，"
        "主要原因是居民存款逐渐由带来较低回报的银行转向能带来较高回报和高流动性的股市的趋势不变，"
        "叠加基金投顾试点扩张和逐渐扩大的基金保有量，证券业景气度不断上升，"
        "加之半年报业绩亮眼与低估值的严重错配，股价有望得到修复并进一步上行。"
    )
    s = build_summary("某证券：证券业景气度不断上升 股价有望进一步上行", [text])
    assert s == "某证券指出，证券业景气度不断上升，股价有望得到修复并进一步上行。"


def test_a_title_head_that_says_something_is_no_speaker() -> None:
    # made-up: the head before the colon is a clause (two verbs), not who speaks
    text = "在谈论过去十年某市场长期上涨的原因时，上市企业大量回购股票是一个经常被提起的理由。"
    s = build_summary("某股强劲反弹早有先兆：上市公司回购金额创下半年来新高", [text])
    assert s == text


def test_a_flash_that_is_its_headline_says_it_once() -> None:
    # 甲A50: a Latin name with digits, which the headline check reads as a title number
    flash = "甲A50指数期货涨超1%。"
    assert build_summary("甲A50指数期货涨超1%", [flash]) == flash


def test_a_latin_full_stop_after_chinese_becomes_the_chinese_one() -> None:
    assert end_sentence("甲板块收涨，乙公司涨超9%.") == "甲板块收涨，乙公司涨超9%。"
    assert end_sentence("丙公司发布公告.") == "丙公司发布公告。"


def test_a_press_conferences_question_tag_is_not_shown() -> None:
    title = "某部委：如外方执意加征关税 中方将坚决反制"
    paras = [
        "问：近日，外方宣布对中国产品加征关税，请问有何回应？",
        "答：外方的做法违反世贸规则，如外方执意加征关税，中方将坚决反制。",
    ]
    summary = build_summary(title, paras)
    assert "外方" in summary
    assert not re.search(r"(?:^|[。！？])(?:问|答)[：:]", summary), summary


def test_the_sentence_after_the_news_needs_only_a_little_more_to_join_it() -> None:
    # made-up: the best sentence leads; the next one adds a title word and a figure. As a pair
    # opening on the best sentence it joins when it scores a little above it; a pair opening on
    # another sentence would still need the full margin (a hook must not lead that way).
    from bot.summarizer.salience import Candidate
    from bot.summarizer.summary import _APPEND_MARGIN, _PAIR_MARGIN, _pick
    from bot.summarizer.titlewords import Units

    units = Units({"银行": 1.0, "抛售": 1.0, "指数": 1.0})
    lead = "上周对冲基金对银行股的抛售创纪录。"
    after = "某指数当周收跌约2%。"
    a = Candidate(lead, lead, 0, frozenset({"银行", "抛售"}), frozenset(), 0.2, 1.0, False)
    b = Candidate(after, after, 1, frozenset({"指数"}), frozenset({"2%"}), 0.1, 1.0, False)
    b.score = 0.1
    pair = (1.0 + 0.06 + 0.2 + 0.5 * 0.1 + 0.03) * 1.0  # cover, one figure, leads, adjacency
    a.score = pair - (_PAIR_MARGIN + _APPEND_MARGIN) / 2  # between the two margins
    assert [c.index for c in _pick([a, b], units, 120)] == [0, 1]
    a.score = pair - _APPEND_MARGIN + 0.001  # the pair adds too little even after the news
    assert [c.index for c in _pick([a, b], units, 120)] == [0]


def test_a_cut_never_stops_after_a_date_frame() -> None:
    # made-up: "截至…" dates the clause after it; cut there, the summary says nothing
    from bot.summarizer.sentencefit import clause_prefixes

    s = (
        "某理财网数据显示，截至10月9日，处于存续期的白银相关理财产品已达48只，"
        "其中今年新成立产品有14只。"
    )
    cuts = clause_prefixes(s)
    assert "某理财网数据显示，截至10月9日。" not in cuts
    assert "某理财网数据显示，截至10月9日，处于存续期的白银相关理财产品已达48只。" in cuts


def test_a_wraps_summary_does_not_open_on_its_headline() -> None:
    # made-up A-share wrap: the title's 3.3万亿 is written 32810亿 in the body; the headline is
    # shown above the summary, so it is not repeated as the summary's first sentence
    title = "甲股三大指数收跌 成交额接近3.3万亿 贵金属板块掀涨停潮"
    paras = [
        "甲股三大指数今日集体收跌，沪指跌0.09%，深证成指跌0.85%，创业板指跌0.91%。"
        "沪深京三市成交额达到32810亿，较上一交易日放量1627亿。",
        "个股方面，贵金属板块掀涨停潮，多只个股涨停。",
    ]
    got = build_summary(title, paras)
    assert not got.startswith("甲股三大指数收跌，成交额接近3.3万亿"), got


def test_a_code_a_document_number_or_a_terms_note_in_brackets_takes_no_room() -> None:
    # made-up: the ticker line shows the code; the freed room carries the second fact
    from bot.summarizer.sentencefit import without_asides

    lead = (
        "甲科技（688001）公告，拟公开发行不超过10.5亿股（行使超额配售选择权之前，下同），"
        "占发行后总股本的比例不低于10%。"
    )
    assert without_asides(lead) == (
        "甲科技公告，拟公开发行不超过10.5亿股，占发行后总股本的比例不低于10%。"
    )
    assert without_asides("乙银行收到《决定书》(银许准予决字〔2021〕第202号)。") == (
        "乙银行收到《决定书》。"
    )
    assert without_asides("丙公司(1234.HK)涨超10%，丁公司(INTC.O)跌2%。") == (
        "丙公司涨超10%，丁公司跌2%。"
    )
    kept = "戊公司（ASML）营收增长（同比）12%，折合约58亿元（约8亿美元）。"
    assert without_asides(kept) == kept  # a name's gloss, a qualifier, a conversion stay
    second = "募资总额预计为295亿元，将成为年内A股最大IPO。"
    s = build_summary("甲科技IPO获通过", [lead + second])
    assert "688001" not in s and "下同" not in s and "295亿元" in s


def test_a_sentence_that_keeps_its_actor_unnamed_gives_way_to_the_one_naming_it() -> None:
    paras = [
        "一家估值接近千亿美元、正筹备上市的软件公司，突然公开呼吁全行业暂停开发新功能。",
        "6月3日，甲软件在官方博客发表长文，呼吁全行业暂停开发新功能，并披露了内部数据。",
        "批评者认为，此举是营销手段。",
    ]
    s = build_summary("“软件巨头”呼吁全行业暂停开发新功能", paras)
    assert s.startswith("6月3日，甲软件")


def test_a_document_named_by_its_short_form_leans_on_the_sentence_naming_it_in_full() -> None:
    from bot.summarizer.salience import candidates, title_units
    from bot.summarizer.shapes import short_reference

    paras = [
        "今年7月1日起，按照国务院发布的《网络商户信息报送规定》有关要求，平台企业将首次报送商户的收入信息。",
        "《规定》实施后，甲部门还专门制发《规定》的配套公告——《关于平台企业为商户办理申报若干事项的公告》。",
    ]
    pool = candidates(
        title_units("甲部门：平台不得向商户转嫁负担"), paras, None, lambda s: (s, False)
    )
    assert [c.leaning for c in pool] == [False, True]
    assert not short_reference("《规定》实施后，…", "")  # nothing named it before
    assert not short_reference("国务院发布《信息报送规定》（以下简称《规定》）", "")  # defined here


def test_a_reports_agenda_gives_way_to_what_it_concludes() -> None:
    paras = [
        "甲银行认为，全球面板行业正逼近涨价周期的顶点，但这并不意味着周期的终结。",
        "甲银行在7月6日研报中称，当前面板市场最核心的三大争议：涨价周期是否见顶、"
        "长协为何未能推动估值重估、以及这究竟是周期顶部还是牛市中继。",
        "甲银行的底线建议是：长期依然看涨，但短期需警惕回调。",
    ]
    s = build_summary("面板“涨到头”了吗？", paras)
    assert "三大争议" not in s, s  # the debates are the hook; the finding is the news


def test_another_companys_closing_quote_is_a_roundups_filler() -> None:
    paras = [
        "6月24日晚间，20家A股公司发布股票交易异常波动公告。",
        "截至6月24日收盘，甲玻纤股价报64.82元/股，涨幅达9.99%，总市值为2595亿元。",
        "上市公司回应了多个热点事项，包括固态电池、石英布等，并提示投资者注意炒作风险。",
    ]
    s = build_summary("20家A股公司提示风险！乙科技：拟收购新业务被过度解读", paras)
    assert "甲玻纤" not in s, s
    own = build_summary("甲玻纤停牌前股价涨停", paras[1:2])
    assert "甲玻纤" in own, own  # the title's company: its price is the news


def test_a_headlines_chip_stocks_are_the_bodys_semiconductor_index() -> None:
    from bot.summarizer.salience import title_units
    from bot.summarizer.titlewords import measure

    units = title_units("科技股下挫拖累美股，芯片股指新高")
    have, _ = measure("周一，费城半导体指数涨2%，创收盘历史新高。", units)
    assert any("半导体" in u for u in have), have


def test_a_sentence_pointing_back_at_what_is_not_shown_drops_the_pointer() -> None:
    # made-up: "根据这些数据，" opened the summary's second sentence though the data were cut
    title = "甲公司呼吁行业放缓新品开发"
    paras = [
        "6月4日，甲公司在官网发布了一篇题为《放缓之道》的长文。",
        "文章披露了多项内部数据，显示新品迭代周期已缩短至两周。",
        "根据这些数据，甲公司提出一个在行业颇为罕见的主张：全行业应协调放缓新品开发。",
    ]
    got = build_summary(title, paras)
    assert "甲公司提出" in got and "根据这些数据" not in got, got


@pytest.mark.parametrize(
    ("title", "flash", "said"),
    [
        # made-up: the flash's rating and target, its catalyst, were left out with 70
        # characters free
        (
            "甲酒馆(9999.HK)续升超9% 2日涨幅达15% 投行唱好",
            "甲酒馆(9999.HK)再度拉升涨超9%，2日累计上涨15%。现报17.74港元，总市值225亿港元。"
            "乙证券首予其买入评级，目标价21港元。该行认为其盈利增长强劲。",
            "目标价21港元",
        ),
        # made-up: a plan's issue in one short sentence, its goals (no figure) in the next
        (
            "推进星河新区建设目标公布",
            "星河市副市长8日表示，近日市政府印发《星河新区建设规划》。"
            "规划提出，到2030年，新区基础设施全面建成，产业体系基本形成。"
            "力争到2035年，新区建设取得决定性进展。",
            "规划提出",
        ),
    ],
)
def test_a_flash_with_room_goes_on_to_its_next_fact(title: str, flash: str, said: str) -> None:
    got = build_summary(title, [flash])
    assert said in got, got


def test_a_houses_call_joins_its_reports_lead() -> None:
    # made-up: a research note's story; the call on two stocks, not a forecast, follows the lead
    title = "星河证券深度：星河AI五大关键辩论"
    paras = [
        "星河AI大模型发布节奏显著加快，但围绕其叙事的投资辩题愈发深化。",
        "星河证券发布最新深度报告，系统梳理五大核心投资辩题，覆盖模型表现、竞争格局以及芯片转型。",
        "分析师将甲智能评级从中性上调至买入，维持乙科技买入评级。",
        "分析师预计乙科技云业务收入增速将达40%，高于上季度的36%。",
    ]
    got = build_summary(title, paras)
    assert "上调至买入" in got, got


def test_a_flash_that_states_the_title_amount_in_another_notation_is_not_led_by_the_title() -> None:
    # made-up, shaped like posts/2021-12-08-202112082206885265: 1191万美元 in the title,
    # 11,910,000美元 in the body; the flash then has room for its year-to-date total
    title = "甲地产已于公开市场回购合计本金额1191万美元的部分票据"
    body = (
        "甲地产(01234.HK)：自十一月十一日起至本公告日期期间，本公司已于公开市场回购合计本金额"
        "11,910,000美元的部分票据。截至本公告日期，本公司年内已累计回购优先票据本金额12,396万美元。"
        "本公司将继续监察市场状况。"
    )
    got = build_summary(title, [body])
    assert not got.startswith(title)
    assert "12,396万美元" in got


def test_a_report_dated_by_its_dropped_opener_is_still_a_fact() -> None:
    # made-up: 据…周一报道， is dropped from the shown sentence, but it dates the report: the
    # sentence is the news, not the scene before it nor the quote after it
    title = "甲乙、丙丁和戊己“疯狂裁员”，求职市场充斥“前汽车业高管”"
    body = [
        "汽车业的白领裁员潮正在将大批管理层人员推向就业市场。",
        "据英国某报周一报道，甲乙汽车正大规模削减管理岗位，据悉已委托外部猎头公司为400至500名离职"
        "管理人员寻找新职位。",
        "与此同时，丙丁和戊己也相继推出白领裁员计划，汽车业管理层的就业市场正承受前所未有的压力。",
        "猎头公司合伙人某某表示，丙丁和甲乙等制造商正在“疯狂地将管理人员挤出去”。",
    ]
    got = build_summary(title, body)
    assert "400至500名" in got, got


def test_a_move_after_the_news_leans_on_the_sentence_before() -> None:
    # made-up: 消息公布后 points to the sentence before it (乙方's results); shown after another
    # one (甲方's warning) it would read as the move that one caused
    from bot.summarizer.salience import candidates, title_units
    from bot.summarizer.sentencefit import fitted

    title = "甲方主动降速、乙方自吞推理成本"
    body = [
        "甲方本周向投资者发出预警，年度营收增速将放缓至20%。",
        "乙方周四公布财报显示，预计第三季度营收增速将从48%降至36%。",
        "消息公布后，乙方股价单日重挫约15%。",
        "乙方股价单日重挫约15%。",
    ]
    pool = candidates(title_units(title, ()), body, None, lambda s: fitted(s, 120), reach=1)
    leaning = {c.text[:5]: c.leaning for c in pool}
    assert leaning["消息公布后"] and not leaning["乙方股价单"], leaning


def test_a_second_title_company_gets_its_clause_when_both_sentences_are_cut() -> None:
    title = "软件公司的成本考验：甲乙设计主动降速、丙丁软件自担推理成本"
    body = [
        "两家头部公司正在用真实财务数据，揭示转型最隐秘的代价。",
        "甲乙设计本周向投资者发出预警，年度营收增速将放缓至20%，原因是公司主动叫停了一项原定推动"
        "付费订阅增长的人工智能新功能铺开计划——用户需求远远超出预期，服务成本同样远远超出预期。"
        "丙丁软件周四公布财报显示，"
        "预计第三季度营收增速将从上一季度的48%降至36%，并坦承旗下多款工具仍处于测试阶段，尚未形成"
        "有效的商业化路径。",
    ]
    got = build_summary(title, body, names=("甲乙设计", "丙丁软件"))
    assert got.startswith("甲乙设计本周向投资者发出预警，年度营收增速将放缓至20%")
    assert "丙丁软件周四公布财报显示，预计第三季度营收增速将从上一季度的48%降至36%" in got
    assert len(got) <= 120
