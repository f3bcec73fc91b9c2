"""One send and what its outcome means for the outbox (a mixin of `DeliveryWorker`).

Telegram's answer decides: sent; 429 -> that chat waits `retry_after` (not an
attempt); migrated -> the chat moves; 403 / chat gone -> the chat ends; no right to post
there, or a closed forum topic -> the chat's (topic's) rows wait, held (not an attempt);
HTML refused -> plain text; the link button refused -> resent without it; other 400 ->
failed. Without a readable answer the resend policy of
`bot.delivery.sender.outcome` applies: a 2xx answer is a delivered message, a
request that never reached Telegram is retried, and one that may have reached it
without an answer is `unknown` (resent at most `resend_unknown` times).
"""

from __future__ import annotations

import contextlib
import logging
import random
import time
from collections import deque
from datetime import datetime, timedelta
from typing import Any

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.delivery.fenced import Op
from bot.delivery.outbox import COUNTERS
from bot.delivery.schedule import rights_probe_wait
from bot.delivery.sender import (
    BUTTON_REFUSED,
    CHAT_GONE,
    DELIVERED,
    NOT_DELIVERED,
    UNKNOWN,
    Exchange,
    lacks_rights,
    outcome,
    retry_seconds,
    send_unit,
)
from bot.delivery.store import Unit
from bot.storage.types import utcnow
from bot.subscriptions import chats

log = logging.getLogger("bot.delivery.worker")
DOWN_CHECK_SECONDS = 5.0  # how long getMe's answer stands for the 5xx that follow it


