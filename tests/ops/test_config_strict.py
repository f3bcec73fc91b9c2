"""Config values of the wrong TOML type are refused, not coerced: `[http] enabled = "yes"`
(a string) was read as true, `port = "9108"` and `port = 9108.0` as 9108, `admins =
["123"]` as [123]. Booleans and whole numbers are strict; a number key (a float) still
takes a whole number (`timeout = 20`), as TOML writes it. Each error is one line of the
usual `<file>: invalid configuration` list, saying what to write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


def _error(tmp_path: Path, text: str) -> str:
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(cfg, env={})
    return str(err.value)


@pytest.mark.parametrize(
    ("toml", "line"),
    [
        (
            '[http]\nenabled = "yes"\n',
            "  - http.enabled: must be true or false, without quotes (given: the string 'yes')",
        ),
        (
            "[http]\nenabled = 1\n",
            "  - http.enabled: must be true or false, without quotes (given: 1)",
        ),
        (
            '[database]\necho = "false"\n',
            "  - database.echo: must be true or false, without quotes (given: the string 'false')",
        ),
        (
            '[http]\nport = "9108"\n',
            "  - http.port: must be a whole number, without quotes (given: the string '9108')",
        ),
        (
            "[retention]\ndays = 90.0\n",
            "  - retention.days: must be a whole number, without quotes (given: 90.0)",
        ),
        (
            '[telegram]\nadmins = ["123"]\n',
            "  - telegram.admins.0: must be a whole number, without quotes "
            "(given: the string '123')",
        ),
        (
            '[delivery]\npace = "0.5"\n',
            "  - delivery.pace: must be a number, without quotes (given: the string '0.5')",
        ),
        (
            '[[sources]]\nname = "a"\nkind = "feed"\nurl = "http://127.0.0.1:1/f"\n'
            'enabled = "no"\n',
            "  - sources.0.enabled: must be true or false, without quotes (given: the string 'no')",
        ),
        (
            "[http]\nenabled = [true]\n",
            "  - http.enabled: must be true or false, without quotes (given: a list)",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_refused(tmp_path: Path, toml: str, line: str) -> None:
    text = _error(tmp_path, toml)
    assert text.splitlines() == [f"{tmp_path / 'c.toml'}: invalid configuration", line]


def test_numbers_as_toml_writes_them_still_load(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        "[http]\nenabled = true\nport = 9200\n[delivery]\npace = 1\nglobal_per_second = 25\n"
        '[[sources]]\nname = "a"\nkind = "feed"\nurl = "http://127.0.0.1:1/f"\ntimeout = 5\n'
        '[[channels]]\nchat = "@news"\n[[channels]]\nchat = -1001234\n',
        encoding="utf-8",
    )
    settings = load_config(cfg, env={})
    assert settings.http.enabled is True and settings.http.port == 9200
    assert settings.delivery.pace == 1.0 and settings.sources[0].timeout == 5.0
    assert [c.chat for c in settings.channels] == ["@news", -1001234]


def test_a_long_string_or_a_token_is_not_repeated(tmp_path: Path) -> None:
    """The value is shown to help; a long one is not, and a token pasted into the wrong
    key never is."""
    token = "7012345678:AAHxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
    text = _error(tmp_path, f'[http]\nenabled = "{token}"\n')
    assert token not in text and "7012345678" not in text
    assert text.endswith("must be true or false, without quotes (given: a string)")


@pytest.mark.slow
def test_check_config_refuses_a_quoted_boolean(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[telegram]\ntoken = "1:x"\n[http]\nenabled = "yes"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", "--config", str(cfg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stdout
    assert "http.enabled: must be true or false, without quotes" in proc.stderr


def test_a_channel_route_names_its_chat_as_telegram_does(tmp_path: Path) -> None:
    """`[[channels]] chat` took any string: `"-1001234"` (an id in quotes, as the example's
    `"@name"`) was converted only when the bot started, `"finchan"` (no @) or `""` failed
    then, one log line among many. An id in quotes is the id; a t.me link is its @name;
    anything else is refused with one line."""
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        '[[channels]]\nchat = "-1001234"\n[[channels]]\nchat = "https://t.me/finchan"\n'
        '[[channels]]\nchat = "＠finchan2"\n',
        encoding="utf-8",
    )
    settings = load_config(cfg, env={})
    assert [c.chat for c in settings.channels] == [-1001234, "@finchan", "@finchan2"]
    for value, given in (
        ('"finchan"', "the string 'finchan'"),
        ('""', "the string ''"),
        ("0", "0"),
    ):
        text = _error(tmp_path, f"[[channels]]\nchat = {value}\n")
        assert text.splitlines()[1:] == [
            "  - channels.0.chat: must be an @username, a t.me link of it, or a numeric chat id "
            f"(given: {given})"
        ], text
