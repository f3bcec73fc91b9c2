"""The shipped stock directory: names, short names and pinyin initials on a fresh install."""

from __future__ import annotations

import pytest

from bot.stocks.directory import Directory, initials_of, parse_tsv, shipped
from bot.subscriptions.targets import Catalog, Target, Unknown, parse_target


@pytest.mark.parametrize(
    ("text", "tickers"),
    [
        ("贵州茅台", ["600519.SH"]),
        ("茅台", ["600519.SH"]),
        ("腾讯", ["00700.HK"]),
        ("腾讯控股", ["00700.HK"]),
        ("中国平安", ["601318.SH", "02318.HK"]),  # mainland first, then Hong Kong
        ("万科A", ["000002.SZ"]),  # adata writes `万  科Ａ`: compared in NFKC without spaces
        ("宁德时代", ["300750.SZ", "03750.HK"]),
        ("阿里巴巴", ["09988.HK", "BABA.US"]),
        ("英伟达", ["NVDA.US"]),
        ("国泰君安", ["601211.SH"]),  # renamed 国泰海通; the old name still finds it
        # US listings Chinese media cover, by name and short name (stocks_extra.tsv)
        ("吉利德", ["GILD.US"]),
        ("埃克森美孚", ["XOM.US"]),
        ("好市多", ["COST.US"]),
        ("开市客", ["COST.US"]),
    ],
)
def test_shipped_names(text: str, tickers: list[str]) -> None:
    assert shipped().named(text) == tickers


def test_a_risk_warning_is_not_part_of_the_name() -> None:
    d = parse_tsv(
        "002309.SZ\tST中利\tSTZL\t\n300000.SZ\t*ST甲乙\t\t\n600000.SH\t乙丙\t\t\n"
        "600001.SH\tST乙丙\t\t\n"
    )
    assert d.named("中利") == ["002309.SZ"] and d.named("ST中利") == ["002309.SZ"]
    assert d.named("甲乙") == ["300000.SZ"]
    assert d.named("乙丙") == ["600000.SH"]  # a listed name is never taken by a warned one
    assert shipped().named("中利") == ["002309.SZ"]


def test_has_name_agrees_with_named() -> None:
    d = shipped()
    for text in ("宁德时代", "英伟达", "宁德时", "德时代", "新闻"):
        assert d.has_name(text) == bool(d.named(text))
    assert d.has_name("英伟达") and not d.has_name("英伟")


def test_shipped_covers_every_market() -> None:
    suffixes = {t.rsplit(".", 1)[1] for t, _ in shipped().names()}
    assert {"SH", "SZ", "BJ", "HK", "US"} <= suffixes
    assert sum(1 for _ in shipped().names()) > 5000


def test_initials() -> None:
    assert initials_of("贵州茅台") == "GZMT"
    assert initials_of("TCL中环") == "TCLZH"
    d = shipped()
    assert d.by_initials("gzmt") == ["600519.SH"]
    assert d.by_initials("GZMT") == ["600519.SH"]
    assert d.by_initials("zg") == []  # two letters are a US ticker, never initials


def test_learned_names_on_top() -> None:
    d = parse_tsv("600519.SH\t贵州茅台\tGZMT\t茅台\n")
    assert d.with_names({"600519.SH": "贵州茅台"}) is d  # nothing new: the same object
    newer = d.with_names({"600519.SH": "茅台集团", "NEW.US": "新公司"})
    assert newer.name("600519.SH") == "茅台集团"
    assert newer.named("贵州茅台") == ["600519.SH"] and newer.named("茅台") == ["600519.SH"]
    assert newer.named("新公司") == ["NEW.US"] and newer.by_initials("xgs") == ["NEW.US"]


def test_fresh_catalog_resolves_name_forms() -> None:
    c = Catalog()  # no database names at all
    assert parse_target("贵州茅台", c) == Target("ticker", "600519.SH", "贵州茅台 600519.SH")
    assert parse_target("茅台", c).value == "600519.SH"  # type: ignore[union-attr]
    assert parse_target("gzmt", c).value == "600519.SH"  # type: ignore[union-attr]
    assert parse_target("腾讯", c).value == "00700.HK"  # type: ignore[union-attr]
    pa = parse_target("中国平安", c)
    assert isinstance(pa, Unknown) and pa.reason == "ambiguous"
    assert [s.value for s in pa.suggestions] == ["601318.SH", "02318.HK"]
    plus = parse_target("BABA+", c)
    assert plus == Target("ticker", "BABA.US", "阿里巴巴 BABA.US（含提及）", mentions=True)
    assert isinstance(parse_target("kw:x+", c), Target)  # `+` belongs to the keyword


def test_outlet_slug_any_case() -> None:
    c = Catalog({"dongfangcaifuChoiceshuju": "东方财富Choice数据"}, {}, Directory())
    for text in (
        "dongfangcaifuChoiceshuju",
        "dongfangcaifuchoiceshuju",
        "DONGFANGCAIFUCHOICESHUJU",
    ):
        assert parse_target(text, c) == Target(
            "category", "dongfangcaifuChoiceshuju", "东方财富Choice数据"
        )
