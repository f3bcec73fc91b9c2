"""An outlet's credit lines, closing disclaimer and exclusive-report tag are no news:
keywords and exclusions are not looked for in them (fanout.match.searched_text)."""

from __future__ import annotations

import pytest

from bot.fanout.match import keywords_present, searched_text
from bot.parser import parse_file
from tests.conftest import corpus_or_skip

# the closing lines of 36kr3787956437179395 (2026-04-30) and 36kr3487198888270977 (2025-09-29)
GAME = ("想要持续保住首发优势，《异环》或许还得加快脚步。", "本文首发自“36氪游戏”。")
GAME2 = ("随着TGS上的闪耀落幕，或许该轮到全世界游戏玩家为叠纸惊讶了。", "本文来自“36氪游戏”。")
# the end of 36kr3501739193326465 (2025-10-09)
DISCLAIMED = (
    "A股的泼天富贵，溢到了北交所。",
    "在交易热点题材的同时，基本面扎实的个股同样吸引投资者关注。",
    "北交所的扩容，有利于改善B股市场的交易活跃度。",
    "*免责声明：",
    "本文内容仅代表作者看法。",
    "市场有风险，投资需谨慎。在任何情况下，本文中的信息或所表述的意见均不构成对任何人的"
    "投资建议。我们无意为交易各方提供承销服务或任何需持有特定资质或牌照方可从事的服务。",
)


def _hits(keyword: str, title: str, paragraphs: tuple[str, ...]) -> bool:
    return keywords_present([keyword], searched_text(title, None, paragraphs)) == [keyword]


@pytest.mark.parametrize(
    ("keyword", "paragraphs", "hit"),
    [
        ("36氪", GAME, False),  # only the credit names the outlet
        ("36氪", GAME2, False),
        ("首发", GAME, True),  # the news' own words still count
        ("叠纸", GAME2, True),
        ("投资建议", DISCLAIMED, False),
        ("承销", DISCLAIMED, False),
        ("北交所", DISCLAIMED, True),
    ],
)
def test_a_credit_line_or_closing_disclaimer_matches_no_keyword(
    keyword: str, paragraphs: tuple[str, ...], hit: bool
) -> None:
    assert _hits(keyword, "叠纸出海", paragraphs) is hit


@pytest.mark.parametrize(
    ("keyword", "title", "hit"),
    [
        ("36氪", "36氪首发 | 剑桥副教授创业硅光芯片，已合作欧莱雅、华为，获一亿投资", False),
        ("首发", "36氪首发 | 剑桥副教授创业硅光芯片，已合作欧莱雅、华为，获一亿投资", False),
        ("首发", "深圳具身公司星尘智能完成超10亿B轮融资，估值破百亿｜硬氪首发", False),
        ("首发", "经纬、峰瑞投了一家智能乐器公司，瞄准大众音乐市场、年营收数亿 | 硬氪首发", False),
        ("华为", "36氪首发 | 剑桥副教授创业硅光芯片，已合作欧莱雅、华为，获一亿投资", True),
        ("首发", "上交所审议宇树科技（首发）", True),  # an IPO (首发上市) is news
        ("首发", "首发经济 | 各地出台新政", True),  # more than a tag before the bar
    ],
)
def test_an_exclusive_report_tag_in_the_title_matches_no_keyword(
    keyword: str, title: str, hit: bool
) -> None:
    assert _hits(keyword, title, ("正文。",)) is hit


def test_a_disclaimer_heading_early_in_the_post_is_kept() -> None:
    """Only a disclaimer in the post's second half closes it: one at the top may open a
    quoted statement the news is about."""
    paras = ("免责声明：某公司否认传闻", "公司表示，相关报道不实。", "股价随后回升。")
    assert _hits("传闻", "某公司回应", paras)


@pytest.mark.parametrize(
    ("post", "title_words"),
    [
        ("long/2026-04-30-36kr3787956437179395.md", "异环"),
        ("long/2025-09-29-36kr3487198888270977.md", "叠纸"),
        ("long/2026-07-04-36kr3879991356157952.md", "硅光芯片"),
    ],
)
def test_the_corpus_posts_whose_only_36kr_is_boilerplate(post: str, title_words: str) -> None:
    """kw:36氪 got these 36氪 posts only through the credit line or the title's tag."""
    a = parse_file(corpus_or_skip() / post)
    text = searched_text(a.title, a.digest, a.paragraphs)
    assert keywords_present(["36氪", title_words], text) == [title_words]
