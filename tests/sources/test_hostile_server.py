"""Sources against a server that misbehaves at the socket level (real HTTP on 127.0.0.1):
a body trickled byte by byte, stacked content encodings. Each must fail the request in
bounded time and memory, not hold up the poll."""

from __future__ import annotations

import re
import socket
import threading
import time
import tracemalloc
import zlib
from collections.abc import Callable, Iterator

import pytest

from bot.config import SourceConfig
from bot.sources.base import SourceError, get, make_client

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


def _cfg(url: str, **kw: object) -> SourceConfig:
    return SourceConfig(name="hostile", kind="feed", url=url, retries=0, **kw)  # type: ignore[arg-type]


def test_a_body_trickled_byte_by_byte_times_out(serve: Callable[[Script], str]) -> None:
    """Each byte arrives well within the read timeout, so only a bound on the whole
    request ends it: without one a poll waits as long as the server cares to drip
    (one byte every 0.1 s of a 20 MB body: 23 days), and the source is never polled again."""
    body = b"<feed>" + b" " * 100 + b"</feed>"

    def trickle(conn: socket.socket) -> None:
        head = f"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {len(body)}"
        conn.sendall(head.encode() + b"\r\n\r\n")
        for i in range(len(body)):
            conn.sendall(body[i : i + 1])
            time.sleep(0.05)

    cfg = _cfg(serve(trickle), timeout=1.0)
    told = re.escape("timeout (body not read whole within 1 s)")
    with make_client(cfg) as client, pytest.raises(SourceError, match=told):
        get(client, cfg, cfg.url or "")


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
