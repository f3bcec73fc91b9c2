"""One story, one push per chat: drop the deliveries a story's later article does not need.

Runs right after `enqueue_deliveries` in the same transaction. A (chat, topic) that
already has a delivery of an earlier article of the story (one not `failed`: a chat
that blocked the bot then, or a refused send, never saw the story) gets:
- a REPEAT: nothing (the row is deleted; the story counts the repeat);
- an UPDATE: its row stays (sent as a reply to, or an edit of, the earlier push:
  `bot.delivery.threads`), unless the chat chose `/updates off` or already has a later
  report of the story: an older one that surfaces late (a gap filled, a late commit) is
  the story's past, and as an edit it would put older figures over newer ones.
A (chat, topic) new to the story keeps its row: for it this is the first report
(it follows the second outlet, or only the update carried its keyword).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot.delivery.outbox import Status


def _has_report(newer: bool = False) -> str:
    """The (chat, topic) of the row has a delivery (not failed) of another article of the
    story; `newer`: of one published after this article."""
    later = "AND b.published_at > (SELECT p.published_at FROM articles p WHERE p.id = :aid)"
    return f"""
EXISTS (
    SELECT 1 FROM deliveries e JOIN articles b ON b.id = e.article_id
    WHERE b.story_id = :sid AND b.id <> :aid {later if newer else ""}
      AND e.chat_id = deliveries.chat_id AND e.thread_id = deliveries.thread_id
      AND e.status <> '{Status.FAILED.value}')
"""


_EARLIER, _NEWER = _has_report(), _has_report(newer=True)
_OFF = "AND deliveries.chat_id IN (SELECT c.id FROM chats c WHERE c.updates = 'off')"


def prune_story_deliveries(session: Session, article_id: str, story_id: str, kind: str) -> int:
    """Delete the rows of chats that already have this story; returns how many."""
    if kind not in ("repeat", "update"):
        return 0
    if kind == "repeat":
        where = f"deliveries.article_id = :aid AND {_EARLIER}"
    else:
        where = f"deliveries.article_id = :aid AND (({_EARLIER} {_OFF}) OR {_NEWER})"
    result = session.execute(
        sa.text(f"DELETE FROM deliveries WHERE {where}"), {"aid": article_id, "sid": story_id}
    )
    return max(result.rowcount or 0, 0)  # type: ignore[attr-defined]
