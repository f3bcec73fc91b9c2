"""A one-company results post's revenue guidance for the next quarter ranks among its lines
(guidance.py); a market wrap's does not move."""

from __future__ import annotations

from bot.summarizer.figures import extract_figures

_BODY = (
    "甲乙科技周二盘后公布第一季度财报，营收12.6亿美元，同比增长35%，净利润2.1亿美元。",
    "公司第一季度毛利率为48.2%，较去年同期提升3个百分点。",
    "分部业务方面，云服务收入5.2亿美元，同比增长52%；设备收入7.4亿美元，同比增长24%。",
    "公司研发投入1.8亿美元，同比增长20%；销售费用0.9亿美元。",
    "截至季末，公司持有现金及等价物32亿美元，员工总数约1.2万人。",
    "展望第二季度，公司预计营收为13亿至13.5亿美元，高于分析师预期的12.8亿美元。",
)


def test_next_quarters_revenue_guidance_is_a_line() -> None:
    figures = extract_figures("甲乙科技Q1营收增长35% 净利润2.1亿美元", _BODY, names=("甲乙科技",))
    assert any(f.value == "13亿至13.5亿美元" for f in figures), figures


def test_a_wraps_company_guidance_stays_deep() -> None:
    figures = extract_figures(
        "美股收盘：道指涨0.5% 甲乙科技财报后涨超6%", _BODY, names=("甲乙科技",)
    )
    assert all(f.value != "13亿至13.5亿美元" for f in figures), figures


def test_a_superseded_outlook_stays_deep() -> None:
    body = (*_BODY[:-1], "公司此前预计第二季度营收为12亿至12.5亿美元，分部业务均有增长。")
    figures = extract_figures("甲乙科技Q1营收增长35% 净利润2.1亿美元", body, names=("甲乙科技",))
    assert all(f.value != "12亿至12.5亿美元" for f in figures), figures
