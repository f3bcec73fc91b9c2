"""Find each chat's earlier push of a story, so an update threads under it.

One query per claimed batch: for every claimed delivery whose article belongs to a
story, the earliest *sent* delivery to the same (chat, topic) of another article of
that story, with its message_id, and the chat's choice (`/updates reply|edit|off`).
An earlier push still queued (both in one batch, or the first one retrying) has no
message_id yet: the update then goes out as an ordinary push rather than wait. An
earlier push that went out in a digest (held by quiet hours, /pause or digest mode)
shares its message with other stories' items: `edit` would replace all of them with
this one article, so the update replies to it instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

_EARLIER = sa.text("""
SELECT t.id, t.updates, t.earlier,
       CASE WHEN t.updates = 'edit' AND t.earlier IS NOT NULL THEN (
           SELECT count(*) FROM deliveries o JOIN articles b ON b.id = o.article_id
           WHERE o.chat_id = t.chat_id AND o.message_id = t.earlier
             AND COALESCE(b.story_id, b.id) <> t.story_id) ELSE 0 END AS others
FROM (
    SELECT d.id, d.chat_id, c.updates, a.story_id,
           (SELECT e.message_id FROM deliveries e JOIN articles b ON b.id = e.article_id
            WHERE b.story_id = a.story_id AND b.id <> a.id AND e.chat_id = d.chat_id
              AND e.thread_id = d.thread_id AND e.message_id IS NOT NULL
            ORDER BY b.published_at, e.id LIMIT 1) AS earlier
    FROM deliveries d
    JOIN articles a ON a.id = d.article_id
    JOIN chats c ON c.id = d.chat_id
    WHERE d.id IN :ids AND a.story_id IS NOT NULL AND a.story_id <> a.id
) AS t
""").bindparams(sa.bindparam("ids", expanding=True))


@dataclass(frozen=True, slots=True)
class Thread:
    """How to send one delivery: as a reply to `message_id`, or as an edit of it."""

    message_id: int
    edit: bool


def earlier_pushes(engine: Engine, delivery_ids: Iterable[int]) -> dict[int, Thread]:
    """delivery id -> its thread, for the deliveries that are updates of a pushed story."""
    ids = sorted(set(delivery_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        rows = conn.execute(_EARLIER, {"ids": ids}).all()
    return {
        r.id: Thread(int(r.earlier), r.updates == "edit" and not r.others)
        for r in rows
        if r.earlier is not None and r.updates != "off"
    }
