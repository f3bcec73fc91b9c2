"""What in a post's body is a heading, not a sentence: a section title (千亿级ETF数量归零) or a
roundup's section that names the house whose view follows (广发策略：…). Pure, no I/O."""

from __future__ import annotations

import re

_SENTENCE_END = re.compile(r"[。！？!?；;…]$")

# A roundup's section heading naming the house whose view follows ("广发策略：新一轮情绪周期底部的
# 信号显现" in em 202606143770695059, "申万宏源策略：抛压已集中释放…" in em 202607193811746513):
# a sentence of that section shown alone must say whose view it is.
_VIEW_HEADING = re.compile(
    r"^([^：:，。\d\s]{0,8}(?:策略|证券|研究|研究所|研究院|基金|资管|团队))[：:]\s*\S{4,}"
)


def view_heading(para: str) -> str | None:
    """The house a roundup's section heading names ("广发策略：…"), or None."""
    m = _VIEW_HEADING.match(para.strip()) if len(para) <= 40 else None
    return m.group(1) if m else None


def is_heading(paragraph: str) -> bool:
    """Section headings inside the body (千亿级ETF数量归零): short, no sentence end mark."""
    p = paragraph.strip()
    return len(p) <= 40 and not _SENTENCE_END.search(p)


# A mark of a sentence inside a heading (业绩炸裂！存储芯片龙头净利预增2244%): the headline of
# an article the post appends (after 详细报道 in em202605173739737523), hype ahead of the text
# that states its numbers, not a section's title (千亿级ETF数量归零).
_INNER_MARK = re.compile(r"[！!？?]")


def is_headline(paragraph: str) -> bool:
    """A heading with an exclamation or a question inside: a headline, no source of lines."""
    p = paragraph.strip()
    return is_heading(p) and bool(_INNER_MARK.search(p[:-1]))
