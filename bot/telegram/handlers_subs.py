"""Subscription commands: /start /help /sub /unsub (reading them back: `handlers_read`).

Each handler: who and where (`Where`), may they change it, parse with
`bot.subscriptions.targets`, store with `bot.subscriptions.service`, reply.
`/sub @channel …`, `/unsub @channel …` and `/list @channel` in a private chat act
on a channel the user administers and the bot may post in.
"""

from __future__ import annotations

import logging
import re

from telegram import Chat as TgChat
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.subscriptions import chats, readback, service
from bot.subscriptions.targets import Target, Unknown, parse_targets, split_targets
from bot.subscriptions.tme import channel_first, channel_ref, is_link
from bot.telegram.context import (
    MAX_TARGETS,
    Deps,
    Where,
    command_args,
    db,
    deps,
    lang_of,
    may_change,
    reply,
    tidy_channel,
    upsert,
    where,
)
from bot.telegram.i18n import Html, esc, t
from bot.telegram.keyboards import (
    examples_keyboard,
    suggestions_keyboard,
    typed_form,
    unbuttoned,
    unsub_all_keyboard,
)
from bot.telegram.replies import clash_lines, items_text, removed_lines
from bot.telegram.typed import command_name
from bot.telegram.views import prefix

log = logging.getLogger(__name__)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Deps, Where, str]:
    d = deps(context)
    w = where(update)
    assert w is not None
    await upsert(d, w)
    tidy_channel(context, w)
    return d, w, await lang_of(d, w.chat_id)


DEEP_LINK = re.compile(r"^sub_([A-Za-z0-9_.\-]{1,60})$")


async def cmd_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, also as a deep link `t.me/<bot>?start=sub_600519` (targets joined by `-`),
    which subscribes what the link names: how a channel or site shares "follow this"."""
    d, w, lang = await _start(update, context)
    args, _ = command_args(update)
    m = DEEP_LINK.match(args[0]) if len(args) == 1 else None
    if m is None and w.is_group and not await may_change(update, context, w):
        # a member: the examples' buttons and /sub are for the group's admins
        await reply(context, w, t(lang, "welcome_member"))
        return
    if m is None:
        await reply(context, w, t(lang, "welcome"), examples_keyboard(lang))
        return
    if not await may_change(update, context, w):
        await reply(context, w, t(lang, "admins_only"))
        return
    words = [x for x in m.group(1).split("-") if x][:MAX_TARGETS]
    await subscribe_words(update, context, d, w, lang, w, words)


async def cmd_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    _d, w, lang = await _start(update, context)
    await reply(context, w, t(lang, "help"))


def named_channel(w: Where, args: list[str]) -> str | None:
    """The channel a private chat's command names first (`@name`, `t.me/name`, `-100…`)."""
    return channel_ref(args[0]) if w.kind == TgChat.PRIVATE and args else None


async def channel_elsewhere(
    update: Update, context: ContextTypes.DEFAULT_TYPE, w: Where, lang: str, args: list[str]
) -> bool:
    """`/pause @finchan`, `/list @finchan` in a group or a channel: a channel's
    subscriptions and settings are seen and changed in a private chat with the bot. Says so
    (the command to send there) and returns True; False when no channel is named first
    here, or here is a private chat (`named_channel`)."""
    ref = channel_ref(args[0]) if args and w.kind != TgChat.PRIVATE else None
    if ref is None:
        return False
    message = update.effective_message
    name = ((message.text if message else None) or "/").split()[0].partition("@")[0]
    command = " ".join([name, ref, *args[1:]])
    bot = context.bot.username or ""
    await reply(context, w, t(lang, "channel_in_group_other", ref=ref, command=command, bot=bot))
    return True


async def target_chat(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    w: Where,
    lang: str,
    args: list[str],
    *,
    channel: bool = True,
    settings: bool = False,
) -> tuple[Where | None, list[str]]:
    """The chat a command acts on: here, or `@channel` named first in a private chat
    (`channel`: whether the first argument may name one; `settings`: the command is about
    the chat's settings, not its subscriptions, which a refusal says).

    Replies itself and returns None when the user may not act on that chat.
    """
    d = deps(context)
    ref = named_channel(w, args) if channel else None
    if ref is not None:
        try:
            chat = await context.bot.get_chat(ref if ref.startswith("@") else int(ref))
        except TelegramError as exc:
            log.info("channel %s not resolvable: %s", ref, exc)
            await reply(context, w, t(lang, "channel_not_found", ref=ref))
            return None, args
        if chat.type in (TgChat.GROUP, TgChat.SUPERGROUP):  # a group's are set in the group
            message = update.effective_message
            name = command_name(message.text if message else None)
            command = " ".join([name, *args[1:]])
            await reply(context, w, t(lang, "group_not_channel", ref=ref, command=command))
            return None, args
        if chat.type != TgChat.CHANNEL:
            await reply(context, w, t(lang, "not_a_channel", ref=ref))
            return None, args
        # the bot first: until it is the channel's admin, Telegram hides who its admins are
        if not await d.members.bot_can_post(context.bot, chat.id):
            known = await db(chats.get_chat, d.engine, chat.id)  # the outbox found it so
            lost = known is not None and known.no_rights_at is not None
            key = "channel_bot_lost_post" if lost else "channel_bot_cannot_post"
            await reply(context, w, t(lang, key, ref=ref))
            return None, args
        user = update.effective_user
        if user is None or not await d.members.is_admin(context.bot, chat.id, user.id):
            key = "channel_not_admin_settings" if settings else "channel_not_admin"
            await reply(context, w, t(lang, key, ref=ref))
            return None, args
        channel = Where.of_chat(chat)
        await upsert(d, channel)
        return channel, args[1:]
    if not await may_change(update, context, w):
        await reply(context, w, t(lang, "admins_only"))
        return None, args
    return w, args


