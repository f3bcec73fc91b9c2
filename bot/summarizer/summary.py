"""One or two complete Chinese sentences that carry the news.

Extractive on purpose: a financial push must never state a number the post does not state, so
the summary is made of the post's own sentences, cut only at sentence or clause boundaries (a
wire's closing reports are said short, their numbers as written: wirestyle.py, sentencefit.py).
The lead is not always the news: features open on a hook, a scene, a question or a column's
preface, and the sentence with the headline figure comes later. So every sentence of the first
paragraphs is scored by what the title promises (its names and numbers, as character n-grams:
no segmenter needed, and fast), by the facts it states (figures, a time anchor), with a small
lead bonus (倒金字塔), and with penalties for the shapes that are never the news (questions,
quotes, hypotheticals, background, prefaces). The best one or two sentences, in the post's
order, make the summary; a title item they leave out may follow as the body's own clause that
says it (titleitems.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from bot.summarizer.calendar import calendar_summary
from bot.summarizer.enumeration import with_list
from bot.summarizer.fill import extend
from bot.summarizer.headline import cover_amounts
from bot.summarizer.leads import attribute, headline_lead, is_wrap, topic_lead
from bot.summarizer.salience import (
    ANCHOR_WEIGHT,
    CALL_WEIGHT,
    CONNECTIVE,
    FIGURE_WEIGHT,
    LEANING,
    TURN,
    Candidate,
    Memo,
    Units,
    candidates,
    measure,
    title_units,
    view_heading,
)
from bot.summarizer.sentencefit import (
    balanced,
    clause_prefixes,
    compact,
    end_sentence,
    fit_sentence,
    fitted,
)
from bot.summarizer.text import body_paragraphs, fold
from bot.summarizer.titleitems import add_items

ROUNDUP_HOUSES = 3
ROUNDUP_REACH = 3
_PAIR_MARGIN = 0.03  # one sentence reads better than two: a pair must carry clearly more
# ...unless the pair opens on that one sentence: what the next adds is read after the news, so
# it need only carry a little more (a scene or a hook may not open the summary this way).
_APPEND_MARGIN = -0.02
_PAIR_POOL = 10
_NEXT_BONUS = 0.03  # the sentence right after reads on from the first
_JUMP_COST = 0.05  # a jump across the post: two items, not one story
_SECOND_LEAD = 0.5  # of the later sentence's lead bonus
_HOOK_SHARE = 0.5  # of a thesis's title words, what does not count beside a fact
_ORPHAN = 0.5  # on top of LEANING: shown without its antecedent, 这/其 point at nothing
# "此外，…" adds to a sentence the summary does not show: first in the summary, it goes.
_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
# A press release's question-and-answer tags (问：…？答：…): the summary quotes the words, not the
# transcript's speaker labels.
_QA_TAG = re.compile(r"^(?:问|答)[：:]\s*")
_DATE_OPENER = re.compile(
    r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:早间|晚间|午间|盘后|晚|早|上午|下午|凌晨)?[，,]\s*"
)


def _shorter(c: Candidate, units: Units, room: int) -> Candidate | None:
    """The candidate cut at an earlier clause boundary to fit `room`, if it still reads whole."""
    if room < 20:
        return None
    whole = end_sentence(compact(c.raw))
    if len(whole) <= room and balanced(whole):
        have, figures = measure(whole, units)  # whole without its glosses
        return replace(c, text=whole, units=have, figures=figures, cut=False)
    if c.prefixes is None:
        c.prefixes = clause_prefixes(c.raw)
    shown = None
    for prefix in c.prefixes:
        if len(prefix) > room:
            break
        shown = prefix
    if shown is None:
        return None
    have, figures = measure(shown, units)
    return replace(c, text=shown, units=have, figures=figures, cut=True)


def _pick(
    pool: list[Candidate], units: Units, max_chars: int, names: tuple[str, ...] = ()
) -> list[Candidate]:
    """The one sentence or the pair (in the post's order) that carries most of the news.

    A pair is scored on what the two say together (the title units either covers, their
    figures), so a second sentence counts only for what it adds; its shape penalties count in
    full, so a hook never rides along with a good lead.
    """
    total = sum(units.values()) or 1.0

    def pair_score(a: Candidate, b: Candidate) -> float:
        if b.units <= a.units and b.figures <= a.figures and (a.call or not b.call):
            return 0.0  # says again what the first said (a house's call says something new)
        cover = sum(units[u] for u in a.units | b.units) / total
        for x, y in ((a, b), (b, a)) if hooks else ():
            if not x.fact and y.fact:
                # a thesis or a scene beside the fact: the title words it adds are the hook's,
                # not news, unless they name the headline's actor (its clause); a scene that
                # names the actor and echoes the title's hook (启迪环境再次来到命运的十字路口)
                # adds only the echo
                added = x.units - y.units
                if x.units & units.first:
                    added &= units.scene
                cover -= _HOOK_SHARE * sum(units[u] for u in added) / total
        if not a.fact and b.index == a.index + 1 and TURN.match(b.raw):
            # "A股上半年以上涨收官。不过，近几周…下跌": a mood the next sentence turns from is
            # its foil; the turn is the news
            cover -= _HOOK_SHARE * sum(units[u] for u in a.units - b.units) / total
        figures = min(len(a.figures | b.figures), 3)
        lead = max(a.lead, b.lead) + _SECOND_LEAD * min(a.lead, b.lead)
        if b.index == a.index + 1:
            lead += _NEXT_BONUS
        elif b.index > a.index + 2:
            lead -= _JUMP_COST
        anchor = a.anchor or b.anchor
        score = cover + FIGURE_WEIGHT * figures + ANCHOR_WEIGHT * anchor
        score += CALL_WEIGHT * (a.call or b.call)
        score = (score + lead) * a.penalty * b.penalty
        if a.leaning or (b.leaning and b.index != a.index + 1):
            score *= LEANING
        if a.headless or (b.orphan and b.index != a.index + 1):
            score *= _ORPHAN
        return score

    # A sentence that leans on one the summary does not show (这…, 其中…) opens it only when
    # every other sentence is worse still (a quote, a hook).
    best: list[Candidate] = [max(pool, key=lambda c: c.score * (_ORPHAN if c.headless else 1.0))]
    single = best[0]
    best_score = float("-inf")  # the best pair's so far

    def floor(a: Candidate) -> float:
        """What a pair opening on `a` must score to beat the single sentence."""
        return single.score + (_APPEND_MARGIN if a is single else _PAIR_MARGIN)

    # A fact alone beats a hook riding along with it; when even the best single sentence is a
    # thesis or a scene, a pair that adds a fact to it is the better push.
    hooks = single.fact
    top = sorted(
        sorted(pool, key=lambda c: c.score, reverse=True)[:_PAIR_POOL], key=lambda c: c.index
    )
    for i, a in enumerate(top):
        for b in top[i + 1 :]:
            if a.cut and b.leaning:
                continue  # b may lean on the part of a that was cut away
            bar = max(best_score, floor(a))
            score = pair_score(a, b)  # both as long as they can be: an upper bound
            if score <= bar:
                continue
            if len(a.text) + len(b.text) > max_chars:
                # Cut the second, or else the first (a market wrap's index line and its
                # movers: both headline facts, neither whole beside the other).
                options = []
                if not a.cut and (cut_b := _shorter(b, units, max_chars - len(a.text))):
                    options.append((pair_score(a, cut_b), a, cut_b))
                cut_a = None if b.leaning else _shorter(a, units, max_chars - len(b.text))
                headline_b = not a.figures and b.units & units.amounts
                # or a thesis without figures cut to its actor's clause, beside the fact that
                # gives its number ("…股价仍遭遇重挫，这给…浇下了一盆冷水。…股价大跌10%")
                thesis = cut_a and not a.fact and b.fact and b.figures and b.units & units.first
                keeps = cut_a and not (a.units & units.first) - cut_a.units
                if cut_a and (
                    (cut_a.units == a.units and (cut_a.figures or headline_b)) or (thesis and keeps)
                ):
                    # only when what is cut from the first adds none of the title's words, and
                    # the first keeps its figures or the second states the headline's number
                    # ("高盛首予X买入评级，为…运营商。…目标价6.1港元": the rating and the target)
                    options.append((pair_score(cut_a, b), cut_a, b))
                if both := _both_cut(a, b, units, max_chars, names):
                    options.append((pair_score(*both), *both))
                if not options:
                    continue
                score, a2, b2 = max(options, key=lambda o: o[0])
                if score > bar:
                    best, best_score = [a2, b2], score
            else:
                best, best_score = [a, b], score
    return best


def build_summary(
    title: str,
    paragraphs: list[str] | tuple[str, ...],
    digest: str | None = None,
    *,
    max_chars: int = 120,
    names: tuple[str, ...] = (),
) -> str:
    """The sentence(s) that best carry the title's facts: at most two, at most max_chars.

    `names`: the companies the title names (the parser's Article.title_names)."""
    body = body_paragraphs(title, paragraphs)
    if listed := calendar_summary(title, body, max_chars, names):
        return listed  # a week-ahead calendar: its title's items, each with its date
    units = title_units(title, names)
    memo: Memo = {}  # each sentence cut and measured once for both screens (salience._assess)
    # a roundup of houses' views (广发证券：…, 招商证券：…): every section is a lead, and the
    # house that says the title's thesis may come last
    reach = ROUNDUP_REACH if sum(map(bool, map(view_heading, body))) >= ROUNDUP_HOUSES else 1
    pool = candidates(units, body, digest, lambda s: fitted(s, max_chars), reach=reach, memo=memo)
    if not pool:
        return fit_sentence(title, max_chars) or ""
    chosen = _pick(pool, units, max_chars, tuple(fold(n).lower() for n in names))
    shorter = lambda c, room: _shorter(c, units, room)  # noqa: E731
    covered = cover_amounts(
        chosen,
        lambda: candidates(units, body, digest, lambda s: fitted(s, max_chars), reach=3, memo=memo),
        units,
        title,
        max_chars,
        shorter,
        names,
    )
    flash = len(body) == 1 and not digest
    if covered == chosen:
        covered = extend(chosen, pool, units, title, max_chars, names, flash=flash)
    chosen = covered
    parts = [c.text for c in chosen]
    for k in range(1, len(parts)):
        opener = _DATE_OPENER.match(parts[k])
        if opener and _DATE.search(opener.group()).group() in _DATE.findall(parts[k - 1]):
            # "5月26日晚，A…。5月26日晚间，B…": the date is said once (a different one stays:
            # the second figure is of another day)
            parts[k] = parts[k][opener.end() :] or parts[k]
    parts = [_untagged(_without_echo(p, units)) for p in parts]
    # "此外，…" / "不过，…" adds to or turns from a sentence the summary does not show
    parts[0] = _unlink(chosen[0], parts[0])
    for k in range(1, len(chosen)):
        if chosen[k].index != chosen[k - 1].index + 1:
            parts[k] = _unlink(chosen[k], parts[k])
    text = "".join(parts)
    if not chosen[-1].cut:  # 主要修改内容如下：一是…: the list the last sentence announces
        text = with_list(text, chosen[-1].raw, body, max_chars)
    text = attribute(title, text, max_chars, flash=flash, body="".join(body) if flash else "")
    if flash:
        return topic_lead(title, text, body[0], units, max_chars, names)
    if is_wrap(title):  # its headline moves are its figure lines; the title is above the summary
        return add_items(text, units, title, body, max_chars, wrap=True)
    text = headline_lead(title, text, units, max_chars)
    return add_items(text, units, title, body, max_chars, wrap=False)


def _both_cut(
    a: Candidate, b: Candidate, units: Units, max_chars: int, names: tuple[str, ...]
) -> tuple[Candidate, Candidate] | None:
    """Both sentences cut at a clause boundary, when the second names a company of the title
    that the first does not (Canva…放缓至20%，原因是…。Figma…预计…降至36%。 under "Canva主动降速、
    Figma自吞推理成本"): a summary that names one of the title's two companies misses half its
    news, and neither sentence whole leaves room for the other."""
    if not names or b.leaning or a.cut or b.cut:
        return None
    low_a, low_b = fold(a.raw).lower(), fold(b.raw).lower()
    added = [n for n in names if n in low_b and n not in low_a]
    if not added:
        return None
    if b.prefixes is None:
        b.prefixes = clause_prefixes(b.raw)
    if not b.prefixes:
        return None
    cut_a = _shorter(a, units, max_chars - len(b.prefixes[0]))
    if cut_a is None or (a.figures and not cut_a.figures):  # the first keeps a figure
        return None
    cut_b = _shorter(b, units, max_chars - len(cut_a.text))
    if cut_b is None or not all(n in fold(cut_b.text).lower() for n in added):
        return None
    return cut_a, cut_b


def _without_echo(sentence: str, units: Units) -> str:
    """The sentence without a last clause that only echoes the title's hook (…遭证监会立案，这也
    让公司股价迎考。 under "股价迎考！…立案"): the hook adds no news to the fact before it."""
    if not units.scene:
        return sentence
    head, sep, tail = sentence.rstrip("。").rpartition("，")
    if not sep:
        return sentence
    have, figures = measure(tail, units)
    if figures or len(have & units.scene) < 2 or len(have - units.scene) > 1:
        return sentence
    cut = head + "。"
    return cut if cut in clause_prefixes(sentence) else sentence


def _untagged(sentence: str) -> str:
    """The sentence without a press release's 问：/答： tag (the whole of it if that is all)."""
    return _QA_TAG.sub("", sentence) or sentence


def _unlink(c: Candidate, text: str) -> str:
    """The sentence without the connective that ties it to one the summary does not show."""
    if c.link and text.startswith(c.link):
        return text[len(c.link) :]
    return CONNECTIVE.sub("", text, count=1)
