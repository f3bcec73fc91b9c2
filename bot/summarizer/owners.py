"""Whose a line's number is, said in the line: the name its sentence gives the number's owner.

A label cut next to a number keeps the measure and loses the owner Chinese carries across
commas (SpaceX…，计划以1.75万亿美元估值), leaves to a verb's missing subject (…，拟转让仁智股份
19.51%) or to 公司. whose.py says whether a line is anyone's; these put the name in front where
the sentence (or the one before it) says it, so the line can be shown and read alone; and a
name the label's clean-up cut inside itself gets its last character back (whole_names).
"""

from __future__ import annotations

import re
from itertools import dropwhile

from bot.summarizer.cand import Cand
from bot.summarizer.duplicates import MOVE_WORDS
from bot.summarizer.labels import pos_words, width
from bot.summarizer.naming import short_terms
from bot.summarizer.subjects import nearest_actor
from bot.summarizer.text import clause_before, shares_pair
from bot.summarizer.whose import SAYS, bare, named_owner, owned, referent, topic_owner

MAX_ADDED_LINE = 18  # a label given what its sentence set (a period, a company) stays this short


def topic_named(shown: str, c: Cand, title: str) -> str:
    """A bare line names the sentence's subject where Chinese carried it across commas
    (SpaceX…，计划以1.75万亿美元估值: SpaceX计划估值): a line whose.py would drop as nobody's,
    and a lead line whose.py would give the title's actor when the subject is another."""
    if not shown or not bare(shown):
        return shown
    nobodys = c.several or not owned(
        shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth
    )
    who = topic_owner(shown, c.sent, c.span, title, c.names)
    if not who and not nobodys:  # a line shown anyway says whose it is, when its sentence does
        who = named_owner(c.sent, c.span[0], c.names)
    if not who or (not nobodys and who in title) or len(who + shown) > MAX_ADDED_LINE:
        return shown
    return who + shown


def actor_named(shown: str, c: Cand, title: str) -> str:
    """A bare line of the title's one company names it where the post names other companies
    too (美光…盘后股价最大涨幅 beside 西部数据涨超11%: 美光股价最大涨幅): the issue's subject
    "when the post has more than one". A line whose.py hides stays hidden."""
    if not shown or not c.actor or not c.names or c.para < 0 or not bare(shown):
        return shown
    if not owned(shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth):
        return shown
    who = c.actor
    if (near := _last_named(c.sent, c.span[0], c.names)) and near not in who and who not in near:
        who = near  # 紫金矿业表示，紫金黄金国际…；营业收入29.9亿美元: the subsidiary's
    if who in shown or width(who + shown) > MAX_ADDED_LINE:
        return shown  # 英伟达全年营收 (a name the tagger does not know) names it already
    return _name_before(who, shown)


def _last_named(sent: str, start: int, names: tuple[str, ...]) -> str:
    """The post's company the sentence names last before sent[start], unless it speaks there
    (紫金矿业表示，…: the speaker, not the subject); '' if none."""
    at, who = max(((sent.rfind(n, 0, start), n) for n in names), default=(-1, ""))
    if at < 0 or SAYS.match(sent, at + len(who)):
        return ""
    return who


def doer_named(shown: str, c: Cand, title: str) -> str:
    """A line that opens on a verb names no doer (拟转让仁智股份 19.51%, 与AI相关的RPO): a reader
    takes it for the title's actor's. The name heading the nearest clause of its sentence that
    opens with one did it (陈泽虹此次筹划…，拟转让…: 陈泽虹拟转让…), or, for 公司, the one the
    sentence before names; not when it is the title's only company. Only a line whose.py shows
    anyway is renamed: a hidden line stays hidden (a blind A/B read the lines such naming added
    as worse, 4 of 4)."""
    if not shown or c.is_change or not c.sent or c.para < 0:
        return shown
    if (c.several and bare(shown)) or not owned(
        shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth
    ):
        return shown  # a line whose.py hides stays hidden: naming a doer renames, never adds
    words = list(dropwhile(lambda w: w[1].startswith(_BEFORE_VERB), pos_words(shown)))  # 目前已占
    if not words or words[0][1] not in _DOER_MISSING or words[0][0] in MOVE_WORDS:
        return shown  # 上涨股票数量: a move that qualifies the noun after it
    who = nearest_actor(c.sent, c.span[0])
    if not who and c.prior and _COMPANY_CLAUSE.search(c.sent, 0, c.span[0]):
        # 公司近期发布的财报…，但与AI相关的RPO却飙升至4550亿美元: 公司 is the one the sentence
        # before named (在大会召开前，甲骨文已展现出…)
        last = c.sentence_before
        who = nearest_actor(last, len(last))
    if not who or who in shown or width(who + shown) > MAX_ADDED_LINE:
        return shown
    if shares_pair(who, title) and not c.several:  # the title's one company: the reader knows
        return shown
    return who + shown


_COMPANY = r"(?:该公司|公司)(?![债法])"  # 公司债, 公司法: not the company
_COMPANY_CLAUSE = re.compile(r"(?:^|[，,；;：:])\s*(?:但|而|同时)?" + _COMPANY)


# jieba tags of a verb or preposition opening a label (动用, 计划, 为, 向): no subject.
_DOER_MISSING = frozenset(("v", "p"))
_BEFORE_VERB = ("t", "d")  # a time or an adverb before the verb (目前已占): still no doer


