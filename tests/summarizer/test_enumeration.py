"""A summary that announces a numbered list goes on with the items' heads (enumeration.py)."""

from __future__ import annotations

from bot.summarizer.enumeration import list_heads, with_list
from bot.summarizer.summary import build_summary

TITLE = "某监管局就完善甲乙规则公开征求意见"
BODY = [
    "为提高制度包容性，某监管局对《甲乙管理办法》以及配套规则进行修改。现向社会公开征求意见。"
    "主要修改内容如下：",
    "一是建立定向增发储架发行制度。规范程度较高的公司申请竞价定增的，可采取一次注册、多次发行方式。",
    "二是优化小额快速融资制度，在拟融资规模不超过净资产20%的前提下，融资上限从3亿元提升至6亿元。",
    "三是实行统一的市价发行定价机制。要求所有定增须以发行期首日作为定价基准日。",
    "四是简化向控股股东定增条件。同时，将此类发行限售期延长至36个月。",
]


def test_the_heads_of_a_numbered_list_in_order() -> None:
    assert list_heads(BODY, 1) == [
        "建立定向增发储架发行制度",
        "优化小额快速融资制度",
        "实行统一的市价发行定价机制",
        "简化向控股股东定增条件",
    ]
    assert list_heads(BODY, 2) == []  # a list opens on its first item
    assert list_heads([BODY[1], BODY[3], BODY[2]], 0) == []  # 一、三、二: no list
    assert list_heads(BODY[1:3], 0) == []  # two items are a contrast, not a list


def test_the_announcing_summary_lists_what_it_announces() -> None:
    got = build_summary(TITLE, BODY)
    assert got.startswith("某监管局对《甲乙管理办法》以及配套规则进行修改。现向社会公开征求意见。")
    assert "主要修改内容如下：建立定向增发储架发行制度；优化小额快速融资制度" in got
    assert got.endswith("。") and len(got) <= 120


def test_no_list_when_the_paragraph_goes_on_or_no_list_follows() -> None:
    last = "现向社会公开征求意见。"
    said = "某监管局对规则进行修改。现向社会公开征求意见。"
    went_on = [
        "某监管局对规则进行修改。现向社会公开征求意见。意见反馈截止日期为8月2日。",
        *BODY[1:],
    ]
    assert with_list(said, last, went_on, 120) == said
    assert (
        with_list(
            said, last, [went_on[0].split("意见反馈")[0], "《通知》自8日起实施。", *BODY[1:]], 120
        )
        == said
    )
    assert with_list(said, last, [said, *BODY[1:]], 120).startswith(said.rstrip("。") + "：建立")


def test_a_reply_lists_its_first_item_and_is_found_without_its_gloss() -> None:
    # made-up: the summary's sentence lost the bracketed file number the post gives; the list's
    # later items open on arguments, not heads, so the first item's head is all it shows
    body = [
        "你们《关于报送某规划的请示》（某改〔2026〕1号）收悉。现批复如下：",
        "一、原则同意《某规划》（以下简称《规划》），请认真组织实施。",
        "二、《规划》实施要坚持以新时代新发展理念和高质量发展要求为根本指导思想，认真落实各项部署。",
        "三、各省、自治区、直辖市人民政府要把扩大消费作为本地区的重要任务，加强组织领导。",
    ]
    said = "你们《关于报送某规划的请示》收悉。"
    assert list_heads(body, 1) == ["原则同意《某规划》"]
    assert with_list(said, said, body, 120) == said + "现批复如下：原则同意《某规划》。"
