"""Composition: `finews-bot run` = migrations + source polling + Telegram bot + delivery.

One asyncio loop runs the Telegram Application (long polling by one replica at a
time, behind the `telegram-updates` leader lock; or a webhook when
`telegram.mode = "webhook"`, where a replica that does not send relays what it
receives to the one that does), the APScheduler jobs that poll sources (behind the
polling leader lock, so only one replica polls), the delivery worker (any number
of replicas run one; the one holding the `telegram-sender` lock sends, and that one
also long-polls and answers commands, on one shared pace) and the optional HTTP
endpoint.

SIGTERM / SIGINT: stop taking updates, stop the scheduler (a retention purge under way
ends at its next batch), let in-flight sends finish for a few seconds, release unsent
claims and the leader lock, exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
from collections.abc import Callable

from sqlalchemy.engine import Engine
from telegram import Bot
from telegram.error import BadRequest, NetworkError, RetryAfter
from telegram.ext import Application

from bot.config import Settings
from bot.storage.db import check_writable, make_engine, opening, redact_url
from bot.storage.locks import LeaderLock, instance_lock

log = logging.getLogger(__name__)


UPDATES_LOCK = "telegram-updates"
UPDATES_CHECK_SECONDS = 1.0  # how soon the sending replica starts long polling
UPDATES_DOWN = (
    "telegram: stopped long polling: the database is unreachable (the leader locks cannot "
    "be read); it polls again once the database answers"
)


async def _start_webhook(application: Application, settings: Settings) -> None:
    """Webhook: every replica serves the endpoint it is given (a load balancer in front).
    Started before the application, as PTB's own run_webhook does: an address it cannot
    take is `ListenError` (one line from the CLI), with nothing running to unwind."""
    from bot.ops.http import ListenError
    from bot.telegram.app import webhook_options

    tg = settings.telegram
    try:
        await application.updater.start_webhook(**webhook_options(settings))
    except OSError as exc:
        where = f"{tg.webhook_listen}:{tg.webhook_port}"
        raise ListenError(
            f"[telegram] cannot listen for the webhook on {where}: {exc.strerror or exc}"
            " (change [telegram] webhook_port or webhook_listen)"
        ) from None
    log.info("telegram: webhook on %s:%d", tg.webhook_listen, tg.webhook_port)


async def _long_poll_when_leading(
    application: Application,
    lock: LeaderLock,
    stop: asyncio.Event,
    sending: Callable[[], bool | None] = lambda: True,
) -> None:
    """Long polling, by the one replica that sends.

    Telegram answers 409 Conflict to a second getUpdates consumer of the same bot, so
    with several replicas only the holder of the `telegram-updates` leader lock polls.
    It is taken only by the replica whose delivery worker holds the sender lock
    (`sending()`), so command replies leave from the process that paces the pushes
    and share its limiter; the others stand by, and take over within a few seconds
    of the sender's death (its connection, and so its locks, go with it).
    `sending()` is None until the worker has first asked for that lock: nothing is
    decided (nor logged as a standby) before.
    """
    from bot.delivery.duties import SENDER_LOCK
    from bot.telegram.app import ALLOWED_UPDATES, polling_error

    standby_logged = down_logged = broken = False
    while not stop.is_set():
        try:
            decided = sending()
            lead, broken = await _updates_lock(lock, decided, broken)
            # the locks could not be read: the database is down, not another replica leading
            down = lead is False and not broken
            down = down and any(map(lock.unreadable, (SENDER_LOCK, UPDATES_LOCK)))
            if lead and not application.updater.running:
                await application.updater.start_polling(
                    allowed_updates=ALLOWED_UPDATES, error_callback=polling_error
                )
                log.info("telegram: long polling (this replica receives the updates)")
            elif lead is False and application.updater.running:
                await application.updater.stop()
                log.warning(_stopped_why(broken, down, decided))
                standby_logged = standby_logged or decided is False  # told: no standby line
            elif broken:  # told once by `_updates_lock`; nothing learnt, least of all a standby
                pass
            elif down and not down_logged:  # a standby when the database went
                log.warning(
                    "telegram: not receiving updates: the database is unreachable (the leader "
                    "locks cannot be read)"
                )
            elif lead is False and not down and not standby_logged:
                log.info("telegram: another replica receives the updates; this one stands by")
                standby_logged = True
            down_logged = down
        except Exception:  # a network blip at start_polling: try again next round
            log.exception("telegram: could not start long polling; retrying")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), UPDATES_CHECK_SECONDS)


async def _updates_lock(
    lock: LeaderLock, decided: bool | None, broken: bool
) -> tuple[bool | None, bool]:
    """(whether this replica holds the updates lock, None while undecided; whether its
    check raised). While the sender is undecided nothing is asked; a replica that stopped
    sending lets the sending one take the lock. A check that raises is logged once in a
    row (`broken`: the last one raised too) and counts as not holding it."""
    try:
        if decided:
            return await asyncio.to_thread(lock.is_leader, UPDATES_LOCK), False
        if decided is False:
            await asyncio.to_thread(lock.release, UPDATES_LOCK)
            return False, False
        return None, False
    except Exception:
        if not broken:
            log.exception("telegram: cannot check the %s lock", UPDATES_LOCK)
        return False, True


def _stopped_why(broken: bool, down: bool, decided: bool | None) -> str:
    """The line for long polling stopped: what the loop learnt."""
    if broken:
        return (
            f"telegram: stopped long polling: the {UPDATES_LOCK} lock could not be checked;"
            " it polls again once the check succeeds"
        )
    if down:
        return UPDATES_DOWN
    if decided is False:  # the loop let the lock go itself (the worker said why)
        return "telegram: stopped long polling: this replica no longer sends"
    return "telegram: lost the updates lock; stopped long polling"


BOT_API_RETRY_MAX = 60.0  # longest wait between tries to reach the Bot API at start


async def _wait_for_bot_api(bots: list[Bot], stop: asyncio.Event) -> bool:
    """Initialize the bots (PTB asks getMe), waiting while the Bot API cannot be reached.

    At boot the network, a proxy or a self-hosted Bot API server may come up after the
    bot; the same outage during the run is met by retrying, so start-up waits too: one
    warning per try, backing off to a minute. False when `stop` was set meanwhile. A
    rejected token (InvalidToken) or a refused request is raised, not waited on.
    """
    from bot.delivery.sender import retry_seconds

    delay = 1.0
    while not stop.is_set():
        try:
            for bot in bots:
                await bot.initialize()
            return True
        except RetryAfter as exc:
            delay = max(retry_seconds(exc), delay)
            log.warning("telegram: the Bot API asks to wait %.0f s at start", delay)
        except NetworkError as exc:
            if isinstance(exc, BadRequest):
                raise
            log.warning("telegram: cannot reach the Bot API (%s); retrying in %.0f s", exc, delay)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), delay)
        delay = min(delay * 2, BOT_API_RETRY_MAX)
    return False


def _version() -> str:
    """The installed package's version (its metadata); a checkout run without installing
    has none: the source's `bot.__version__`."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("finews-bot")
    except PackageNotFoundError:
        from bot import __version__

        return f"{__version__} (not installed)"


