"""A week-ahead calendar's summary lists the title's items with their dates (calendar.py)."""

from __future__ import annotations

from bot.summarizer.calendar import calendar_summary, is_calendar
from bot.summarizer.summary import build_summary

TITLE = "下周重磅日程：甲国非农、乙丙大会、丁戊科技上会、甲乙集团丙丁控股财报"
BODY = [
    "03月02日 - 03月08日当周重磅财经事件一览，以下均为北京时间：",
    "科技产业方面，算力与机器人双主线共振。",
    "芯片巨头齐聚乙丙大会，大摩预计多家公司将全面展示新一代算力方案，市场关注度持续升温。",
    "乙丙大会前，某某峰会将于3月1日至4日在某市国际会议中心举行。",
    "甲国2月非农就业报告",
    "甲国2月非农就业报告将于3月6日公布。市场预期新增非农就业人口将放缓至11万人左右。",
    "某某大会（乙丙 2026）将于3月3日至6日举行。",
    "丁戊科技科创板IPO于3月2日上会",
    "甲乙集团、丙丁控股等",
    "甲乙集团一季报、AI基础设施核心丙丁控股将相继披露业绩，市场将借此验证需求景气度。",
]
NAMES = ("丁戊科技", "甲乙集团", "丙丁控股")


def test_a_calendar_title_is_recognised() -> None:
    assert is_calendar(TITLE)
    assert is_calendar("本周重磅日程：甲国非农、乙丙大会")
    assert not is_calendar("甲国非农超预期，乙丙大会开幕")
    assert calendar_summary("甲国非农超预期，乙丙大会开幕", BODY, 120, NAMES) is None


def test_each_item_is_said_by_its_own_dated_clause_in_the_titles_order() -> None:
    got = calendar_summary(TITLE, BODY, 120, NAMES)
    # 乙丙大会前，某某峰会…: the clause that names the item says nothing of it (a time before
    # another event); the dated clause that does wins over the undated lead (芯片巨头齐聚…)
    assert got == (
        "甲国2月非农就业报告将于3月6日公布；某某大会（乙丙 2026）将于3月3日至6日举行；"
        "丁戊科技科创板IPO于3月2日上会；甲乙集团一季报、AI基础设施核心丙丁控股将相继披露业绩。"
    )
    assert got is not None and len(got) <= 120
    assert "甲乙集团、丙丁控股等" not in got  # a heading that lists names says nothing of them
    assert build_summary(TITLE, BODY, names=NAMES) == got


def test_too_few_items_found_leaves_the_ranked_summary() -> None:
    body = ["甲国2月非农就业报告将于3月6日公布。", "其他事项另行公布。"]
    assert calendar_summary(TITLE, body, 120, NAMES) is None
    assert build_summary(TITLE, body, names=NAMES).startswith("甲国2月非农就业报告将于3月6日公布")


def test_a_calendars_consensus_forecast_is_a_line() -> None:
    from bot.summarizer.figures import extract_figures

    body = [
        *BODY[:4],
        "甲国2月非农就业报告",
        "甲国2月非农就业报告将于3月6日公布。此前，1月新增非农就业人口为20万人。",
        "某某大会（乙丙 2026）将于3月3日至6日举行，多家公司将发布新品，会场面积较上届扩大。",
        "据悉，乙丙大会的主会场将设在某市国际会议中心，届时还将举办多场分论坛。",
        "市场预期2月新增非农就业人口将放缓至11万人左右。",
        "某某证券预计2月CPI同比为2.1%，另一券商预测为1.9%。",
    ]
    values = [f.value for f in extract_figures(TITLE, body, names=NAMES)]
    assert "11万人左右" in values  # deep in the post, but the week's consensus
    assert "20万人" not in values  # 此前: last month's print is no forecast
    assert "2.1%" not in values  # one house's call is not the consensus
    plain = [f.value for f in extract_figures("甲国非农报告将公布", body, names=NAMES)]
    assert "11万人左右" not in plain  # no calendar: the deep forecast stays below the floor
