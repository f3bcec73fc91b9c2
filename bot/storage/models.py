"""Database tables. Every schema change goes with an alembic migration
(`bot/storage/migrations/versions`); `tests/storage/test_migrations.py` fails when
the two disagree.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from bot.storage.types import UTCDateTime, utcnow


def _dt(nullable: bool = True, index: bool = False) -> sa.Column:
    return sa.Column(UTCDateTime(), nullable=nullable, index=index)


class ArticleRow(SQLModel, table=True):
    __tablename__ = "articles"

    id: str = Field(primary_key=True, max_length=64)
    title: str
    published_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    # False: the post gave no date and published_at is when it was read (Article.dated)
    dated: bool = Field(
        default=True, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.true())
    )
    category: str = Field(index=True, max_length=128)
    category_name: str = Field(max_length=128)
    url: str | None = None
    digest: str | None = None
    origin: str | None = Field(default=None, max_length=128)
    paragraphs: list[str] = Field(
        default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False)
    )
    tickers: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    mentions: list[str] = Field(
        default_factory=list,
        sa_column=sa.Column(sa.JSON, nullable=False, server_default=sa.text("'[]'")),
    )  # stocks named in passing (bot.parser.roles)
    stock_names: dict[str, str] = Field(
        default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False)
    )
    summary: str | None = None
    figures: list[dict] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    source: str = Field(max_length=64)  # the source that stored it first
    content_hash: str = Field(max_length=64)
    fetched_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False, index=True))
    story_id: str | None = Field(default=None, max_length=64, index=True)  # see Story


class ArticleTicker(SQLModel, table=True):
    """One row per (article, ticker): fan-out looks articles' tickers up by index.

    `mention`: the article only names the stock in passing (a list, a peer); ticker
    subscriptions get those only when they opted in (`Subscription.mentions`).
    """

    __tablename__ = "article_tickers"

    article_id: str = Field(
        primary_key=True,
        max_length=64,
        sa_column_args=[sa.ForeignKey("articles.id", ondelete="CASCADE")],
    )
    ticker: str = Field(primary_key=True, max_length=32, index=True)
    mention: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )


class Story(SQLModel, table=True):
    """One event told by one or more articles (`bot.stories`); named after its first.

    `values` holds every figure its articles carried (an article adding none is a
    repeat); `figures` are the summary figures of its latest article (digests show them).
    """

    __tablename__ = "stories"

    id: str = Field(primary_key=True, max_length=64)
    latest_article_id: str = Field(max_length=64)
    published_at: datetime = Field(sa_column=_dt(nullable=False, index=True))
    updated_at: datetime = Field(sa_column=_dt(nullable=False))
    articles: int = 1
    repeats: int = 0
    updates: int = 0
    figures: list[dict] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))
    values: list[str] = Field(default_factory=list, sa_column=sa.Column(sa.JSON, nullable=False))


class StoryKey(SQLModel, table=True):
    """The same-story index: MinHash LSH band and figure keys of each recent article.

    Looked up by (key, published_at); the primary key leads with the article so its
    keys are found (retention, cascades) without a scan.
    """

    __tablename__ = "story_keys"
    __table_args__ = (sa.Index("ix_story_keys_key_published", "key", "published_at"),)

    article_id: str = Field(
        primary_key=True,
        max_length=64,
        sa_column_args=[sa.ForeignKey("articles.id", ondelete="CASCADE")],
    )
    key: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    published_at: datetime = Field(sa_column=_dt(nullable=False))


class Stock(SQLModel, table=True):
    """Stock names learned from posts' stock links, so users can subscribe by name."""

    __tablename__ = "stocks"

    ticker: str = Field(primary_key=True, max_length=32)
    name: str = Field(index=True, max_length=64)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class Outlet(SQLModel, table=True):
    """Outlets seen so far (slug -> Chinese name), for /sources and name lookups."""

    __tablename__ = "outlets"

    slug: str = Field(primary_key=True, max_length=128)
    name: str = Field(index=True, max_length=128)
    articles: int = 0
    last_seen: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class SourceState(SQLModel, table=True):
    """Poll state of one configured source; survives restarts."""

    __tablename__ = "source_state"

    name: str = Field(primary_key=True, max_length=64)
    kind: str = Field(max_length=32)
    etag: str | None = None
    last_modified: str | None = None
    cursor: dict = Field(default_factory=dict, sa_column=sa.Column(sa.JSON, nullable=False))
    polls: int = 0
    first_poll_done: bool = False
    last_success: datetime | None = Field(default=None, sa_column=_dt())
    last_error: str | None = None
    last_error_at: datetime | None = Field(default=None, sa_column=_dt())
    consecutive_failures: int = 0
    next_poll_at: datetime | None = Field(default=None, sa_column=_dt())
    articles_total: int = 0
    last_poll_ms: int | None = None


