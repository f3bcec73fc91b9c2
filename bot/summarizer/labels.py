"""Tidy a figure's label into a short Chinese noun phrase that names what is measured.

The raw label is the clause text before a number, so it often starts with a function word
(这已是…, 包括, 导致), ends in a linking verb (刚完成, 提供, 出现) or is cut inside a word
(成电路技术中心). A reader on a phone needs `subject + metric` (四季度收入, 港股IPO募资, 估值).

Rules, in order:
1. Segment with jieba (bundled dictionary, no download) so nothing is cut inside a word.
2. If the text holds a metric noun (收入, 募资, 估值, 市值 …), the label is that noun plus the
   modifiers right before it, walking back until a function word, preposition or pronoun;
   linking verbs in between (实现, 录得, 完成) are dropped: 元气森林实现销售额 -> 元气森林销售额.
3. Otherwise the noun written after the value (10亿元的合作经费 -> 合作经费) when there is one.
4. Otherwise the text itself with leading function words and trailing verbs removed, if what
   is left is not a bare verb; else no label (the caller shows a generic 金额/比例/数量).
A share written with 占 names both sides (海外收入占总收入 42.5%): the whole alone (总收入)
would misstate the share as the total.
Labels are kept to MAX_LABEL characters by dropping whole leading words.
"""

from __future__ import annotations

import re

from bot.jieba_dict import METRIC_NOUNS
from bot.jieba_dict import word_set as _ws
from bot.summarizer.labelends import BREAKS, named_not_company, with_beneficiary, with_session
from bot.summarizer.labelwords import (
    ADJUSTS,
    COMPARE,
    LINK,
    MEASURE_WORDS,
    METRIC_END,
    MOVES,
    NAME_TAIL,
    STOP,
    TIME,
    UNIT_BITS,
)
from bot.summarizer.periodwords import with_period
from bot.summarizer.segment import _LATIN, pos_words, words
from bot.summarizer.text import COLUMN_TAG

MAX_LABEL = 12


_METRIC_SET = set(METRIC_NOUNS)
_HAN = re.compile(r"[\u4e00-\u9fff]")
# The first date of a range and its 至 (4月至6月, 2023-2024年): _DATE_BITS drops the second.
_RANGE_TO = r"(?:至|到|[-—－~])"
_DATE_RANGE_HEAD = re.compile(
    rf"\d{{1,4}}[年月日]?(?:\d{{1,2}}[月日])*{_RANGE_TO}(?=\d{{1,4}}[年月日])"
)
# Date and period fragments the caller's date filter can miss (2018 年, 12个月).
# A span's 近/最近/过去 goes with it: 近一个月年化收益率 left as 近年化收益率 reads "recent years".
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_DATE_BITS = re.compile(
    r"(?=[近最过\d一二两三四五六七八九十几数])(?:"
    r"(?:(?<!将)近|最近|过去)?(?:"
    r"\d{1,4}\s*(?:财年|财季|年度|年(?!期)|月(?!期)|日|号|个月(?!期)|个交易日)|"
    r"[一二两三四五六七八九十几数]+个(?:月|季度|交易日|星期))(?:内|以来|里)?|"  # 两个月合计减少
    r"[一二两三四五六七八九十几数]+年(?:间|内|来)"  # 一年间近乎翻番: a span, not a subject
    r")"
)
# Words right after a value that describe its position, not what it measures.
_AFTER_LEAD = _ws("左右 以上 以下 以内 之 的 后 前 附近 上下 多 余")
_AFTER_BAD = re.compile(
    r"^(?:水平|关口|大关|整数关口|之际|新高|历史新高|新低|历史新低|高位|低位|区间|上方|下方|之上|之下)|"
    r"概率|可能性|比例"
)
# A price or rate per unit, written before its number (柴油税为每加仑24.4美分, 每盎司4350美元).
PER_UNIT = r"每(?:日|天|月|年|周|桶|吨|股|加仑|盎司|人|户)"
_PER = re.compile(rf"(?:为|达|约|高达)?(?P<per>{PER_UNIT})$")


def is_metric(w: str) -> bool:
    """A word that names a measured quantity (营收, 市盈率, 合同额)."""
    return _is_metric(w)


