"""`[http] listen` on IPv6: `::`, `::1`, `[::1]` and `[::1]:port`, over real HTTP on the
IPv6 loopback (skipped, saying why, on a machine without one)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy.engine import Engine

from bot.config import HttpConfig, Settings
from bot.ops import http as ops_http

QUICK = 0.05  # the endpoint looks for stop() every 50 ms, not 0.5 s: no teardown waits


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


needs_ipv6 = pytest.mark.skipif(
    not _ipv6_loopback(), reason="this machine has no IPv6 loopback (::1 cannot be bound)"
)


def _status(url: str) -> int:
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.status


@pytest.mark.parametrize(
    ("listen", "host", "port"),
    [
        ("::", "::", 9108),
        ("::1", "::1", 9108),
        ("[::1]", "::1", 9108),
        ("[::1]:9200", "::1", 9200),
        ("[::]:9200", "::", 9200),
        ("127.0.0.1:9200", "127.0.0.1", 9200),
        ("0.0.0.0", "0.0.0.0", 9108),
        ("localhost", "localhost", 9108),
        ("", "", 9108),  # every IPv4 interface, as before
    ],
)
def test_listen_forms(listen: str, host: str, port: int) -> None:
    """An address with the port in it, as the config documents; the bare host is kept."""
    cfg = HttpConfig(listen=listen)
    assert (cfg.listen, cfg.port) == (host, port)


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"listen": "[::1"}, "IPv6"),
        ({"listen": "[fe80::zz]"}, "IPv6"),
        ({"listen": "[::1]:http"}, "port"),
        ({"listen": "127.0.0.1:70000"}, "port"),
        ({"listen": "[::1]:9200", "port": 9300}, "port"),
        ({"listen": ":9200"}, "host"),
    ],
)
def test_bad_listen_is_refused(fields: dict[str, object], why: str) -> None:
    with pytest.raises(ValidationError) as err:
        HttpConfig.model_validate(fields)
    assert why in str(err.value)


@needs_ipv6
@pytest.mark.parametrize("listen", ["::1", "[::1]", "::"])
def test_endpoint_on_ipv6(sqlite_engine: Engine, listen: str) -> None:
    """`listen = "::"` (or `::1`) stopped `run` with '[http] cannot listen on ::: ...':
    the server was IPv4 only. It now binds IPv6; `::` takes IPv4 clients too (a
    Prometheus scraping 127.0.0.1 keeps working)."""
    settings = Settings.model_validate({"http": {"listen": listen}})
    h = ops_http.start(settings, sqlite_engine, port=0, poll_interval=QUICK)
    try:
        assert h.url == f"http://[{settings.http.listen}]:{h.port}"
        assert _status(f"http://[::1]:{h.port}/") == 200
        if listen == "::":
            assert _status(f"http://127.0.0.1:{h.port}/") == 200
    finally:
        h.stop()


@needs_ipv6
@pytest.mark.slow
def test_healthcheck_command_on_ipv6(sqlite_engine: Engine, tmp_path: Path) -> None:
    """`finews-bot healthcheck` asks the endpoint at the configured address: with
    `listen = "::"` or `"[::1]:port"` it built `http://:::port/healthz`, not a URL."""
    settings = Settings.model_validate({"http": {"listen": "::"}})
    h = ops_http.start(settings, sqlite_engine, port=0, poll_interval=QUICK)
    cfg = tmp_path / "c.toml"
    try:
        for listen in ("::", f"[::1]:{h.port}"):
            port = "" if "]:" in listen else f"port = {h.port}\n"
            cfg.write_text(
                f'[database]\nurl = "{sqlite_engine.url}"\n'
                f'[http]\nenabled = true\nlisten = "{listen}"\n{port}',
                encoding="utf-8",
            )
            proc = subprocess.run(
                [sys.executable, "-m", "bot", "healthcheck", "--config", str(cfg)],
                capture_output=True,
                text=True,
                timeout=60,
            )
            assert proc.returncode == 0, proc.stdout + proc.stderr
            assert json.loads(proc.stdout)["status"] == "ok"
    finally:
        h.stop()
