"""Part-of-speech tagging exactly as jieba.posseg does it, with a faster search for unknown words.

jieba.posseg tags a run of characters its dictionary does not know (a name, a new word) with a
Viterbi search over its ~256 (word position, tag) states. For every state of a character its
inner loop scores every state of the character before, though a state has ~20 successors on
average: the others score -inf and can never be the best. That loop was the largest single cost
of a summary (the labels and quotes of a post's figures are tagged, issue 9's speed bar).

Here the same search scores only the predecessors that have a transition into the state, with
the same arithmetic in the same order and the same tie-break (the larger state name), so the path
and the tags are the same; everything else (dictionary, blocks, the known words) is jieba's own
tokenizer. tests/summarizer/test_postag.py checks the output against jieba.posseg.lcut.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_FLOAT = -3.14e100  # jieba.posseg.viterbi's score of a character a state never emits


@lru_cache(maxsize=1)
def _model() -> tuple[Any, dict[Any, list[tuple[Any, float]]], dict[Any, frozenset[Any]]]:
    """jieba.posseg; for each state, the states with a transition into it (with its score);
    for each state with successors, the set of them."""
    import jieba.posseg as pseg

    into: dict[Any, list[tuple[Any, float]]] = {}
    for y0, nexts in pseg.trans_P.items():
        for y, tr in nexts.items():
            into.setdefault(y, []).append((y0, tr))
    successors = {y0: frozenset(nexts) for y0, nexts in pseg.trans_P.items() if nexts}
    return pseg, into, successors


def viterbi(obs: str) -> list[tuple[str, str]]:
    """The best (position, tag) state of each character of `obs` (jieba.posseg.viterbi's route).

    As jieba: the states a character may take (all when it is unknown) that some state of the
    character before leads to, else all those; each scored from its best predecessor,
    (score + transition) + emission, ties to the larger state.
    """
    pseg, into, successors = _model()
    states, start_p, trans_p, emit_p = (
        pseg.char_state_tab_P,
        pseg.start_P,
        pseg.trans_P,
        pseg.emit_P,
    )
    all_states = trans_p.keys()
    score: dict[Any, float] = {}
    paths: list[dict[Any, Any]] = [{}]
    for y in states.get(obs[0], all_states):
        score[y] = start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT)
        paths[0][y] = ""
    for ch in obs[1:]:
        live = [(x, v, trans_p[x]) for x, v in score.items() if x in successors]
        expect_next: set[Any] = set().union(*[successors[x] for x, _, _ in live])
        obs_states = expect_next.intersection(states.get(ch, all_states))
        if not obs_states:
            obs_states = expect_next if expect_next else set(all_states)
        here: dict[Any, float] = {}
        back: dict[Any, Any] = {}
        for y in obs_states:
            e = emit_p[y].get(ch, MIN_FLOAT)
            sources = into.get(y, ())
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
        state = paths[i][state]
    return route


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


def _make_tagger() -> Any:
    import jieba.posseg as pseg

    class Tagger(pseg.POSTokenizer):  # type: ignore[misc,name-defined]
        """jieba's POSTokenizer whose HMM step (its private __cut) uses viterbi above."""

        def _POSTokenizer__cut(self, sentence: str) -> Any:  # jieba's (mangled) name
            for word, flag in hmm_cut(sentence):
                yield pseg.pair(word, flag)

    tagger = Tagger.__new__(Tagger)  # jieba's dictionaries, shared: not loaded a second time
    tagger.tokenizer = pseg.dt.tokenizer
    tagger.word_tag_tab = pseg.dt.word_tag_tab
    return tagger


@lru_cache(maxsize=1)
def tagger() -> Any:
    """The tagger (after segment._jieba has added its words to jieba's dictionary)."""
    return _make_tagger()


def han_blocks() -> re.Pattern[str]:
    """jieba's block pattern: it segments each match on its own (guards.is_word_edge)."""
    import jieba

    return jieba.re_han_default


def tag(text: str) -> list[tuple[str, str]]:
    """(word, tag) pairs of `text`, the same as list(jieba.posseg.lcut(text))."""
    return [(p.word, p.flag) for p in tagger().lcut(text)]
