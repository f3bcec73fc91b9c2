"""/settings: the chat's settings on one screen, with toggle buttons to change them;
/pause, /resume; and `settable`, the front of every setting command, which takes
`@channel` from a private chat.

What users of RSS bots expect: one message, each setting a button that flips it
(pause, silent pushes, digest, quiet hours, language) and the screen refreshed in
place. Anyone may look; only those who may change the chat can press (checked per
press: a group's buttons are visible to every member).
"""

from __future__ import annotations

import unicodedata

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot.delivery import outbox
from bot.hanzi import simplified
from bot.storage.models import Chat
from bot.subscriptions import chats, service
from bot.subscriptions.targets import clean, strip_marks
from bot.subscriptions.zones import zone_text
from bot.telegram.context import (
    Deps,
    Where,
    command_args,
    db,
    deps,
    lang_of,
    may_change,
    press_refusal,
    reply,
)
from bot.telegram.handlers_subs import _start, channel_elsewhere, named_channel, target_chat
from bot.telegram.i18n import Html, esc, t
from bot.telegram.keyboards import set_data
from bot.telegram.views import prefix, refused_toast, show

DEFAULT_QUIET = ("23:00", "07:00")  # what the quiet-hours button sets; /quiet for others
DIGEST_CYCLE = {"off": "hourly", "hourly": "daily", "daily": "off"}


async def set_paused(d: Deps, chat_id: int, paused: bool) -> int:
    """/pause, /resume and the ⏸ button: one path for the chat's push state (the outbox
    owns what happens to queued rows). Returns how many deliveries were held / released."""
    return await db(outbox.pause if paused else outbox.resume, d.engine, chat_id)


def next_digest(chat: Chat) -> str:
    """The digest mode after the chat's: a mode the bot does not know (a newer
    version's, set by hand) reads as off, as `digest_words` shows it, so the button's
    label and a bare press both step from off."""
    return DIGEST_CYCLE.get(chat.digest_mode, DIGEST_CYCLE["off"])


