"""A line of an older day says its day (bot.summarizer.pastday); made-up posts."""

from __future__ import annotations

from datetime import date

import pytest

from bot.summarizer.figures import extract_figures

_BODY = [
    "近几周，科技股出现调整。",
    "6月19日，甲国综合指数创下9385.59点的历史收盘最高点，此后一路下行，其中6月23日单日暴跌9.99%。",
    "其他内容。",
]


def _labels(posted: date) -> dict[str, str]:
    got = extract_figures("甲国股市为何下跌", _BODY, posted=posted)
    return {f.value: f.label for f in got}


def test_a_month_old_level_says_its_day() -> None:
    labels = _labels(date(2026, 7, 21))
    assert labels["9385.59点"] == "6月19日甲国综合指数", labels


def test_yesterdays_level_needs_no_day() -> None:
    labels = _labels(date(2026, 6, 20))
    assert labels["9385.59点"] == "甲国综合指数", labels


@pytest.mark.parametrize(
    ("title", "body", "posted", "day"),
    [
        # a comparison's base
        (
            "某公司披露财务状况",
            "截至9月30日，公司总负债较2020年12月31日减少5.42亿美元。",
            (12, 8),
            "12月31日",
        ),
        # a running total
        ("甲国股市大涨", "6月19日，甲国综合指数今年以来累计上涨44.38%。", (7, 21), "6月19日"),
        # a month named between the day and the number
        (
            "某人举牌某公司",
            "8月10日，某公司发布更正公告，披露某人1月融资买入、动用融资1.51亿元。",
            (8, 13),
            "8月10日",
        ),
        # a date later in the year than the post: one to come, not an old figure's day
        ("甲国宣布提高关税", "8月19日，甲国新关税正式实施，税率提高至50%。", (7, 21), "8月19日"),
    ],
)
def test_a_day_that_is_not_the_numbers_is_not_said(
    title: str, body: str, posted: tuple[int, int], day: str
) -> None:
    got = extract_figures(title, [body, "其他内容。"], posted=date(2026, *posted))
    assert all(not f.label.startswith(day) for f in got), got


def test_a_day_written_with_its_year_still_dates_the_line() -> None:
    body = [
        "某公司首席财务官表示，公司预计总资产约为11亿美元，截至2021年9月30日的总负债约为3.54亿美元，"
        "较2020年12月31日的总负债约减少了5.42亿美元。"
    ]
    got = {
        f.value: f.label
        for f in extract_figures("某公司披露财务状况", body, posted=date(2021, 12, 8))
    }
    assert got["约为3.54亿美元"].startswith("9月30日"), got
    got = {
        f.value: f.label
        for f in extract_figures("某公司披露财务状况", body, posted=date(2022, 12, 8))
    }
    assert not got["约为3.54亿美元"].startswith("9月30日"), got  # another year's: dated.py's


@pytest.mark.parametrize(
    ("title", "body", "posted", "expected"),
    [
        # made-up, shaped like em202606303788750595: yesterday's size beside last year-end's
        (
            "宽基ETF规模大缩水",
            [
                "据测算，截至6月29日，甲ETF规模为989.2亿元，跌破千亿元。",
                "梳理发现，截至2025年底，7只宽基ETF规模突破千亿元。其中，甲ETF规模为4222.58亿元。",
            ],
            date(2026, 6, 30),
            {"989.2亿元": "6月29日甲ETF规模", "4222.58亿元": "2025年底甲ETF规模"},
        ),
        # made-up, shaped like wscn3775217: three sessions' loss beside Monday's
        (
            "甲公司三连跌",
            [
                "周一甲公司收跌16.43%，市值蒸发4000亿美元，创下纪录。",
                "甲公司三个交易日连跌，累计跌逾23%，市值蒸发超6000亿美元。",
            ],
            date(2026, 6, 23),
            {"超6000亿美元": "三个交易日", "4000亿美元": "周一"},
        ),
    ],
)
def test_a_line_beside_the_same_measure_of_another_period_says_its_own(
    title: str, body: list[str], posted: date, expected: dict[str, str]
) -> None:
    labels = {f.value: f.label for f in extract_figures(title, body, posted=posted)}
    for value, head in expected.items():
        assert labels[value].startswith(head), labels
