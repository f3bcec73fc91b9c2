"""The jieba dictionary every stage segments with: jieba's bundled dictionary plus the metric
nouns and market jargon it would split (营业收入, 中一签).

One process-wide dictionary (jieba's default tokenizer), set up here and nowhere else: the
parser (autolinks, named) and the summarizer (segment, postag) must see the same words, or a
post's parse would depend on whether a summary had run before it in the same process.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


def word_set(text: str) -> set[str]:
    """A word set written as one space-separated string (long Chinese word lists stay readable)."""
    return set(text.split())


# Nouns that name a measured quantity. Longer ones first so 净利润 wins over 利润.
METRIC_NOUNS = tuple(
    sorted(
        word_set(
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
    word_set(
        "中一签 坪效 预扣率 扣非 归母 两融 北向资金 南向资金 港股通 沪深 沪深300 中证500 中证1000 "
        "指数期货"
    )
)


@lru_cache(maxsize=1)
def jieba() -> Any:
    """jieba with its bundled dictionary and the words above, loaded once."""
    import logging
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # jieba 0.42 imports pkg_resources (deprecated)
        import jieba as jb

    jb.setLogLevel(logging.WARNING)
    jb.dt.check_initialized()
    for w in METRIC_NOUNS + _DOMAIN_WORDS:
        jb.add_word(w, freq=20000)
    return jb
