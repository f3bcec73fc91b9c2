"""Every user-facing string of the bot, in Chinese (default) and English: the tables are
`bot.telegram.i18n_zh` and `bot.telegram.i18n_en`, looked up here.

Replies are Telegram HTML, so `t()` escapes every argument: user input can never
inject markup or break a reply (Telegram refuses malformed HTML). Pass `Html(...)`
for an argument that is already safe markup (built from escaped parts).
"""

from __future__ import annotations

import html

from bot.subscriptions.targets import MENTIONS_MARK
from bot.telegram.i18n_en import EN
from bot.telegram.i18n_zh import ZH

LANGS = ("zh", "en")


class Html(str):
    """A string that is already valid, escaped Telegram HTML."""

    __slots__ = ()


def esc(value: object) -> str:
    return value if isinstance(value, Html) else html.escape(str(value), quote=False)


KIND_LABEL = {
    "zh": {"category": "来源", "ticker": "股票", "keyword": "关键词", "exclude": "排除"},
    "en": {"category": "outlet", "ticker": "stock", "keyword": "keyword", "exclude": "exclude"},
}

COMMANDS = {
    "zh": [
        ("sub", "订阅：来源、股票或关键词"),
        ("unsub", "取消订阅"),
        ("list", "查看我的订阅"),
        ("sources", "浏览新闻来源"),
        ("latest", "最新匹配的新闻"),
        ("pause", "暂停推送"),
        ("resume", "恢复推送"),
        ("digest", "汇总推送：off / hourly / daily HH:MM"),
        ("quiet", "免打扰时段 HH:MM-HH:MM"),
        ("timezone", "时区（汇总和免打扰按它计时）"),
        ("updates", "同一新闻的后续：reply / edit / off"),
        ("settings", "查看本聊天的设置"),
        ("lang", "语言 zh / en"),
        ("help", "使用说明"),
    ],
    "en": [
        ("sub", "Subscribe: outlet, stock or keyword"),
        ("unsub", "Unsubscribe"),
        ("list", "My subscriptions"),
        ("sources", "Browse news outlets"),
        ("latest", "Latest matching news"),
        ("pause", "Pause pushes"),
        ("resume", "Resume pushes"),
        ("digest", "Digest: off / hourly / daily HH:MM"),
        ("quiet", "Quiet hours HH:MM-HH:MM"),
        ("timezone", "Time zone for digests and quiet hours"),
        ("updates", "Story updates: reply / edit / off"),
        ("settings", "This chat's settings"),
        ("lang", "Language zh / en"),
        ("help", "How to use"),
    ],
}

STRINGS = {"zh": ZH, "en": EN}


def t(lang: str, key: str, **kwargs: object) -> str:
    """The string `key` in `lang` (Chinese if unknown), arguments HTML-escaped."""
    table = STRINGS.get(lang) or ZH
    template = table.get(key) or ZH[key]
    return template.format(**{k: esc(v) for k, v in kwargs.items()}) if kwargs else template


def kind_label(lang: str, kind: str) -> str:
    return KIND_LABEL.get(lang, KIND_LABEL["zh"]).get(kind, kind)


def describe(lang: str, kind: str, display: str) -> str:
    """A subscription as users read it, escaped: `贵州茅台 600519.SH`, `关键词 新能源`.

    A stock taken with its mentions is stored with the Chinese mark (the display is kept
    as the user first saw it); it reads in the chat's own language."""
    if kind == "ticker" and display.endswith(MENTIONS_MARK):
        display = display.removesuffix(MENTIONS_MARK) + t(lang, "mentions_mark")
    if kind in ("category", "ticker"):
        return esc(display)
    return f"{kind_label(lang, kind)} {esc(display)}"
