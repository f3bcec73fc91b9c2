"""A chat's subscriptions; what the handlers call. The chat row itself: `chats`.

Every write is one transaction, so a command either stores everything it
confirms or nothing ("nothing stored half-way"), and repeating a command changes
nothing (inserts are ON CONFLICT DO NOTHING against `uq_subscription`).
Functions take an Engine and are synchronous; the bot runs them in a worker
thread so the event loop keeps serving other chats meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.fanout.match import keyword_key
from bot.storage.db import dialect_insert, session_scope
from bot.storage.models import Chat, Outlet, Stock, Subscription
from bot.storage.types import utcnow
from bot.subscriptions.targets import (
    Catalog,
    Target,
    Unknown,
    bare_keyword,
    fold_keyword,
    index_of,
)
from bot.subscriptions.times import (  # noqa: F401 (the handlers' API)
    parse_hhmm,
    parse_quiet,
    parse_time,
)
from bot.subscriptions.tme import channel_ref

log = logging.getLogger(__name__)

DIGEST_MODES = ("off", "hourly", "daily")
LANGS = ("zh", "en")


class LimitExceeded(Exception):
    """Adding would take the chat over its subscription limit; nothing was stored."""

    def __init__(self, current: int, adding: int, limit: int) -> None:
        super().__init__(f"{current} + {adding} > {limit}")
        self.current = current
        self.adding = adding
        self.limit = limit


@dataclass
class AddResult:
    added: list[Target] = field(default_factory=list)
    existing: list[Target] = field(default_factory=list)


@dataclass
class RemoveResult:
    removed: list[Target] = field(default_factory=list)
    missing: list[Target] = field(default_factory=list)
    managed: list[Target] = field(default_factory=list)  # operator routes: config only
    elsewhere: list[Target] = field(default_factory=list)  # not here: in another forum topic


class Managed(Exception):
    """The subscription is an operator's `[[channels]]` route: only the config changes it."""

    def __init__(self, sub: Subscription) -> None:
        super().__init__(f"subscription {sub.id} is from the config")
        self.sub = sub


# --------------------------------------------------------------------------- catalog


def load_catalog(engine: Engine) -> Catalog:
    """Outlets and stocks seen so far (a few thousand rows at most: cheap per command)."""
    with Session(engine) as s:
        outlets = {o.slug: o.name for o in s.exec(select(Outlet))}
        stocks = {st.ticker: st.name for st in s.exec(select(Stock))}
    return Catalog.of(outlets, stocks)


def list_outlets(engine: Engine, query: str = "") -> list[tuple[str, str, int]]:
    """(slug, name, articles) of outlets seen, most active first; `query` filters by
    name or slug substring (case-insensitive)."""
    with Session(engine) as s:
        rows = s.exec(select(Outlet).order_by(Outlet.articles.desc(), Outlet.slug)).all()
    q = query.strip().lower()
    return [
        (o.slug, o.name, o.articles)
        for o in rows
        if not q or q in o.name.lower() or q in o.slug.lower()
    ]


# --------------------------------------------------------------------------- subscriptions


def count_subscriptions(engine: Engine, chat_id: int, thread_id: int | None = None) -> int:
    """The chat's subscriptions (of one forum topic when `thread_id` is given)."""
    with Session(engine) as s:
        q = select(sa.func.count()).select_from(Subscription).where(Subscription.chat_id == chat_id)
        if thread_id is not None:
            q = q.where(Subscription.thread_id == thread_id)
        return s.exec(q).one()


def add_subscriptions(
    engine: Engine,
    chat_id: int,
    targets: Sequence[Target],
    *,
    thread_id: int = 0,
    created_by: int | None = None,
    limit: int = 100,
    from_config: bool = False,
) -> AddResult:
    """Subscribe the chat (topic) to every target, or to none if the limit would be passed.

    The chat row must exist (call `upsert_chat` first). Already present targets are
    reported in `existing` and do not count against the limit.
    """
    result = AddResult()
    if not targets:
        return result
    with session_scope(engine) as s:
        if s.get_bind().dialect.name == "postgresql":  # serialize concurrent adds per chat
            s.execute(sa.select(Chat.id).where(Chat.id == chat_id).with_for_update())
        rows = s.execute(
            sa.select(
                Subscription.kind, Subscription.value, Subscription.display, Subscription.mentions
            ).where(Subscription.chat_id == chat_id, Subscription.thread_id == thread_id)
        )
        held = {same_key(k, v): Target(k, v, d or v, bool(m)) for k, v, d, m in rows}
        have = {(t.kind, t.value): t.mentions for t in held.values()}
        fresh: dict[tuple[str, str], Target] = {}  # `kw:GPT5 kw:GPT-5` in one command: one
        for t in targets:
            fresh.setdefault(same_key(t.kind, t.value), t)
        new = [t for key, t in fresh.items() if key not in held]
        changed = [t for t in targets if have.get((t.kind, t.value), t.mentions) != t.mentions]
        result.existing = [
            held[key]  # as the chat holds it (`GPT5` for `kw:GPT-5`), as /list shows it
            for key, t in fresh.items()
            if key in held and t not in changed
        ]
        for t in changed:  # `/sub BABA+` on a BABA subscription: opt in (or back out)
            s.execute(
                sa.update(Subscription)
                .where(
                    Subscription.chat_id == chat_id,
                    Subscription.thread_id == thread_id,
                    Subscription.kind == t.kind,
                    Subscription.value == t.value,
                )
                .values(mentions=t.mentions, display=t.display[:128])
            )
        result.added = list(changed)
        if new:
            current = s.execute(
                sa.select(sa.func.count()).where(Subscription.chat_id == chat_id)
            ).scalar_one()
            if current + len(new) > limit:
                raise LimitExceeded(current, len(new), limit)
            now = utcnow()
            stmt = dialect_insert(s, Subscription.__table__).values(
                [
                    {
                        "chat_id": chat_id,
                        "thread_id": thread_id,
                        "kind": t.kind,
                        "value": t.value,
                        "display": t.display[:128],
                        "mentions": t.mentions,
                        "created_by": created_by,
                        "from_config": from_config,
                        "created_at": now,
                    }
                    for t in new
                ]
            )
            s.execute(
                stmt.on_conflict_do_nothing(
                    index_elements=["chat_id", "thread_id", "kind", "value"]
                )
            )
            result.added = [*changed, *new]
    return result


