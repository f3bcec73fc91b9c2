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
import gc
import itertools
import json
import socket
import struct
import threading
import time
import urllib.parse
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.fakes.botapi_html import html_error
from tests.fakes.botapi_limits import SendLimits
from tests.fakes.botapi_methods import TRANSPORT, BotApiMethods
from tests.fakes.botapi_objects import Fault, SentMessage, _admin_rights, _command_entities, _err

__all__ = ["FakeBotAPI", "Fault", "SendLimits", "SentMessage", "html_error"]

BOT_ID = 777000111
BOT_USERNAME = "FinewsTestBot"
TOKEN = "123456:TEST-fake-token"
# A restricted member's flags (Bot API ChatMemberRestricted); the fake grants only sending.
_RESTRICTED_RIGHTS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
    "can_edit_tag",
    "can_react_to_messages",
)
# form values that are plain strings even when they look like JSON numbers
STRING_PARAMS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "secret_token",
        "query",
        "language_code",
        "description",
        "short_description",
    ]
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are two writes: avoid the 40 ms ACK delay
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
        if status == TRANSPORT:
            self._transport(payload)
            return
        self._reply(status, payload)

    def _transport(self, fault: dict) -> None:
        """Act out a connection fault (see `TRANSPORT_FAULTS`)."""
        kind = fault["fault"]
        self.close_connection = True
        try:
            if kind == "garbled":
                self._raw(200, b'{"ok":true,"result":true}')
            elif kind == "truncated":
                status, payload = fault["answer"]
                data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
                self._raw(status, data[: len(data) // 2], length=len(data))
            elif kind == "late":
                time.sleep(fault["seconds"])
                self._reply(*fault["answer"])
            elif kind == "reset":  # RST instead of FIN: the client reads ECONNRESET
                self.connection.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                )
            self.wfile.flush()
            if kind != "reset":
                self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _raw(self, status: int, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

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


class FakeBotAPI(BotApiMethods):
    """The fake server plus the test-side API (inject updates, read sent messages)."""

    def __init__(
        self,
        *,
        token: str = TOKEN,
        bot_username: str = BOT_USERNAME,
        limits: SendLimits | None = None,
        latency: float = 0.0,
        strict_html: bool = True,
        port: int = 0,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = BOT_ID
        self.limits = limits
        self.latency = latency
        self.strict_html = strict_html
        self.port = port  # 0: any free port (a given one: the bot was told it before)
        self._server: _Server | None = None
        self._frozen = False  # gc.freeze() taken by start(), undone by stop()
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
        self.linked: dict[int, int] = {}  # chat id -> its linked chat (getChat's linked_chat_id)
        self.faults: dict[int | str, list[Fault]] = {}
        # an outage: every method but getUpdates answers this status (see `outage`)
        self.outage_status: int | None = None
        self.errors: dict[int, int] = {}  # http status -> count of error answers
        self.count_429 = 0
        self.transport_faults: dict[str, int] = {}  # kind -> times acted out
        self._poll_gen = 0  # the newest getUpdates request; older ones end with 409
        self.conflicts = 0  # getUpdates ended with 409 (two bot instances polling)
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
        if self.limits is not None:
            # Enforced limits judge the bot by this process's clock: the handler threads
            # stamp each request when they run. A full collection of pytest's heap (0.3 s
            # after a thousand tests) would stall them and stamp the requests queued
            # meanwhile together, drawing 429s Telegram would not send. Frozen, the old
            # heap stays out of every collection while the server runs (pauses of ~2 ms).
            gc.collect()
            gc.freeze()
            self._frozen = True
        self._server = _Server(("127.0.0.1", self.port), _Handler)
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
        if self._frozen:
            gc.unfreeze()
            self._frozen = False

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

    def link(self, channel_id: int, group_id: int) -> None:
        """Make `group_id` the channel's discussion group: getChat of either names the other
        as linked_chat_id (as Telegram, only getChat does; updates' chats do not)."""
        self.linked[channel_id], self.linked[group_id] = group_id, channel_id

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

    def press(
        self, sender: dict, message: SentMessage, data: str, *, inaccessible: bool = False
    ) -> str:
        """The user taps an inline button with callback_data `data` on a bot message.
        `inaccessible`: as Telegram reports a message too old to show the bot (only its
        chat and id, date 0: PTB's InaccessibleMessage)."""
        qid = str(next(self._cb_ids))
        chat = self.chats.get(message.chat_id) or {"id": message.chat_id, "type": "private"}
        msg = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": chat,
            "from": self.bot_user(),
            "text": message.text,
        }
        if inaccessible:
            msg = {"message_id": message.message_id, "date": 0, "chat": chat}
        elif message.reply_markup:
            msg["reply_markup"] = message.reply_markup
        if message.thread_id and not inaccessible:
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

    def my_chat_member(self, chat: dict, sender: dict, old: str, new: str, **rights: bool) -> None:
        """The bot's own membership changed in `chat` (e.g. added as administrator).
        `rights`: the new record's admin rights that differ (can_post_messages=False)."""

        def member(status: str, given: dict | None = None) -> dict:
            out = {"status": status, "user": self.bot_user()}
            if status == "administrator":
                out.update(_admin_rights(given or {}, channel=chat.get("type") == "channel"))
            if status == "creator":
                out["is_anonymous"] = False
            if status == "kicked":
                out["until_date"] = 0
            if status.startswith("restricted"):  # "restricted" or "restricted-out"
                out["status"] = "restricted"
                out["is_member"] = status == "restricted"
                out["until_date"] = 0
                for right in _RESTRICTED_RIGHTS:
                    out[right] = (given or {}).get(right, right == "can_send_messages")
            return out

        self.push_update(
            {
                "my_chat_member": {
                    "chat": chat,
                    "from": sender,
                    "date": int(time.time()),
                    "old_chat_member": member(old),
                    "new_chat_member": member(new, rights),
                }
            }
        )

    def migrate(
        self, old_chat: dict, new_chat_id: int, sender: dict, *, join: str | None = None
    ) -> dict:
        """Group -> supergroup upgrade: Telegram sends a service message in each chat, and
        the bot's joining the supergroup (my_chat_member left -> member; the Bot API server
        sends it, tdlib/telegram-bot-api#266): `join` "before" or "after" the two messages
        (None: not sent)."""
        new_chat = self.supergroup(new_chat_id, old_chat.get("title", ""))
        if join == "before":
            self.my_chat_member(new_chat, sender, "left", "member")
        self.push_update(
            {"message": self._message(old_chat, sender, None, migrate_to_chat_id=new_chat_id)}
        )
        self.push_update(
            {"message": self._message(new_chat, sender, None, migrate_from_chat_id=old_chat["id"])}
        )
        if join == "after":
            self.my_chat_member(new_chat, sender, "left", "member")
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
        """Inject a failure for sends to chat_id (thread=N: into that topic only); see `Fault`."""
        with self._cond:
            self.faults.setdefault(chat_id, []).append(Fault(kind, times, **kw))

    def outage(self, status: int | None = 502) -> None:
        """Telegram fails as a whole (its front answering 502 to every method, getMe
        included) until `outage(None)`; getUpdates is left alone (the tests' own polling)."""
        with self._cond:
            self.outage_status = status

    def clear_faults(self, chat_id: int | str | None = None) -> None:
        with self._cond:
            if chat_id is None:
                self.faults.clear()
            else:
                self.faults.pop(chat_id, None)
