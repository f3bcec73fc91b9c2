"""Which sentence carries the news: title matching and the shapes that are not the news.

All sentences here are made up for the test.
"""

from __future__ import annotations

from bot.summarizer.salience import measure, title_units


def test_title_numbers_match_whole_numbers_only() -> None:
    units = title_units("某指数大涨4%，成交额放大")
    have, _ = measure("2024年某公司市值达4500亿元。", units)
    assert "4" not in have  # neither the tail of 2024 nor the head of 4500
    have, _ = measure("某指数收涨4%，成交放量。", units)
    assert "4" in have


def test_a_precise_body_value_stands_for_the_rounded_headline_one() -> None:
    units = title_units("油价飙升近8%，金价走软")
    assert "8" in measure("布伦特原油最高涨7.9%至97.50美元/桶。", units)[0]
    assert "8" not in measure("布伦特原油涨6.9%。", units)[0]
    assert "8" not in measure("会议定于7.5日举行。", title_units("8日开会"))[0]
