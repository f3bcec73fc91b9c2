"""What Telegram's own Bot API accepts as a webhook URL, checked when the config loads
rather than when `run` calls setWebhook after start-up. Bot API, setWebhook: "HTTPS URL
to send updates to"; "Ports currently supported for webhooks: 443, 80, 88, 8443". A local
Bot API server (telegram-bot-api --local, one's own `base_url`) takes an HTTP URL and
any port, so only a `base_url` on api.telegram.org is held to this."""

from __future__ import annotations

from urllib.parse import urlsplit

TELEGRAM_HOST = "api.telegram.org"
PORTS = (443, 80, 88, 8443)


def webhook_url_problem(webhook_url: str, base_url: str) -> str | None:
    """One line saying why Telegram would refuse `webhook_url`, or None."""
    if (urlsplit(base_url).hostname or "").lower() != TELEGRAM_HOST:
        return None  # a local Bot API server: HTTP and any port are fine
    parts = urlsplit(webhook_url)
    if parts.scheme.lower() != "https":
        return (
            "webhook_url must start with https:// (Telegram posts updates over HTTPS "
            "only; put a TLS proxy in front of webhook_port)"
        )
    try:
        port = parts.port or 443
    except ValueError:
        return "webhook_url has a port that is not a number"
    if port not in PORTS:
        return (
            f"webhook_url port {port}: Telegram posts only to 443, 80, 88 or 8443 "
            "(webhook_port, where the bot listens, may differ behind a proxy)"
        )
    return None
