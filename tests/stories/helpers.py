"""Articles for the story tests (made-up flashes in the style of the site's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.article import Article

T0 = datetime(2024, 3, 4, 2, 0, tzinfo=UTC)


def flash(
    aid: str,
    title: str,
    lead: str | None = None,
    *,
    minutes: float = 0,
    tickers: tuple[str, ...] = (),
    category: str = "emnews",
) -> Article:
    return Article(
        id=aid,
        title=title,
        published_at=T0 + timedelta(minutes=minutes),
        category=category,
        category_name="东财滚动新闻" if category == "emnews" else category,
        url=f"https://example.com/{aid}",
        paragraphs=(lead if lead is not None else title + "。",),
        tickers=tickers,
    )
