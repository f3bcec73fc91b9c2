"""Digests: one compact item per article, split between items under Telegram's 4,096 chars."""

from __future__ import annotations

import html
from datetime import datetime

from bot.article import Article, Summary
from bot.render.message import MAX_MESSAGE, View, esc, others_line, post_time, zone_of

_MONTH_DAY_ZH = "{m}月{d}日"


def digest_item(article: Article, summary: Summary | None, view: View) -> str:
    """One article inside a digest: its time (reader's zone), linked title, short summary
    and, for a story told by several outlets, how many others told it."""
    title = esc(article.title or article.id)
    if article.url:
        title = f'<a href="{html.escape(article.url)}">{title}</a>'
    when = post_time(article, view, short=True)
    line = f"• {when} <b>{title}</b>"
    text = (summary.summary if summary else "").strip()
    if text and text != article.title:
        line += "\n" + esc(text)
    if view.others:  # a story several outlets told: say so, as the push does
        line += "\n" + others_line(view.others, view.lang)
    if len(line) > MAX_MESSAGE - 200:  # never let one item alone overflow a message
        line = f"• {when} <b>{esc((article.title or article.id)[:300])}</b>"
    return line


def digest_header(count: int, lang: str, quiet: bool, now: datetime, zone: str | None) -> str:
    """`新闻摘要 · 12月3日（5 条）`: dated in the reader's zone, so digests are told apart."""
    local = now.astimezone(zone_of(zone))
    if lang == "en":
        what = "While you were in quiet hours" if quiet else "News digest"
        return f"<b>{what} · {local:%b} {local.day}</b> ({count})"
    what = "免打扰期间的新闻" if quiet else "新闻摘要"
    day = _MONTH_DAY_ZH.format(m=local.month, d=local.day)
    return f"<b>{what} · {day}</b>（{count} 条）"


def split_digest(header: str, items: list[str], limit: int = MAX_MESSAGE) -> list[tuple[str, int]]:
    """Messages of at most `limit` chars, each the header plus whole items.

    Returns (text, number of items) pairs, so the caller knows which deliveries
    each message carries. Items are never cut in the middle. A digest split in several
    messages numbers them (`· 2/3` after the header): the header's count is the whole
    digest's, and a reader should know more follows.
    """
    groups: list[list[str]] = []
    cur: list[str] = []
    size = len(header) + _PART_ROOM
    for item in items:
        add = len(item) + 2
        if cur and size + add > limit:
            groups.append(cur)
            cur, size = [], len(header) + _PART_ROOM
        cur.append(item)
        size += add
    if cur:
        groups.append(cur)
    out = []
    for k, group in enumerate(groups, 1):
        head = header if len(groups) == 1 else f"{header} · {k}/{len(groups)}"
        out.append((head + "\n\n" + "\n\n".join(group), len(group)))
    return out


_PART_ROOM = len(" · 999/999")
