"""Server side of the fake Bot API: one `_m_<method>` per Telegram method.

A mixin of `FakeBotAPI` (tests/fakes/botapi.py), which owns the state it uses.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any
from urllib.parse import urlsplit

from tests.fakes.botapi_html import html_error, visible_length
from tests.fakes.botapi_limits import SendLimits
from tests.fakes.botapi_objects import (
    _RESTRICTED_RIGHTS,
    Fault,
    SentMessage,
    _admin_rights,
    _ApiError,
    _err,
    _ok,
    fault_answer,
)

MAX_TEXT = 4096
# Telegram refuses to edit a message older than 48 hours in private chats and groups
# ("message can't be edited"; channels have no limit: telegramdesktop/tdesktop#2389)
EDIT_WINDOW = 48 * 3600
_ADMINS = ("administrator", "creator")
# methods that post something into a chat: limits and faults apply to these
SEND_METHODS = frozenset(
    ["sendMessage", "sendPhoto", "sendDocument", "sendMediaGroup", "copyMessage", "forwardMessage"]
)


# Connection faults, for sends. After the message is sent: `garbled` answers 200 with
# a body PTB cannot read as a Message ({"ok":true,"result":true}); `truncated` answers
# 200 and closes halfway through the body; `cut` closes without an answer; `late`
# answers after `seconds` (past the client's read timeout). `reset` resets the
# connection after reading the request, without sending the message.
TRANSPORT_FAULTS = frozenset(["garbled", "truncated", "cut", "late", "reset"])
TRANSPORT = -1  # status `_dispatch` returns for them; `_Handler` acts it out


class BotApiMethods:
    """Telegram methods over the state of `FakeBotAPI`."""

    token: str
    bot_username: str
    bot_id: int
    limits: SendLimits | None
    latency: float
    strict_html: bool
    _cond: threading.Condition
    _updates: list[dict]
    _closing: bool
    chats: dict[int | str, dict]
    sent: list[SentMessage]
    _by_key: dict[tuple[int | str, int], SentMessage]
    requests: list[tuple[str, dict]]
    unknown: list[tuple[str, dict]]
    callback_answers: list[dict]
    commands: dict[str, list[dict]]
    members: dict[tuple[int | str, int], dict]
    linked: dict[int, int]
    faults: dict[int | str, list[Fault]]
    errors: dict[int, int]
    count_429: int
    transport_faults: dict[str, int]
    webhook_deleted: int
    _msg_ids: Any

    def bot_user(self) -> dict:  # defined by FakeBotAPI
        raise NotImplementedError

    def user(self, user_id: int, first_name: str = "", username: str | None = None) -> dict:
        raise NotImplementedError

    def _take_fault(self, chat_id: Any, params: dict, method: str = "") -> Fault | None:
        faults = self.faults.get(chat_id)
        if not faults:
            return None
        for f in faults:
            if f.method is not None and f.method != method:
                continue
            if f.kind == "bad_html" and (params.get("parse_mode") or "").upper() != "HTML":
                continue
            if f.thread is not None and int(params.get("message_thread_id") or 0) != f.thread:
                continue
            if f.times is not None:
                f.times -= 1
                if f.times <= 0:
                    faults.remove(f)
            return f
        return None

    def _dispatch(self, method: str, params: dict) -> tuple[int, dict]:
        if self.latency:
            time.sleep(self.latency)
        with self._cond:
            self.requests.append((method, params))
        if self.outage_status is not None and method != "getUpdates":
            self._count(self.outage_status)
            return self.outage_status, _err(self.outage_status, "Bad Gateway")
        chat_id = params.get("chat_id")
        if chat_id is not None and method != "getUpdates":
            with self._cond:
                fault = self._take_fault(chat_id, params, method)
            if fault is not None:
                if fault.kind == "delay":
                    time.sleep(fault.seconds)
                elif fault.kind in TRANSPORT_FAULTS and method in SEND_METHODS:
                    return self._transport_fault(fault, method, params)
                elif (
                    method in SEND_METHODS
                    or method == fault.method
                    or method.startswith("edit")
                    or (method == "getChat" and fault.kind == "not_found")
                ):
                    answer = fault_answer(fault)
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

    def _transport_fault(self, fault: Fault, method: str, params: dict) -> tuple[int, dict]:
        """Faults of the connection, not of the API (see `TRANSPORT_FAULTS`): the handler
        runs (the message is sent) except for `reset`, then `_Handler` garbles, cuts,
        delays or resets the answer as `fault.kind` says."""
        with self._cond:
            self.transport_faults[fault.kind] = self.transport_faults.get(fault.kind, 0) + 1
        answer: tuple[int, dict] = (0, {})
        if fault.kind != "reset":
            handler = getattr(self, f"_m_{method}")
            answer = handler(params)
        return TRANSPORT, {"fault": fault.kind, "seconds": fault.seconds, "answer": answer}

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
            # like Telegram: one getUpdates consumer per bot; a newer request ends the
            # one still waiting with 409 Conflict
            self._poll_gen += 1
            gen = self._poll_gen
            self._cond.notify_all()
            if offset > 0:  # confirm everything before offset
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while True:
                if self._poll_gen != gen:
                    self.conflicts += 1
                    raise _ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; "
                        "make sure that only one bot instance is running",
                    )
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
                url = b.get("url")
                if url is not None and (any(c.isspace() for c in url) or not urlsplit(url).netloc):
                    raise _ApiError(400, "Bad Request: BUTTON_URL_INVALID")
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
            reply_to = self._reply_target(chat["id"], params.get("reply_parameters"))
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
                reply_to=reply_to,
                silent=bool(params.get("disable_notification")),
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
        if reply_to is not None:
            replied = self._by_key[(chat["id"], reply_to)]
            result["reply_to_message"] = {
                "message_id": reply_to,
                "date": replied.date,
                "chat": chat,
                "text": replied.text,
            }
        if thread_id:
            result["message_thread_id"] = int(thread_id)
            result["is_topic_message"] = True
        return _ok(result)

    def _reply_target(self, chat_id: int, reply: Any) -> int | None:
        """reply_parameters as Telegram treats them: a missing message is an error unless
        allow_sending_without_reply, then the message is sent as no reply."""
        if not isinstance(reply, dict) or not reply.get("message_id"):
            return None
        mid = int(reply["message_id"])
        if (chat_id, mid) in self._by_key:
            return mid
        if reply.get("allow_sending_without_reply"):
            return None
        raise _ApiError(400, "Bad Request: message to be replied not found")

    def _edited(self, params: dict, **changes: Any) -> tuple[int, dict]:
        chat = self._chat(params.get("chat_id"))
        mid = int(params.get("message_id") or 0)
        with self._cond:
            rec = self._by_key.get((chat["id"], mid))
            if rec is None:
                raise _ApiError(400, "Bad Request: message to edit not found")
            if chat["type"] != "channel" and rec.date < time.time() - EDIT_WINDOW:
                raise _ApiError(400, "Bad Request: message can't be edited")
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
        linked = {"linked_chat_id": self.linked[chat["id"]]} if chat["id"] in self.linked else {}
        full = {
            **chat,
            **linked,
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
        bot = self.members.get((chat["id"], self.bot_id), {}).get("status")
        if chat["type"] == "channel" and user_id != self.bot_id and bot not in _ADMINS:
            # only a channel's administrators may read its members (a bot too)
            raise _ApiError(400, "Bad Request: member list is inaccessible")
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
