"""`finews-bot check-config` and the completeness of config.example.toml."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from types import UnionType
from typing import get_args, get_origin

import pytest
from pydantic import BaseModel
from typer.testing import CliRunner

from bot.cli import app
from bot.config import ConfigError, Settings, load_config

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "config.example.toml"
runner = CliRunner()


def _check(path: Path, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["check-config", str(path)], env=env or {})


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "config.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_config(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        '[[sources]]\nname = "a"\nkind = "feed"\nurl = "http://127.0.0.1:1/feed.xml"\n'
        '[[sources]]\nname = "b"\nkind = "jekyll-dir"\npath = "/tmp/_posts"\n'
        '[telegram]\ntoken = "1:x"\n',
    )
    res = _check(p)
    assert res.exit_code == 0, res.output
    assert f"{p}: OK, 2 source(s), token set" in res.output


def test_example_config_checks_ok() -> None:
    res = _check(EXAMPLE, env={"FINEWS_BOT_TOKEN": "1:x"})
    assert res.exit_code == 0, res.output
    assert "token set" in res.output


def test_check_config_without_token_warns_and_fails() -> None:
    """Valid, but `run` would refuse to start: say so, and exit non-zero for scripts."""
    res = _check(EXAMPLE, env={"FINEWS_BOT_TOKEN": ""})
    assert res.exit_code == 1, res.output
    assert "token missing (set FINEWS_BOT_TOKEN)" in res.output
    assert "warning: no Telegram bot token: `finews-bot run` will not start" in res.output


def test_database_lives_in_data_dir(tmp_path: Path) -> None:
    p = _write(tmp_path, f'data_dir = "{tmp_path / "state"}"\n')
    assert load_config(p, env={}).database.url == f"sqlite:///{tmp_path / 'state' / 'finews.db'}"
    assert Settings().database.url == "sqlite:///data/finews.db"
    p = _write(tmp_path, f'data_dir = "/x"\n[database]\nurl = "sqlite:///{tmp_path}/a.db"\n')
    assert load_config(p, env={}).database.url == f"sqlite:///{tmp_path}/a.db"  # explicit wins


@pytest.mark.parametrize(
    ("text", "key", "what"),
    [
        ('[database]\nurl = "sqlite:///x.db"\ncolour = "red"\n', "database.colour", "unknown key"),
        ("bogus = 1\n", "bogus", "unknown key"),
        ('[http]\nport = "eighty"\n', "http.port", "whole number"),
        ("[delivery]\nmax_attempts = 0\n", "delivery.max_attempts", "greater than or equal"),
        ('[logging]\nlevel = "LOUD"\n', "logging.level", "'DEBUG'"),
        ('[[sources]]\nname = "x"\nkind = "feed"\n', "sources.0", "needs url"),
        ('[[sources]]\nname = "x"\nkind = "jekyll-dir"\n', "sources.0", "needs path"),
        ('[[sources]]\nname = "x"\nkind = "ftp"\nurl = "http://a"\n', "sources.0.kind", "feed"),
        ('[database]\nurl = "mysql://x"\n', "database.url", "sqlite"),
        ('[delivery]\ntimezone = "Mars/Base"\n', "delivery.timezone", "unknown time zone"),
        # the pattern itself (`String should match pattern '^[\w.-]+/[\w.-]+$'`) told an
        # operator who pasted the repository's address nothing: the line says what to write
        (
            '[[sources]]\nname = "g"\nkind = "github"\nrepo = "finews"\n',
            "sources.0.repo",
            'must be "owner/name" as in the repository\'s address, e.g. "zning1994/finews"',
        ),
        (
            '[[sources]]\nname = "g"\nkind = "github"\n'
            'repo = "https://github.com/zning1994/finews"\n',
            "sources.0.repo",
            'must be "owner/name"',
        ),
        (
            '[[sources]]\nname = "g"\nkind = "github"\napi_url = "api.github.com"\n',
            "sources.0",
            "needs api_url",
        ),
        (
            '[[sources]]\nname = "f"\nkind = "feed"\nurl = "http://a"\nfallback = "gh"\n',
            "(top level)",
            "must name another source",
        ),
        (
            '[[sources]]\nname = "g"\nkind = "github"\nfallback = "g"\n',
            "sources.0",
            "fallback is for kind 'feed'",
        ),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, text: str, key: str, what: str) -> None:
    p = _write(tmp_path, text)
    res = _check(p)
    assert res.exit_code == 2
    assert f"{p}: invalid configuration" in res.output
    line = next(ln for ln in res.output.splitlines() if ln.strip().startswith(f"- {key}:"))
    assert what in line, res.output


def test_not_toml_and_missing_file(tmp_path: Path) -> None:
    p = _write(tmp_path, "[database\nurl = 1\n")
    res = _check(p)
    assert res.exit_code == 2
    assert f"{p}: not valid TOML" in res.output
    res = _check(tmp_path / "nope.toml")
    assert res.exit_code == 2
    assert "nope.toml: file not found" in res.output


def test_env_overrides(tmp_path: Path) -> None:
    p = _write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n[telegram]\ntoken = ""\n')
    env = {
        "FINEWS_BOT_TOKEN": " 123456:from-env ",
        "FINEWS_DATABASE_URL": "postgresql://u:pw@db:5432/finews",
    }
    settings = load_config(p, env=env)
    assert settings.telegram.token == "123456:from-env"
    assert settings.database.url == "postgresql+psycopg://u:pw@db:5432/finews"
    # the scheme many hosts hand out (Heroku, Render, Fly): the same database
    heroku = load_config(p, env={"FINEWS_DATABASE_URL": "postgres://u:pw@db:5432/finews"})
    assert heroku.database.url == "postgresql+psycopg://u:pw@db:5432/finews"
    res = _check(p, env={"FINEWS_BOT_TOKEN": "123456:from-env"})
    assert res.exit_code == 0 and "token set" in res.output
    with pytest.raises(ConfigError, match=r"\$FINEWS_DATABASE_URL.*database url|url"):
        load_config(p, env={"FINEWS_DATABASE_URL": "mysql://nope"})
    res = _check(p, env={"FINEWS_DATABASE_URL": "oracle://x"})
    assert res.exit_code == 2
    assert "$FINEWS_DATABASE_URL" in res.output and "url" in res.output


def test_example_loads_with_defaults() -> None:
    settings = load_config(EXAMPLE, env={})
    assert settings.sources and settings.sources[0].kind == "github"
    # The values the example shows are the defaults the code uses.
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    defaults = Settings()
    for section in ("database", "telegram", "summary", "delivery", "http", "retention", "logging"):
        for key, value in raw[section].items():
            assert getattr(getattr(defaults, section), key) == value, f"{section}.{key}"


def _submodel(annotation: object) -> type[BaseModel] | None:
    """The pydantic model inside `X`, `list[X]` or `X | None`, if any."""
    candidates = [annotation]
    if get_origin(annotation) in (list, UnionType) or get_args(annotation):
        candidates += list(get_args(annotation))
    for c in candidates:
        if isinstance(c, type) and issubclass(c, BaseModel):
            return c
    return None


def _expected_keys(model: type[BaseModel], section: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for name, field in model.model_fields.items():
        sub = _submodel(field.annotation)
        if sub is not None:
            out += _expected_keys(sub, name)
        else:
            out.append((section, name))
    return out


HEADER = re.compile(r"^\s*#?\s*\[\[?\s*([\w.-]+)\s*\]\]?\s*(#.*)?$")
KEY = re.compile(r"^\s*#?\s*([A-Za-z_][\w-]*)\s*=")


def _documented_keys(text: str) -> set[tuple[str, str]]:
    """(section, key) for every key written in the file, active or commented out."""
    section = ""
    found: set[tuple[str, str]] = set()
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            section = m.group(1)
            continue
        m = KEY.match(line)
        if m:
            found.add((section, m.group(1)))
    return found


def test_example_documents_every_setting() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    documented = _documented_keys(text)
    expected = _expected_keys(Settings)
    assert len(expected) > 40  # the walk really found the nested sections
    missing = [f"{s}.{k}" if s else k for s, k in expected if (s, k) not in documented]
    assert not missing, f"config.example.toml lacks: {', '.join(missing)}"
    unknown = [f"{s}.{k}" if s else k for s, k in documented if (s, k) not in set(expected)]
    assert not unknown, f"config.example.toml has keys Settings does not know: {unknown}"


@pytest.mark.slow
def test_check_config_subprocess(tmp_path: Path) -> None:
    p = _write(tmp_path, "[telegram]\nadmins = 5\n")
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", str(p)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert str(p) in proc.stderr and "telegram.admins" in proc.stderr


def test_blank_env_variables_are_not_set(tmp_path: Path) -> None:
    """A blank `FINEWS_BOT_TOKEN=" "` (a compose file's placeholder) used to replace the
    file's token with an empty one, and a blank database URL the file's URL."""
    p = _write(tmp_path, '[database]\nurl = "sqlite:///file.db"\n[telegram]\ntoken = "1:file"\n')
    settings = load_config(p, env={"FINEWS_BOT_TOKEN": "  ", "FINEWS_DATABASE_URL": " \t"})
    assert settings.telegram.token == "1:file"
    assert settings.database.url == "sqlite:///file.db"


def test_env_database_url_keeps_the_pool_settings(tmp_path: Path) -> None:
    """FINEWS_DATABASE_URL replaces the URL only: the file's pool size, overflow and echo
    still apply (a Docker install sets the URL in the environment and tunes the pool in
    the file)."""
    p = _write(tmp_path, "[database]\npool_size = 40\nmax_overflow = 5\necho = true\n")
    env = {"FINEWS_DATABASE_URL": "postgresql://u:pw@db:5432/finews"}
    db = load_config(p, env=env).database
    assert db.url == "postgresql+psycopg://u:pw@db:5432/finews"
    assert (db.pool_size, db.max_overflow, db.echo) == (40, 5, True)


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ('[telegram]\nmode = "webhook"\n', "webhook_url"),
        ('[telegram]\nmode = "webhook"\nwebhook_url = "bot.example.com/hook"\n', "webhook_url"),
        (
            '[telegram]\nmode = "webhook"\nwebhook_url = "https://bot.example.com/hook"\n'
            'webhook_secret = "my secret!"\n',
            "webhook_secret",
        ),
    ],
)
def test_webhook_mode_is_checked_before_start(tmp_path: Path, text: str, what: str) -> None:
    """A webhook without its URL (or with a secret Telegram refuses) is a bad config:
    check-config says so, instead of `run` failing after start-up."""
    res = _check(_write(tmp_path, text), env={"FINEWS_BOT_TOKEN": "1:x"})
    assert res.exit_code == 2, res.output
    line = next(ln for ln in res.output.splitlines() if ln.strip().startswith("- telegram"))
    assert what in line, res.output


def _accepted(tmp_path: Path, text: str) -> None:
    res = _check(_write(tmp_path, text), env={"FINEWS_BOT_TOKEN": "1:x"})
    assert res.exit_code == 0, res.output


def test_webhook_mode_with_url_and_secret_is_fine(tmp_path: Path) -> None:
    _accepted(
        tmp_path,
        '[telegram]\nmode = "webhook"\nwebhook_url = "https://bot.example.com/hook"\n'
        'webhook_secret = "Abc_123-xyz"\n',
    )


def test_unreadable_config_path_is_a_clear_error(tmp_path: Path) -> None:
    """`--config` naming a directory (a Docker volume mounted where the file should be)
    stops with one line naming the path, not a traceback."""
    res = _check(tmp_path)
    assert res.exit_code == 2, res.output
    assert f"{tmp_path}: cannot read" in res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_preview_with_a_bad_config_is_a_clear_error(tmp_path: Path) -> None:
    """`finews-bot preview post.md --config bad.toml` names the file and key, like every
    other command, instead of ending in a ConfigError traceback."""
    post = ROOT / "bot" / "demo" / "posts" / "2021-12-08-202112082206736335.md"
    bad = _write(tmp_path, "[summary]\nmax_chars = 5\n")
    res = runner.invoke(app, ["preview", str(post), "--config", str(bad)])
    assert res.exit_code == 2, (res.output, res.exception)
    assert f"{bad}: invalid configuration" in res.output and "summary.max_chars" in res.output


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[telegram]\nbase_url = "http://127.0.0.1:8081"\n', "telegram.base_url"),
        ('[telegram]\nbase_url = "http://127.0.0.1:8081/"\n', "telegram.base_url"),
        ('[telegram]\nbase_url = "127.0.0.1:8081/bot"\n', "telegram.base_url"),
        ('[telegram]\nbase_file_url = "http://127.0.0.1:8081/file"\n', "telegram.base_file_url"),
    ],
)
def test_a_bot_api_url_the_token_cannot_follow_is_refused(
    tmp_path: Path, text: str, key: str
) -> None:
    """PTB appends the token to base_url: a self-hosted server given as
    `http://127.0.0.1:8081` made `run` die in a traceback (Invalid port: '8081<token>').
    The config says what is expected instead."""
    res = _check(_write(tmp_path, text), env={"FINEWS_BOT_TOKEN": "1:x"})
    assert res.exit_code == 2, res.output
    line = next(ln for ln in res.output.splitlines() if ln.strip().startswith(f"- {key}:"))
    assert "/bot" in line, res.output


def test_self_hosted_bot_api_urls_are_accepted(tmp_path: Path) -> None:
    _accepted(
        tmp_path,
        '[telegram]\nbase_url = "http://127.0.0.1:8081/bot"\n'
        'base_file_url = "http://127.0.0.1:8081/file/bot"\n',
    )
    p = _write(tmp_path, '[telegram]\nbase_url = "https://proxy.example/tg/bot{token}/"\n')
    assert load_config(p, env={}).telegram.base_url.endswith("{token}/")  # PTB's placeholder


def test_a_token_pasted_with_spaces_is_used_without_them(tmp_path: Path) -> None:
    """FINEWS_BOT_TOKEN is stripped; the file's token is too (a space pasted inside the
    quotes made the Bot API refuse a right token: `The Bot API rejected the token`)."""
    p = _write(tmp_path, '[telegram]\ntoken = " 123456:from-file \\n"\n')
    assert load_config(p, env={}).telegram.token == "123456:from-file"


@pytest.mark.parametrize("echo", [True, False])
def test_database_echo_logs_every_sql_statement(tmp_path: Path, echo: bool) -> None:
    """`[database] echo = true` ("log every SQL statement") was read and never used:
    no command logged a statement. It now logs them through the bot's log (stderr, one
    line each, masked like every line), so `stats --json` on stdout stays JSON."""
    cfg = _write(tmp_path, f'data_dir = "{tmp_path}"\n[database]\necho = {str(echo).lower()}\n')
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    run = [sys.executable, "-m", "bot"]
    up = subprocess.run(
        [*run, "db", "upgrade", "--config", str(cfg)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert up.returncode == 0, up.stderr
    stats = subprocess.run(
        [*run, "stats", "--json", "--config", str(cfg)],
        capture_output=True, text=True, timeout=120, env=env, cwd=ROOT,
    )  # fmt: skip
    assert stats.returncode == 0, stats.stderr
    json.loads(stats.stdout)  # the SQL is not on stdout
    logged = re.findall(r"^\S+ \S+ INFO sqlalchemy\.engine\.Engine: (.*)$", stats.stderr, re.M)
    if echo:
        assert any(line.startswith("SELECT") for line in logged), stats.stderr[-2000:]
        assert "CREATE TABLE" in up.stderr
    else:
        assert not logged and "CREATE TABLE" not in up.stderr


def test_a_config_saved_with_a_byte_order_mark_loads(tmp_path: Path) -> None:
    """An editor that saves UTF-8 with a byte order mark (Windows Notepad before 2019,
    some IDEs' defaults) made check-config say `not valid TOML: Invalid statement (at line
    1, column 1)` about a line that looks right. The mark is not part of the text."""
    p = tmp_path / "config.toml"
    p.write_bytes(b'\xef\xbb\xbf[telegram]\ndefault_lang = "en"\n')
    assert load_config(p, env={}).telegram.default_lang == "en"
    proc = subprocess.run(
        [sys.executable, "-m", "bot", "check-config", str(p)],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")},
    )  # fmt: skip
    assert f"{p}: OK, 0 source(s)" in proc.stdout, proc.stdout + proc.stderr
