"""Whitespace and footer handling shared by the HTML and Markdown body cleaners."""

from __future__ import annotations

import re

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f"))
_HAS_ZERO_WIDTH = re.compile("[" + "".join(map(chr, _ZERO_WIDTH)) + "]")  # translate is slow
_CJK = (
    r"\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff60"
    r"\u2018-\u201f\u2026\u2014"
)
# a line break between two CJK characters/punctuation marks is source layout, not a
# space (Chinese has no spaces between words); spaces typed by the author stay
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\xa0]*\n\s*(?=[{_CJK}])")

BACK_LINKS = re.compile(r"^\s*(?:\[返回[^\]]*\]\([^)]*\)\s*[｜|/]?\s*)+$")
EMPTY_LINK = re.compile(r"^\s*<\s*>\s*$")
LINK_LINE = re.compile(r"^\s*<((?:https?:)?//[^\s<>]+)>\s*$")
BARE_URL = re.compile(r"^\s*((?:https?:)?//[^\s<>]+)\s*$")
ORIGIN = re.compile(r"^(.*?)[（(]\s*文章来源\s*[:：]\s*([^（）()]+?)\s*[)）]\s*$")
# publisher boilerplate that carries no news
BOILERPLATE = re.compile(
    r"^(?:本文来自华尔街见闻，欢迎下载APP查看更多。?|返回.{0,20}|点击.{0,12}查看.{0,20}|<>"
    r"|[｜|/·\s]+|东财图解·加点干货|免责声明：本文基于AI生产，仅供参考，不构成任何投资建议，据此操作风险自担。.*)$"
)


# credits, not news: bylines at the top (`作者｜黄楠`, `编辑丨袁斯来`, `本文作者：董静`,
# `来源：硬AI`), picture credits under removed images (`图片来源：天眼查`, `（来源：公告）`),
# and the old 36氪/投资界 `作者 2018-07-09 09:45` line. Only short paragraphs qualify.
BYLINE = re.compile(
    r"^[（(]?(?:本文)?(?:作者|编辑|责编|责任编辑|文|撰文|出品|策划|统筹|校对|审校|审核|来源|"
    r"封面来源|题图来源|头图来源|图片来源|图源|本文图片来自|图)\s*[：:｜|丨/]\s*[^，。！？]{1,30}[)）]?$"
    r"|^图据\S{1,12}$"
    r"|^.{1,30}?[ ?\u00a0]+\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2})?$"
)
MAX_BYLINE = 40

# a "related articles" list closes the article: other posts' titles, not this one's text
RELATED = re.compile(r"^[【\[]?(?:延伸阅读|相关阅读|相关报道|相关新闻|推荐阅读)[】\]]?[:：]?$")


def normalize_space(s: str) -> str:
    """Line breaks between CJK characters removed, other whitespace runs (nbsp,
    ideographic space, newlines) -> one space, zero-width characters removed.

    Numbers are never merged: `2 000` keeps its space, and a title's `新亮点 阿里`
    separator stays.
    """
    if _HAS_ZERO_WIDTH.search(s):
        s = s.translate(_ZERO_WIDTH)
    if "\n" in s:
        s = _CJK_GAP.sub("", s)
    # str.split() splits at the whitespace re's \s matches (nbsp, \u3000, \u2002-\u200a: both
    # take str.isspace) and drops it at the ends: one space per run, stripped, without a regex
    return " ".join(s.split())


# A space typeset between a Han character and a digit (36氪 and some wires write `在 2016 年`,
# `330 万元`, `降到1.25 以下`): it splits a number from its unit or its year from 年, so the
# summarizer would read no period in `2016 年成立之初` (dueeb584593b49eab86b4baca1d4eef91c8c,
# dueeff66aecfeeb7432db06effde9f490d27, 36kr3879814941437956: long posts).
# (?= ): every match is a space, so a scan skips other offsets in C; after normalize_space
_HAN_DIGIT_GAP = re.compile(rf"(?= )(?:(?<=[{_CJK}]) (?=\d)|(?<=\d) (?=[{_CJK}]))")


def close_han_digit_gaps(s: str) -> str:
    """Body text without the typesetting space between a Han character and a digit (not
    between two digits: `2 000` stays; not in titles, where a space separates two items)."""
    return _HAN_DIGIT_GAP.sub("", s) if " " in s else s


def split_footer(body: str) -> tuple[str, str | None]:
    """Remove the generator's footer: the `<http...>` original link, an empty `<>`,
    and the `[返回...](...)` back-links. Returns (body without footer, original link).
    """
    lines = body.rstrip().split("\n")
    link: str | None = None
    while lines:
        last = lines[-1]
        if not last.strip() or BACK_LINKS.match(last) or EMPTY_LINK.match(last):
            lines.pop()
            continue
        m = LINK_LINE.match(last) or BARE_URL.match(last)
        if m:
            if link is None:
                link = m.group(1)
            lines.pop()
            continue
        break
    if link and link.startswith("//"):
        link = "https:" + link
    return "\n".join(lines), link


def split_origin(paragraph: str) -> tuple[str, str | None]:
    """`……（文章来源：每日经济新闻）` -> (`……`, `每日经济新闻`)."""
    if "文章来源" not in paragraph:  # ORIGIN's lazy scan is slow on a long paragraph
        return paragraph, None
    m = ORIGIN.match(paragraph)
    if not m:
        return paragraph, None
    return m.group(1).strip(), m.group(2).strip()


def first_sentence(paragraphs: list[str] | tuple[str, ...], limit: int = 60) -> str:
    """The first sentence of the body (for posts without a title)."""
    for p in paragraphs:
        p = p.strip()
        if not p:
            continue
        m = re.match(r"(.+?[。！？!?])", p)
        s = m.group(1) if m else p
        s = s.rstrip("。")
        return s if len(s) <= limit else s[: limit - 1] + "…"
    return ""
