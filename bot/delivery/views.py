"""Per-chat views of a push: the reader's time zone, language and why it reached them.

The article part of a push is the same for every chat and is converted once per
process; what differs per chat is small and is looked up here in one query per
claimed batch (the chats' subscriptions), then matched by the fan-out's pure rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.article import Article
from bot.fanout.match import Sub, exclusion_hit, searched_text, why_matched
from bot.render import View, stock_label
from bot.stocks.directory import shipped
from bot.stocks.listings import ticker_roles


def subscriptions_of(engine: Engine, chat_ids: Iterable[int]) -> list[Sub]:
    ids = sorted(set(chat_ids))
    if not ids:
        return []
    stmt = sa.text(
        "SELECT chat_id, thread_id, kind, value, mentions FROM subscriptions WHERE chat_id IN :ids"
    ).bindparams(sa.bindparam("ids", expanding=True))
    with engine.connect() as conn:
        return [
            Sub(r.chat_id, r.thread_id, r.kind, r.value, bool(r.mentions))
            for r in conn.execute(stmt, {"ids": ids})
        ]


def matched_text(sub: Sub, article: Article) -> str:
    """The subscription in words: `阿里巴巴 $BABA`, `每日经济新闻`, `新能源`."""
    if sub.kind == "ticker":
        name = article.stock_names.get(sub.value) or shipped().name(sub.value)
        return stock_label(sub.value, name)
    if sub.kind == "category":
        return article.category_name or sub.value
    return sub.value


def text_of(article: Article) -> str:
    """What keywords and exclusions are looked for in, as at the fan-out."""
    return searched_text(article.title, article.digest, article.paragraphs)


def excluded_by(article: Article, subs: list[Sub], *, chat_id: int, thread_id: int) -> str | None:
    """The exclusion of this (chat, topic) the article now matches, if any: one may have
    been added after the fan-out queued the row."""
    return exclusion_hit(subs, chat_id=chat_id, thread_id=thread_id, text=text_of(article))


def matched_sub(
    article: Article,
    subs: list[Sub],
    *,
    chat_id: int,
    thread_id: int,
    roles: Mapping[str, bool] | None = None,
) -> Sub | None:
    """The subscription of this (chat, topic) that brought the article (its 🔕 button too).

    Only the topic's own: the fan-out delivers a subscription into the topic it was made
    in (the main chat's into General), and 🔕 ends it in the topic where it is pressed.
    `roles` are the stored article_tickers rows the fan-out matched on (ticker -> mention);
    they can hold more than the article's own tickers (a Beijing post named without a
    link reached the new code's subscribers). Without them (or for an article stored
    before the rows existed), the article's tickers and their other listings.
    """
    mine = [s for s in subs if s.chat_id == chat_id and s.thread_id == thread_id]
    text = text_of(article)
    if not roles:
        roles = ticker_roles(article.tickers, article.mentions)
    return why_matched(
        mine,
        category=article.category,
        tickers=[t for t, mention in roles.items() if not mention],
        text=text,
        mentions=[t for t, mention in roles.items() if mention],
    )


def view_for(
    article: Article,
    subs: list[Sub],
    *,
    chat_id: int,
    thread_id: int,
    zone: str,
    lang: str,
    updated: datetime | None = None,
) -> View:
    """The view of one (chat, topic): the topic's subscriptions name why it arrived."""
    sub = matched_sub(article, subs, chat_id=chat_id, thread_id=thread_id)
    return view_of(article, sub, zone, lang, updated)


def view_of(
    article: Article, sub: Sub | None, zone: str, lang: str, updated: datetime | None = None
) -> View:
    """The view for the subscription that matched (`matched_sub`)."""
    return View(
        zone=zone,
        lang=lang,
        matched=matched_text(sub, article) if sub else None,
        first_ticker=sub.value if sub and sub.kind == "ticker" else None,
        updated=updated,
    )