def is_edge_word(w: str) -> bool:
    """A function or link word that cannot open a quoted clause (time words can: 本周沪指)."""
    return (w in STOP or w in LINK) and w not in TIME


def _edge(w: str) -> bool:
    """A word that may not start or end a label."""
    return w in STOP or w in LINK or w in TIME


def _is_metric(w: str) -> bool:
    return w in _METRIC_SET or (len(w) >= 3 and w.endswith(METRIC_END) and bool(_HAN.match(w)))


# 一家市值, 某款售价: "one/some X" is no part of what is measured.
_ONE_OF = re.compile(r"[一两几某每][家个款项只位名笔条座台种批]")


# One-character words that end a name or a quantity (博彩|股, 1|克跳涨, 券商|类): a label
# starting with one was cut inside what it names.
_SUFFIX_CHARS = set("股类系型式性业方者商克吨桶元")


def is_suffix_word(w: str) -> bool:
    """A word left over from a name or quantity cut before it (股 of 博彩股, 克 of 1克)."""
    return len(w) == 1 and w in _SUFFIX_CHARS


_TENOR = ("年期", "个月期")  # 10年期国债: a bond's tenor, joined to its digits by _metric_label


def _fit(ws: list[str], limit: int) -> str:
    """Join words, dropping whole leading words (the metric sits at the end) to fit `limit`."""
    cut = False
    while ws and width(_join(ws)) > limit:
        ws, cut = ws[1:], True
    while ws and (
        _edge(ws[0])
        or (ws[0][:1].isdigit() and not ws[0].endswith(_TENOR))
        or ws[0] in UNIT_BITS
        or _ONE_OF.fullmatch(ws[0])
    ):
        # a leading digit would read into the value before it in the list
        ws, cut = ws[1:], cut or ws[0][:1].isdigit()
    if cut and ws and is_suffix_word(ws[0]):
        ws = ws[1:]  # 博彩|股EBITDA -> EBITDA
    return _join(ws)


def width(text: str) -> float:
    """Display width in Chinese characters: Latin letters, digits and spaces are half as wide,
    so a product name (MacBook Air, iPhone 17 Pro) is not cut to a word that names another
    product (Air) where a Chinese label of the same width would fit."""
    return sum(0.5 if ch.isascii() else 1.0 for ch in text)


def _join(ws: list[str]) -> str:
    """Concatenate words; two Latin words keep their space (Rare Metals, not RareMetals)."""
    out = ""
    for w in ws:
        if out and out[-1].isascii() and out[-1].isalnum() and w[:1].isascii() and w[:1].isalpha():
            out += " "
        out += w
    return out


def _metric_label(ws: list[str], limit: int = MAX_LABEL) -> str:
    idx = max(
        (
            i
            for i, w in enumerate(ws)
            if _is_metric(w) and (i + 1 == len(ws) or ws[i + 1] not in NAME_TAIL)
        ),
        default=-1,
    )
    if idx < 0:
        return ""
    out = [ws[idx]]
    rest = ws[:idx]
    while rest:
        w = rest.pop()
        if w in _TENOR and rest and rest[-1].isdigit():
            w = rest.pop() + w  # 10年期国债收益率: a bond's tenor, not a period
        if w in LINK and w not in STOP:
            continue  # 元气森林实现销售额 -> 元气森林销售额
        if w == "/" and rest and _HAN.search(rest[-1]) and _HAN.search(out[0]):
            out.insert(0, w)  # 硕士/博士占比, 乐观/悲观情景: one label of either
            continue
        if w in STOP or not (_HAN.search(w) or _LATIN.fullmatch(w)):
            if w in ("的",) and len("".join(out)) <= 4:
                continue  # 飞天茅台的批价 -> 飞天茅台批价
            if w in _AND_WORDS:
                out = _with_partner(rest, w, out, limit)
            break
        if len("".join(out)) + len(w) > limit:
            break
        out.insert(0, w)
    return _fit(out, limit)


# 甲公司与乙公司合计持股: a joint figure is both partners', never the second's alone.
_AND_WORDS = ("与", "和", "及")
_NOUNISH = ("n", "eng")  # names and nouns (小米 is tagged n)


