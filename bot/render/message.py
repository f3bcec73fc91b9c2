"""The push message: Telegram HTML (parse_mode=HTML) and a plain-text view of it.

Telegram's HTML mode accepts only a few tags and rejects the whole message on a stray `<` or
`&`, so every piece of text goes through html.escape and only b/i/a/code/blockquote are used.
The link to the original is the message's 阅读原文 button, never a second text link.
What differs between chats (their time zone, why the push reached them, their language)
is a `View`; the rest is the article's and is the same for every chat.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.article import Article, Figure, Summary
from bot.subscriptions.zones import zone_info as zone_of  # Beijing for a missing/unknown name

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


@dataclass(frozen=True, slots=True)
class View:
    """Who reads the message: their zone (IANA name), language and what matched for them.

    `matched` is the subscription that brought the article, already in words
    (`阿里巴巴 $BABA`, `每日经济新闻`, `新能源`), or None (e.g. /latest, digests).
    `first_ticker` puts the subscriber's own stock first in the ticker line.
    """

    zone: str = "Asia/Shanghai"
    lang: str = "zh"
    matched: str | None = None
    first_ticker: str | None = None
    updated: datetime | None = None  # an edit in place of a story's push: 更新于 HH:MM
    others: int = 0  # other reports of the story (/latest, digests): 另有N家媒体报道


DEFAULT_VIEW = View()


@dataclass(frozen=True, slots=True)
class Message:
    """What is sent: Telegram HTML and the (label, url) of its 阅读原文 button."""

    html: str
    button: tuple[str, str] | None = None


def esc(text: str) -> str:
    """Text escaped for Telegram's HTML mode."""
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


def stock_label(ticker: str, name: str | None) -> str:
    """`阿里巴巴 $BABA`, or the tag alone when the name is unknown (plain text)."""
    return f"{name} {ticker_tag(ticker)}" if name else ticker_tag(ticker)


def format_time(when: datetime, zone: str | None = None) -> str:
    """`2022-05-26 22:04` in the reader's zone, with the zone named unless it is Beijing's.

    Every push used to say Beijing time without saying so; a reader in 东京 or 纽约
    now reads their own clock, and the label says which clock it is. A post that gives only
    its day (a Jekyll file name's date when the front matter has none: midnight, Beijing
    time) shows that day alone: `00:00` would be a time the post never stated, and in
    another zone the day itself would move.
    """
    if day_only(when):
        return when.astimezone(SHANGHAI).strftime("%Y-%m-%d")
    tz = zone_of(zone)
    local = when.astimezone(tz)
    text = local.strftime("%Y-%m-%d %H:%M")
    if tz.key != SHANGHAI.key:
        text += f" ({_zone_abbrev(local)})"
    return text


def clock(when: datetime, zone: str | None = None) -> str:
    """`22:04` on the reader's clock for a digest item; `12-08` for a post that gave its day
    only (see format_time)."""
    if day_only(when):
        return when.astimezone(SHANGHAI).strftime("%m-%d")
    return when.astimezone(zone_of(zone)).strftime("%H:%M")


def post_time(article: Article, view: View, *, short: bool = False) -> str:
    """When the news is from, as a push (`format_time`) or a digest item (`clock`) shows it.

    A post that gave no date at all is stamped with the time the bot read it; showing that
    as the news' time would present old news as fresh, so such a post says so instead.
    """
    if not article.dated:
        return "date unknown" if view.lang == "en" else "日期不详"
    return (clock if short else format_time)(article.published_at, view.zone)


def day_only(when: datetime) -> bool:
    """The time is a day's Beijing midnight: the post gave its day, not its time."""
    beijing = when.astimezone(SHANGHAI)
    return (beijing.hour, beijing.minute, beijing.second, beijing.microsecond) == (0, 0, 0, 0)


