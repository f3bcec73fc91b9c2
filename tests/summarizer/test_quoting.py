"""A figure line may quote the post's own clause around the number (issue 9): when it does,
the quote is faithful, reads alone and says more than the synthesized label."""

from __future__ import annotations

import pytest

from bot.summarizer.figures import extract_figures
from bot.summarizer.quoting import MAX_QUOTE, trim_tail

DANGLING_END = tuple("达为至超约了的和与及比较在从到将已被由对向逾近共是")


def lines(text: str) -> dict[str, tuple[str, str | None]]:
    return {f.value: (f.label, f.change) for f in extract_figures("", [text])}


def test_the_clause_keeps_the_period_and_the_verb() -> None:
    assert lines("本周沪指下跌1.2%，创业板指上涨0.8%。")["1.2%"][0] == "本周沪指下跌"
    got = lines("6月外资从韩国股市净流出305亿美元。")
    assert got["305亿美元"][0] == "6月外资从韩国股市净流出"


def test_a_level_crossed_keeps_its_verb_and_its_owner() -> None:
    # 突破 says the number is a threshold passed, not the value itself
    assert lines("今年某市场金价突破800元/克，创出新高。")["800元/克"][0].endswith("突破")
    label = lines("甲公司涨近5%，市值突破4.5万亿美元。")["4.5万亿美元"][0]
    assert label.startswith("甲公司") and label.endswith("突破")  # whose level it is, too


def test_a_level_reached_loses_its_verb_not_its_period() -> None:
    label, change = lines("5月失业率降至4.1%，为年内低点。")["4.1%"]
    assert label == "5月失业率"  # never 失业率降 4.1%: that would read as a fall of 4.1%
    assert change is None


def test_a_revision_keeps_where_it_came_from_once() -> None:
    label, change = lines("3月份非农新增就业人数从20.1万人下修至15.2万人。")["15.2万人"]
    assert label == "3月份非农新增就业人数"
    assert change == "从20.1万人"


def test_the_change_shown_beside_the_value_is_not_quoted_again() -> None:
    label, change = lines("周一，布伦特原油价格大涨6.1%至88.20美元/桶。")["88.20美元/桶"]
    assert "6.1" not in label and "涨" not in label
    assert change and "6.1%" in change


def test_an_item_of_a_list_does_not_quote_the_items_before_it() -> None:
    got = lines("港股方面，小鹏汽车涨4%、蔚来大跌12%。")
    assert "小鹏" not in got["12%"][0]


def test_the_noun_after_the_value_keeps_the_synthesized_label() -> None:
    got = lines("该公司拟以现金收购某科技公司100%股权。")
    assert "股权" in got["100%"][0]  # 拟以现金收购某科技公司 100% would not say 100% of what


def test_a_clause_that_adds_only_link_words_is_not_quoted() -> None:
    assert lines("鹰集咖啡实现销售额近3亿元。")["近3亿元"][0] == "鹰集咖啡销售额"


@pytest.mark.parametrize(
    "text",
    [
        "同时，二季度该行净息差仅为1.52%。",
        "数据显示，全国新建商品住宅销售面积达到8.6亿平方米。",
        "那么算力的消耗量就能达到300万。",
        "此外，公司回购金额高达12亿元。",
    ],
)
def test_a_quote_has_no_leading_connective_nor_dangling_end(text: str) -> None:
    for f in extract_figures("", [text]):
        assert not f.label.startswith(("同时", "数据显示", "那么", "此外")), f
        assert not f.label.endswith(DANGLING_END), f
        assert len(f.label) <= MAX_QUOTE


def test_a_forecast_clause_says_so() -> None:
    label, _ = lines("机构预计明年全球智能手机出货量将增长至13亿部。")["13亿部"]
    assert any(cue in label for cue in ("预计", "将"))


def test_a_respectively_clause_is_never_quoted() -> None:
    # 营收、净利润分别为… quoted for the first value would name both metrics for one number
    got = {
        f.value: f.label
        for f in extract_figures("", ["上半年营收、净利润分别为24.47亿元、1.53亿元。"])
    }
    assert "净利润" not in got["24.47亿元"]


def test_a_view_verb_before_the_clause_is_shown_where_the_quote_says_only_a_modal() -> None:
    text = "投资者普遍预计，美联储将在10月议息会议上再次降息25个基点。"
    got = {f.value: f.label for f in extract_figures("美联储有望继续降息", [text])}
    assert got["25个基点"].startswith("预计美联储将")


def test_emphasis_before_the_value_is_no_part_of_the_label() -> None:
    # made-up: 更是高达惊人 stresses the number, it names nothing
    assert trim_tail("第三财季毛利率更是高达惊人") == "第三财季毛利率"
    assert trim_tail("门店数量足足") == "门店数量"


def test_a_preposition_opening_a_de_phrase_may_open_the_quote() -> None:
    # 对…发放的 / 以…为标的的 qualify the noun: without them the line names another series
    from bot.summarizer.figures import extract_figures

    body = ["甲国社融存量为400万亿元。其中，对实体经济发放的人民币贷款余额250万亿元，同比增5.6%。"]
    labels = {f.value: f.label for f in extract_figures("甲国央行发布数据", body)}
    assert labels.get("250万亿元") == "对实体经济发放的人民币贷款余额"
