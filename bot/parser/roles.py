"""The role of each linked stock in a post: subject, mention, or neither.

A ticker subscriber wants the posts *about* their stock, not every post that names it.
Eastmoney links every stock name it sees, so a post carries the company it reports on
next to the peers named in passing, a market wrap's appended movers, the brokers it
quotes and the `（文章来源：东方财富）` credit. The roles come from the post's
structure, never from a list of posts:

- **neither**: a name that occurs nowhere in the title or text (the origin credit, a
  link on a hidden or removed element), and a link on a common word
  (`bot.parser.autolinks`, passed in as `spurious`).
- **subject**:
  1. named in the title, unless the title's speaker: `瑞士信贷(CS.N)：将Sunoco Lp
     （SUN.N）目标价…` quotes a broker about another stock;
  2. a chart block (an editor's choice) when the post has at most `MAX_CHARTS` of
     them: a market wrap's gallery of charts is decoration of its list;
  3. its code written in the text (`中国石化（600028）`) when few stocks are written
     so: a writer adds the code for the company the news is about;
  4. outside market wraps, the actor of at least `MIN_ACTOR_PARAS` paragraphs: the
     name opens a clause (not an item of a `、` list) and the sentence goes on with
     results, an announcement or a price move within `ACTOR_REACH` characters
     (`海天味业实现90.29亿元的营收`, `东鹏饮料股价持续下跌`). One such sentence is a
     peer in passing; two are a company the article reports on.
- **mention**: everything else (lists, peers, quoted brokers, a wrap's movers), and a
  subject by rules 2-4 that neither the title nor the lead names when the body names
  it only once, or when the title reports a company the post has no stock for
  (`三星电子二季度营业利润…`: SK海力士's section is a peer's). Mentions are not in
  the ticker line and reach only the subscribers who opted in (`/sub BABA+`).

Subjects are ranked as the ticker line shows them: the title's, the lead's, the rest.

A market wrap is told by its title (index moves, `全球市场`, `收评`): its subjects
are the title's stocks and a chart-block choice, whatever its body lists.

Pure logic, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from bot.parser.autolinks import _COMPANY_END
from bot.parser.spots import BodySpots, find_spots

MAX_CHARTS = 2  # chart blocks an editor adds for the stocks an article is about
# More stocks with a written code is a list (IPO sponsors, a table). Four is a story's movers:
# 华尔街见闻 writes the studios a tariff threat moved as AMC院线（AMC）, 迪士尼（DIS）, 奈飞
# （NFLX）, 华纳兄弟探索（WBD） (wscn3756501: the third holdout's gold and an editor want them).
MAX_CODED = 4
MIN_ACTOR_WEIGHT = 2  # one report on the company, or its price move in two paragraphs
ACTOR_REACH = 25

# Titles of market wraps (the market or an index moved; stocks are its movers). Each
# word is in the titles of at least two corpus posts outside the gold files:
# 全球市场: long/2025-10-02-em202510023528072036, long/2025-10-03-em202510033528194769;
# 三大指数: long/2025-09-29-em202509293526305867, long/2025-09-30-em202509303527408421;
# 收盘: long/2025-10-03-em202510033528194769, long/2025-10-07-em202510073528537850;
# 科创50: long/2025-09-30-em202509303527408421, long/2026-01-29-wscn3764424;
# 纳指/标普: long/2025-10-07-em202510073528537850, long/2025-10-09-em202510083528759088;
# 道指: long/2026-06-04-em202606043759414187, long/2026-06-18-em202606183775056545;
# 美股: long/2025-10-02-em202510023528176273, long/2025-10-03-em202510033528194769;
# A股: long/2025-09-29-em202509293526305867, long/2025-09-30-em202509303527408421.
_WRAP_TITLE = re.compile(
    r"全球市场|三大指数|收盘(?!价)|(?:科创50|纳指|道指|标普|美股|A股)[^，,。]{0,6}(?:涨|跌|收|创|走|翻)"
)
# What follows a company the sentence reports on: results or an announcement (one such
# paragraph makes it a subject) or a price move (two paragraphs do). Each word follows
# a stock's name within ACTOR_REACH in two corpus posts outside the gold files (ids):
# 营收/公告 em202509283525647189, em202509293526604493; 营业收入 em202509283525671689,
# em202511023552724057; 净利/利润 em202509283525647189, em202509283525671689; 业绩
# em202509283525647189, em202509293526305867; 财报 em202510033528194769,
# em202601263630014658; 季报 em202511023552724057, em202604273720027594; 年报
# em202509293526607428, em202511023552724057; 披露 em202510123531527221,
# em202511023552724057; 宣布 em202510033528194769, em202511023552730925; 收购
# em202510123531527221, em202511023552730925; 重组 em202509283525647189,
# em202511023552730925; 停牌 em202511023552730925, em202601263630580057; 回购
# em202607063794343079, 202112082206885265; 中标 em202606303788750290,
# dueec2e95b239cafba85ca348503a8742440; 募资 em202607053794298783, em202607073795534070;
# 融资 em202601293634188234, em202605123733499797; 评级 202112082206736819,
# 202112082206796032; 目标价 em202606183775056545, em202607073795566998.
_REPORT_CUE = re.compile(
    r"营收|营业收入|净利|利润|业绩|财报|季报|年报|公告|披露|宣布|"
    r"收购|重组|停牌|回购|中标|募资|融资|评级|目标价"
)
# 股价 em202509283525647189, em202510023528072036; 市值 em202509293526604493,
# em202509303527408421; 涨停 em202509293526305867, em202509303527408421; 上涨
# em202509293526604493, em202511023552730925; 下跌 em202603123669227943,
# em202604303725289812; 大涨 em202509293526305867, em202510083528759088; 大跌
# em202510073528606897, 202112082206884861; 涨超 em202509303527408421,
# em202510023528072036; 涨近 em202510073528606897, em202603123669227943; 涨幅
# em202511023552730925, em202601263630580057; 跌超 em202509303527408421,
# em202510033528194769; 跌逾 em202601273631089552, em202607283822515715; 跌近
# em202601283632703515, em202603123669227943; 跌幅 em202510073528606897,
# em202601283632703515.
_MOVE_CUE = re.compile(r"股价|市值|涨停|上涨|下跌|大涨|大跌|涨[超近幅]|跌[超逾近幅]")
# A quoted source right after the name: `招商证券研报指出`, `中信证券认为`, `高盛分析师表示`.
# 研报 em202509283525642131, em202509293526305867; 研究 em202509293526604493,
# em202510093529779128; 分析师 em202510083528632444, em202601283632703515; 首席
# em202603113669158450, em202605063729036078; 认为 em202509293526305867,
# em202510093529779128; 指出 em202603113669158450, em202604273720027594; 表示
# em202509293526305867, em202509293526604493; 称 em202509283525642131,
# em202509283525647189; 数据显示 em202509303527408421, em202604303725326581.
# Never across a sentence's end: in SpaceX招股书提到特斯拉87次！分析师再提… (wscn3772767)
# 特斯拉 is reported on, not quoted.
_SOURCE = re.compile(
    r"[^，。；：,;:！!？?\s]{0,4}?(?:研报|研究|分析师|首席|认为|指出|表示|称|数据显示)"
    r"|[^，。；：,;:！!？?公]{0,10}?(?:认为|指出|表示|研报)"
)
# The name used as a topic or a sector, not a company: `新产业方面`, `新产业板块`.
# 方面 em202511023552724057, em202604273720027594; 板块 em202509293526305867,
# em202509293526604493; 行业 em202509283525671689, em202509293526305867; 领域
# em202604203710012763, em202605123733486189; 概念 em202604303725289812,
# em202606243781781918.
_TOPIC = re.compile(r"方面|板块|行业|领域|概念")
_LIST_SEP = "、和与及或跟"
# Where a clause starts: the paragraph's start, punctuation, or a date (`7月20日燕京啤酒`).
_CLAUSE_START = re.compile(r"(?:^|[，,。；;：:！!？?“”\"（(）)\s]|\d+[月日年])$")
_SENTENCE_END = re.compile(r"[。；;！!？?]")
_SPEAKER = re.compile(r"[：:]")
_TITLE_CLAUSE_END = re.compile(r"[；;|｜]")
# A company's name opening a title clause, then (a period and) its report:
# `三星电子二季度营业利润`. The endings are company nouns (`bot.parser.autolinks`).
_TITLE_ACTOR = re.compile(
    r"(?:^|[\s，,：:！!？?；;])([\u4e00-\u9fff]{2,6}?(?:"
    + "|".join(_COMPANY_END)
    + r"))(?:\d{4}年)?(?:[一二三四]季度|第[一二三四]季度|上半年|下半年|全年|年度|Q[1-4])?"
    r"(?=[^，,。；;]{0,4}?(?:" + _REPORT_CUE.pattern + "))"
)
_CODE = re.compile(r"[（(]\s*[A-Za-z]{0,2}[0-9A-Z]{1,6}(?:\.[A-Z]{1,2})?\s*[)）]")


@dataclass(frozen=True, slots=True)
class Roles:
    """Tickers by role, each in the order the post first names them."""

    subjects: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    dropped: dict[str, str] = field(default_factory=dict)  # ticker -> why it is neither


def _actor_weight(text: str, start: int, end: int, others: Iterable[str]) -> int:
    """2: the name opens a clause and its sentence reports its results or news;
    1: its price move; 0: no cue, a list item, or a sentence of several stocks' moves."""
    if start and not _CLAUSE_START.search(text, max(0, start - 4), start):
        return 0
    if start and text[start - 1] in _LIST_SEP:
        return 0
    nxt = text[end : end + 1]
    if nxt and nxt in _LIST_SEP:
        return 0
    if _SOURCE.match(text, end) or _TOPIC.match(text, end):
        return 0
    rest = text[end : end + ACTOR_REACH]
    if m := _SENTENCE_END.search(rest):
        rest = rest[: m.start()]
    if _REPORT_CUE.search(rest):
        return 2
    if not _MOVE_CUE.search(rest):
        return 0
    lo = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    hi = m.start() if (m := _SENTENCE_END.search(text, end)) else len(text)
    sentence = text[lo:start] + text[end:hi]
    return 0 if any(o in sentence for o in others) else 1


