"""A results table's items take the period the lead reports (bot.summarizer.results); made-up."""

from __future__ import annotations

from bot.summarizer.figures import extract_figures
from bot.summarizer.results import table_period

_BODY = (
    "美东时间周三盘后，甲乙汽车公布了好于预期的第四季度财报业绩，股价盘后上涨3%。不过，"
    "甲乙汽车全年营收同比下降了3%。",
    "以下是该公司的表现情况，与分析师的预期相比：",
    "每股收益：50美分（调整后），而预期为45美分",
    "营收：249亿美元，同比下滑3%，预期为247.9亿美元",
    "甲乙汽车去年净利润明显低迷",
)


def test_the_items_after_the_header_are_the_table() -> None:
    assert table_period(_BODY) == ("第四季度", frozenset({2, 3}))


def test_no_table_without_one_reported_period() -> None:
    body = ("甲乙汽车公布财报。", *_BODY[1:])
    assert table_period(body) == ("", frozenset())


def test_a_table_item_says_the_quarter() -> None:
    got = extract_figures("甲乙汽车史上首次年度营收下滑", _BODY, companies=1, names=("甲乙汽车",))
    labels = {f.value: f.label for f in got}
    assert labels.get("249亿美元", "").endswith("第四季度营收"), labels
