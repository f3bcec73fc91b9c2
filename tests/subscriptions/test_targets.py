"""Table-driven tests of what users type -> canonical subscription targets."""

from __future__ import annotations

import pytest

from bot.stocks.directory import Directory
from bot.subscriptions.targets import (
    Catalog,
    Target,
    Unknown,
    a_share_exchange,
    clean,
    normalize_ticker,
    parse_target,
    parse_targets,
    split_targets,
    suggest,
)

# Notation tests run on the names below only (no shipped stock directory), so what
# they show is the notation rule; tests/stocks covers the directory.
CATALOG = Catalog(
    {
        "meirijingjixinwen": "每日经济新闻",
        "emnews": "东财滚动新闻",
        "zhongguojijinbao": "中国基金报",
    },
    {
        "600519.SH": "贵州茅台",
        "000001.SZ": "平安银行",
        "00700.HK": "腾讯控股",
        "BABA.US": "阿里巴巴",
        "09988.HK": "阿里巴巴",
        "300750.SZ": "宁德时代",
    },
    Directory(),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("600519", "600519.SH"),
        ("sh600519", "600519.SH"),
        ("SH600519", "600519.SH"),
        ("600519.SH", "600519.SH"),
        ("600519.sh", "600519.SH"),
        ("600519.SS", "600519.SH"),
        ("SH.600519", "600519.SH"),
        ("６００５１９", "600519.SH"),  # full-width digits
        ("688981", "688981.SH"),
        ("900901", "900901.SH"),
        ("510300", "510300.SH"),
        ("000001", "000001.SZ"),
        ("sz000001", "000001.SZ"),
        ("000001.SZ", "000001.SZ"),
        ("300750", "300750.SZ"),
        ("200596", "200596.SZ"),
        ("159915", "159915.SZ"),
        ("920809", "920809.BJ"),
        ("830799", "830799.BJ"),
        ("430047", "430047.BJ"),
        ("bj920809", "920809.BJ"),
        ("00700", "00700.HK"),
        ("700.HK", "00700.HK"),
        ("0700.HK", "00700.HK"),
        ("00700.hk", "00700.HK"),
        ("HK00700", "00700.HK"),
        ("hk700", "00700.HK"),
        ("9988", "09988.HK"),
        ("BABA", "BABA.US"),
        ("$BABA", "BABA.US"),
        ("baba", "BABA.US"),
        ("BABA.US", "BABA.US"),
        ("BABA.N", "BABA.US"),
        ("INTC.O", "INTC.US"),
        ("US.AAPL", "AAPL.US"),
        ("ＢＡＢＡ", "BABA.US"),
        ("BRK.B", "BRK.B.US"),
        # not stocks
        ("000001.SH", None),  # SSE Composite index, not 平安银行
        ("000016", "000016.SZ"),  # bare 000xxx is the Shenzhen stock (深康佳A), like 000001
        # indices are not stocks, however they are written
        ("399001", None),  # 深证成指
        ("399006", None),  # 创业板指
        ("sz399006", None),
        ("399006.SZ", None),
        ("000300.SH", None),  # 沪深300
        ("sh000300", None),
        ("SH000016", None),  # 上证50
        ("000905.SS", None),  # 中证500
        ("899050", None),  # 北证50
        ("bj899050", None),
        # a bare year is never a ticker; written as Hong Kong it is one
        ("2024", None),
        ("1999", None),
        ("2024.HK", "02024.HK"),
        ("hk2024", "02024.HK"),
        ("02024", "02024.HK"),
        ("1810", "01810.HK"),  # other bare four-digit codes: Hong Kong
        ("600519.SZ", None),  # prefix and suffix disagree
        ("700000", None),
        ("700", None),  # three bare digits: too likely a number, write 700.HK
        ("0", None),
        ("123456789", None),
        ("TOOLONGX", None),
        ("", None),
        ("$", None),
    ],
)
def test_normalize_ticker(text, expected):
    assert normalize_ticker(text) == expected


