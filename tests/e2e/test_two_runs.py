"""Two whole `finews-bot run` processes on one PostgreSQL database, end to end.

The fake finews site serves an Atom feed, the fake Bot API answers both processes
(and, like Telegram, ends a getUpdates with 409 Conflict when a second consumer
starts one). The replicas must poll the source one at a time, push each new post
once, answer each command once, and survive the death of either of them.
"""

from __future__ import annotations

import dataclasses
import signal
import time
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.storage.db import make_engine
from tests.conftest import PG_URL, _truncate, pg_engine_or_skip
from tests.e2e.helpers import start, wait
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.site import FakeSite, SitePost, sample_posts
from tests.fanout.helpers import add_chat

pytestmark = [pytest.mark.slow, pytest.mark.db]
SUBSCRIBER = 4242
USER = {"id": SUBSCRIBER, "is_bot": False, "first_name": "读者"}


def _post(base: SitePost, i: int) -> SitePost:
    """A new post of the same outlet, an hour after `base` per step."""
    return dataclasses.replace(
        base,
        name=f"e2e{i:04d}",
        title=f"第{i}条快讯：阿里巴巴发布新业务",
        date=base.date + timedelta(hours=i),
        body=f"<p>第{i}条：阿里巴巴今日宣布，新业务收入增长{10 + i}%。</p>",
    )


def _config(tmp: Path, site: FakeSite, api: FakeBotAPI) -> Path:
    p = tmp / "config.toml"
    p.write_text(
        f'[database]\nurl = "{PG_URL}"\n'
        f'[[sources]]\nname = "finews"\nkind = "feed"\nurl = "{site.url("/feed.xml")}"\n'
        "interval = 5\nretries = 0\n"
        f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n'
        "[delivery]\npoll_interval = 0.2\nstale_claim_seconds = 5\nmax_article_age_hours = 0\n"
        '[logging]\nlevel = "INFO"\n',
        encoding="utf-8",
    )
    return p


def _articles(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("SELECT count(*) FROM articles")).scalar() or 0)


def test_two_runs_share_polling_updates_and_delivery(tmp_path: Path) -> None:
    _truncate(pg_engine_or_skip())
    engine = make_engine(PG_URL)
    base = next(p for p in sample_posts() if p.name.startswith("NW2022"))
    add_chat(engine, SUBSCRIBER, [("category", base.category)])
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with FakeSite(posts=[_post(base, 0), _post(base, 1)]) as site, FakeBotAPI() as api:
        chat = api.private_chat(SUBSCRIBER, "读者")
        cfg = _config(tmp_path, site, api)
        procs = [start(cfg, logs[0]), start(cfg, logs[1])]
        try:
            # the archive (2 posts) is stored once, silently
            wait(lambda: _articles(engine) == 2, 30, "the first poll", logs)
            wait(lambda: api.calls("getUpdates") != [], 20, "long polling", logs)
            for i in (2, 3, 4):
                site.add(_post(base, i))
            wait(lambda: len(api.texts(SUBSCRIBER)) >= 3, 30, "3 pushes", logs)

            api.send_text(chat, USER, "/start")
            wait(lambda: len(api.texts(SUBSCRIBER)) >= 4, 15, "the /start reply", logs)
            time.sleep(6)  # more than a poll interval: nothing arrives twice
            texts = api.texts(SUBSCRIBER)
            assert len(texts) == 4, texts
            assert sum("条快讯" in t for t in texts) == 3
            assert api.conflicts == 0  # only one replica ever asked for updates

            # the replica receiving updates dies; the other one takes over both jobs
            poller = next(
                i
                for i, p in enumerate(logs)
                if "this replica receives the updates" in p.read_text()
            )
            procs[poller].send_signal(signal.SIGKILL)
            procs[poller].wait(5)
            survivor = procs[1 - poller]
            api.send_text(chat, USER, "/help")
            wait(lambda: len(api.texts(SUBSCRIBER)) >= 5, 30, "the /help reply", logs)
            site.add(_post(base, 5))
            wait(lambda: len(api.texts(SUBSCRIBER)) >= 6, 30, "the push after the kill", logs)
            time.sleep(6)
            survivor.send_signal(signal.SIGTERM)
            assert survivor.wait(15) == 0
        finally:
            for p in procs:
                if p.poll() is None:
                    p.kill()
        texts = api.texts(SUBSCRIBER)
    pushes = [t for t in texts if "条快讯" in t]
    assert len(pushes) == 4 and len(set(pushes)) == 4  # posts 2..5, each once
    assert len(texts) == 6  # and one reply to each command
    assert _articles(engine) == 6
    assert api.conflicts <= 1  # at most the dead replica's last, orphaned getUpdates
    # source polling: never two replicas at once, so every feed fetch was one leader's
    led = [p for p in logs if "now the polling leader" in p.read_text()]
    assert led, "no replica ever led polling"
    engine.dispose()
