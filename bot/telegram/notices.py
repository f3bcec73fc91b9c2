"""What the bot tells a chat on its own initiative (not as a reply to a command).

The delivery worker calls these when a send shows something changed: a forum topic
was deleted, so its subscriptions ended and the group's admins should know why the
news stopped there.
"""

from __future__ import annotations

import html

from sqlalchemy.engine import Engine

from bot.subscriptions import service
from bot.telegram.i18n import Html, describe, t


def topic_gone(engine: Engine, chat_id: int, thread_id: int) -> str | None:
    """End a deleted topic's subscriptions; the plain-text notice for the group (None when
    the topic had none left, e.g. a second push to it failed the same way)."""
    lang, removed = service.drop_topic(engine, chat_id, thread_id)
    if not removed:
        return None
    items = Html("、".join(describe(lang, x.kind, x.display) for x in removed))
    return html.unescape(t(lang, "topic_gone", n=len(removed), items=items))