class _Peers:
    """The names of the post's other tickers, read only by the rare `_actor_weight` that needs
    them: a list for each ticker made a post listing thousands of stocks take minutes."""

    def __init__(self, names: Mapping[str, Sequence[str]], ticker: str) -> None:
        self.names, self.ticker = names, ticker

    def __iter__(self) -> Iterator[str]:
        return (n for o, ns in self.names.items() if o != self.ticker for n in ns)


def is_market_wrap(title: str) -> bool:
    """Whether the title reports a market's or an index's move (a wrap's title)."""
    return bool(_WRAP_TITLE.search(title))


def _title_speaker(
    title: str, spots: list[tuple[int, int]], others: list[list[tuple[int, int]]]
) -> bool:
    """`瑞士信贷(CS.N)：将Sunoco Lp（SUN.N）目标价…`: a broker speaks about another stock.

    The stock is named only before the title's colon, and another stock (by name or
    by a code in parentheses) comes after it.
    """
    m = _SPEAKER.search(title)
    if not m or not spots or any(s >= m.start() for s, _ in spots):
        return False
    stop = _TITLE_CLAUSE_END.search(title, m.end())
    hi = stop.start() if stop else len(title)
    return any(m.start() < s < hi for o in others for s, _ in o) or bool(
        _CODE.search(title, m.end(), hi)
    )


