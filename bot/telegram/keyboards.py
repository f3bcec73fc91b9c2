"""Inline keyboards and their callback data (Telegram allows 1-64 bytes per button).

Callback data formats, `|`-separated, the free-text value always last:

- `s|<k>|<chat>|<value>`   subscribe; k = c(ategory) t(icker) k(eyword) x(exclude),
                           m = ticker with its mentions (`/sub BABA+`);
                           chat empty = the chat the button is in (else a channel id)
- `rm|<sub id>|<chat>`     remove one subscription
- `src|<page>|<query>`     /sources page
- `noop`                   page indicator
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.subscriptions.targets import Target
from bot.telegram.i18n import describe, t

KIND_CODE = {"category": "c", "ticker": "t", "keyword": "k", "exclude": "x"}
CODE_KIND = {v: k for k, v in KIND_CODE.items()}
MENTIONS_CODE = "m"  # a ticker subscription that also gets the posts only mentioning it
MAX_DATA = 64
SOURCES_PER_PAGE = 8


def fits(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= MAX_DATA


def sub_data(target: Target, chat: int | None = None) -> str | None:
    code = MENTIONS_CODE if target.kind == "ticker" and target.mentions else KIND_CODE[target.kind]
    data = f"s|{code}|{chat or ''}|{target.value}"
    return data if fits(data) else None


def rm_data(sub_id: int, chat: int | None = None) -> str:
    return f"rm|{sub_id}|{chat or ''}"


def sources_data(page: int, query: str) -> str:
    data = f"src|{page}|{query}"
    while not fits(data):  # keep the query as long as the budget allows
        query = query[:-1]
        data = f"src|{page}|{query}"
    return data


@dataclass(frozen=True)
class Parsed:
    action: str
    kind: str = ""
    value: str = ""
    chat: int | None = None
    number: int = 0
    mentions: bool = False


def parse_data(data: str | None) -> Parsed | None:
    """Callback data -> Parsed, or None for anything malformed (old or forged buttons)."""
    if not data:
        return None
    parts = data.split("|", 3)
    try:
        if parts[0] == "s" and len(parts) == 4 and parts[1] == MENTIONS_CODE and parts[3]:
            return Parsed("sub", "ticker", parts[3], _chat(parts[2]), mentions=True)
        if parts[0] == "s" and len(parts) == 4 and parts[1] in CODE_KIND and parts[3]:
            return Parsed("sub", CODE_KIND[parts[1]], parts[3], _chat(parts[2]))
        if parts[0] == "rm" and len(parts) == 3:
            return Parsed("rm", number=int(parts[1]), chat=_chat(parts[2]))
        if parts[0] == "src" and len(parts) >= 3:
            return Parsed("src", value="|".join(parts[2:]), number=max(0, int(parts[1])))
        if parts[0] == "noop":
            return Parsed("noop")
    except ValueError:
        return None
    return None


def _chat(text: str) -> int | None:
    return int(text) if text else None


def markup(rows: list[list[InlineKeyboardButton]]) -> InlineKeyboardMarkup | None:
    rows = [r for r in rows if r]
    return InlineKeyboardMarkup(rows) if rows else None


def suggestions_keyboard(
    lang: str, targets: Sequence[Target], chat: int | None = None
) -> InlineKeyboardMarkup | None:
    rows = []
    for target in targets:
        data = sub_data(target, chat)
        if data:
            label = describe(lang, target.kind, target.display)
            rows.append([InlineKeyboardButton(_plain(label), callback_data=data)])
    return markup(rows)


def examples_keyboard(lang: str) -> InlineKeyboardMarkup | None:
    examples = [
        ("example_stock", Target("ticker", "600519.SH", "贵州茅台 600519.SH")),
        ("example_outlet", Target("category", "meirijingjixinwen", "每日经济新闻")),
        ("example_keyword", Target("keyword", "新能源", "新能源")),
    ]
    return markup(
        [[InlineKeyboardButton(t(lang, key), callback_data=sub_data(tg))] for key, tg in examples]
    )


def list_keyboard(
    lang: str, subs: Sequence[tuple[int, str, str]], chat: int | None = None, max_buttons: int = 90
) -> InlineKeyboardMarkup | None:
    """(sub id, kind, display) -> one ❌ button per subscription."""
    rows = [
        [
            InlineKeyboardButton(
                "❌ " + _plain(describe(lang, kind, display)), callback_data=rm_data(sid, chat)
            )
        ]
        for sid, kind, display in subs[:max_buttons]
    ]
    return markup(rows)


def sources_keyboard(
    lang: str,
    outlets: Sequence[tuple[str, str, int]],
    page: int,
    query: str,
    subscribed: set[str],
) -> tuple[InlineKeyboardMarkup | None, int, int]:
    """One page of outlets, two per row, with ‹ › navigation. Returns (markup, page, pages)."""
    pages = max(1, -(-len(outlets) // SOURCES_PER_PAGE))
    page = min(max(0, page), pages - 1)
    chunk = outlets[page * SOURCES_PER_PAGE : (page + 1) * SOURCES_PER_PAGE]
    buttons = []
    for slug, name, _count in chunk:
        data = sub_data(Target("category", slug, name))
        if data:
            mark = "✅ " if slug in subscribed else ""
            buttons.append(InlineKeyboardButton(mark + name, callback_data=data))
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    nav = []
    if page > 0:
        nav.append(
            InlineKeyboardButton(t(lang, "prev"), callback_data=sources_data(page - 1, query))
        )
    if pages > 1:
        nav.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data="noop"))
    if page < pages - 1:
        nav.append(
            InlineKeyboardButton(t(lang, "next"), callback_data=sources_data(page + 1, query))
        )
    rows.append(nav)
    return markup(rows), page, pages


def _plain(label: str) -> str:
    """Button labels are plain text: undo the HTML escaping `describe` applied."""
    import html

    return html.unescape(label)
