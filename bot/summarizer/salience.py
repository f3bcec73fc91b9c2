"""Score the sentences of a post's first paragraphs by how much of its news they carry.

Pure and cheap: the title's names and numbers as character n-grams (titlewords.py), a few
structural cues (a figure, a time anchor, the lead position) and penalties for the sentence
shapes an editor never sends as the news: a question, a quote as the opening, a hypothesis,
background, a scene without an event, a column's preface.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.summarizer.events import anchored, states_call, states_event
from bot.summarizer.gist import speaker_gist
from bot.summarizer.headings import is_heading, view_heading
from bot.summarizer.sentencefit import without_asides, without_levels
from bot.summarizer.setup import drop_setup
from bot.summarizer.shapes import (
    OFF_TITLE_QUOTE,
    TIME_ONLY,
    quoted_company,
    shape_penalty,
    short_reference,
    time_only,
)
from bot.summarizer.text import (
    fold,
    quoted_sentences,
    strip_opener,
    with_aliases,
)
from bot.summarizer.titlewords import FUNCTION, Units, measure, title_units
from bot.summarizer.wirestyle import short_moves

__all__ = [
    "CALL_WEIGHT",
    "CONNECTIVE",
    "LEANING",
    "TURN",
    "Candidate",
    "Memo",
    "Units",
    "candidates",
    "measure",
    "title_units",
]

MAX_PARAGRAPHS = 12  # the news of a long article is in its first screen, never further
MAX_SENTENCES = 18  # past the first screen the inverted pyramid holds background
_LEAD_BONUS = (0.2, 0.1, 0.06, 0.03)
_DIGEST_BONUS = 0.25  # the editor's own digest is a summary already
FIGURE_WEIGHT = 0.06  # per figure a sentence states, up to three (a report gives its numbers)
ANCHOR_WEIGHT = 0.04  # a sentence dated to the news (当地时间, 9月30日, 截至…)

CALL_WEIGHT = 0.1  # a house's call (events.states_call): a research note's news, not its thesis

LEANING = 0.75  # alone, or after a sentence it does not follow
_NO_FACT = 0.75
_DEPTH_DECAY = 0.015
_DEPTH_FLOOR = 0.7  # neither figure, time nor reporting verb: a thesis, mood or metaphor


_ORDINAL_HEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)
# "相关报道" (em 202510093528798077, em 202510103530978687) and the reading-list headings that
# text.py already treats as boilerplate head other articles appended to this one.
_ELSEWHERE = re.compile(r"^(?:相关报道|相关阅读|延伸阅读|推荐阅读)[:：]?$")
_SETUP = re.compile(r"(?:当|如果|若|随着|虽然|尽管|由于|因为|为了)")
# A sentence that leans on the one before (这…, 对此…, 不过…): alone it does not stand.
# 即： / 换言之 / 换句话说 / 也就是说 restate the sentence before: 即 (em 202608073835439669),
# 换句话说 (em 202605133734925253, em 202606053762151034), 换言之 (em 202605103732411071),
# 也就是说 (em 202511023552785386). 比如 / 例如 give an example of what the sentence before says
# (em 202601273631072077, 36kr 3836068296209537; wscn 3756728, em 202601283632671519).
_LEANING = re.compile(
    r"^(?:比如|例如|这|此|该|其|那|对此|为此|因此|由此|于是|所以|不过|但是|但|然而|而|只是|同时|此外|另外|与此同时|受此|"
    r"除此之外|随后|其中|具体来看|具体而言|特别是|尤其是|首先|其次|再次|最后|一是|二是|三是|第[一二三]|彼时|"
    r"即(?=[：:，,])|换言之|换句话说|也就是说|"
    # after the news the sentence before told (消息公布后，Figma股价单日重挫约15%): outside the
    # gold files in wscn3770004, wscn3772767, wscn3771799, em202608123839461951
    r"(?:消息|公告|财报|数据|业绩)(?:公布|发布|传出|宣布|披露|出炉)(?:后|之后))"
)
# A connective that only links to the sentence before ("不过，特斯拉全年营收下降3%"): without it
# the sentence still says its fact, so shown first it is dropped instead of the sentence. What
# is left after it may still lean (不过，这一…), and then the sentence needs its antecedent.
CONNECTIVE = re.compile(
    r"^(?:与此同时|除此之外|另一方面|此外|另外|同时|不过|但是|然而|只是|因此|由此|于是|所以|随后|"
    r"而(?=据|在|从|[^，,。]{0,30}[，,])|但(?=[^这此该其])|"
    # 根据这些数据，/ 鉴于此，: what it points back to is not shown (wscn3773915: the summary read
    # "根据这些数据，Anthropic提出…" with no data; 36kr3879814941437956 鉴于此)
    r"(?:根据|基于|鉴于)(?:这些|上述)[^，,。]{0,6}|(?:鉴于|基于|据)此)[，,]?\s*(?=.{12})"
)
# "公司…" as the subject: the company named in a sentence before (or only in the title).
_BARE_COMPANY = re.compile(r"^(?:(?:目前|现阶段|当前|同时|今年|去年)[，,]?)?公司(?![债法])")
# 从结构看，/ 从行业来看，/ 从具体数据看，: a closer look at what a sentence before said; it may
# follow that sentence, never open the summary (从结构看，…贷款余额占…60.6% before the total)
_CLOSER_LOOK = re.compile(r"^从[^，,。]{1,8}?(?:看|来看|上看)[，,]")


# The writer's comment tacked on to the fact: "…，折射出这一行业的深层结构性困境" (wscn 3778529),
# "…，向市场证明其商业航天版图正在快速扩张" (wscn 3771799), "…，这一事件为…市场敲响警钟"
# (wscn 3756910), "…，凸显出被动投资资金的庞大力量" / "…，预示着资金面的宽松预期不如之前乐观"
# (long posts outside the gold). The fact stands without it. So does the good it is said to do:
# "…，帮助潜在客户全面评估产品" (em 202607223816082260, em 202606053760782246 帮助其走向国际市场),
# "…，助力国产光子产业自主可控" (36kr 3879991356157952, em 202601263630014963).
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_COMMENT_TAIL = re.compile(
    r"(?=[，,])(?:"
    r"(?<=.{15})[，,](?:也|更|进一步|从而|进而|这一事件|这)?"
    r"(?:折射|揭示|凸显|展现|彰显|预示着|向市场证明|为[^，,。]{1,20}敲响[^，,。]{0,3}警钟|帮助|助力)"
    r"[^，,。]*[。！]?$"
    r")"
)
# Someone's view: a named speaker with a verb of saying or judging (高盛预计, 策略师认为).
_SAYS = re.compile(
    r"(?:认为|表示|指出|称|预计|预测|预期|估计|判断|分析|警告|强调|写道|提到|坦言|直言|看来)"
)
# What a source says, opening on a pointer back ("媒体援引OGE披露文件称，这些交易涵盖…"): the
# frame names who says it, not what "these" are; the sentence needs the one before it.
_FRAMED_LEANING = re.compile(
    r"^[^，,。；;]{0,30}(?:" + _SAYS.pattern + r"|显示|透露)[，,：:]\s*(?:这|此|该|其|那)"
)
# A judgement, not a record: what may, should or is expected to happen. Met right after the
# sentence naming its holder in wscn 3756536 (策略师认为…。收益率可能需要…), wscn 3756709
# (高盛认为…。成本的下降意味着…), wscn 3774272 (评论指出…。…收入将会减弱).
_VIEW = re.compile(
    r"可能|或将|或许|也许|有望|料将|恐将|预计|需要|应当|应该|势必|将会|意味着|不排除"
)


CLEAN_SHAPE = 0.9  # shape penalty of a sentence with no hook shape (question, quote, background…)
_TITLE_SHARE = 0.25  # of the title's weight: a sentence saying that much says its event
_SHORT = 12  # shorter than this, a sentence is a cheer or a heading (大反攻来了！)


def _join_short(sentences: list[str], units: Units) -> list[str]:
    """A short sentence that says the title's event goes on from the one before it ("…以及配套规则
    进行修改。现向社会公开征求意见。" under "证监会就…公开征求意见"): alone it is too short to
    stand, dropped it takes the headline's verb with it, so it is kept with its antecedent."""
    out: list[str] = []
    total = sum(units.values()) or 1.0
    for s in sentences:
        if out and len(s) < _SHORT and s.endswith("。") and not _LEANING.match(s):
            said = sum(units[u] for u in measure(s, units)[0]) / total
            if said >= _TITLE_SHARE:
                out[-1] += s
                continue
        out.append(s)
    return out