@pytest.mark.parametrize(
    ("code", "exchange"),
    [
        ("600000", "SH"),
        ("601318", "SH"),
        ("688001", "SH"),
        ("900901", "SH"),
        ("002594", "SZ"),
        ("301236", "SZ"),
        ("920001", "BJ"),
        ("873223", "BJ"),
        ("12345", None),
        ("700001", None),
        ("399001", None),  # indices are no stock codes
        ("899050", None),
    ],
)
def test_a_share_exchange(code, exchange):
    assert a_share_exchange(code) == exchange


@pytest.mark.parametrize(
    ("text", "kind", "value", "display"),
    [
        ("meirijingjixinwen", "category", "meirijingjixinwen", "每日经济新闻"),
        ("MeiRiJingJiXinWen", "category", "meirijingjixinwen", "每日经济新闻"),
        ("每日经济新闻", "category", "meirijingjixinwen", "每日经济新闻"),
        ("每日经济新闻新闻", "category", "meirijingjixinwen", "每日经济新闻"),  # the tag form
        ("emnews", "category", "emnews", "东财滚动新闻"),
        ("东财滚动新闻", "category", "emnews", "东财滚动新闻"),
        ("财联社", "category", "cailianshe", "财联社"),  # known outlet, not seen yet
        ("36氪", "category", "36ke", "36氪"),
        ("贵州茅台", "ticker", "600519.SH", "贵州茅台 600519.SH"),
        ("600519", "ticker", "600519.SH", "贵州茅台 600519.SH"),
        ("000001", "ticker", "000001.SZ", "平安银行 000001.SZ"),  # bare: the stock
        ("9988", "ticker", "09988.HK", "阿里巴巴 09988.HK"),  # bare four digits: Hong Kong
        ("1810", "ticker", "01810.HK", "01810.HK"),
        ("腾讯控股", "ticker", "00700.HK", "腾讯控股 00700.HK"),
        ("700.HK", "ticker", "00700.HK", "腾讯控股 00700.HK"),
        ("$BABA", "ticker", "BABA.US", "阿里巴巴 BABA.US"),
        ("$NVDA", "ticker", "NVDA.US", "NVDA.US"),  # bare NVDA: the directory lists it
        ("kw:新能源", "keyword", "新能源", "新能源"),
        ("KW：新能源", "keyword", "新能源", "新能源"),
        ("关键词:锂电池", "keyword", "锂电池", "锂电池"),
        ("kw:OpenAI", "keyword", "openai", "OpenAI"),
        ("-kw:传闻", "exclude", "传闻", "传闻"),
        ("-KW: 传闻", "exclude", "传闻", "传闻"),
        ("kw:<b>", "keyword", "<b>", "<b>"),  # stored as text; replies escape it
    ],
)
def test_parse_target(text, kind, value, display):
    assert parse_target(text, CATALOG) == Target(kind, value, display)


@pytest.mark.parametrize(
    ("text", "reason", "first_suggestion"),
    [
        ("阿里巴巴", "ambiguous", "09988.HK"),  # one name, two listings
        ("茅台", "unknown", "600519.SH"),  # part of a name
        ("每日经济", "unknown", "meirijingjixinwen"),
        ("宁德", "unknown", "300750.SZ"),
        ("meiri", "ambiguous", "meirijingjixinwen"),  # outlet prefix or ticker MEIRI?
        ("xyzabcdefg", "unknown", "xyzabcdefg"),  # nothing close: offered as a keyword
        ("kw:", "empty", None),
        ("-kw:  ", "empty", None),
        ("kw:" + "长" * 31, "too_long", None),
        ("长" * 41, "too_long", None),
        ("\u200b\u0007", "empty", None),  # only invisible/control characters
    ],
)
def test_unknown_and_ambiguous(text, reason, first_suggestion):
    r = parse_target(text, CATALOG)
    assert isinstance(r, Unknown)
    assert r.reason == reason
    if first_suggestion is None:
        assert r.suggestions == ()
    else:
        assert r.suggestions[0].value == first_suggestion


def test_unknown_always_offers_keyword_last():
    r = parse_target("茅台", CATALOG)
    assert isinstance(r, Unknown)
    assert r.suggestions[-1] == Target("keyword", "茅台", "茅台")


