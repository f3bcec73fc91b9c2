"""What a source has already seen (`source_items`), asked for by key.

A poll asks only about the keys in front of it (the files whose stat changed, the
links of a listing page, a commit's paths), never for the whole set: the jekyll
sources keep a row for every post of the site for good, so reading them all on
each poll would grow without bound. Keys go to the database in chunks of `CHUNK`
(one `IN` query each), so memory follows the poll, not the table.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.models import ArticleRow, SourceItem

CHUNK = 500  # keys per query (well under SQLite's and PostgreSQL's parameter limits)


_SURROGATE = re.compile("[\ud800-\udfff]")


def item_key(key: str) -> str:
    """source_items.key is at most 512 characters: longer keys keep a prefix and a hash.

    A key neither database can hold, a file name that is not UTF-8 (its bytes arrive as
    lone surrogates) or one with a NUL, is stored with those spelled as escapes: the
    same key always maps to the same text, so the item is still found next poll."""
    if "\x00" in key or (not key.isascii() and _SURROGATE.search(key)):
        try:  # a file name's undecodable bytes, as the bytes (`\\xd0\\xc2`)
            data = key.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # any other lone surrogate
            data = key.encode("utf-8", "surrogatepass")
        key = data.decode("utf-8", "backslashreplace").replace("\x00", "\\x00")
    if len(key) <= 512:
        return key
    return key[:440] + "#" + hashlib.sha256(key.encode("utf-8")).hexdigest()


class SeenItems:
    """Stored digests of one source's items, by key. `asked` / `loaded` count the keys
    asked about and the rows read (the poll's cost, for tests and benches)."""

    def __init__(self, engine: Engine, source: str) -> None:
        self.engine = engine
        self.source = source
        self.asked = 0
        self.loaded = 0

    def many(self, keys: Iterable[str]) -> dict[str, str]:
        """{key: digest} for the keys among `keys` this source has seen."""
        found: dict[str, str] = {}
        chunk: dict[str, list[str]] = {}
        for key in keys:
            chunk.setdefault(item_key(key), []).append(key)
            if len(chunk) >= CHUNK:
                self._load(chunk, found)
                chunk = {}
        if chunk:
            self._load(chunk, found)
        return found

    def count(self) -> int:
        """How many items this source has seen (an aggregate: no row is loaded)."""
        t = SourceItem.__table__  # type: ignore[attr-defined]
        with self.engine.connect() as conn:
            q = sa.select(sa.func.count()).select_from(t).where(t.c.source == self.source)
            return int(conn.execute(q).scalar_one())

    def newest_published(self, besides: Iterable[str] = ()) -> datetime | None:
        """The publish time of the newest article this source has stored, other than the
        articles `besides` (an aggregate over the source's rows: no row is loaded)."""
        t, a = SourceItem.__table__, ArticleRow.__table__  # type: ignore[attr-defined]
        q = (
            sa.select(sa.func.max(a.c.published_at))
            .select_from(t.join(a, a.c.id == t.c.article_id))
            .where(t.c.source == self.source, a.c.id.not_in(list(besides)))
        )
        with self.engine.connect() as conn:
            return conn.execute(q).scalar()

    def _load(self, chunk: dict[str, list[str]], found: dict[str, str]) -> None:
        t = SourceItem.__table__  # type: ignore[attr-defined]
        self.asked += len(chunk)
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.c.key, t.c.digest).where(
                    t.c.source == self.source, t.c.key.in_(list(chunk))
                )
            ).all()
        self.loaded += len(rows)
        for stored, digest in rows:
            for key in chunk[stored]:
                found[key] = digest
