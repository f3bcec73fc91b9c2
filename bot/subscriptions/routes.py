"""`[[channels]]` routes from the config as `from_config` subscriptions.

The operator declares fixed routes (`chat = "@name"`, categories, tickers,
keywords); at startup each route's chat gets exactly those subscriptions, so
editing the config and restarting adds and removes them, while subscriptions
users made in that chat are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.storage.db import dialect_insert, session_scope
from bot.storage.models import Subscription
from bot.storage.types import utcnow
from bot.subscriptions.chats import upsert_in
from bot.subscriptions.targets import Catalog, Target, normalize_ticker, parse_target


def route_targets(
    catalog: Catalog, categories: Iterable[str], tickers: Iterable[str], keywords: Iterable[str]
) -> tuple[list[Target], list[str]]:
    """A `[[channels]]` route's lists -> targets, plus the entries that were not understood."""
    out: list[Target] = []
    bad: list[str] = []
    for c in categories:
        r = parse_target(c, catalog)
        if isinstance(r, Target) and r.kind == "category":
            out.append(r)
        elif re.fullmatch(r"[a-z0-9]+", c.strip()):  # a slug not seen yet: trust the operator
            out.append(Target("category", c.strip(), c.strip()))
        else:
            bad.append(c)
    for t in tickers:
        norm = normalize_ticker(t)
        if norm:
            norm = catalog.stock_directory.current(norm)  # an old Beijing code: the 920 one
            out.append(Target("ticker", norm, catalog.stock_display(norm)))
        else:
            bad.append(t)
    for k in keywords:
        neg = k.strip().startswith("-")
        r = parse_target(("-kw:" if neg else "kw:") + k.strip().lstrip("-"), catalog)
        if isinstance(r, Target):
            out.append(r)
        else:
            bad.append(k)
    return out, bad


def apply_route(
    engine: Engine,
    chat_id: int,
    kind: str,
    title: str | None,
    username: str | None,
    targets: Sequence[Target],
) -> int:
    """Make the chat's `from_config` subscriptions exactly `targets` (config is the truth:
    removing a route entry removes its subscription). User-made ones are left alone."""
    with session_scope(engine) as s:
        upsert_in(s, chat_id, kind, title, username, "zh")
        s.execute(
            sa.delete(Subscription).where(
                Subscription.chat_id == chat_id, Subscription.from_config.is_(True)
            )
        )
        if targets:
            stmt = dialect_insert(s, Subscription.__table__).values(
                [
                    {
                        "chat_id": chat_id,
                        "thread_id": 0,
                        "kind": t.kind,
                        "value": t.value,
                        "display": t.display[:128],
                        "from_config": True,
                        "created_at": utcnow(),
                    }
                    for t in targets
                ]
            )
            s.execute(
                stmt.on_conflict_do_nothing(
                    index_elements=["chat_id", "thread_id", "kind", "value"]
                )
            )
    return len(targets)
