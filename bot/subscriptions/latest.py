"""The latest articles a chat's subscriptions match, for `/latest`.

Outlets and tickers are looked up by index (articles.category, article_tickers);
keywords need the text, so they are checked in Python over the most recent
`KEYWORD_WINDOW` articles only: `/latest` is about recent news, and this keeps the
command cheap however large the archive grows. Matching follows the fan-out's
rules (`bot.fanout.match`): any subscription matches, no exclusion occurs; an
exclusion made in the main chat applies to all its topics. A story told several
times is listed once, by its newest article, with how many others told it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.fanout.match import keywords_present, searched_text
from bot.stocks.listings import other_listings
from bot.storage.models import ArticleRow, ArticleTicker, Subscription
from bot.storage.stories import story_counts
from bot.subscriptions.codes import known_moves
from bot.subscriptions.targets import Target

KEYWORD_WINDOW = 500


def same_stock(session: Session, tickers: Sequence[str]) -> list[str]:
    """The tickers with their other listings (`bot.stocks.listings`) and the old codes
    that moved to them (`bot.subscriptions.codes`): the fan-out stores those with every
    new post, and the archive's older posts carry only the codes their links named."""
    out = dict.fromkeys(u for t in tickers for u in (t, *other_listings(t)))
    if any(t.endswith(".BJ") for t in out):
        moved = known_moves(session)
        out.update(dict.fromkeys(old for old, new in moved.items() if new in out))
    return list(out)


def latest_for_targets(
    engine: Engine,
    targets: Sequence[Target],
    *,
    limit: int = 5,
    excludes: Sequence[str] = (),
) -> list[ArticleRow]:
    """Newest first: articles matching any target and none of `excludes`."""
    cats = [t.value for t in targets if t.kind == "category"]
    tickers = [t.value for t in targets if t.kind == "ticker"]
    also_mentioned = [t.value for t in targets if t.kind == "ticker" and t.mentions]
    keywords = [t.value for t in targets if t.kind == "keyword"]
    excl = [*excludes, *(t.value for t in targets if t.kind == "exclude")]
    found: dict[str, ArticleRow] = {}
    # fetch more than `limit` so exclusions still leave enough
    want = limit * 4 + 20
    with Session(engine, expire_on_commit=False) as s:
        conds = []
        if cats:
            conds.append(ArticleRow.category.in_(cats))
        if tickers:
            tickers, also_mentioned = same_stock(s, tickers), same_stock(s, also_mentioned)
            conds.append(
                ArticleRow.id.in_(
                    sa.select(ArticleTicker.article_id).where(
                        ArticleTicker.ticker.in_(tickers),
                        sa.or_(~ArticleTicker.mention, ArticleTicker.ticker.in_(also_mentioned)),
                    )
                )
            )
        if conds:
            q = select(ArticleRow).where(sa.or_(*conds))
            for row in s.exec(q.order_by(ArticleRow.published_at.desc()).limit(want)):
                found[row.id] = row
        if keywords:
            q = select(ArticleRow).order_by(ArticleRow.published_at.desc()).limit(KEYWORD_WINDOW)
            for row in s.exec(q):
                if _mentions_any(row, keywords):
                    found.setdefault(row.id, row)
    rows = sorted(found.values(), key=lambda r: (r.published_at, r.id), reverse=True)
    if excl:
        rows = [r for r in rows if not _mentions_any(r, excl)]
    return one_per_story(rows)[:limit]


def one_per_story(rows: Sequence[ArticleRow]) -> list[ArticleRow]:
    """Newest first in, the newest article of each story out (its latest figures)."""
    seen: set[str] = set()
    out = []
    for r in rows:
        story = r.story_id or r.id
        if story not in seen:
            seen.add(story)
            out.append(r)
    return out


def others_told(engine: Engine, rows: Sequence[ArticleRow]) -> dict[str, int]:
    """article id -> how many other articles told its story (另有N家媒体报道)."""
    with Session(engine) as s:
        return story_counts(s, [r.id for r in rows])


def _mentions_any(row: ArticleRow, words: Sequence[str]) -> bool:
    """Whether any of `words` occurs where the fan-out looks for keywords and exclusions."""
    return bool(keywords_present(words, searched_text(row.title, row.digest, row.paragraphs)))


def latest_for_chat(
    engine: Engine, chat_id: int, thread_id: int = 0, *, limit: int = 5
) -> list[ArticleRow]:
    """What `/latest` without arguments shows: the chat's (topic's) own subscriptions."""
    with Session(engine) as s:
        subs = s.exec(
            select(Subscription).where(
                Subscription.chat_id == chat_id,
                Subscription.thread_id.in_({0, thread_id}),
            )
        ).all()
    own = [
        Target(x.kind, x.value, x.display or x.value, bool(x.mentions))
        for x in subs
        if x.thread_id == thread_id
    ]
    excludes = [x.value for x in subs if x.kind == "exclude"]
    includes = [t for t in own if t.kind != "exclude"]
    if not includes:
        return []
    return latest_for_targets(engine, includes, limit=limit, excludes=excludes)
