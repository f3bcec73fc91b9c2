"""Commands as a Chinese keyboard types them: `／sub 阿里巴巴` (a full-width slash).

Telegram marks only `/` followed by Latin letters as a bot_command, so `／sub` reaches
the bot as plain text. In a private chat it can only be meant for the bot, and is read
as the command; in a group it is members' chatter, and is not answered.
"""

from __future__ import annotations

import unicodedata

FULL_WIDTH_SLASH = "\uff0f"  # ／


def typed_command(text: str | None) -> str | None:
    """The command a `／name …` text means, lower-cased (`／ｓｕｂ` too: full-width letters
    read as Latin ones); None when the text starts otherwise. `@bot` after it is dropped."""
    if not text or not text.startswith(FULL_WIDTH_SLASH):
        return None
    head = unicodedata.normalize("NFKC", text.split(maxsplit=1)[0])[1:]
    name = head.partition("@")[0]
    return name.lower() if name.isascii() and name.replace("_", "").isalnum() else None
