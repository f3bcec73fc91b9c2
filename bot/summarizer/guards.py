"""Last checks on a figure line as the reader sees it: does its label say what the number is?

A label is cut from the clause around the number, synthesized from a metric noun, or quoted
from the post (labels.py, quoting.py, subjects.py). What reaches the reader can still be a
fragment: a label that starts or ends inside a word of the sentence (产 of 产业, 级市场 of
10万亿级市场), a number that is part of a name or a duration (1万 of 1万年, 6nm of a chip's
process), or a bare noun that names no metric (国家 60个, 中国 33.5%, 甲骨文 5000亿美元). Issue 9
asks for fewer lines, each one right: such a line is not shown.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer.duplicates import MOVE_WORDS
from bot.summarizer.labels import METRIC_NOUNS, is_metric, pos_words, words
from bot.summarizer.periodwords import SAME_PERIOD
from bot.summarizer.postag import han_blocks

# A number followed by one of these is a class or a span, not a measured amount: 10万亿级市场,
# 千亿级, 1万年 (a duration inside a comparison), 6nm制程 is caught by the unit check below.
_SCALE_AFTER = re.compile(r"^(?:级|量级|年(?!度|期|内|底|初|末|中)|多年|代)")
# Units that say what a bare name's number is: an index level (点), a price per unit (元/吨,
# 美元/盎司, 元/股), a yield or rate in 个基点.
_LEVEL_UNIT = re.compile(r"点$|点（|/|个?基点")
_MOVES = "|".join(sorted(MOVE_WORDS, key=len, reverse=True))
# 飙: wscn3772269, wscn3773479; 挫: wscn3772269, wscn3778905 (posts outside the gold files).
_MOVE_RX = re.compile(_MOVES + "|涨|跌|升|降|增|减|飙|挫")


@lru_cache(maxsize=512)
def _block_bounds(block: str) -> frozenset[int]:
    """Offsets in one of jieba's blocks where a word of it starts or ends."""
    out = {0, len(block)}
    pos = 0
    for w in words(block):
        i = block.find(w, pos)
        if i < 0:
            continue
        out.update((i, i + len(w)))
        pos = i + len(w)
    return frozenset(out)


def is_word_edge(sent: str, at: int) -> bool:
    """jieba's segmentation of `sent` has a word start or end at offset `at`.

    jieba segments each run of Han, Latin and digit characters (its block pattern) on its own
    and makes every other character a word, spaces dropped; so only the block around `at` is
    segmented (a whole sentence of several clauses costs several times more).
    """
    if at <= 0 or at >= len(sent):
        return True
    for m in han_blocks().finditer(sent):
        if m.start() >= at:
            break
        if at < m.end():
            return at - m.start() in _block_bounds(m.group())
    return not (sent[at - 1].isspace() and sent[at].isspace())


def cut_inside_word(label: str, sent: str, start: int, end: int) -> bool:
    """The label, found in its sentence next to the number, starts or ends inside a word.

    直接服务安徽省十大新兴产 (of 产业), 级市场 (of 10万亿级市场): a slice of the sentence whose edge
    jieba does not read as a word edge. Only a label found whole in the sentence is judged
    (a synthesized one, 东方证券一季度营业收入, is made of whole words).
    """
    if len(label) < 2 or not sent:
        return False
    spots = []
    i = sent.find(label)
    while i >= 0:  # every occurrence, not overlapping (as re.finditer finds them)
        spots.append(i)
        i = sent.find(label, i + len(label))
    if not spots:
        return False
    at = min(spots, key=lambda i: min(abs(i + len(label) - start), abs(i - end)))
    # Only the edge away from the number: jieba joins a move to its qualifier (涨超7%) and a
    # name to a move (沪指涨), so the edge next to the number or a borrowed name's end is no cut.
    if at != end:
        return not is_word_edge(sent, at)
    return not is_word_edge(sent, at + len(label))  # a noun written after the value


def number_in_name(sent: str, end: int, kind: str) -> bool:
    """The number is part of a class or a span (10万亿级市场, 1万年), not an amount."""
    after = sent[end : end + 3]
    if after.startswith(("级", "量级")):
        return True
    return kind == "bare" and bool(_SCALE_AFTER.match(after))


