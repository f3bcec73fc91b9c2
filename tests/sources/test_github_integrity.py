"""`github` source: a post's bytes are taken only when they are the file GitHub listed.

Each changed file comes with its blob SHA; the raw host (or the contents API) can still
answer 200 with other bytes: a body cut short by a proxy or a dropped connection that
sent no length, a CDN's empty page. Taken as they are, such bytes were stored (a post
cut after its first paragraph, pushed so) or rejected as an empty post, and recorded under
the blob SHA: never read again, so the post stayed cut, or lost, for good.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings, SourceConfig
from bot.ingest import poll_source
from bot.parser import parse_post
from bot.storage.models import ArticleRow, Delivery
from tests.fakes.github import FakeGitHub, make_posts
from tests.sources.conftest import quick
from tests.sources.test_github import _subscribe_all

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub(patches=False) as fake:  # every post read from the file host
        yield fake


def _cfg(gh: FakeGitHub, **kw: object) -> SourceConfig:
    return quick("gh", "github", **{"api_url": gh.base_url, "raw_url": gh.raw_url, **kw})


def _batch(engine: Engine, gh: FakeGitHub, settings: Settings, cfg: SourceConfig) -> dict:
    _subscribe_all(engine)
    gh.commit(make_posts(0, 2, NOW - timedelta(hours=2)))
    assert poll_source(settings, engine, cfg).error is None  # the archive
    batch = make_posts(100, 3, NOW - timedelta(hours=1))
    gh.commit(batch)
    return batch


def _stored(engine: Engine, path: str, data: bytes) -> tuple[list[str] | None, int]:
    """(the stored paragraphs of the post in `path`, how often it was queued)."""
    article_id = parse_post(data.decode(), filename=path.rsplit("/", 1)[-1]).id
    with Session(engine) as s:
        row = s.get(ArticleRow, article_id)
        queued = s.execute(
            sa.select(sa.func.count()).where(Delivery.article_id == article_id)
        ).scalar_one()
    return (list(row.paragraphs) if row else None), queued


@pytest.mark.parametrize("answer", ["cut short", "empty"])
@pytest.mark.parametrize("raw", ["raw host", "contents api"])
def test_a_post_read_other_than_its_blob_is_read_again_not_kept(
    engine: Engine,
    gh: FakeGitHub,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    answer: str,
    raw: str,
) -> None:
    cfg = _cfg(gh) if raw == "raw host" else _cfg(gh, raw_url="")
    batch = _batch(engine, gh, settings, cfg)
    path, data = sorted(batch.items())[1]
    cut = data[: data.index(b"\n\n", data.index(b"\n---\n") + 6)] if answer == "cut short" else b""
    gh.garble(path, cut)
    caplog.set_level(logging.WARNING)
    second = poll_source(settings, engine, cfg)
    assert (second.error, second.new, second.skipped) == (None, 2, 1), second.line()
    assert _stored(engine, path, data) == (None, 0)  # neither kept cut nor lost
    told = [r.getMessage() for r in caplog.records if path in r.getMessage()]
    assert len(told) == 1 and "blob" in told[0], told
    third = poll_source(settings, engine, cfg)  # the branch answers 304: from `pending`
    assert (third.error, third.new) == (None, 1)
    whole = parse_post(data.decode(), filename=path.rsplit("/", 1)[-1])
    assert _stored(engine, path, data) == (list(whole.paragraphs), 1)


def test_a_host_that_never_serves_the_blob_is_taken_after_missing_retries(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    """A mirror that always rewrites the file (line ends, say) must not lose the post: after
    `missing_retries` polls its bytes are taken as they are, with a warning."""
    cfg = _cfg(gh, missing_retries=2)
    batch = _batch(sqlite_engine, gh, settings, cfg)
    path, data = sorted(batch.items())[0]
    gh.garble(path, data.replace(b"\n", b"\r\n"), times=None)
    caplog.set_level(logging.WARNING)
    reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(4)]
    assert [(r.error, r.new, r.skipped) for r in reports] == [
        (None, 2, 1),
        (None, 0, 1),
        (None, 1, 0),
        (None, 0, 0),
    ]
    assert _stored(sqlite_engine, path, data)[1] == 1
    told = [r.getMessage() for r in caplog.records if path in r.getMessage()]
    assert len(told) == 2 and "taken as" in told[1], told


def test_a_file_host_asking_to_wait_is_not_asked_for_the_other_files(
    engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    """The raw host's own rate limit (429 with `Retry-After`): the batch's other files wait
    in the cursor for the next poll instead of each drawing a 429 of its own."""
    cfg = _cfg(gh)
    batch = _batch(engine, gh, settings, cfg)
    raw_before = gh.hits["raw"]
    gh.raw_retry_after(60)
    second = poll_source(settings, engine, cfg)
    assert (second.error, second.new, second.skipped) == (None, 0, 3), second.line()
    assert gh.hits["raw"] - raw_before == 1  # asked once, not once per file
    with Session(engine) as s:
        assert s.execute(sa.select(sa.func.count()).select_from(Delivery)).scalar_one() == 0
    from bot.ingest_state import update_state
    from tests.sources.dbutil import state

    update_state(engine, "gh", cursor={**state(engine, "gh").cursor, "rate": {}})
    third = poll_source(settings, engine, cfg)
    assert (third.error, third.new) == (None, 3), third.line()
    for path, data in batch.items():
        assert _stored(engine, path, data)[1] == 1


def test_a_secondary_rate_limit_is_told_as_one_not_as_no_access(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    """GitHub's secondary limit is a 403 with budget left and, often, no `Retry-After`:
    it said 'no access: check repo and FINEWS_GITHUB_TOKEN', sending the operator after a
    token that was fine. GitHub asks to wait a minute at least: the next poll waits so."""
    gh.commit(make_posts(0, 1, NOW))
    gh.secondary_limit()
    report = poll_source(settings, sqlite_engine, _cfg(gh))
    assert report.error and "secondary rate limit" in report.error, report.error
    assert "no access" not in report.error
    assert report.retry_at and report.retry_at >= datetime.now(UTC) + timedelta(seconds=50)
