"""Text helpers shared by the figure extractor and the summary builder.

Pure functions over Chinese news text: width folding that keeps character offsets, sentence and
clause splitting, and removal of the boilerplate that Chinese outlets wrap around the news
(bylines, 来源 lines, disclaimers, 点击查看, app plugs).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

# Full-width forms we fold to ASCII for matching. Chinese punctuation (，：；（）！？) is kept as
# is: folding "，" to "," would glue "30，200家" into one number.
# A space that sets two headline phrases apart, not one inside a Latin name (iPhone Air, Model Y).
SPACE_BREAK = r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])"
_KEEP_WIDE = set("，：；（）！？")


def _fold_table() -> dict[int, str]:
    table = {0x3000: " ", 0xA0: " "}
    for cp in range(0xFF01, 0xFFEF):
        ch = chr(cp)
        if ch in _KEEP_WIDE:
            continue
        n = unicodedata.normalize("NFKC", ch)
        if len(n) == 1 and n != ch:
            table[cp] = n
    return table


_FOLD = _fold_table()
# Most text has nothing to fold; a C-speed scan for a foldable character skips translate there.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(cp)) for cp in sorted(_FOLD)) + "]")


def fold(text: str) -> str:
    """Fold full-width digits/letters/symbols (NFKC) one character at a time.

    The result has exactly the same length as the input, so a match found in the folded text
    can be sliced out of the original: the reported value stays exactly as the post writes it.
    """
    return text.translate(_FOLD) if _FOLDABLE.search(text) else text


SENTENCE_END = "。！？!?"
_SENT_RE = re.compile(r"[^。！？!?]*(?:[。！？!?]+[”’」』）)]*|$)")


def whole_sentences(text: str, limit: int) -> str:
    """The longest run of `text`'s whole sentences within `limit` characters (the cut
    `text[:limit]` when even its first sentence is longer)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.end() for m in _SENT_RE.finditer(head) if m.group(0).rstrip()[-1:] in _CLOSED]
    return head[: ends[-1]] if ends else head


_CLOSED = set(SENTENCE_END + "”’」』）)")  # what a whole sentence ends with


def sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping the end mark (and a closing quote) attached."""
    return list(_sentences(paragraph))


@lru_cache(maxsize=1024)  # the figures and the summary split the same paragraphs
def _sentences(paragraph: str) -> tuple[str, ...]:
    return tuple(s for m in _SENT_RE.findall(paragraph) if (s := m.strip()))


def quoted_sentences(paragraph: str) -> list[str]:
    """Sentences with a quotation kept whole: "他表示：“A。B。”" is one sentence, not a head with
    an open quote and a quoted fragment shown as if it were the writer's fact. A straight quote
    closing after the end mark ('…重建。"他给…') goes with the sentence it closes."""
    out: list[str] = []
    for s in sentences(paragraph):
        if out and s.startswith('"') and out[-1].count('"') % 2:
            out[-1] += '"'
            s = s[1:].lstrip()
            if not s:
                continue
        if out and out[-1].count("“") > out[-1].count("”"):
            out[-1] += s  # still inside the quotation
        else:
            out.append(s)
    return out


# Whole paragraphs that are never news: bylines, source lines, plugs, disclaimers.
_BOILER_PARA = re.compile(
    r"^(?:"
    r"本文作者|作者[:：]|文\s*[|｜丨]|编辑\s*[|｜丨:：]|责编|责任编辑|校对|审核|记者\s*[|｜丨]|"
    r"来源[:：]|图片来源|图源|资料来源|数据来源|题图|封面图|头图|"
    r"本文来自|本文首发|本文为|原标题|点击|扫码|扫描二维码|关注|欢迎|延伸阅读|相关阅读|推荐阅读|"
    r"免责声明|风险提示|声明[:：]|特别声明|郑重声明|注[:：]|"
    r"东财图解|（文章来源|\(文章来源|文章来源|"
    r"举报|版权|未经.{0,6}授权|更多.{0,10}请|下载.{0,10}APP"
    r")"
)
# A byline such as "36氪 詹妮妮 2018-07-09 09:45" or "投资界 2021-11-13 14:44".
# A newsroom's account credit: "投资界（ID：pedaily2012）? ?2021-04-10 10:54" alone is a
# byline; at the head of the lead ("投资界（ID：pedaily2012）4月9日消息，元气森林于日前…") it is
# an opener and the news follows (duee 3cfb6bd78c6acbdc611aa37a06bac1b6, duee 9355370d…).
_ACCOUNT = re.compile(
    r"^[^，。（(]{0,12}[（(]ID[:：][^）)]{1,30}[）)]\s*(?:\d{1,2}月\d{1,2}日)?(?:消息[，,：:]?)?\s*"
)
_BYLINE = re.compile(r"^\S{1,12}[\s?？]+.{0,12}\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}$")
_TRAILING_SOURCE = re.compile(r"[（(][^（）()0-9]{2,16}[）)]$")
_ORIGIN = re.compile(r"[（(]文章来源[:：][^）)]*[）)]")

# Openers to drop at the start of a sentence ("财联社9月30日电，", "据悉，", "记者获悉，").
# A column's bracketed tag heading a paragraph (【导读】, 【重要公告】): no part of the news, nor
# of a figure's label (labels, quoting).
COLUMN_TAG = re.compile(r"【[^】]{1,12}】")

_OPENERS = [
    _ACCOUNT,
    re.compile("^" + COLUMN_TAG.pattern),
    re.compile(r"^[\u4e00-\u9fffA-Za-z]{0,6}(?:市场|方面|行情|要闻|快讯|消息|盘面|焦点)[:：]\s*"),
    re.compile(
        r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])\s*"
    ),
    re.compile(r"^(?:核心提示|摘要|导读|编者按|编者的话)[:：]\s*"),
    # a dateline: 新华社华盛顿10月1日电, 财联社10月2日讯 (em202510023528176273), 2021年12月8日讯
    # (posts/2021-12-08-202112082206870651)
    re.compile(r"^[^，。,]{0,12}\d{1,2}月\d{1,2}日[电讯][，,：:\s]*"),
    re.compile(r"^[^，。]{0,12}(?:讯|消息)[（(]记者[^）)]{1,20}[）)][，,]?"),
    re.compile(r"^(?:具体|最新)?(?:数据|资料|统计|公告|财报)显示[，,：:]\s*"),
    re.compile(
        r"^(?:据悉|据了解|记者(?:从[^，]{1,30})?(?:获悉|了解到|注意到|发现)|另悉|又讯)[，,：:]\s*"
    ),
    re.compile(r"^[《]?[^，。]{1,10}[》]?记者(?:从[^，]{1,30})?(?:获悉|了解到|注意到)[，,：:]\s*"),
    # A newsroom credit before the news: "36氪获悉，" / "硬氪独家获悉，" (36kr 3836068296209537,
    # 36kr 3879991356157952), "红星资本局11月2日消息，" / "有研稀土今日官微消息，"
    # (em 202511023552785386, 2021-12-08 202112082206811771), "据追风交易台消息，" /
    # "据央视新闻，" (wscn 3756709, wscn 3756501): who heard it, not what happened.
    re.compile(r"^[^，。“”]{1,10}(?:独家)?获悉[，,：:]\s*"),
    # 华尔街见闻's pointer to its own earlier story (wscn3756937, wscn3774272 华尔街见闻此前提及，
    # wscn3775156, wscn3756513 上周华尔街见闻提及，): where it was told before, not news.
    re.compile(r"^(?:上周|此前)?华尔街见闻(?:此前|早前|曾)?(?:提及|提到)[，,：:]\s*"),
    re.compile(r"^(?!据)(?![^，。]*(?:知情|人士|援引|媒体))[^，。“”]{1,14}消息[，,：:]\s*"),
    # Not "据知情人士消息" / "据媒体援引…报道": there the attribution is the hedge, and stays.
    re.compile(
        r"^(?:然而)?据(?![^，。]*(?:知情|人士|援引|媒体))[^，。“”]{1,14}(?:消息|报道|写道|时讯)[，,：:]\s*"
    ),
    re.compile(
        r"^据(?![^，。]*(?:知情|人士|援引|媒体))[^，。“”\d]{1,6}[，,]\s*"
    ),  # 据中新网，据央视新闻，(wscn 3756490, wscn 3756501)
]
# The reporter inside a sentence: "经销商向蓝鲸新闻记者反馈" -> "经销商反馈" (em 202605133736331656,
# em 202509293526305867), "在接受上海证券报记者采访时表示" -> "表示" (em 202605133734924335,
# em 202603193676393196), "澎湃新闻记者从知情人士处获悉，" (em 202510103530978687,
# em 202510093528798077), "9月30日，据追风交易台消息，" (wscn 3756709-like openers mid-sentence).
_REPORTER = (
    re.compile(r"(?:在)?接受[^，。“”]{0,16}?记者[^，。“”]{0,4}?(?:电话)?(?:采访|专访)时"),
    re.compile(r"[向对][^，。“”]{0,12}?记者(?=表示|反馈|透露|介绍|坦言|直言|分析|指出|证实|称|说)"),
    re.compile(
        r"(?:^|(?<=[，,]))[^，。“”]{0,14}?记者[^，。“”]{0,30}?(?:获悉|了解到|注意到|显示)[，,：:]"
    ),
    re.compile(
        r"(?<=[，,])据[^，。“”]{1,14}(?:消息|写道|时讯)[，,]"
    ),  # 9月30日，据追风交易台消息，
    # The reporter's visit: "记者来到…市场探访发现，" (em 202510123531560583), "证券时报记者调查
    # 发现，" (em 202606123768729574): how the news was gathered, not the news.
    re.compile(
        r"(?:^|(?<=[，,]))[^，。“”]{0,8}?记者[^，。“”]{0,4}?(?:来到|走访|探访|实地探访|调查|到访)"
        r"[^。“”]{0,40}?(?:发现|看到|了解到|注意到)[，,]"
    ),
)


_PROMPT = re.compile(r"点击查看|查看更多|欢迎下载|阅读原文|关注我们")


@lru_cache(maxsize=4096)  # pure; each paragraph is checked before and after its cleaning
def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph that carries no news (byline, source, disclaimer, plug)."""
    p = paragraph.strip()
    if not p:
        return True
    if _BOILER_PARA.match(p) or _BYLINE.match(p):
        return True
    if _ACCOUNT.match(p) and len(_ACCOUNT.sub("", p)) < 20:
        return True  # the account credit and a date, no news
    return bool(len(p) <= 40 and _PROMPT.search(p))


