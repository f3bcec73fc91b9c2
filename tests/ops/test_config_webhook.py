"""`[telegram] webhook_url` is refused at load when Telegram would refuse it in
setWebhook: Bot API, setWebhook: "HTTPS URL to send updates to" and "Ports currently
supported for webhooks: 443, 80, 88, 8443". A local Bot API server (`base_url` of one's
own, run with --local) takes an HTTP URL and any port, so it is left alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app

runner = CliRunner()


def _check(tmp_path: Path, telegram: str):  # type: ignore[no-untyped-def]
    p = tmp_path / "c.toml"
    p.write_text(f'[telegram]\nmode = "webhook"\n{telegram}', encoding="utf-8")
    return runner.invoke(app, ["check-config", str(p)], env={"FINEWS_BOT_TOKEN": "1:x"})


def _line(output: str) -> str:
    return next(ln for ln in output.splitlines() if ln.strip().startswith("- telegram"))


def test_an_http_webhook_url_is_refused(tmp_path: Path) -> None:
    """It passed check-config; Telegram answered setWebhook with 'bad webhook: HTTPS url
    must be provided for webhook' only once `run` had started."""
    res = _check(tmp_path, 'webhook_url = "http://bot.example.com/hook"\n')
    assert res.exit_code == 2, res.output
    assert "webhook_url must start with https://" in _line(res.output), res.output


@pytest.mark.parametrize("port", [8080, 8444, 1])
def test_a_port_telegram_does_not_post_to_is_refused(tmp_path: Path, port: int) -> None:
    res = _check(tmp_path, f'webhook_url = "https://bot.example.com:{port}/hook"\n')
    assert res.exit_code == 2, res.output
    line = _line(res.output)
    assert f"webhook_url port {port}: Telegram posts only to 443, 80, 88 or 8443" in line


@pytest.mark.parametrize("where", ["", ":443", ":80", ":88", ":8443"])
def test_the_ports_telegram_posts_to_are_accepted(tmp_path: Path, where: str) -> None:
    res = _check(tmp_path, f'webhook_url = "https://bot.example.com{where}/hook"\n')
    assert res.exit_code == 0, res.output


def test_a_local_bot_api_server_may_take_http_and_any_port(tmp_path: Path) -> None:
    res = _check(
        tmp_path,
        'base_url = "http://127.0.0.1:8081/bot"\nwebhook_url = "http://127.0.0.1:9000/hook"\n',
    )
    assert res.exit_code == 0, res.output
