"""A figure candidate: a quantity found in a post, with what ranking and naming need to know."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date

from bot.summarizer.quantities import Quantity


@dataclass
class Cand:
    """A quantity found in the post, with what ranking and naming need to know about it."""

    q: Quantity
    value: str
    label: str
    change: str | None
    score: float
    order: int
    is_change: bool
    wording: str | None = None  # for a change: its wording, e.g. 同比+7%
    subject: str = ""  # label without the change verb
    raw: str = ""  # uncut subject, for labels.tidy_label
    how: str = ""  # a change's verb as shown in its label (同比增长)
    # a noun written right after the value (10亿元的合作经费): the `after` property, found when
    # first read (figures.py: most candidates are never named, and the search is not cheap)
    after_found: str | Callable[[], str] = field(default="", repr=False, compare=False)
    seg: int = 0  # which title part or sentence it comes from
    reached: bool = False  # written after 增至/降至: a level reached
    pre: str = ""  # the clause text before the value
    key: str = ""  # dedupe_key: the same figure written twice has the same key
    para: int = 0  # body paragraph index (-1 for the title)
    sent: str = ""  # the folded sentence (or title part) it stands in
    span: tuple[int, int] = (0, 0)  # its offsets in `sent`, qualifier included
    paired: bool = False  # named by its item of a 分别 list (respectively.py): raw is the name
    total: str = ""  # 合计/共计… written before it: the sum of a list, not its last item
    prior: str = ""  # the sentences before it in its paragraph (where its period may be set)
    last: str = ""  # the sentence before it, in its paragraph or the one before (a plan's)
    background: bool = False  # history, another period, an example or a contrast (background.py)
    year: int = 0  # the post's publication year (a later year in the clause: a plan, modality.py)
    posted: date | None = None  # the post's publication day: see pastday.py
    several: bool = False  # the title names two or more companies: a line must say whose
    names: tuple[str, ...] = ()  # the post's companies by name, when it names two or more
    actor: str = ""  # the one company the title names (none named, or two: '')
    rivals: bool = False  # the title or the summary names two or more of `names`: say whose
    table_period: str = ""  # an item of a results table: the period its post's lead reports
    house: str = ""  # the house whose view a roundup's section gives, where it says 我们
    depth: int | None = None  # body characters before its paragraph (None: the title)
    alts: list[Cand] = field(default_factory=list)  # the same number stated elsewhere (dedupe_key)
    restated: bool = False  # a flash's summary spells it out: its line must name a metric

    @property
    def after(self) -> str:
        """A noun written right after the value (10亿元的合作经费), '' if none."""
        if not isinstance(self.after_found, str):
            self.after_found = self.after_found()
        return self.after_found

    @after.setter
    def after(self, noun: str) -> None:
        self.after_found = noun

    @property
    def sentence_before(self) -> str:
        """The last sentence of `prior`: the one right before the number's, in its paragraph."""
        return self.prior.rstrip("。").rsplit("。", 1)[-1]


UNNAMED_COST = 6.0  # a figure no label names ranks as if it scored this much less


def unnamed_last(pool: list[Cand], named: Callable[[Cand], bool]) -> Iterator[Cand]:
    """`pool` best first, an unnamed figure UNNAMED_COST lower (a stable sort on score and
    order), asking `named` (which makes the label: tagging, slow) only of a figure that may come
    next: the lines fill up after a few, and the rest are never labelled."""
    left = list(enumerate(pool))  # (place in pool: the stable sort's tie-break, figure)
    ready: list[tuple[float, int, int, Cand]] = []  # (sort key, place, figure) of those labelled
    while left or ready:
        best = min(left, key=lambda x: (-x[1].score, x[1].order, x[0]), default=None)
        if best is not None and (
            not ready or (-best[1].score, best[1].order, best[0]) < ready[0][:3]
        ):
            i, c = best  # named, it could come before every figure labelled so far
            left.remove(best)
            heapq.heappush(ready, (-(c.score - (0 if named(c) else UNNAMED_COST)), c.order, i, c))
            continue
        yield heapq.heappop(ready)[3]
