"""Subscription domain: what users subscribe to and how each chat wants its news.

No Telegram imports here: `targets` parses what users type, `service` stores
subscriptions, `chats` a chat's settings and lifecycle (the one writer of both),
`latest` finds recent matching articles.
"""

from bot.subscriptions.targets import Catalog, Target, Unknown, normalize_ticker, parse_target

__all__ = ["Catalog", "Target", "Unknown", "normalize_ticker", "parse_target"]