def clean_paragraph(paragraph: str) -> str:
    """Strip inline boilerplate: （文章来源：…）, a trailing (上海证券报) tag, 点击查看 tails."""
    # each scan only where its words or its closing bracket are: a regex scan of every paragraph
    # for them cost more than the rest of the cleaning
    p = (_ORIGIN.sub("", paragraph) if "文章来源" in paragraph else paragraph).strip()
    if "点击查看" in p:  # rare: the scan for it was a tenth of cleaning a paragraph
        p = re.sub(r"[（(]?点击查看[^）)]*[）)]?", "", p).strip()
    if p.endswith(("）", ")")):  # what _TRAILING_SOURCE ends on (p is stripped: no last \n)
        p = _TRAILING_SOURCE.sub("", p).strip()
    return p


# Where it was said, before who said it: "在近日举办的“…高端论坛”上，…秘书长屈秀丽指出，"
# (posts 202112082206891114), "4月27日，在The Information于纽约举办的AI融资峰会上，多位投资者和
# 银行家发出警告：" (wscn3771054), "在财报发布后的电话会议上，…表示" : a scene; what was said is the
# news. Only before a speaker's verb (a launch at a conference keeps its venue: it is the event).
_VENUE = re.compile(
    r"(?:^|(?<=[，,]))在[^，。]{0,40}?(?:论坛|大会|会议|峰会|发布会|年会|研讨会|座谈会|说明会)"
    r"[”」]?(?:上|期间)[，,]\s*(?=[^，。]{1,40}?(?:指出|表示|称|说|警告|透露|强调|认为|直言))"
)

_ANY_OPENER = re.compile("|".join(f"(?:{rx.pattern})" for rx in _OPENERS))


def strip_opener(sentence: str) -> str:
    """Remove a leading wire-service or reporter formula; keep the news itself."""
    s = sentence
    if _ANY_OPENER.match(s):  # most sentences open on none: one scan tells (none can then apply)
        for rx in _OPENERS:  # each anchored at ^: its match at 0 is what a sub would remove
            m = rx.match(s)
            if m and m.end() and len(s) - m.end() >= 8:
                s = s[m.end() :]
    if "在" in s[:20] and (m := _VENUE.search(s, 0, 60)) and len(s) - m.end() >= 8:
        s = s[: m.start()] + s[m.end() :]
    if "记者" not in s and "据" not in s:
        return s
    for rx in _REPORTER:
        s2 = rx.sub("", s)
        if s2 != s and len(s2) >= 8:
            s = s2
    return s