def names_metric(
    label: str, value: str, kind: str, is_change: bool, *, clause: bool = True
) -> bool:
    """The label names what the number measures.

    A metric noun (营收, 市值, 收益率, 合同额, 注册资本), a move (特斯拉跌, 同比增长), a clause with
    a noun and its verb (福建大佬狂砸), or a name whose unit says the measure (沪指 3862.53点,
    现货黄金 4024.1美元/盎司). Not shown: a label with no common noun (中国 33.5%, 甲骨文
    5000亿美元, 首日 8万次, 首批列入 15种: a name, a time or a verb alone), a single noun that is
    no metric (国家 60个, 超级计算机 1万), a share or rate under a noun that is no metric (港口业务
    40%). `clause`: False where the number is no object of the label's verb (see line_ok).
    """
    if is_change or _MOVE_RX.search(label) or _LEVEL_UNIT.search(value):
        return True
    body = _MARKER.sub("", label) or label
    ws = pos_words(body) if body.strip() else ()
    if not ws:
        return False
    if _metricish(body, ws):
        return True
    if "占" in body or body.endswith(_CLOSE):
        return True  # 占跑步人群 (a share names its whole), Figma最终收 (a closing price)
    verb = any(f.startswith("v") and f != "vn" for _, f in ws)
    if clause and verb and kind != "pct" and any(f[:1] in "nej" for _, f in ws) and len(body) >= 4:
        return True  # 安杜里尔签署, 福建大佬狂砸: a clause with its actor and verb
    if not any(f in _COMMON_NOUN for _, f in ws):
        return False  # a name, a time, a number word or a verb alone
    if len(ws) == 1:
        return False  # 国家, 客户, 数据中心: what of it?
    # Nouns and no metric: a count or a physical size of the thing they name reads (线下店铺
    # 10000家, 参赛队伍 20支, 算力中心 120GW); money or a share under them does not say what it
    # measures (压力测试 750亿美元, 期限品种 8000亿元: a heading), nor a size under a count word
    # (全国首条 8英寸).
    if kind == "money" and ws[-1][0] == "市场":
        return True  # 微型光谱仪市场 11.8亿美元: a market's size
    return kind in ("count", "physical") and ws[-1][1] in ("n", "nz")  # 算力中心 120GW


# A forecast or plan marker the line puts in front (modality.py): not what is measured.
_MARKER = re.compile(r"^(?:预计|预期|计划|拟|有望|目标|料)")
_CLOSE = ("收", "收报", "报收", "收于", "开盘", "报")
_COMMON_NOUN = {"n", "vn", "an", "ng", "nz", "j"}
# Word endings that name a measure the metric lexicon (labels.METRIC_NOUNS) spells otherwise:
# 首发价, 消纳率, 振幅, 控股权, 注册资本, 净息差, 损失, 航程, 功耗, 浓缩度, 总数, 合同, 援助
# (注册资本: em202510103530978687, em202606123768723514; 首发价/原价: em202606183775056396,
# em202601263630014658; 合同: em202606303788750290, em202509293526607428). The one-character
# endings are how Chinese forms measure nouns (X价, X率, X额); each word of two or more
# characters stands beside a number in two posts outside the gold files: 损失 wscn3756910,
# em202510073528606897; 收益 em202607263821263049, wscn3772269; 速度 wscn3776849,
# em202606083762735666; 人口 wscn3773422, em202511033552798779; 出资 em202606243780123354,
# em202605123733489387; 援助 em202511033552798779, 202112082207158876; 债务 wscn3775570,
# wscn3775217; 预期 em202606083762754657, em202606213777038513; 预估 em202605063728030345,
# em202511023552785386; 目标 wscn3775570, em202510093529754336; 收盘 em202606083762754657,
# em202605133736328115; 开盘 wscn3756523, em202604203710032287; 规模 wscn3775570,
# em202606083762746028.
MEASURE_END = (  # noqa: SIM905
    "价 率 额 量 费 值 税 幅 数 权 本 息 差 度 损失 收益 程 长 速度 耗 人口 产 合同 单 出资 援助 "
    "债务 预期 预估 目标 收盘 开盘 规模"
).split()


def _metricish(label: str, ws: tuple[tuple[str, str], ...]) -> bool:
    """Some word of the label names a measure (see MEASURE_END), or it names an exchange rate."""
    if any(is_metric(w) for w, _ in ws) or any(m in label for m in METRIC_NOUNS if len(m) >= 2):
        return True
    return any(w.endswith(tuple(MEASURE_END)) for w, _ in ws) or bool(_PAIR.search(label))


