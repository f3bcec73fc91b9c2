"""A plan's horizon, set in the title, goes on its lead's target lines (horizon.py)."""

from __future__ import annotations

from bot.summarizer.figures import extract_figures
from bot.summarizer.horizon import horizon, with_horizon


def test_the_horizon_is_a_year_after_the_posts() -> None:
    assert horizon("某部门：到2027年 充电设施基本形成全覆盖格局", 2024) == "到2027年"
    assert horizon("某公司2028年前建成三座工厂", 2025) == "到2028年"
    assert horizon("某部门：到2020年 …格局", 2021) == ""  # a past year: a review, no plan
    assert horizon("某公司一季度营收增长", 2021) == ""


def test_a_line_whose_sentence_sets_its_own_time_keeps_it() -> None:
    title = "某部门：到2027年 充电设施基本形成全覆盖格局"
    sent = "县域充电桩覆盖率由40%提高到90%以上"
    assert with_horizon("县域充电桩覆盖率", sent, title, 2024) == "到2027年县域充电桩覆盖率"
    dated = "截至目前，县域充电桩覆盖率为40%"
    assert with_horizon("县域充电桩覆盖率", dated, title, 2024) == "县域充电桩覆盖率"


def test_a_policy_flashs_targets_say_their_year() -> None:
    title = "某部门：到2027年 充电设施基本形成全覆盖格局"
    body = (
        "充电设施服务能力明显提升，县域充电桩覆盖率由40%提高到90%以上，高速公路服务区快充站覆盖率达到95%以上。",
    )
    labels = {f.value: f.label for f in extract_figures(title, body, year=2024)}
    assert labels["90%以上"].startswith("到2027年")
