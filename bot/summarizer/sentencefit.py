"""A sentence cut to fit a push: only at a clause boundary, never leaving a clause that cannot end
(a reporting verb, a conjunction, a subordinate 尽管…), an aside or a list cut mid-way, or an
unclosed quote or bracket. Pure string rules, no I/O.
"""

from __future__ import annotations

import re

# A clause that cannot end a summary: its object or main clause was cut away.
_DANGLING_END = re.compile(
    r"(?:表示|指出|称|认为|显示|表明|证明|说明|意味着|透露|强调|介绍|说|提到|写道|坦言|预计|预测|预期|估计|宣布|决定|"
    r"包括|如下|例如|比如|其中|以及|和|与|及|或|但|而|并|且|的|是|为|将|对|在|从|由|以|因|于|把|被|"
    r"情况下|背景下|前提下|之际|之下|期间|之后|以来|时候|同时|数据|相比|相较|看到|发现|注意到|可见|"
    r"(?<![日月年天周])后|[，,](?:下一步|下一阶段|接下来|未来|今后|此后|目前|当前))$"
)
# A match of it is at most 5 characters (，下一阶段), and $ may stand before a last newline: a
# search from this far before the end finds what a search of the whole clause finds.
_DANGLING_REACH = 8
# A clause that only sets up what comes next (尽管…, 如果…): keeping it alone breaks the meaning.
_SUBORDINATE_START = re.compile(
    r"^(?:尽管|虽然|虽|如果|若|假如|即便|即使|由于|因为|随着|为了|只要|除了|作为|根据|按照|依据|基于|鉴于"
    # a comparison waits for what it is compared to say: "…，但相较于上周五分别高达4.2%和2.6%的
    # 跌幅，反弹力度明显不足" cut after 跌幅 says nothing
    r"|(?:但|而|不过)?(?:相较于?|相比于?|相对于|比起|较之)"
    r"|[^，]{0,14}(?:相比|相较)$"
    # a frame of time or circumstance waits for its clause: "…理由是历史规律表明，在类似动荡时期"
    r"|在[^，]{1,14}(?:时期|时候|时|期间|之际|之后|以后|之前|以前|后|前|中|下)$"
    # "截至10月9日，" dates the clause after it: "…数据显示，截至10月9日。" says nothing
    r"|(?:截至|截止)[^，]{0,14}$)"
)
# The next clause goes on with the same list ("拼多多、小米等公司，以及美股…龙头密集披露"): the
# prefix before it is a subject without its verb.
_COORDINATED = re.compile(r"^\s*(?:以及|及其|乃至|还有)")
# The clause after is one more attribute of a noun that ends the sentence ("召回两批规格为100毫克，
# 批次为2141001-1A和2141002-1A的瑞德西韦注射液"): cut before it, the object is never named.
_HEAD_NOUN_AFTER = re.compile(
    r"^\s*[\u4e00-\u9fff]{1,4}为[^，,；;。]*的[\u4e00-\u9fffA-Za-z]{2,12}[。！]?\s*$"
)
# "…之间——这个黏性指标，接近…": cut after the dash, the aside or new subject hangs; a dash that
# names what came before ("配套公告——《关于…的公告》") is whole.
_OPEN_ASIDE = re.compile(r"——(?!《[^》]*》$|“[^”]*”$)[^—]*$")
_PAIRS = (
    ("“", "”"),
    ("‘", "’"),
    ("《", "》"),
    ("（", "）"),
    ("(", ")"),
    ("「", "」"),
    ("【", "】"),
)
_BRACKETS = re.compile(r"[“”‘’《》（）()「」【】\"]")


def balanced(text: str) -> bool:
    if not _BRACKETS.search(text):
        return True
    return all(text.count(a) == text.count(b) for a, b in _PAIRS) and text.count('"') % 2 == 0


# …and a Latin full stop after Chinese or a number (涨超9%.): 。 ends the sentence, not ".。"
_TRAILING_MARKS = re.compile(r"(?:[，,；;：:、]|(?<=[\u4e00-\u9fff\d%])\.)+$")
_TRAILING_MARK_CHARS = "，,；;：:、.\n"  # what a match of it ends on ($ also before a last \n)
_ENDED = re.compile(r"(?:[。！？!?]|…)[”’」』）)\"]*$")
_ENDED_CHARS = '。！？!?…”’」』）)"\n'  # what a match of it ends on ($ also before a last \n)
# A clause ends at a comma or semicolon, or before a dash that opens an elaboration ("…的第三次融资
# ——6月刚完成…配售"): what comes before the dash is whole. Not before an aside closed by a second
# dash ("…约5%的收益率——远高于…——对投资者构成吸引力"): the predicate follows it.
_AFTER_CLAUSE = re.compile(r"(?<=[，；,;])|(?<=[^—])(?=——(?!.*——))")
_CLAUSE_MARK = re.compile(r"[，；,;]")
# A numbered list after a colon (提出“四要”：一要…；二要…；三要…): a cut between its items
# drops the ones announced (editors: "lists only two of the four and stops").
_ENUMERATED = re.compile(r"[：:]\s*(?:第一|一[是要则来方])")
_NEXT_ITEM = re.compile(r"(?:第[二三四五六七八九十]|[二三四五六七八九十][是要则来方])")


