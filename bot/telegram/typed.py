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
A Chinese name glued to its argument (`/订阅600519`: a Chinese keyboard types no space
there) ends where ASCII starts (`split_command`); Chinese after it (`/订阅茅台`) cannot
be told from a longer name (`/最新消息`), so it is answered with the spaced form to send
(`spaced_form`). A code glued to /sub, /unsub or /latest (`/sub600519`, which Telegram
marks as the command `sub600519`) is read so too.
"""

from __future__ import annotations

import re
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
    "订阅列表": "list",  # not `/订阅 列表` (the keyword 列表)
    "我的订阅": "list",
    "最新": "latest",
    "最新消息": "latest",  # not `/最新 消息`
    "最新新闻": "latest",
    "来源": "sources",
    "设置": "settings",
    "帮助": "help",
}


def joined(text: str) -> str:
    """`、 sub 600519` as `、sub 600519`: some Chinese keyboards put a space after the
    punctuation before Latin letters. Other texts as they are."""
    return text[0] + text[1:].lstrip() if text[:1] in SLASHES else text


def _alias(name: str) -> str | None:
    """The command a Chinese name stands for (`订阅`, `訂閱`: sub), else None."""
    name = unicodedata.normalize("NFKC", name).lower()
    return ALIASES.get(name) or ALIASES.get(simplified(name[:8]))


_LONGEST_ALIAS = max(len(a) for a in ALIASES)


# the commands whose argument is a code: `/sub600519` is `/sub 600519` (no command of the
# bot's has a digit in its name)
CODE_COMMANDS = re.compile(r"(sub|unsub|latest)(?=\d)", re.IGNORECASE)


def _glued_at(head: str) -> int:
    """Where a command name glued to its argument ends in a command word (`/订阅600519`:
    3, after `/订阅`; `/sub600519`: 4); 0 when the word is no such (a name of its own, or
    Chinese after a Chinese name: `/订阅茅台` may be one longer name)."""
    if head[:1] not in SLASHES and head[:1] != "/":
        return 0
    body = head[1:]
    if not body or "@" in body:
        return 0
    if body.isascii():
        m = CODE_COMMANDS.match(body)
        return m.end() + 1 if m else 0
    if _alias(body):
        return 0
    for k in range(min(len(body) - 1, _LONGEST_ALIAS), 0, -1):
        rest = unicodedata.normalize("NFKC", body[k:])
        if rest[:1].isascii() and not rest[:1].isspace() and _alias(body[:k]):
            return k + 1
    return 0


def split_command(text: str) -> tuple[str, str]:
    """(the command word, its arguments) of a command text: `/订阅600519` is `/订阅` and
    `600519` (`_glued_at`), `/sub600519@bot` is `/sub@bot` and `600519`; `、 sub 600519`
    is `、sub` and `600519` (`joined`)."""
    parts = joined(text).split(maxsplit=1)
    if not parts:
        return "", ""
    head, rest = parts[0], parts[1] if len(parts) > 1 else ""
    name, at, bot = head.partition("@")  # `/sub600519@bot`: `/sub@bot` and `600519`
    if cut := _glued_at(name):
        return name[:cut] + at + bot, f"{name[cut:]} {rest}".strip()
    return head, rest


# a Telegram username; a bot's always ends in `bot` (Telegram's rule for bot names)
USERNAME = re.compile(r"[A-Za-z]\w{3,31}")
# the commands that take a channel first in a private chat (`/sub @finchan 600519`)
CHANNEL_COMMANDS = frozenset(
    [
        "sub",
        "unsub",
        "list",
        "settings",
        "pause",
        "resume",
        "digest",
        "quiet",
        "timezone",
        "updates",
        "lang",
    ]
)


def addressed_channel(head: str) -> str | None:
    """`@finchan` for `/sub@finchan`: a name after a command that takes a channel, which
    no bot can have, so the channel the user meant (`/sub @finchan`, as documented) rather
    than another bot's name to drop; None for no name, `@ThisBot`, `@OtherBot`, or a
    command with no channel to name (`/help@finchan`: dropped, as before)."""
    name = head.partition("@")[2]
    if not USERNAME.fullmatch(name) or name.lower().endswith("bot"):
        return None
    if command_name(head)[1:] not in CHANNEL_COMMANDS:
        return None
    return "@" + name


def spaced_form(text: str | None) -> str | None:
    """`/订阅 茅台` for `/订阅茅台`: a Chinese name with Chinese glued after it, spaced as the
    bot reads it; None when the text does not start with such."""
    if not text or (text[0] not in SLASHES and text[0] != "/"):
        return None
    head, rest = split_command(text)
    body = head[1:]
    if _glued_at(head) or _alias(body.partition("@")[0]):
        return None
    for k in range(min(len(body) - 1, _LONGEST_ALIAS), 0, -1):
        if _alias(body[:k]):
            return f"{head[: k + 1]} {body[k:]} {rest}".strip()
    return None


def typed_command(text: str | None, known: Collection[str] = ()) -> str | None:
    """The command a `／name …` or `、name …` text means, lower-cased (`／ｓｕｂ` too:
    full-width letters read as Latin ones; `、 sub`: a space after the slash; `/订阅600519`:
    `split_command`); None when the text starts otherwise, or with `、` and a name not in
    `known`. `@bot` after it is dropped."""
    if not text or (text[0] not in SLASHES and not text.startswith("/")):
        return None
    head = unicodedata.normalize("NFKC", split_command(text)[0][1:])
    name = head.partition("@")[0].lower()
    if name and not name.isascii():  # `/订阅`, `／訂閱`, `、列表`
        return _alias(name)
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
    head = unicodedata.normalize("NFKC", split_command(text)[0][1:])
    name = head.partition("@")[0].lower()
    return "/" + (_alias(name) or name)
