"""One or two complete Chinese sentences that say what happened.

Extractive on purpose: a financial push must never state a number the post does not state, so
the summary is the editor's digest or the lead, cut only at sentence or clause boundaries.
Chinese news puts the facts in the lead (倒金字塔), which is why the lead beats sentence
ranking here — and it is fast.
"""

from __future__ import annotations

import re

from bot.summarizer.text import body_paragraphs, clean_paragraph, sentences, strip_opener

# A clause that cannot end a summary: its object or main clause was cut away.
_DANGLING_END = re.compile(
    r"(?:表示|指出|称|认为|显示|透露|强调|介绍|说|提到|写道|坦言|预计|预测|预期|估计|宣布|决定|"
    r"包括|如下|例如|比如|其中|以及|和|与|及|或|但|而|并|且|的|是|为|将|对|在|从|由|以|因|于|把|被|"
    r"情况下|背景下|前提下|之际|之下|期间|之后|以来|时候|同时|数据)$"
)
# A clause that only sets up what comes next (尽管…, 如果…): keeping it alone breaks the meaning.
_SUBORDINATE_START = re.compile(
    r"^(?:尽管|虽然|虽|如果|若|假如|即便|即使|由于|因为|随着|为了|只要|除了)"
)
# "（以下简称“诺德新材”）": useful in a contract, dead weight in a 120-character push.
_ALIAS = re.compile(r"[（(](?:[^（）()，,]{1,20}[，,])?(?:以下简称|下称|简称)[^（）()]{1,30}[）)]")
_PAIRS = (
    ("“", "”"),
    ("‘", "’"),
    ("《", "》"),
    ("（", "）"),
    ("(", ")"),
    ("「", "」"),
    ("【", "】"),
)


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in _PAIRS) and text.count('"') % 2 == 0


def _is_heading(paragraph: str) -> bool:
    """Section headings inside the body (千亿级ETF数量归零): short, no sentence end mark."""
    p = paragraph.strip()
    return len(p) <= 30 and not re.search(r"[。！？!?；;]$", p)


_ORDINAL_HEAD = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、)"
)


def _informative(sentence: str) -> bool:
    s = sentence.strip()
    if len(s) < 12:
        return False  # 大反攻来了！
    if _ORDINAL_HEAD.match(s) and len(s) < 30:
        return False  # （一）一般公共预算收入情况。 is a section heading
    if s.endswith(("：", ":")):
        return False  # introduces a quote or a list
    return not (s.endswith(("？", "?")) and len(s) < 40)


def _end(sentence: str) -> str:
    s = sentence.rstrip()
    s = re.sub(r"[，,；;：:、]+$", "", s)
    if not re.search(r"(?:[。！？!?]|…)[”’」』）)]*$", s):
        s += "。"  # …… already ends a sentence: no "……。"
    return s


def fit_sentence(sentence: str, max_chars: int) -> str | None:
    """The sentence if it fits, else its longest clause-boundary prefix that reads as complete."""
    s = _end(sentence)
    if len(s) <= max_chars:
        return s
    parts = re.split(r"(?<=[，；,;])", sentence)
    best = None
    acc = ""
    for part in parts[:-1]:
        acc += part
        body = re.sub(r"[，；,;]+$", "", acc)
        if len(body) + 1 > max_chars:
            break
        if len(body) < 15 or not _balanced(body):
            continue
        last = re.split(r"[，；,;]", body)[-1]
        if _DANGLING_END.search(body) or _SUBORDINATE_START.match(last.strip()):
            continue
        if _SUBORDINATE_START.match(body) and body.count("，") + body.count(",") < 1:
            continue
        best = body + "。"
    return best


def build_summary(
    title: str,
    paragraphs: list[str] | tuple[str, ...],
    digest: str | None = None,
    *,
    max_chars: int = 120,
) -> str:
    """Digest first when present, else the lead: at most two sentences, at most max_chars."""
    pool: list[str] = []
    if digest:
        pool.extend(sentences(clean_paragraph(digest)))
    for para in body_paragraphs(title, paragraphs):
        if _is_heading(para) and not digest:
            continue
        pool.extend(sentences(para))
        if len(pool) > 12:
            break
    pool = [_ALIAS.sub("", strip_opener(s)) for s in pool]
    chosen: list[str] = []
    total = 0
    for s in pool:
        if not _informative(s):
            if chosen:
                break
            continue
        if not chosen:
            first = fit_sentence(s, max_chars)
            if first is None:
                continue
            chosen.append(first)
            total = len(first)
            if first != _end(s):
                break  # the first sentence was cut: a second one would not follow on
            continue
        nxt = _end(s)
        if total + len(nxt) <= max_chars and total < max_chars * 0.6:
            chosen.append(nxt)
        elif total < max_chars * 0.5:
            # a short first sentence ("美股三大指数收盘涨跌不一。") needs the facts that follow
            cut = fit_sentence(s, max_chars - total)
            if cut:
                chosen.append(cut)
        break
    if not chosen:
        fitted = fit_sentence(title, max_chars)
        return fitted or ""
    return "".join(chosen)
