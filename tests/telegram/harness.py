"""Run the real bot (PTB Application from `build_application`) against the fake Bot API.

`BotEnv` plays users: `say()` injects a message and waits for the bot's reply in
that chat; `silent()` proves the bot did NOT answer (updates are handled in order,
so a reply to a later sentinel command means the earlier update was processed).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select
from telegram.ext import Application

from bot.article import Article
from bot.config import ChannelRoute, Settings, TelegramConfig
from bot.storage.db import session_scope
from bot.storage.models import Chat, Stock, Subscription
from bot.telegram.app import build_application
from tests.fakes.botapi import FakeBotAPI, SentMessage

OPERATOR = 4242
SENTINEL_USER = 999999


@dataclass
class BotEnv:
    api: FakeBotAPI
    app: Application
    engine: Engine

    async def say(
        self, chat: dict, user: dict | None, text: str, *, thread_id: int | None = None, **kw: Any
    ) -> SentMessage:
        """A user (or, with user=None, the channel itself) writes; returns the bot's reply."""
        before = len(self.api.messages(chat["id"]))
        if user is None:
            self.api.channel_post(chat, text)
        else:
            self.api.send_text(chat, user, text, thread_id=thread_id, **kw)
        return await self.api.wait_message(chat["id"], before + 1)

    async def replies(self, chat: dict, user: dict | None, text: str, n: int) -> list[SentMessage]:
        before = len(self.api.messages(chat["id"]))
        if user is None:
            self.api.channel_post(chat, text)
        else:
            self.api.send_text(chat, user, text)
        await self.api.wait_message(chat["id"], before + n)
        await self.sync()
        return self.api.messages(chat["id"])[before:]

    async def sync(self) -> None:
        """Wait until every update injected so far has been handled."""
        chat = self.api.private_chat(SENTINEL_USER)
        before = len(self.api.messages(SENTINEL_USER))
        self.api.send_text(chat, self.api.user(SENTINEL_USER), "/help")
        await self.api.wait_message(SENTINEL_USER, before + 1)

    async def silent(self, chat: dict, user: dict | None, text: str, **kw: Any) -> None:
        """The bot handles this update without writing anything into the chat."""
        before = len(self.api.messages(chat["id"]))
        if user is None:
            self.api.channel_post(chat, text)
        else:
            self.api.send_text(chat, user, text, **kw)
        await self.sync()
        assert len(self.api.messages(chat["id"])) == before, self.api.texts(chat["id"])[before:]

    async def press(self, user: dict, message: SentMessage, button_text: str) -> dict:
        """Tap the button whose label contains `button_text`; returns answerCallbackQuery."""
        data = message.button(button_text)["callback_data"]
        qid = self.api.press(user, message, data)
        return await self.api.wait_answer(qid)

    def subs(self, chat_id: int) -> list[tuple[int, str, str]]:
        with Session(self.engine) as s:
            rows = s.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
            return sorted((r.thread_id, r.kind, r.value) for r in rows)

    def chat(self, chat_id: int) -> Chat | None:
        with Session(self.engine, expire_on_commit=False) as s:
            return s.get(Chat, chat_id)


def make_settings(api: FakeBotAPI, **telegram: Any) -> Settings:
    channels = telegram.pop("channels", [])
    tg = TelegramConfig(
        token=api.token,
        base_url=api.base_url,
        base_file_url=api.base_file_url,
        admins=[OPERATOR],
        commands_per_minute=telegram.pop("commands_per_minute", 10_000),
        **telegram,
    )
    return Settings(telegram=tg, channels=[ChannelRoute(**c) for c in channels])


@contextlib.asynccontextmanager
async def running_bot(
    engine: Engine, setup: Callable[[FakeBotAPI], object] | None = None, **telegram: Any
) -> AsyncIterator[BotEnv]:
    """Fake server + real Application polling it, in this test's event loop.
    `setup(api)` runs before the bot starts (e.g. chats that config routes name)."""
    api = FakeBotAPI().start()
    if setup is not None:
        setup(api)
    app = build_application(make_settings(api, **telegram), engine)
    app.bot_data["finews"].migration_grace = 0.2  # a supergroup's greeting waits this long
    try:
        await app.initialize()
        await app.post_init(app)  # type: ignore[misc]
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1)  # type: ignore[union-attr]
        yield BotEnv(api, app, engine)
    finally:
        if app.updater and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
        api.stop()


def seed_stocks(engine: Engine, names: dict[str, str]) -> None:
    with session_scope(engine) as s:
        for ticker, name in names.items():
            s.add(Stock(ticker=ticker, name=name))


def seed_articles(engine: Engine, count: int = 7) -> list[Article]:
    """Stored through the real store (summarizer included), without pushing."""
    from bot.pipeline import process

    base = datetime(2026, 11, 26, 1, 0, tzinfo=UTC)
    # distinct stories (the pipeline folds retellings of one story into it)
    moutai_news = [
        ("三季度营收增长15%", "公告，前三季度实现营业收入1200亿元，同比增长15%。"),
        ("董事会完成换届 新任董事长就职", "召开股东大会，选举新一届董事会，新董事长当日就职。"),
        ("茅台酒出厂价上调 自11月起执行", "宣布上调53度飞天茅台酒出厂价格，平均上调幅度约20%。"),
        ("拟每股派息21.91元", "发布特别分红方案，拟向全体股东每股派发现金红利21.91元。"),
    ]
    ev_news = [
        ("11月创新高", "新能源汽车11月销量达到120万辆，同比增长30%。<注意>"),
        ("榜单出炉 比亚迪居首", "乘联会公布厂商排名，比亚迪以30.1万辆位列第一。<注意>"),
        ("预期上调 机构看好明年", "多家券商上调明年国内电动车销量预测至900万辆。<注意>"),
    ]
    arts = []
    for i in range(count):
        moutai = i % 2 == 0
        what, lead = (moutai_news if moutai else ev_news)[(i // 2) % (4 if moutai else 3)]
        arts.append(
            Article(
                id=f"NW2026112600{i:02d}",
                title=f"贵州茅台第{i}条：{what}" if moutai else f"新能源车销量第{i}条 & {what}",
                published_at=base + timedelta(minutes=i),
                category="meirijingjixinwen" if moutai else "emnews",
                category_name="每日经济新闻" if moutai else "东财滚动新闻",
                url=f"https://finance.eastmoney.com/a/2026112600{i:02d}.html",
                paragraphs=(f"贵州茅台（600519）{lead}" if moutai else lead,),
                tickers=("600519.SH",) if moutai else (),
                stock_names={"600519.SH": "贵州茅台"} if moutai else {},
            )
        )
    with session_scope(engine) as s:
        for a in arts:
            process(s, a, source="test", push=False)
    return arts
