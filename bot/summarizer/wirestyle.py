"""A wire's closing report of an index or a contract, said the way a push says it.

Market wraps report each close in the news agencies' long form: 道琼斯工业平均指数比前一交易日
下跌63.31点，收于46694.97点，跌幅为0.14%. Three indices so written fill a push's summary (120
characters) before it reaches what the title promises (纳指、标普500创收盘新高, AMD涨超23%), and
the figure lines show each close anyway. The summary says each move as the title does: 道指跌
0.14%. Only the name is shortened (the three US indices, as every Chinese headline names them),
the points' change goes, and the percentage and a contract's price are the post's own.

The forms are the agencies' (新华社's 全球市场 wire as Eastmoney runs it: em202510073528537850,
em202606053760791627, em202607283822515715, em202606243780147171).
"""

from __future__ import annotations

import re

# The standard long names and what headlines call them.
_SHORT = {
    "道琼斯工业平均指数": "道指",
    "标准普尔500种股票指数": "标普500指数",
    "纳斯达克综合指数": "纳指",
}
_NAME = r"(?P<name>[^，,；;。：:]{2,30}?)"


def _pct(group: str) -> str:
    """跌幅为0.14% (or 涨幅1.72%), the percentage in `group`."""
    return rf"[涨跌]幅(?:为)?-?(?P<{group}>\d+(?:\.\d+)?%)"


_PCT = _pct("pct")
# 道琼斯工业平均指数比前一交易日下跌63.31点，收于46694.97点，跌幅为0.14%
_INDEX = re.compile(
    _NAME
    + r"(?:比前一交易日)?(?P<dir>上涨|下跌)\d+(?:\.\d+)?点[，,]\s*收于\d+(?:\.\d+)?点[，,]\s*"
    + _PCT
    + r"(?P<semi>[；;](?=\S))?"
)
# …CAC40指数报收于7971.78点，较前一交易日下跌109.76点，跌幅为1.36%
_INDEX_LEVEL_FIRST = re.compile(
    _NAME
    + r"报收于\d+(?:\.\d+)?点[，,]\s*较前一交易日(?P<dir>上涨|下跌)\d+(?:\.\d+)?点[，,]\s*"
    + _PCT
    + r"(?P<semi>[；;](?=\S))?"
)
# …WTI原油期货当月连续合约下跌7.40美元，收于每桶81.91美元，跌幅为8.29%
# …COMEX黄金期货当月连续合约上涨67.40美元，涨幅1.72%，报3976.3美元/盎司
_CONTRACT = re.compile(
    _NAME + r"(?:结算价)?(?P<dir>上涨|下跌)\d+(?:\.\d+)?美元[，,]\s*"
    r"(?:(?P<close>收于每桶\d+(?:\.\d+)?美元)[，,]\s*"
    + _PCT
    + r"|"
    + _pct("pct2")
    + r"[，,]\s*(?P<price>报\d+(?:\.\d+)?美元/盎司))"
)


def _moved(m: re.Match[str]) -> str:
    return "涨" if m.group("dir") == "上涨" else "跌"


def _then(m: re.Match[str]) -> str:
    """A move said short reads on to the next with a comma (道指跌0.14%，标普500指数涨0.36%)."""
    return "，" if m.group("semi") else ""


def short_moves(sentence: str) -> str:
    """The sentence with each index or contract close said as its move (道指跌0.14%)."""
    if "前一交易日" not in sentence and "美元" not in sentence:
        return sentence
    # Each pattern is tried only where the words it cannot match without are (a sub scans every
    # offset for a name of up to 30 characters, most sentences with 美元 close no index).
    if "收于" in sentence:
        sentence = _INDEX.sub(
            lambda m: (
                _SHORT.get(m.group("name"), m.group("name")) + _moved(m) + m.group("pct") + _then(m)
            ),
            sentence,
        )
    if "报收于" in sentence and "较前一交易日" in sentence:
        sentence = _INDEX_LEVEL_FIRST.sub(
            lambda m: m.group("name") + _moved(m) + m.group("pct") + _then(m), sentence
        )
    if "美元" not in sentence or ("上涨" not in sentence and "下跌" not in sentence):
        return sentence

    def contract(m: re.Match[str]) -> str:
        if m.group("close"):
            return f"{m.group('name')}{_moved(m)}{m.group('pct')}，{m.group('close')}"
        return f"{m.group('name')}{_moved(m)}{m.group('pct2')}，{m.group('price')}"

    return _CONTRACT.sub(contract, sentence)
