"""Sources against a server that misbehaves at the socket level (real HTTP on 127.0.0.1):
headers or a body trickled byte by byte, stacked content encodings. Each must fail the
request in bounded time and memory, not hold up the poll."""

from __future__ import annotations

import re
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine

from bot.config import Settings, SourceConfig
from bot.ingest import poll_source
from bot.sources.base import SourceError, get, make_client
from tests.fakes.site import FakeSite, sample_posts

Script = Callable[[socket.socket], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Script], str]]:
    """serve(script) -> URL of a one-route server that answers each request by `script`
    (which writes the raw response to the connection)."""
    servers: list[socket.socket] = []

    def start(script: Script) -> str:
        srv = socket.socket()
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        servers.append(srv)

        def accept() -> None:
            while True:
                try:
                    conn, _ = srv.accept()
                except OSError:
                    return
                threading.Thread(target=_answer, args=(conn, script), daemon=True).start()

        threading.Thread(target=accept, daemon=True).start()
        return f"http://127.0.0.1:{srv.getsockname()[1]}/feed.xml"

    yield start
    for srv in servers:
        srv.close()


def _answer(conn: socket.socket, script: Script) -> None:
    with conn:
        try:
            conn.recv(65536)
            script(conn)
        except OSError:  # the client gave up
            pass


# Each test here waits out a deadline: half a second proves the cut as well as a whole one
# (a trickle goes on for seconds); the margin on the time taken stays 0.5 s.
DEADLINE = 0.5


def _cfg(url: str, **kw: object) -> SourceConfig:
    return SourceConfig(name="hostile", kind="feed", url=url, **{"retries": 0, **kw})  # type: ignore[arg-type]


def _trickle(data: bytes, every: float = 0.05) -> Script:
    """Writes `data` one byte every `every` seconds: each read is answered well within
    the read timeout, so only a bound on the whole request ends it."""

    def script(conn: socket.socket) -> None:
        for i in range(len(data)):
            conn.sendall(data[i : i + 1])
            time.sleep(every)

    return script


def _head(length: int) -> bytes:
    head = f"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {length}"
    return head.encode() + b"\r\n\r\n"


BODY = b"<feed>" + b" " * 100 + b"</feed>"
# Trickled: headers that never end (an X- header of 10 KB), a body after whole headers.
TRICKLED = {
    "headers": (
        lambda: _trickle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 10_000),
        "no response headers",
    ),
    "body": (
        lambda: lambda conn: (conn.sendall(_head(len(BODY))), _trickle(BODY)(conn)),
        "body not read whole",
    ),
}


@pytest.mark.parametrize("part", sorted(TRICKLED))
def test_a_trickled_answer_fails_within_the_deadline(
    serve: Callable[[Script], str], part: str
) -> None:
    """httpx's timeouts bound each read, not the request: without a deadline a poll waits
    as long as the server cares to drip (one byte every 0.1 s of a 20 MB body: 23 days;
    headers for ever), and the source is never polled again. The deadline bounds the
    whole GET, the in-poll retries included."""
    script, what = TRICKLED[part]
    cfg = _cfg(serve(script()), timeout=1.0, deadline=DEADLINE, retries=2, retry_wait=0.01)
    told = re.escape(f"timeout ({what} within the {DEADLINE:g} s deadline)")
    started = time.monotonic()
    with make_client(cfg) as client, pytest.raises(SourceError, match=told):
        get(client, cfg, cfg.url or "")
    assert time.monotonic() - started < DEADLINE + 0.5


