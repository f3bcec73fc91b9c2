"""`finews-bot demo`: the whole pipeline offline, printing what one subscriber receives.

Nothing is simulated past Telegram itself: bundled sample posts are polled by a real
`jekyll-dir` source (`bot.ingest.poll_source`), parsed, stored and summarized
(`bot.storage.articles`), matched against a subscriber's subscriptions and queued in
the outbox (`bot.fanout`), then sent by the real `DeliveryWorker` -- to a recording
stand-in for the Telegram Bot API instead of api.telegram.org. The terminal shows
each recorded message through `render_text`, i.e. the text the subscriber would read.

Like a real deployment, the first poll of a source stores what is already there
without pushing it (subscribers get news, not archives); the demo then adds new posts
to the directory and polls again, and those are what get pushed.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from bot.demo.recorder import RecordingBot, SentMessage

log = logging.getLogger(__name__)

DEMO_CHAT_ID = 10_001
DEMO_SUBSCRIPTIONS = ("每日经济新闻", "BABA")  # typed as a user would: /sub 每日经济新闻 BABA

# Already on the site when the bot starts: stored silently by the first poll.
ARCHIVE = (
    "2021-12-08-202112082206736335.md",  # 东财滚动新闻 flash: 贵州茅台
    "2021-12-08-202112082206897139.md",  # flash: 英特尔 (INTC.US)
    "2025-10-09-em202510093529334154.md",  # 每日经济新闻 long post (matches, but archive)
)
# Published after the bot started: picked up by the second poll and pushed if they match.
NEWS = (
    "2022-05-26-NW202205262393417736.md",  # 每日经济新闻 on Alibaba (BABA.US)
    "2026-03-19-em202603193676389451.md",  # 上海证券报 on 阿里云 price rises (BABA.US)
    "2026-05-12-em202605123733489387.md",  # 每日经济新闻 long post with tickers
    "2021-12-08-202112082207012974.md",  # flash: 金斯瑞生物科技 (no match)
    "2021-12-08-202112082206807620.md",  # flash: 颐海国际 (no match)
)


@dataclass
class DemoResult:
    archived: int = 0
    new: int = 0
    queued: int = 0
    messages: list[SentMessage] = field(default_factory=list)
    not_pushed: list[str] = field(default_factory=list)


def bundled_posts() -> Path:
    return Path(str(files("bot.demo") / "posts"))


def _settings(db_path: Path, posts_dir: Path) -> Any:
    from bot.config import Settings

    return Settings.model_validate(
        {
            "data_dir": str(db_path.parent),
            "database": {"url": f"sqlite:///{db_path}"},
            "sources": [{"name": "demo", "kind": "jekyll-dir", "path": str(posts_dir)}],
            # No Telegram here: let the recorder take messages as fast as they come.
            # The bundled posts are years old: push them anyway (no max article age).
            "delivery": {
                "private_per_second": 50.0,
                "global_per_second": 100.0,
                "max_article_age_hours": 0,
            },
        }
    )


def _copy(names: tuple[str, ...], src: Path, dst: Path) -> None:
    for name in names:
        shutil.copyfile(src / name, dst / name)


def _subscribe(engine: Any) -> list[str]:
    from bot.subscriptions.chats import upsert_chat
    from bot.subscriptions.service import add_subscriptions, load_catalog
    from bot.subscriptions.targets import parse_targets

    upsert_chat(engine, DEMO_CHAT_ID, "private", title="demo subscriber")
    targets, unknown = parse_targets(DEMO_SUBSCRIPTIONS, load_catalog(engine))
    if unknown:
        raise RuntimeError(f"demo subscriptions not understood: {unknown}")
    add_subscriptions(engine, DEMO_CHAT_ID, targets)
    return [t.display for t in targets]


async def _deliver(settings: Any, engine: Any, bot: RecordingBot, timeout: float = 60) -> None:
    """Run the real delivery worker until the outbox has nothing queued or in flight."""
    import sqlalchemy as sa

    from bot.delivery.worker import DeliveryWorker
    from bot.storage.models import Delivery

    worker = DeliveryWorker(settings, engine, bot, worker_id="demo")
    task = asyncio.create_task(worker.run())
    pending = sa.select(sa.func.count()).where(Delivery.status.in_(("queued", "sending")))
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline and not task.done():
            await asyncio.sleep(0.1)
            with engine.connect() as conn:
                if conn.execute(pending).scalar_one() == 0:
                    break
    finally:
        await worker.stop()
        await asyncio.wait_for(task, timeout=15)


def run_pipeline(data_dir: Path) -> tuple[DemoResult, list[str]]:
    """Poll archive, subscribe, add news, poll again, deliver. Returns what was sent."""
    import sqlalchemy as sa

    from bot.ingest import poll_source
    from bot.storage.db import make_engine
    from bot.storage.migrate import upgrade
    from bot.storage.models import ArticleRow, Delivery

    posts_dir = data_dir / "_posts"
    if posts_dir.exists():
        shutil.rmtree(posts_dir)
    posts_dir.mkdir(parents=True)
    db_path = data_dir / "demo.db"
    for p in data_dir.glob("demo.db*"):  # a fresh database each run
        p.unlink()
    settings = _settings(db_path, posts_dir)
    engine = make_engine(settings.database.url)
    result = DemoResult()
    try:
        upgrade(engine)
        src = bundled_posts()
        source = settings.sources[0]

        _copy(ARCHIVE, src, posts_dir)
        first = poll_source(settings, engine, source)
        if first.error:
            raise RuntimeError(f"first poll failed: {first.error}")
        result.archived = first.new

        subscriptions = _subscribe(engine)

        _copy(NEWS, src, posts_dir)
        second = poll_source(settings, engine, source)
        if second.error:
            raise RuntimeError(f"second poll failed: {second.error}")
        result.new = second.new
        with engine.connect() as conn:
            result.queued = conn.execute(
                sa.select(sa.func.count()).select_from(Delivery.__table__)
            ).scalar_one()
            pushed = set(conn.execute(sa.select(Delivery.article_id).distinct()).scalars())
            titles = dict(
                conn.execute(
                    sa.select(ArticleRow.id, ArticleRow.title).where(
                        ArticleRow.id.in_(second.new_ids)
                    )
                ).all()
            )
        result.not_pushed = [titles[i] for i in second.new_ids if i not in pushed and i in titles]

        bot = RecordingBot()
        asyncio.run(_deliver(settings, engine, bot))
        result.messages = [m for m in bot.sent if m.chat_id == DEMO_CHAT_ID]
    finally:
        engine.dispose()
    return result, subscriptions


def _print(result: DemoResult, subscriptions: list[str], data_dir: Path, keep: bool) -> None:
    from bot.render import render_text

    line = "─" * 60
    print("finews-bot demo — 离线演示 (offline: bundled posts, SQLite, no Telegram)")
    print(line)
    print(
        f"1) 首次轮询 first poll: {result.archived} 篇存档文章已存储、不推送 "
        "(archive stored silently — subscribers get news, not archives)"
    )
    print(
        f"2) 演示订阅者 demo subscriber /sub {' '.join(DEMO_SUBSCRIPTIONS)} → 已订阅 "
        + "、".join(subscriptions)
    )
    print(
        f"3) 第二次轮询 second poll: {result.new} 篇新文章 new posts → "
        f"{result.queued} 条待推送 queued for the subscriber"
    )
    for title in result.not_pushed:
        print(f"   · 不匹配订阅，未推送 (no match): {title}")
    print(f"4) 订阅者收到 {len(result.messages)} 条消息 (messages the subscriber receives):")
    for i, msg in enumerate(result.messages, 1):
        print(line)
        print(f"[{i}/{len(result.messages)}]")
        print(render_text(msg.text) if msg.parse_mode else msg.text)
        for label, url in msg.buttons:  # the inline buttons under the message
            link = f" {url}" if url and url not in msg.text else ""
            print(f"[按钮 button: {label}]{link}")
    print(line)
    where = f"database kept in {data_dir / 'demo.db'}" if keep else "temporary files removed"
    print(
        f"Done ({where}). Real use (README): cp config.example.toml config.toml, set "
        "FINEWS_BOT_TOKEN, then `finews-bot run --config config.toml`."
    )


def run_demo(data_dir: Path | str | None = None) -> DemoResult:
    """Entry point of `finews-bot demo [--data-dir DIR]` (DIR keeps the demo database)."""
    logging.basicConfig(level=logging.WARNING)
    for noisy in ("bot", "httpx", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    if data_dir is not None:
        path = Path(data_dir)
        path.mkdir(parents=True, exist_ok=True)
        result, subs = run_pipeline(path)
        _print(result, subs, path, keep=True)
        return result
    with tempfile.TemporaryDirectory(prefix="finews-demo-") as tmp:
        result, subs = run_pipeline(Path(tmp))
        _print(result, subs, Path(tmp), keep=False)
        return result
