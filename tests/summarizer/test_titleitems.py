"""A title item that the summary leaves out, said by the body's own clause."""

from __future__ import annotations

import pytest

from bot.summarizer.summary import build_summary
from bot.summarizer.titleitems import add_items
from bot.summarizer.titlewords import title_units

TITLE = "全球市场：美股三大指数收跌 甲乙科技跌近6%"
INDICES = "美股三大指数周二收盘全线下跌。截至收盘，道指跌0.31%，标普500指数跌0.52%，纳指跌0.87%。"
MOVERS = (
    "大型科技股多数下跌，丙丁电子跌超3%，戊己软件跌超2%，庚辛网络、壬癸半导体跌超1%，"
    "子丑能源涨近2%，午未材料、申酉物流、戌亥传媒涨超1%，寅卯医疗涨超4%，辰巳汽车小幅上涨，"
    "乾坤银行、震巽保险、坎离证券跌幅均不足1%，艮兑地产、东南航运、西北矿业跌超1%，"
    "中原化工、江南纺织涨超2%，甲乙科技跌近6%。"
)
OTHER = "欧洲主要股指周二收盘涨跌不一。"


def test_a_missing_mover_is_added_as_its_own_clause() -> None:
    s = build_summary(TITLE, [INDICES, MOVERS, OTHER])
    assert s.endswith("甲乙科技跌近6%。")  # the clause of the list, not the whole list
    assert "丙丁电子" not in s
    assert len(s) <= 120


def test_not_added_without_room() -> None:
    s = build_summary(TITLE, [INDICES, MOVERS, OTHER], max_chars=60)
    assert "甲乙科技" not in s


@pytest.mark.parametrize(
    "body",
    [
        "大型科技股多数下跌，其中甲乙科技跌近6%。",  # leans on the clause before (其中)
        "据交易数据显示成交最活跃的甲乙科技跌近6%。",  # the item does not open its clause
    ],
)
def test_a_wrap_clause_that_does_not_stand_alone_is_not_added(body: str) -> None:
    text = "美股三大指数收跌。"
    assert add_items(text, title_units(TITLE), TITLE, [body], 120, wrap=True) == text


def test_only_wraps_get_items() -> None:
    title = "甲乙科技跌近6% 公司回应传闻"
    s = build_summary(title, ["公司周二发布公告回应市场传闻，称经营一切正常。", MOVERS])
    assert not s.endswith("甲乙科技跌近6%。")


def test_a_title_item_already_said_is_not_repeated() -> None:
    units = title_units(TITLE)
    text = "美股三大指数收跌，甲乙科技股价跌近6%。"  # said, in other words
    assert add_items(text, units, TITLE, [MOVERS], 120, wrap=True) == text


def test_a_news_title_clause_opening_on_a_name_is_added() -> None:
    title = "法国国民议会否决预算案 法国政府继续停摆"
    lead = "法国国民议会当天对政府提交的预算案进行表决，未获通过。"
    later = (
        "分析人士指出，受执政联盟内部在养老金改革和能源补贴问题上长期存在分歧的影响，加之反对党"
        "议员坚持要求大幅削减国防开支并提高富人税率，双方在议会多轮磋商中始终未能达成妥协，"
        "各方在表决前夜的最后一轮谈判也无果而终，法国政府继续停摆。"
    )
    s = build_summary(title, [lead, "执政党议员对结果表示失望。", later])
    assert s == lead + "法国政府继续停摆。"


CAR = "甲乙汽车周二宣布下调多款车型售价。"
VOTE = "法国国民议会当天对政府提交的预算案进行表决，未获通过。"


@pytest.mark.parametrize(
    ("title", "text", "rest"),
    [
        # a speaker's tag says who spoke, not what
        ("甲乙汽车宣布降价 马斯克发声", CAR, ["对于此次降价，马斯克发声称，需求依然强劲。"]),
        # a clause with no name of its own leans on the sentence it is cut from
        ("甲乙汽车宣布降价 销量继续攀升", CAR, ["据经销商反馈，降价消息公布后，销量继续攀升。"]),
        # a section heading is no statement (it often restates the title)
        ("法国国民议会否决预算案 法国政府继续停摆", VOTE, ["法国政府继续停摆", "议员表示失望。"]),
    ],
)
def test_a_clause_that_does_not_stand_alone_is_not_added(
    title: str, text: str, rest: list[str]
) -> None:
    units = title_units(title)
    assert add_items(text, units, title, [text, *rest], 120, wrap=False) == text
