"""A small Telegram Bot API server on 127.0.0.1 for tests and benchmarks.

It speaks the JSON the real python-telegram-bot client expects (form-encoded or
JSON requests to ``/bot<token>/<method>``, ``{"ok": ..., "result": ...}`` answers,
HTTP status = error_code), so the bot under test runs unmodified with
``base_url=api.base_url``. Tests play users by injecting updates (served through
``getUpdates`` long polling with offsets) and read what the bot sent per chat.

Options for delivery tests and benches: Telegram-like send limits (429 with
``parameters.retry_after``, counted), per-chat fault injection (403 blocked or
kicked, 400 chat not found, 400 migrated with ``migrate_to_chat_id``, 400 can't
parse entities for HTML, 5xx, delay), and a fixed latency per request.
Like Telegram, it rejects malformed HTML in ``parse_mode=HTML`` texts and
callback_data longer than 64 bytes, so escaping bugs show up in tests.

Usage::

    with FakeBotAPI() as api:          # or: api = FakeBotAPI(); api.start(); ...; api.stop()
        app = build_application(settings_with(base_url=api.base_url, token=api.token), engine)
        api.send_text(api.private_chat(42), api.user(42), "/start")
        msg = await api.wait_message(42)
"""

from __future__ import annotations

import asyncio
import html.parser
import itertools
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.botapi_limits import SendLimits


def _words(text: str) -> list[str]:
    return text.split()


__all__ = ["FakeBotAPI", "Fault", "SendLimits", "SentMessage"]

BOT_ID = 777000111
BOT_USERNAME = "FinewsTestBot"
TOKEN = "123456:TEST-fake-token"
MAX_TEXT = 4096

# methods that post something into a chat: limits and faults apply to these
SEND_METHODS = frozenset(
    _words("sendMessage sendPhoto sendDocument sendMediaGroup copyMessage forwardMessage ")
)
# form values that are plain strings even when they look like JSON numbers
STRING_PARAMS = frozenset(
    _words(
        "text caption parse_mode callback_query_id inline_message_id url secret_token "
        "query language_code description short_description "
    )
)
TG_TAGS = frozenset(
    _words("b strong i em u ins s strike del a code pre span tg-spoiler tg-emoji blockquote ")
)


class _HTMLCheck(html.parser.HTMLParser):
    """Telegram's rules in small: only its tags, every tag closed, no stray `<`/`&`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.error: str | None = None
        self.text_len = 0

    def _fail(self, msg: str) -> None:
        if self.error is None:
            self.error = msg

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in TG_TAGS:
            self._fail(f'unsupported start tag "{tag}"')
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self._fail(f'unexpected end tag "{tag}"')
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if "<" in data:
            self._fail("unexpected character '<'")
        self.text_len += len(data)

    def handle_entityref(self, name: str) -> None:
        if name not in ("lt", "gt", "amp", "quot"):
            self._fail(f'unsupported HTML entity "&{name};"')
        self.text_len += 1

    def handle_charref(self, name: str) -> None:
        self.text_len += 1


def html_error(text: str) -> str | None:
    """Why Telegram would refuse `text` with parse_mode HTML, or None if it is fine."""
    # a bare '&' not starting an entity is refused by Telegram
    for i, ch in enumerate(text):
        if ch == "&":
            rest = text[i + 1 : i + 12]
            if ";" not in rest or not (rest[0].isalnum() or rest[0] == "#"):
                return f"can't parse entities: unexpected '&' at byte offset {i}"
    p = _HTMLCheck()
    try:
        p.feed(text)
        p.close()
    except Exception as exc:  # pragma: no cover - HTMLParser is lenient
        return f"can't parse entities: {exc}"
    if p.rawdata:
        return "can't parse entities: unclosed start tag"
    if p.error:
        return f"can't parse entities: {p.error}"
    if p.stack:
        return (
            f"can't parse entities: can't find end tag corresponding to start tag \"{p.stack[-1]}\""
        )
    return None


def visible_length(text: str, parse_mode: str | None) -> int:
    if (parse_mode or "").upper() != "HTML":
        return len(text)
    p = _HTMLCheck()
    p.feed(text)
    p.close()
    return p.text_len


@dataclass
class SentMessage:
    """One message the bot sent (edits update `text`/`reply_markup`, history in `edits`)."""

    chat_id: int | str
    message_id: int
    text: str
    parse_mode: str | None = None
    reply_markup: dict | None = None
    thread_id: int | None = None
    method: str = "sendMessage"
    params: dict = field(default_factory=dict)
    date: int = 0
    edits: list[dict] = field(default_factory=list)

    @property
    def buttons(self) -> list[dict]:
        """Inline keyboard buttons flattened, in order (dicts with text, callback_data/url)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [b for row in rows for b in row]

    def button(self, text_part: str) -> dict:
        for b in self.buttons:
            if text_part in b.get("text", ""):
                return b
        raise KeyError(f"no button containing {text_part!r} in {self.buttons}")


