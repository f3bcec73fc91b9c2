"""Ticker normalization: table-driven, pure."""

from __future__ import annotations

import pytest

from bot.parser.tickers import (
    canonical,
    extract_tickers_from_html,
    extract_tickers_from_text,
    from_suffixed,
    merge,
)


@pytest.mark.parametrize(
    ("market", "code", "expected"),
    [
        (1, "600519", "600519.SH"),
        ("1", "688981", "688981.SH"),
        (0, "000001", "000001.SZ"),
        ("0", "300024", "300024.SZ"),
        ("0", "200771", "200771.SZ"),  # Shenzhen B share
        ("0", "920275", "920275.BJ"),  # Beijing exchange, new codes
        ("0", "830799", "830799.BJ"),
        ("0", "430047", "430047.BJ"),
        (105, "TSLA", "TSLA.US"),
        ("106", "baba", "BABA.US"),
        ("107", "SPY", "SPY.US"),
        (116, "09660", "09660.HK"),
        ("116", "700", "00700.HK"),
        # not stocks
        (1, "000001", None),  # 上证指数, not 平安银行
        (1, "000300", None),  # 沪深300
        (0, "399001", None),  # 深证成指
        (0, "399006", None),  # 创业板指
        (0, "899050", None),  # 北证50
        ("0", "399300", None),  # 沪深300 (Shenzhen code)
        (90, "BK0493", None),  # sector board
        (100, "NDX", None),  # index
        (101, "GC00Y", None),  # futures
        (102, "CL00Y", None),
        (122, "XAU", None),
        (251, "HXC", None),
        (1, "60051", None),  # malformed
        (116, "ABCDE", None),
        (105, "", None),
    ],
)
def test_canonical(market: str | int, code: str, expected: str | None) -> None:
    assert canonical(market, code) == expected