def _credit(house: str, s: str) -> str:
    """The sentence with the house that holds the view: "广发策略：…", "广发策略认为，…"."""
    if s.startswith("我们"):
        return house + s[2:]
    s = CONNECTIVE.sub("", s, count=1)  # 中国银河证券：但交易拥挤…: the turn is the section's
    return f"{house}认为，{s}" if "：" in s or ":" in s else f"{house}：{s}"


def _says(s: str) -> bool:
    return bool(_SAYS.search(s))


@dataclass(slots=True)
class Candidate:
    text: str  # the sentence as shown: opener stripped, cut to fit
    raw: str  # the whole sentence, opener stripped: to cut it shorter beside another
    index: int  # position in the post: the summary keeps the post's order
    units: frozenset[str]  # title units it carries
    figures: frozenset[str]  # the figures it states (number + unit as written, folded)
    lead: float
    penalty: float  # 1.0 clean, lower for the shapes that are not the news
    cut: bool  # shown only up to a clause boundary: nothing may follow it
    anchor: bool = False  # says when: a report, not a comment
    leaning: bool = False  # opens on 这/而/受此…: reads only after the sentence before it
    orphan: bool = False  # leans even with its connective dropped (这…/其中…): never shown first
    headless: bool = False  # orphan, its subject a bare 公司 (named only before it), a closer look
    link: str = ""  # "其中，" before a subject named already: dropped when shown on its own
    digest: bool = False  # the editor's digest, not the body
    fact: bool = True  # states a figure, a time or a reported act: not a thesis, mood or scene
    prefixes: list[str] | None = None  # its complete clause prefixes, computed when needed
    shape: float = 1.0  # its shape penalty alone (question, quote, background…), not its depth
    call: bool = False  # a house's call (维持…评级, 目标价上调至…): see CALL_WEIGHT
    score: float = 0.0