@dataclass
class Fault:
    """A failure to inject for one chat. kind: blocked | kicked | deactivated | not_found |
    migrated | bad_html | server_error | retry_after | delay. `times` None = forever."""

    kind: str
    times: int | None = None
    migrate_to: int | None = None
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _params(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        ctype = self.headers.get("Content-Type", "")
        query = urllib.parse.urlsplit(self.path).query
        raw: dict[str, Any] = dict(urllib.parse.parse_qsl(query))
        if ctype.startswith("application/json") and body:
            return {**raw, **json.loads(body)}
        if ctype.startswith("multipart/form-data"):
            msg = BytesParser(policy=HTTP).parsebytes(
                b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body
            )
            for part in msg.iter_parts():
                name = part.get_param("name", header="content-disposition")
                if name and not part.get_filename():
                    raw[name] = part.get_content()
        elif body:
            raw.update(urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True))
        return {k: _decode(k, v) for k, v in raw.items()}

    def _handle(self) -> None:
        path = urllib.parse.urlsplit(self.path).path
        api: FakeBotAPI = self.server.api
        prefix = f"/bot{api.token}/"
        if not path.startswith(prefix):
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        method = path[len(prefix) :]
        try:
            params = self._params()
        except Exception as exc:
            self._reply(400, _err(400, f"Bad Request: can't parse request: {exc}"))
            return
        status, payload = api._dispatch(method, params)
        self._reply(status, payload)

    do_POST = _handle
    do_GET = _handle

    def _reply(self, status: int, payload: dict) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256
    api: FakeBotAPI


def _decode(key: str, value: Any) -> Any:
    if not isinstance(value, str) or key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _err(code: int, description: str, **parameters: Any) -> dict:
    out: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        out["parameters"] = parameters
    return out


def _ok(result: Any) -> tuple[int, dict]:
    return 200, {"ok": True, "result": result}