@pytest.mark.parametrize(
    ("code", "suffix", "expected"),
    [
        ("601633", "SH", "601633.SH"),
        ("002007", "sz", "002007.SZ"),
        ("2888", "HK", "02888.HK"),
        ("0027", "HK", "00027.HK"),
        ("01548", "HK", "01548.HK"),
        ("INTC", "O", "INTC.US"),
        ("CS", "N", "CS.US"),
        ("NVDA", "OQ", "NVDA.US"),
        ("12345", "SH", None),
        ("000001", "SH", None),  # index
        ("399006", "SZ", None),  # index
        ("000001", "SZ", "000001.SZ"),
        ("000300", "SH", None),  # 沪深300
        ("899050", "BJ", None),  # 北证50
        ("920809", "BJ", "920809.BJ"),
        ("600519", "SZ", None),  # code and exchange disagree: no such stock
        ("830799", "SZ", None),
        ("ABC", "XX", None),
    ],
)
def test_from_suffixed(code: str, suffix: str, expected: str | None) -> None:
    assert from_suffixed(code, suffix) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("贵州茅台（600519）发布公告", [("600519.SH", "贵州茅台")]),
        ("欧菲光(002456)在互动平台表示", [("002456.SZ", "欧菲光")]),
        ("*ST康得（002450）", [("002450.SZ", "*ST康得")]),
        ("紫金矿业（601899.SH）", [("601899.SH", "紫金矿业")]),
        ("，长城汽车(601633.SH)与", [("601633.SH", "长城汽车")]),
        ("比亚迪（002594.SZ）", [("002594.SZ", "比亚迪")]),
        ("恒生银行(2888.HK)", [("02888.HK", "恒生银行")]),
        ("(01548.HK)", [("01548.HK", None)]),
        ("英特尔(INTC.O)、瑞信(CS.N)", [("INTC.US", "英特尔"), ("CS.US", "瑞信")]),
        ("地平线机器人（09660.HK，以下简称“地平线”）", [("09660.HK", "地平线机器人")]),
        ("中公教育（002607，以下简称）", [("002607.SZ", "中公教育")]),
        ("某公司（SZ002384）", [("002384.SZ", "某公司")]),
        # analyst notes: the verb is not part of the name
        ("里昂：下调港交所(00388.HK)目标价", [("00388.HK", "港交所")]),
        ("高盛发布研究报告称，首予信义能源(03868)“买入”评级", [("03868.HK", "信义能源")]),
        (
            "将澳博(0880.HK)、美高梅中国(2282.HK)及银娱(0027.HK)评级",
            [("00880.HK", None), ("02282.HK", "美高梅中国"), ("00027.HK", None)],
        ),
        ("瑞士信贷(CS.N)：将Sunoco Lp（SUN.N）目标价", [("CS.US", "瑞士信贷"), ("SUN.US", None)]),
        ("和而泰（002402）", [("002402.SZ", "和而泰")]),
        ("，除了比亚迪（002594.SZ）", [("002594.SZ", "比亚迪")]),
        ("迈威尔科技（股票代码：MRVL）", [("MRVL.US", "迈威尔科技")]),
        ("茅台（证券代码：600519）", [("600519.SH", "茅台")]),
        ("特斯拉（TSLA）和（FOMC）", []),  # bare letters: not distinguishable from acronyms
        ("智能电动车ETF（516380）", [("516380.SH", None)]),
        # names glued to a long run of text are not trusted, the code still is
        ("据悉目前研稀土为有研新材料(600206)", [("600206.SH", None)]),
        # not tickers: amounts, dates, bare numbers, indices
        ("成交额600519万元，批次2141001", []),
        ("（600519）", []),
        ("中标利率为2.4576%(东方财富Choice数据)", []),
        ("2021年(202112)", []),
        ("上证指数（000001.SH）、深证成指（399001.SZ）", []),
        # a bare code after an index name is the index (the same code after a company is not)
        ("沪深300（000300）、上证50（000016）", []),
        ("创业板指（399006）", []),
        ("北证50（899050）、中证500指数（000905）", []),
        ("深康佳A（000016）", [("000016.SZ", "深康佳A")]),
        ("平安银行（000001）", [("000001.SZ", "平安银行")]),
        ("沪深300ETF（510300）", [("510300.SH", None)]),  # a fund, not the index
        # years are never tickers; a four-digit Hong Kong code needs its suffix
        ("截至2024年（2024）底", []),
        ("小米集团（1810）", []),
        ("小米集团（1810.HK）", [("01810.HK", "小米集团")]),
        ("（2026E）（约1200GW）（7000次）", []),
    ],
)
def test_extract_from_text(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert extract_tickers_from_text(text) == expected


def test_extract_from_text_order_and_dedupe() -> None:
    text = "宁德时代（300750）与比亚迪（002594.SZ）、宁德时代（300750.SZ）"
    assert [t for t, _ in extract_tickers_from_text(text)] == ["300750.SZ", "002594.SZ"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            '<a href="http://quote.eastmoney.com/unify/r/106.BABA" data-code="BABA|106|7" '
            'class="EmImageRemark"><img src="https://x/GetPic.aspx?nid=106.BABA&imageType=k"'
            ' data-code="K BABA|106|7"/></a>',
            [("BABA.US", None)],
        ),
        (
            '<a class="EmImageRemark" href="http://quote.eastmoney.com/unify/r/116.09660">'
            '<img src="https://x/GetPic.aspx?nid=116.09660&amp;imageType=k"/></a>',
            [("09660.HK", None)],
        ),
        (
            '<span id="stock_0.300024"><a class="keytip" '
            'href="http://quote.eastmoney.com/unify/r/0.300024">机器人</a></span>'
            '<span id="quote_0.300024"></span>',
            [("300024.SZ", "机器人")],
        ),
        ('<a href="#" data-code="1,600160">巨化股份</a>', [("600160.SH", "巨化股份")]),
        (
            '<span class="em_stock_key_common" href="http://quote.eastmoney.com/unify/r/105.TSLA">'
            "特斯拉</span>",
            [("TSLA.US", "特斯拉")],
        ),
        # index chart and sector board links are not stocks
        (
            '<img src="https://x/GetPic.aspx?nid=1.000001&imageType=k"/>'
            '<a href="http://quote.eastmoney.com/unify/r/0.399001">深证成指</a>'
            '<span id="bk_90.BK0473"><a class="keytip" '
            'href="http://quote.eastmoney.com/unify/r/90.BK0473">证券</a></span>'
            '<a href="http://quote.eastmoney.com/unify/r/100.NDX">纳斯达克100</a>'
            '<a href="http://quote.eastmoney.com/unify/r/0.899050">北证50</a>'
            '<a href="http://quote.eastmoney.com/unify/r/1.000300">沪深300</a>',
            [],
        ),
        # first appearance order, name learned from a later link
        (
            '<img src="https://x/GetPic.aspx?nid=0.300277"/><img src="https://x/?nid=0.200771"/>'
            '<a href="http://quote.eastmoney.com/unify/r/0.200771">杭汽轮B</a>'
            '<a href="http://quote.eastmoney.com/unify/r/0.300277">海联讯</a>',
            [("300277.SZ", "海联讯"), ("200771.SZ", "杭汽轮B")],
        ),
    ],
)
def test_extract_from_html(html: str, expected: list[tuple[str, str | None]]) -> None:
    assert extract_tickers_from_html(html) == expected


def test_merge_keeps_first_and_fills_names() -> None:
    assert merge([("A.US", None), ("B.US", "b")], [("A.US", "a"), ("C.US", None)]) == [
        ("A.US", "a"),
        ("B.US", "b"),
        ("C.US", None),
    ]