_COMMA = re.compile(r"[，,]")


def _question_tail(s: str) -> str:
    """ "酿酒板块多股大涨，北上资金扫货近60亿，大行情要来？": the facts without the teaser."""
    if not s.endswith(("？", "?")):
        return s
    head, _, tail = s[:-1].rpartition("，")
    if len(head) < 15 or "？" in head or "?" in head or len(tail) > 20:
        return s
    if _SETUP.match(head) or _SETUP.match(_COMMA.split(head)[-1]):
        return s  # "当…，这场战争将走向何方？", "…的是，如果…，它们还能活吗？": the clause hangs
    return head + "。"


_MOVE_FIGURE = re.compile(r"[涨跌升降][^，。]{0,3}\d")


def _informative(s: str) -> bool:
    if len(s) < _SHORT and not _MOVE_FIGURE.search(s):
        return False  # 大反攻来了！ (but 恒指跌0.12%。 opening a wrap is its headline fact)
    if _ORDINAL_HEAD.match(s) and len(s) < 30:
        return False  # （一）一般公共预算收入情况。 is a section heading
    return not s.endswith(("：", ":"))  # introduces a quote or a list


def candidates(
    units: Units,
    paragraphs: list[str],
    digest: str | None,
    fit: Callable[[str], tuple[str, bool] | None],
    *,
    reach: int = 1,
    memo: Memo | None = None,
) -> list[Candidate]:
    """Scored sentences of the digest and the first paragraphs, each cut to fit the push.

    `reach` widens the first screen: a headline number a wrap states far down (its commodities
    section) is looked for there, and only there (headline.py). `memo`: shared by the calls for
    one post with the same `units` and `fit` (the wider screen reads the same first sentences
    again), so each sentence is cut and measured once."""
    total = sum(units.values()) or 1.0
    # A flash item (one paragraph, no digest) opens on its news: hooks belong to features.
    flash = len(paragraphs) == 1 and not digest
    raw: list[tuple[str, bool, str | None]] = []
    speaker: str | None = None  # the house whose view the current section gives
    said: set[int] = set()  # sentences whose view is someone's: said in the sentence before
    if digest:
        raw.extend((s, True, None) for s in quoted_sentences(digest))
    for para in paragraphs[: MAX_PARAGRAPHS * reach]:
        if _ELSEWHERE.match(para):
            break  # what follows is another article
        house = view_heading(para)
        if house or is_heading(para):
            speaker = house
            continue
        first = len(raw)
        raw.extend(
            (s, False, speaker if speaker and speaker not in s else None)
            for s in _join_short(quoted_sentences(para), units)
        )
        for k in range(first, len(raw)):
            before = raw[k - 1][0] if k > 0 else ""
            if (k > first or before.endswith(("：", ":"))) and _says(before):
                said.add(k)
        if len(raw) >= MAX_SENTENCES * reach:
            break
    out: list[Candidate] = []
    n_body = 0
    memo = {} if memo is None else memo
    for index, (sentence, from_digest, house) in enumerate(raw):
        if (sentence, house) not in memo:
            memo[(sentence, house)] = _assess(sentence, house, units, fit)
        got = memo[(sentence, house)]
        if got is None:
            continue
        bare, s, shown, cut, have, figures, low, shape, dated = got
        if from_digest:
            lead = _DIGEST_BONUS
        else:
            lead = _LEAD_BONUS[n_body] if n_body < len(_LEAD_BONUS) else 0.0
            n_body += 1
        c = Candidate(
            text=shown,
            raw=s,
            index=index,
            units=have,
            figures=figures,
            lead=lead,
            penalty=shape,
            cut=cut,
            digest=from_digest,
            shape=shape,
        )
        coverage = sum(units[u] for u in have) / total
        c.anchor = anchored(low)
        # "彭博策略师认为，…。2年期收益率可能需要攀升至1%以上。": alone, the second states the
        # strategist's view as a fact; it may only follow the sentence that names who says it.
        viewed = index in said and bool(_VIEW.search(bare)) and not _says(bare)
        c.leaning = (
            bool(_LEANING.match(bare) or _FRAMED_LEANING.match(bare))
            or viewed
            or ("《" in bare and short_reference(bare, "".join(r[0] for r in raw[:index])))
        )
        among = _AMONG.match(bare)
        if among and _named_before(bare[among.end() :], units, raw[:index]):
            c.link = among.group()  # "其中，戴尔科技…": the sentence names its own subject
        else:
            c.orphan = viewed or bool(
                c.leaning and _LEANING.match(CONNECTIVE.sub("", bare, count=1))
            )
        c.headless = c.orphan or bool(_BARE_COMPANY.match(bare) or _CLOSER_LOOK.match(bare))
        # States a figure, a time or a reported act (a flash's first sentence is its news).
        fact = states_event(low, bool(c.figures), c.anchor) or dated
        # a flash item is its news throughout; a house's view in a roundup is that section's news
        c.fact = fact = fact or flash or bool(house)
        if not fact:
            c.penalty *= _NO_FACT
            c.lead *= 0.3  # the lead bonus is for a news lead, not for a thesis or a mood
        c.penalty *= max(_DEPTH_FLOOR, 1.0 - _DEPTH_DECAY * index)  # 倒金字塔: later, less
        c.score = coverage + FIGURE_WEIGHT * min(len(c.figures), 3) + ANCHOR_WEIGHT * c.anchor
        c.call = not flash and states_call(low)
        c.score += CALL_WEIGHT * c.call
        c.score = (c.score + c.lead) * c.penalty
        if c.leaning:
            c.score *= LEANING
        out.append(c)
    _turn_from_mood(out)
    _unseat_scene(out, units)
    return out


