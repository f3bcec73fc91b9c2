"""HTTP bodies of sources are capped: a huge or endless answer fails the request."""

from __future__ import annotations

import httpx
import pytest

from bot.config import SourceConfig
from bot.sources.base import SourceError, get, read_capped, truncated


def _client(body: bytes, *, declare: bool = True) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        if declare:
            return httpx.Response(200, content=body)
        return httpx.Response(
            200, content=iter([body[i : i + 1000] for i in range(0, len(body), 1000)])
        )

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_body_within_the_cap_is_read_whole() -> None:
    resp = read_capped(_client(b"x" * 5000), "http://site/feed.xml", None, 5000)
    assert resp.status_code == 200 and resp.content == b"x" * 5000


@pytest.mark.parametrize("declare", [True, False])  # Content-Length, or chunked (no length)
def test_a_listings_head_is_read_up_to_the_cap(declare: bool) -> None:
    """`head=True` (a listing newest first): the first `max_bytes` bytes, marked cut."""
    body = bytes(range(256)) * 40
    client = _client(body, declare=declare)
    resp = read_capped(client, "http://site/category/x.html", None, 4096, head=True)
    assert resp.content == body[:4096] and truncated(resp)
    whole = read_capped(_client(body[:4096]), "http://site/x.html", None, 4096, head=True)
    assert whole.content == body[:4096] and not truncated(whole)


@pytest.mark.parametrize("declare", [True, False])  # Content-Length, or chunked (no length)
def test_body_over_the_cap_fails_the_poll(declare: bool) -> None:
    cfg = SourceConfig(
        name="big", kind="feed", url="http://site/feed.xml", max_bytes=4096, retries=0
    )
    with pytest.raises(SourceError, match="max_bytes 4096"):
        get(_client(b"x" * 10_000, declare=declare), cfg, "http://site/feed.xml")
