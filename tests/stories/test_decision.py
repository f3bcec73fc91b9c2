"""Same-story decisions on made-up reports: what joins a story, what stays apart."""

from __future__ import annotations

from bot.stories import Kind, MemoryIndex, features_of, keys_of, same_story
from bot.stories.shingles import figures
from tests.stories.helpers import flash


def _group(*articles):  # type: ignore[no-untyped-def]
    index = MemoryIndex()
    return [index.group(features_of(a)) for a in articles]


def test_a_new_figure_is_an_update_and_a_retelling_a_repeat() -> None:
    d = _group(
        flash("a", "南向资金净流入超20亿港元", "数据显示，截至目前，南向资金净流入超20亿港元。"),
        flash(
            "b",
            "南向资金净流入超30亿港元",
            "数据显示，截至目前，南向资金净流入超30亿港元。",
            minutes=12,
        ),
        flash("c", "南向资金净流入超30亿港元", "截至目前，南向资金净流入超30亿港元。", minutes=13),
    )
    assert [x.kind for x in d] == [Kind.NEW, Kind.UPDATE, Kind.REPEAT]
    assert {x.story_id for x in d} == {"a"}
    assert d[1].new_figures == {"30亿"}


def test_other_stocks_with_one_template_stay_apart() -> None:
    d = _group(
        flash("a", "摩根大通：首予比亚迪(01211.HK)“增持”评级 目标价300港元", tickers=("01211.HK",)),
        flash(
            "b", "摩根大通：首予长城汽车(02333.HK)“增持”评级 目标价30港元", tickers=("02333.HK",)
        ),
    )
    assert [x.kind for x in d] == [Kind.NEW, Kind.NEW]


def test_one_headline_phrase_is_not_one_story() -> None:
    d = _group(
        flash("a", "大商所铁矿石期货主力合约涨停", "大商所铁矿石期货主力合约涨停，报900元/吨。"),
        flash(
            "b",
            "国内商品期货收盘多数上涨 铁矿石主力合约涨停",
            "国内商品期货收盘多数上涨，铁矿石主力合约涨停，焦煤、焦炭涨超4%，玻璃、纯碱跌超2%。",
            minutes=180,
        ),
    )
    assert d[1].kind is Kind.NEW


def test_the_same_report_on_the_next_day_is_a_new_story() -> None:
    a = flash(
        "a", "欧洲股市收盘集体上涨 德国DAX指数涨0.52%", "德国DAX指数涨0.52%，法国CAC40指数涨0.31%。"
    )
    b = flash(
        "b",
        "欧洲股市收盘集体上涨 德国DAX指数涨0.87%",
        "德国DAX指数涨0.87%，法国CAC40指数涨0.12%。",
        minutes=60 * 23.5,
    )
    c = flash("c", a.title, a.paragraphs[0], minutes=60 * 30)
    assert not same_story(features_of(b), features_of(a))
    assert not same_story(features_of(c), features_of(a))  # outside the 24 h window


def test_a_rewrite_with_another_headline_joins_by_lead_and_figures() -> None:
    lead = "公司表示，前三季度营业收入约为48.26亿元，归母净利润约为6.37亿元，同比增长12%。"
    d = _group(
        flash("a", "某科技：前三季度营收约48亿元", lead),
        flash("b", "某科技净利润同比增长一成 新产线明年投产", "据悉，" + lead, minutes=5),
    )
    assert d[1].story_id == "a"


def test_keys_are_stable_and_find_the_earlier_report() -> None:
    a = features_of(flash("a", "离岸人民币兑美元升破6.36 为2018年以来首次"))
    b = features_of(flash("b", "离岸人民币兑美元升破6.36关口 创2018年以来新高", minutes=3))
    assert keys_of(a) == keys_of(
        features_of(flash("a", "离岸人民币兑美元升破6.36 为2018年以来首次"))
    )
    assert set(keys_of(a)) & set(keys_of(b))


def test_figures_are_quotable_numbers_not_dates() -> None:
    got = figures("12月8日，北向资金净流入超40亿元，2021年以来第49批，现报6.3512，222票赞成，涨10%")
    assert got == {"40亿", "6.3512", "222", "10%"}


def test_one_precise_figure_confirms_a_rewritten_headline() -> None:
    d = _group(
        flash("a", "花旗：上调腾讯控股(00700.HK)目标价至735港元", tickers=("00700.HK",)),
        flash(
            "b",
            "花旗：腾讯控股目标价上调至735港元 维持买入评级",
            "花旗发表研究报告，将腾讯控股目标价由700港元上调至735港元，维持买入评级。",
            minutes=25,
        ),
    )
    assert [x.story_id for x in d] == ["a", "a"]
    assert d[1].kind is Kind.UPDATE  # 700港元 is new to the story
