"""`python -m bot.delivery --config FILE`: run only the delivery worker (no polling, no bot).

It takes the same `telegram-sender` lock as `finews-bot run` (one sender per
installation: Telegram's limits are per bot), so run it instead of, not beside,
`run` replicas; several of these stand by for each other. What the crash-safety
tests start and SIGKILL. SIGTERM/SIGINT stop it gracefully (in-flight sends finish,
claims released).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import signal
import sys

from bot.config import ConfigError, load_config


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bot.delivery", description=__doc__)
    ap.add_argument("--config", "-c", default=None, help="config TOML")
    args = ap.parse_args(argv)
    try:
        settings = load_config(args.config)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    from bot.logs import register_secret, setup_logging
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade

    setup_logging(settings.logging.level, sql=settings.database.echo)
    register_secret(settings.telegram.token)
    if not settings.telegram.token:
        print("no Telegram bot token (FINEWS_BOT_TOKEN or [telegram] token)", file=sys.stderr)
        return 2
    db = settings.database
    engine = make_engine(db.url, pool_size=db.pool_size, max_overflow=db.max_overflow)
    upgrade(engine)
    from bot.delivery.sender import make_delivery_bot
    from bot.delivery.worker import DeliveryWorker

    # Everything loaded so far (PTB, SQLAlchemy, alembic, pydantic) lives as long as
    # the process: keep it out of the cyclic GC. Otherwise each full collection walks
    # it all, a 100-140 ms pause of the event loop that cost ~40 sends at 300/s.
    gc.collect()
    gc.freeze()

    async def run() -> None:
        worker = DeliveryWorker(settings, engine, make_delivery_bot(settings))
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, lambda: asyncio.ensure_future(worker.stop()))
        async with worker.bot:
            await worker.run()

    asyncio.run(run())
    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
