"""Where a post names its stocks: the spots of each ticker's names in the title and the body.

`bot.parser.roles` reads them for every ticker. A post listing tens of thousands of stocks
searched its whole text once per ticker (minutes); from `INDEX_FROM` the body is read once
for all names (`BodySpots`), with the same spots as a search per name.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence


def find_spots(
    text: str, names: Sequence[str], index: Mapping[str, list[int]] | None = None
) -> list[tuple[int, int]]:
    """Where the names occur; a Latin name (`AMD`) only as a whole word (not `AMDX`).
    `index`: every position where each name starts in `text` (`_occurrences`), when known."""
    out = []
    for n in names:
        latin = n.isascii()
        if index is None:
            i = text.find(n)
            while i >= 0:
                j = i + len(n)
                if not latin or not (_is_latin(text[i - 1 : i]) or _is_latin(text[j : j + 1])):
                    out.append((i, j))
                i = text.find(n, j)
            continue
        nxt = 0  # as the search above: from the end of the last occurrence on
        for i in index.get(n, ()):
            if i < nxt:
                continue
            j = nxt = i + len(n)
            if not latin or not (_is_latin(text[i - 1 : i]) or _is_latin(text[j : j + 1])):
                out.append((i, j))
    return sorted(out)


def _is_latin(ch: str) -> bool:
    return bool(ch) and ch.isascii() and ch.isalpha()


INDEX_FROM = 20_000_000  # names x body characters from which the body is indexed once


class BodySpots:
    """Each ticker's spots in the body (the digest and paragraphs, `whole` joined by line
    breaks), in the whole text and by paragraph: `find_spots` of the body's texts, as read.

    `find_spots` searches the text once per name: a post listing tens of thousands of stocks
    searched its whole text for each of them (minutes). From `INDEX_FROM`, every name's
    occurrences are collected in one pass over the text instead (`_occurrences`), and
    `find_spots` is applied to them: the same spots, since a name without a line break never
    spans two paragraphs, and the start or end of a paragraph is no Latin letter in either.
    """

    def __init__(
        self, body: Sequence[str], names: Iterable[str], *, index_from: int | None = None
    ) -> None:
        self.body = body
        self.whole = "\n".join(body)
        self.index: dict[str, list[int]] | None = None
        distinct = set(names)
        limit = INDEX_FROM if index_from is None else index_from
        if len(distinct) * len(self.whole) >= limit and not any("\n" in n for n in distinct):
            self.index = _occurrences(self.whole, distinct)
            starts, at = [], 0
            for p in body:
                starts.append(at)
                at += len(p) + 1
            self.starts = starts

    def in_whole(self, names: Sequence[str]) -> list[tuple[int, int]]:
        """`find_spots(whole, names)`."""
        if self.index is None:
            return find_spots(self.whole, names)
        return find_spots(self.whole, names, self.index)

    def by_paragraph(self, names: Sequence[str]) -> list[tuple[int, list[tuple[int, int]]]]:
        """(paragraph number, `find_spots(paragraph, names)`) for each paragraph naming them."""
        if self.index is None:
            return [(k, spots) for k, p in enumerate(self.body) if (spots := find_spots(p, names))]
        out: list[tuple[int, list[tuple[int, int]]]] = []
        for s, e in self.in_whole(names):
            k = bisect_right(self.starts, s) - 1
            at = self.starts[k]
            if out and out[-1][0] == k:
                out[-1][1].append((s - at, e - at))
            else:
                out.append((k, [(s - at, e - at)]))
        return out

    def in_first(self, names: Sequence[str], k: int) -> bool:
        """Whether one of the first `k` paragraphs names them."""
        if self.index is None:
            return any(find_spots(p, names) for p in self.body[:k])
        return any(n < k for n, _ in self.by_paragraph(names))


def _occurrences(text: str, names: Iterable[str]) -> dict[str, list[int]]:
    """Every position where each name starts in `text` (overlapping ones too), in order:
    one pass over the text, looking up at each position only the lengths of the names that
    start with its character."""
    lengths: dict[str, set[int]] = {}
    wanted = set()
    for n in names:
        if n:
            lengths.setdefault(n[0], set()).add(len(n))
            wanted.add(n)
    by_first = {c: sorted(ls) for c, ls in lengths.items()}
    out: dict[str, list[int]] = {}
    size = len(text)
    for i, c in enumerate(text):
        ls = by_first.get(c)
        if ls is None:
            continue
        for n in ls:
            if i + n > size:  # a piece cut short by the end is a shorter name's, read there
                break
            piece = text[i : i + n]
            if piece in wanted:
                out.setdefault(piece, []).append(i)
    return out
