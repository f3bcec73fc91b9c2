"""Inline keyboards and their callback data (Telegram allows 1-64 bytes per button).

Callback data formats, `|`-separated, the free-text value always last:

- `s|<k>|<chat>|<value>`   subscribe; k = c(ategory) t(icker) k(eyword) x(exclude)
                           (a keyword's value: its text as shown, stored so),
                           m = ticker with its mentions (`/sub BABA+`);
                           chat empty = the chat the button is in (else a channel id)
- `u|<k>|<chat>|<value>`   unsubscribe that target (✅ in /sources, 🔕 under a push)
- `lt|<k>|<value>`         /latest of that target (suggestions under /latest, private text)
- `rm|<sub id>|<chat>|<page>` remove one subscription (then show that /list page)
- `ls|<page>|<chat>`       /list page
- `src|<page>|<query>`     /sources page
- `set|<name>[|<chat>]`    /settings toggle (pause, silent, digest, quiet, lang); chat: a
                           channel's screen opened from a private chat (`/settings @ch`)
- `ua|<chat>|y<n>` / `ua|<chat>|n`  `/unsub all` confirmed (for the n subscriptions it
                           asked about; a plain `y` from older buttons: any) / cancelled
- `noop`                   page indicator
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.subscriptions.targets import Target, clean, fold_keyword, strip_marks
from bot.telegram.i18n import describe, t

KIND_CODE = {"category": "c", "ticker": "t", "keyword": "k", "exclude": "x"}
CODE_KIND = {v: k for k, v in KIND_CODE.items()}
MENTIONS_CODE = "m"  # a ticker subscription that also gets the posts only mentioning it
MAX_DATA = 64
SOURCES_PER_PAGE = 8
LIST_PER_PAGE = 10


def fits(data: str) -> bool:
    return 1 <= len(data.encode("utf-8")) <= MAX_DATA


def sub_data(target: Target, chat: int | None = None) -> str | None:
    """A keyword carries its text as shown (`OpenAI`), which the press stores as the
    display; its value is the folded text (`parse_data`)."""
    code = MENTIONS_CODE if target.kind == "ticker" and target.mentions else KIND_CODE[target.kind]
    text = target.display if target.kind in ("keyword", "exclude") else target.value
    data = f"s|{code}|{chat or ''}|{text}"
    return data if fits(data) else None


def unsub_data(target: Target, chat: int | None = None) -> str | None:
    data = f"u|{KIND_CODE[target.kind]}|{chat or ''}|{target.value}"
    return data if fits(data) else None


def latest_data(target: Target) -> str | None:
    data = f"lt|{KIND_CODE[target.kind]}|{target.value}"
    return data if fits(data) else None


def set_data(name: str, chat: int | None = None) -> str:
    return f"set|{name}|{chat}" if chat else f"set|{name}"


def rm_data(sub_id: int, chat: int | None = None, page: int = 0) -> str:
    return f"rm|{sub_id}|{chat or ''}|{page}"


def unsub_all_keyboard(
    lang: str, chat: int | None = None, n: int = 0
) -> InlineKeyboardMarkup | None:
    """`/unsub all`'s question: confirm (for the `n` subscriptions it named) or cancel
    (nothing is removed before the press)."""
    yes = f"ua|{chat or ''}|y{n or ''}"
    return markup(
        [
            [
                InlineKeyboardButton(t(lang, "btn_unsub_all"), callback_data=yes),
                InlineKeyboardButton(t(lang, "btn_cancel"), callback_data=f"ua|{chat or ''}|n"),
            ]
        ]
    )


def list_data(page: int, chat: int | None = None) -> str:
    return f"ls|{page}|{chat or ''}"


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
    page: int = 0
    display: str = ""  # a keyword's text as the button showed it (`value` is folded)


def parse_data(data: str | None) -> Parsed | None:
    """Callback data -> Parsed, or None for anything malformed (old or forged buttons)."""
    if not data:
        return None
    parts = data.split("|", 3)
    try:
        if parts[0] == "s" and len(parts) == 4 and parts[1] == MENTIONS_CODE and parts[3]:
            return Parsed("sub", "ticker", parts[3], _chat(parts[2]), mentions=True)
        if parts[0] == "s" and len(parts) == 4 and parts[1] in ("k", "x") and parts[3]:
            # a keyword as shown; an older release's button may carry its marks (“储能”。)
            kind, shown = CODE_KIND[parts[1]], strip_marks(clean(parts[3]))
            if not shown:
                return None
            return Parsed("sub", kind, fold_keyword(shown), _chat(parts[2]), display=shown)
        if parts[0] in ("s", "u") and len(parts) == 4 and parts[1] in CODE_KIND and parts[3]:
            action = "sub" if parts[0] == "s" else "unsub"
            return Parsed(action, CODE_KIND[parts[1]], parts[3], _chat(parts[2]))
        if parts[0] == "lt" and len(parts) >= 3 and parts[1] in CODE_KIND:
            return Parsed("latest", CODE_KIND[parts[1]], "|".join(parts[2:]))
        if parts[0] == "rm" and len(parts) in (3, 4):
            page = int(parts[3] or 0) if len(parts) == 4 else 0
            return Parsed("rm", number=int(parts[1]), chat=_chat(parts[2]), page=page)
        if parts[0] == "ls" and len(parts) == 3:
            return Parsed("list", chat=_chat(parts[2]), page=max(0, int(parts[1])))
        if parts[0] == "ua" and len(parts) == 3 and parts[2][:1] in ("y", "n"):
            # `y3`: confirmed for the 3 subscriptions asked about (plain `y`: older buttons)
            n = int(parts[2][1:]) if parts[2][1:] else 0
            return Parsed("unall", value=parts[2][:1], chat=_chat(parts[1]), number=n)
        if parts[0] == "set" and len(parts) in (2, 3) and parts[1]:
            return Parsed("set", value=parts[1], chat=_chat(parts[2]) if len(parts) == 3 else None)
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
    lang: str, targets: Sequence[Target], chat: int | None = None, *, latest: bool = False
) -> InlineKeyboardMarkup | None:
    """One button per target: subscribe it, or (`latest`) show its latest news."""
    rows = []
    for target in targets:
        data = latest_data(target) if latest else sub_data(target, chat)
        if data:
            label = describe(lang, target.kind, target.display)
            rows.append([InlineKeyboardButton(_plain(label), callback_data=data)])
    return markup(rows)


def unbuttoned(
    targets: Sequence[Target], chat: int | None = None, *, latest: bool = False
) -> list[Target]:
    """The targets `suggestions_keyboard` leaves out: their data pass Telegram's 64 bytes (a
    Chinese keyword of 20 or more characters; of about 15 for a channel's button)."""
    return [x for x in targets if not (latest_data(x) if latest else sub_data(x, chat))]


