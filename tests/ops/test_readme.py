"""The README stays true to the code: test command, config keys, commands, metrics."""

from __future__ import annotations

import re
from pathlib import Path

from prometheus_client import generate_latest
from sqlalchemy.engine import Engine

from bot.cli import app
from bot.ops.metrics import make_registry
from tests.ops.test_config import _expected_keys

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = "python -m pip install -e '.[test]' && python -m pytest -q"


def test_test_command_is_the_ci_command() -> None:
    assert f"```sh\n{TEST_COMMAND}\n```" in README
    assert TEST_COMMAND in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "```sh\npython -m pip install . && finews-bot demo\n```" in README


def test_reference_lists_every_config_key() -> None:
    from bot.config import Settings

    table = README.split("## Configuration reference", 1)[1].split("\n## ", 1)[0]
    missing = []
    for section, key in _expected_keys(Settings):
        if section in ("sources", "channels"):
            cell = f"`[[{section}]] {key}`"
        elif section:
            cell = f"`[{section}] {key}`"
        else:
            cell = f"`{key}`"
        if f"| {cell} |" not in table:
            missing.append(cell)
    assert not missing, f"README configuration reference lacks {missing}"


def _commands() -> set[str]:
    import typer.main

    group = typer.main.get_group(app)
    names = set(group.commands)
    for name, cmd in group.commands.items():
        for sub in getattr(cmd, "commands", {}):
            names.add(f"{name} {sub}")
    return names


def test_readme_commands_exist() -> None:
    known = _commands()
    used = set(re.findall(r"finews-bot ((?:db )?[a-z][a-z-]+)", README))
    unknown = {c for c in used if c not in known}
    assert not unknown, f"README mentions commands that do not exist: {unknown}"
    assert {"demo", "run", "stats", "check-config", "healthcheck"} <= used


def test_readme_metrics_exist(sqlite_engine: Engine) -> None:
    exposed = generate_latest(make_registry(sqlite_engine)).decode()
    named = set(re.findall(r"`(finews_[a-z_]+)", README))
    assert len(named) > 10
    for name in named:
        assert re.search(rf"^(# TYPE )?{name}\b", exposed, re.M), name


def test_package_data_globs_match_files() -> None:
    """Every `package-data` pattern ships something (a stale glob hides a missing file)."""
    import tomllib

    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    for package, patterns in data["tool"]["setuptools"]["package-data"].items():
        for pattern in patterns:
            assert list((ROOT / package).glob(pattern)), f"{package}/{pattern} matches nothing"


def test_readme_sample_push_is_what_preview_prints() -> None:
    """The sample's text and 阅读原文 link are the renderer's output for that post, and the
    command the README gives for it runs in a fresh clone: the README named
    `posts/2022-05-26-...md` ("from the corpus", which is outside the repository), so an
    operator who typed it got `[Errno 2] No such file or directory`."""
    from bot.parser import parse_file
    from bot.render import render_push, render_text
    from bot.summarizer import summarize

    shown = re.search(r"`finews-bot preview (\S+\.md)`", README)
    assert shown, "the README shows the sample's preview command"
    post = ROOT / shown.group(1)
    assert post.is_file(), f"{shown.group(1)} is not in the repository"
    article = parse_file(post)
    message = render_push(article, summarize(article))
    assert render_text(message.html) in README
    assert message.button is not None and f"[{message.button[0]}] {message.button[1]}" in README
