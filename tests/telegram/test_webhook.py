"""Webhook mode: the same Application receives updates POSTed by "Telegram"."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from bot.telegram.app import build_application, webhook_options
from tests.fakes.botapi import FakeBotAPI
from tests.telegram.harness import make_settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_webhook_options_need_a_url():
    with FakeBotAPI() as api:
        with pytest.raises(ValueError, match="webhook_url"):  # the config refuses it already
            make_settings(api, mode="webhook")
        settings = make_settings(api)
        settings.telegram.mode = "webhook"  # and so does the runner, if it got this far
        with pytest.raises(ValueError, match="webhook_url"):
            webhook_options(settings)


async def test_webhook_mode_end_to_end(sqlite_engine):
    port = _free_port()
    with FakeBotAPI() as api:
        settings = make_settings(
            api,
            mode="webhook",
            webhook_url=f"http://127.0.0.1:{port}/tg-hook",
            webhook_listen="127.0.0.1",
            webhook_port=port,
            webhook_secret="s3cret-token",
        )
        opts = webhook_options(settings)
        assert opts["url_path"] == "tg-hook" and opts["secret_token"] == "s3cret-token"
        app = build_application(settings, sqlite_engine)
        async with app:
            await app.start()
            await app.updater.start_webhook(**opts)
            try:
                hook = api.calls("setWebhook")[-1]
                assert hook["url"] == f"http://127.0.0.1:{port}/tg-hook"
                update = {
                    "update_id": 1,
                    "message": {
                        "message_id": 5,
                        "date": 0,
                        "chat": api.private_chat(77),
                        "from": api.user(77),
                        "text": "/sub 600519",
                        "entities": [{"type": "bot_command", "offset": 0, "length": 4}],
                    },
                }
                async with httpx.AsyncClient() as client:
                    bad = await client.post(
                        f"http://127.0.0.1:{port}/tg-hook",
                        content=json.dumps(update),
                        headers={"Content-Type": "application/json"},
                    )
                    assert bad.status_code == 403  # no secret header: refused
                    ok = await client.post(
                        f"http://127.0.0.1:{port}/tg-hook",
                        content=json.dumps(update),
                        headers={
                            "Content-Type": "application/json",
                            "X-Telegram-Bot-Api-Secret-Token": "s3cret-token",
                        },
                    )
                    assert ok.status_code == 200
                reply = await api.wait_message(77, 1)
                assert reply.text.startswith("已订阅 贵州茅台 600519.SH")
            finally:
                await app.updater.stop()
                await app.stop()