def assign_roles(
    *,
    title: str,
    paragraphs: Sequence[str],
    tickers: Sequence[str],
    names: Mapping[str, Iterable[str]],
    digest: str | None = None,
    charted: Iterable[str] = (),
    coded: Iterable[str] = (),
    spurious: Iterable[str] = (),
) -> Roles:
    """Split a post's tickers into subjects and mentions (see the module doc).

    `names`: every name a ticker goes by in this post (link texts, `NAME（CODE）`,
    the stock directory); `charted`: tickers with a chart block; `coded`: tickers
    whose code is written in the title or text; `spurious`: links on common words.
    """
    charted, coded, spurious = set(charted), set(coded), set(spurious)
    body = [p for p in ((digest,) if digest else ()) if p] + list(paragraphs)
    ns = {t: sorted({n for n in names.get(t, ()) if n}, key=len, reverse=True) for t in tickers}
    spotted = BodySpots(body, (n for t in tickers for n in ns[t]))
    title_spots = {t: find_spots(title, ns[t]) for t in tickers}
    dropped: dict[str, str] = {}
    subjects: list[str] = []
    mentions: list[str] = []
    wrap = is_market_wrap(title)
    n_charted = len(charted & set(tickers))
    n_coded = len(coded & set(tickers))
    for t in tickers:
        if t in spurious:
            dropped[t] = "common word"
            continue
        named = bool(title_spots[t]) or bool(spotted.in_whole(ns[t]))
        if not named and t not in charted and t not in coded:
            dropped[t] = "not in the text (credit)"
            continue
        # only when read (a title naming it): built for each ticker, a long list took minutes
        others = [s for o, s in title_spots.items() if o != t] if title_spots[t] else []
        speaker = _title_speaker(title, title_spots[t], others)
        if speaker:
            mentions.append(t)
            continue
        subject = (
            bool(title_spots[t])
            or (t in charted and n_charted <= MAX_CHARTS)
            or (t in coded and n_coded <= MAX_CODED and not wrap)
        )
        if not subject and not wrap:
            peers = _Peers(ns, t)
            weight = sum(  # a paragraph that does not name it weighs 0: not looked at
                max(_actor_weight(body[k], s, e, peers) for s, e in spots)
                for k, spots in spotted.by_paragraph(ns[t])
            )
            subject = weight >= MIN_ACTOR_WEIGHT
        (subjects if subject else mentions).append(t)
    # the lead: the digest and the first paragraph, the first of `body`
    lead = (1 if digest else 0) + (1 if paragraphs else 0)
    shown, passing = _rank(subjects, title_spots, lead, spotted, ns, title)
    return Roles(shown, tuple(mentions) + passing, dropped)


