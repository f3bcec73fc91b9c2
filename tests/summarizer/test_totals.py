"""A line keeps the total word its clause writes beside the label's words (totals.py)."""

from __future__ import annotations

from bot.summarizer.figures import extract_figures
from bot.summarizer.totals import with_total


def test_the_total_word_goes_back_where_the_clause_writes_it() -> None:
    assert with_total("起拍价", "某集团所持12家子公司股权下月拍卖，起拍价合计") == "起拍价合计"
    assert with_total("交易规模至少", "累计交易规模至少达到") == "累计交易规模至少"
    assert with_total("前10个月合同销售面积", "累计合同销售面积") == "前10个月累计合同销售面积"


def test_a_total_of_something_else_or_said_already_stays_off() -> None:
    assert with_total("非正常专利申请", "今年累计向地方通报3批次") == "非正常专利申请"
    assert with_total("部分票据金额", "于公开市场回购合计本金额") == "部分票据金额"
    assert with_total("累计涨幅", "今年以来累计涨幅达") == "累计涨幅"
    assert with_total("营收", "公司三季度营收为") == "营收"


def test_a_lots_sum_reads_as_a_sum_on_its_line() -> None:
    title = "甲控股集团所持12家子公司股权下月拍卖，起拍价合计3.15亿元"
    body = (
        "甲控股集团公告，所持12家子公司股权将于下月公开拍卖，起拍价合计3.15亿元，其中最高一项起拍价为6000万元。",
    )
    labels = {f.value: f.label for f in extract_figures(title, body)}
    assert labels["3.15亿元"].endswith("起拍价合计")