def end_sentence(sentence: str) -> str:
    s = sentence.rstrip()
    if s[-1:] in _TRAILING_MARK_CHARS:  # else nothing to strip: no scan of the sentence
        s = _TRAILING_MARKS.sub("", s)
    if s[-1:] not in _ENDED_CHARS or not _ENDED.search(s):
        s += "。"  # …… already ends a sentence: no "……。"
    return s


def clause_prefixes(sentence: str) -> list[str]:
    """Every clause-boundary prefix of the sentence that reads as complete, shortest first."""
    out: list[str] = []
    acc = ""
    parts = _AFTER_CLAUSE.split(sentence)
    for k, part in enumerate(parts[:-1]):
        acc += part
        body = acc.rstrip("，；,;")
        if body.endswith("—"):
            continue
        if len(body) < 15 or not balanced(body):
            continue
        last = _CLAUSE_MARK.split(body)[-1]
        if _DANGLING_END.search(body, len(body) - _DANGLING_REACH) or _SUBORDINATE_START.match(
            last.strip()
        ):
            continue
        # "…：一只为避雷器、绝缘子“小巨人”" or "…——这个黏性指标": what the colon or the dash
        # opened was cut off
        aside = "：" in last or (last.count("——") % 2 and _OPEN_ASIDE.search(last))
        if (
            aside
            or _COORDINATED.match(parts[k + 1])
            or _HEAD_NOUN_AFTER.match("".join(parts[k + 1 :]))
        ):
            continue  # an aside opened by —— or a list going on (…，以及…) was cut mid-way
        if _ENUMERATED.search(body) and _NEXT_ITEM.search("".join(parts[k + 1 :])):
            continue  # “四要”：一要…；二要…: the announced list stops after two of four
        if _SUBORDINATE_START.match(body) and body.count("，") + body.count(",") < 1:
            continue
        out.append(body + "。")
    return out


def fit_sentence(sentence: str, max_chars: int) -> str | None:
    """The sentence if it fits, else its longest clause-boundary prefix that reads as complete."""
    return _fit(sentence, end_sentence(sentence), max_chars)


def _fit(sentence: str, s: str, max_chars: int) -> str | None:
    """fit_sentence() with the sentence already ended (`s`, its end_sentence)."""
    if len(s) <= max_chars:
        return s if balanced(s) else None
    best = None
    for prefix in clause_prefixes(sentence):
        if len(prefix) > max_chars:
            break
        best = prefix
    return best


# A gloss in brackets (an English name, an expansion): "星尘智能（Astribot）",
# "IPO（首次公开募股）".
_GLOSS = re.compile(r"[（(][^（）()\d，,。]{1,30}[）)]")


def compact(sentence: str) -> str:
    """The sentence without its glosses, when it does not fit whole with them."""
    return _GLOSS.sub("", sentence)


# Asides in brackets that carry no news and take a summary's room: a stock's code after its name
# (清越科技（688496）, 福森药业(1652.HK): the ticker line shows it), a document's number
# (（发改就业〔2026〕847号）) and a note on the terms used (（行使超额配售选择权之前，下同）).
_ASIDE = re.compile(
    r"[（(]\s*(?:\d{6}(?:\.(?:SH|SZ|BJ))?|(?:SH|SZ|BJ)\d{6}|\d{4,5}\.HK|[A-Z]{1,5}\.(?:OQ|NQ|O|N|US)"
    r"|[^（）()]{0,30}〔\d{4}〕[^（）()]{0,12}号|[^（）()]{0,30}下同)\s*[）)]"
)


def without_asides(sentence: str) -> str:
    """The sentence without the bracketed asides a summary has no room for (see _ASIDE)."""
    return _ASIDE.sub("", sentence) if "（" in sentence or "(" in sentence else sentence


# A market wrap's level after its move ("沪指跌0.94%，收报3897.03点；深证成指跌2.70%，收报…"): the
# figure lines show each level with its move, so the summary keeps the moves and has room for the
# session's other news (its boards, turnover), as editors write it. Only after a move or a flat
# close in the same clause run, only an index level in points.
# (?=[…]): the characters a match opens with, so a scan skips other offsets in C
_LEVEL_AFTER_MOVE = re.compile(
    r"(?=[\d平])(?:"
    r"(\d%|平盘(?:报收)?)[，,]\s*(?:收报|报收于?|收于)\s*\d+(?:\.\d+)?点(?:(?=[，,。]|$)|[；;])"
    r")"
)


def without_levels(sentence: str) -> str:
    """The sentence without the index levels that follow their moves."""

    # the semicolon that closed a move and its level now closes a move alone: a comma reads on
    def keep(m: re.Match[str]) -> str:
        return m.group(1) + ("，" if m.group().endswith(("；", ";")) else "")

    return _LEVEL_AFTER_MOVE.sub(keep, sentence)


def fitted(sentence: str, max_chars: int) -> tuple[str, bool] | None:
    """The sentence as shown and whether it was cut (then nothing may follow it)."""
    ended = end_sentence(sentence)  # once: every sentence of a post's first screen comes here
    if len(ended) > max_chars:
        short = compact(sentence)
        if len(ended_short := end_sentence(short)) <= max_chars:
            sentence, ended = short, ended_short  # whole without its glosses rather than cut
    shown = _fit(sentence, ended, max_chars)
    return None if shown is None else (shown, shown != ended)