def test_suggest_is_bounded_and_ranked():
    out = suggest("中国", CATALOG, limit=3)
    assert len(out) <= 4  # 3 + the keyword
    assert all("中国" in t.display for t in out)  # containment ranks before fuzzy matches
    assert out[-1] == Target("keyword", "中国", "中国")


def test_control_characters_removed():
    assert clean("贵州\u200b茅台\x00") == "贵州茅台"
    assert clean("  a\tb\n c ") == "a b c"
    assert parse_target("贵州\u200b茅台", CATALOG) == Target(
        "ticker", "600519.SH", "贵州茅台 600519.SH"
    )


def test_split_and_parse_many_dedupes():
    words = split_targets(["600519,贵州茅台、kw:新能源", "-kw:传闻", "zzzzzzz"])
    assert words == ["600519", "贵州茅台", "kw:新能源", "-kw:传闻", "zzzzzzz"]
    ok, bad = parse_targets(words, CATALOG)
    assert [t.value for t in ok] == ["600519.SH", "新能源", "传闻"]
    assert [b.text for b in bad] == ["zzzzzzz"]


def test_known_outlets_resolve_without_database():
    empty = Catalog()
    assert parse_target("证券时报", empty) == Target("category", "zhengquanshibao", "证券时报")
    assert parse_target("huaerjiejianwen", empty).value == "huaerjiejianwen"


@pytest.mark.parametrize(
    ("text", "keyword"),
    [
        ("399006", "创业板指"),
        ("399001", "深证成指"),
        ("000001.SH", "上证指数"),  # with the exchange written: the index, not 平安银行
        ("sh000300", "沪深300"),
        ("000016.SH", "上证50"),
        ("SH000905", "中证500"),
        ("899050", "北证50"),
        ("399999", None),  # an index without a well-known name: refused, nothing offered
    ],
)
def test_index_is_refused_with_its_name_as_keyword(text, keyword):
    r = parse_target(text, CATALOG)
    assert isinstance(r, Unknown)
    assert r.reason == "index"
    expected = (Target("keyword", keyword.casefold(), keyword),) if keyword else ()
    assert r.suggestions == expected


def test_index_never_subscribed_among_other_targets():
    ok, bad = parse_targets(["600519", "399006", "000300.SH"], CATALOG)
    assert [t.value for t in ok] == ["600519.SH"]
    assert [(b.text, b.reason) for b in bad] == [("399006", "index"), ("000300.SH", "index")]


@pytest.mark.parametrize("year", ["2024", "2020", "1999"])
def test_bare_year_is_asked_about(year):
    catalog = Catalog.of({}, {"02020.HK": "安踏体育"})
    r = parse_target(year, catalog)
    assert isinstance(r, Unknown)
    assert r.reason == "ambiguous"
    stock, kw = r.suggestions
    assert (stock.kind, stock.value) == ("ticker", f"0{year}.HK")
    assert kw == Target("keyword", year, year)
    if year == "2020":
        assert stock.display == "安踏体育 02020.HK"


@pytest.mark.parametrize(
    ("word", "ticker", "name"), [("700", "00700.HK", "腾讯控股"), ("388", "00388.HK", "香港交易所")]
)
def test_bare_short_hong_kong_code_offers_its_stock_first(word, ticker, name):
    """Hong Kong readers call 腾讯 `700`: three bare digits are not taken as a stock (too
    likely a number), but its button must be the first offered, not 映宇宙 03700.HK's."""
    r = parse_target(word, Catalog.of({}, {ticker: name}))
    assert isinstance(r, Unknown) and r.reason == "ambiguous"
    assert [(t.kind, t.value) for t in r.suggestions] == [("ticker", ticker), ("keyword", word)]
    assert r.suggestions[0].display == f"{name} {ticker}"


def test_bare_one_digit_hong_kong_code_offers_its_stock():
    r = parse_target("5", Catalog.of({}, {"00005.HK": "汇丰控股"}))
    assert isinstance(r, Unknown)
    assert [(t.kind, t.value) for t in r.suggestions][:1] == [("ticker", "00005.HK")]


