"""Telegram JSON shapes and failure answers used by the fake Bot API server."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _words(text: str) -> list[str]:
    return text.split()


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
    reply_to: int | None = None  # message_id this one replies to (reply_parameters)
    silent: bool = False  # disable_notification

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
    migrated | bad_html | server_error | retry_after | delay | thread_gone, a refusal for
    want of rights (`RIGHTS_REFUSALS`: the bot is in the chat but may not post), or a connection
    fault of a send: garbled | truncated | cut | late | reset (`botapi_methods.TRANSPORT_FAULTS`).
    `times` None = forever; `thread`: only sends into that forum topic. A not_found chat also
    fails getChat (the chat is really gone); without one, getChat still answers (a blip).
    `method`: only that Bot API method fails (e.g. getChatMember), the others go through."""

    kind: str
    times: int | None = None
    thread: int | None = None
    migrate_to: int | None = None
    status: int = 500
    retry_after: int = 1
    seconds: float = 0.0
    method: str | None = None


def _err(code: int, description: str, **parameters: Any) -> dict:
    out: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    if parameters:
        out["parameters"] = parameters
    return out


def _ok(result: Any) -> tuple[int, dict]:
    return 200, {"ok": True, "result": result}


# Telegram's words when the bot is still in a chat but may not post there, as bots met
# them: a channel admin without "Post Messages" (teloxide#450), a group where the bot is
# restricted or members may not write (python-telegram-bot#3956, el_monitorro#77), a chat
# Telegram restricted (tdlib/telegram-bot-api#863), plain text forbidden by the group.
RIGHTS_REFUSALS = {
    "no_admin_rights": "Bad Request: need administrator rights in the channel chat",
    "not_enough_rights": "Bad Request: not enough rights to send text messages to the chat",
    "no_rights": "Bad Request: have no rights to send a message",
    "chat_restricted": "Bad Request: CHAT_RESTRICTED",
    "plain_forbidden": "Bad Request: CHAT_SEND_PLAIN_FORBIDDEN",
    "write_forbidden": "Bad Request: CHAT_WRITE_FORBIDDEN",
    # a forum topic an admin closed (with thread=N; rteixeirax/qbittorrent_telegram_notification#12)
    "topic_closed": "Bad Request: TOPIC_CLOSED",
}


def fault_answer(f: Fault) -> tuple[int, dict] | None:
    if f.kind in RIGHTS_REFUSALS:
        return 400, _err(400, RIGHTS_REFUSALS[f.kind])
    if f.kind == "blocked":
        return 403, _err(403, "Forbidden: bot was blocked by the user")
    if f.kind == "kicked":
        return 403, _err(403, "Forbidden: bot was kicked from the group chat")
    if f.kind == "deactivated":
        return 403, _err(403, "Forbidden: user is deactivated")
    if f.kind == "not_found":
        return 400, _err(400, "Bad Request: chat not found")
    if f.kind == "thread_gone":
        return 400, _err(400, "Bad Request: message thread not found")
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