def _unknown_line(lang: str, u: Unknown) -> str:
    key = {
        "ambiguous": "ambiguous_target",
        "empty": "empty_target",
        "too_long": "too_long_target",
        "index": "index_target",
        "too_short": "too_short_target",
        "keyword_space": "keyword_space_target",
        "keyword_plus": "keyword_plus_target",
        "link": "link_target",
    }.get(u.reason, "unknown_target")
    ref = (channel_ref(u.text) or t(lang, "channel_placeholder")) if u.reason == "link" else ""
    return t(lang, key, text=u.text, ref=ref)


async def _command_targets(
    update: Update, context: ContextTypes.DEFAULT_TYPE, usage: str, *, adding: bool = False
) -> tuple[Deps, Where, str, Where, list[str]] | None:
    """The shared front of /sub and /unsub: arguments, the chat acted on, the words.

    Replies itself (usage, limits, permissions) and returns None when there is
    nothing to do. `adding`: /sub (else /unsub). A channel named first outside a private
    chat is sent there, unless /unsub names a keyword `@name` the chat stored before.
    """
    d, w, lang = await _start(update, context)
    args, too_long = command_args(update)
    if too_long:
        await reply(context, w, t(lang, "args_too_long"))
        return None
    # a t.me link alone is what to subscribe, not whose subscriptions (`/list t.me/x` is)
    lone_link = len(args) == 1 and is_link(args[0])
    ref = channel_ref(args[0]) if args and not lone_link else None
    if (
        ref is not None
        and w.kind != TgChat.PRIVATE
        and (adding or not await db(service.holds_word, d.engine, w.chat_id, w.thread_id, args[0]))
    ):
        rest = " ".join(args[1:]) or "600519"
        key = "channel_in_group" if adding else "channel_in_group_unsub"
        bot = context.bot.username or ""
        await reply(context, w, t(lang, key, ref=ref, targets=rest, bot=bot))
        return None
    if w.kind == TgChat.PRIVATE and not lone_link:  # `/sub 600519 @finchan`: the channel
        args, named = channel_first(split_targets(args))
        if len(named) > 1:  # which one was meant cannot be told
            rest, cmd = " ".join(args[1:]) or "600519", "/sub" if adding else "/unsub"
            refs = "、".join(named)
            await reply(
                context,
                w,
                t(lang, "one_channel", refs=refs, command=cmd, ref=named[0], targets=rest),
            )
            return None
    there, args = await target_chat(update, context, w, lang, args, channel=not lone_link)
    if there is None:
        return None
    words = split_targets(args)
    if not words:
        await reply(context, w, t(lang, usage))
        return None
    if len(words) > MAX_TARGETS:
        await reply(context, w, t(lang, "too_many_args", n=MAX_TARGETS))
        return None
    return d, w, lang, there, words