async def run_async(settings: Settings, *, stop: asyncio.Event | None = None) -> None:
    """Run everything until `stop` is set (or SIGTERM/SIGINT).

    Raises `AlreadyRunning` when another process runs on the same SQLite file,
    `DatabaseUnavailable` when the database cannot be opened at start.
    """
    log.info("finews-bot %s", _version())  # which code wrote this log, for a bug report
    with contextlib.ExitStack() as held:
        with opening(settings.database.url):  # the lock file's directory is data_dir
            held.enter_context(instance_lock(settings.database.url))  # before Telegram
        await _run_locked(settings, stop)


def _follow_code_changes(engine: Engine) -> None:
    """Subscriptions on a Beijing stock's old code move to its new one (see
    `bot.subscriptions.codes`): at startup for what the directory already knows."""
    from bot.storage.db import session_scope
    from bot.subscriptions.codes import follow_all

    with session_scope(engine) as session:
        follow_all(session)


async def _run_locked(settings: Settings, stop: asyncio.Event | None) -> None:
    from bot.delivery.limiter import SendLimiter
    from bot.delivery.sender import make_delivery_bot
    from bot.delivery.worker import DeliveryWorker
    from bot.ops import retention, silent
    from bot.ops.http import start_if_enabled
    from bot.scheduler import build_scheduler
    from bot.storage.locks import leader_lock
    from bot.storage.migrate import upgrade
    from bot.telegram.app import build_application
    from bot.telegram.relay import UpdateRelay

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)

    # What is loaded by now (PTB, SQLAlchemy, alembic, pydantic) lives as long as the
    # process: keep it out of the cyclic GC, whose full collections otherwise walk it
    # all and pause the event loop (100-140 ms, ~40 sends at 300/s).
    gc.collect()
    gc.freeze()
    db = settings.database
    with opening(db.url):
        engine = make_engine(db.url, pool_size=db.pool_size, max_overflow=db.max_overflow)
        await asyncio.to_thread(upgrade, engine)
        await asyncio.to_thread(check_writable, engine, db.url)
        await asyncio.to_thread(_follow_code_changes, engine)
    log.info("database ready: %s", redact_url(settings.database.url))
    lock = leader_lock(engine)
    http = start_if_enabled(settings, engine)

    # one pace for pushes and command replies: this replica replies only while it sends.
    # Long polling: only the sender takes updates. Webhook: every replica receives them,
    # and one that does not send relays them to the one that does.
    pace = SendLimiter.from_config(settings.delivery)
    webhook = settings.telegram.mode == "webhook"
    relay = UpdateRelay(engine, lambda: worker.leading) if webhook else None  # worker: below
    application = build_application(settings, engine, pace=pace, relay=relay)  # token checked
    scheduler = build_scheduler(settings, engine, lock=lock)
    purge_stop = retention.PurgeStop()  # SIGTERM: a purge under way ends at its next batch
    retention.schedule(scheduler, settings, engine, lock=lock, stopping=purge_stop)
    silent.schedule(scheduler, settings, engine, lock=lock)
    worker = DeliveryWorker(settings, engine, make_delivery_bot(settings), lock=lock, limiter=pace)
    worker_task: asyncio.Task | None = None
    try:
        if not await _wait_for_bot_api([application.bot, worker.bot], stop):
            log.info("stopped before the Bot API could be reached")
            return
        async with application, worker.bot:
            if application.post_init:
                await application.post_init(application)
            if relay is not None:  # webhook mode
                await _start_webhook(application, settings)
            await application.start()
            updates_task: asyncio.Task | None = None
            relay_task: asyncio.Task | None = None
            if relay is not None:
                relay_task = asyncio.create_task(relay.run(application, stop), name="relay")
            else:
                updates_task = asyncio.create_task(
                    _long_poll_when_leading(application, lock, stop, worker.sending),
                    name="telegram-updates",
                )
            scheduler.start()
            worker_task = asyncio.create_task(worker.run(), name="delivery")
            stop_task = asyncio.create_task(stop.wait())
            await asyncio.wait({stop_task, worker_task}, return_when=asyncio.FIRST_COMPLETED)
            log.info("shutting down")
            stop_task.cancel()
            stop.set()
            purge_stop.set()
            await asyncio.to_thread(purge_stop.wait_idle, 10.0)  # one batch: well under 1 s
            if updates_task is not None:
                await updates_task
            if relay_task is not None:
                await relay_task
            if application.updater.running:
                await application.updater.stop()
            scheduler.shutdown(wait=False)
            await worker.stop()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(worker_task, worker.shutdown_grace + 5)
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        if application.post_shutdown:
            await application.post_shutdown(application)
    finally:
        lock.release()
        if http is not None:
            http.stop()
        engine.dispose()
    if worker_task is not None and worker_task.done() and not worker_task.cancelled():
        exc = worker_task.exception()
        if exc is not None:
            raise exc


def run_forever(settings: Settings) -> None:
    """`finews-bot run`: blocks until SIGTERM/SIGINT."""
    asyncio.run(run_async(settings))
