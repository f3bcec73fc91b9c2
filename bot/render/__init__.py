"""One renderer for everything a chat reads about an article: push, digest item, /latest.

Pure functions of (article, summary, view); the delivery worker and the Telegram
handlers only choose the view and send what comes back.
"""

from __future__ import annotations

from bot.render.digest import digest_header, digest_item, split_digest
from bot.render.message import (
    ALLOWED_TAGS,
    DEFAULT_VIEW,
    MAX_MESSAGE,
    Message,
    View,
    format_time,
    matched_line,
    original_button,
    original_label,
    render_message,
    render_push,
    render_text,
    stock_label,
    ticker_tag,
)

__all__ = [
    "ALLOWED_TAGS",
    "DEFAULT_VIEW",
    "MAX_MESSAGE",
    "Message",
    "View",
    "digest_header",
    "digest_item",
    "format_time",
    "matched_line",
    "original_button",
    "original_label",
    "render_message",
    "render_push",
    "render_text",
    "split_digest",
    "stock_label",
    "ticker_tag",
]
