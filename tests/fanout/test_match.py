"""The pure matching rules (no database)."""

from __future__ import annotations

import pytest

from bot.fanout.match import (
    ChatState,
    Sub,
    contradicts,
    delivery_status,
    keyword_key,
    keywords_present,
    matching_chats,
    why_matched,
)

TEXT = "阿里巴巴四季度收入2040.52亿元，新能源业务增长。Alibaba Cloud 增长"


def _match(subs: list[Sub], chats: dict[int, ChatState] | None = None) -> dict:
    chats = chats if chats is not None else {s.chat_id: ChatState() for s in subs}
    return matching_chats(
        category="meirijingjixinwen",
        tickers=("BABA.US", "09988.HK"),
        text=TEXT,
        subscriptions=subs,
        chats=chats,
    )


def test_keywords_present_is_case_and_width_insensitive() -> None:
    assert keywords_present(["新能源", "ALIBABA", "ｃｌｏｕｄ", "传闻", "", "  "], TEXT) == [
        "ALIBABA",
        "新能源",
        "ｃｌｏｕｄ",
    ]


def test_each_kind_matches() -> None:
    subs = [
        Sub(1, 0, "category", "meirijingjixinwen"),
        Sub(2, 0, "ticker", "09988.HK"),
        Sub(3, 0, "keyword", "新能源"),
        Sub(4, 0, "category", "other"),
        Sub(5, 0, "ticker", "600519.SH"),
        Sub(6, 0, "keyword", "茅台"),
    ]
    assert _match(subs) == {(1, 0): "queued", (2, 0): "queued", (3, 0): "queued"}


def test_several_ways_one_delivery_but_topics_are_separate() -> None:
    subs = [
        Sub(1, 0, "category", "meirijingjixinwen"),
        Sub(1, 0, "ticker", "BABA.US"),
        Sub(1, 0, "keyword", "阿里巴巴"),
        Sub(1, 7, "ticker", "BABA.US"),
    ]
    assert _match(subs) == {(1, 0): "queued", (1, 7): "queued"}


def test_exclusion_chat_wide_and_per_topic() -> None:
    subs = [
        Sub(1, 0, "ticker", "BABA.US"),
        Sub(1, 0, "exclude", "新能源"),
        Sub(2, 0, "ticker", "BABA.US"),
        Sub(2, 7, "ticker", "BABA.US"),
        Sub(2, 7, "exclude", "新能源"),  # only topic 7 excludes
        Sub(3, 5, "ticker", "BABA.US"),
        Sub(3, 0, "exclude", "新能源"),  # main chat exclusion covers topic 5
        Sub(4, 0, "ticker", "BABA.US"),
        Sub(4, 0, "exclude", "传闻"),  # not in the text
    ]
    assert _match(subs) == {(2, 0): "queued", (4, 0): "queued"}


def test_paused_inactive_unknown_and_digest() -> None:
    subs = [Sub(i, 0, "ticker", "BABA.US") for i in range(1, 6)]
    chats = {
        1: ChatState(),
        2: ChatState(paused=True),
        3: ChatState(active=False),
        4: ChatState(digest_mode="daily"),
    }  # 5 unknown
    assert _match(subs, chats) == {(1, 0): "queued", (4, 0): "held"}