def _with_partner(rest: list[str], w: str, out: list[str], limit: int) -> list[str]:
    """`out` (its first word a noun or name) with the one before the coordinator `w` (华为 + 与)
    when both fit `limit`; else `out` unchanged."""
    if not rest or not out:
        return out
    tags = [pos_words(x) for x in (rest[-1], out[0])]
    if not all(t and t[-1][1].startswith(_NOUNISH) for t in tags):
        return out
    both = [rest[-1], w, *out]
    return both if width("".join(both)) <= limit else out


# Words that introduce a name in quotes (列入所谓“…清单”): a label cut before the quote ends on
# them, saying nothing.
_QUOTATIVE = {"所谓", "名为", "称为", "号称"}


_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9.&\- ]+")


def _plain_label(ws: list[str], limit: int = MAX_LABEL) -> str:
    """Text without leading function words and trailing verbs; '' if nothing nominal is left."""
    while ws and _edge(ws[0]):
        ws = ws[1:]
    while ws and (_edge(ws[-1]) or ws[-1] in _QUOTATIVE):
        ws = ws[:-1]
    if not ws:
        return ""
    # Anything before a function word inside is a different clause part: keep the tail. An
    # adverb between a doer and its verb is no such break (阿联酋防空部队已拦截): it goes, and
    # the doer stays.
    for i in range(len(ws) - 1, -1, -1):
        if ws[i] in _VERB_ADVERBS and 0 < i < len(ws) - 1 and _is_verb(ws[i + 1]):
            ws = ws[:i] + ws[i + 1 :]
            continue
        if ws[i] in STOP or ws[i] in LINK:
            ws = ws[i + 1 :]
            break
    while ws and _edge(ws[0]):
        ws = ws[1:]
    label = _fit(ws, limit)
    named = _HAN.search(label) or _LATIN_NAME.fullmatch(label)  # AMD, SpaceX
    return label if len(label) >= 2 and named else ""


# Adverbs between a doer and its verb before a number (…已获500万元, …已经跌到2000亿, …也接近60%):
# 已 duee355c0e8409e4ebfc61f85aaafbb860af, em202606083762735666; 已经 em202606043759414187,
# em202606053762151034; 也 em202604303725326581, em202606053762151034.
_VERB_ADVERBS = frozenset(("已", "已经", "也"))


def _ends_on_verb(label: str) -> bool:
    ws = words(label)
    return bool(ws) and _is_verb(ws[-1])


def _is_verb(w: str) -> bool:
    tags = pos_words(w)
    return len(tags) == 1 and tags[0][1] == "v"


_OBJECT_MARKERS = {"向", "给"}
_NAME_FLAGS = ("eng", "nr", "ns", "nt", "nz", "j")


def _without_object(ws: list[str]) -> list[str]:
    """向OpenAI及微软索赔: the noun after 向/对/给 is who the act is aimed at, never its subject.

    The label keeps the verb (索赔) and drops the object, so the claim is not shown as 微软's.
    """
    idx = max((i for i, w in enumerate(ws) if w in _OBJECT_MARKERS), default=-1)
    if idx < 0 or idx + 2 > len(ws):
        return ws
    tags = pos_words("".join(ws[idx + 1 :]))
    verb = next((k for k, (_, flag) in enumerate(tags) if flag.startswith("v")), -1)
    if verb <= 0 or not any(f.startswith(_NAME_FLAGS) for _, f in tags[:verb]):
        return ws  # 女性向游戏: no name after 向, so no object of an act
    return ws[: idx + 1] + [w for w, _ in tags[verb:]]


def _before_comparison(ws: list[str]) -> list[str]:
    """Subject before 较/比 (+ the move it makes): 消费相较去年上涨 -> 消费上涨."""
    for i, w in enumerate(ws):
        if w in COMPARE and i == 0:  # 较2025年一季报增长: the base names nothing of the figure
            return [ws[-1]] if ws[-1] in MOVES else []
        if w in COMPARE and i > 0:
            head = ws[: i - 1] if ws[i - 1] == "相" else ws[:i]
            if head and ws[-1] in MOVES and ws[-1] not in head:
                head.append(ws[-1])
            return head
    return ws


