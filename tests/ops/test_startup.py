"""`finews-bot run` when what it needs is not there yet at start: it waits for the Bot API
and says so, and stops cleanly on SIGTERM meanwhile."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import wait
from tests.fakes.botapi import FakeBotAPI

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
USER = {"id": 4242, "is_bot": False, "first_name": "读者"}
WAITING = "telegram: cannot reach the Bot API"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A port bound and never listened on, held for the test: a connection to it is
    refused, and no other process (a parallel test's server) can take it meanwhile."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


def _start(tmp_path: Path, port: int) -> tuple[subprocess.Popen, Path]:
    return _run(
        tmp_path,
        f'[telegram]\ntoken = "{FakeBotAPI().token}"\n'
        f'base_url = "http://127.0.0.1:{port}/bot"\n'
        "[delivery]\npoll_interval = 0.2\n",
    )


def _run(tmp_path: Path, config: str) -> tuple[subprocess.Popen, Path]:
    """`finews-bot run` in a subprocess on `config` (data_dir: tmp_path), logging to a file."""
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'data_dir = "{tmp_path}"\n' + config, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    log = tmp_path / "run.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run", "--config", str(cfg)],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    return proc, log


def _stopped(proc: subprocess.Popen) -> int:
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise


def _log_until_polling(proc: subprocess.Popen, log: Path) -> str:
    """The run's log once it long-polls and has stopped on SIGTERM (exit 0)."""
    try:
        polling = "telegram: long polling (this replica receives the updates)"
        wait(lambda: polling in log.read_text(), 60, "long polling", [log])
        assert _stopped(proc) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    return log.read_text()


def test_run_waits_for_the_bot_api_at_start(tmp_path: Path) -> None:
    """The Bot API unreachable when `run` starts (network not up yet at boot, a proxy or
    self-hosted Bot API server starting after the bot): `run` died in a NetworkError
    traceback ('CRITICAL finews: unhandled exception'), though the same outage later is
    met by retrying. It now waits, one warning per try, and starts once it answers."""
    port = _free_port()
    proc, log = _start(tmp_path, port)
    api = None
    try:
        wait(lambda: WAITING in log.read_text(), 60, "the wait for the Bot API", [log])
        assert proc.poll() is None, log.read_text()[-3000:]
        api = FakeBotAPI(port=port).start()
        chat = api.private_chat(USER["id"])
        api.send_text(chat, USER, "/help")
        api.wait_for(lambda: any(m.chat_id == USER["id"] for m in api.sent), timeout=60)
        assert _stopped(proc) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
        if api is not None:
            api.stop()
    text = log.read_text()
    assert "Traceback" not in text and "unhandled exception" not in text, text[-3000:]


def test_a_lone_run_does_not_say_another_replica_has_the_updates(tmp_path: Path) -> None:
    """One `finews-bot run` on SQLite (the only process there can be) logged, a second
    after start, `telegram: another replica receives the updates; this one stands by`,
    then `long polling (this replica receives the updates)`: the updates loop asked
    before the delivery worker had taken the sender lock and took that for another
    replica sending. A new operator read it as a second bot running. The loop now waits
    for the worker's first answer; a real standby (PostgreSQL replicas) still says so."""
    with FakeBotAPI() as api:
        text = _log_until_polling(*_start(tmp_path, api.port))
    assert "another replica" not in text and "stands by" not in text, text[-3000:]


def test_run_logs_its_version_once_at_start(tmp_path: Path) -> None:
    """A log sent with a bug report did not say which finews-bot wrote it: `run` logged
    no version. It now logs `finews-bot <version>` (the installed package's) once, first."""
    from importlib.metadata import version

    with FakeBotAPI() as api:
        text = _log_until_polling(*_start(tmp_path, api.port))
    lines = text.splitlines()
    said = [
        i
        for i, ln in enumerate(lines)
        if ln.endswith(f" INFO bot.app: finews-bot {version('finews-bot')}")
    ]
    assert len(said) == 1, text[-3000:]
    ready = next(i for i, ln in enumerate(lines) if "database ready" in ln)
    assert said[0] < ready, text[-3000:]


NO_SOURCES = "no enabled [[sources]] in the configuration: nothing is polled"


