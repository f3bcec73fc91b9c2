"""The bot token never appears in a log line, a traceback or an operator-facing error.

A real python-telegram-bot `Bot` with a fake token talks to a Bot API look-alike on
127.0.0.1 that answers with every kind of failure (401, 403, 400, 404 page echoing the
URL, 500, invalid JSON echoing the URL, a hang -> timeout, a closed port). Logging runs
at DEBUG through `bot.logs.setup_logging`, httpx included, and everything written is
checked for the token.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from telegram import Bot
from telegram.error import (
    BadRequest,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot import logs

TOKEN = "7012345678:AAH3xqFakeTokenForFinewsTests_abc12"
SECRET_HALF = TOKEN.split(":", 1)[1]
ROOT = Path(__file__).resolve().parents[2]


class _BotApi(BaseHTTPRequestHandler):
    """Every Bot API method fails differently; some error bodies echo the request path."""

    def log_message(self, *args: object) -> None:  # keep the test output clean
        pass

    def _reply(self, code: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, code: int, description: str, **params: object) -> None:
        data: dict = {"ok": False, "error_code": code, "description": description}
        if params:
            data["parameters"] = params
        self._reply(code, json.dumps(data).encode())

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        method = self.path.rsplit("/", 1)[-1]
        if method == "getMe":
            self._json(401, "Unauthorized")
        elif method == "sendMessage":
            self._json(400, "Bad Request: chat not found")
        elif method == "logOut":
            self._json(403, "Forbidden: bot was blocked by the user")
        elif method == "close":
            self._json(429, "Too Many Requests: retry after 1", retry_after=1)
        elif method == "getChat":  # a reverse proxy's error page that echoes the URL
            page = f"<html><body>404 Not Found: {self.path}</body></html>".encode()
            self._reply(404, page, "text/html")
        elif method == "getMyCommands":  # 200 but not JSON, echoing the URL-encoded path
            self._reply(200, f"oops {quote(self.path, safe='')} {self.path}".encode(), "text/plain")
        elif method == "getUpdates":
            self._json(500, "Internal Server Error")
        elif method == "getWebhookInfo":  # hangs past the client's read timeout
            time.sleep(1.5)
            self._json(200, "late")
        else:
            self._json(404, "Not Found")


@pytest.fixture
def botapi() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BotApi)
    server.daemon_threads = True
    # polls for shutdown() every 50 ms (the default 0.5 s was each test's teardown)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def log_stream() -> Iterator[io.StringIO]:
    """The real logging setup at DEBUG, its handler writing into a buffer."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level, sys.excepthook, threading.excepthook)
    logs.setup_logging("DEBUG")
    logs.register_secret(TOKEN)
    stream = io.StringIO()
    for h in root.handlers:
        if isinstance(h, logging.StreamHandler):
            h.setStream(stream)
    yield stream
    for h in list(root.handlers):
        root.removeHandler(h)
    for h in saved[0]:
        root.addHandler(h)
    root.setLevel(saved[1])
    sys.excepthook, threading.excepthook = saved[2], saved[3]
    logging.captureWarnings(False)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _exception_texts(exc: BaseException) -> list[str]:
    """str/repr of the exception and of everything chained to it."""
    out: list[str] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        out += [str(cur), repr(cur)]
        cur = cur.__cause__ or cur.__context__
    return out


