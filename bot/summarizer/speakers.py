"""Who forecasts: the name a forecast line owes its reader.

A forecast, estimate or target is only as good as whoever made it: `预计电力设施投资 12.5万亿美元`
reads as the post's own finding, `摩根士丹利预计电力设施投资 12.5万亿美元` as one bank's view,
and editors fail a line that hides the difference (an estimate shown as the market's). The
sentence names the forecaster before the number: the subject of its speech verb
(`Bernstein今年稍早估计，…`, `彭博方面还预测，…`), the subject Chinese carries from an
earlier clause into a clause that opens on the verb (`摩根大通按概率加权后，预测…`), the source a
sentence opens with (`据QYResearch数据，…`), or, for a pronoun (`他预计…`), the name the sentence
before opens with. No name (`投资者普遍预计`, `知情人士透露`, `公司预计`): the line stays as it is.

Pure logic: text in, a name out.
"""

from __future__ import annotations

import re

from bot.summarizer.cand import Cand
from bot.summarizer.labels import pos_words, width
from bot.summarizer.modality import has_marker
from bot.summarizer.text import shares_pair
from bot.summarizer.whose import owned, proper_name, topic_owner

# A speech or forecast verb: the clause's subject says what follows (whose.SAYS's reporting verbs
# and modality's forecast verbs).
_SPEAKS = re.compile(r"表示|指出|认为|预计|预测|预期|估计|估算|测算|透露|写道|判断|(?<![据宣声])称")
# A source a clause opens with (据QYResearch数据，据彭博社报道，根据高盛测算).
_SOURCE = re.compile(
    r"^(?:根据|据)(?P<who>[^，,；;：:]{2,16}?)(?:的)?(?:数据|报道|统计|测算|估算|预测|研报|报告)?$"
)
_CLAUSE = re.compile(r"[，,；;：:]")
# A rating, the clause before a target price (大和首予其买入评级，目标价21港元: 202112082206826055;
# 摩根士丹利维持英伟达"增持"评级，目标价210美元: wscn3756521): its subject set the target.
_RATES = re.compile(
    r"(?:首予|给予|予以|维持|重申|上调|下调|调升|调降|首次覆盖)[^，,；;]{0,12}评级$"
)
# Who rates, where jieba splits a short name (大和: 大/a 和/c): a few characters, no pronoun.
_RATER = re.compile(r"[\u4e00-\u9fff]{2,4}|[A-Za-z][A-Za-z .&]{1,15}")
_NOT_RATER = frozenset(("机构", "券商", "分析师", "该行", "公司", "市场", "外资"))
# A pronoun for the forecaster, an adverb or a time after it (他预计, 该行此前预测, 其还表示).
_PRONOUN = re.compile(r"(?:他|她|其|该行|该机构)(?:此前|随后|同时|还|也|则|更|进一步)*")
PRONOUN = "<pronoun>"  # speaker(): the forecaster is the one the sentence before opens with
_TOPIC_END = ("方面",)  # 彭博方面: the name, not its side
MAX_LINE = 24  # a forecast line with its forecaster's name: longer than a plain one may be
MAX_NAME = 8  # display width of a forecaster's name (Latin letters count half)
# jieba's tags of proper names: an organisation, a person, another proper noun, a Latin name, an
# abbreviation (高盛/nr, 摩根/nz, 彭博/nr, Bernstein/eng, 大摩/nz).
_PROPER = ("nt", "nr", "nz", "eng", "j")
_BEFORE = ("c", "d", "t", "p")  # 而Bernstein, 此外, 今年: words before the subject