@pytest.mark.parametrize(
    "word", ["cctv国际时讯", "Cctv国际时讯", "ＣＣＴＶ国际时讯", "东方财富choice数据"]
)
def test_an_outlet_name_with_latin_letters_in_any_case(word):
    """`CCTV国际时讯` typed in lower case (or full width) is still the outlet."""
    r = parse_target(word, Catalog())
    assert isinstance(r, Target) and r.kind == "category"
    assert r.value in ("CCTVguojishixun", "dongfangcaifuChoiceshuju")


@pytest.mark.parametrize(
    ("word", "ticker"),
    [
        ("#BABA", "BABA.US"),
        ("#HK00700", "00700.HK"),
        ("＃600519", "600519.SH"),
        ("#腾讯控股", "00700.HK"),
    ],
)
def test_a_hashtag_is_its_target(word, ticker):
    """Telegram readers tag stocks `#BABA` as they cashtag `$BABA`: the mark is no part of it."""
    r = parse_target(word, CATALOG)
    assert isinstance(r, Target) and (r.kind, r.value) == ("ticker", ticker)


@pytest.mark.parametrize(
    ("word", "ticker"), [("机器人", "300024.SZ"), ("太阳能", "000591.SZ"), ("纳斯达克", "NDAQ.US")]
)
def test_a_stock_named_by_an_everyday_word_is_asked_about(word, ticker):
    """`/sub 机器人` most likely means robots, not 新松 (300024.SZ, listed as 机器人): a name
    that is a common word (the parser's rule, `bot.parser.autolinks`) is asked about, the
    stock first, never taken silently."""
    r = parse_target(word, Catalog())
    assert isinstance(r, Unknown) and r.reason == "ambiguous"
    assert [(t.kind, t.value) for t in r.suggestions] == [("ticker", ticker), ("keyword", word)]


@pytest.mark.parametrize("word", ["贵州茅台", "腾讯控股", "茅台"])
def test_a_stock_named_by_its_own_name_is_taken(word):
    assert isinstance(parse_target(word, Catalog()), Target)


@pytest.mark.parametrize(
    ("word", "ticker"),
    [
        ("HKEX:700", "00700.HK"),
        ("HK:0700", "00700.HK"),
        ("SSE:600519", "600519.SH"),
        ("SZSE:000001", "000001.SZ"),
        ("NYSE:BABA", "BABA.US"),
        ("NASDAQ：NVDA", "NVDA.US"),
    ],
)
def test_an_exchange_prefixed_notation_is_its_stock(word, ticker):
    """Charting sites write `HKEX:700`, `NASDAQ:NVDA`; readers paste them into /sub."""
    assert normalize_ticker(word) == ticker


@pytest.mark.parametrize("word", ["HKEX:BABA", "NYSE:700", "SSE:00700", "kw:AI"])
def test_an_exchange_prefix_must_fit_the_code(word):
    assert normalize_ticker(word) is None


def test_an_exchange_prefixed_index_is_refused_as_an_index():
    r = parse_target("SSE:000001", CATALOG)
    assert isinstance(r, Unknown) and r.reason == "index"


@pytest.mark.parametrize("word", ["AI", "ai", "ETF", "CPI", "HBM"])
def test_a_bare_latin_word_no_listed_stock_is_asked_about(word):
    """`/sub AI` meant the AI news, not a ticker AI.US no post links (the directory knows no
    such stock): the word is asked about, the keyword offered next to the ticker."""
    r = parse_target(word, Catalog())
    assert isinstance(r, Unknown) and r.reason == "ambiguous"
    assert [(t.kind, t.value) for t in r.suggestions] == [
        ("keyword", word.casefold()),
        ("ticker", f"{word.upper()}.US"),
    ]


@pytest.mark.parametrize(
    ("word", "ticker"),
    [("TSLA", "TSLA.US"), ("nio", "NIO.US"), ("$AI", "AI.US"), ("AI.US", "AI.US")],
)
def test_a_listed_or_written_us_ticker_is_taken(word, ticker):
    r = parse_target(word, Catalog())
    assert isinstance(r, Target) and (r.kind, r.value) == ("ticker", ticker)