class Attempts:
    """Provided by `DeliveryWorker`: these attributes and `_drop_chat`."""

    bot: Any
    cfg: Any
    limiter: Any
    outcomes: Any
    backoff_base: float
    sent: int
    unreachable_since: float | None  # monotonic: first send of an outage (`_unreachable`)
    down_check: tuple[float, bool]  # (monotonic, Telegram down): getMe's last answer
    down_lock: Any  # asyncio.Lock: one getMe at a time (`_telegram_down`)
    errors: dict[str, int]
    _notes: Any
    _queues: dict[int, deque[Unit]]

    def _drop_chat(self, chat_id: int) -> list[int]: ...

    def _drop_units(self, chat_id: int) -> list[Unit]: ...

    async def _db_call(self, fn: Any, *args: Any) -> Any: ...

    store: Any

    async def _attempt(self, unit: Unit, ex: Exchange) -> Op | None:
        """Send `unit`; `ex` (fresh per send) learns how far the request got."""
        if unit.unknown_sends:
            self._count("resent_unknown")
            self._notes.warn(
                "resend",
                "chat %s: resending a message whose first send got no answer",
                unit.chat_id,
            )
        try:
            msg = await send_unit(self.bot, unit, ex)
        except RetryAfter as exc:
            wait = retry_seconds(exc)
            self._count("429")
            self._notes.warn(
                "429", "chat %s: 429 Too Many Requests, retry after %.0f s", unit.chat_id, wait
            )
            self.limiter.pause_chat(unit.chat_id, wait)
            when = utcnow() + timedelta(seconds=wait)
            self._put_back(unit.chat_id, when)
            return Op(
                "retry",
                ids=unit.ids,
                when=when,
                error="429 Too Many Requests",
                count_attempt=False,
                back_to=self._back(unit),
            )
        except ChatMigrated as exc:
            self._count("migrated")
            self._drop_chat(unit.chat_id)  # rows move with the chat and are claimed anew
            new = int(exc.new_chat_id)  # a digest's rows are held again there: still a digest
            return Op("migrate", chat_id=unit.chat_id, new_chat_id=new, back_to=self._back(unit))
        except Forbidden as exc:
            return self._deactivate(unit, f"403 {exc.message}")
        except BadRequest as exc:
            text = exc.message.lower()
            if "message thread not found" in text and unit.thread_id:  # polish: deleted topic
                return await self._topic_gone(unit, exc.message)
            if lacks_rights(text):  # still in the chat, may not post there (for now)
                return await self._no_rights(unit, exc.message)
            if "topic_closed" in text:  # an admin closed the forum topic (for now)
                return self._topic_closed(unit, exc.message)
            if any(k in text for k in CHAT_GONE):
                if "chat not found" in text and await self._chat_exists(unit.chat_id):  # polish
                    return self._retry_op(unit, f"400 {exc.message}")
                return self._deactivate(unit, f"400 {exc.message}")
            if unit.button is not None and any(k in text for k in BUTTON_REFUSED):
                log.warning(
                    "chat %s: Telegram refused the article link as a button (%s); resending"
                    " without it",
                    unit.chat_id,
                    exc.message,
                )
                unit.button = None  # the 🔕 button stays; the title still links the article
                self._queues.setdefault(unit.chat_id, deque()).appendleft(unit)
                return None
            if "can't parse entities" in text and not unit.as_plain:
                self._count("html_fallback")
                log.warning(
                    "chat %s: Telegram rejected the HTML (%s); resending as plain text",
                    unit.chat_id,
                    exc.message,
                )
                unit.as_plain = True
                self._queues.setdefault(unit.chat_id, deque()).appendleft(unit)
                return None
            self._count("bad_request")
            log.warning("chat %s: message refused: %s", unit.chat_id, exc.message)
            if unit.digest and unit.last_part:  # refused for good: the digest went as far as it can
                done = Op("digest_done", chat_id=unit.chat_id, error=exc.message)
                self.outcomes.record(done, releases=False)
            return Op("fail", ids=unit.ids, error=f"400 {exc.message}")
        except Exception as exc:  # no connection, no answer, 5xx, or an unreadable answer
            error = f"{type(exc).__name__}: {exc}"
            verdict = outcome(exc, ex)
            if verdict == DELIVERED:  # Telegram answered 2xx: the message is there
                self._count("answered_unreadable")
                self._notes.warn(
                    "garbled",
                    "chat %s: HTTP %s answer unreadable (%s); counted as delivered, not resent",
                    unit.chat_id,
                    ex.status,
                    error,
                )
                return self._sent(unit, None)
            if verdict == UNKNOWN:
                self._count("unknown")
                self._notes.warn(
                    "unknown",
                    "chat %s: no answer to a send (%s): maybe delivered",
                    unit.chat_id,
                    error,
                )
                return self._retry_op(unit, error, kind="unknown")
            self._count("network")
            self._notes.warn(
                "network", "chat %s: send failed (%s), will retry", unit.chat_id, error
            )
            if ex.status is None:  # Telegram never saw it: no connection, DNS, an outage
                return self._unreachable(unit, error)
            if ex.status >= 500 and await self._telegram_down():  # everything fails: an outage
                return self._unreachable(unit, error)
            return self._retry_op(unit, error)
        message_id = getattr(msg, "message_id", None)
        if not isinstance(message_id, int):  # answered OK with something not a Message
            self._count("answered_unreadable")
            self._notes.warn(
                "garbled",
                "chat %s: HTTP 200 answer without a message (%r); delivered",
                unit.chat_id,
                msg,
            )
            message_id = None
        return self._sent(unit, message_id)

    def _cancelled(self, unit: Unit, exc: BaseException, ex: Exchange) -> Op:
        """The worker stopped while this send waited for its answer (`shutdown_grace`
        over). Judged like any send without an answer: its request may have reached
        Telegram, so it is `unknown` and resent only within `resend_unknown`. The
        chat's units not started yet go back as they were (a plain retry)."""
        self._put_back(unit.chat_id)
        verdict = outcome(exc, ex)
        if verdict == DELIVERED:  # answered 2xx, stopped while reading the body
            return self._sent(unit, None)
        if verdict == NOT_DELIVERED:  # refused, stopped in what followed (getChat)
            return Op("retry", ids=unit.ids, count_attempt=False, back_to=self._back(unit))
        self._count("unknown")
        self._notes.warn(
            "unknown",
            "chat %s: stopped before the send's answer came: maybe delivered",
            unit.chat_id,
        )
        error = "no answer: the worker stopped while sending"
        return Op("unknown", ids=unit.ids, error=error, **self._back_of(unit))

    def _sent(self, unit: Unit, message_id: int | None) -> Op:
        """Delivered. The last part of a digest completes it (see `bot.delivery.digest`):
        an earlier part does not, or a failure after it would wait for the next slot."""
        self.sent += len(unit.ids)
        if unit.digest and unit.last_part:
            self.outcomes.record(Op("digest_done", chat_id=unit.chat_id), releases=False)
        return Op("sent", ids=unit.ids, chat_id=unit.chat_id, message_id=message_id)

    @staticmethod
    def _back(unit: Unit) -> str:
        return "held" if unit.digest else "queued"

    def _back_of(self, unit: Unit) -> dict[str, Any]:
        """Where a retried unit's rows wait, and whether the digest ends if they end
        here (its last part `unknown` or out of attempts: see `FencedOutcomes`)."""
        return {
            "back_to": self._back(unit),
            "chat_id": unit.chat_id,
            "ends_digest": unit.digest and unit.last_part,
        }

    def _put_back(self, chat_id: int, when: datetime | None = None) -> None:
        """The chat's units not started wait with the one that failed (no attempt
        counted): a digest's other parts go back to held, so they still go out as a
        digest, not as one push per item when the chat has no digest mode (quiet hours)."""
        back: dict[str, list[int]] = {}
        for u in self._drop_units(chat_id):
            back.setdefault(self._back(u), []).extend(u.ids)
        for to, ids in back.items():
            op = Op("retry", ids=ids, when=when, count_attempt=False, back_to=to)
            self.outcomes.record(op, releases=False)

    def _retry_op(self, unit: Unit, error: str, kind: str = "retry") -> Op:
        when = self._backoff(unit.attempts)
        self._put_back(unit.chat_id, when)
        return Op(kind, ids=unit.ids, when=when, error=error, **self._back_of(unit))

    def _unreachable(self, unit: Unit, error: str) -> Op:
        """No HTTP answer at all: nothing says the message is at fault, so the send is no
        attempt of the row's (an outage must neither end it nor spend its attempts, or
        the first 502 after it would). The wait is about as long as Telegram has been
        unreachable so far (an outage is everyone's: a blip costs seconds, a long outage
        backoff_max); any answer ends the outage (`DeliveryWorker._send`)."""
        now = time.monotonic()
        if self.unreachable_since is None:
            self.unreachable_since = now
        wait = min(self.cfg.backoff_max, max(self.backoff_base, now - self.unreachable_since))
        when = utcnow() + timedelta(seconds=wait * random.uniform(0.8, 1.2))
        self._put_back(unit.chat_id, when)
        return Op(
            "retry",
            ids=unit.ids,
            when=when,
            error=error,
            back_to=self._back(unit),
            count_attempt=False,
        )

    async def _telegram_down(self) -> bool:
        """Is a 5xx Telegram's, not the message's? Only if Telegram fails other requests too:
        getMe (no chat, no message) is asked, at most once per `DOWN_CHECK_SECONDS`, and the
        sends failing meanwhile share its answer. Its front answering 502 to everything for an
        hour must not end every push of that hour; a 5xx for one message while getMe answers
        still ends it after `max_attempts`."""
        async with self.down_lock:
            checked_at, down = self.down_check
            if time.monotonic() - checked_at < DOWN_CHECK_SECONDS:
                return down
            was, why = down, ""
            try:
                await self.bot.get_me()
                down = False
            except BadRequest:  # an answer (PTB makes BadRequest a NetworkError)
                down = False
            except NetworkError as exc:  # 5xx, a timeout, no connection
                down, why = True, str(exc)
            except TelegramError:  # any other answer: Telegram is there
                down = False
            if down and not was:
                log.warning("Telegram fails getMe too (%s): an outage; pushes wait, unspent", why)
            elif was and not down:
                log.info("Telegram answers getMe again: the outage is over")
            self.down_check = (time.monotonic(), down)
            return down

    def _backoff(self, n: int) -> datetime:
        """When the n-th retry (from 0) goes: exponential up to backoff_max, jittered."""
        backoff = min(self.cfg.backoff_max, self.backoff_base * 2 ** min(n, 40))
        return utcnow() + timedelta(seconds=backoff * random.uniform(0.8, 1.2))

    def _deactivate(self, unit: Unit, reason: str) -> Op:
        self._count("chat_inactive")
        log.warning("chat %s is gone (%s): marked inactive", unit.chat_id, reason)
        self._drop_chat(unit.chat_id)
        return Op("deactivate", chat_id=unit.chat_id, error=reason)

    def _count(self, key: str) -> None:
        self.errors[key] = self.errors.get(key, 0) + 1
        if key in COUNTERS:  # shared counters for stats and /metrics
            self.outcomes.record(Op("count", counts={key: 1}), releases=False)

    # ---------------------------------------------------------- polish (issue 13): gone or not
    async def _chat_exists(self, chat_id: int) -> bool:
        """One "chat not found" is not proof (Telegram says it in blips too): ask getChat.
        Only a refusal of getChat (400, 403) confirms it; a getChat without an answer, a
        5xx or a 429 proves nothing, and the message is retried (as is the check)."""
        try:
            await self.bot.get_chat(chat_id)
        except (BadRequest, Forbidden):
            return False
        except TelegramError as exc:
            log.warning("chat %s: cannot check whether it still exists (%s)", chat_id, exc)
        return True

    async def _no_rights(self, unit: Unit, message: str) -> Op:
        """The bot is in the chat but may not post there: its rows wait, held and unspent,
        until it may again (`bot.delivery.outbox.lacks_rights`). The first refusal logs one
        line and tells the chat's admins privately; later ones (probes, sends already in
        flight) only keep the chat marked, and put its next probe further off."""
        from bot.telegram.notices import rights_lost, tell_privately

        self._count("no_rights")
        self._put_back(unit.chat_id)
        last = await self._db_call(chats.no_rights_since, self.store.engine, unit.chat_id)
        notices = await self._db_call(rights_lost, self.store.engine, unit.chat_id)
        if notices is not None:
            told = await tell_privately(self.bot, notices, unit.chat_id)
            log.warning(
                "chat %s: the bot may not post there (%s): its pushes are held until it may"
                " again; %d of %d subscribing admin(s) told privately",
                unit.chat_id,
                message,
                told,
                len(notices),
            )
        # the next probe: later each time it is refused (`rights_probe_wait`)
        wait = rights_probe_wait(last, utcnow(), self.cfg.rights_probe_seconds)
        return self._wait_held(unit, message, wait)

    def _topic_closed(self, unit: Unit, message: str) -> Op:
        """An admin closed the forum topic: no post goes into it until it is reopened. Its
        rows wait, held and unspent, and are tried again (as a digest into that topic)
        `rights_probe_seconds` later; the chat's other topics go on meanwhile."""
        self._count("no_rights")
        self._notes.warn(
            "topic_closed",
            "chat %s: topic %s is closed (%s): its pushes wait, tried again in %.0f s",
            unit.chat_id,
            unit.thread_id,
            message,
            self.cfg.rights_probe_seconds,
        )
        self._put_back(unit.chat_id)
        return self._wait_held(unit, message, self.cfg.rights_probe_seconds)

    @staticmethod
    def _wait_held(unit: Unit, message: str, seconds: float = 0.0) -> Op:
        """The refused rows wait, held, not an attempt (only a digest takes held rows)."""
        when = utcnow() + timedelta(seconds=seconds)
        error = f"400 {message}"
        return Op(
            "retry", ids=unit.ids, when=when, error=error, count_attempt=False, back_to="held"
        )

    async def _topic_gone(self, unit: Unit, message: str) -> Op:
        """A deleted forum topic fails every push: its subscriptions end, the chat is told."""
        from bot.telegram.notices import topic_gone

        self._count("topic_gone")
        if unit.digest and unit.last_part:  # as any refused last part: the digest is over
            done = Op("digest_done", chat_id=unit.chat_id, error=message)
            self.outcomes.record(done, releases=False)
        notice = await self._db_call(topic_gone, self.store.engine, unit.chat_id, unit.thread_id)
        if notice:
            log.warning("chat %s: topic %s is gone: %s", unit.chat_id, unit.thread_id, notice)
            with contextlib.suppress(TelegramError):
                await self.bot.send_message(unit.chat_id, notice)
        return Op("fail", ids=unit.ids, error=f"400 {message}")
