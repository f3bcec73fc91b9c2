"""Updates go to the replica that sends, so command replies keep the pushes' pace.

Telegram's limits are per bot. Pushes leave from one replica, the holder of the
`telegram-sender` lock, paced by its limiter; its Application replies on the same
limiter (`bot.delivery.pace`). In long-polling mode that replica is also the one
that receives the updates. In webhook mode a load balancer hands an update to any
replica: a replica that does not send keeps it in `relayed_updates` (one row, keyed
by `update_id`, so an update Telegram resends is kept once) and stops there; the
sender takes the rows a few times a second and handles them as if they had come to
it. So every reply, whoever received the command, takes its turn in the one pace
(and the per-user command limit is counted in one place too).

Why not a limiter shared through the database instead: see the README ("One pace
for the whole installation"). Relaying costs one insert per update on a standby
and up to `interval` seconds of latency; the sender sees no change in its pace.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

from sqlalchemy.engine import Engine
from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes

from bot.storage import updates

log = logging.getLogger(__name__)

RELAY_GROUP = -2  # before the per-user command limit (group -1) and every handler


class UpdateRelay:
    """`guard` (first handler of every update) and `run` (the sender's intake loop)."""

    interval = 0.25  # s between looks for relayed updates while this replica sends

    def __init__(self, engine: Engine, sending: Callable[[], bool]) -> None:
        self.engine = engine
        self.sending = sending
        self.relayed = 0  # updates this replica handed to the sender
        self.taken = 0  # relayed updates this replica handled as the sender
        self._streak = False

    async def guard(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Not the sender: keep the update for the one that is, and handle nothing here."""
        if self.sending() or not isinstance(update, Update):
            self._streak = False
            return
        payload = json.dumps(update.to_dict(), ensure_ascii=False)
        await asyncio.to_thread(updates.put, self.engine, update.update_id, payload)
        self.relayed += 1
        if not self._streak:  # once per spell of not sending, not once per update
            self._streak = True
            log.info(
                "telegram: this replica does not send; relaying its updates to the one that does"
            )
        log.debug("update %s relayed to the sending replica", update.update_id)
        raise ApplicationHandlerStop

    async def run(self, application: Application, stop: asyncio.Event) -> None:
        """While this replica sends: feed relayed updates to its Application, oldest first."""
        while not stop.is_set():
            got = 0
            if self.sending():
                try:
                    got = await self._intake(application)
                except Exception:  # the database blipped: next round
                    log.exception("telegram: cannot read relayed updates; retrying")
            if not got:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.interval)

    async def _intake(self, application: Application) -> int:
        payloads = await asyncio.to_thread(updates.take, self.engine)
        for payload in payloads:
            update = Update.de_json(json.loads(payload), application.bot)
            await application.update_queue.put(update)
        self.taken += len(payloads)
        return len(payloads)
