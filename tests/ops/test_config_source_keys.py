"""A `[[sources]]` key that another kind uses (a typo'd kind, a pasted block) is refused,
naming the source, the key and the kinds it belongs to: it used to be accepted silently."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.config import ConfigError, SourceConfig, load_config
from bot.source_keys import COMMON, KEY_KINDS

runner = CliRunner()

FEED = 'name = "news"\nkind = "feed"\nurl = "http://127.0.0.1:9/feed.xml"\n'
GITHUB = 'name = "gh"\nkind = "github"\n'
DIR = 'name = "git"\nkind = "jekyll-dir"\npath = "/tmp/_posts"\n'
SITE = 'name = "site"\nkind = "jekyll-site"\nurl = "http://127.0.0.1:9/"\n'


def _load(tmp_path: Path, source: str) -> None:
    p = tmp_path / "c.toml"
    p.write_text(f"[[sources]]\n{source}", encoding="utf-8")
    load_config(p, env={})


@pytest.mark.parametrize(
    ("source", "key", "kinds"),
    [
        (FEED + 'repo = "zning1994/finews"\n', "repo", "'github'"),
        (
            GITHUB + 'url = "https://finews.withounder.com/feed.xml"\n',
            "url",
            "'feed', 'jekyll-site'",
        ),
        (DIR + "timeout = 5.0\n", "timeout", "'feed', 'jekyll-site', 'github'"),
        (FEED + "git_pull = true\n", "git_pull", "'jekyll-dir'"),
        (SITE + "gap_retries = 3\n", "gap_retries", "'feed'"),
        (GITHUB + 'categories = ["cls"]\n', "categories", "'jekyll-site'"),
        (FEED + 'posts_dir = "_posts"\n', "posts_dir", "'github'"),
    ],
    ids=[
        "feed+repo",
        "github+url",
        "dir+timeout",
        "feed+git_pull",
        "site+gap",
        "gh+cat",
        "feed+pd",
    ],
)
def test_a_key_of_another_kind_is_refused(
    tmp_path: Path, source: str, key: str, kinds: str
) -> None:
    with pytest.raises(ConfigError) as err:
        _load(tmp_path, source)
    name = source.split('"')[1]
    kind = source.split('"')[3]
    assert f"source {name!r}: {key} is for kind {kinds}, not {kind!r}" in str(err.value)


def test_every_key_a_kind_uses_is_accepted(tmp_path: Path) -> None:
    """Each kind's own keys, all written out, load; so do the keys every kind has
    (fallback, which must name another source, has its own tests)."""
    for base, kind in (
        (FEED, "feed"),
        (GITHUB, "github"),
        (DIR, "jekyll-dir"),
        (SITE, "jekyll-site"),
    ):
        own = [
            k
            for k, kinds in KEY_KINDS.items()
            if kind in kinds and k not in ("url", "path", "fallback")
        ]
        defaults = SourceConfig.model_fields
        lines = "".join(
            f"{k} = {_toml(defaults[k].get_default(call_default_factory=True))}\n" for k in own
        )
        _load(tmp_path, base + "interval = 60\nenabled = true\nmax_backoff = 600\n" + lines)


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[]"
    return str(value)


def test_every_source_key_is_placed() -> None:
    """A new SourceConfig key must say which kinds read it (or that all do)."""
    assert set(KEY_KINDS) | COMMON == set(SourceConfig.model_fields)
    assert not set(KEY_KINDS) & COMMON


def test_check_config_names_the_source_and_the_key(tmp_path: Path) -> None:
    p = tmp_path / "c.toml"
    p.write_text(f'[[sources]]\n{FEED}repo = "zning1994/finews"\n', encoding="utf-8")
    res = runner.invoke(app, ["check-config", str(p)], env={})
    assert res.exit_code != 0, res.output
    assert "source 'news': repo is for kind 'github', not 'feed'" in res.output
