"""Summary: length, sentence boundaries, boilerplate."""

from __future__ import annotations

import re

import pytest

from bot.summarizer.summary import build_summary, fit_sentence
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
        ("据悉，公司将于下周发布新品。", "公司将于下周发布新品。"),
        ("【导读】沪指收涨0.5%，成交额放大。", "沪指收涨0.5%，成交额放大。"),
        ("核心提示：火星盒子完成数千万元A+轮融资。", "火星盒子完成数千万元A+轮融资。"),
        ("记者从阿里国际站获悉，全年海外市场消费者净增6400万。", "全年海外市场消费者净增6400万。"),
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
    from bot.summarizer.summary import fit_sentence

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
    assert "有限公司91.07%股权" in s


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
