"""A flash's lines: a number its summary (the flash itself) spells out keeps its line only
under a label that names a metric or a move (stress.demote_stated)."""

from __future__ import annotations

import pytest

from bot.parser import parse_post
from bot.summarizer import summarize


def _summarize(title: str, body: str):  # type: ignore[no-untyped-def]
    src = (
        f"---\ntitle: {title}\ndate: 2026-03-12 10:00:00 +0800\n"
        f"categories: test\ntags: [测试, 新闻]\n---\n{body}\n"
    )
    return summarize(parse_post(src))


def test_a_restated_spec_gets_no_line() -> None:
    # made-up: a product's specifications, said in the summary, are no figures of the news
    got = _summarize(
        "甲乙光电发布新一代激光雷达模组",
        "甲乙光电今日发布新一代激光雷达模组，探测距离20米，视场角120度以上。",
    )
    assert "20米" in got.summary
    assert got.figures == ()


def test_a_restated_move_keeps_its_line() -> None:
    # made-up: the headline price and move, said in the summary, still read well as a line
    # (editors preferred such lines to none)
    got = _summarize("甲乙科技涨超8%", "甲乙科技午后涨超8%，现报12.36港元，成交额放大至3.2亿港元。")
    assert any(f.value == "12.36港元" and f.change for f in got.figures), got.figures


def test_a_restated_exchange_rate_keeps_its_line() -> None:
    # made-up: one currency against another is its rate, with no metric noun written
    got = _summarize("在岸人民币兑美元升至年内新高", "在岸人民币兑美元日内升至6.3011，创年内新高。")
    assert any(f.value == "6.3011" for f in got.figures), got.figures


@pytest.mark.parametrize(
    ("title", "body", "value", "holder"),
    [
        # made-up: the holder sells, not the company; the line read alone must say so
        (
            "甲乙科技：股东丙丁集团拟减持不超2%公司股份",
            "甲乙科技公告，股东丙丁集团拟减持不超过2%的公司股份。",
            "不超2%",
            "股东丙丁集团拟减持",
        ),
        (
            "甲乙科技控股股东拟转让8%股份 引入战投",
            "甲乙科技公告，控股股东与丙丁基金签署协议，拟以每股12.5元转让公司8%股份。",
            "8%",
            "甲乙科技控股股东拟转让",
        ),
    ],
)
def test_a_shareholders_deal_names_the_shareholder(
    title: str, body: str, value: str, holder: str
) -> None:
    got = _summarize(title, body)
    labels = {f.value: f.label for f in got.figures}
    assert labels.get(value, "").startswith(holder), got.figures


def test_a_shareholders_meeting_is_no_seller() -> None:
    # made-up: 股东大会 approves the company's own sale; it is not the holder who sells
    got = _summarize(
        "甲乙科技：股东大会同意拟转让8%股份", "甲乙科技公告，股东大会同意拟转让公司8%股份。"
    )
    labels = {f.value: f.label for f in got.figures}
    assert not labels.get("8%", "").startswith("股东大会"), got.figures
