"""Part-of-speech tagging exactly as jieba.posseg does it, with a faster search for unknown words.

jieba.posseg tags a run of characters its dictionary does not know (a name, a new word) with a
Viterbi search over its ~256 (word position, tag) states. For every state of a character its
inner loop scores every state of the character before, though a state has ~20 successors on
average: the others score -inf and can never be the best. That loop was the largest single cost
of a summary (the labels and quotes of a post's figures are tagged, issue 9's speed bar).

Here the same search scores only the predecessors that have a transition into the state, with
the same arithmetic in the same order and the same tie-break (the larger state name), so the path
and the tags are the same; the dictionary and the word tags are jieba's own, and tag() walks
them as jieba.posseg does, block by block (each block's pairs cached: overlapping clauses share
whole blocks). tests/summarizer/test_postag.py checks the output against jieba.posseg.lcut.

The dictionary step (get_DAG and calc: the best path of known words through a block) is done
once per block for both word segmentation (cut, the same as jieba.lcut) and tagging (route),
with the same arithmetic and tie-break, and cached per block like the HMM step (hmm_cut).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from math import log
from typing import Any, NamedTuple

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score of a character a state never emits


class _Model(NamedTuple):
    """jieba.posseg's HMM with each state (position, tag) numbered in sorted order, so a number
    hashes and compares faster than the tuple and orders the same (ties to the larger state)."""

    states: tuple[Any, ...]  # the state of each number
    char_states: dict[str, tuple[int, ...]]  # the states a known character may take
    start: list[float]
    emit: list[dict[str, float]]
    trans: list[dict[int, float]]
    into: list[list[tuple[int, float]]]  # for each state, those with a transition into it
    successors: list[frozenset[int]]  # for each state, those it has a transition to


@lru_cache(maxsize=1)
def _model() -> _Model:
    """jieba.posseg's model, numbered (loaded once)."""
    import jieba.posseg as pseg

    states = tuple(sorted(pseg.trans_P))
    num = {y: i for i, y in enumerate(states)}
    trans = [{num[y]: tr for y, tr in pseg.trans_P[y0].items()} for y0 in states]
    into: list[list[tuple[int, float]]] = [[] for _ in states]
    for i0, nexts in enumerate(trans):
        for i, tr in nexts.items():
            into[i].append((i0, tr))
    return _Model(
        states=states,
        char_states={ch: tuple(num[y] for y in ys) for ch, ys in pseg.char_state_tab_P.items()},
        start=[pseg.start_P[y] for y in states],
        emit=[pseg.emit_P[y] for y in states],
        trans=trans,
        into=into,
        successors=[frozenset(nexts) for nexts in trans],
    )


def viterbi(obs: str) -> list[tuple[str, str]]:
    """The best (position, tag) state of each character of `obs` (jieba.posseg.viterbi's route).

    As jieba: the states a character may take (all when it is unknown) that some state of the
    character before leads to, else all those; each scored from its best predecessor,
    (score + transition) + emission, ties to the larger state (the larger number, see _Model).
    """
    model = _model()
    char_states, emit, trans, into, successors = (
        model.char_states,
        model.emit,
        model.trans,
        model.into,
        model.successors,
    )
    all_states = range(len(model.states))
    score: dict[int, float] = {}
    paths: list[dict[int, int]] = [{}]
    for y in char_states.get(obs[0], all_states):
        score[y] = model.start[y] + emit[y].get(obs[0], MIN_FLOAT)
    for ch in obs[1:]:
        live = [(x, v, trans[x]) for x, v in score.items() if successors[x]]
        expect_next: set[int] = set().union(*[successors[x] for x, _, _ in live])
        obs_states = expect_next.intersection(char_states.get(ch, all_states))
        if not obs_states:
            obs_states = expect_next if expect_next else set(all_states)
        here: dict[int, float] = {}
        back: dict[int, int] = {}
        for y in obs_states:
            e = emit[y].get(ch, MIN_FLOAT)
            sources = into[y]
            if len(sources) <= len(live):  # walk the shorter list: y's sources or live states
                best = max([(score[y0] + tr + e, y0) for y0, tr in sources if y0 in score])
            else:
                best = max([(v + tr[y] + e, y0) for y0, v, tr in live if y in tr])
            here[y], back[y] = best
        score = here
        paths.append(back)
    _, state = max([(v, y) for y, v in score.items()])
    route = [state] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i].get(state, -1)
    return [model.states[y] for y in route]