def typed_form(target: Target) -> str:
    """How a user writes `target` after /sub or /latest: what a button stands for."""
    if target.kind in ("keyword", "exclude"):
        return ("-kw:" if target.kind == "exclude" else "kw:") + target.display
    if target.kind == "ticker" and target.mentions:
        return target.value + "+"
    return target.value


def examples_keyboard(lang: str) -> InlineKeyboardMarkup | None:
    examples = [
        ("example_stock", Target("ticker", "600519.SH", "贵州茅台 600519.SH")),
        ("example_outlet", Target("category", "meirijingjixinwen", "每日经济新闻")),
        ("example_keyword", Target("keyword", "新能源", "新能源")),
    ]
    return markup(
        [[InlineKeyboardButton(t(lang, key), callback_data=sub_data(tg))] for key, tg in examples]
    )


def push_keyboard(
    lang: str, original: tuple[str, str] | None, unsub: tuple[str, str, str] | None
) -> InlineKeyboardMarkup | None:
    """Under a push: [阅读原文] [🔕 退订 <what matched>] (flowerss-style one-tap unsubscribe
    for the source, stock or keyword that brought it, in the chat and topic it came to)."""
    row = []
    if original is not None:
        row.append(InlineKeyboardButton(original[0], url=original[1]))
    if unsub is not None and unsub[0] in ("category", "ticker", "keyword"):
        kind, value, label = unsub
        data = unsub_data(Target(kind, value, label))
        if data:
            text = t(lang, "btn_unsub_push", item=label)
            row.append(InlineKeyboardButton(_plain(text)[:40], callback_data=data))
    return markup([row])


def target_keyboard(lang: str, target: Target) -> InlineKeyboardMarkup | None:
    """[订阅] [最新] for one understood target (a stock or outlet typed in a private chat)."""
    buttons = []
    if data := sub_data(target):
        buttons.append(InlineKeyboardButton(t(lang, "btn_sub"), callback_data=data))
    if data := latest_data(target):
        buttons.append(InlineKeyboardButton(t(lang, "btn_latest"), callback_data=data))
    return markup([buttons])


def list_keyboard(
    lang: str,
    subs: Sequence[tuple[int, str, str]],
    chat: int | None = None,
    page: int = 0,
    pages: int = 1,
) -> InlineKeyboardMarkup | None:
    """(sub id, kind, display) of one page -> one ❌ button each, then ‹ page › buttons."""
    rows = [
        [
            InlineKeyboardButton(
                "❌ " + _plain(describe(lang, kind, display)),
                callback_data=rm_data(sid, chat, page),
            )
        ]
        for sid, kind, display in subs
    ]
    rows.append(_nav(lang, page, pages, lambda p: list_data(p, chat)))
    return markup(rows)


def _nav(lang: str, page: int, pages: int, data: Callable[[int], str]) -> list:
    nav = []
    if page > 0:
        nav.append(InlineKeyboardButton(t(lang, "prev"), callback_data=data(page - 1)))
    if pages > 1:
        nav.append(InlineKeyboardButton(f"{page + 1}/{pages}", callback_data="noop"))
    if page < pages - 1:
        nav.append(InlineKeyboardButton(t(lang, "next"), callback_data=data(page + 1)))
    return nav


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
        target = Target("category", slug, name)
        button = outlet_button(target, slug in subscribed)
        if button is not None:
            buttons.append(button)
    rows = [buttons[i : i + 2] for i in range(0, len(buttons), 2)]
    rows.append(_nav(lang, page, pages, lambda p: sources_data(p, query)))
    return markup(rows), page, pages


def outlet_button(target: Target, subscribed: bool) -> InlineKeyboardButton | None:
    """A /sources button: tap subscribes; ✅ shows it is subscribed, and tapping it again
    unsubscribes (a toggle, as in every settings screen)."""
    if subscribed:
        data = unsub_data(target)
        return InlineKeyboardButton("✅ " + target.display, callback_data=data) if data else None
    data = sub_data(target)
    return InlineKeyboardButton(target.display, callback_data=data) if data else None


def _plain(label: str) -> str:
    """Button labels are plain text: undo the HTML escaping `describe` applied."""
    import html

    return html.unescape(label)
