"""Ticker subscriptions follow a stock's code change.

The Beijing exchange moved its listings to 920 codes (835185.BJ became 920185.BJ), and
posts link the new code from then on: a subscription left on the old code would never
match again, silently. `bot.stocks.directory.Directory.moved` says which codes moved
(read from the names); this module owns the change to the subscriptions. It runs where
a new code can become known: at startup (the shipped directory and the names learned so
far), when a stored post links a 920 code, and after `finews-bot stocks update`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.stocks.directory import shipped
from bot.storage.models import Subscription
from bot.storage.stocks import learned_names

log = logging.getLogger(__name__)


def follow_code_changes(session: Session, moved: Mapping[str, str]) -> int:
    """Move every ticker subscription on an old code to its new code; returns how many.

    A chat that already has the new code keeps that one (with `+` mentions if either
    had it) and loses the old copy. Runs in the caller's transaction; each row in a
    savepoint, so a replica moving the same row at the same time cannot fail the rest.
    """
    if not moved:
        return 0
    subs = Subscription.__table__
    rows = session.execute(
        sa.select(subs.c.id, subs.c.chat_id, subs.c.thread_id, subs.c.value, subs.c.display,
                  subs.c.mentions)
        .where(subs.c.kind == "ticker", subs.c.value.in_(sorted(moved)))
        .order_by(subs.c.id)
    ).all()  # fmt: skip
    for r in rows:
        new = moved[r.value]
        same = (subs.c.chat_id == r.chat_id) & (subs.c.thread_id == r.thread_id)
        twin = sa.select(subs.c.id).where(same, subs.c.kind == "ticker", subs.c.value == new)
        try:
            with session.begin_nested():
                if (kept := session.execute(twin).scalar()) is None:
                    display = (r.display or "").replace(r.value, new) or None
                    session.execute(
                        sa.update(subs).where(subs.c.id == r.id).values(value=new, display=display)
                    )
                else:
                    if r.mentions:
                        session.execute(
                            sa.update(subs).where(subs.c.id == kept).values(mentions=True)
                        )
                    session.execute(sa.delete(subs).where(subs.c.id == r.id))
        except IntegrityError:  # another replica moved the twin in meanwhile: drop ours
            with session.begin_nested():
                session.execute(sa.delete(subs).where(subs.c.id == r.id))
    if rows:
        pairs = sorted({(r.value, moved[r.value]) for r in rows})
        log.info(
            "%d ticker subscriptions follow a code change: %s",
            len(rows),
            ", ".join(f"{o} -> {n}" for o, n in pairs),
        )
    return len(rows)


def known_moves(session: Session, names: Mapping[str, str] | None = None) -> Mapping[str, str]:
    """Old code -> new code, read from the shipped names, those learned so far and
    `names` (a post's own stock links, not stored yet)."""
    return shipped().with_names({**learned_names(session), **(names or {})}).moved()


def follow_all(session: Session) -> int:
    """Every code change the directory knows of (the shipped names and those learned)."""
    return follow_code_changes(session, known_moves(session))


def follow_article(
    session: Session, stock_names: Mapping[str, str], roles: Mapping[str, bool]
) -> dict[str, bool]:
    """Before a post is stored: the old codes of the 920 codes it links move to them, and
    the post's ticker roles (`bot.stocks.listings.ticker_roles`) gain the new code of
    every old one it carries. The parser knows only the shipped names, so a post naming
    贝特瑞 without a link carries 835185.BJ, while its subscribers now hold 920185.BJ.
    Costs nothing for a post without a Beijing code, which is nearly every post."""
    tickers = {*stock_names, *roles}
    if not any(t.endswith(".BJ") for t in tickers):
        return dict(roles)
    moved = known_moves(session, stock_names)
    moves = {old: n for old, n in moved.items() if old in tickers or n in tickers}
    follow_code_changes(session, moves)
    out = dict(roles)
    for t, mention in roles.items():
        if (new := moves.get(t)) and (not mention or new not in out):
            out[new] = mention
    return out