def _rank(
    subjects: Sequence[str],
    title_spots: Mapping[str, list[tuple[int, int]]],
    lead: int,
    spotted: BodySpots,
    ns: Mapping[str, Sequence[str]],
    title: str,
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(subjects, demoted to mentions), title's first, then the lead's, then the rest.

    A subject the title and lead do not name is demoted when the body names it only
    once (`藏格矿业（000408.SZ）` closing a list, `华鲁恒升(600426.SH)相关工作人员…`
    quoted as a source), or when the title reports a company the post has no stock
    for (`三星电子二季度营业利润…`): the body's other actors are peers of its story.
    """
    in_lead = {t for t in subjects if spotted.in_first(ns[t], lead)}
    other_actor = _unlisted_title_actor(title, [n for t in subjects for n in ns[t]])
    keep: list[tuple[int, int, str]] = []
    passing: list[str] = []
    for i, t in enumerate(subjects):
        if title_spots[t] or not ns[t]:  # a code with no name (`三叶草生物-B(2197.HK)`)
            keep.append((0, i, t))
        elif t in in_lead:
            keep.append((1, i, t))
        elif other_actor or len(spotted.in_whole(ns[t])) <= 1:
            passing.append(t)
        else:
            keep.append((2, i, t))
    return tuple(t for *_, t in sorted(keep)), tuple(passing)


def _unlisted_title_actor(title: str, names: Sequence[str]) -> bool:
    """The title reports the results or news of a company none of `names` is:
    a company-like name (`三星电子`, `丰田汽车`) opening a clause, then a report."""
    for m in _TITLE_ACTOR.finditer(title):
        name = m.group(1)
        if not any(name in n or n in name for n in names):
            return True
    return False
