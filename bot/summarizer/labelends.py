"""What a label keeps at its edges that the tidy cut would lose: the trading session of a
move (盘后), the 为 of a beneficiary (为投资者创造利润), and the name after a cut-off 公司."""

from __future__ import annotations

import re

from bot.summarizer.segment import pos_words, words

BREAKS = re.compile(r"——|—|--|[，,；;：:、“”\"'‘’《》]")


# The trading session a move was made in, written last before it (股价盘后上涨3%): after hours
# or intraday is not the day's close, so the label keeps it (an editor's vague verdict on
# 特斯拉股价上涨 3% for 盘后上涨).
_SESSION = re.compile(r"(盘后|盘前|盘中|早盘|尾盘|日内)$")


def with_session(raw: str, label: str, limit: int) -> str:
    m = _SESSION.search(raw.rstrip())
    if not label or not m or m.group(1) in label or len(label) + 2 > limit:
        return label
    return label + m.group(1)


# Verbs whose doer is not the noun after 为: 为投资者创造利润 (the funds created it), 为机器人提供…
_FOR_VERBS = ("创造", "带来", "提供", "贡献")


def with_beneficiary(raw: str, label: str, limit: int) -> str:
    """为投资者创造利润 keeps 为: the noun after it gains, it does not act. Cut at 为 (a function
    word), the label reads 投资者创造利润, the investors creating the profit."""
    if not label or len(label) + 1 > limit or not any(v in label for v in _FOR_VERBS):
        return label
    ws = words(BREAKS.split(raw)[-1])  # 为 as a word of its own: not 成为, 认为, 作为
    for i, w in enumerate(ws):
        if w == "为" and "".join(ws[i + 1 :]).startswith(label):
            return "为" + label
    return label


def named_not_company(label: str) -> str:
    """公司岭澳核电 -> 岭澳核电: a name right after 公司 is the thing measured (the company's
    plant, unit or brand); 公司 before it is a cut-off possessive, not part of the name."""
    if not label.startswith("公司") or len(label) < 5:
        return label
    tags = pos_words(label)
    if len(tags) > 1 and tags[0][0] == "公司" and tags[1][1] in ("ns", "nr", "nt", "nz", "nrt"):
        return label[2:]
    return label
