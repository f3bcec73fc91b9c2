"""Eastmoney's automatic stock links on common words: which linked stocks are mentioned.

Eastmoney links every string that equals a stock's short name to its quote page:
`机器人` (SIASUN Robot, 300024.SZ) in every article about robots, `驱动力` (920275.BJ)
in `核心驱动力`, `纳斯达克` (Nasdaq Inc., NDAQ.US) in `纳斯达克综合指数`, and even
inside other words: `长和` (00001.HK) in `成长和`, `国新能源` in `我国新能源汽车`,
`思科` in `蓝思科技`, `高通` in `高通胀`. Each link used to become a ticker of the
article, so 300024.SZ's subscribers got every robot story. A linked stock is now a
ticker only when something shows the article means the company:

1. A chart block (`EM_StockImg`, an editor's choice) or its code written in the text
   (`机器人(300024)`): always (the caller passes those as `evidence`).
2. A name that ends like a company (`中信证券`, `联想集团`, `锡业股份`): always.
3. Otherwise the name must occur as a word of its own, which jieba's segmentation of
   the clause tells (`成长|和`, `我国|新能源`, `蓝|思|科技`, `高|通胀` do not), and not
   be someone's name in the article (`约翰·威廉姆斯` ... `威廉姆斯表示`).
4. A frequent dictionary word of three or more characters (jieba frequency >=
   COMMON_FREQ: `机器人`, `太阳能`, `农产品`, `纳斯达克`, `太平洋`, but also `英特尔`,
   `甲骨文`) must in addition be used as a company at least once: a price move or a
   company noun after it (`英特尔跌5.72%`, `迪士尼合资`, `寒武纪一季度营收`), its own
   code after it (`阿里巴巴（09988.HK）`), a company word before it (`竞争对手——英特尔`),
   or another company listed next to it (`英特尔、阿斯麦、AMD`).

Why those thresholds: company names are in jieba's dictionary too, and often more
frequent than the common words (`百度` 11008, `微软` 1757 vs `机器人` 384, `驱动力`
53), so frequency alone cannot tell. Two-character dictionary names are nearly all
foreign brands (`百度`, `微软`, `索尼`, `高盛`) and are left to rule 3; mainland short
names that are common words have three or more characters.

The name is still learned (the `stocks` table, `/sub 机器人`): only the article's
ticker list changes. Pure logic; the only data read is jieba's bundled dictionary,
loaded once per process (the summarizer uses the same tokenizer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from bot import jieba_dict

# jieba dictionary frequency from which a name is an everyday word: `驱动力` (53) is,
# `亚马逊` (40) and `特斯拉` (31) need no company cue.
COMMON_FREQ = 50
MIN_COMMON_LEN = 3  # two-character dictionary names are brands: 百度, 微软, 索尼

# A name ending like this is a company's name even when jieba knows it as a word.
_COMPANY_END = ("股份", "集团", "控股", "银行", "证券", "保险", "科技", "实业", "药业",
                "制药", "电气", "电子", "传媒", "置业", "地产", "航空")  # fmt: skip

# Right after a company's name written on its own: its code (`百度（09888.HK）`), but
# not `地平线机器人（09660.HK）`, where the code belongs to the longer name.
_CODE_AFTER = re.compile(r"\s*[（(]\s*(?:[A-Za-z]{0,2}\d{4,6}|[A-Z]{1,5}(?:\.[A-Z]{1,2})?\s*[)）])")
# Right after a company's name: a price move, a company noun or verb. 获 (获批, 获得, 获…授权):
# what the company is granted (吸收合并杭汽轮B获批: em202509283525647189; 收购耀才证券获批:
# wscn3767688).
_AFTER = re.compile(
    r"\s*(?:[涨跌]|收[涨跌高低平]|大[涨跌]|上涨|下跌|微[涨跌]|飙升|暴[涨跌]|走[高低]|盘[中前后]"
    r"|(?:的|[一二三四]季度|上半年|下半年|全年)?(?:股价|股票|股东|市值|财报|业绩|营收|净利|季报|年报)"
    r"|公司|集团|股份|首席|CEO|董事|总裁|创始人|掌门|高管|发言人|旗下|合资|宣布|表示|披露|公告|获)"
)
# Right before it: `科技巨头苹果`, `竞争对手微软`, `美股苹果`.
_BEFORE = re.compile(r"(?:巨头|对手|客户|美股|港股|中概股)[\s—\-－:：]*$")
# A company noun glued to the name: `高盛集团`, `巴克莱银行`, `苹果公司` (one jieba word).
_SUFFIXED = re.compile(r"公司|集团|银行|证券|控股|股份")
# A Latin-script company next to it in a list: `英特尔、Robinhood等`, `AMD和英特尔`
# (three letters or more, capitals alone only as a whole word: not `机器人、AI应用`).
_LATIN_AFTER = re.compile(r"[A-Z][a-z][A-Za-z]+|[A-Z]{3,}(?![A-Za-z\u4e00-\u9fff])")
_LATIN_BEFORE = re.compile(r"(?<![A-Za-z])(?:[A-Z][a-z][A-Za-z]+|[A-Z]{3,})$")
# Separators of an enumeration: `微软、苹果、谷歌`, `英伟达和思科`.
_LIST_SEP = "、和与及/"
# What may precede a name that starts there (punctuation, a verb's or preposition's
# last character: `获得阿里巴巴（09988.HK）`), unlike `地平线|机器人（09660.HK）`.
_NAME_START = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]|[得与和及对向从在为被由将把是了让给]")
# A transliterated person's name: `约翰·威廉姆斯`, `多琳·格林沃尔德`.
_PERSON = re.compile(r"[·•‧][\u4e00-\u9fff]{0,4}$")
_CLAUSE_END = re.compile(r"[\s，。、；：！？,.;:!?（）()“”\"‘’《》【】\[\]]")
_WINDOW = 16  # characters each side segmented to see whether a name is a word


def _jieba() -> Any:
    """jieba's default tokenizer with the project's dictionary (bot.jieba_dict loads it once)."""
    return jieba_dict.jieba().dt


def word_frequency(name: str) -> int:
    """jieba's dictionary frequency of `name` (0 when it is not a dictionary word)."""
    return int(_jieba().FREQ.get(name) or 0)