def tidy_label(raw: str, after: str = "", *, limit: int = MAX_LABEL) -> str:
    """A clean label from the clause text before a value (`after`: a noun written after it)."""
    label = _tidy_label(raw, after, limit=limit)
    if label and "每股" in raw and "每股" not in label and len(label) + 2 <= limit:
        return "每股" + label  # 每股调整后亏损4美分: a per-share figure, not the total
    label = with_beneficiary(raw, label, limit)
    scope = _SCOPE_HEAD.match(BREAKS.split(raw)[-1].strip())
    if label and scope and scope.group() not in label and len(scope.group() + label) <= limit:
        label = scope.group() + label  # 前3批撤回率达93.1%: the rate of the first three batches
    return with_session(
        raw, with_period(BREAKS.split(raw)[-1], named_not_company(label), limit), limit
    )


# 前N<measure> heading the label's clause (前3批撤回率, 前10名股东持股比例): the scope the
# figure is of; the numeral would otherwise go with the label's other digits.
_SCOPE_HEAD = re.compile(r"前(?:\d{1,3}|[一二三四五六七八九十]{1,3})(?:批|名|大|家|位)")


# Where the subject's measure is taken, between subject and measure (开放式耳机在中国蓝牙耳机
# 市场的整体销售额份额: 36kr3813305543794440): the label keeps whose it is and what; a time
# (在2025年的) stays.
_LOCATIVE = re.compile(
    r"(?<=[\u4e00-\u9fffA-Za-z])在(?![^，,。；;的]*(?:\d|年|月|季|期|日|时))[^，,。；;在的]{2,14}的(?=[\u4e00-\u9fff])"
)

# 1克跳涨50元, 1吨上涨200元: "one gram" is "each gram" (每克), not a number of the label.
_PER_ONE = re.compile(r"(?<![\d.])1(?=(?:克|吨|桶|斤|盎司)(?![\d.]))")


def _tidy_label(raw: str, after: str = "", *, limit: int = MAX_LABEL) -> str:
    raw = _DATE_RANGE_HEAD.sub("", raw)  # 4月至6月合计签: the range goes whole, not 至 alone
    raw = _PER_ONE.sub("每", _DATE_BITS.sub("", raw)).replace("同比较", "较").strip()
    raw = raw.replace("扣非后", "扣非")  # 扣非后净利润: 后 is no break before the metric
    raw = COLUMN_TAG.sub("", raw)  # 【导读】广合科技拟斥资: a column's tag is no part of the label
    if "在" in raw:
        raw = _LOCATIVE.sub("", raw)
    if not raw and not after:
        return ""
    room = _ROOM.match(after)
    if room:  # 较最新收盘价有17%上涨空间: the room is what 17% measures, not the price
        return room.group(1)
    named = after.lstrip("的")
    if (
        _NAMED_PRICE.fullmatch(named)
        or _NAMED_STAKE.fullmatch(named)
        or _NAMED_LEVY.fullmatch(named)
    ):
        return named  # 卖出价格, 收购上海证券股权 (nounafter: price_of_act, stake_of_act)
    move = _MOVE_AFTER.match(after)
    if move and raw:  # 跟随韩国KOSPI指数近9%的惨烈跌幅: the fall is what 9% measures
        ws = list(words(BREAKS.split(raw)[-1]))
        while ws and (tag := pos_words(ws[0])) and tag[0][1].startswith(("v", "p", "d")):
            ws = ws[1:]  # 跟随…: the verb that takes the fall as its object is not its owner
        head = _plain_label(ws, limit - len(move.group(1)))
        return head + move.group(1) if head else move.group(1)
    share = _SHARE.search(raw)
    if share:
        return _share_label(raw[: share.start()], raw[share.end() :], limit)
    per = _PER.search(raw)
    if per and per.start() > 0:  # 柴油税为每加仑24.4美分: 每加仑 goes with the value
        head = tidy_label(raw[: per.start()], after, limit=limit - len(per.group("per")))
        return head + per.group("per") if head else ""
    part = BREAKS.split(raw)[-1] if raw else ""
    ws = _without_object(_before_comparison(list(words(part)))) if part else []
    label = _metric_label(ws, limit)
    if not label and raw and part != raw:
        label = _metric_label(list(words(BREAKS.sub("", raw))), limit)  # 第三次融资——刚完成
    aw = list(words(after)) if after else []
    while aw and aw[0] in _AFTER_LEAD:
        aw = aw[1:]
    if aw and _AFTER_BAD.search("".join(aw)):
        aw = []
    if label:
        measure = next((m for m in MEASURE_WORDS if label.endswith(m)), "")
        measure = measure if after.startswith("的") else ""
        noun = _plain_label(aw, 6) if measure and aw else ""  # a short noun, or none
        return noun + measure if noun else label  # 规模达1万亿美元的抛售 -> 抛售规模
    if raw.rstrip().endswith("等") and aw:
        listed = _metric_label(aw, limit) or _plain_label(aw, limit)
        if listed:
            return listed  # 微博等400多家客户 -> 客户: the names before 等 are examples
    got = _metric_label(aw, limit)
    if got:
        i = max(i for i, w in enumerate(aw) if got.endswith(w))
        move = aw[i + 1] if i + 1 < len(aw) else ""
        if (move in MOVES or move in ADJUSTS) and len(got + move) <= limit:
            return got + move  # 15%的价格上调 -> 价格上调 (价格 alone would misstate 15%)
        return got
    pre, post = _plain_label(ws, limit), _plain_label(aw, limit)
    if post and after.startswith("的"):
        return post  # 向尼日利亚提供了约5.5亿美元的对外援助 -> 对外援助
    if pre and post and len(pre) <= 2 and len(pre) + len(post) <= min(6, limit) and pre != post:
        return pre + post  # 新增38种专业 -> 新增专业: a bare verb names nothing alone
    if pre and post and len(pre) > 2 and len(pre + post) <= limit + 2 and _ends_on_verb(pre):
        return pre + post  # 阿联酋防空部队拦截 + 弹道导弹: the doer, its act and what it counts
    return pre or post