def remove_subscriptions(
    engine: Engine, chat_id: int, targets: Sequence[Target], *, thread_id: int = 0
) -> RemoveResult:
    """Remove the chat's (topic's) subscriptions to `targets`; the operator's
    `[[channels]]` routes are left alone and reported in `managed`."""
    result = RemoveResult()
    with session_scope(engine) as s:
        for t in (h for x in targets for h in _held_forms(s, chat_id, thread_id, x)):
            where = (
                Subscription.chat_id == chat_id,
                Subscription.thread_id == thread_id,
                Subscription.kind == t.kind,
                Subscription.value == t.value,
            )
            res = s.execute(
                sa.delete(Subscription).where(*where, Subscription.from_config.is_(False))
            )
            if res.rowcount:
                result.removed.append(t)
            elif s.execute(sa.select(Subscription.id).where(*where)).first() is not None:
                result.managed.append(t)
            else:
                result.missing.append(t)
        if result.missing:  # a forum: the admin may be in General, the subscription in a topic
            others = s.execute(
                sa.select(Subscription.kind, Subscription.value).where(
                    Subscription.chat_id == chat_id, Subscription.thread_id != thread_id
                )
            ).all()
            held = {same_key(k, v) for k, v in others}
            result.elsewhere = [t for t in result.missing if same_key(t.kind, t.value) in held]
            result.missing = [t for t in result.missing if t not in result.elsewhere]
    return result


def same_key(kind: str, value: str) -> tuple[str, str]:
    """What makes two subscriptions one: a keyword or exclusion by the posts it matches
    (`kw:GPT5` is `kw:GPT-5`, `keyword_key`), anything else by its value."""
    return (kind, keyword_key(value) if kind in ("keyword", "exclude") else value)


def _held_forms(s: Session, chat_id: int, thread_id: int, t: Target) -> list[Target]:
    """`t` as the chat (topic) holds it: `/unsub kw:GPT-5` removes the `gpt5` stored, and
    both when both are (stored before they were one); `[t]` when none is."""
    if t.kind not in ("keyword", "exclude"):
        return [t]
    rows = s.execute(
        sa.select(Subscription.value, Subscription.display).where(
            Subscription.chat_id == chat_id,
            Subscription.thread_id == thread_id,
            Subscription.kind == t.kind,
        )
    ).all()
    key = keyword_key(t.value)
    same = [
        t if v == t.value else Target(t.kind, v, d or v) for v, d in rows if keyword_key(v) == key
    ]
    return same or [t]


class CountChanged(Exception):
    """`/unsub all` was confirmed for `asked` subscriptions; the chat holds `now`: nothing
    was removed (the confirmation did not name the ones added since)."""

    def __init__(self, asked: int, now: int) -> None:
        super().__init__(f"asked about {asked}, holds {now}")
        self.asked, self.now = asked, now


def remove_all(
    engine: Engine, chat_id: int, *, thread_id: int = 0, expect: int | None = None
) -> RemoveResult:
    """`/unsub all`: every subscription and exclusion users made in the chat (topic); the
    operator's `[[channels]]` routes stay and are reported in `managed`. `expect`: how many
    the question named; a different count raises `CountChanged` and removes nothing."""
    result = RemoveResult()
    with session_scope(engine) as s:
        where = (Subscription.chat_id == chat_id, Subscription.thread_id == thread_id)
        for sub in s.exec(select(Subscription).where(*where).order_by(Subscription.id)):
            (result.managed if sub.from_config else result.removed).append(target_of(sub))
        if expect is not None and len(result.removed) != expect:
            raise CountChanged(expect, len(result.removed))
        s.execute(sa.delete(Subscription).where(*where, Subscription.from_config.is_(False)))
    return result