@pytest.mark.parametrize("sources", ["none", "all-disabled", "one"])
def test_run_without_a_source_to_poll_says_so(tmp_path: Path, sources: str) -> None:
    """`finews-bot run` without `--config` (embedded defaults) or with every source
    disabled started, answered commands and never pushed anything, without a word: the
    operator who forgot `--config config.toml` saw a healthy log. It now warns once at
    start; a config with a source to poll does not."""
    table = {
        "none": "",
        "all-disabled": f'[[sources]]\nname = "d"\nkind = "jekyll-dir"\npath = "{tmp_path}"\n'
        "enabled = false\n",
        "one": f'[[sources]]\nname = "d"\nkind = "jekyll-dir"\npath = "{tmp_path}"\n',
    }[sources]
    with FakeBotAPI() as api:
        config = f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n{table}'
        text = _log_until_polling(*_run(tmp_path, config))
    warned = [ln for ln in text.splitlines() if NO_SOURCES in ln]
    assert len(warned) == (0 if sources == "one" else 1), text[-3000:]
    assert all(" WARNING " in ln for ln in warned)


def test_a_webhook_port_in_use_is_one_line(tmp_path: Path) -> None:
    """Webhook mode with `webhook_port` taken (another service, an old bot still
    running): `run` died in two tracebacks ('CRITICAL finews: unhandled exception',
    OSError: [Errno 98] Address already in use, then RuntimeError: This Application is
    still running!). It is now one line naming the setting to change, exit 2, as a taken
    `[http] port` is."""
    with FakeBotAPI() as api, socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc, log = _run(
            tmp_path,
            f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n'
            'mode = "webhook"\nwebhook_url = "https://bot.example/hook"\n'
            f'webhook_listen = "127.0.0.1"\nwebhook_port = {port}\n',
        )
        try:
            code = proc.wait(60)
        finally:
            if proc.poll() is None:
                proc.kill()
    text = log.read_text()
    assert code == 2, text[-3000:]
    assert "Traceback" not in text and "unhandled exception" not in text, text[-3000:]
    assert (
        f"finews-bot run: [telegram] cannot listen for the webhook on 127.0.0.1:{port}: "
        "Address already in use (change [telegram] webhook_port or webhook_listen)"
    ) in text, text[-3000:]


def test_sigterm_while_waiting_for_the_bot_api_exits_cleanly(tmp_path: Path) -> None:
    proc, log = _start(tmp_path, _free_port())
    try:
        wait(lambda: WAITING in log.read_text(), 60, "the wait for the Bot API", [log])
        assert _stopped(proc) == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
    text = log.read_text()
    assert "Traceback" not in text, text[-3000:]
    assert not (tmp_path / "finews.db.lock").exists() or _lock_free(tmp_path)


def _lock_free(tmp_path: Path) -> bool:
    from bot.storage.locks import instance_lock

    with instance_lock(f"sqlite:///{tmp_path / 'finews.db'}"):
        return True


