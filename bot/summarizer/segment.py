"""Chinese word segmentation for labels and guards: jieba's bundled dictionary plus the
metric nouns and market jargon it would split (营业收入, 中一签), loaded once.

Segmentation and tagging are cached per text: the same clause is looked at for every figure it
holds. Latin names jieba splits at - and + are joined back (Pre-A轮, B+轮).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer import postag

_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9+\-.]*")


def _ws(text: str) -> set[str]:
    """A word set written as one space-separated string (long Chinese word lists stay readable)."""
    return set(text.split())


# Nouns that name a measured quantity. Longer ones first so 净利润 wins over 利润.
METRIC_NOUNS = tuple(
    sorted(
        _ws(
            "收入 营收 营业收入 总收入 净利润 净利 利润 归母净利润 毛利率 净利率 "
            "毛利 亏损 净亏损 营业额 销售额 交易额 成交额 成交量 GMV 市值 规模 "
            "融资 募资 筹资 净筹资 募集资金 投资 投资额 估值 订单量 订单 销量 "
            "出货量 目标价 价格 股价 金价 油价 售价 起售价 配售价 发行价 批价 "
            "定价 利率 收益率 汇率 中间价 净流入 净流出 涨幅 跌幅 增速 增幅 降幅 "
            "占比 比例 份额 市场份额 市盈率 总资产 净资产 资产 负债 余额 总额 金额 "
            "资金 经费 预算 市场规模 用户数 用户 人数 数量 门店数 产能 产量 "
            "装机量 出口额 进口额 出口 进口 关税 税率 分红 派息 股息率 回购 薪酬 "
            "工资 成本 费用 开支 支出 保费 存款 贷款 票房 客单价 均价 房价 租金 "
            "指数 点位 持股 持股比例 股权 股份 收购价 对价 交易对价 补贴 罚款 "
            "配售 市占率 渗透率 转化率 失业率 通胀 CPI PPI GDP PMI "
            "现金流 储备 持仓 仓位 降息 加息 降准 可能性 概率 指标 倍数 "
            "价值 市场预期 分析师预期 一致预期 预期值 杠杆 敞口 额度 上限 下限 "
        ),
        key=len,
        reverse=True,
    )
)
# Market jargon the bundled dictionary splits badly (中一签 -> 中一/签仅).
# 指数期货 (a futures contract, not the index): 2026-01-27-em202601273631089552,
# 2026-07-17-wscn3777197.
_DOMAIN_WORDS = tuple(
    _ws(
        "中一签 坪效 预扣率 扣非 归母 两融 北向资金 南向资金 港股通 沪深 沪深300 中证500 中证1000 "
        "指数期货"
    )
)


@lru_cache(maxsize=1)
def _jieba():
    """jieba with its bundled dictionary, loaded once; metric nouns kept whole."""
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba 0.42 imports pkg_resources (deprecated)
        import jieba

    jieba.setLogLevel(logging.WARNING)
    for w in METRIC_NOUNS + _DOMAIN_WORDS:
        jieba.add_word(w, freq=20000)
    return jieba


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """Word segmentation (cached: the same clause recurs across figures of a post)."""
    _jieba()  # the dictionary first
    return _join_latin([w for part in _latin_parts(text) for w in postag.cut(part) if w.strip()])


# Where a Latin name of two or more characters meets Chinese (AMD盘后涨, NBA股价): jieba's
# dictionary has D盘, A股, B站, so it cut AMD盘后涨 as AM / D盘 / 后涨 (a label 'AM D盘涨').
_LATIN_END = re.compile(r"(?<=[A-Za-z0-9][A-Za-z])(?=[\u4e00-\u9fff])")


def _latin_parts(text: str) -> list[str]:
    """`text` cut where a Latin name ends, so no word takes a letter of it."""
    return [p for p in _LATIN_END.split(text) if p]


def _join_latin(ws: list[str]) -> tuple[str, ...]:
    """Pre-A轮, B+轮, A+H: jieba splits Latin names at - and +; a label cut there changes
    the round (Pre-A shown as A) or leaves 轮融资."""
    out: list[str] = []
    for w in ws:
        last = out[-1] if out else ""
        sign_after_latin = w in ("-", "+") and last[-1:].isascii() and last[-1:].isalnum()
        latin_after_sign = last[-1:] in ("-", "+") and len(last) > 1 and _LATIN.match(w)
        if sign_after_latin or latin_after_sign:
            out[-1] += w
        else:
            out.append(w)
    return tuple(out)


@lru_cache(maxsize=2048)
def pos_words(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part of speech) with the same dictionary (metric nouns kept whole)."""
    _jieba()  # the dictionary first

    return tuple((w, f) for part in _latin_parts(text) for w, f in postag.tag(part) if w.strip())