class SourceItem(SQLModel, table=True):
    """What a source has already seen (file path, post URL) and its content digest."""

    __tablename__ = "source_items"

    source: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=512)
    digest: str = Field(max_length=64)
    article_id: str | None = Field(default=None, max_length=64)
    seen_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class Chat(SQLModel, table=True):
    __tablename__ = "chats"

    id: int = Field(sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False))
    kind: str = Field(max_length=16)  # private | group | supergroup | channel
    title: str | None = None
    username: str | None = Field(default=None, max_length=64)
    lang: str = Field(default="zh", max_length=8)
    active: bool = Field(default=True, index=True)
    inactive_reason: str | None = None
    paused: bool = False
    silent: bool = False  # pushes without a notification sound (disable_notification)
    digest_mode: str = Field(default="off", max_length=8)  # off | hourly | daily
    digest_time: str | None = Field(default=None, max_length=5)  # HH:MM
    quiet_start: str | None = Field(default=None, max_length=5)
    quiet_end: str | None = Field(default=None, max_length=5)
    timezone: str = Field(default="Asia/Shanghai", max_length=64)
    updates: str = Field(  # a story's update: reply | edit | off
        default="reply",
        sa_column=sa.Column(sa.String(8), nullable=False, server_default="reply", default="reply"),
    )
    last_digest_at: datetime | None = Field(default=None, sa_column=_dt())
    # the bot is in the chat but may not post (a send refused for rights): when it last
    # found that; its rows are held meanwhile (`bot.subscriptions.chats.lost_rights`)
    no_rights_at: datetime | None = Field(default=None, sa_column=_dt())
    created_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class Subscription(SQLModel, table=True):
    """kind: category | ticker | keyword | exclude. `thread_id` 0 means no forum topic."""

    __tablename__ = "subscriptions"
    __table_args__ = (
        sa.UniqueConstraint("chat_id", "thread_id", "kind", "value", name="uq_subscription"),
        sa.Index("ix_subscriptions_kind_value", "kind", "value"),
    )

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(
        sa_column=sa.Column(
            sa.BigInteger, sa.ForeignKey("chats.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    thread_id: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, default=0))
    kind: str = Field(max_length=16)
    value: str = Field(max_length=128)
    display: str | None = Field(default=None, max_length=128)  # 贵州茅台 600519.SH
    # ticker subscriptions: also the articles that only mention the stock (`/sub BABA+`)
    mentions: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    created_by: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger))
    from_config: bool = False
    created_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class Delivery(SQLModel, table=True):
    """The outbox: one row per (article, chat, topic), written with the article.

    Statuses and every change of them: `bot.delivery.outbox` (the one owner).
    `unknown_sends`: sends of this row that got no answer (maybe delivered).
    `in_digest`: its last claim took it as a part of a digest (a claim released unsent,
    a crashed worker's too, goes back to held: a digest again, not a push).
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        sa.UniqueConstraint("article_id", "chat_id", "thread_id", name="uq_delivery"),
        sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
        sa.Index("ix_deliveries_chat_status", "chat_id", "status"),
        # partial: enqueueing 100k deliveries for one article then adds no NULL entries
        sa.Index(
            "ix_deliveries_sent_at",
            "sent_at",
            postgresql_where=sa.text("sent_at IS NOT NULL"),
            sqlite_where=sa.text("sent_at IS NOT NULL"),
        ),
    )

    id: int | None = Field(
        default=None,
        sa_column=sa.Column(
            sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
    )
    article_id: str = Field(
        max_length=64, sa_column_args=[sa.ForeignKey("articles.id", ondelete="CASCADE")]
    )
    chat_id: int = Field(sa_column=sa.Column(sa.BigInteger, nullable=False))
    thread_id: int = Field(default=0, sa_column=sa.Column(sa.BigInteger, nullable=False, default=0))
    status: str = Field(default="queued", max_length=16)
    attempts: int = 0
    unknown_sends: int = Field(
        default=0, sa_column=sa.Column(sa.Integer, nullable=False, server_default="0")
    )
    next_attempt_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))
    in_digest: bool = Field(
        default=False, sa_column=sa.Column(sa.Boolean, nullable=False, server_default=sa.false())
    )
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_column=_dt())
    sent_at: datetime | None = Field(default=None, sa_column=_dt())
    message_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger))
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))


class Meta(SQLModel, table=True):
    """Small key/value facts (e.g. counters shown by /stats)."""

    __tablename__ = "meta"

    key: str = Field(primary_key=True, max_length=64)
    value: str


class RelayedUpdate(SQLModel, table=True):
    """A Telegram update received by a replica that does not send, waiting for the one
    that does (`bot.telegram.relay`): replies leave from the sender, on its pace."""

    __tablename__ = "relayed_updates"

    update_id: int = Field(
        sa_column=sa.Column(sa.BigInteger, primary_key=True, autoincrement=False)
    )
    payload: str = Field(sa_column=sa.Column(sa.Text, nullable=False))  # the update's JSON
    received_at: datetime = Field(default_factory=utcnow, sa_column=_dt(nullable=False))