def _command(tmp_path: Path, args: list[str], db_url: str | None) -> subprocess.CompletedProcess:
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path / "a-file" / "data"}"\n'  # under a regular file: unusable
        '[telegram]\ntoken = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n'
        'base_url = "http://127.0.0.1:9/bot"\n'
        f'[[sources]]\nname = "dir"\nkind = "jekyll-dir"\npath = "{tmp_path}"\n',
        encoding="utf-8",
    )
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("FINEWS_")}
    if db_url:
        env["FINEWS_DATABASE_URL"] = db_url
    return subprocess.run(
        [sys.executable, "-m", "bot", *args, "--config", str(cfg)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


COMMANDS = [["run"], ["db", "upgrade"], ["db", "purge"], ["poll", "--once"], ["import", "."]]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unreachable_database_is_one_line(
    tmp_path: Path, args: list[str], refused_port: int
) -> None:
    """PostgreSQL down (or not started yet beside the bot) when a command starts: each
    died in an OperationalError traceback ('CRITICAL finews: unhandled exception'). It
    now names the database, password hidden, and exits 1."""
    port = refused_port
    url = f"postgresql+psycopg://finews:s3cretpw@127.0.0.1:{port}/finews"
    proc = _command(tmp_path, args, url)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert f"cannot use the database postgresql+psycopg://finews:***@127.0.0.1:{port}/finews" in (
        proc.stderr
    ), proc.stderr[-3000:]
    assert "Connection refused" in proc.stderr
    assert "s3cretpw" not in proc.stdout + proc.stderr


@pytest.mark.parametrize("args", [["db", "upgrade"], ["stats"]], ids=" ".join)
def test_a_password_given_as_url_parameter_is_hidden_too(
    tmp_path: Path, args: list[str], refused_port: int
) -> None:
    """libpq and SQLAlchemy also take the password as a query parameter
    (`...?password=...`, `sslpassword=`): `db upgrade` and `stats` printed it in full."""
    port = refused_port
    url = (
        f"postgresql+psycopg://finews@127.0.0.1:{port}/finews"
        "?password=s3cretpw&sslpassword=k3ypass&connect_timeout=5"
    )
    proc = _command(tmp_path, args, url)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    out = proc.stdout + proc.stderr
    assert f"postgresql+psycopg://finews@127.0.0.1:{port}/finews?" in out, out[-3000:]
    assert "s3cretpw" not in out and "k3ypass" not in out, out[-3000:]
    assert "connect_timeout=5" in out  # what is not secret stays, for the operator


@pytest.fixture
def no_ddl_url() -> Iterator[str]:
    """A fresh PostgreSQL database and a login that may use it but not create tables in
    it: PostgreSQL 15+ gives PUBLIC no CREATE on schema `public`, so a least-privilege
    user the DBA made (not the database's owner) is in just this state."""
    import sqlalchemy as sa

    from tests.conftest import PG_URL, pg_engine_or_skip

    pg_engine_or_skip()
    url = sa.engine.make_url(PG_URL)
    # roles are the cluster's, not the database's: one per test database, so two runs
    # on one server (each with its own FINEWS_TEST_PG_URL) do not drop each other's
    name = role = f"{url.database}_noddl"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    drop = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'DROP ROLE IF EXISTS "{role}"']
    try:
        with admin.connect() as conn:
            for sql in [*drop, f'CREATE DATABASE "{name}"', f'CREATE ROLE "{role}" LOGIN']:
                conn.execute(sa.text(sql))
            revoked = "REVOKE CREATE ON SCHEMA public FROM PUBLIC"
        owner = sa.create_engine(url.set(database=name))
        with owner.begin() as conn:
            conn.execute(sa.text(revoked))  # as PostgreSQL 15+ has it; older ones granted it
        owner.dispose()
        yield url.set(database=name, username=role).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            for sql in drop:
                conn.execute(sa.text(sql))
        admin.dispose()


@pytest.mark.parametrize("args", [["db", "upgrade"], ["run"], ["import", "."]], ids=" ".join)
def test_a_login_that_may_not_create_tables_is_one_line(
    tmp_path: Path, args: list[str], no_ddl_url: str
) -> None:
    """Migrating with a user that lacks CREATE on the schema died in a ProgrammingError
    traceback ('CRITICAL finews: unhandled exception'); now one line that says so."""
    proc = _command(tmp_path, args, no_ddl_url)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "cannot use the database postgresql+psycopg://" in proc.stderr
    assert "_noddl@" in proc.stderr
    assert "permission denied for schema public" in proc.stderr, proc.stderr[-3000:]


@pytest.mark.parametrize("args", [*COMMANDS, ["healthcheck"]], ids=" ".join)
def test_an_unusable_data_dir_is_one_line(tmp_path: Path, args: list[str]) -> None:
    """A data_dir that cannot be created (a file in its way; in Docker, a bind-mounted
    directory the image's user may not write): a FileExistsError / NotADirectoryError
    traceback before; now one line naming it, exit 1."""
    proc = _command(tmp_path, args, None)
    assert proc.returncode == 1, proc.stdout + proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert "cannot use the database sqlite:///" in proc.stderr, proc.stderr[-3000:]
    assert str(tmp_path / "a-file") in proc.stderr


def test_sigterm_during_a_hung_poll_exits(tmp_path: Path) -> None:
    """SIGTERM while a source's request hangs (a site that accepts and never answers, up
    to the source's timeout, here 300 s): `run` logged 'shutting down' and then waited
    for the poll's thread, since asyncio.run joins its executor's threads at exit without
    a limit, so `docker stop` ended it with SIGKILL after its 10 s. Polls run in daemon
    threads now: the process exits; the poll's writes are transactions, cut whole."""
    from tests.fakes.site import FakeSite

    site = FakeSite().start()
    site.slow("/feed.xml", 600)
    api = FakeBotAPI().start()
    proc, log = _run(
        tmp_path,
        f'[[sources]]\nname = "slow"\nkind = "feed"\nurl = "{site.url("/feed.xml")}"\n'
        "timeout = 300\nretries = 0\n"
        f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n',
    )
    try:
        wait(lambda: site.hits["/feed.xml"] > 0, 60, "the poll's request", [log])
        proc.send_signal(signal.SIGTERM)
        try:
            code = proc.wait(120)  # a hang guard: the poll would hold it for 300 s
        except subprocess.TimeoutExpired:
            raise AssertionError("run did not exit during a hung poll") from None
        assert code == 0, log.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
        api.stop()
        site.stop()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