# A price named by its act or kind, written after the value (卖出价格, 行权价格, 发行价格).
_NAMED_PRICE = re.compile(r"[\u4e00-\u9fff]{2}价格")
# A stake named by its act and its company (收购上海证券股权: nounafter.stake_of_act).
STAKE_ACTS = "收购|购买|出售|转让|受让|认购|持有"  # the acts a stake is named by (nounafter)
_NAMED_STAKE = re.compile(rf"(?:{STAKE_ACTS}).{{2,8}}(?:控股权|股权)")
# A levy named by what it is levied on (对加拿大部分产品加征关税: nounafter.levy_of_act).
_NAMED_LEVY = re.compile(r"对.{1,10}(?:加征|征收|征|课征|加收)[\u4e00-\u9fff]{0,4}税")
# A move written after its size (近9%的惨烈跌幅, 5%的涨幅): what the number measures.
_MOVE_AFTER = re.compile(r"^的[\u4e00-\u9fff]{0,2}?(跌幅|涨幅|降幅|增幅)")
# Upside or downside to a target, written after the percentage (7%上行空间 in wscn 3757024,
# 18%上行空间 and 62%上行空间 in wscn 3776245, 17%上涨空间 in a 2021-12-08 flash).
_ROOM = re.compile(r"^的?((?:上涨|上行|下跌|下行)空间)")


# The last 占 of the text, as "is a share of" (not 占比/占据/占有率, not 抢占/霸占).
_SHARE = re.compile(r"(?<![抢攻侵霸独])占(?:到|了)?(?![比据有领用])(?=[^占]*$)")


def _share_label(part: str, whole: str, limit: int) -> str:
    """占 makes the value a share: name both sides (海外收入占总收入), never the whole alone.

    公司海外收入占总收入的42.5% labelled 总收入 would state the share as the total. Too long
    for both sides: the part's 占比; no part: 占 + the whole; 各占一半: no label at all.
    """
    if part.rstrip().endswith("各"):
        return ""
    left = tidy_label(part, limit=limit) if part.strip() else ""
    right = tidy_label(whole, limit=limit) if whole.strip() else ""
    if left and right and len(left) + 1 + len(right) <= limit:
        return f"{left}占{right}"
    if left:
        return _fit(list(words(left)), limit - 2) + "占比"
    return f"占{right}" if right else ""
