"""A feed's gap stays open until its `fallback` source has filled it.

When a feed's window overflows, `poll_source`'s callers poll the feed's fallback once.
If that poll failed, the feed's next polls list only known entries (no overflow) and
nothing asked for the fallback again: a disabled fallback (polled only for gaps) never
ran again, and the posts of the gap were lost for good. So the feed's cursor keeps the
open gap (`gap`: since, when, retries) and each later poll of the feed asks for the
fallback again, while the fallback is not backing off, until it has succeeded since the
overflow (its `last_success`) with a poll a rate limit did not cut short (its cursor's
`partial`), or the feed's `gap_retries` retries went by (default 10; a fallback
rate-limited for hours may need more), when a warning says the gap's posts may be missing.
Only the feed's own cursor is written here; the fallback's state is only read, so a
fallback polled meanwhile in another thread is never raced.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import SourceConfig
from bot.storage.models import SourceState
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when is not None else None


def _parse(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def opened(cursor: dict[str, Any], gap_since: datetime | None) -> None:
    """The feed overflowed just now: its gap is open until the fallback succeeds after
    this. An older gap still open stays part of it (the earlier `since`, its retries)."""
    old = cursor.get("gap") or {}
    since = gap_since
    if old:
        before = _parse(old.get("since"))
        since = None if before is None or since is None else min(before, since)
    cursor["gap"] = {"since": _iso(since), "at": utcnow().isoformat(), "tries": old.get("tries", 0)}


def still_open(
    engine: Engine, cfg: SourceConfig, cursor: dict[str, Any]
) -> tuple[bool, datetime | None]:
    """Whether the feed's fallback should be polled again for an open gap, and the gap's
    `gap_since` (see `poll_source`). Closes the gap in `cursor` when it was filled or is
    given up on."""
    gap = cursor.get("gap")
    if not gap:
        return False, None
    if not cfg.fallback:  # the fallback was removed from the configuration
        del cursor["gap"]
        return False, None
    with Session(engine) as s:
        state = s.get(SourceState, cfg.fallback)
        if state is not None:
            s.expunge(state)
    tries = int(gap.get("tries") or 0)
    filled = (
        state is not None
        and not (state.cursor or {}).get("partial")  # a poll cut short read part of it
        and state.last_success is not None
        and state.last_success >= _parse(gap["at"])  # type: ignore[operator]
    )
    if filled:
        del cursor["gap"]
        if tries:
            log.info("%s: %s filled the feed's gap after %d retries", cfg.name, cfg.fallback, tries)
        return False, None
    if state is not None and state.next_poll_at and state.next_poll_at > utcnow():
        return False, None  # backing off: it would not be polled now anyway
    if tries >= cfg.gap_retries:
        del cursor["gap"]
        log.warning(
            "%s: giving up on filling the feed's gap from %s after %d retries (%s): posts "
            "published since %s may be missing",
            cfg.name,
            cfg.fallback,
            tries,
            (state.last_error if state is not None else None) or "not polled since",
            gap.get("since") or "before the gap",
        )
        return False, None
    if tries == 0:
        log.warning(
            "%s: %s has not filled the feed's gap (%s); polling it again on the feed's "
            "polls (at most %d times)",
            cfg.name,
            cfg.fallback,
            (state.last_error if state is not None else None) or "not polled since",
            cfg.gap_retries,
        )
    gap["tries"] = tries + 1
    return True, _parse(gap.get("since"))
