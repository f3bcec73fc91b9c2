"""Fixtures for source tests: a fake finews site on 127.0.0.1 and quick source configs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from bot.config import Settings, SourceConfig
from tests.fakes.site import FakeSite, SitePost, sample_posts

# A post page that does not arrive whole, as CDNs and sites mid-rebuild answer.
BROKEN_PAGES = ("empty 200", "204", "302 without Location", "cut short")


def serve_broken(site: FakeSite, post: SitePost, how: str) -> None:
    """Answer the post's page broken (`BROKEN_PAGES`) until `site.clear_faults()`."""
    if how == "cut short":  # after the content's first paragraph: it parses as a post
        full = site.post_html(post)
        site.serve_raw(post.path, full[: full.index('<div class="post-content') + 200])
    else:
        status = {"empty 200": 200, "204": 204, "302 without Location": 302}[how]
        site.serve_raw(post.path, "", status=status)


def quick(name: str, kind: str, **kw: Any) -> SourceConfig:
    """A source config with short retry waits, so failure tests take well under 2 s.

    The request timeout stays generous (a loaded CI machine can be slow to answer even
    on loopback); tests about timeouts pass their own short `timeout` with a `slow` fault.
    """
    http = {"timeout": 5.0, "retries": 1, "retry_wait": 0.01}  # a jekyll-dir has no HTTP
    base: dict[str, Any] = {"interval": 60, **({} if kind == "jekyll-dir" else http)}
    base.update(kw)
    return SourceConfig(name=name, kind=kind, **base)


@pytest.fixture
def posts() -> list[SitePost]:
    """The four bundled posts, oldest first (2 emnews, 每日经济新闻, 财联社)."""
    return sample_posts()


@pytest.fixture
def site(posts: list[SitePost]) -> Iterator[FakeSite]:
    """The site with the three oldest posts; tests add the fourth between polls."""
    with FakeSite(posts=list(posts[:3])) as s:
        yield s


@pytest.fixture
def settings() -> Settings:
    return Settings()
