"""The one stock-or-index rule for six-digit mainland codes (parser and /sub share it)."""

from __future__ import annotations

import pytest

from bot.parser.codes import (
    INDEX_NAMES,
    bare_index,
    exchange_of,
    index_name,
    is_index,
    looks_like_index_name,
)


@pytest.mark.parametrize(
    ("code", "exchange"),
    [
        ("600519", "SH"),
        ("688981", "SH"),
        ("900901", "SH"),  # B share
        ("510300", "SH"),  # ETF
        ("520830", "SH"),
        ("000001", "SZ"),  # bare 000001 is 平安银行, not 上证指数 (documented ambiguity)
        ("000016", "SZ"),  # 深康佳A, not 上证50
        ("002594", "SZ"),
        ("300750", "SZ"),
        ("301236", "SZ"),
        ("200596", "SZ"),  # B share
        ("159915", "SZ"),  # ETF
        ("161725", "SZ"),  # LOF
        ("920809", "BJ"),
        ("830799", "BJ"),
        ("430047", "BJ"),
        # no stock
        ("399001", None),  # 深证成指
        ("399006", None),  # 创业板指
        ("899050", None),  # 北证50
        ("700001", None),
        ("110059", None),  # a convertible bond
        ("12345", None),
        ("1234567", None),
        ("60051a", None),
    ],
)
def test_exchange_of(code: str, exchange: str | None) -> None:
    assert exchange_of(code) == exchange


@pytest.mark.parametrize(
    ("code", "exchange", "expected"),
    [
        ("000001", "SH", True),
        ("000300", "sh", True),
        ("000905", "SH", True),
        ("399006", "SZ", True),
        ("899050", "BJ", True),
        ("000001", "SZ", False),  # 平安银行
        ("600519", "SH", False),
        ("399006", "SH", False),
        ("899050", "SZ", False),
        ("00001", "SH", False),
        ("000001", "HK", False),
    ],
)
def test_is_index(code: str, exchange: str, expected: bool) -> None:
    assert is_index(code, exchange) is expected


def test_bare_index_only_for_codes_no_stock_has() -> None:
    assert bare_index("399006") == "399006.SZ"
    assert bare_index("899050") == "899050.BJ"
    assert bare_index("000300") is None  # bare 000xxx: the Shenzhen stock
    assert bare_index("600519") is None
    assert bare_index("3990") is None


def test_index_names_are_indices_by_the_rule() -> None:
    for index, name in INDEX_NAMES.items():
        code, exchange = index.split(".")
        assert is_index(code, exchange), index
        assert exchange_of(code) != exchange, index  # never also read as a stock there
        assert index_name(index) == name
    assert index_name("600519.SH") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("沪深300", True),
        ("创业板指", True),
        ("上证指数", True),
        ("深证成指", True),
        ("中证1000", True),
        ("北证50", True),
        ("恒生指数", True),
        ("平安银行", False),
        ("沪深300ETF", False),  # a fund, listed like a stock
        ("深康佳A", False),
        (None, False),
        ("", False),
    ],
)
def test_looks_like_index_name(name: str | None, expected: bool) -> None:
    assert looks_like_index_name(name) is expected