def body_paragraphs(title: str, paragraphs: tuple[str, ...] | list[str]) -> list[str]:
    """The news paragraphs: boilerplate dropped, inline tags removed, a repeated title skipped.

    Cached for the last few posts: the summary and the figure extractor both need it.
    """
    return list(_body_paragraphs(title, tuple(paragraphs)))


@lru_cache(maxsize=8)
def _body_paragraphs(title: str, paragraphs: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    t = "".join(title.split())  # without whitespace (str.split: the whitespace \s matches)
    for raw in paragraphs:
        if is_boilerplate(raw):
            continue
        p = clean_paragraph(raw)
        if not p or "".join(p.split()) == t or is_boilerplate(p):
            continue
        out.append(p)
    return tuple(out)


def clause_start(text: str, at: int, is_break: Callable[[str], bool], floor: int = 0) -> int:
    """Index after the last clause break before `at` (not below `floor`); breaks inside （…）
    do not count, and an opening bracket with nothing closed after it ends the clause."""
    depth = 0
    i = at - 1
    while i >= floor:
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and is_break(ch):
            break
        i -= 1
    return i + 1


def shares_pair(a: str, b: str) -> bool:
    """`a` and `b` share two characters in a row (三星电子 and 三星电子二季度…)."""
    return any(a[i : i + 2] in b for i in range(len(a) - 1))


CLAUSE_BREAK = frozenset("，,；;。！？!?：:、|｜\n（(—")


def clause_before(text: str, start: int, floor: int = 0) -> str:
    """Text from the last clause break before `start` (not below `floor`) up to it: the words a
    value is written after; breaks inside （…） do not count.

    The nearest break or bracket is found by one C-level scan of the reversed text; only when
    it is a closing bracket does clause_start walk the brackets character by character."""
    if 0 <= floor < start <= len(text):  # else nothing to scan, or out of range: clause_start
        m = _BREAK_OR_BRACKET.search(text[floor:start][::-1])
        if m is None:
            return text[floor:start]
        if m.group() not in "）)":
            return text[start - m.start() : start]  # a break or an opening bracket ends it
    return text[clause_start(text, start, CLAUSE_BREAK.__contains__, floor) : start]


_BREAK_OR_BRACKET = re.compile("[" + re.escape("".join(sorted(CLAUSE_BREAK | {"）", ")"}))) + "]")


# A full name's definition of its short name: （以下简称“亿晶投资”）, （下称“每经记者”）.
_ALIAS = re.compile(r"[（(](?:[^（）()，,]{1,20}[，,])?(?:以下简称|下称|简称)[^（）()]{1,30}[）)]")
_ALIAS_NAME = re.compile(r"(?:以下简称|下称|简称)[“\"]?([^”\"（）()]{2,12})[”\"]?[）)]$")
_NOT_IN_NAME = re.compile(r"[，,。；;：:《》“”\"]")  # a clause break or a title: no name
_LONG_NAME = 40  # a full legal name with its brackets: 博成未来（珠海）投资合伙企业（有限合伙）


def with_aliases(sentence: str) -> str:
    """The sentence with each full name that defines a short one written as the short one:
    控股股东无锡亿晶投资有限公司（下称“亿晶投资”）与… -> 控股股东无锡亿晶投资与…. The post's own
    short name, so the sentence stays faithful, and a deal's lead sentence fits a push."""
    if "简称" not in sentence and "下称" not in sentence:
        return sentence  # no definition (_ALIAS): most sentences, no scan
    out, last = [], 0
    for m in _ALIAS.finditer(sentence):
        name = _ALIAS_NAME.search(m.group())
        short = name.group(1) if name else ""
        floor = max(last, m.start() - _LONG_NAME)
        at = sentence.rfind(short[:2], floor, m.start()) if short else -1
        full = sentence[at : m.start()]
        if at >= 0 and not _NOT_IN_NAME.search(full) and full.count("（") == full.count("）"):
            out.append(sentence[last:at] + short)  # the full name, written as its short name
        else:
            out.append(sentence[last : m.start()])  # only the definition goes
        last = m.end()
    return "".join(out) + sentence[last:]
