"""The bot's own membership: added (a greeting), removed, promoted or unrestricted (what
waited while it could not post follows), and a group's upgrade to a supergroup (its chat,
subscriptions and pending pushes move to the new id)."""

from __future__ import annotations

import asyncio
import logging

from telegram import Chat as TgChat
from telegram import ChatMember, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.delivery import outbox
from bot.subscriptions import chats
from bot.telegram.context import Where, db, deps, lang_of, reply, upsert
from bot.telegram.i18n import t
from bot.telegram.notices import rights_lost, tell_privately

log = logging.getLogger(__name__)


async def on_migrate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -> supergroup: Telegram tells both chats; the move is idempotent."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat_id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat_id
    else:
        return
    d = deps(context)
    moved, rows = await db(outbox.chat_migrated, d.engine, old, new)
    d.members.forget(old)
    log.info(
        "migration %s -> %s handled (%d subscriptions, %d pending deliveries moved now)",
        old,
        new,
        moved,
        rows,
    )


async def on_my_chat_member(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The bot was added to or removed from a chat: keep `chats.active` true to life."""
    change = update.my_chat_member
    if change is None:
        return
    d = deps(context)
    w = Where.of_chat(change.chat)
    status = change.new_chat_member.status
    d.members.forget(w.chat_id)
    if _gone(change.new_chat_member):
        ended = await db(outbox.chat_removed, d.engine, w.chat_id, "removed")
        log.info(
            "bot removed from chat %s (%s): %d pending deliveries ended", w.chat_id, w.kind, ended
        )
        return
    await upsert(d, w)
    log.info("bot is %s in chat %s (%s)", status, w.chat_id, w.kind)
    if _may_post(change.new_chat_member, w):
        waiting = await db(outbox.rights_back, d.engine, w.chat_id)
        if waiting is not None:
            log.info(
                "chat %s: the bot may post there again: %d held deliveries follow",
                w.chat_id,
                waiting,
            )
    else:
        await _rights_taken(context, w, status)
    if not _gone(change.old_chat_member):
        return
    adder = change.from_user.id if change.from_user else None
    if w.kind == TgChat.SUPERGROUP:  # perhaps a group we know, upgraded: see `_greet_later`
        context.application.create_task(_greet_later(context, w, adder))
    else:
        await _greet(context, w, adder)


async def _rights_taken(context: ContextTypes.DEFAULT_TYPE, w: Where, status: str) -> None:
    """The bot stays in the chat but may not post there: mark it now, as a refused send
    would (`notices.rights_lost`), so its pushes wait held instead of being tried and
    refused first; the admins who subscribed it hear so privately, once."""
    notices = await db(rights_lost, deps(context).engine, w.chat_id)
    if notices is None:  # marked already (a refused send, or an earlier update)
        return
    told = await tell_privately(context.bot, notices, w.chat_id)
    log.warning(
        "chat %s: the bot may not post there (my_chat_member: %s without the right to"
        " post): its pushes are held until it may again; %d of %d subscribing admin(s)"
        " told privately",
        w.chat_id,
        status,
        told,
        len(notices),
    )


def _may_post(member: ChatMember, w: Where) -> bool:
    """The bot's new membership lets it post: in a channel an admin allowed to post, in a
    group any member not restricted from sending (the group's own permissions aside)."""
    if member.status == ChatMember.OWNER:
        return True
    if member.status == ChatMember.ADMINISTRATOR:
        return not w.is_channel or bool(getattr(member, "can_post_messages", False))
    if member.status == ChatMember.MEMBER:
        return not w.is_channel
    if member.status == ChatMember.RESTRICTED:
        return bool(getattr(member, "is_member", False) and member.can_send_messages)
    return False


def _gone(member: ChatMember) -> bool:
    """Not in the chat: left, banned, or removed while restrictions stay on record (a
    supergroup's "restricted" member with is_member false)."""
    if member.status in (ChatMember.LEFT, ChatMember.BANNED):
        return True
    return member.status == ChatMember.RESTRICTED and not getattr(member, "is_member", True)


async def _greet_later(context: ContextTypes.DEFAULT_TYPE, w: Where, adder: int | None) -> None:
    """A supergroup joined: greet it unless a group the bot knows became it. On an upgrade
    Telegram also reports the bot joining the new supergroup, before or after the
    migration's messages, and the group was greeted when the bot came: so wait
    `migration_grace` seconds for those messages, then ask whether it was a migration."""
    d = deps(context)
    await asyncio.sleep(d.migration_grace)
    old = await db(chats.migrated_from, d.engine, w.chat_id)
    if old is not None:
        log.info("supergroup %s is group %s upgraded: not greeted again", w.chat_id, old)
        return
    await _greet(context, w, adder)


async def _greet(context: ContextTypes.DEFAULT_TYPE, w: Where, adder: int | None) -> None:
    """Just added: a group reads how to start; a channel's subscribers should not, so the
    admin who added the bot hears it privately (if they ever talked to the bot)."""
    d = deps(context)
    lang = await lang_of(d, w.chat_id)
    if w.is_group:
        target, text = w, t(lang, "group_welcome")
    elif w.is_channel and adder is not None:
        target = Where(adder, TgChat.PRIVATE)
        ref = f"@{w.username}" if w.username else str(w.chat_id)  # a private one: its id
        text = t(lang, "channel_welcome", title=w.title or w.username or w.chat_id, ref=ref)
    else:
        return
    try:
        await reply(context, target, text)
    except TelegramError as exc:  # the adder never started the bot, or no right to write
        log.info("could not greet in chat %s: %s", target.chat_id, exc)
