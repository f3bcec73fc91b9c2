"""The push message: Telegram HTML (parse_mode=HTML) and a plain-text view of it.

Telegram's HTML mode accepts only a few tags and rejects the whole message on a stray `<` or
`&`, so every piece of text goes through html.escape and only b/i/a/code/blockquote are used.
"""

from __future__ import annotations

import html
import re
from zoneinfo import ZoneInfo

from bot.article import Article, Summary

SHANGHAI = ZoneInfo("Asia/Shanghai")
MAX_MESSAGE = 4096
MAX_TICKERS = 12
ALLOWED_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)


def _e(text: str) -> str:
    return html.escape(text or "", quote=False)


def ticker_tag(ticker: str) -> str:
    """Tappable form of a canonical ticker: $BABA for US, #SH600519 / #HK00700 / #SZ000001."""
    code, _, market = ticker.rpartition(".")
    if not code:
        return "#" + re.sub(r"\W", "", ticker)
    if market == "US" and re.fullmatch(r"[A-Za-z][A-Za-z.]{0,7}", code):
        return "$" + code.upper().replace(".", "")
    tag = re.sub(r"[^0-9A-Za-z]", "", market + code)
    return "#" + tag


def format_time(article: Article) -> str:
    return article.published_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _tickers_line(article: Article) -> str:
    items = []
    for t in article.tickers[:MAX_TICKERS]:
        name = article.stock_names.get(t)
        items.append(f"{_e(name)} {_e(ticker_tag(t))}" if name else _e(ticker_tag(t)))
    more = len(article.tickers) - MAX_TICKERS
    line = " · ".join(items)
    if more > 0:
        line += f" 等{len(article.tickers)}只"
    return line


def _figure_line(f) -> str:
    change = f"（{_e(f.change)}）" if f.change else ""
    label = f"{_e(f.label)} " if f.label else ""
    return f"▪ {label}<b>{_e(f.value)}</b>{change}"


def render_message(article: Article, summary: Summary) -> str:
    """Telegram HTML for one push, at most 4096 characters."""
    head = f"📰 {_e(article.category_name or article.category)} · {_e(format_time(article))}"
    parts = [head, f"<b>{_e(article.title)}</b>"]
    if summary.summary:
        parts.append(_e(summary.summary))
    if summary.figures:
        parts.append("\n".join(_figure_line(f) for f in summary.figures))
    if article.tickers:
        parts.append(_tickers_line(article))
    if article.url:
        parts.append(f'<a href="{html.escape(article.url, quote=True)}">阅读原文</a>')
    message = "\n\n".join([parts[0] + "\n" + parts[1], *parts[2:]])
    if len(message) > MAX_MESSAGE:  # only a pathological title could do this; keep it valid
        message = f"<b>{_e(article.title[:1000])}</b>\n\n{_e(summary.summary[:2000])}"
    return message


def original_button(article: Article) -> tuple[str, str] | None:
    """(text, url) for an inline "阅读原文" button, or None without a link."""
    if article.url and article.url.startswith(("http://", "https://")):
        return ("阅读原文", article.url)
    return None


def render_text(message_html: str) -> str:
    """Plain terminal view of a rendered message (links shown as text <url>)."""
    text = re.sub(
        r'<a href="([^"]*)">(.*?)</a>',
        lambda m: f"{m.group(2)}: {m.group(1)}",
        message_html,
        flags=re.S,
    )
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    return html.unescape(text)
