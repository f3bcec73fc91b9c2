"""Whose number is it? A figure line whose label names only a measure (持股, 收益率, 销售额, 暴涨)
is read as the news subject's: the title's. Shown only when its clause says so.

A post names many actors: a merger's two brokers, the shareholders of a holding, the other
indices a bank stock is compared with. Chinese drops the owner a clause shares with the one
before (…职工持股会，持股24.6%), and the label cut next to the number keeps only the measure.
A reader then takes 持股 24.6% for the title company's stake. Issue 9: a line is shown only when
it says by itself whose number it is. A bare label passes when the clause (or the nearest clause
before it in the sentence that names anything) names only the title's actor or refers to it
(公司, 该公司), or, in the lead, names nothing at all (the title's actor carries on); a bare line
from the title itself needs a name anywhere before it in the title.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.summarizer.guards import MEASURE_END
from bot.summarizer.labels import is_edge_word, is_metric, pos_words
from bot.summarizer.periodwords import PERIOD
from bot.summarizer.text import shares_pair

# Words that refer to the post's main actor without naming it (公司:
# 2021-04-10-duee3cfb6bd78c6acbdc611aa37a06bac1b6, em202509283525671689; 该公司: wscn3756631,
# wscn3756726; 其: 2021-09-15-duee355c0e8409e4ebfc61f85aaafbb860af, wscn3756523). Not 他: a
# quoted person is seldom the title's actor (他估计关税使通胀率…).
_MAIN_REFS = frozenset(("公司", "该公司", "其"))
# Words that own no number: a comparison (同比: em202509283525671689, em202509293526604493; 环比:
# wscn3756523, wscn3756937), a scope (全球: wscn3756501, wscn3756937; 市场:
# 2021-09-15-duee355c0e8409e4ebfc61f85aaafbb860af, 2021-11-13-duee9355370d4356cca0d1912f467a491ca9),
# a reference back (上述: em202510103530978687, em202606303788750595) or a source (分析师:
# wscn3770004, em202604303725289812).
# A share class or a market owns nothing: A股目标价, H股目标价 in a post on 中芯国际 and 华虹
# (wscn3756709); 2024年10月港股IPO募资 of 地平线 (em202509283525642131). An accounting
# qualifier of a profit names no one either (扣非, 归母: naming.short_terms writes them), nor a
# service's interface (API费用下降超过50%: wscn3756709; 官方API价格也相应下调: wscn3756523;
# 大模型API价格一路血洗: 36kr3879814941437956): whose API, the sentence says.
_NO_OWNER = frozenset(
    "同比 环比 全球 市场 上述 分析师 A股 H股 B股 港股 美股 扣非 归母 API".split()  # noqa: SIM905
)
# Parts of speech that name nothing: verbs, adverbs, times, numbers, measure words, particles.
_NOT_NAME = ("v", "d", "t", "m", "q", "p", "u", "c", "f", "r", "a", "y", "e", "o", "z")
PROPER = ("nr", "ns", "nt", "nz", "eng")  # jieba tags of proper names
_INDEX = re.compile(r"[^\s\d]指数|[\u4e00-\u9fff]指(?![标引出导示南令挥向望定])")
_CLAUSE = re.compile(r"[，,；;：:（(！!？?]")
_HAS_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def _measure(word: str, flag: str) -> bool:
    """A word that names a measure (营收, 注册资本, 股权), not a thing that has one."""
    if flag.startswith(PROPER):
        return False
    return is_metric(word) or word.endswith(tuple(MEASURE_END))


@lru_cache(maxsize=8192)  # pure; the same words recur in every clause of a post
def _is_name(w: str, f: str) -> bool:
    """A word that could own a number: not a measure, move, time, function word or source
    (jieba's tags miss many names: 道生天合 is q+i, so what is left counts)."""
    if (f.startswith(_NOT_NAME) and f != "eng") or not _HAS_TEXT.search(w):
        return False
    if w in _NO_OWNER or w in _NOT_PROPER or is_edge_word(w) or _measure(w, f):
        return False
    return len(w) >= 2 or f == "eng"


def _names(text: str) -> list[str]:
    """The words of `text` that could own a number, in order."""
    if not _HAS_TEXT.search(text):
        return []
    return [w for w, f in pos_words(text) if _is_name(w, f)]


def _refers(text: str) -> bool:
    """`text` refers to the post's main actor without naming it (公司, 该公司)."""
    return _HAS_TEXT.search(text) is not None and any(w in _MAIN_REFS for w, _ in pos_words(text))


def refers_only(label: str) -> bool:
    """The label says whose only by 公司 (第一财季公司营收, 公司股价): the post's main actor, which
    a post about two companies does not have (`CrowdStrike、Palo Alto Networks财报后大跌`).
    Not 合资公司, 子公司: a company of its own, named by the word before it."""
    at = label.find("公司")
    return at >= 0 and bool(_BEFORE_REF.fullmatch(label[:at])) and not _names(label[at + 2 :])


# What may stand before 公司 when it means the post's main actor: a marker and periods
# (periodwords.PERIOD, plus a fiscal quarter: 第一财季).
_BEFORE_REF = re.compile(
    rf"(?:预计|拟|计划)?(?:{PERIOD.pattern}|第?[一二三四1-4]财季|\d{{1,2}}月)*"
)


_NUMBER_CHARS = re.compile(r"[\d.%％]+")


@lru_cache(maxsize=4096)  # pure; a line is judged again at each check of its figure
def bare(label: str) -> bool:
    """The label names no thing, only a measure, a move, a time or a marker (持股, 拟股权,
    注册资本持股, 同比增长, 估计通胀率), so it cannot say whose its number is."""
    body = _NUMBER_CHARS.sub("", label)
    if _INDEX.search(label):
        return False  # 甲指数涨, 道指涨: an index is named by what precedes 指数 (指)
    if any(f == "q" and len(w) >= 2 for w, f in pos_words(body) if _HAS_TEXT.search(w)):
        return False  # 英镑日内重挫: a currency, tagged as a unit
    return not _names(body) and not _refers(body)


def _shares_pair(word: str, title: str) -> bool:
    return word in title if len(word) < 2 else shares_pair(word, title)


# 在9月的美联储会议上: a setting, not whose number it is.
_SETTING = re.compile(r"在[^在]{1,16}?(?:会议上|会上|期间|上|中)")


def proper_name(w: str, f: str) -> bool:
    """A person's, an organisation's or a Latin name (Miran, 摩根大通), not a term (IPO, token)."""
    if f == "eng":
        return w[:1].isupper() and not (_CAPS.match(w) and len(w) <= _TERM_LEN)
    return f.startswith(("nr", "nt", "nz")) and len(w) >= 2


_TERM_LEN = 3  # a word in capitals this short is a term (IPO, AI, ETF), not a name


def _proper_before(clauses: list[str]) -> list[str]:
    """The proper names of the nearest clause (last first) that names one as its actor: not a
    speaker (…表示，) or a source (据…，), who report a number rather than own it."""
    for clause in reversed(clauses):
        clause = _SETTING.sub("", clause)
        if SAYS.search(clause) or clause.lstrip().startswith(("据", "根据")):
            continue
        ws = [w for w, f in pos_words(clause) if proper_name(w, f)]
        if ws:
            return ws
    return []


def _nearest(clauses: list[str]) -> str | list[str]:
    """'main' or the names of the nearest clause (last first) that refers to or names anything."""
    for clause in reversed(clauses):
        clause = _SETTING.sub("", clause)
        if not _HAS_TEXT.search(clause):
            continue
        words = [w for w, f in pos_words(clause) if w in _MAIN_REFS or _is_name(w, f)]
        if words:  # the word nearest the number decides: 他估计关税使通胀率 is 关税's
            return "main" if words[-1] in _MAIN_REFS else [w for w in words if w not in _MAIN_REFS]
    return ""


# A bare line this deep in a long feature, with no name in its sentence: background, not news.
# Depth is the body text before the number's paragraph: list items and one-line headings
# (具体来看：, 业绩指引：) are paragraphs too, so a count of paragraphs reaches an earnings
# post's guidance after a few lines; DEEP_PARA is for callers that know only the index.
DEEP_CHARS = 500
DEEP_PARA = 6


@lru_cache(maxsize=4096)  # pure (all arguments immutable); asked again for the same line
def owned(
    label: str,
    sent: str,
    span: tuple[int, int],
    para: int,
    title: str,
    *,
    is_change: bool,
    depth: int | None = None,
) -> bool:
    """A bare label's number is the title actor's (see the module doc); any other label passes.

    `depth`: characters of the body before the number's paragraph (else `para` says how deep)."""
    if not sent or not title.strip() or not bare(label):
        return True  # no title: no actor to check the line against
    clauses = _CLAUSE.split(sent[: span[0]])
    clauses[-1] = clauses[-1].replace(label, "")
    if para < 0:  # the whole title is above the line: 暴涨超100%！ names nothing before it
        at = title.find(sent)
        before = title[: at + span[0]] if at >= 0 else sent[: span[0]]
        return bool(_nearest(_CLAUSE.split(before)))
    bracketed = sent.rfind("（", 0, span[0]) > sent.rfind("）", 0, span[0])
    # 10年期国债约1.8%的收益率: the clause's own name; a move (最终收涨) or a bracket (职工持股会，
    # 持股24.6%) the nearest name before it in the sentence.
    who = _nearest(clauses if is_change or bracketed else clauses[-1:])
    if who == "main":
        return True
    if who:  # the name nearest the number: 该协议将为英伟达带来 (英伟达), 2年期收益率 (not 美联储)
        return _shares_pair(who[-1], title)
    # the clause names no one: the sentence's nearest name before it is whose number it is
    # (Meta与Blue Owl合作…，…投资级债务融资270亿美元 is Meta's, not the title actor's)
    if any(_DEMONSTRATIVE.match(k.lstrip()) for k in clauses):
        return False  # 这只…的ETF…，在关闭前管理资产约300万美元: the ETF's, not the title's
    if (depth < DEEP_CHARS) if depth is not None else (para < DEEP_PARA):
        # the lead carries the title's actor on, unless the clause before names another actor
        # (…只有Miran投出反对票，要求降息50个基点: his call, not the committee's)
        other = _proper_before(clauses[:-1])
        return not other or any(_shares_pair(w, title) for w in other)
    # deep in a feature: the sentence's nearest clause that names anyone says whose it is (甲方与
    # 乙方合作建设…，并完成投资级债务融资270亿美元 is their deal, not the title actor's)
    before = _nearest(clauses[:-1])
    return before == "main" or any(_shares_pair(w, title) for w in before)


# A clause opening on a demonstrative and a measure word (这只ETF, 这款产品, 此项交易: 这只在伦敦和
# 意大利上市的ETF…，在关闭前管理资产约300万美元 in wscn3756910, under a title on AMD): its subject
# is a thing the sentence before named, not the title's actor (not 这家/该: 这家公司 and 该公司
# are most often the title's company: _MAIN_REFS).
_DEMONSTRATIVE = re.compile(r"(?:这|那|此)(?:只|个|款|支|项|笔|批)")
# What opens a sentence before its subject: a source (据报道，根据监管文件，), a time, a lead-in.
_LEAD_IN = re.compile(
    r"^(?:[^，,：:]{0,16}(?:显示|报道|称|表示|指出|文件|数据|消息|来看|方面)[，,：:]|"
    r"[^，,：:]{0,12}(?:日|月|年|周[一二三四五六日]|当地时间)[，,])"
)
# Organisations, other proper names and Latin names own figures; people speak (Newton预计) and
# places are settings (北京时间, 纽约时间, 美伊) more often than owners.
_OWNER_TAGS = ("nt", "nz", "eng")
# Everyday words jieba's dictionary tags as places (上市 ns: em202606083762754657,
# em202605063729011977).
_NOT_PROPER = frozenset(("上市",))
_PERIOD_CODE = re.compile(r"^(?:Q[1-4]|H[12]|FY\d{0,4})$")  # 2026年Q1: a quarter, not a name
# A Latin word in capitals: a term (IPO, AI, ETF) or a ticker-like name (see opening_subject).
_CAPS = re.compile(r"^[A-Z0-9+\-.]+$")
# What may stand before a subject in its clause: times, adverbs, numbers, punctuation.
_BEFORE_SUBJECT = ("t", "d", "m", "q", "x", "c")
# After the subject, a partner (三星电子和SK海力士), so the subject is not the figure's alone.
_AND = re.compile(r"^(?:和|与|及|以及|、|跟|同)")
PERIOD_WORD = re.compile(r"[年季月度期]$")  # 财年, 上半年: a period, no owner (jieba: n)
# Between subject and number, a speech verb (商务部…表示，…同比增长18.6%): the figure is what
# the subject reports; in the number's own clause, a comparison (远高于沪深300指数的2.8%及10年期
# 国债约1.8%的收益率): the figure is what the subject is compared with. 直言 (speaks bluntly):
# wscn3767199 (…Kaneva在最新报告中直言：…供应损失可能高达每日1200万桶), wscn3776849, wscn3778529.
# 堪称 ("can be called") is no speech: 财报堪称炸裂 (em202605313755215553), 处罚力度堪称“史上最重”
# (em202606263784862257).
SAYS = re.compile(r"表示|(?<!堪)称|指出|认为|说|介绍|透露|强调|显示|报道|直言")
SAYS_END = re.compile(rf"(?:{SAYS.pattern})$")  # a clause that names who says (中邮证券指出)
_COMPARED = re.compile(r"高于|低于|超过|不及|较|(?<![同环])比|相比|相较")


def _owner_words(text: str, names: tuple[str, ...]) -> list[tuple[int, str]]:
    """(offset, word) of the words of `text` that name an organisation or product."""
    out, at, k = [], 0, 0
    ws = pos_words(text)
    while k < len(ws):
        w, f = ws[k]
        k += 1
        owner = f.startswith(_OWNER_TAGS) and _is_name(w, f) and w not in _NOT_PROPER
        if owner and _COUNTED.search(w):  # 美股三大|股指|期货: on to what the count counts
            while k < len(ws) and _counts_on(ws[k]):
                w, k = w + ws[k][0], k + 1
        if w in names or (owner and not _PERIOD_CODE.match(w)):
            out.append((at, w))
        at += len(w)
    return out


# A count of kinds closing a word jieba reads as a name (美股三大指数期货: em202604083696915450;
# 美股三大指数: em202510073528537850): the name is not whole without what it counts.
_COUNTED = re.compile(r"(?<!第)[两三四五六七八九十几]大$")  # not 第三大股东
# How a list moved, tagged a noun (三大指数全线走高: em202605063728052194, em202604083696915450;
# 三大指数集体上涨: em202509293526305867, em202509303527408421): not what it counts.
_HOW = frozenset(("全线", "集体"))
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _counts_on(word: tuple[str, str]) -> bool:
    """A noun (or one of our own words, x) going on with a counted name: 股指, 期货, 指数期货."""
    w, f = word
    return (f.startswith("n") or f == "x") and w not in _HOW and bool(_HAN.match(w))


def opening_subject(before: str, names: tuple[str, ...], *, caps: bool) -> tuple[int, str]:
    """(offset, name) of the one organisation or product name in `before` when it opens its
    clause after a source or time lead-in and has no partner (三星电子和SK海力士); (-1, '') else.
    `caps`: a Latin name in capitals may be it (AMD); else such a word is a term (IPO, AI) and
    from four letters on (KOSPI, ASML) only a name that stands in the way."""
    m = _LEAD_IN.match(before)
    head = m.end() if m else 0
    found = [
        (head + at, w)
        for at, w in _owner_words(before[head:], names)
        if caps or not _CAPS.match(w) or len(w) >= 4
    ]
    if len({w for _, w in found}) != 1 or (not caps and _CAPS.match(found[0][1])):
        return -1, ""
    at, who = found[0]
    opening = _CLAUSE.split(before[head:at])[-1]
    if any(not f.startswith(_BEFORE_SUBJECT) for _, f in pos_words(opening) if opening):
        return -1, ""  # not the clause's subject: 导致GraniteShares…, 关闭贵宾厅
    if _AND.match(before[at + len(who) :]):
        return -1, ""
    return at, who


def topic_owner(
    label: str, sent: str, span: tuple[int, int], title: str, names: tuple[str, ...] = ()
) -> str:
    """The name that opens the sentence, for a bare line `owned` refuses: Chinese carries a
    subject across commas until another is named (SpaceX近期提交了IPO申请，…，计划以1.75万亿美元
    估值: SpaceX's valuation), so the line can say whose by naming it.

    Precision first (a wrong owner misleads; a dropped line only leaves its slot empty): the
    sentence's opening subject (opening_subject), with no speech verb between it and the
    number, and no comparison and no name in the number's own clause but it (before the
    number, or after it: 以600亿美元估值收购Cursor)."""
    at, who = opening_subject(sent[: span[0]], names, caps=False)
    if not who:
        return ""
    between = sent[at + len(who) : span[0]]
    if SAYS.search(between) or who in label:
        return ""
    own = _CLAUSE.split(between)[-1]  # the number's own clause, up to it (past the subject)
    if any(not PERIOD_WORD.search(n) for n in _names(own)) or _COMPARED.search(own):
        return ""
    if _owner_words(_CLAUSE.split(sent[span[1] :])[0], names):
        return ""
    return who


def referent(sent: str, start: int, names: tuple[str, ...] = ()) -> str:
    """The company a 公司 before sent[start] refers to: the sentence's opening subject
    (财报方面，AMD盘后涨超7%，公司2026年Q1营收…: AMD), a name in capitals included: 公司 does
    not refer to a term such as IPO; '' when there is none."""
    return opening_subject(sent[:start], names, caps=True)[1]


def named_owner(sent: str, start: int, names: tuple[str, ...]) -> str:
    """The one company of the post's that the sentence names before sent[start], for a bare line
    (以中际旭创为例，公司…营收同比增约192%，净利润同比增约262%: 中际旭创净利润同比增); '' when it
    names none or two, when it speaks (…认为，), or when the number's own clause compares."""
    before = sent[:start]
    found = {n for n in names if n and n in before}
    if len(found) != 1:
        return ""
    who = found.pop()
    between = before[before.rfind(who) + len(who) :]
    if SAYS.search(between) or _COMPARED.search(_CLAUSE.split(between)[-1]):
        return ""
    return who
