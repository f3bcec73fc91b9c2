"""Commands as a Chinese keyboard types them: `／sub 阿里巴巴` (a full-width slash), and
`、sub 阿里巴巴` (the `/` key in Chinese-punctuation mode types the enumeration comma).

Telegram marks only `/` followed by Latin letters as a bot_command, so these reach the
bot as plain text. In a private chat they can only be meant for the bot, and are read
as the command; in a group they are members' chatter, and are not answered.
`、` is also ordinary punctuation (`、600519` is looked up as typed), so after it only a
command the bot has counts; after `／` any name does (an unknown one is told so).

The main commands also have Chinese names (`ALIASES`: `/订阅 600519`, `/列表`), which
Telegram does not mark as commands either: read the same way, after `/` too, in
private chats only; `/` and another Chinese name is answered as an unknown command.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection

from bot.hanzi import simplified

FULL_WIDTH_SLASH = "\uff0f"  # ／
IDEOGRAPHIC_COMMA = "\u3001"  # 、
# what a Chinese keyboard types for `/` -> whether only the bot's own commands read as one
SLASHES = {FULL_WIDTH_SLASH: False, IDEOGRAPHIC_COMMA: True}
# the main commands' Chinese names (README, /help); traditional ones read as simplified
ALIASES = {
    "订阅": "sub",
    "取消订阅": "unsub",
    "退订": "unsub",
    "列表": "list",
    "最新": "latest",
    "来源": "sources",
    "设置": "settings",
    "帮助": "help",
}


def joined(text: str) -> str:
    """`、 sub 600519` as `、sub 600519`: some Chinese keyboards put a space after the
    punctuation before Latin letters. Other texts as they are."""
    return text[0] + text[1:].lstrip() if text[:1] in SLASHES else text


def typed_command(text: str | None, known: Collection[str] = ()) -> str | None:
    """The command a `／name …` or `、name …` text means, lower-cased (`／ｓｕｂ` too:
    full-width letters read as Latin ones; `、 sub`: a space after the slash); None when
    the text starts otherwise, or with `、` and a name not in `known`. `@bot` after it is
    dropped."""
    if not text or (text[0] not in SLASHES and not text.startswith("/")):
        return None
    head = unicodedata.normalize("NFKC", joined(text).split(maxsplit=1)[0][1:])
    name = head.partition("@")[0].lower()
    if name and not name.isascii():  # `/订阅`, `／訂閱`, `、列表`
        return ALIASES.get(name) or ALIASES.get(simplified(name[:8]))
    if text[0] == "/" or not (name.isascii() and name.replace("_", "").isalnum()):
        return None  # `/sub`: Telegram marked it as a command already
    return name if name in known or not SLASHES[text[0]] else None


def is_typed_command(text: str | None, known: Collection[str]) -> bool:
    """Whether a private chat's text is addressed to the bot as a command: `／` and
    anything (an unknown or malformed one is answered as such), `/` and a Chinese name
    (`/订阅`; an unknown one too, `/汇总`), `、` and a known one."""
    if not text:
        return False
    if text.startswith(FULL_WIDTH_SLASH) or typed_command(text, known) is not None:
        return True
    return text.startswith("/") and _han(text[1:2])


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def command_name(text: str | None) -> str:
    """The command a message starts with as /help writes it: `/sub` for `/sub@bot 600519`,
    `／ｓｕｂ 600519`, `、 sub` or `/订阅 600519`."""
    if not text:
        return ""
    head = unicodedata.normalize("NFKC", joined(text).split(maxsplit=1)[0][1:])
    name = head.partition("@")[0].lower()
    return "/" + (ALIASES.get(name) or ALIASES.get(simplified(name[:8])) or name)