def remove_subscription_id(engine: Engine, chat_id: int, sub_id: int) -> Subscription | None:
    """Delete one subscription by id, only if it belongs to `chat_id` (button presses).

    Raises `Managed` for an operator route: deleting it would only last until the
    next start, when the config puts it back.
    """
    with session_scope(engine) as s:
        sub = s.get(Subscription, sub_id)
        if sub is None or sub.chat_id != chat_id:
            return None
        if sub.from_config:
            s.expunge(sub)
            raise Managed(sub)
        s.delete(sub)
        return sub


def list_subscriptions(
    engine: Engine, chat_id: int, thread_id: int | None = None
) -> list[Subscription]:
    """The chat's subscriptions (of one topic when thread_id is given), stable order."""
    with Session(engine, expire_on_commit=False) as s:
        q = select(Subscription).where(Subscription.chat_id == chat_id)
        if thread_id is not None:
            q = q.where(Subscription.thread_id == thread_id)
        order = sa.case(
            {"category": 0, "ticker": 1, "keyword": 2, "exclude": 3}, value=Subscription.kind
        )
        return list(s.exec(q.order_by(Subscription.thread_id, order, Subscription.id)).all())


def drop_topic(engine: Engine, chat_id: int, thread_id: int) -> tuple[str, list[Target]]:
    """A forum topic was deleted: end its subscriptions. Returns (chat language, removed)."""
    with session_scope(engine) as s:
        chat = s.get(Chat, chat_id)
        subs = s.exec(
            select(Subscription).where(
                Subscription.chat_id == chat_id, Subscription.thread_id == thread_id
            )
        ).all()
        removed = [target_of(x) for x in subs]
        for x in subs:
            s.delete(x)
        lang = chat.lang if chat else "zh"
    if removed:
        log.info(
            "chat %s: topic %s deleted, %d subscriptions ended", chat_id, thread_id, len(removed)
        )
    return lang, removed


def held_by(u: Unknown, current: Iterable[Subscription]) -> list[Subscription]:
    """The chat's subscriptions a word /sub would not take as it stands still names, for /unsub.

    The one option of an ambiguous word the chat holds (`ABT`: 安博通 or ABT.US, the user
    picked ABT.US; `kw:machine learning`, asked about and confirmed); a stock or an outlet
    named by a word of its display (an ambiguous name picked by button); an index code
    stored as a ticker before indices were refused (`399001`). A keyword is named only
    whole: `/unsub learning` is neither `machine learning` nor `deep learning`.
    """
    if not u.text:
        return []
    current = list(current)
    # not a typo's look-alikes: those are asked
    if u.reason in ("ambiguous", "keyword_space", "keyword_plus"):
        offered = {same_key(t.kind, t.value) for t in u.suggestions}  # `kw:gpt 5`: GPT-5
        held = [s for s in current if same_key(s.kind, s.value) in offered]
        if len(held) == 1:  # the one the chat has is the one meant; two: ask
            return held
    index = index_of(u.text) if u.reason == "index" else None
    if u.reason == "link" or channel_ref(u.text):  # a t.me link or `@name` stored as a
        link = fold_keyword(u.text)  # keyword before they were refused
        return [s for s in current if s.kind in ("keyword", "exclude") and s.value == link]
    return [
        s
        for s in current
        if (s.kind in ("ticker", "category") and u.text in (s.display or "").split())
        or (s.kind == "ticker" and s.value == index)
    ]


def as_held(targets: Iterable[Target], current: Iterable[Subscription]) -> list[Target]:
    """`targets` as the chat holds them, for /unsub: a keyword or exclusion stored with its
    marks before `strip_marks` (`“新能源”`, `锂电。`) or its prefix twice (`kw:新能源`,
    `bare_keyword`) for the same word without them, when the chat does not hold that word
    bare (then it is the one meant)."""
    current = list(current)
    out: list[Target] = []
    for t in targets:
        same = [s for s in current if s.kind == t.kind and s.value == t.value]
        marked = [
            s
            for s in current
            if t.kind in ("keyword", "exclude")
            and s.kind == t.kind
            and s.value != t.value
            and bare_keyword(s.value) == t.value
        ]
        out.extend([target_of(s) for s in marked] if marked and not same else [t])
    return out


def holds_word(engine: Engine, chat_id: int, thread_id: int, word: str) -> bool:
    """Whether the chat (topic) holds `word` as typed as a keyword or exclusion: `@finchan`,
    stored in a group before a channel named there was refused, is still that keyword."""
    value = fold_keyword(word)
    with Session(engine) as s:
        q = select(Subscription.id).where(
            Subscription.chat_id == chat_id,
            Subscription.thread_id == thread_id,
            Subscription.kind.in_(("keyword", "exclude")),
            Subscription.value == value,
        )
        return s.exec(q.limit(1)).first() is not None


def target_of(sub: Subscription) -> Target:
    return Target(sub.kind, sub.value, sub.display or sub.value, bool(sub.mentions))
