"""A wire's closing reports said short for the summary (bot.summarizer.wirestyle); made-up
closes in the agencies' form."""

from __future__ import annotations

from bot.summarizer.summary import build_summary
from bot.summarizer.wirestyle import short_moves


def test_an_index_close_is_said_as_its_move() -> None:
    s = (
        "截至收盘，道琼斯工业平均指数比前一交易日下跌10.5点，收于40000.1点，跌幅为0.03%；"
        "标准普尔500种股票指数上涨5.2点，收于6000.2点，涨幅为0.09%；"
        "纳斯达克综合指数上涨100.3点，收于20000.3点，涨幅为0.5%。"
    )
    assert short_moves(s) == "截至收盘，道指跌0.03%，标普500指数涨0.09%，纳指涨0.5%。"


def test_a_level_first_close_keeps_its_own_name() -> None:
    s = "甲国股市某某指数报收于5000.1点，较前一交易日上涨20.2点，涨幅为0.4%。"
    assert short_moves(s) == "甲国股市某某指数涨0.4%。"


def test_a_contract_keeps_its_price() -> None:
    oil = "某交易所原油期货当月连续合约下跌3.1美元，收于每桶80.5美元，跌幅为3.71%。"
    assert short_moves(oil) == "某交易所原油期货当月连续合约跌3.71%，收于每桶80.5美元。"
    gold = "某黄金期货当月连续合约上涨10.2美元，涨幅0.25%，报4000.1美元/盎司。"
    assert short_moves(gold) == "某黄金期货当月连续合约涨0.25%，报4000.1美元/盎司。"


def test_other_sentences_are_left_as_written() -> None:
    s = "公司营收同比上涨5.2%，收于历史高位。"
    assert short_moves(s) == s


def test_a_wraps_summary_has_room_for_the_titles_items() -> None:
    title = "全球市场：美股三大指数涨跌不一 纳指创收盘新高 某芯片股涨超20%"
    body = [
        "美股市场：美股三大指数10月06日收盘涨跌不一。截至收盘，道琼斯工业平均指数比前一交易日"
        "下跌10.5点，收于40000.1点，跌幅为0.03%；标准普尔500种股票指数上涨5.2点，收于6000.2点，"
        "涨幅为0.09%；纳斯达克综合指数上涨100.3点，收于20000.3点，涨幅为0.5%。",
        "大型科技股多数上涨，某芯片股涨超20%，公司与某客户签订供应协议。",
    ]
    s = build_summary(title, body)
    assert "纳指涨0.5%" in s and "某芯片股涨超20%" in s
