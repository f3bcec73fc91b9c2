"""Optional HTTP endpoint: `/healthz` (JSON, 200/503) and `/metrics` (Prometheus text).

A stdlib `ThreadingHTTPServer` in a daemon thread: it needs no event loop, so it keeps
answering even if the bot's asyncio loop is stuck -- which is exactly when a health
check matters. Each request reads the database; nothing is cached.
"""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import threading
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.listen_address import is_ipv6, url_host
from bot.logs import redact
from bot.ops.health import check_health
from bot.ops.metrics import make_registry
from bot.storage.types import utcnow

log = logging.getLogger(__name__)


@dataclass
class HttpHandle:
    """A running endpoint; `stop()` closes the socket and joins the thread."""

    server: ThreadingHTTPServer
    thread: threading.Thread
    started_at: datetime = field(default_factory=utcnow)

    @property
    def port(self) -> int:
        return int(self.server.server_address[1])

    @property
    def url(self) -> str:
        host = str(self.server.server_address[0])
        return f"http://{url_host(host)}:{self.port}"

    def stop(self, timeout: float = 5.0) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout)
        log.info("http endpoint stopped")


class ListenError(Exception):
    """An endpoint cannot take its address (port in use, unknown host); the message says
    which settings to change (`[http]`, or `[telegram]` for the webhook)."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    dual_stack = False  # set on the IPv6 class: `::` takes IPv4 clients too

    def server_bind(self) -> None:
        if self.dual_stack:  # whatever the OS default (net.ipv6.bindv6only) says
            with contextlib.suppress(OSError):
                self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        super().server_bind()

    settings: Settings
    engine: Engine
    registry: CollectorRegistry
    started_at: datetime


class _Server6(_Server):
    address_family = socket.AF_INET6


class _DualStack(_Server6):
    dual_stack = True


def _server_class(host: str) -> type[_Server]:
    """IPv4 (a host name too, as before) or IPv6 for an IPv6 address; `::` serves both."""
    if not is_ipv6(host):
        return _Server
    return _DualStack if host == "::" else _Server6


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "finews-bot"

    def log_message(self, format: str, *args: object) -> None:
        log.debug("http %s %s", self.address_string(), format % args)

    def _send(self, code: int, body: bytes, ctype: str) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        try:
            if path in ("/healthz", "/health"):
                ok, report = check_health(
                    self.server.settings, self.server.engine, started_at=self.server.started_at
                )
                body = json.dumps(report, ensure_ascii=False).encode()
                self._send(200 if ok else 503, body, "application/json; charset=utf-8")
            elif path == "/metrics":
                self._send(200, generate_latest(self.server.registry), CONTENT_TYPE_LATEST)
            elif path == "/":
                self._send(200, b"finews-bot: /healthz /metrics\n", "text/plain")
            else:
                self._send(404, b"not found\n", "text/plain")
        except Exception as exc:  # never let one request kill the endpoint
            log.exception("http %s failed", path)
            msg = redact(f"internal error: {type(exc).__name__}")
            self._send(500, msg.encode(), "text/plain")

    do_HEAD = do_GET


def start(
    settings: Settings, engine: Engine, *, port: int | None = None, poll_interval: float = 0.5
) -> HttpHandle:
    """Serve /healthz and /metrics on settings.http.listen:port in a daemon thread.

    `port=0` picks a free port (tests); the bound port is `handle.port`. `poll_interval`:
    how often the serving thread looks for `stop()` (socketserver's default; tests set it
    small, so each stop does not wait half a second).
    """
    bind_port = settings.http.port if port is None else port
    host = settings.http.listen
    try:
        server = _server_class(host)((host, bind_port), _Handler)
    except OSError as exc:
        where = f"{url_host(host)}:{bind_port}"
        raise ListenError(
            f"[http] cannot listen on {where}: {exc.strerror or exc} (change [http] port or listen)"
        ) from None
    server.settings = settings
    server.engine = engine
    configured = [s.name for s in settings.sources]  # removed sources are not exported
    server.registry = make_registry(engine, settings.delivery.timezone, configured)
    server.started_at = utcnow()
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": poll_interval},
        name="finews-http",
        daemon=True,
    )
    thread.start()
    handle = HttpHandle(server=server, thread=thread, started_at=server.started_at)
    log.info("http endpoint on %s (/healthz, /metrics)", handle.url)
    return handle


def start_if_enabled(settings: Settings, engine: Engine) -> HttpHandle | None:
    """What bot.app calls: start the endpoint when [http] enabled = true, else None."""
    return start(settings, engine) if settings.http.enabled else None