@lru_cache(maxsize=4096)
def hmm_cut(sentence: str) -> tuple[tuple[str, str], ...]:
    """The (word, tag) pairs jieba.posseg's HMM step (its private __cut) gives a run of unknown
    characters, from the route of viterbi above. Cached: a post's clauses are tagged again and
    again in overlapping pieces, and the same unknown run (a name) recurs; the route depends on
    jieba's fixed HMM model only, not on the dictionary."""
    pos_list = viterbi(sentence)
    out: list[tuple[str, str]] = []
    begin, nexti = 0, 0
    for i, char in enumerate(sentence):
        pos = pos_list[i][0]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((sentence[begin : i + 1], pos_list[i][1]))
            nexti = i + 1
        elif pos == "S":
            out.append((char, pos_list[i][1]))
            nexti = i + 1
    if nexti < len(sentence):
        out.append((sentence[nexti:], pos_list[nexti][1]))
    return tuple(out)


def route(block: str) -> tuple[int, ...]:
    """For each offset of `block` (a run jieba segments on its own), the last offset of the word
    jieba's dictionary path takes from there: route[x][1] of Tokenizer.get_DAG + calc."""
    import jieba

    return _route(block, jieba.dt.total)


@lru_cache(maxsize=8192)
def _route(block: str, total: int) -> tuple[int, ...]:
    """route() for the dictionary as it stands (`total`, the sum of its frequencies, changes with
    every word added). The same search and arithmetic as jieba's get_DAG and calc: each word
    starting at an offset scores (log(freq or 1) - log(total)) + the best score after it, the
    best with ties to the longer word; a single character when no word starts there. Cached: a
    post's clauses are segmented and tagged again in overlapping pieces."""
    import jieba

    tok = jieba.dt
    tok.check_initialized()
    freqs = tok.FREQ
    logtotal = log(tok.total)
    n = len(block)
    scores: list[float] = [0] * (n + 1)  # jieba's route[N] = (0, 0)
    ends = [0] * n
    for k in range(n - 1, -1, -1):
        best_score, best_end = 0.0, -1
        # FREQ holds every prefix of a word (frequency 0): one get() per prefix both tells
        # whether to read on (None: no word goes on) and gives the frequency
        i, f = k, freqs.get(block[k])
        while f is not None:
            if f:  # get_DAG's words from k; calc's score of each, in that order
                score = log(f) - logtotal + scores[i + 1]
                if best_end < 0 or score >= best_score:  # max((score, end)): ties to the later
                    best_score, best_end = score, i
            i += 1
            f = freqs.get(block[k : i + 1]) if i < n else None
        if best_end < 0:  # no word starts here: the character alone
            best_score, best_end = log(freqs.get(block[k]) or 1) - logtotal + scores[k + 1], k
        scores[k], ends[k] = best_score, best_end
    return tuple(ends)


def cut(text: str) -> list[str]:
    """The words of `text`, the same as jieba.lcut(text) (HMM on), with route() for the search."""
    import jieba

    han, skip = jieba.re_han_default, jieba.re_skip_default
    out: list[str] = []
    for blk in han.split(text):
        if not blk:
            continue
        if han.match(blk):
            out.extend(_cut_block(blk))
            continue
        for x in skip.split(blk):
            if skip.match(x):
                out.append(x)
            else:
                out.extend(x)
    return out


