"""Logging setup. One line per event; the bot token never reaches a log line.

python-telegram-bot and httpx log request URLs, and Bot API URLs embed the token
(`/bot<TOKEN>/sendMessage`), so every handler gets a filter that masks it.
"""

from __future__ import annotations

import logging
import re

# A Telegram bot token: <bot id>:<35 url-safe characters>.
TOKEN_RE = re.compile(r"\d{5,}:[A-Za-z0-9_-]{30,}")
MASK = "<token>"
_secrets: set[str] = set()


def register_secret(secret: str) -> None:
    """Mask this exact string (e.g. the configured token) wherever it appears."""
    if secret and len(secret) >= 6:
        _secrets.add(secret)


def redact(text: str) -> str:
    for s in _secrets:
        if s in text:
            text = text.replace(s, MASK)
    return TOKEN_RE.sub(MASK, text)


class RedactingFilter(logging.Filter):
    """Render the message with its args, then mask secrets; also masks tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not hide the event
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            formatted = logging.Formatter().formatException(record.exc_info)
            record.exc_text = redact(formatted)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def setup_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    root.setLevel(level)
    for h in list(root.handlers):
        root.removeHandler(h)
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%d %H:%M:%S")
    )
    handler.addFilter(RedactingFilter())
    root.addHandler(handler)
    # httpx logs every request at INFO with the full URL (token included): keep it, masked,
    # but only at WARNING so a busy bot's log stays readable.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