async def _call_all(base: str) -> list[tuple[str, BaseException]]:
    log = logging.getLogger("finews.test")
    request = HTTPXRequest(connect_timeout=1.0, read_timeout=0.5)
    bot = Bot(TOKEN, base_url=f"{base}/bot", request=request)
    await request.initialize()
    calls = {
        "getMe": lambda: bot.get_me(),
        "sendMessage": lambda: bot.send_message(chat_id=42, text="hi"),
        "logOut": lambda: bot.log_out(),
        "close": lambda: bot.close(),
        "getChat": lambda: bot.get_chat(chat_id=42),
        "getMyCommands": lambda: bot.get_my_commands(),
        "getUpdates": lambda: bot.get_updates(timeout=0),
        "getWebhookInfo": lambda: bot.get_webhook_info(),
    }
    raised: list[tuple[str, BaseException]] = []
    for name, call in calls.items():
        try:
            await call()
        except TelegramError as exc:
            raised.append((name, exc))
            # How the bot's own code logs a failed call: with the text and the traceback.
            log.warning("telegram call %s failed: %s (%r)", name, exc, exc)
            log.exception("telegram call %s failed", name)
    await request.shutdown()

    # A server that is not there at all.
    dead_req = HTTPXRequest(connect_timeout=0.5, read_timeout=0.5)
    dead = Bot(TOKEN, base_url=f"http://127.0.0.1:{_closed_port()}/bot", request=dead_req)
    await dead_req.initialize()
    try:
        await dead.get_me()
    except TelegramError as exc:
        raised.append(("closed-port", exc))
        log.error("cannot reach Telegram: %s", exc, exc_info=True)
    await dead_req.shutdown()

    # The Application path the bot uses at start-up (initialize -> getMe -> 401).
    app = (
        Application.builder()
        .token(TOKEN)
        .base_url(f"{base}/bot")
        .connect_timeout(1.0)
        .read_timeout(0.5)
        .build()
    )
    try:
        await app.initialize()
    except TelegramError as exc:
        raised.append(("Application.initialize", exc))
        logging.getLogger("finews.app").exception("bot start failed")
    return raised


def test_token_never_logged_on_ptb_failures(botapi: str, log_stream: io.StringIO) -> None:
    raised = asyncio.run(_call_all(botapi))
    kinds = {name: type(exc) for name, exc in raised}
    # Every failure mode really happened.
    assert kinds["getMe"] is InvalidToken
    assert kinds["sendMessage"] is BadRequest
    assert kinds["logOut"] is Forbidden
    assert kinds["close"] is RetryAfter
    assert issubclass(kinds["getChat"], TelegramError)
    assert issubclass(kinds["getMyCommands"], TelegramError)
    assert kinds["getUpdates"] is NetworkError
    assert kinds["getWebhookInfo"] is TimedOut
    assert issubclass(kinds["closed-port"], NetworkError)
    assert kinds["Application.initialize"] is InvalidToken

    output = log_stream.getvalue()
    # The log really saw the request URLs (httpx at DEBUG) and the tracebacks, masked.
    assert "/bot<token>/getMe" in output
    assert "Traceback" in output
    assert "Can not load invalid JSON data" in output  # PTB's own log of the echoed body
    assert TOKEN not in output
    assert SECRET_HALF not in output
    assert quote(TOKEN, safe="") not in output

    # Exception texts: PTB copies a non-JSON error body into the message, so a proxy page
    # that echoes the URL does carry the token -- which is why anything shown to a user or
    # an operator goes through `redact` (and logs through RedactingFilter).
    leaking = [name for name, exc in raised if any(TOKEN in t for t in _exception_texts(exc))]
    assert "getChat" in leaking
    # PTB's own start-up error names the token: "The token `...` was rejected by the server."
    assert "Application.initialize" in leaking
    for name, exc in raised:
        for text in _exception_texts(exc):
            assert SECRET_HALF not in logs.redact(text), name
    # The ordinary failures do not carry the token even unredacted.
    for name in ("getMe", "sendMessage", "getUpdates", "getWebhookInfo", "closed-port"):
        assert name not in leaking


def test_redact_variants() -> None:
    logs.register_secret(TOKEN)
    assert logs.redact(f"url /bot{TOKEN}/getMe") == "url /bot<token>/getMe"
    assert SECRET_HALF not in logs.redact(f"secret={SECRET_HALF}")
    assert SECRET_HALF not in logs.redact(quote(f"/bot{TOKEN}/x", safe=""))
    # A token that was never registered is still masked by its shape.
    other = "5555555555:BBzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"
    assert logs.redact(f"x {other} y") == "x <token> y"
    assert logs.redact("") == ""


def test_registered_non_standard_token_masked(log_stream: io.StringIO) -> None:
    """A self-hosted Bot API server may accept tokens that do not look like Telegram's."""
    odd = "local-test-token-abc"
    logs.register_secret(odd)
    logging.getLogger("finews.test").warning("calling %s/bot%s/getMe", "http://x", odd)
    assert odd not in log_stream.getvalue()
    assert "<token>" in log_stream.getvalue()


