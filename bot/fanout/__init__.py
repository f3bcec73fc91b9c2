"""Fan-out: match a stored article to subscribed chats and enqueue deliveries (outbox)."""

from bot.fanout.enqueue import enqueue_deliveries
from bot.fanout.match import matching_chats

__all__ = ["enqueue_deliveries", "matching_chats"]
