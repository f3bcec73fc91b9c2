"""Logging setup. One line per event; the bot token never reaches a log line.

python-telegram-bot and httpx log request URLs, and Bot API URLs embed the token
(`/bot<TOKEN>/sendMessage`); PTB also copies a server's non-JSON error body into its
exception text, and a proxy's error page may echo the URL. So every handler gets a
filter that masks the token in the message, its arguments and the formatted
traceback, and uncaught exceptions (main thread and other threads) are routed
through logging instead of being printed raw by Python.
"""

from __future__ import annotations

import logging
import re
import sys
import threading
from types import TracebackType
from urllib.parse import quote

# A Telegram bot token: <bot id>:<35 url-safe characters>; also its URL-encoded form.
TOKEN_RE = re.compile(r"\d{5,}(?::|%3[Aa])[A-Za-z0-9_-]{30,}")
MASK = "<token>"
_secrets: set[str] = set()


def register_secret(secret: str) -> None:
    """Mask this exact string (e.g. the configured token) wherever it appears.

    Also masks its URL-encoded form and, for a `<id>:<secret>` token, the secret half
    alone (the bot id is public; the half after the colon is what grants access).
    """
    secret = (secret or "").strip()
    if len(secret) < 6:
        return
    variants = {secret, quote(secret, safe=""), quote(secret, safe=":")}
    _, sep, tail = secret.partition(":")
    if sep and len(tail) >= 6:
        variants.add(tail)
    _secrets.update(variants)


def redact(text: str) -> str:
    """Return `text` with every registered secret and anything token-shaped masked."""
    if not text:
        return text
    # Longest first, so the full token is masked before its secret half.
    for s in sorted(_secrets, key=len, reverse=True):
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
        elif record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def _excepthook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    """Uncaught exception: log it (masked) instead of Python printing it raw to stderr."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    logging.getLogger("finews").critical("unhandled exception", exc_info=(exc_type, exc, tb))


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit or args.exc_value is None:
        return
    name = args.thread.name if args.thread else "?"
    logging.getLogger("finews").error(
        "unhandled exception in thread %s",
        name,
        exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
    )


def setup_logging(level: str = "INFO", *, sql: bool = False) -> None:
    """Log one line per event to stderr, masked; route uncaught exceptions through it.

    `sql` (`[database] echo`) logs every SQL statement here too, at INFO. Not SQLAlchemy's
    `echo=True`: that adds its own handler on stdout, into `stats --json`'s output."""
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
    # but only at WARNING so a busy bot's log stays readable (DEBUG shows everything).
    quiet = logging.DEBUG if level == "DEBUG" else logging.WARNING
    logging.getLogger("httpx").setLevel(quiet)
    logging.getLogger("httpcore").setLevel(max(quiet, logging.INFO))
    logging.getLogger("apscheduler").setLevel(quiet)
    # alembic says "Context impl SQLiteImpl", "Will assume ..." at every start; the
    # storage layer logs one line when the schema actually changes
    logging.getLogger("alembic").setLevel(quiet)
    logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO if sql else logging.WARNING)
    logging.captureWarnings(True)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