async def cmd_sub(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    front = await _command_targets(update, context, "sub_usage", adding=True)
    if front is None:
        return
    d, w, lang, there, words = front
    await subscribe_words(update, context, d, w, lang, there, words)


async def subscribe_words(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    d: Deps,
    w: Where,
    lang: str,
    there: Where,
    words: list[str],
) -> None:
    """Subscribe `there` to the words understood; suggest buttons for the others."""
    catalog = await db(service.load_catalog, d.engine)
    ok, bad = await db(parse_targets, words, catalog)  # suggestions: CPU, off the loop
    lines: list[str] = []
    if ok:
        user = update.effective_user
        try:
            res = await db(
                service.add_subscriptions,
                d.engine,
                there.chat_id,
                ok,
                thread_id=there.thread_id,
                created_by=user.id if user else None,
                limit=d.settings.telegram.max_subscriptions,
            )
        except service.LimitExceeded as exc:
            left = exc.limit - exc.current  # some room: not "reached", say how much
            key = "limit_room" if left > 0 else "limit"
            lines.append(t(lang, key, limit=exc.limit, adding=exc.adding, left=left))
        else:
            added = [x for x in res.added if x.kind != "exclude"]
            excluded = [x for x in res.added if x.kind == "exclude"]
            if added:
                lines.append(t(lang, "subscribed", items=items_text(lang, added)))
            if excluded:
                lines.append(
                    t(lang, "excluded", items=Html("、".join(esc(x.display) for x in excluded)))
                )
            if res.existing:
                lines.append(t(lang, "already", items=items_text(lang, res.existing)))
            if any(x.kind in ("keyword", "exclude") for x in res.added):
                clash = await db(
                    readback.contradictions, d.engine, there.chat_id, there.thread_id, res.added
                )
                lines += clash_lines(lang, clash)
    suggestions: list[Target] = []
    for u in bad:
        lines.append(_unknown_line(lang, u))
        suggestions.extend(s for s in u.suggestions if s not in suggestions)
    keyboard = None
    if suggestions:
        channel = there.chat_id if there.chat_id != w.chat_id else None
        keyboard = suggestions_keyboard(lang, suggestions[:8], channel)
        command = "/sub" if channel is None else f"/sub {_ref(there)}"
        lines += _pick_lines(
            lang, "pick_one", command, keyboard, unbuttoned(suggestions[:8], channel)
        )
    await reply(context, w, prefix(lang, w, there) + "\n".join(lines), keyboard)


def _ref(chat: Where) -> str:
    """How a private chat names a channel in a command: `@name`, or its id."""
    return f"@{chat.username}" if chat.username else str(chat.chat_id)


def _pick_lines(
    lang: str, key: str, command: str, keyboard: object, missing: list[Target]
) -> list[str]:
    """Under the replies' lines: the command to send for each suggestion too long for a
    button, then "tap one" only if a button is there to tap."""
    lines = [
        t(lang, "type_instead", text=x.display, command=f"{command} {typed_form(x)}")
        for x in missing
    ]
    return [*lines, t(lang, key)] if keyboard is not None else lines


# `/unsub all`: asked first, removed on the button (the stock ALL.US when the chat holds it)
ALL_WORDS = ("all", "全部", "所有")


async def _asked_unsub_all(
    context: ContextTypes.DEFAULT_TYPE, d: Deps, w: Where, lang: str, there: Where
) -> bool:
    """`/unsub all` asks before removing anything; False when the chat holds the stock
    ALL.US (Allstate), which the word then means."""
    current = await db(service.list_subscriptions, d.engine, there.chat_id, there.thread_id)
    if any(s.kind == "ticker" and s.value == "ALL.US" for s in current):
        return False
    n = sum(1 for s in current if not s.from_config)
    channel = there.chat_id if there.chat_id != w.chat_id else None
    text = t(lang, "unsub_all_ask", n=n) if n else await _none_here(d, lang, there, current)
    await reply(
        context,
        w,
        prefix(lang, w, there) + text,
        unsub_all_keyboard(lang, channel, n) if n else None,
    )
    return True


async def _none_here(d: Deps, lang: str, there: Where, current: list) -> str:
    """Nothing to remove here; in a forum's General, how many the topics hold (as /list)."""
    total = 0 if there.thread_id else await db(service.count_subscriptions, d.engine, there.chat_id)
    if total > len(current):
        return t(lang, "unsub_all_none_general", n=total - len(current))
    return t(lang, "unsub_all_none")


async def cmd_unsub(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    front = await _command_targets(update, context, "unsub_usage")
    if front is None:
        return
    d, w, lang, there, words = front
    everything = len(words) == 1 and words[0].casefold() in ALL_WORDS
    if everything and await _asked_unsub_all(context, d, w, lang, there):
        return
    catalog = await db(service.load_catalog, d.engine)
    ok, bad = await db(parse_targets, words, catalog)  # suggestions: CPU, off the loop
    current = await db(service.list_subscriptions, d.engine, there.chat_id, there.thread_id)
    ok = service.as_held(ok, current)  # a keyword stored with its marks (`“新能源”`)
    if bad:  # match what the user sees in /list (e.g. an ambiguous name they subscribed)
        for u in list(bad):
            hits = service.held_by(u, current)
            if hits:
                bad.remove(u)
                ok.extend(service.target_of(s) for s in hits)
    lines = []
    if ok:
        res = await db(
            service.remove_subscriptions, d.engine, there.chat_id, ok, thread_id=there.thread_id
        )
        lines.extend(removed_lines(lang, res))
    for u in bad:  # /unsub offers no buttons: a word it cannot read is simply not held
        not_held = u.reason in ("unknown", "ambiguous", "keyword_space", "keyword_plus")
        lines.append(t(lang, "unsub_not_held", text=u.text) if not_held else _unknown_line(lang, u))
    if bad:
        lines.append(t(lang, "pick_one_unsub"))
    await reply(context, w, prefix(lang, w, there) + "\n".join(lines))
