"""Outlet subscriptions follow an outlet renamed to a new slug, when the operator says so.

The site names an outlet by the pinyin of its name: an outlet that changes its name
(每日经济新闻 to 每经网) publishes under a new slug, and its subscribers, left on the
old one, silently get nothing. Posts carry no outlet id, so nothing links the two slugs:
`bot.ops.silent` tells the operator of followed outlets gone quiet, and the operator
moves their subscriptions with `finews-bot outlets rename OLD NEW`, which calls this.
Subscribers are told nothing (the operator decides what to say, if anything).

Exclusions are keywords (`-kw:`), never an outlet: there are none to move. The
`[[channels]]` routes of the config are left as they are: the config puts them back at
every start (`bot.subscriptions.routes`), so it is the config that must change.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from bot.storage.db import session_scope
from bot.storage.models import Outlet, Subscription

log = logging.getLogger(__name__)

SLUG = re.compile(r"[a-z0-9]+")  # the site's outlet slugs (pinyin, digits)


@dataclass(slots=True)
class Renamed:
    """What a rename did: (chat, topic) pairs moved to the new slug, merged into a
    subscription the chat (topic) had to it already, and chats whose `[[channels]]`
    route names the old slug (left: the config's to change)."""

    name: str  # the new outlet's name, or its slug when no post of it was stored yet
    moved: list[tuple[int, int]] = field(default_factory=list)
    merged: list[tuple[int, int]] = field(default_factory=list)
    managed: list[int] = field(default_factory=list)


def rename_outlet(engine: Engine, old: str, new: str) -> Renamed:
    """Move every user-made subscription to outlet `old` onto `new`, in one transaction.

    A chat (topic) that follows `new` already keeps that one and loses the old copy.
    Repeating it changes nothing. Raises ValueError for a slug the site could not have.
    """
    for slug in (old, new):
        if not SLUG.fullmatch(slug):
            raise ValueError(f"{slug!r} is not an outlet slug (lower-case pinyin, e.g. emnews)")
    if old == new:
        raise ValueError("the old and the new slug are the same")
    subs = Subscription.__table__.c
    with session_scope(engine) as s:
        outlet = s.get(Outlet, new)
        result = Renamed(name=outlet.name if outlet is not None else new)
        rows = s.execute(
            sa.select(subs.id, subs.chat_id, subs.thread_id, subs.from_config)
            .where(subs.kind == "category", subs.value == old)
            .order_by(subs.chat_id, subs.thread_id)
        ).all()
        for r in rows:
            if r.from_config:
                result.managed.append(r.chat_id)
                continue
            same = (subs.chat_id == r.chat_id) & (subs.thread_id == r.thread_id)
            twin = sa.select(subs.id).where(same, subs.kind == "category", subs.value == new)
            where = (r.chat_id, r.thread_id)
            try:
                with s.begin_nested():
                    if s.execute(twin).first() is None:
                        s.execute(
                            sa.update(Subscription.__table__)
                            .where(subs.id == r.id)
                            .values(value=new, display=result.name[:128])
                        )
                        result.moved.append(where)
                        continue
            except IntegrityError:  # a /sub of the new slug landed meanwhile
                pass
            with s.begin_nested():
                s.execute(sa.delete(Subscription.__table__).where(subs.id == r.id))
            result.merged.append(where)
    if result.moved or result.merged:
        log.info(
            "outlet %s renamed %s: %d subscriptions moved, %d merged",
            old,
            new,
            len(result.moved),
            len(result.merged),
        )
    return result