def test_index_notations_agree_with_the_parser():
    """/sub and the article parser read every mainland code the same way."""
    from bot.parser.tickers import extract_tickers_from_text, from_suffixed

    for prefix in range(1000):
        code = f"{prefix:03d}123"
        bare = normalize_ticker(code)
        found = extract_tickers_from_text(f"某公司（{code}）")
        assert [t for t, _ in found] == ([bare] if bare else []), code
        for exchange in ("SH", "SZ", "BJ"):
            assert normalize_ticker(f"{code}.{exchange}") == from_suffixed(code, exchange), (
                code,
                exchange,
            )


def test_index_refusal_is_explained_in_both_languages():
    """The /sub reply for an index says why (not "not found") and how to follow it instead."""
    from bot.telegram.handlers_subs import _unknown_line

    r = parse_target("399006", CATALOG)
    assert isinstance(r, Unknown)
    zh = _unknown_line("zh", r)
    assert "「399006」是指数" in zh and "kw:" in zh
    assert "is an index" in _unknown_line("en", r)


@pytest.mark.parametrize(
    "words, keyword",
    [
        (["kw:iPhone", "16"], "iphone 16"),
        (["kw:Model", "3"], "model 3"),
        (["kw:Mate", "60"], "mate 60"),
        (["kw:machine", "learning"], "machine learning"),
    ],
)
def test_a_keyword_split_at_a_space_is_asked_about_not_cut_short(
    words: list[str], keyword: str
) -> None:
    """`kw:iPhone 16` is not the keyword iPhone plus the stock 16: the user is asked."""
    ok, bad = parse_targets(split_targets(words), Catalog.of({}, {}))
    assert ok == []
    assert [(u.reason, [s.value for s in u.suggestions]) for u in bad] == [
        ("keyword_space", [keyword])
    ]


def test_a_keyword_then_a_stock_code_are_two_targets() -> None:
    ok, bad = parse_targets(split_targets(["kw:iPhone", "600519"]), Catalog.of({}, {}))
    assert [(t.kind, t.value) for t in ok] == [("keyword", "iphone"), ("ticker", "600519.SH")]
    assert bad == []


def test_initials_that_are_also_the_same_stocks_us_ticker_are_not_ambiguous() -> None:
    """拼多多's pinyin initials are PDD, its US ticker: one stock, not two options."""
    r = parse_target("PDD", Catalog.of({}, {}))
    assert isinstance(r, Target) and r.value == "PDD.US"


@pytest.mark.parametrize(
    ("typed", "ticker"),
    [("騰訊控股", "00700.HK"), ("貴州茅臺", "600519.SH"), ("寧德時代", "300750.SZ")],
)
def test_a_stock_name_typed_in_traditional_characters_is_found(typed: str, ticker: str) -> None:
    r = parse_target(typed, CATALOG)
    assert isinstance(r, Target) and (r.kind, r.value) == ("ticker", ticker)


def test_a_simplified_name_is_never_rewritten() -> None:
    """乾照光电 is simplified as written: t2s would make it 干照光电, so the name is looked up
    as typed first."""
    catalog = Catalog({}, {"300102.SZ": "乾照光电"}, Directory())
    r = parse_target("乾照光电", catalog)
    assert isinstance(r, Target) and r.value == "300102.SZ"


def test_a_doubled_plus_is_one_mentions_mark() -> None:
    """`/sub BABA++` stored `阿里巴巴 BABA.US（含提及）（含提及）`, shown so in /list for
    good: each `+` added the mark. Several are one."""
    one = parse_target("BABA+", CATALOG)
    assert isinstance(one, Target) and one.mentions
    assert parse_target("BABA++", CATALOG) == one == parse_target("BABA+++", CATALOG)
    assert one.display.count("（含提及）") == 1


def test_a_keyword_prefix_typed_twice_is_one() -> None:
    """`/sub kw:kw:新能源` (the example pasted after a typed `kw:`) stored the keyword
    `kw:新能源`, which no post contains: a subscription that never delivers."""
    assert parse_target("kw:kw:新能源", CATALOG) == Target("keyword", "新能源", "新能源")
    assert parse_target("-kw:kw:传闻", CATALOG) == Target("exclude", "传闻", "传闻")
    assert parse_target("kw:-kw:传闻", CATALOG) == Target("exclude", "传闻", "传闻")
    assert parse_target("kw:关键词：锂电", CATALOG) == Target("keyword", "锂电", "锂电")