async def named_chat(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> tuple[Deps, Where, Where | None, str, list[str]]:
    """(deps, here, the chat the command is about, lang, the arguments after it): here, or
    the `@channel` a private chat names first (checked as for /sub @channel; None: refused,
    and the sender was told)."""
    d, w, lang = await _start(update, context)
    args, _ = command_args(update)
    if await channel_elsewhere(update, context, w, lang, args):
        return d, w, None, lang, args
    if named_channel(w, args):
        there, args = await target_chat(update, context, w, lang, args, settings=True)
        return d, w, there, lang, args
    return d, w, w, lang, args


async def settable(
    update: Update, context: ContextTypes.DEFAULT_TYPE, *, look: bool = False
) -> tuple[Deps, Where, Where, str, list[str]] | None:
    """(deps, here, the chat whose setting changes, lang, the arguments after it), for
    /pause /resume /digest /quiet /timezone /updates /lang: here, or the `@channel` a
    private chat names first (checked as for /sub @channel). None: refused, and the sender
    was told. `look`: without arguments the command only shows the current setting, which
    anyone here may read (like /settings)."""
    d, w, there, lang, args = await named_chat(update, context)
    if there is None:
        return None
    args = setting_args(args)
    if there is w and (args or not look) and not await may_change(update, context, w):
        await reply(context, w, t(lang, "admins_only_settings"))
        return None
    return d, w, there, lang, args


# what a sentence puts after a word besides `strip_marks`' ends (after NFKC: ， ； ： 、)
_AFTER = ",;:、"


def setting_args(args: list[str]) -> list[str]:
    """A setting command's words without the marks around them, as /sub reads targets
    (`strip_marks`): `/lang 英文。`, `/timezone “东京”`, `/digest 每日 8点，` (full width
    read as ASCII); a word that was only marks is dropped."""
    out = []
    for arg in args:
        word, before = clean(arg), ""
        while word != before:  # `8点。”` or `8点，。`: marks after marks
            before, word = word, strip_marks(word).rstrip(_AFTER)
        if word:
            out.append(word)
    return out


def setting_word(text: str) -> str:
    """A setting's word as typed, full width read as ASCII (ＥＮ) and traditional as
    simplified (關閉, 每小時). Only short ones: `simplified` caches what it is given, and a
    message may be 4096 characters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return simplified(text) if len(text) <= 8 else text


def digest_words(lang: str, chat: Chat) -> str:
    if chat.digest_mode == "daily":
        return t(lang, "set_digest_daily", time=chat.digest_time or "08:00")
    return t(lang, f"set_digest_{'hourly' if chat.digest_mode == 'hourly' else 'off'}")


def quiet_words(lang: str, chat: Chat) -> str:
    if chat.quiet_start and chat.quiet_end:
        return f"{chat.quiet_start}-{chat.quiet_end}"
    return t(lang, "set_quiet_off")


async def settings_view(
    d: Deps, lang: str, w: Where, here: Where | None = None
) -> tuple[str, InlineKeyboardMarkup | None]:
    """The settings screen of `w`, shown in `here` (a private chat showing a channel's:
    headed with the channel's name, its buttons naming the channel)."""
    here = here or w
    chat = await db(chats.get_chat, d.engine, w.chat_id)
    assert chat is not None  # every caller upserted it
    total = await db(service.count_subscriptions, d.engine, w.chat_id)
    if w.thread_id:
        topic = await db(service.count_subscriptions, d.engine, w.chat_id, w.thread_id)
        subs = t(lang, "set_subs_topic", n=topic, total=total)
    else:
        subs = t(lang, "set_subs", n=total)
    text = t(
        lang,
        "settings",
        push=Html(t(lang, "set_push_paused" if chat.paused else "set_push_on")),
        sound=Html(t(lang, "set_silent" if chat.silent else "set_sound")),
        digest=Html(digest_words(lang, chat)),
        quiet=Html(esc(quiet_words(lang, chat))),
        updates=Html(t(lang, f"set_updates_{chat.updates or 'reply'}")),
        zone=zone_text(chat.timezone, lang),
        subs=Html(subs),
    )
    if w.thread_id:
        text += "\n" + t(lang, "set_topic_note")
    channel = w.chat_id if w.chat_id != here.chat_id else None
    return prefix(lang, here, w) + text, settings_keyboard(lang, chat, channel)


def settings_keyboard(lang: str, chat: Chat, channel: int | None = None) -> InlineKeyboardMarkup:
    def b(key: str, name: str) -> InlineKeyboardButton:
        return InlineKeyboardButton(t(lang, key), callback_data=set_data(name, channel))

    quiet_on = bool(chat.quiet_start and chat.quiet_end)
    next_mode = next_digest(chat)
    return InlineKeyboardMarkup(
        [
            [
                b("btn_resume", "resume") if chat.paused else b("btn_pause", "pause"),
                b("btn_sound", "sound") if chat.silent else b("btn_silent", "silent"),
            ],
            [b(f"btn_digest_{next_mode}", f"digest:{next_mode}")],
            [b("btn_quiet_off", "quiet_off") if quiet_on else b("btn_quiet_on", "quiet_on")],
            [b("btn_lang", "lang:" + ("en" if chat.lang == "zh" else "zh"))],
        ]
    )


async def cmd_settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/settings, or /settings @channel in a private chat (the channel's, for its admins)."""
    d, w, there, lang, _args = await named_chat(update, context)
    if there is None:
        return
    if there is not w:  # the screen reads in the channel's language, which it shows
        lang = await lang_of(d, there.chat_id)
    text, keyboard = await settings_view(d, lang, there, w)
    await reply(context, w, text, keyboard)


async def on_settings_button(
    context: ContextTypes.DEFAULT_TYPE,
    query: CallbackQuery,
    here: Where,
    lang: str,
    name: str,
    there: Where | None = None,
) -> None:
    """One toggle of the /settings screen, then the screen again (in the new language).
    `there`: the channel a private chat's screen is about (default: `here`).

    The digest and language buttons carry the state their label names (`digest:daily`,
    `lang:en`): pressed on an older screen, they set that, not the step after the current
    state. Bare `digest` / `lang` (screens sent before) still step; a value this release
    does not know (a newer one's mode) is a stale button, as an unknown setting is."""
    d = deps(context)
    there = there or here
    refusal = await press_refusal(context, query.from_user.id, there)
    if refusal is not None:
        text = await refused_toast(d, lang, there, refusal, "admins_only_settings_toast")
        await query.answer(text, show_alert=True)
        return
    chat = await db(chats.get_chat, d.engine, there.chat_id)
    if chat is None:
        await query.answer()
        return
    lang = chat.lang if there is not here else lang  # the screen reads in the chat's language
    name, _, target = name.partition(":")
    known = {"digest": DIGEST_CYCLE, "lang": ("zh", "en")}.get(name)
    if target and known is not None and target not in known:  # a newer release's value
        await query.answer(t(lang, "stale_button_toast"), show_alert=True)
        return
    if name in ("pause", "resume"):
        await set_paused(d, there.chat_id, name == "pause")
    elif name in ("silent", "sound"):
        await db(chats.update_chat, d.engine, there.chat_id, silent=name == "silent")
    elif name == "digest":
        mode = target if target in DIGEST_CYCLE else next_digest(chat)
        at = (chat.digest_time or "08:00") if mode == "daily" else None
        await db(chats.update_chat, d.engine, there.chat_id, digest_mode=mode, digest_time=at)
    elif name in ("quiet_on", "quiet_off"):
        start, end = DEFAULT_QUIET if name == "quiet_on" else (None, None)
        await db(chats.update_chat, d.engine, there.chat_id, quiet_start=start, quiet_end=end)
    elif name == "lang":
        lang = target if target in ("zh", "en") else ("en" if chat.lang == "zh" else "zh")
        await db(chats.update_chat, d.engine, there.chat_id, lang=lang)
    else:  # a setting this release does not have (a newer one's button)
        await query.answer(t(lang, "stale_button_toast"), show_alert=True)
        return
    await query.answer(t(lang, "saved_toast"))
    text, keyboard = await settings_view(d, lang, there, here)
    await show(context, query, here, text, keyboard)


async def cmd_pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause, or /pause @channel in a private chat."""
    await _pause_or_resume(update, context, True)


async def cmd_resume(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/resume, or /resume @channel in a private chat."""
    await _pause_or_resume(update, context, False)


async def _pause_or_resume(
    update: Update, context: ContextTypes.DEFAULT_TYPE, paused: bool
) -> None:
    got = await settable(update, context)
    if got:
        d, w, there, lang, _args = got
        held = await set_paused(d, there.chat_id, paused)
        word = "paused" if paused else "resumed"
        text = t(lang, f"{word}_held", n=held) if held else t(lang, word)
        # a pause is the chat's: in a forum topic, say that every topic stops (and starts)
        text += "\n" + t(lang, f"{word}_topic") if w.thread_id else ""
        await reply(context, w, prefix(lang, w, there) + text)
