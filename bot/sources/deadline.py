"""A deadline for a whole HTTP request, headers included.

httpx's timeouts bound each socket operation: a server that sends its headers (or its
body) one byte every few seconds, each just inside the read timeout, holds a request
open for as long as it likes, and with it the source's poll (its job never overlaps
itself, so the source is never polled again). httpcore reads and writes through its
network backend, with the operation's timeout: `DeadlineBackend` wraps that backend and
cuts every timeout to what is left before the deadline `until` set for this thread
(`within`), failing the operation once it has passed. The request then fails as a
timeout (`httpx.ConnectTimeout`, `ReadTimeout`, `WriteTimeout`), on time, wherever it was.

Name resolution too: httpcore's sync backend connects by `socket.create_connection`,
whose `getaddrinfo` takes no timeout (neither the connect timeout nor the deadline
reached it), so a resolver that never answers held the poll for good. `connect_tcp`
resolves the host in a daemon thread of its own and waits for it no longer than the
connect timeout and the deadline allow, then connects to the addresses it got, in
order, as `create_connection` does. A lookup given up on leaves its thread to end when
the system resolver does (its own timeouts, `resolv.conf`); it holds nothing else.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
import typing
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

import httpcore
import httpx

_UNTIL: ContextVar[float | None] = ContextVar("finews_request_deadline", default=None)


@contextlib.contextmanager
def within(until: float | None) -> Iterator[None]:
    """Requests made in this block end by `until` (`time.monotonic()`; None: no deadline)."""
    token = _UNTIL.set(until)
    try:
        yield
    finally:
        _UNTIL.reset(token)


def passed() -> bool:
    until = _UNTIL.get()
    return until is not None and time.monotonic() >= until


def _left(timeout: float | None, error: type[Exception]) -> float | None:
    until = _UNTIL.get()
    if until is None:
        return timeout
    left = until - time.monotonic()
    if left <= 0:
        raise error("the request's deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose reads and writes wait no longer than the deadline allows."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: typing.Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, wait))

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, every connection a `DeadlineStream`."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        hosts = [host] if wait is None or _is_address(host) else _resolve(host, port, wait)
        error: Exception | None = None
        for address in hosts:
            wait = _left(timeout, httpcore.ConnectTimeout)
            try:
                inner = self._inner.connect_tcp(address, port, wait, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc  # the next address, as socket.create_connection does
                continue
            return DeadlineStream(inner)
        assert error is not None
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        wait = _left(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.connect_unix_socket(path, wait, socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host.partition("%")[0])
    except ValueError:
        return False
    return True


def _resolve(host: str, port: int, wait: float) -> list[str]:
    """`host`'s addresses (getaddrinfo's order, duplicates dropped), looked up in a daemon
    thread waited for at most `wait` s: `httpcore.ConnectTimeout` past it,
    `httpcore.ConnectError` when the name does not resolve."""
    got: list[typing.Any] = []
    done = threading.Event()

    def lookup() -> None:
        try:
            got.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except Exception as exc:  # handed to the waiting thread
            got.append(exc)
        finally:
            done.set()

    threading.Thread(target=lookup, name=f"resolve {host}", daemon=True).start()
    if not done.wait(wait):
        raise httpcore.ConnectTimeout(f"name resolution of {host} took longer than {wait:.3g} s")
    result = got[0]
    if isinstance(result, Exception):
        raise httpcore.ConnectError(str(result) or type(result).__name__) from result
    addresses = [str(info[4][0]) for info in result]
    if not addresses:
        raise httpcore.ConnectError(f"no address for {host}")
    return list(dict.fromkeys(addresses))


def install(client: httpx.Client) -> httpx.Client:
    """Put every connection pool of `client` (its own and a proxy's from the environment)
    under the deadline. httpx has no public hook for the network backend, so this sets
    the pools' `_network_backend`; `tests/sources/test_hostile_server.py` fails should a
    new httpx or httpcore release move it."""
    transports = [client._transport, *client._mounts.values()]
    for transport in transports:
        pool = getattr(transport, "_pool", None)
        backend = getattr(pool, "_network_backend", None)
        if backend is not None and not isinstance(backend, DeadlineBackend):
            pool._network_backend = DeadlineBackend(backend)  # type: ignore[union-attr]
    return client