class FakeBotAPI:
    """The fake server plus the test-side API (inject updates, read sent messages)."""

    def __init__(
        self,
        *,
        token: str = TOKEN,
        bot_username: str = BOT_USERNAME,
        limits: SendLimits | None = None,
        latency: float = 0.0,
        strict_html: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = BOT_ID
        self.limits = limits
        self.latency = latency
        self.strict_html = strict_html
        self.port = 0
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._cond = threading.Condition()
        self._updates: list[dict] = []
        self._next_update_id = 1
        self._msg_ids = itertools.count(1000)
        self._cb_ids = itertools.count(1)
        self._closing = False
        self.chats: dict[int | str, dict] = {}
        self.sent: list[SentMessage] = []
        self._by_key: dict[tuple[int | str, int], SentMessage] = {}
        self.requests: list[tuple[str, dict]] = []
        self.unknown: list[tuple[str, dict]] = []
        self.callback_answers: list[dict] = []
        self.commands: dict[str, list[dict]] = {}
        self.members: dict[tuple[int | str, int], dict] = {}
        self.faults: dict[int | str, list[Fault]] = {}
        self.errors: dict[int, int] = {}  # http status -> count of error answers
        self.count_429 = 0
        self.webhook_deleted = 0

    # ------------------------------------------------------------------ lifecycle
    @property
    def base_url(self) -> str:
        """What to put in telegram.base_url (PTB appends the token)."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    def start(self) -> FakeBotAPI:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.api = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ test side: who is who
    def bot_user(self) -> dict:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "finews",
            "username": self.bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    @staticmethod
    def user(user_id: int, first_name: str = "", username: str | None = None) -> dict:
        out: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name or f"user{user_id}",
            "language_code": "zh-hans",
        }
        if username:
            out["username"] = username
        return out

    def _register(self, chat: dict) -> dict:
        self.chats[chat["id"]] = chat
        if chat.get("username"):
            self.chats["@" + chat["username"].lower()] = chat
        return chat

    def private_chat(self, user_id: int, first_name: str = "") -> dict:
        return self._register(
            {"id": user_id, "type": "private", "first_name": first_name or f"user{user_id}"}
        )

    def group(self, chat_id: int, title: str = "测试群") -> dict:
        return self._register({"id": chat_id, "type": "group", "title": title})

    def supergroup(
        self,
        chat_id: int,
        title: str = "测试超级群",
        *,
        username: str | None = None,
        forum: bool = False,
    ) -> dict:
        chat: dict[str, Any] = {"id": chat_id, "type": "supergroup", "title": title}
        if username:
            chat["username"] = username
        if forum:
            chat["is_forum"] = True
        return self._register(chat)

    def channel(self, chat_id: int, title: str = "测试频道", username: str | None = None) -> dict:
        chat: dict[str, Any] = {"id": chat_id, "type": "channel", "title": title}
        if username:
            chat["username"] = username
        return self._register(chat)

    def set_member(self, chat_id: int | str, user_id: int, status: str, **rights: bool) -> None:
        """status: creator | administrator | member | restricted | left | kicked.
        Administrators get every right unless one is given False (can_post_messages=False)."""
        self.members[(chat_id, user_id)] = {"status": status, **rights}

    # ------------------------------------------------------------------ test side: updates
    def push_update(self, update: dict) -> int:
        """Queue a raw update (update_id is assigned); returns the update_id."""
        with self._cond:
            uid = self._next_update_id
            self._next_update_id += 1
            self._updates.append({"update_id": uid, **update})
            self._cond.notify_all()
        return uid

    def _message(self, chat: dict, sender: dict | None, text: str | None, **extra: Any) -> dict:
        msg: dict[str, Any] = {
            "message_id": next(self._msg_ids),
            "date": int(time.time()),
            "chat": chat,
        }
        if sender is not None:
            msg["from"] = sender
        if text is not None:
            msg["text"] = text
            ents = _command_entities(text)
            if ents:
                msg["entities"] = ents
        msg.update(extra)
        return msg

    def send_text(
        self, chat: dict, sender: dict, text: str, *, thread_id: int | None = None, **extra: Any
    ) -> dict:
        """A user writes `text` in `chat` (commands get their bot_command entity). In a forum
        topic pass thread_id (the message is marked is_topic_message)."""
        if thread_id is not None:
            extra.setdefault("message_thread_id", thread_id)
            extra.setdefault("is_topic_message", True)
        msg = self._message(chat, sender, text, **extra)
        self.push_update({"message": msg})
        return msg

    def channel_post(self, chat: dict, text: str, *, author_signature: str | None = None) -> dict:
        extra: dict[str, Any] = {"sender_chat": chat}
        if author_signature:
            extra["author_signature"] = author_signature
        msg = self._message(chat, None, text, **extra)
        self.push_update({"channel_post": msg})
        return msg

    def press(self, sender: dict, message: SentMessage, data: str) -> str:
        """The user taps an inline button with callback_data `data` on a bot message."""
        qid = str(next(self._cb_ids))
        chat = self.chats.get(message.chat_id) or {"id": message.chat_id, "type": "private"}
        msg = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat,
            "from": self.bot_user(),
            "text": message.text,
        }
        if message.reply_markup:
            msg["reply_markup"] = message.reply_markup
        if message.thread_id:
            msg["message_thread_id"] = message.thread_id
            msg["is_topic_message"] = True
        self.push_update(
            {
                "callback_query": {
                    "id": qid,
                    "from": sender,
                    "message": msg,
                    "chat_instance": str(chat["id"]),
                    "data": data,
                }
            }
        )
        return qid

    def my_chat_member(self, chat: dict, sender: dict, old: str, new: str) -> None:
        """The bot's own membership changed in `chat` (e.g. added as administrator)."""

        def member(status: str) -> dict:
            out = {"status": status, "user": self.bot_user()}
            if status == "administrator":
                out.update(_admin_rights({}))
            if status == "creator":
                out["is_anonymous"] = False
            if status == "kicked":
                out["until_date"] = 0
            return out

        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": sender,
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new),
                }
            }
        )

    def migrate(self, old_chat: dict, new_chat_id: int, sender: dict) -> dict:
        """Group -> supergroup upgrade: Telegram sends a service message in each chat."""
        new_chat = self.supergroup(new_chat_id, old_chat.get("title", ""))
        self.push_update(
            {"message": self._message(old_chat, sender, None, migrate_to_chat_id=new_chat_id)}
        )
        self.push_update(
            {"message": self._message(new_chat, sender, None, migrate_from_chat_id=old_chat["id"])}
        )
        return new_chat

    # ------------------------------------------------------------------ test side: read
    def messages(self, chat_id: int | str) -> list[SentMessage]:
        with self._cond:
            return [m for m in self.sent if m.chat_id == chat_id]

    def texts(self, chat_id: int | str) -> list[str]:
        return [m.text for m in self.messages(chat_id)]

    def last(self, chat_id: int | str) -> SentMessage:
        msgs = self.messages(chat_id)
        if not msgs:
            raise AssertionError(f"nothing sent to chat {chat_id}")
        return msgs[-1]

    def calls(self, method: str) -> list[dict]:
        with self._cond:
            return [p for m, p in self.requests if m == method]

    def pending_updates(self) -> int:
        with self._cond:
            return len(self._updates)

    def wait_for(self, predicate: Any, timeout: float = 5.0) -> None:
        """Block (threads, sync tests) until predicate() is true."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while not predicate():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("condition not met in time")
                self._cond.wait(min(left, 0.05))

    async def until(self, predicate: Any, timeout: float = 5.0) -> None:
        """Await (asyncio tests) until predicate() is true, without blocking the loop."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.01)

    async def wait_message(
        self, chat_id: int | str, count: int | None = None, timeout: float = 5.0
    ) -> SentMessage:
        """Wait until chat has `count` messages (default: one more than now); return the last."""
        want = len(self.messages(chat_id)) + 1 if count is None else count
        await self.until(lambda: len(self.messages(chat_id)) >= want, timeout)
        return self.messages(chat_id)[want - 1]

    async def wait_answer(self, query_id: str, timeout: float = 5.0) -> dict:
        def found() -> dict | None:
            return next(
                (a for a in self.callback_answers if a.get("callback_query_id") == query_id), None
            )

        await self.until(lambda: found() is not None, timeout)
        result = found()
        assert result is not None
        return result

    async def settle(self, timeout: float = 5.0) -> None:
        """Wait until the bot has fetched and confirmed every queued update."""
        await self.until(lambda: self.pending_updates() == 0, timeout)

    # ------------------------------------------------------------------ faults
    def fail(self, chat_id: int | str, kind: str, times: int | None = None, **kw: Any) -> None:
        """Inject a failure for sends to chat_id; see `Fault` for kinds."""
        with self._cond:
            self.faults.setdefault(chat_id, []).append(Fault(kind, times, **kw))

    def clear_faults(self, chat_id: int | str | None = None) -> None:
        with self._cond:
            if chat_id is None:
                self.faults.clear()
            else:
                self.faults.pop(chat_id, None)

    def _take_fault(self, chat_id: Any, params: dict) -> Fault | None:
        faults = self.faults.get(chat_id)
        if not faults:
            return None
        for f in faults:
            if f.kind == "bad_html" and (params.get("parse_mode") or "").upper() != "HTML":
                continue
            if f.times is not None:
                f.times -= 1
                if f.times <= 0:
                    faults.remove(f)
            return f
        return None

    @staticmethod
    def _fault_answer(f: Fault) -> tuple[int, dict] | None:
        if f.kind == "blocked":
            return 403, _err(403, "Forbidden: bot was blocked by the user")
        if f.kind == "kicked":
            return 403, _err(403, "Forbidden: bot was kicked from the group chat")
        if f.kind == "deactivated":
            return 403, _err(403, "Forbidden: user is deactivated")
        if f.kind == "not_found":
            return 400, _err(400, "Bad Request: chat not found")
        if f.kind == "migrated":
            return 400, _err(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                migrate_to_chat_id=f.migrate_to,
            )
        if f.kind == "bad_html":
            return 400, _err(
                400,
                'Bad Request: can\'t parse entities: unsupported start tag "x" at byte offset 0',
            )
        if f.kind == "server_error":
            return f.status, _err(f.status, "Internal Server Error")
        if f.kind == "retry_after":
            return 429, _err(
                429, f"Too Many Requests: retry after {f.retry_after}", retry_after=f.retry_after
            )
        return None

    # ------------------------------------------------------------------ server side
    def _dispatch(self, method: str, params: dict) -> tuple[int, dict]:
        if self.latency:
            time.sleep(self.latency)
        with self._cond:
            self.requests.append((method, params))
        chat_id = params.get("chat_id")
        if chat_id is not None and method != "getUpdates":
            with self._cond:
                fault = self._take_fault(chat_id, params)
            if fault is not None:
                if fault.kind == "delay":
                    time.sleep(fault.seconds)
                elif method in SEND_METHODS or method.startswith("edit"):
                    answer = self._fault_answer(fault)
                    if answer is not None:
                        self._count(answer[0])
                        return answer
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            with self._cond:
                self.unknown.append((method, params))
            return _ok(True)
        try:
            status, payload = handler(params)
        except _ApiError as exc:
            status, payload = exc.status, _err(exc.status, exc.description, **exc.parameters)
        if status != 200:
            self._count(status)
        return status, payload

    def _count(self, status: int) -> None:
        with self._cond:
            self.errors[status] = self.errors.get(status, 0) + 1
            if status == 429:
                self.count_429 += 1

    def _chat(self, chat_id: Any) -> dict:
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            chat = self.chats.get(chat_id.lower())
            if chat is None:
                raise _ApiError(400, "Bad Request: chat not found")
            return chat
        chat = self.chats.get(chat_id)
        if chat is None:
            try:
                cid = int(chat_id)
            except (TypeError, ValueError):
                raise _ApiError(400, "Bad Request: chat not found") from None
            chat = self.chats.get(cid)
            if chat is None:  # unknown chats are accepted: benches send to thousands of ids
                kind = "private" if cid > 0 else "supergroup"
                chat = {"id": cid, "type": kind}
                if kind == "private":
                    chat["first_name"] = f"user{cid}"
                else:
                    chat["title"] = f"chat{cid}"
        return chat

    def _m_getMe(self, params: dict) -> tuple[int, dict]:
        return _ok(self.bot_user())

    def _m_logOut(self, params: dict) -> tuple[int, dict]:
        return _ok(True)

    def _m_close(self, params: dict) -> tuple[int, dict]:
        return _ok(True)

    def _m_deleteWebhook(self, params: dict) -> tuple[int, dict]:
        with self._cond:
            self.webhook_deleted += 1
            if params.get("drop_pending_updates"):
                self._updates.clear()
        return _ok(True)

    def _m_setWebhook(self, params: dict) -> tuple[int, dict]:
        return _ok(True)

    def _m_getWebhookInfo(self, params: dict) -> tuple[int, dict]:
        return _ok(
            {"url": "", "has_custom_certificate": False, "pending_update_count": len(self._updates)}
        )

    def _m_setMyCommands(self, params: dict) -> tuple[int, dict]:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        key = f"{scope}|{params.get('language_code') or ''}"
        with self._cond:
            self.commands[key] = params.get("commands") or []
        return _ok(True)

    def _m_getMyCommands(self, params: dict) -> tuple[int, dict]:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        key = f"{scope}|{params.get('language_code') or ''}"
        return _ok(self.commands.get(key, []))

    def _m_deleteMyCommands(self, params: dict) -> tuple[int, dict]:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        with self._cond:
            self.commands.pop(f"{scope}|{params.get('language_code') or ''}", None)
        return _ok(True)

    def _m_getUpdates(self, params: dict) -> tuple[int, dict]:
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        deadline = time.monotonic() + timeout
        with self._cond:
            if offset > 0:  # confirm everything before offset
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                ready = [u for u in self._updates if u["update_id"] >= offset][:limit]
                left = deadline - time.monotonic()
                if ready or left <= 0 or self._closing:
                    return _ok(ready)
                self._cond.wait(min(left, 0.5))

    def _check_text(self, text: Any, parse_mode: Any) -> str:
        if not isinstance(text, str) or not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if self.strict_html and (parse_mode or "").upper() == "HTML":
            problem = html_error(text)
            if problem:
                raise _ApiError(400, f"Bad Request: {problem}")
        if visible_length(text, parse_mode) > MAX_TEXT:
            raise _ApiError(400, "Bad Request: message is too long")
        return text

    @staticmethod
    def _check_markup(markup: Any) -> dict | None:
        if markup in (None, ""):
            return None
        if not isinstance(markup, dict):
            raise _ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard") or []:
            for b in row:
                data = b.get("callback_data")
                if data is not None and not (1 <= len(data.encode("utf-8")) <= 64):
                    raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not b.get("text"):
                    raise _ApiError(
                        400, "Bad Request: text buttons are unallowed in the inline keyboard"
                    )
        return markup

    def _m_sendMessage(self, params: dict) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        text = self._check_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        if self.limits is not None:
            is_group = chat["type"] != "private"
            with self._cond:
                retry = self.limits.check_and_record(chat["id"], is_group, time.monotonic())
            if retry is not None:
                return 429, _err(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
        thread_id = params.get("message_thread_id")
        now = int(time.time())
        with self._cond:
            mid = next(self._msg_ids)
            rec = SentMessage(
                chat_id=chat["id"],
                message_id=mid,
                text=text,
                parse_mode=params.get("parse_mode"),
                reply_markup=markup,
                thread_id=int(thread_id) if thread_id else None,
                params=params,
                date=now,
            )
            self.sent.append(rec)
            self._by_key[(chat["id"], mid)] = rec
            self._cond.notify_all()
        result: dict[str, Any] = {"message_id": mid, "date": now, "chat": chat, "text": text}
        if chat["type"] != "channel":
            result["from"] = self.bot_user()
        else:
            result["sender_chat"] = chat
        if markup:
            result["reply_markup"] = markup
        if thread_id:
            result["message_thread_id"] = int(thread_id)
            result["is_topic_message"] = True
        return _ok(result)

    def _edited(self, params: dict, **changes: Any) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        mid = int(params.get("message_id") or 0)
        with self._cond:
            rec = self._by_key.get((chat["id"], mid))
            if rec is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            new_text = changes.get("text", rec.text)
            new_markup = changes.get("reply_markup", rec.reply_markup)
            if new_text == rec.text and new_markup == rec.reply_markup:
                raise _ApiError(
                    400,
                    "Bad Request: message is not modified: specified new message content and "
                    "reply markup are exactly the same as a current content and reply markup "
                    "of the message",
                )
            rec.edits.append({"text": rec.text, "reply_markup": rec.reply_markup})
            rec.text = new_text
            rec.reply_markup = new_markup
            if "parse_mode" in changes:
                rec.parse_mode = changes["parse_mode"]
            self._cond.notify_all()
            result: dict[str, Any] = {
                "message_id": mid,
                "date": rec.date,
                "edit_date": int(time.time()),
                "chat": chat,
                "text": rec.text,
            }
            if chat["type"] != "channel":
                result["from"] = self.bot_user()
            if rec.reply_markup:
                result["reply_markup"] = rec.reply_markup
        return _ok(result)

    def _m_editMessageText(self, params: dict) -> tuple[int, dict]:
        text = self._check_text(params.get("text"), params.get("parse_mode"))
        markup = self._check_markup(params.get("reply_markup"))
        return self._edited(
            params, text=text, reply_markup=markup, parse_mode=params.get("parse_mode")
        )

    def _m_editMessageReplyMarkup(self, params: dict) -> tuple[int, dict]:
        return self._edited(params, reply_markup=self._check_markup(params.get("reply_markup")))

    def _m_deleteMessage(self, params: dict) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        with self._cond:
            rec = self._by_key.pop((chat["id"], int(params.get("message_id") or 0)), None)
            if rec is None:
                raise _ApiError(400, "Bad Request: message to delete not found")
            self.sent.remove(rec)
        return _ok(True)

    def _m_answerCallbackQuery(self, params: dict) -> tuple[int, dict]:
        with self._cond:
            self.callback_answers.append(params)
            self._cond.notify_all()
        return _ok(True)

    def _m_getChat(self, params: dict) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        full = {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        return _ok(full)

    def _m_getChatMember(self, params: dict) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        user_id = int(params.get("user_id") or 0)
        spec = self.members.get((chat["id"], user_id))
        if spec is None:
            if chat["type"] == "private" and user_id in (chat["id"], self.bot_id):
                spec = {"status": "member"}
            else:
                spec = {"status": "left" if chat["type"] == "channel" else "member"}
        user = self.bot_user() if user_id == self.bot_id else self.user(user_id)
        status = spec["status"]
        out: dict[str, Any] = {"status": status, "user": user}
        if status == "creator":
            out["is_anonymous"] = False
        elif status == "administrator":
            rights = {k: v for k, v in spec.items() if k != "status"}
            out.update(_admin_rights(rights, channel=chat["type"] == "channel"))
        elif status == "kicked":
            out["until_date"] = 0
        elif status == "restricted":
            out.update(
                {
                    "is_member": True,
                    "until_date": 0,
                    **dict.fromkeys(_RESTRICTED_RIGHTS, False),
                }
            )
        return _ok(out)

    def _m_getChatAdministrators(self, params: dict) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        out = []
        for (cid, uid), spec in list(self.members.items()):
            if cid == chat["id"] and spec["status"] in ("administrator", "creator"):
                _status, member = self._m_getChatMember({"chat_id": cid, "user_id": uid})
                out.append(member["result"])
        return _ok(out)


_RESTRICTED_RIGHTS = _words(
    "can_change_info can_invite_users can_pin_messages can_send_messages can_send_polls "
    "can_send_other_messages can_add_web_page_previews can_manage_topics can_send_audios "
    "can_send_documents can_send_photos can_send_videos can_send_video_notes "
    "can_send_voice_notes can_edit_tag"
)


class _ApiError(Exception):
    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _admin_rights(given: dict, channel: bool = False) -> dict:
    keys = _words(
        "can_be_edited is_anonymous can_manage_chat can_delete_messages can_manage_video_chats "
        "can_restrict_members can_promote_members can_change_info can_invite_users "
        "can_post_stories can_edit_stories can_delete_stories"
    )
    out = {k: given.get(k, k not in ("can_be_edited", "is_anonymous")) for k in keys}
    if channel:
        out["can_post_messages"] = given.get("can_post_messages", True)
        out["can_edit_messages"] = given.get("can_edit_messages", True)
    else:
        out["can_pin_messages"] = given.get("can_pin_messages", True)
        if "can_post_messages" in given:
            out["can_post_messages"] = given["can_post_messages"]
    return out


def _command_entities(text: str) -> list[dict]:
    """bot_command entities as Telegram marks them: `/word` or `/word@bot` at a word start."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text[i] == "/" and (i == 0 or text[i - 1].isspace()):
            j = i + 1
            while j < n and (text[j].isascii() and (text[j].isalnum() or text[j] in "_@")):
                j += 1
            if j - i > 1:
                out.append(
                    {
                        "type": "bot_command",
                        "offset": _utf16_len(text[:i]),
                        "length": _utf16_len(text[i:j]),
                    }
                )
            i = j
        else:
            i += 1
    return out


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2
