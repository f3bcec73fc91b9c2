"""Telegram's own links as users paste them: `https://t.me/name`, `t.me/name`, `@name`.

Where the bot takes a channel (`/sub @channel …` in a private chat, a config route), a
t.me link of it reads as its `@name`: users copy the channel's link from its profile.
Where it takes news targets, a t.me link is no keyword (no post contains it): it is
refused, and the user is told how to subscribe a channel instead.
"""

from __future__ import annotations

import re
import unicodedata

# a public username: 5-32 characters, a letter first (Telegram's rule); a numeric channel
# id as the Bot API writes it (-100…)
_NAME = r"[A-Za-z][A-Za-z0-9_]{3,31}"
_AT = re.compile(rf"@({_NAME})")
_ID = re.compile(r"-100\d{5,}")
# t.me/name, t.me/s/name (the web preview), t.me/name/123 (a post of it), with or without
# the scheme; telegram.me and telegram.dog are the same links
_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:t|telegram)\.(?:me|dog)/(?P<rest>[^\s]*)", re.IGNORECASE
)
_LINK_NAME = re.compile(rf"(?:s/)?({_NAME})(?:/\d+)?/?(?:[?#].*)?")


def is_link(text: str) -> bool:
    """Whether `text` is a t.me link (of a channel, a post, an invite: any)."""
    return _LINK.fullmatch(_clean(text)) is not None


def channel_ref(text: str) -> str | None:
    """`@name` for `@name`, `t.me/name`, `https://t.me/name` (or a post link of it), the id
    for `-100…`; None for anything else (an invite link names no channel)."""
    s = _clean(text)
    if _AT.fullmatch(s) or _ID.fullmatch(s):
        return s
    m = _LINK.fullmatch(s)
    if m is None:
        return None
    name = _LINK_NAME.fullmatch(m.group("rest"))
    if name is None or name.group(1).lower() in ("joinchat", "addstickers", "share", "proxy"):
        return None
    return "@" + name.group(1)


def channel_first(words: list[str]) -> tuple[list[str], list[str]]:
    """A private chat's command words with the channel they name moved first (`/sub 600519
    @finchan` means `/sub @finchan 600519`: no post contains `@finchan`, so as a keyword
    it was a mistake), and the channels named, first one first (one command sets one
    channel: more is the caller's to refuse). The same channel named twice counts once."""
    refs = [channel_ref(x) for x in words]
    named = list({r.casefold(): r for r in refs if r}.values())
    if not named:
        return words, []
    first = next(x for x, r in zip(words, refs, strict=True) if r)
    rest = [x for x, r in zip(words, refs, strict=True) if not r]
    return [first, *rest], named


def _clean(text: str) -> str:
    """NFKC (a full-width ＠ or ｔ．ｍｅ typed by a Chinese keyboard), outer spaces off."""
    return unicodedata.normalize("NFKC", text).strip()
