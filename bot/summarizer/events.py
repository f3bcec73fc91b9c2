"""Does a sentence report an event (something happened, at a time, by someone), or is it a
feature's thesis, mood or scene? The summary prefers the event: a hook or a thesis may only ride
along with one (salience.py, summary.py). Pure regex tests on the folded, lower-cased sentence.
"""

from __future__ import annotations

import re

from bot.summarizer.text import clause_before

# A moment the news happened at (the lead of a report), as opposed to timeless background.
_ANCHOR = re.compile(  # (?=[…]): what a match opens with, so a scan skips other offsets at once
    r"(?=[\d当北美周今昨日近本上截盘收午早])(?:"
    r"\d{1,2}月\d{1,2}日|当地时间|北京时间|美东时间|周[一二三四五六日]|今日|昨[日天]|日前|"
    r"近日|本周|上周|截至|截止|盘中|收盘|午后|早盘|盘后"  # not 今天: "在…的今天" is a phrase
    r")"
)
# The verbs of a report (someone announced, disclosed, completed, approved something): with a
# figure or a time anchor, what tells a news sentence from a feature's thesis or hook. 计划 before
# a verb reports what an actor will do (公司还计划将发行股数…: wscn3771939; SK海力士计划在纳斯达克
# 发行: em202607073795566998; 贝莱德正计划发行: em202607213813802058), not 计划 the noun
# (裁员计划，).
_REPORT = re.compile(
    r"宣布|公告|公布|发布|披露|表示|称|指出|透露|完成|签署|签订|获批|批准|通过|决定|下调|上调|收购|"
    r"出售|融资|上市|申请|起诉|判决|辞去|任命|计划(?=[\u4e00-\u9fff])(?![的书中表案])"
)
# A report verb compared (混元发布比文心迟, 上市比预期晚): how its timing compares, no event.
_COMPARED = re.compile(r"(?:" + _REPORT.pattern + r")(?=比)")
# A trend told without a figure or a date is a feature's thesis, not an event, even with a
# report verb in it: "OpenAI虽未上市，但…正越来越深刻地影响股市" (wscn 3756728),
# "中国AI视频生成赛道，正在经历…巨大红利" (36kr 3786528811572481).
_TREND = re.compile(r"越来越|日益|愈发|愈加|正在经历|正成为|正在成为")
# "Recently" dates nothing: a scene opens so (近日，国际金价走强，黄金饰品消费市场也备受关注:
# em202510123531560583; 近日，…的消息引发了广泛关注: em202601263630014658).
_VAGUE_TIME = re.compile(r"近日|日前")
# A record set is an event (国际市场白银现货价格再次创下历史纪录: em202601263630017241; 金融板块
# 周四连续第二日创下收盘新高: wscn3777197), not a "创纪录" adjective, nor one foreseen
# (有望创出新高).
_RECORD = re.compile(r"创(?:下|出)[^，,。；;]{0,6}(?:新高|新低|纪录|记录)|创(?:历史|年内)?新[高低]")
_FORESEEN = re.compile(r"将|有望|可能|预计|若|如果|当|一旦")


def _record_set(low: str) -> bool:
    """A record is set in `low` (not one foreseen in its own clause)."""
    return any(not _FORESEEN.search(clause_before(low, m.start())) for m in _RECORD.finditer(low))


# A market's move told without a figure is still the session's news, not a mood (…证券、电池、
# 贵金属板块大涨: em202509293526305867; 周期板块持续走强: em202606213777038513; 算力硬件板块集体
# 爆发: em202605123733499797).
_MOVED = re.compile(
    r"(?:板块|概念股|指数)[^，,。；;]{0,8}?"
    r"(?:大涨|大跌|涨停|跌停|领涨|领跌|走强|走弱|爆发|拉升|跳水|收涨|收跌)"
)


def anchored(low: str) -> bool:
    """The sentence names a moment of the news (当地时间, 9月30日, 截至…, 近日)."""
    return bool(_ANCHOR.search(low))


# An amount written in words that a value reached (星尘智能估值已突破百亿元: 36kr3836068296209537;
# 7只宽基ETF规模突破千亿元: em202606303788750595; …的市值超过千亿: em202509303527408421): a
# figure the digit patterns miss, as much a fact as 100亿元.
_WORDED_AMOUNT = re.compile(
    r"(?:突破|达到|达|超过|超|逾)(?:[十百千]|数[十百千])(?:亿|万亿)(?:元|美元|港元|人民币)?"
)


def states_event(low: str, figures: bool, anchor: bool) -> bool:
    """A figure (in words too), a dated moment (近日/日前 alone date nothing), a market's move or
    a record set, or a report verb outside a trend's thesis."""
    vague = anchor and not _ANCHOR.search(_VAGUE_TIME.sub("", low))
    figures = figures or bool(_WORDED_AMOUNT.search(low))
    if figures or (anchor and not vague) or _MOVED.search(low) or _record_set(low):
        return True
    reported = any(not _COMPARED.match(low, m.start()) for m in _REPORT.finditer(low))
    return reported and not _TREND.search(low)


# A house's call on a stock or a market (高盛维持对韩国市场的超配立场，并保留KOSPI…目标位
# 12,000点不变; 摩根大通维持对韩国股市的看多立场，将KOSPI…目标分别上调至12500/15000/8000点;
# 分析师将MiniMax评级从"中性"上调至"买入"). Posts outside the gold files: wscn3778905,
# wscn3775570, wscn3771650; editors failed their pushes for leaving it out
# (reviews/2026-12-06-twentieth, -twentythird).
_CALL = re.compile(  # (?=[…]): what a match opens with, so a scan skips other offsets at once
    r"(?=[维上下首给重调评目])(?:"
    r"(?:维持|上调|下调|首予|给予|重申|调升|调降|上修|下修)[^，。；]{0,20}?(?:评级|立场|目标价|目标位)"
    r"|(?:评级|目标价|目标位)[^，。；]{0,16}?(?:上调|下调|调升|调降|上修|下修)至"
    r")"
)


def states_call(low: str) -> bool:
    """The sentence states a house's call: in a research note's story that is the news, although
    the lead gives the note's thesis."""
    return bool(_CALL.search(low))