# One currency against another (离岸人民币兑美元 6.3512) is its exchange rate, metric noun or not.
# Posts outside the gold files: 202112082206781916 (离岸人民币兑美元升至6.3512),
# em202601283632703515 (欧元兑美元…), wscn3775156 (美元兑日元涨0.14%，报161.53日元).
_CURRENCY = "人民币|美元|欧元|日元|英镑|港元"
_PAIR = re.compile(f"(?:{_CURRENCY})兑(?:{_CURRENCY})")


# 约63.4亿港元（约58亿元人民币）, 5亿美元，折合人民币约36亿元: the same amount in another currency.
_CONVERTED = re.compile(
    r"(?:\d[^，,。；;（(\d]{0,6}[（(]\s*(?:约|约合|折合|合|相当于)?|"
    r"(?:折合|约合|相当于)(?:人民币|美元|港元)?约?)\s*$"
)


def converted(sent: str, start: int, kind: str) -> bool:
    """The money value restates the amount before it in another currency."""
    return kind == "money" and bool(_CONVERTED.search(sent[max(0, start - 16) : start]))


_QUOTED_PRICE = re.compile(r"(?:现报|收报|报收|收于|最新报|股价|报|收)$")


# A stake and nothing else (股权 100%): nounafter.stake_of_act names the company where the post
# writes <act><company>N%股权; where it does not, the line says nothing of what the share is.
# A planned act (拟收购股权 51%) stays: editors keep a deal's headline share (blind A/B, 20th).
_BARE_STAKES = frozenset(("控股权", "股权"))
# What names a price per share (股价, 收盘, 发行价, 转让价格…): lines.py puts 股价 after a bare
# company name; any other name before a per-share value (融资 11.93元/股) is no price.
PRICE_WORD = re.compile(r"价|收|盘|报|发行|转让|行权|回购|每股")


def line_ok(
    label: str,
    value: str,
    sent: str,
    span: tuple[int, int],
    kind: str,
    *,
    is_change: bool,
    strict: bool = False,
) -> bool:
    """A line shown as `label value` says what its number is (see the module doc); `strict`:
    only a metric noun or a move will do (for a line that stands in for another)."""
    if sent and (number_in_name(sent, span[1], kind) or converted(sent, span[0], kind)):
        return False
    if sent and cut_inside_word(label, sent, *span):
        return False
    if leans_on_context(label) or _FRAME_OPENING.match(label):
        return False
    if sent and _RATIO_OF.search(sent[: span[0]]) and "相当于" not in label:
        return False  # 相当于同期境内企业股票融资规模的90%: a ratio to that, not its size
    if sent and kind == "pct" and not is_change and _share_of_other(label, sent[span[1] :]):
        return False  # 约45%的参与者减重幅度…: a share of the participants, not 平均减重
    if _SPEAKER_CUT.match(label):
        return False  # 估计自身产出约为…4倍: whose estimate, the cut subject said (员工估计)
    if not is_change and (m := _FROM_END.search(label)) and not _FROM_VERB.search(m.group()):
        return False  # 投后估值从天使轮的2.8亿元，飙到…: where a move starts, not the level
    if kind == "pct" and not is_change and label in _BARE_STAKES:
        return False  # 股权 100%: a stake in no company named
    if "/股" in value and not is_change and not PRICE_WORD.search(label):
        return False  # 融资 11.93元/股: a per-share price under a name that is no price
    if kind == "money" and _QUOTED_PRICE.search(sent[max(0, span[0] - 4) : span[0]]):
        return True  # 某股涨超10%，现报17.96港元: a stock's price, under the stock's name
    if strict and not (is_change or _MOVE_RX.search(label)):
        body = _MARKER.sub("", label)
        return bool(body.strip()) and _metricish(body, pos_words(body))
    counted = kind == "count" and not value.endswith(("万", "亿"))  # 15.4万名雇员接受: counted
    clause = counted or not _modifier(label, sent, span)
    return names_metric(label, value, kind, is_change, clause=clause)


# A label that opens on a verb of estimating or saying: its subject, the one who estimates or
# says, was cut away (员工估计使用…后，自身产出约为…的4倍 -> 估计自身产出…: editors failed it
# again and again). 估计 takes its estimator as subject (高盛估计…资本支出合计逾7,000亿:
# wscn3771650; 彭博估计出口同比增长55.5%: wscn3773422); the others are whose.SAYS verbs.
_SPEAKER_CUT = re.compile(r"^(?:估计|认为|表示|指出)")