def is_common_word(name: str) -> bool:
    """A name that is also an everyday word (rule 4: `机器人`, `太阳能`, `纳斯达克`)."""
    n = len(name) >= MIN_COMMON_LEN and not _is_company_name(name)
    return n and word_frequency(name) >= COMMON_FREQ


def _is_company_name(name: str) -> bool:
    return name.endswith(_COMPANY_END)


def _is_word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a word of its own in its clause (not `蓝[思科]技`).

    jieba segments the clause around it; the name must start and end at word
    boundaries. A company noun glued to it (`高盛集团`, `中国银河证券`) or a price
    move after it (`博通涨超2%`, which jieba cuts `博/通涨`) ends it all the same.
    """
    if m := _SUFFIXED.match(text, end):
        end = m.end()
    elif _AFTER.match(text, end):
        end = -1  # the end is a boundary; only the start is checked
    lo, hi = start, max(end, start + 1)
    first, last = max(0, lo - _WINDOW), min(len(text), hi + _WINDOW)
    while lo > first and not _CLAUSE_END.match(text[lo - 1]):
        lo -= 1
    while hi < last and not _CLAUSE_END.match(text[hi]):
        hi += 1
    cuts = {lo}
    pos = lo
    for w in _jieba().lcut(text[lo:hi], HMM=False):
        pos += len(w)
        cuts.add(pos)
    return start in cuts and (end < 0 or end in cuts)


def _used_as_company(text: str, start: int, end: int, others: Iterable[str]) -> bool:
    """A company cue around text[start:end], or another company listed next to it."""
    if _AFTER.match(text, end) or _BEFORE.search(text, max(0, start - 6), start):
        return True
    if _CODE_AFTER.match(text, end) and (start == 0 or _NAME_START.match(text[start - 1])):
        return True
    if text[end : end + 1] in _LIST_SEP and end < len(text):
        nxt = end + 1
        if _LATIN_AFTER.match(text, nxt) or any(text.startswith(o, nxt) for o in others):
            return True
    if start and text[start - 1] in _LIST_SEP:
        head = text[max(0, start - 21) : start - 1]
        if _LATIN_BEFORE.search(head) or any(head.endswith(o) for o in others):
            return True
    return False


def _occurrences(text: str, name: str) -> list[int]:
    out = []
    i = text.find(name)
    while i >= 0:
        out.append(i)
        i = text.find(name, i + len(name))
    return out


def name_is_mentioned(name: str, text: str, others: Iterable[str] = ()) -> bool | None:
    """Whether the text mentions the stock linked as `name` (None: cannot tell).

    None when the name does not occur in the text (the link text was hidden or
    rewritten): the caller keeps the stock then, as it did before this check.
    """
    if not name or _is_company_name(name):
        return True
    freq = word_frequency(name)
    spots = _occurrences(text, name)
    if not spots:
        return None
    if any(_PERSON.search(text, max(0, i - 5), i) for i in spots):
        return False  # someone's name (`约翰·威廉姆斯`), later written alone (`威廉姆斯表示`)
    others = [o for o in others if o and o != name]
    common = freq >= COMMON_FREQ and len(name) >= MIN_COMMON_LEN
    for i in spots:
        j = i + len(name)
        if common and not _used_as_company(text, i, j, others):
            continue
        if _is_word_at(text, i, j):
            return True
    return False


def auto_linked(
    names: Mapping[str, Iterable[str]],
    texts: Iterable[str],
    *,
    evidence: Iterable[str] = (),
) -> set[str]:
    """Tickers whose only ground is a link on a common word the text uses as a word.

    `names`: every link text per linked ticker (`{"300024.SZ": ["机器人"]}`); tickers
    in `evidence` (chart block, code in the text) are never returned, nor a ticker
    with any name that is mentioned as the company (or cannot be judged).
    """
    strong = set(evidence)
    pending = {t: [n for n in ns if n] for t, ns in names.items() if t not in strong}
    pending = {t: ns for t, ns in pending.items() if ns}
    if not pending:
        return set()
    text = "\n".join(t for t in texts if t)
    others = {n for ns in names.values() for n in ns if n}
    return {
        t
        for t, ns in pending.items()
        if not any(name_is_mentioned(n, text, others) is not False for n in ns)
    }
