"""Who may change a chat's subscriptions, asked of Telegram and cached briefly.

Private chats: the user. Groups: administrators (getChatMember), including
anonymous admins, who write as the group itself, and the group's linked channel (its
admins write in its discussion group as the channel; getChat's linked_chat_id).
Channels: a channel post comes from the channel, so its admins; from a private chat
(`/sub @channel ...`) the user must be an admin of the channel AND the bot must be
allowed to post there. Answers are cached for `ttl` seconds so a busy group does not
cost a getChatMember (or getChat) per command; a demoted admin loses rights within that
time. A failed request (network, 5xx, 429) is no answer: it is raised, not cached; a 400
is one (a channel's members are hidden from a bot that is not its admin): nobody is admin.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from telegram import Bot, ChatMember
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

log = logging.getLogger(__name__)

ADMIN_STATUSES = (ChatMember.ADMINISTRATOR, ChatMember.OWNER)


@dataclass
class MemberCache:
    ttl: float = 60.0
    _entries: dict[tuple[int, int], tuple[float, ChatMember | None]] = field(default_factory=dict)
    _linked: dict[int, tuple[float, int | None]] = field(default_factory=dict)

    async def member(self, bot: Bot, chat_id: int, user_id: int) -> ChatMember | None:
        """The member record, or None when Telegram cannot tell (then nobody is admin)."""
        key = (chat_id, user_id)
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and hit[0] > now:
            return hit[1]
        try:
            member: ChatMember | None = await bot.get_chat_member(chat_id, user_id)
        except BadRequest as exc:  # an answer, not a blip (PTB's BadRequest is a NetworkError):
            # a channel's members are hidden from a bot that is no admin there
            log.info("getChatMember(%s, %s) failed: %s", chat_id, user_id, exc)
            member = None
        except (NetworkError, RetryAfter):
            # a blip (5xx, timeout, flood wait) says nothing about rights: not cached, and
            # the command fails (the error handler asks to try again) instead of saying no
            raise
        except TelegramError as exc:
            log.info("getChatMember(%s, %s) failed: %s", chat_id, user_id, exc)
            member = None
        if len(self._entries) > 10_000:
            self._entries = {k: v for k, v in self._entries.items() if v[0] > now}
        self._entries[key] = (now + self.ttl, member)
        return member

    async def linked_chat(self, bot: Bot, chat_id: int) -> int | None:
        """The channel whose discussion group `chat_id` is (getChat, cached like members)."""
        now = time.monotonic()
        hit = self._linked.get(chat_id)
        if hit is not None and hit[0] > now:
            return hit[1]
        try:
            linked: int | None = (await bot.get_chat(chat_id)).linked_chat_id
        except BadRequest as exc:  # an answer (chat not found): no linked channel
            log.info("getChat(%s) failed: %s", chat_id, exc)
            linked = None
        except (NetworkError, RetryAfter):
            raise  # a blip says nothing: not cached (as in `member`)
        except TelegramError as exc:
            log.info("getChat(%s) failed: %s", chat_id, exc)
            linked = None
        if len(self._linked) > 10_000:
            self._linked = {k: v for k, v in self._linked.items() if v[0] > now}
        self._linked[chat_id] = (now + self.ttl, linked)
        return linked

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        m = await self.member(bot, chat_id, user_id)
        return m is not None and m.status in ADMIN_STATUSES

    async def bot_can_post(self, bot: Bot, chat_id: int) -> bool:
        """In a channel the bot needs to be an admin with can_post_messages."""
        m = await self.member(bot, chat_id, bot.id)
        if m is None:
            return False
        if m.status == ChatMember.OWNER:
            return True
        return m.status == ChatMember.ADMINISTRATOR and bool(getattr(m, "can_post_messages", False))

    def forget(self, chat_id: int) -> None:
        for k in [k for k in self._entries if k[0] == chat_id]:
            self._entries.pop(k, None)
        self._linked.pop(chat_id, None)