# A label that ends on the start of a move (从 and a noun, no verb after it: 投后估值从天使轮 for
# 投后估值从天使轮的2.8亿元，飙到B+轮的77.40亿元, 36kr3879814941437956): the number is where the
# move starts, yet the line reads as the level (外资从韩国股市净流出, 指数从高点回落: a verb).
_FROM_END = re.compile(r"从(?!价|业|事|属|而|严|容)[^从，,。]{1,8}$")
_FROM_VERB = re.compile(r"[涨跌升降增减流回落出入撤]")


# A label that opens on the frame of its clause (在受疫情影响的过去两年的年均复合增长率 9%至10%,
# cut from …高端化趋势仍然稳健，在…的年均复合增长率仍有9%至10%): a fragment that names the
# setting, not whose or what rate. Not a name that starts so (在岸人民币, 在建工程, 在手订单).
_FRAME_OPENING = re.compile(r"^在(?!岸|线|建|手|职|校|册|售|营|途)[^，,。]{1,16}的")


# Parts of speech of a word that the number before it measures (…3000万美元试飞协议).
_NOUNISH = ("n", "j", "vn", "eng")
# Punctuation after a number: jieba tags it x, the first word after the number, so no noun.
_CLAUSE_END = frozenset("，,。；;：:、！!？?（()）—")


def _modifier(label: str, sent: str, span: tuple[int, int]) -> bool:
    """The number qualifies a noun written after it, so a verb in the label does not act on it:
    签署的3000万美元试飞协议 (签署 what?), 4500亿存储龙头某公司 or 3倍做空某股的产品 (a label cut
    from the words after the number, a name or an act, not a measure)."""
    if not sent:
        return False
    after = sent[span[1] : span[1] + 12]
    if after.lstrip("的").startswith(label):
        return True
    if after[:1] in _CLAUSE_END:
        return False  # the number ends its clause (most do): no tagging needed
    ws = pos_words(after) if after[:1].strip() else ()
    return bool(ws) and ws[0][1].startswith(_NOUNISH) and ws[0][0] != "的"


# A number after 相当于X的 is a ratio to X (相当于同期境内企业股票融资规模的90%, 相当于腾讯Q4预测
# 经调整营业利润的约5%): a line naming X reads as X's own size; what it measures comes before.
_RATIO_OF = re.compile(r"相当于[^，,。；;]{1,30}的(?:约|近|逾|超过|超)?$")


# Words that point back to what an earlier clause named: 其 (its), 二者 (the two), 对应 (the
# corresponding …), 同期 (the same period). A pronoun or a deictic word, not a lexicon of news
# words: the line is shown without the clause they point to, so it says whose or when only to
# a reader of the post (英伟达同期上涨 8%: over which period? 对应美元价值: of what?).
_POINTERS = frozenset({"其", "二者", "两者", "前者", "后者"})
_SAME_PERIOD_OK = frozenset({"较", "比", "与", "同", "相比", "对比"})  # 较同期: a year-on-year base


def leans_on_context(label: str) -> bool:
    """The label points back to a clause the line does not show (issue 9: each line readable
    on its own). A pointer after a name points inside the label (集团连同其合营公司), and a
    period named before 同期 (过去五年同期, 上年同期) says which one."""
    if not any(w in label for w in (*_POINTERS, "对应", SAME_PERIOD)):
        return False  # most labels: no tagging needed
    ws = pos_words(label)
    for i, (w, _pos) in enumerate(ws):
        # only what opens the label points out of it: 集团连同其合营公司 names what 其 points to
        if (w in _POINTERS or w == "对应") and all(p == "t" for _, p in ws[:i]):
            return True
        if w == SAME_PERIOD:
            before = ws[i - 1] if i else None
            if before is None or not (before[1] == "t" or before[0] in _SAME_PERIOD_OK):
                return True
    return False


_NOUN_FLAGS = ("n", "vn", "eng", "j")


def _share_of_other(label: str, after: str) -> bool:
    """X%的N is X% of N (约45%的参与者, 后40%的公司, 2.8%的整体水平): a line whose label names no
    word of N shows the share as a level of something else."""
    if not after.startswith("的"):
        return False
    nouns = []
    for word, flag in pos_words(after[1:12]):
        if not flag.startswith(_NOUN_FLAGS):
            break
        nouns.append(word)
    return bool(nouns) and not any(w in label for w in nouns if len(w) >= 2)