def _pieces(sentence: str) -> Iterator[tuple[str, bool]]:
    """jieba's walk along route(): (word, False) for a dictionary word of two or more
    characters, (run, True) for a run of single characters between them (its __cut_DAG loop)."""
    ends = route(sentence)
    x, buf, n = 0, "", len(sentence)
    while x < n:
        y = ends[x] + 1
        if y - x == 1:
            buf += sentence[x:y]
        else:
            if buf:
                yield buf, True
                buf = ""
            yield sentence[x:y], False
        x = y
    if buf:
        yield buf, True


def _cut_block(sentence: str) -> list[str]:
    """jieba's Tokenizer.__cut_DAG (its private cut of one block), on route()."""
    import jieba
    from jieba import finalseg

    freqs = jieba.dt.FREQ
    out: list[str] = []
    for piece, run in _pieces(sentence):
        if not run or len(piece) == 1:
            out.append(piece)
        elif not freqs.get(piece):
            out.extend(finalseg.cut(piece))
        else:
            out.extend(piece)
    return out


@lru_cache(maxsize=1)
def tagger() -> Any:
    """jieba.posseg's tokenizer: its word tags and jieba's dictionary (tag() walks them itself)."""
    import jieba.posseg as pseg

    return pseg.dt


def han_blocks() -> re.Pattern[str]:
    """jieba's block pattern: it segments each match on its own (guards.is_word_edge)."""
    import jieba

    return jieba.re_han_default


def tag(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of `text`, the same as list(jieba.posseg.lcut(text)).

    jieba's own walk (its private __cut_internal), written out: a block of Chinese, Latin and
    digits is tagged on its own, so each block's pairs are computed once (_tag_block, cached:
    a post's clauses are tagged again in overlapping pieces that share whole blocks), and no
    pair objects or generators are made per word."""
    import jieba.posseg as pseg

    tg = tagger()
    tg.makesure_userdict_loaded()  # as jieba: a user word's tag added since the last call
    total = tg.tokenizer.total
    han, skip, num, eng = (
        pseg.re_han_internal,
        pseg.re_skip_internal,
        pseg.re_num,
        pseg.re_eng,
    )
    out: list[tuple[str, str]] = []
    for blk in han.split(text):
        if not blk:
            continue
        if han.match(blk):
            out.extend(_tag_block(blk, total))
            continue
        for x in skip.split(blk):
            if skip.match(x):
                out.append((x, "x"))
                continue
            x_eng = eng.match(x) is not None  # jieba tests the whole piece for 'eng' (sic)
            for xx in x:
                out.append((xx, "m" if num.match(xx) else "eng" if x_eng else "x"))
    return out


@lru_cache(maxsize=8192)
def _tag_block(block: str, total: int) -> tuple[tuple[str, str], ...]:
    """The pairs of one block (jieba.posseg's __cut_DAG) for the dictionary as it stands
    (`total`, as _route). Cached per block."""
    tg = tagger()
    freqs, tags = tg.tokenizer.FREQ, tg.word_tag_tab
    out: list[tuple[str, str]] = []
    for piece, run in _pieces(block):
        if not run or len(piece) == 1:
            out.append((piece, tags.get(piece, "x")))
        elif not freqs.get(piece):
            out.extend(_tag_detail(piece))
        else:
            out.extend((ch, tags.get(ch, "x")) for ch in piece)
    return tuple(out)


def _tag_detail(buf: str) -> list[tuple[str, str]]:
    """jieba.posseg's __cut_detail: a run of characters its dictionary does not know, the
    Chinese by the HMM (hmm_cut), digits and Latin as 'm' and 'eng'."""
    import jieba.posseg as pseg

    han, skip, num, eng = pseg.re_han_detail, pseg.re_skip_detail, pseg.re_num, pseg.re_eng
    out: list[tuple[str, str]] = []
    for blk in han.split(buf):
        if han.match(blk):
            out.extend(hmm_cut(blk))
            continue
        for x in skip.split(blk):
            if x:
                out.append((x, "m" if num.match(x) else "eng" if eng.match(x) else "x"))
    return out