# 公司 after the line's time words (一季度公司营业收入, 预计上半年公司营业收入, 目前公司生猪存栏量)
_TIME_HEAD = (
    r"(?:预计|此次|本次|目前|现阶段|今年|去年|明年|全年|\d{4}年|第?[一二三四1-4]季度|[前上下]半年|"
    r"前[一二三四五六七八九十\d]{1,2}(?:个月|季度)|\d{1,2}月(?:份)?|\d{1,2}日)*"
)
_THE_COMPANY = re.compile(f"^(?P<head>{_TIME_HEAD})(?:本|该)?公司(?![债法])")


def company_named(shown: str, c: Cand) -> str:
    """公司 in a post about several companies is the one its sentence named last before the
    number (以中际旭创为例，公司2026年一季度营收同比增约192%: 中际旭创一季度营收…); in a post
    about one, that one (一季度公司营业收入: 德龙汇能一季度营业收入), so the line reads alone."""
    m = _THE_COMPANY.match(shown)
    if not m or not c.sent:
        return shown
    before = c.sent[: c.span[0]]
    at, name = max((before.rfind(n), n) for n in c.names) if c.names else (-1, "")
    if at < 0:  # no company of the post's: the name the sentence opens with (AMD…，公司…)
        name = referent(c.sent, c.span[0], c.names) or c.actor
    if not name and c.several:
        return ""  # the title names two companies and the sentence neither: 公司 is whose?
    rest = m.group("head") + shown[m.end() :]
    if not name or len(name + rest) > MAX_ADDED_LINE:
        return shown
    return _name_before(name, rest)


def _name_before(name: str, label: str) -> str:
    """`name` put before `label`: a Latin name does not run into the year after it (AMD 2026年
    Q1营收)."""
    if label.startswith(_WRITER):
        # 估算潜在募资规模: the writer reckons, not the company (估算SK海力士潜在募资规模)
        return _WRITER + _name_before(name, label.removeprefix(_WRITER))
    gap = " " if name[-1:].isascii() and name[-1:].isalpha() and label[:1].isdigit() else ""
    return name + gap + label


_WRITER = "估算"  # the marker of the writer's own arithmetic (conditions.reckoned)


def sibling_named(chosen: list[tuple[Cand, str]], names: tuple[str, ...]) -> list[tuple[Cand, str]]:
    """A bare line names the company a line of the same sentence before it names (欧菲光实现营业
    收入98.37亿元…；归属于…净利润为-1.09亿元: 欧菲光上半年营业收入, then 欧菲光上半年归母净利润):
    two lines of one sentence, one named and one not, read as two companies' figures."""
    return [(c, _sibling_name(c, label, chosen, names) + label) for c, label in chosen]


def _sibling_name(
    c: Cand, label: str, chosen: list[tuple[Cand, str]], names: tuple[str, ...]
) -> str:
    """The company an earlier line of c's sentence opens with, for c's bare line; '' if none."""
    if not c.sent or not bare(short_terms(label)):
        return ""
    for o, named in chosen:
        if o is c or o.sent != c.sent or o.span[0] > c.span[0]:
            continue
        who = next((n for n in names if named.startswith(n) and n in c.sent), "")
        between = c.sent[o.span[1] : c.span[0]]
        fits = len(short_terms(who + label)) <= MAX_ADDED_LINE  # as shown (naming.py)
        if who and fits and not any(n in between for n in names):
            return who
    return ""


def whole_names(label: str, names: tuple[str, ...], sent: str) -> str:
    """A company's name cut inside itself gets its last character back (德龙汇能股票比例, not
    德龙汇股票比例; 英伟达跌, not 英伟跌): the segmenter does not know every listed name, splits it,
    and the label's clean-up drops the last piece as a particle or verb (能, 达). Only a name of
    three or more characters that the figure's sentence writes whole: its head alone (英伟) is
    then no word of its own."""
    for name in names:
        if len(name) < 3 or name in label or name not in sent:
            continue
        head = name[:-1]
        at = label.find(head)
        if at < 0 or label.find(head, at + 1) >= 0:
            continue
        if label[at : at + len(head) + 1] in sent:
            continue  # the sentence writes it so (中国中小企业 beside 中国中车): no cut name
        label = label[: at + len(head)] + name[-1] + label[at + len(head) :]
    return label


# A shareholder as the doer of a share deal written right before its verb (股东海螺水泥拟减持,
# 力芯微控股股东拟转让, 控股股东拟减持): the holder, not the company, sells. 股东 so used:
# em202605123733489387, dueec2e95b239cafba85ca348503a8742440 (控股股东拟减持, 股东拟减持).
_HOLDER = re.compile(
    r"(?P<who>[\u4e00-\u9fffA-Za-z]{0,8}?(?:控股股东|大股东|股东)(?!大?会)[\u4e00-\u9fffA-Za-z]{0,8}?)"
    r"(?P<verb>(?:拟|计划|将)?(?:减持|增持|转让|出售|受让|质押))$"
)


def holder_named(shown: str, c: Cand) -> str:
    """A share deal's line that opens on its verb (拟减持公司股份 不超1%) names the shareholder its
    clause writes as the doer (股东海螺水泥拟减持公司股份): read alone, the line is the company's
    own sale. Title lines too: the title names the company first, the holder after it."""
    if not shown or not c.sent or c.is_change:
        return shown
    m = _HOLDER.search(clause_before(c.sent, c.span[0]))
    if not m or not shown.startswith(m.group("verb")):
        return shown
    who = m.group("who")
    return who + shown if width(who + shown) <= MAX_ADDED_LINE else shown
