"""Name resolution under the source's deadline: httpcore connects by
`socket.create_connection`, whose `getaddrinfo` takes no timeout, so a resolver that
never answers held the poll (and the source's job) for good. The resolver here is
`socket.getaddrinfo` stubbed for the `.test` names; the server is real, on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import SourceConfig
from bot.sources.base import SourceError, get, make_client
from tests.fakes.site import FakeSite, sample_posts

HANG = 10.0  # how long the stuck resolver holds a lookup before answering after all


class Resolver:
    """`socket.getaddrinfo` for names ending in `.test`: `names[host]` are its addresses;
    `stuck` names answer only once `release` is set (or after HANG s)."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.names: dict[str, list[str]] = {}
        self.stuck: set[str] = set()
        self.release = threading.Event()
        self.asked: list[str] = []

    def __call__(self, host: Any, port: Any, *args: Any, **kw: Any) -> Any:
        if not (isinstance(host, str) and host.endswith(".test")):
            return self.real(host, port, *args, **kw)
        self.asked.append(host)
        if host in self.stuck:
            self.release.wait(HANG)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, int(port)))
            for address in self.names[host]
        ]


@pytest.fixture
def resolver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Resolver]:
    stub = Resolver(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", stub)
    yield stub
    stub.release.set()  # let a lookup given up on end


@pytest.fixture
def site() -> Iterator[FakeSite]:
    with FakeSite(posts=sample_posts()[:2]) as s:
        yield s


def _cfg(url: str, **kw: Any) -> SourceConfig:
    base = {"timeout": 5.0, "deadline": 0.5, "retries": 0, "retry_wait": 0.01}
    return SourceConfig(name="dns", kind="feed", url=url, **{**base, **kw})


def _url(site: FakeSite, host: str) -> str:
    return site.url("/feed.xml").replace("127.0.0.1", host)


def test_a_resolver_that_does_not_answer_fails_the_get_by_its_deadline(
    site: FakeSite, resolver: Resolver
) -> None:
    """Before: the lookup held the GET until the resolver answered (HANG s here, for ever
    on a host whose resolver is gone), then the feed was read as if nothing happened."""
    resolver.names["feed.slow.test"] = ["127.0.0.1"]
    resolver.stuck.add("feed.slow.test")
    cfg = _cfg(_url(site, "feed.slow.test"))
    with make_client(cfg) as client, pytest.raises(SourceError) as err:
        get(client, cfg, cfg.url or "")
    assert str(err.value) == f"GET {cfg.url}: timeout (not connected within the 0.5 s deadline)"
    assert resolver.asked == ["feed.slow.test"]


def test_the_connect_timeout_bounds_the_lookup_too(site: FakeSite, resolver: Resolver) -> None:
    """A lookup longer than `timeout` (per connect) is a connect timeout, retried in the
    poll like any other while the deadline allows."""
    resolver.names["feed.slow.test"] = ["127.0.0.1"]
    resolver.stuck.add("feed.slow.test")
    cfg = _cfg(_url(site, "feed.slow.test"), timeout=0.2, deadline=30.0)
    with make_client(cfg) as client, pytest.raises(SourceError) as err:
        get(client, cfg, cfg.url or "")
    assert str(err.value) == f"GET {cfg.url}: timeout (ConnectTimeout)"


def test_a_name_is_connected_to_by_its_addresses_in_order(
    site: FakeSite, resolver: Resolver
) -> None:
    """The first address refuses (nothing listens on 127.0.0.2): the next one is tried, as
    socket.create_connection does."""
    resolver.names["feed.ok.test"] = ["127.0.0.2", "127.0.0.1"]
    cfg = _cfg(_url(site, "feed.ok.test"), deadline=10.0)
    with make_client(cfg) as client:
        resp = get(client, cfg, cfg.url or "")
    assert resp.status_code == 200 and b"<feed" in resp.content
    assert resp.request.headers["host"].startswith("feed.ok.test:")


def test_a_name_that_does_not_resolve_is_a_connect_error(
    site: FakeSite, resolver: Resolver
) -> None:
    cfg = _cfg(_url(site, "nowhere.test"), deadline=10.0)
    with make_client(cfg) as client, pytest.raises(SourceError) as err:
        get(client, cfg, cfg.url or "")
    assert "ConnectError" in str(err.value) and "Name or service not known" in str(err.value)
