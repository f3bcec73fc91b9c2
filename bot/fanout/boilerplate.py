"""An outlet's own lines that say nothing of the news: left out of what keywords and
exclusions are looked for in (`bot.fanout.match.searched_text`), so `kw:36氪`, `kw:首发`
or `-kw:投资建议` is not matched by the credit, the tag or the disclaimer every post of
an outlet carries. Pure; the pushes still show the post as parsed.

The parser already drops most of them from the paragraphs (bylines, picture credits,
华尔街见闻's `本文来自华尔街见闻，欢迎下载APP查看更多`, Eastmoney's AI disclaimer, a
closing "延伸阅读" list: `bot.parser.text`). What still reached the searched text, each
rule seen in two posts of different dates outside ../shared/gold:

- a credit line, `本文来自“36氪游戏”。` (36kr3487198888270977, 2025-09-29) and
  `本文首发自“36氪游戏”。` (36kr3787956437179395, 2026-04-30);
- a disclaimer that closes the post, `*免责声明：` and the paragraphs after it
  (36kr3501739193326465, 2025-10-09; Eastmoney's `免责声明：本文基于AI生产…`, which the
  parser drops as one paragraph, closes em202605063728030345, 2026-05-06);
- an exclusive-report tag set off from the title by a bar, `36氪首发 | 剑桥副教授创业…`
  (36kr3879991356157952, 2026-07-04), `…估值破百亿｜硬氪首发` (36kr3836068296209537,
  2026-06-03), `…年营收数亿 | 硬氪首发` (36kr3718250298029443, 2026-03-17).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_QUOTE_OPEN, _QUOTE_CLOSE = '“"「『', '”"」』'
CREDIT = re.compile(
    rf"^(?:本文|文章)(?:首发|原载|转载)?(?:来自|自|于)\s*[{_QUOTE_OPEN}]?"
    rf"[^，。！？{_QUOTE_OPEN}{_QUOTE_CLOSE}]{{1,20}}[{_QUOTE_CLOSE}]?\s*[。.！!]?$"
)
MAX_CREDIT = 40
DISCLAIMER = re.compile(r"^[*＊【\[]?\s*免责声明\s*[】\]]?\s*[:：]")
# `36氪首发 | …`, `…｜硬氪首发`: the tag and its bar, at either end of the title
FIRST_TAG = re.compile(r"^[^|｜丨]{1,6}首发\s*[|｜丨]\s*|\s*[|｜丨]\s*[^|｜丨]{1,6}首发$")


def news_title(title: str) -> str:
    """The title without an exclusive-report tag (`36氪首发 | `)."""
    return FIRST_TAG.sub("", title) if "首发" in title else title


def news_paragraphs(paragraphs: Iterable[object]) -> list[str]:
    """The paragraphs without a closing credit line or disclaimer."""
    paras = [str(p) for p in paragraphs]
    for i, p in enumerate(paras):  # a disclaimer in the second half closes the post
        if i and i >= len(paras) // 2 and DISCLAIMER.match(p):
            del paras[i:]
            break
    return [p for p in paras if not (len(p) <= MAX_CREDIT and CREDIT.match(p))]