_Words = frozenset[str]
_Assessed = tuple[str, str, str, bool, _Words, _Words, str, float, bool]
Memo = dict[tuple[str, str | None], _Assessed | None]  # (sentence, house) -> what _assess made


def _assess(
    sentence: str, house: str | None, units: Units, fit: Callable[[str], tuple[str, bool] | None]
) -> _Assessed | None:
    """What candidates() makes of a sentence before its place counts: (bare, s, shown, cut,
    have, figures, low, shape, dated); None when it is no candidate."""
    # 记者（下称“每经记者”）注意到，: the alias first; a wire's closes said short (wirestyle.py)
    head = with_aliases(short_moves(sentence))
    bare = strip_opener(head)
    # the opener dropped may date the report (据英国《金融时报》周一报道，…): still a dated report
    opener = fold(head[: -len(bare)]).lower() if bare != head and head.endswith(bare) else ""
    dated = bool(opener) and states_event(opener, False, anchored(opener))
    bare = without_levels(without_asides(bare))
    bare = _COMMENT_TAIL.sub("。", _question_tail(drop_setup(bare, units)))
    if not _informative(bare):
        return None
    s = _credit(house, bare) if house else bare
    fitted = fit(s)
    if fitted is None:
        return None
    shown, cut = fitted
    have, figures = measure(shown, units)
    if cut and (gist := speaker_gist(s, units)) and (whole := fit(gist)) and not whole[1]:
        # a reported view cut before its point: its speaker and the clauses the title says
        says = measure(whole[0], units)
        if says[0] > have:
            shown, (have, figures) = whole[0], says
    shape = shape_penalty(bare) * (TIME_ONLY if cut and time_only(shown) else 1.0)
    if (quoted := quoted_company(bare)) and not any(quoted in u or u in quoted for u in units):
        shape *= OFF_TITLE_QUOTE  # another company's closing price: a roundup's filler
    return bare, s, shown, cut, have, figures, fold(shown).lower(), shape, dated