@pytest.mark.slow
def test_uncaught_exception_is_redacted() -> None:
    """A crash (main thread or a worker thread) prints a masked traceback, not the token."""
    code = (
        "import threading\n"
        "from bot.logs import setup_logging, register_secret\n"
        "setup_logging('INFO')\n"
        f"register_secret({TOKEN!r})\n"
        "def worker():\n"
        f"    raise RuntimeError('thread failed at /bot{TOKEN}/sendMessage')\n"
        "t = threading.Thread(target=worker, name='sender'); t.start(); t.join()\n"
        f"raise RuntimeError('cannot start: /bot{TOKEN}/getMe')\n"
    )
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert proc.returncode != 0
    assert "cannot start: /bot<token>/getMe" in proc.stderr
    assert "unhandled exception in thread sender" in proc.stderr
    assert TOKEN not in proc.stderr + proc.stdout
    assert SECRET_HALF not in proc.stderr + proc.stdout


@pytest.mark.slow
def test_check_config_does_not_print_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[telegram]\ntoken = "{TOKEN}"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "token set" in proc.stdout
    assert SECRET_HALF not in proc.stdout + proc.stderr


@pytest.mark.slow
def test_run_with_rejected_token_does_not_print_it(botapi: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`finews-bot run` against a Bot API that answers 401: it stops with one clear line,
    and the token stays hidden."""
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'[database]\nurl = "sqlite:///{tmp_path / "f.db"}"\n'
        f'[telegram]\ntoken = "{TOKEN}"\nbase_url = "{botapi}/bot"\n[logging]\nlevel = "DEBUG"\n',
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--config", str(cfg)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "rejected the token" in proc.stderr  # one clear line, not a traceback
    assert "Traceback" not in proc.stderr
    assert SECRET_HALF not in proc.stdout + proc.stderr


BAD_TOKENS = [
    "7012345678:AAH…",  # the README's example, ellipsis and all
    "my bot token",
    "AAH3xqFakeTokenForFinewsTests_abc12",  # the secret half alone
    "https://api.telegram.org/bot7012345678:AAH3xqFakeTokenForFinewsTests_abc12",
]


@pytest.mark.slow
@pytest.mark.parametrize("where", ["env", "file"])
@pytest.mark.parametrize("token", BAD_TOKENS, ids=range(len(BAD_TOKENS)))
def test_a_token_that_cannot_be_one_is_refused_before_start(
    tmp_path: Path, token: str, where: str
) -> None:
    """A value that cannot be a bot token (the README's `7012345678:AAH…` pasted as is,
    half a token, a whole URL): check-config said `OK, 1 source(s), token set`, exit 0,
    and `run` created the database, asked the Bot API and only then said it rejected the
    token. Both now refuse it at once, exit 2, naming the setting, never the value."""
    data = tmp_path / "data"
    text = f'data_dir = "{data}"\n[telegram]\nbase_url = "http://127.0.0.1:9/bot"\n'
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    if where == "env":
        env["FINEWS_BOT_TOKEN"] = token
        named = "$FINEWS_BOT_TOKEN"
    else:
        text += f'token = "{token}"\n'
        named = "telegram.token"
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    for args in (["check-config", str(cfg)], ["run", "--config", str(cfg)]):
        proc = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            capture_output=True, text=True, timeout=60, env=env, cwd=ROOT,
        )  # fmt: skip
        out = proc.stdout + proc.stderr
        assert proc.returncode == 2, (args, out[-2000:])
        assert "Traceback" not in out and "token set" not in out, out[-2000:]
        assert f"{named}: does not look like a bot token" in proc.stderr, out[-2000:]
        assert token not in out and token.split(":")[-1] not in out, out[-2000:]
    assert not data.exists()  # refused before anything was created


def test_tokens_of_the_bot_api_shape_are_accepted(tmp_path: Path) -> None:
    """`<bot id>:<secret>` as @BotFather gives it, and the short ones tests use."""
    from bot.config import load_config

    cfg = tmp_path / "c.toml"
    cfg.write_text("", encoding="utf-8")
    for token in (TOKEN, "123456:TEST-fake-token", "1:x", " 123456:from-env "):
        settings = load_config(cfg, env={"FINEWS_BOT_TOKEN": token})
        assert settings.telegram.token == token.strip()
