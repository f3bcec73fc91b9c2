"""The word lists labels.py tidies a label with: what stops the walk back from a metric noun,
the time, link and move words that never end a label, the measures that need what they measure.

Data only (jieba's tokens as written in the posts); the rules that use them are labels.py's.
"""

from __future__ import annotations

from bot.jieba_dict import word_set as _ws

# A metric noun followed by these is part of a name: 海联讯科技股份有限公司.
NAME_TAIL = {"有限公司", "公司", "集团", "银行", "有限", "控股"}
# Measures that need the thing measured; it is often written after the value (售价39990美元的新版
# Model Y: em202510073528606897; 售价2.5万美元的平价电动车: em202510083528632444).
MEASURE_WORDS = {"规模", "金额", "总额", "价值", "数量", "售价"}
METRIC_END = ("率", "额", "价", "量", "费", "值")  # 预扣率, 合同额, 平均值: named metrics
# Words that stop the walk back from a metric noun, and that never start a label.
STOP = _ws(
    "这 那 其 它 他 她 该 此 也 已 已经 是 的 地 得 了 着 包括 导致 其中 而 而且 并 并且 "
    "且 但 但是 不过 然而 因此 所以 因为 由于 如果 若 即 即便 就 还 又 都 再 仅 仅仅 只 "
    "只有 正 正在 均 共 另外 却 则 "
    "另 此外 同时 对此 目前 当前 如今 自 从 在 对 向 给 把 被 将 由 以 于 与 和 及 以及 或 或者 "
    "比 较 相较 相比 约 近 逾 超 超过 达 达到 为 等 等等 之 中 里 上 下 后 前 内 外 间 时 "
    "这笔 这家 这些 这一 这个 这次 这项 那些 该笔 该项 "
    "让 使 令 据 按 按照 根据 通过 随着 截至 关于 对于 作为 每 各 个 — —— - ， 、 ： : “ ” ‘ ’ "
    "《 》 （ ） ( ) · 他们 我们 公司称 称 表示 显示 指出 透露 尤其 特别是 一路 虽 虽然 小幅 大幅 "
    "进一步 逐步 持续 继续 曾 再度 可能 需要 远 远低于 远高于 低于 高于 分别 其他 另一家 "
    "刚好 恰好 正好 大致 几乎 仅能 只能 才能 首次 首度 再次 一举"
)
# Time words: fine inside a label (全年营收), never all of it or at its edges (年底 20家).
TIME = _ws(
    "今年 去年 明年 前年 年初 年底 年末 年中 月初 月底 月末 月中 当天 当日 当月 日前 近日 此前 "
    "今日 昨日 本周 上周 本月 上月 全年 半年 上半年 下半年 近年 近期 迄今 目前 未来 随后 之后 "
    "年 月 日 当时 最初 中旬 上旬 下旬 今年底 明年底 年底前 年内 午后"
)
# A comparison splits subject from reference: 投标倍数较上次拍卖下降 -> 投标倍数 (+下降).
COMPARE = {"较", "相较", "相比", "比", "对比", "较之", "相较于", "比起"}
ADJUSTS = _ws("上调 下调 调升 调降 涨价 降价 上浮 下浮")
MOVES = _ws("上涨 下跌 增长 下降 下滑 提升 减少 增加 上升 回落 攀升 反弹 涨 跌 增 降 提高 降低")
# Linking verbs between a subject and its metric or its number: dropped, never a label's end.
LINK = _ws(
    "实现 录得 完成 刚完成 获得 获 取得 达成 带来 提供 出现 有 拥有 累计 共计 合计 总计 "
    "高达 约为 约合 报 收报 收于 报收 需 需要 仅需 可 可以 可能 能 会 将会 预计 预期 估计 计划 "
    "拟 拟以 有望 或将 料 增至 增加到 降到 突破 接近 超出 创下 创 录 给予 提出 宣布 公布 "
    "披露 发布 显示 称 组建 逼 逼近 将近 造成 做成 重回 引发 带动 拉动 现报 最新报 "
    "建成 推进 部署 推出 卖出 售出 投入 斥资 耗资 花费 支付 交 交款 节省 进入 覆盖 "
    "签约 落地 拓展 拓展到 罢免 "
    "削减 征 征收 加征 威胁 设定 设立 维持 保持 升至 降至 跌至 涨至 至 到 到达 达 为 是 成为 "
    "来到 回到 位于 处于 占 占到 相当于 不少于 不超过 不低于 不高于 少于 多于 至少 最多 以 "
    "用 按次 减除 扣除 再按 即扣除 实现了 完成了 获得了 达到了 站上 跌破 失守 逼近 触及 冲击"
)
UNIT_BITS = _ws(
    "年期 个月 年 月 日 期 个 号 只 家 批 名 位 次"
)  # left after a dropped digit: 2|年期