_CALENDAR = re.compile(r"\d{1,2}月\d{1,2}日")
TURN = re.compile(r"^(?:不过|但是|然而|但|可是)")
_AMONG = re.compile(r"^其中[，,]\s*")
_NAME_HEAD = re.compile(r"[a-z][a-z0-9]+|[\u4e00-\u9fff]{2}")


def _named_before(rest: str, units: Units, before: list[tuple[str, bool, str | None]]) -> bool:
    """Whether what follows 其中 opens on a name the title or an earlier sentence gave: then it
    says whose figures they are ("其中，某公司一季度营收…"), while "其中，研发支出…" does not."""
    m = _NAME_HEAD.match(fold(rest).lower())
    if not m or set(m.group()) & FUNCTION:
        return False
    name = m.group()
    return name in units or any(name in fold(s).lower() for s, _, _ in before)


def _turn_from_mood(out: list[Candidate]) -> None:
    """A lead that states no fact and the turn right after it ("…以上涨结束上半年行情。不过，近几
    周…半导体股成为主要的下跌板块"): the lead is the foil, the turn is the news. The turn loses its
    connective when shown alone, so it does not lean."""
    body = [c for c in out if not c.digest]
    if len(body) < 2 or body[0].fact:
        return
    lead, turn = body[0], body[1]
    if turn.index == lead.index + 1 and turn.leaning and not turn.orphan and TURN.match(turn.raw):
        turn.score /= LEANING


_LEAD_REACH = 3  # the sentences after the lead that still belong to the opening


def _unseat_scene(out: list[Candidate], units: Units) -> None:
    """A lead that names none of the headline's actors and states none of its figures is a scene
    or a thesis ("上周五市场还在庆祝…", "X的裂缝，正在变成Y的地震") when a sentence right after it
    states the headline's number: the lead bonus goes to no one. A lead naming the actor
    (company leads) or stating a figure (market wraps) keeps it."""
    body = [c for c in out if not c.digest]
    if not body or not units.amounts or body[0].lead != _LEAD_BONUS[0]:
        return
    lead = body[0]
    if lead.figures or lead.units & units.first or lead.units & units.numbers.keys():
        return
    if _CALENDAR.search(lead.text):
        return  # "美股三大指数08月07日收盘全线上涨。": a dated report heads the wrap
    if any(c.figures and c.units & units.amounts for c in body[1 : 1 + _LEAD_REACH]):
        lead.score -= lead.lead * lead.penalty * (LEANING if lead.leaning else 1.0)
        lead.lead = 0.0
