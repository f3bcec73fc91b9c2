"""How a chat's subscriptions read back: stock names in /list, and keywords an
exclusion silences (pointed out after /sub)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy.engine import Engine

from bot.fanout.match import contradicts
from bot.storage.models import Subscription
from bot.subscriptions.service import list_subscriptions
from bot.subscriptions.targets import MENTIONS_MARK, Catalog, Target


def contradictions(
    engine: Engine, chat_id: int, thread_id: int, added: Sequence[Target]
) -> list[tuple[str, str]]:
    """(keyword, exclusion) pairs where the exclusion silences the keyword, among those
    involving a target just added in `thread_id`: `kw:新能源车` with `-kw:新能源` never
    delivers. An exclusion in the main chat (thread 0) silences every topic's keywords,
    one in a topic only that topic's (the fan-out's rule)."""
    values = {(t.kind, t.value) for t in added}
    subs = list_subscriptions(engine, chat_id)
    keywords = [s for s in subs if s.kind == "keyword"]
    excludes = [s for s in subs if s.kind == "exclude"]

    def new(s: Subscription) -> bool:
        return s.thread_id == thread_id and (s.kind, s.value) in values

    return [
        (k.display or k.value, x.display or x.value)
        for k in keywords
        for x in excludes
        if x.thread_id in (0, k.thread_id) and (new(k) or new(x)) and contradicts(k.value, x.value)
    ]


def shown(sub: Subscription, catalog: Catalog | None) -> str:
    """What /list shows: the stored display, or the stock's name when it was stored
    without one (`600519.SH` subscribed before the name was known)."""
    display = sub.display or sub.value
    if catalog is not None and sub.kind == "ticker" and display.split()[0] == sub.value:
        display = catalog.stock_display(sub.value) + (MENTIONS_MARK if sub.mentions else "")
    return display


def needs_names(subs: Iterable[Subscription]) -> bool:
    """Whether some ticker subscription was stored without its stock's name."""
    return any(s.kind == "ticker" and (s.display or s.value).split()[0] == s.value for s in subs)