def _zone_abbrev(local: datetime) -> str:
    name = local.tzname() or ""
    if re.fullmatch(r"[A-Z]{2,5}", name):
        return name
    off = local.utcoffset()
    minutes = int(off.total_seconds() // 60) if off is not None else 0
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def _tickers_line(article: Article, first: str | None, lang: str = "zh") -> str:
    """The stocks the article is about, the subscriber's own first (also when the
    article only mentions it and they opted in to mentions: `/sub BABA+`)."""
    tickers = list(article.tickers)
    if first and (first in tickers or first in article.mentions):
        if first in tickers:
            tickers.remove(first)
        tickers.insert(0, first)
    items = [esc(stock_label(t, article.stock_names.get(t))) for t in tickers[:MAX_TICKERS]]
    line = " · ".join(items)
    if len(tickers) > MAX_TICKERS:
        line += f" ({len(tickers)} in all)" if lang == "en" else f" 等{len(tickers)}只"
    return line


def figure_line(f: Figure) -> str:
    change = f"（{esc(f.change)}）" if f.change else ""
    label = f"{esc(f.label)} " if f.label else ""
    return f"▪ {label}<b>{esc(f.value)}</b>{change}"


def matched_line(matched: str, lang: str = "zh") -> str:
    """Why this push arrived: the subscription that matched, in the reader's language."""
    what = "Matched" if lang == "en" else "命中"
    sep = ": " if lang == "en" else "："
    return f"🔔 {what}{sep}{esc(matched)}"


def others_line(n: int, lang: str = "zh") -> str:
    """The story's repeats that were not pushed."""
    return f"📎 {n} more reports" if lang == "en" else f"📎 另有{n}家媒体报道"


def updated_line(when: datetime, zone: str | None = None, lang: str = "zh") -> str:
    """An edited push says when it was brought up to date, on the reader's clock."""
    hhmm = when.astimezone(zone_of(zone)).strftime("%H:%M")
    return f"<i>Updated {hhmm}</i>" if lang == "en" else f"<i>更新于 {hhmm}</i>"


def render_message(article: Article, summary: Summary, view: View = DEFAULT_VIEW) -> str:
    """Telegram HTML for one push, at most 4096 characters (the link is the button)."""
    when = post_time(article, view)
    head = f"📰 {esc(article.category_name or article.category)} · {esc(when)}"
    parts = [head + "\n" + f"<b>{esc(article.title)}</b>"]
    if summary.summary and summary.summary != article.title:
        parts.append(esc(summary.summary))
    if summary.figures:
        parts.append("\n".join(figure_line(f) for f in summary.figures))
    if article.tickers or view.first_ticker in article.mentions:
        parts.append(_tickers_line(article, view.first_ticker, view.lang))
    if view.matched:
        parts.append(matched_line(view.matched, view.lang))
    if view.others:
        parts.append(others_line(view.others, view.lang))
    if view.updated is not None:
        parts.append(updated_line(view.updated, view.zone, view.lang))
    message = "\n\n".join(parts)
    if len(message) > MAX_MESSAGE:  # only a pathological title could do this; keep it valid
        message = f"<b>{esc(article.title[:1000])}</b>\n\n{esc(summary.summary[:2000])}"
    return message


def original_label(lang: str = "zh") -> str:
    """The link button's label in the reader's language."""
    return "Read original" if lang == "en" else "阅读原文"


def original_button(article: Article, lang: str = "zh") -> tuple[str, str] | None:
    """(text, url) for the inline "阅读原文" button, or None without a usable link."""
    if article.url and article.url.startswith(("http://", "https://")):
        return (original_label(lang), article.url)
    return None


def render_push(article: Article, summary: Summary, view: View = DEFAULT_VIEW) -> Message:
    """The push as sent: HTML plus its 阅读原文 button, both in the reader's language."""
    button = original_button(article, view.lang)
    return Message(html=render_message(article, summary, view), button=button)


def render_text(message_html: str) -> str:
    """Plain view of a rendered message (links shown as text: url); for terminals and fallback."""
    text = re.sub(
        r'<a href="([^"]*)">(.*?)</a>',
        lambda m: f"{m.group(2)}: {m.group(1)}",
        message_html,
        flags=re.S,
    )
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    return html.unescape(text)