@pytest.mark.parametrize("part", sorted(TRICKLED))
def test_a_poll_cut_off_by_the_deadline_is_logged_and_the_next_poll_works(
    serve: Callable[[Script], str],
    sqlite_engine: Engine,
    caplog: pytest.LogCaptureFixture,
    part: str,
) -> None:
    with FakeSite(posts=sample_posts()[:3]) as site:
        feed = site.feed_xml().encode()
    script, what = TRICKLED[part]
    trickling = [True]

    def answer(conn: socket.socket) -> None:
        if trickling[0]:
            script()(conn)
        else:
            conn.sendall(_head(len(feed)) + feed)

    cfg = _cfg(serve(answer), timeout=1.0, deadline=DEADLINE, retry_wait=0.01)
    started = time.monotonic()
    report = poll_source(Settings(), sqlite_engine, cfg)
    assert time.monotonic() - started < DEADLINE + 0.5
    assert report.error == f"GET {cfg.url}: timeout ({what} within the {DEADLINE:g} s deadline)"
    failed = [r for r in caplog.records if "poll failed" in r.getMessage()]
    assert len(failed) == 1 and report.error in failed[0].getMessage()
    trickling[0] = False
    report = poll_source(Settings(), sqlite_engine, cfg)
    assert report.error is None and report.new == 3


def _gzip(chunks: Iterator[bytes]) -> bytes:
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    return b"".join([*(z.compress(c) for c in chunks), z.flush()])


@pytest.mark.parametrize("encoding", ["gzip", "gzip, gzip"])
def test_a_compressed_body_is_inflated_within_max_bytes(
    serve: Callable[[Script], str], encoding: str
) -> None:
    """A compression bomb is refused having inflated little more than max_bytes. httpx
    inflates each chunk read whole before the cap can look at it: one 64 KiB gzip chunk
    is up to 64 MiB, and encodings stacked ('gzip, gzip', which httpx decodes) multiply:
    a 1 KiB answer inflated to the 256 MiB below at once, and a few KiB more to more
    memory than the host has."""
    body = _gzip(b"\0" * (1 << 20) for _ in range(256))
    if encoding == "gzip, gzip":
        body = _gzip(iter([body]))

    def bomb(conn: socket.socket) -> None:
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
            f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        conn.sendall(head.encode() + body)

    cfg = _cfg(serve(bomb), max_bytes=1_000_000)
    tracemalloc.start()
    try:
        with make_client(cfg) as client, pytest.raises(SourceError, match="max_bytes 1000000"):
            get(client, cfg, cfg.url or "")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8_000_000, f"{peak:,} bytes allocated"


def test_a_compressed_body_within_max_bytes_is_read_whole(serve: Callable[[Script], str]) -> None:
    text = ("<feed>" + "茅台营收增长。" * 5000 + "</feed>").encode()
    for encoding, body in [
        ("gzip", _gzip(iter([text]))),
        ("deflate", zlib.compress(text)),
        ("gzip, deflate", zlib.compress(_gzip(iter([text])))),
    ]:

        def answer(conn: socket.socket, body: bytes = body, encoding: str = encoding) -> None:
            head = (
                "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n"
                f"Content-Encoding: {encoding}\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            conn.sendall(head.encode() + body)

        cfg = _cfg(serve(answer), max_bytes=len(text))
        with make_client(cfg) as client:
            resp = get(client, cfg, cfg.url or "")
        assert resp.content == text, encoding
        assert "content-encoding" not in resp.headers


@pytest.mark.parametrize("kind", ["feed", "jekyll-site", "github"])
def test_every_http_source_is_cut_off_at_its_deadline(
    serve: Callable[[Script], str], sqlite_engine: Engine, kind: str
) -> None:
    """Whatever the kind, its first request (a feed, a listing, the repository) trickling
    its headers ends the poll at the deadline, failed with the reason."""
    url = serve(TRICKLED["headers"][0]())
    where = {"github": {"api_url": url.rsplit("/", 1)[0]}}.get(kind, {"url": url})
    cfg = SourceConfig(name=kind, kind=kind, timeout=1.0, deadline=DEADLINE, **where)  # type: ignore[arg-type]
    started = time.monotonic()
    report = poll_source(Settings(), sqlite_engine, cfg)
    assert time.monotonic() - started < DEADLINE + 0.5
    assert f"timeout (no response headers within the {DEADLINE:g} s deadline)" in (
        report.error or ""
    )