def speaker(sent: str, start: int) -> str:
    """The name of whoever the sentence says forecasts or reports the number at sent[start]:
    PRONOUN when a pronoun heads the verb (the sentence before names them), '' when no name
    does (投资者, 知情人士, 公司) or no one speaks."""
    clauses = _CLAUSE.split(sent[:start])
    for k in range(len(clauses) - 1, -1, -1):
        text = clauses[k].strip()
        if m := _SOURCE.match(text):
            return _name(m.group("who"))
        own = k == len(clauses) - 1
        if not own and (m := _RATES.search(text)) and (who := _rater(text[: m.start()])):
            return who  # 大和首予其买入评级，目标价21港元: the rater's target
        m = _SPEAKS.search(text)
        if not m or not (own or m.start() == 0 or m.end() == len(text)):
            # an earlier clause speaks for the number when it ends on the verb (花旗预计，…) or
            # opens on it (预测X…约1260亿元，对应Y约880亿元: the forecast runs on)
            continue
        if (before := text[: m.start()].strip()) and _PRONOUN.fullmatch(before):
            return PRONOUN  # 他预计…: named in the sentence before
        if before:
            return _name(before)
        # 摩根大通按概率加权后，预测…: the verb's subject heads an earlier clause, unless a
        # clause of figures comes between (its subject is what is measured, not who speaks);
        # a source the sentence opens with speaks for all of it (据QYResearch数据，…，预计…)
        carried = True
        for earlier in reversed(clauses[:k]):
            if m := _SOURCE.match(earlier.strip()):
                return _name(m.group("who"))
            if carried and (who := _name(earlier)):
                return who
            carried = carried and not any(ch.isdigit() for ch in earlier)
        return ""
    return ""


def _rater(before: str) -> str:
    """The name that heads a rating clause (大和, 摩根士丹利), '' for none or a pronoun."""
    before = before.strip()
    if _PRONOUN.fullmatch(before):
        return ""
    if who := _name(before):
        return who
    return before if _RATER.fullmatch(before) and before not in _NOT_RATER else ""


_SENTENCE_MARK = re.compile(r"[。！？!?]")


def forecaster_named(shown: str, c: Cand, title: str) -> str:
    """A forecast line (预计…, 目标价) with the name of whoever its sentence says made it, when
    the title does not name them (a company's own guidance in a post about it needs no name)."""
    if not shown or c.is_change or not c.sent or c.para < 0 or not has_marker(shown):
        return shown
    if _name(shown) or not owned(
        shown, c.sent, c.span, c.para, title, is_change=c.is_change, depth=c.depth
    ):
        return shown  # Miran提议…: a line with its doer; a hidden line stays hidden (owners.py)
    who = speaker(c.sent, c.span[0])
    if not who and (opener := topic_owner(shown, c.sent, c.span, title, c.names)):
        # no one speaks: the subject the sentence opens with, when it is one of the title's two
        # actors (Canva本周向投资者发出预警，年度营收增速将放缓至20% under Canva…、Figma…)
        who = opener if _named_in(opener, title) and _rival_in(opener, title) else ""
    if who == PRONOUN:  # 瑞银分析师…。他预计…: the name the last sentence opens with
        last = _SENTENCE_MARK.split(c.prior.rstrip('。！？!?”"’ '))[-1]
        who = _name(last)
    if not who or who in shown or width(who + shown) > MAX_LINE:
        return shown
    if _named_in(who, title) and not _rival_in(who, title):
        return shown
    return who + shown


def _rival_in(who: str, title: str) -> bool:
    """The title names another actor beside `who` (Canva主动降速、Figma自吞推理成本): a
    forecast line must say which of them made it."""
    return any(proper_name(w, f) and w not in who and who not in w for w, f in pos_words(title))


def _named_in(who: str, title: str) -> bool:
    """The title names `who` (a Latin name whole: Bernstein is not named by Vera's 'er')."""
    if who.isascii():
        return who.lower() in title.lower()
    return shares_pair(who, title)


def _name(text: str) -> str:
    """The proper name `text` opens with (after a conjunction, adverb or time), '' if none."""
    words = pos_words(text.strip()[:24])
    k = 0
    while k < len(words) and words[k][1].startswith(_BEFORE):
        k += 1
    name, proper = "", False
    for word, flag in words[k:]:
        if not flag.startswith(("n", "eng", "j")) or (flag == "nr" and len(word) == 1):
            break
        latin = name[-1:].isascii() and name[-1:].isalpha() and word[:1].isascii()
        name += (" " if latin else "") + word  # two Latin words keep their space
        proper = proper or flag.startswith(_PROPER)
    for end in _TOPIC_END:
        name = name.removesuffix(end)
    if not proper or len(name) < 2 or width(name) > MAX_NAME:
        return ""
    return "" if name.endswith("人士") else name