def test_delivery_status() -> None:
    assert delivery_status("off") == "queued"
    assert delivery_status(None) == "queued"
    assert delivery_status("hourly") == "held"


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("ai", "AI芯片需求大增", True),
        ("ai", "OpenAI's AI push", True),  # the standalone AI
        ("ai", "Daily news from pedaily", False),
        ("ai", "OpenAI raises money", False),
        ("5g", "5G手机出货", True),
        ("新能源", "我国新能源汽车", True),  # Chinese: substring as before
        ("AI芯片", "国产AI芯片", True),
        ("AI芯片", "OpenAI芯片", False),
    ],
)
def test_latin_keywords_match_whole_words(keyword: str, text: str, hit: bool) -> None:
    assert (keywords_present([keyword], text) == [keyword]) is hit


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        # HBM4 12层产品的量产爬坡速度目前是HBM3E 12层版本的两倍 (em202606253781873757, the
        # Micron results post, never writes HBM alone); DDR4、DDR5 (wscn3756523)
        ("hbm", "HBM4 12层产品的量产爬坡速度目前是HBM3E 12层版本的两倍", True),
        ("ddr", "所有DDR4、DDR5等存储产品全部停止报价", True),
        ("iphone", "苹果iPhone17系列销量", True),  # as `iPhone 17` does
        ("qwen", "阿里Qwen3.6发布", True),
        ("hbm", "HBMX发布", False),  # letters still run on: no word there
        ("ai", "MAIL2", False),
        ("5g", "15G", False),  # a number is one number
        ("gpt4", "GPT4o上线", False),  # a model's variant: as the spaced text (GPT 4o)
        ("iphone16", "iPhone160", False),
    ],
)
def test_a_latin_keyword_reaches_its_numbered_models(keyword: str, text: str, hit: bool) -> None:
    """`kw:HBM` is the product line: HBM4 and HBM3E are HBM as `iPhone 17` is iPhone (the
    space between a name and its number is optional, see the seam tests below)."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


def test_an_exclusion_of_a_line_silences_its_numbered_models() -> None:
    assert contradicts("hbm4", "hbm") and not contradicts("hbm", "hbm4")


def test_contradicting_exclusion() -> None:
    assert contradicts("新能源车", "新能源") and contradicts("新能源", "新能源")
    assert not contradicts("新能源", "新能源车") and not contradicts("openai", "ai")


def test_mentions_only_for_opted_in() -> None:
    subs = [Sub(1, 0, "ticker", "BABA.US"), Sub(2, 0, "ticker", "BABA.US", mentions=True)]
    got = matching_chats(
        category="x",
        tickers=(),
        mentions=("BABA.US",),
        text="",
        subscriptions=subs,
        chats={1: ChatState(), 2: ChatState()},
    )
    assert got == {(2, 0): "queued"}
    assert why_matched(subs, category="x", tickers=(), text="", mentions=("BABA.US",)) == subs[1]


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("iphone 16", "苹果iPhone 16系列销量", True),
        ("iphone 16", "苹果iPhone16系列销量", True),  # Chinese wires often drop the space
        ("iphone 16", "苹果iPhone160", False),  # still whole words at the ends
        ("machine learning", "machinelearning平台", True),
        ("model 3", "特斯拉Model3降价", True),
    ],
)
def test_a_keyword_with_a_space_matches_the_text_without_it(
    keyword: str, text: str, hit: bool
) -> None:
    """`kw:iPhone 16` (asked about, then confirmed) is the product however the post spaces it."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("iphone16", "苹果iPhone 16系列销量", True),  # the other direction of the above
        ("iphone16pro", "iPhone 16 Pro发布", True),
        ("iphone16pro", "iPhone 16Pro发布", True),
        ("tesla model3", "Tesla Model 3降价", True),  # a typed space and a missing one
        ("华为mate60", "华为 Mate 60 开售", True),  # Latin next to Chinese, spaced
        ("2024年", "2024 年净利润", True),
        ("iphone16", "苹果iPhone 160", False),  # whole words at the ends still
        ("mate60", "Ultimate 60 发布", False),
        ("gpt4", "GPT 4o 上线", False),
        ("iphone16", "iPhone  16", False),  # one space, as the other direction
        ("iphone16", "iPhone\n16", False),
    ],
)
def test_a_keyword_without_a_space_matches_the_spaced_text(
    keyword: str, text: str, hit: bool
) -> None:
    """`kw:iPhone16` typed without the space: the post writes `iPhone 16`. Where Latin
    letters, digits and Chinese meet, one space in the text is allowed; only there."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


def test_a_spaced_exclusion_contradicts_the_keyword_typed_without_it() -> None:
    assert contradicts("iphone 16 pro", "iphone16") and contradicts("华为 mate 60", "华为mate60")
    assert not contradicts("iphone 160", "iphone16")


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("騰訊", "腾讯控股发布三季报", True),  # typed in traditional, the wires write simplified
        ("半導體", "半导体板块走强", True),
        ("乾照", "乾照光电涨停", True),  # 乾 is simplified too: the keyword as typed still counts
        ("騰訊", "阿里巴巴发布财报", False),
    ],
)
def test_a_keyword_typed_in_traditional_characters_matches_simplified_text(
    keyword: str, text: str, hit: bool
) -> None:
    """Readers in Hong Kong and Taiwan type 騰訊; the posts are in simplified characters."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("gpt-5", "OpenAI发布GPT5模型", True),  # the hyphen left out
        ("gpt-5", "OpenAI发布GPT 5模型", True),  # or written as a space
        ("gpt-5", "OpenAI发布GPT－5模型", True),  # full-width (a Chinese keyboard)
        ("gpt-5", "OpenAI发布GPT\u20115模型", True),  # the non-breaking hyphen of word processors
        ("gpt-5", "OpenAI发布GPT\u20135模型", True),  # an en dash
        ("gpt5", "OpenAI发布GPT-5模型", True),  # typed without it, the post has it
        ("gpt5", "OpenAI发布GPT－5模型", True),
        ("gpt 5", "OpenAI发布GPT-5模型", True),
        ("gpt\u20115", "OpenAI发布GPT5模型", True),  # the keyword typed with such a hyphen
        ("wi-fi", "支持WiFi 7", True),
        ("wi-fi", "支持Wi Fi 7", True),
        ("covid-19", "COVID19疫情", True),
        ("glp-1", "GLP1药物", True),
        ("gpt-5", "GPT-50", False),  # whole words at the ends still
        ("gpt-5", "XGPT-5", False),
        ("gpt5", "GPT-4o", False),
        ("gpt5", "GPT--5", False),  # one separator, as one space
        ("gpt5", "GPT- 5", False),
        ("wifi", "Wi-Fi 7", False),  # no seam in the keyword between two letters
        ("华为mate60", "华为-Mate60", False),  # Chinese and Latin meet with a space only
    ],
)
def test_a_hyphen_in_a_latin_keyword_is_read_as_a_space(keyword: str, text: str, hit: bool) -> None:
    """`kw:GPT-5` is the model however the post writes it: GPT5, GPT 5, GPT－5 (full
    width), GPT‑5 (U+2011); and `kw:GPT5` reaches GPT-5. Between Latin letters or digits a
    hyphen is the space of the seam rule above: it may be there, a space, or missing."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


def test_a_hyphenated_exclusion_contradicts_the_keyword_typed_without_it() -> None:
    assert contradicts("gpt5", "gpt-5") and contradicts("gpt-5", "gpt 5")
    assert not contradicts("gpt-50", "gpt5")


@pytest.mark.parametrize(
    ("keyword", "text", "hit"),
    [
        ("gpt-5", "OpenAI发布GPT-5.5模型", False),  # a later version, not GPT-5
        ("gpt-5", "OpenAI发布GPT5.1", False),
        ("gpt-5", "OpenAI发布GPT 5.2", False),
        ("gpt5", "OpenAI发布GPT-5.5模型", False),
        ("gpt-5", "GPT-50", False),
        ("gpt-5", "OpenAI发布GPT-5，", True),
        ("gpt-5", "OpenAI发布GPT-5发布", True),
        ("gpt-5", "OpenAI发布GPT-5。", True),
        ("gpt-5", "OpenAI released GPT-5.", True),  # a sentence's full stop
        ("gpt-5", "GPT-5.x系列", True),
        ("gpt-5.5", "OpenAI发布GPT-5.5模型", True),
        ("gpt-5.5", "OpenAI发布GPT-5.55", False),
        ("iphone 16", "iPhone 16.1系统", False),
        ("5g", "2.5G网络", False),  # the other end: a fraction's digits are no 5G
        ("5g", "5G.5", True),
        ("2024", "2024.5.1发布", True),  # a bare number (a year, a code) is no version
    ],
)
def test_a_keyword_ending_in_a_number_is_not_a_later_version(
    keyword: str, text: str, hit: bool
) -> None:
    """`kw:GPT-5` matched GPT-5.5: the number in the keyword ran on in the text as a
    version (`.5`). A keyword with a name and a number is that version only; a sentence's
    full stop or Chinese after it still ends it. A bare number is not a version."""
    assert (keywords_present([keyword], text) == [keyword]) is hit


SAMPLES = (
    "OpenAI发布GPT-5模型",
    "OpenAI发布GPT5模型",
    "OpenAI发布GPT 5模型",
    "GPT-5.5",
    "苹果iPhone16系列",
    "苹果iPhone 16 Pro",
    "iPhone-16",
    "支持Wi-Fi 7",
    "支持WiFi 7",
    "华为 Mate 60",
    "华为Mate60",
    "machine learning",
    "machinelearning",
)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("GPT-5", "GPT5", True),
        ("GPT-5", "gpt 5", True),
        ("ＧＰＴ－５", "gpt5", True),
        ("iPhone 16", "iPhone16", True),
        ("iPhone-16", "iphone16", True),
        ("Wi-Fi", "wi fi", True),
        ("华为 Mate 60", "华为Mate60", True),
        ("machine learning", "machinelearning", False),  # a space between two letters stays
        ("Wi-Fi", "WiFi", False),
        ("GPT-5", "GPT-50", False),
        ("腾讯", "騰訊", False),  # traditional reaches simplified, not the other way
    ],
)
def test_keywords_that_match_the_same_posts_share_one_key(a: str, b: str, same: bool) -> None:
    """`kw:GPT5` and `kw:GPT-5` were stored as two subscriptions: the same key says they
    are one (and then they do match the same texts)."""
    assert (keyword_key(a) == keyword_key(b)) is same
    if same:
        for text in SAMPLES:
            assert bool(keywords_present([a], text)) == bool(keywords_present([b], text)), text
