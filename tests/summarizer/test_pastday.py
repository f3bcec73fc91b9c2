"""A line of an older day says its day (bot.summarizer.pastday); made-up posts."""

from __future__ import annotations

from bot.summarizer.figures import extract_figures

_BODY = [
    "近几周，科技股出现调整。",
    "6月19日，甲国综合指数创下9385.59点的历史收盘最高点，此后一路下行，其中6月23日单日暴跌9.99%。",
    "其他内容。",
]


def _labels(posted: tuple[int, int]) -> dict[str, str]:
    got = extract_figures("甲国股市为何下跌", _BODY, posted=posted)
    return {f.value: f.label for f in got}


def test_a_month_old_level_says_its_day() -> None:
    labels = _labels((7, 21))
    assert labels["9385.59点"] == "6月19日甲国综合指数", labels


def test_yesterdays_level_needs_no_day() -> None:
    labels = _labels((6, 20))
    assert labels["9385.59点"] == "甲国综合指数", labels


def test_a_comparisons_base_day_is_not_the_numbers() -> None:
    body = ["截至9月30日，公司总负债较2020年12月31日减少5.42亿美元。", "其他内容。"]
    got = extract_figures("某公司披露财务状况", body, posted=(12, 8))
    assert all(not f.label.startswith("12月31日") for f in got), got


def test_a_total_or_another_period_after_the_day_is_not_the_days() -> None:
    # made-up: a running total, and a month named between the day and the number
    total = ["6月19日，甲国综合指数今年以来累计上涨44.38%。", "其他内容。"]
    got = extract_figures("甲国股市大涨", total, posted=(7, 21))
    assert all(not f.label.startswith("6月19日") for f in got), got
    month = ["8月10日，某公司发布更正公告，披露某人1月融资买入、动用融资1.51亿元。", "其他内容。"]
    got = extract_figures("某人举牌某公司", month, posted=(8, 13))
    assert all(not f.label.startswith("8月10日") for f in got), got


def test_a_day_to_come_is_no_past_day() -> None:
    # made-up: a date later in the year than the post is one to come, not an old figure's day
    body = ["8月19日，甲国新关税正式实施，税率提高至50%。", "其他内容。"]
    got = extract_figures("甲国宣布提高关税", body, posted=(7, 21))
    assert all(not f.label.startswith("8月19日") for f in got), got
