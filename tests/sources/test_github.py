"""`github` source against the fake GitHub API (real HTTP on 127.0.0.1, real databases)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlmodel import Session

from bot.config import Settings, SourceConfig
from bot.ingest import poll_source
from bot.ingest_state import due
from bot.storage.db import session_scope
from bot.storage.models import Chat, Delivery, Subscription
from tests.fakes.github import FakeGitHub, make_posts, templates
from tests.sources.conftest import quick
from tests.sources.dbutil import article_count, article_ids, state

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def gh() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


def _cfg(gh: FakeGitHub, **kw: object) -> SourceConfig:
    return quick("gh", "github", **{"api_url": gh.base_url, "raw_url": gh.raw_url, **kw})


def _subscribe_all(engine: Engine) -> None:
    """One chat subscribed to every outlet the template posts come from."""
    cats = {re.search(r"(?m)^categories: (\S+)", t).group(1) for _, t in templates()}  # type: ignore[union-attr]
    with session_scope(engine) as s:
        s.add(Chat(id=1, kind="private"))
        s.flush()
        for cat in sorted(cats):
            s.add(Subscription(chat_id=1, kind="category", value=cat))


def _deliveries(engine: Engine) -> list[str]:
    with Session(engine) as s:
        return list(s.execute(sa.select(Delivery.article_id)).scalars())


def _ids(files: dict[str, bytes]) -> set[str]:
    return {re.search(r"([A-Z]*\d{18})\.md$", p).group(1) for p in files}  # type: ignore[union-attr]


def test_first_poll_archive_then_60_new_pushed_once_then_304(
    engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    _subscribe_all(engine)
    gh.commit(make_posts(0, 5, NOW - timedelta(hours=2)))
    cfg = _cfg(gh)
    first = poll_source(settings, engine, cfg)
    assert (first.error, first.first_poll, first.new) == (None, True, 5)
    assert _deliveries(engine) == []  # the archive is stored, not pushed

    batch = make_posts(100, 60, NOW - timedelta(hours=1))
    gh.commit(batch, message="60 posts in one run of the generator")
    hits = dict(gh.hits)
    second = poll_source(settings, engine, cfg)
    assert (second.error, second.new, second.updated) == (None, 60, 0)
    queued = _deliveries(engine)
    assert sorted(queued) == sorted(_ids(batch)) and len(queued) == 60  # each exactly once
    # head + compare; the compare's patches carried every post's text
    assert (
        gh.hits["commit"] - hits["commit"] == 1 and gh.hits["compare"] - hits.get("compare", 0) == 1
    )
    assert gh.hits["raw"] == hits.get("raw", 0) == 0

    before = len(gh.requests)
    third = poll_source(settings, engine, cfg)
    assert third.not_modified and third.error is None and third.new == 0
    assert [s for _, s, _ in gh.requests[before:]] == [304]  # one request, answered 304
    assert len(_deliveries(engine)) == 60 and article_count(engine) == 65


@pytest.mark.parametrize("raw", ["raw host", "contents api"])
def test_content_without_patches_from_raw_host_or_contents_api(
    sqlite_engine: Engine, settings: Settings, raw: str
) -> None:
    with FakeGitHub(patches=False) as gh:
        gh.commit(make_posts(0, 2, NOW - timedelta(hours=1)))
        cfg = _cfg(gh) if raw == "raw host" else _cfg(gh, raw_url="")
        poll_source(settings, sqlite_engine, cfg)
        gh.commit(make_posts(10, 7, NOW))
        report = poll_source(settings, sqlite_engine, cfg)
        assert (report.error, report.new) == (None, 7)
        route = "raw" if raw == "raw host" else "contents"
        assert gh.hits[route] == 9  # 2 archived + 7 new, one read each


def test_500_rewritten_files_of_which_12_new_push_exactly_12(
    engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    _subscribe_all(engine)
    old = make_posts(0, 488, NOW - timedelta(hours=5))
    gh.commit(old)
    cfg = _cfg(gh)
    assert poll_source(settings, engine, cfg).new == 488  # archive: one commit, 5 file pages
    rewritten = {
        p: data.replace(b"\n---\n", b"\nauthor: finews\n---\n", 1) for p, data in old.items()
    }
    new = make_posts(1000, 12, NOW)
    gh.commit({**rewritten, **new}, message="generator rewrote its 500 newest items")
    report = poll_source(settings, engine, cfg)
    assert report.error is None and report.new == 12
    assert sorted(_deliveries(engine)) == sorted(_ids(new))
    # 500 files > the compare's 300: the commit's own file list, paged, was read
    assert gh.hits["commit"] >= 1 + 5
    assert article_count(engine) == 500


def test_force_push_relists_and_never_repushes(
    engine: Engine, gh: FakeGitHub, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    _subscribe_all(engine)
    kept = make_posts(0, 488, NOW - timedelta(hours=3))
    gh.commit(kept)
    cfg = _cfg(gh)
    poll_source(settings, engine, cfg)
    gh.commit(make_posts(500, 3, NOW - timedelta(hours=2)))
    assert poll_source(settings, engine, cfg).new == 3
    pushed = set(_deliveries(engine))
    assert len(pushed) == 3
    # History squashed: the same files (same blobs), 12 new ones and an old unseen post
    # from 2021 that the site never had before; the old head is gone.
    new = make_posts(2000, 12, NOW)
    ancient = make_posts(3000, 1, datetime(2021, 12, 8, 10, tzinfo=UTC))
    gh.force_push({**gh.tree(), **new, **ancient})
    caplog.set_level(logging.WARNING)
    report = poll_source(settings, engine, cfg)
    assert report.error is None and report.new == 12
    queued = _deliveries(engine)
    assert len(queued) == 15 and set(queued) - pushed == _ids(new)
    assert not _ids(ancient) & article_ids(engine)
    assert any("rewritten" in r.getMessage() for r in caplog.records)
    assert poll_source(settings, engine, cfg).not_modified  # back to one 304 per poll


def test_rate_limit_waits_until_reset(engine: Engine, gh: FakeGitHub, settings: Settings) -> None:
    gh.commit(make_posts(0, 2, NOW - timedelta(hours=1)))
    cfg = _cfg(gh)
    poll_source(settings, engine, cfg)
    gh.commit(make_posts(10, 4, NOW))
    gh.spend(0, reset_in=1800)
    before = len(gh.requests)
    report = poll_source(settings, engine, cfg)
    assert report.error and "rate limit" in report.error
    assert [s for _, s, _ in gh.requests[before:]] == [403]  # asked once, never retried
    reset = datetime.fromtimestamp(gh.reset_at, UTC)
    assert report.retry_at == reset
    st = state(engine, "gh")
    assert st.next_poll_at == reset and st.consecutive_failures == 1
    assert not due(engine, "gh", now=reset - timedelta(seconds=1))  # the scheduler waits
    assert due(engine, "gh", now=reset)

    gh.spend(0, reset_in=-1)  # the reset time has come: the budget refills
    after = poll_source(settings, engine, cfg)
    assert (after.error, after.new) == (None, 4)


def test_budget_spent_mid_poll_stops_before_the_next_request(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    gh.commit(make_posts(0, 2, NOW - timedelta(hours=1)))
    cfg = _cfg(gh)
    poll_source(settings, sqlite_engine, cfg)
    gh.commit(make_posts(10, 4, NOW))
    gh.spend(1, reset_in=900)  # the head request takes the last one
    before = len(gh.requests)
    report = poll_source(settings, sqlite_engine, cfg)
    assert report.error and "rate limit" in report.error and report.retry_at
    assert len(gh.requests) - before == 1  # the compare was never sent


def test_retry_after_429_is_respected(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    gh.commit(make_posts(0, 1, NOW))
    gh.retry_after(120)
    report = poll_source(settings, sqlite_engine, _cfg(gh))
    assert report.error and report.retry_at
    assert 100 <= (report.retry_at - datetime.now(UTC)).total_seconds() <= 121
    assert len(gh.requests) == 1  # the 429 is not retried within the poll


def test_token_is_sent_but_never_logged_or_stored(
    sqlite_engine: Engine,
    gh: FakeGitHub,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from bot.logs import MASK, redact

    token = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"
    monkeypatch.setenv("FINEWS_GITHUB_TOKEN", token)
    gh.commit(make_posts(0, 1, NOW))
    gh.spend(0, reset_in=600)
    caplog.set_level(logging.DEBUG)
    cfg = _cfg(gh)
    report = poll_source(settings, sqlite_engine, cfg)
    assert report.error and all(
        h.get("authorization") == f"Bearer {token}" for _, _, h in gh.requests
    )
    assert token not in caplog.text  # never logged, even at DEBUG (httpx lines included)
    assert redact(f"echo {token}") == f"echo {MASK}"  # and masked if anything did
    st = state(sqlite_engine, "gh")
    assert token not in json.dumps(st.cursor) + (st.last_error or "") + (report.error or "")


def test_missing_repo_is_a_clear_source_error(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    report = poll_source(settings, sqlite_engine, _cfg(gh, repo="someone/else"))
    assert report.error and "someone/else" in report.error and "not found" in report.error


def test_budget_running_out_mid_batch_keeps_what_was_read_and_resumes(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings
) -> None:
    from bot.ingest_state import update_state

    gh.commit(make_posts(0, 2, NOW - timedelta(hours=3)))
    cfg = _cfg(gh)
    poll_source(settings, sqlite_engine, cfg)
    batches = [make_posts(100 * (i + 1), 100, NOW - timedelta(hours=2 - i / 4)) for i in range(4)]
    for files in batches:  # 400 files: more than the compare lists, read commit by commit
        gh.commit(files)
    # head, compare, its commit list, then two of the four commits: the budget is spent
    gh.spend(5, reset_in=1800)
    first = poll_source(settings, sqlite_engine, cfg)
    assert (first.error, first.new) == (None, 200)
    assert _ids(batches[0]) | _ids(batches[1]) <= article_ids(sqlite_engine)
    before = len(gh.requests)
    waiting = poll_source(settings, sqlite_engine, cfg)
    assert waiting.error and "rate limit" in waiting.error
    assert len(gh.requests) == before  # known to be spent: not even one request
    # the reset time comes: the budget refills and the rest of the batch is read
    gh.spend(5000, reset_in=-1)
    st = state(sqlite_engine, "gh")
    update_state(sqlite_engine, "gh", cursor={**st.cursor, "rate": {}}, next_poll_at=None)
    rest = poll_source(settings, sqlite_engine, cfg)
    assert (rest.error, rest.new) == (None, 200)
    assert article_count(sqlite_engine) == 402


def test_force_push_with_old_head_gone_relists(
    sqlite_engine: Engine, gh: FakeGitHub, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    gh.commit(make_posts(0, 5, NOW - timedelta(hours=3)))
    cfg = _cfg(gh)
    poll_source(settings, sqlite_engine, cfg)
    gh.force_push({**gh.tree(), **make_posts(50, 2, NOW)}, gc=True)
    caplog.set_level(logging.WARNING)
    report = poll_source(settings, sqlite_engine, cfg)
    assert (report.error, report.new, report.seen) == (None, 2, 5)
    assert any("old head unknown" in r.getMessage() for r in caplog.records)
    assert any(status == 404 and "/compare/" in path for path, status, _ in gh.requests)


def test_a_post_read_but_not_stored_is_read_again_next_poll(
    engine: Engine, gh: FakeGitHub, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cursor moves past the batch; a post whose row failed stays in its `pending`."""
    import bot.ingest

    cfg, batch = _archive_then_batch(engine, gh, settings)
    bad = sorted(_ids(batch))[1]
    real = _fail_storing(monkeypatch, bad)
    second = poll_source(settings, engine, cfg)
    assert (second.error, second.new, second.store_failures) == (None, 2, 1)
    assert bad not in _deliveries(engine)
    monkeypatch.setattr(bot.ingest, "process", real)
    third = poll_source(settings, engine, cfg)  # no new commit: the branch answers 304
    assert (third.error, third.new) == (None, 1)
    assert sorted(_deliveries(engine)) == sorted(_ids(batch))
    assert poll_source(settings, engine, cfg).new == 0  # and once only


@pytest.mark.parametrize("raw", ["raw host", "contents api"])
def test_a_post_file_over_max_bytes_is_given_up_once_not_read_every_poll(
    sqlite_engine: Engine, settings: Settings, caplog: pytest.LogCaptureFixture, raw: str
) -> None:
    with FakeGitHub(patches=False) as gh:
        gh.commit(make_posts(0, 2, NOW - timedelta(hours=2)))
        cfg = _cfg(gh, max_bytes=200_000, **({} if raw == "raw host" else {"raw_url": ""}))
        assert poll_source(settings, sqlite_engine, cfg).error is None  # the archive
        files = make_posts(10, 2, NOW - timedelta(hours=1))
        path, data = next(iter(files.items()))
        files[path] = data + ("\n\n" + "茅台营收增长。" * 20_000).encode()  # ~420 kB
        gh.commit(files)
        caplog.set_level(logging.INFO)
        reports = [poll_source(settings, sqlite_engine, cfg) for _ in range(3)]
        assert [(r.error, r.new, r.skipped) for r in reports] == [(None, 1, 1)] + [(None, 0, 0)] * 2
        name = path.rsplit("/", 1)[-1]
        assert sum(1 for p, _, _ in gh.requests if name in p) == 1  # read once, not per poll
        assert not state(sqlite_engine, "gh").cursor.get("pending")
        told = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(told) == 1 and path in told[0].getMessage(), [r.getMessage() for r in told]
        assert "max_bytes 200000" in told[0].getMessage()
        # an edit of the file (a new blob) is read again
        gh.commit({path: data})
        assert poll_source(settings, sqlite_engine, cfg).new == 1


def test_a_pending_post_edited_before_it_is_read_is_still_pushed(
    engine: Engine, gh: FakeGitHub, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A post waiting in `pending` (its row failed, or its read did) that the next commit
    edits is still new to this source: the edit's `modified` status must not make it look
    like a post from before the first poll, which is left alone for good."""
    import bot.ingest

    cfg, batch = _archive_then_batch(engine, gh, settings)
    bad_path = sorted(batch)[1]
    bad = _ids({bad_path: b""}).pop()
    real = _fail_storing(monkeypatch, bad)
    assert poll_source(settings, engine, cfg).store_failures == 1
    monkeypatch.setattr(bot.ingest, "process", real)
    gh.commit({bad_path: batch[bad_path].replace("。".encode(), "！".encode(), 1)})  # edited
    third = poll_source(settings, engine, cfg)
    assert (third.error, third.new) == (None, 1)
    assert sorted(_deliveries(engine)) == sorted(_ids(batch))
    assert not state(engine, "gh").cursor.get("pending")


def _fail_storing(monkeypatch, article_id: str):  # type: ignore[no-untyped-def]
    """Storing `article_id` raises, as a bad row would; every other article is stored.
    Returns the real `process`, to put back."""
    import bot.ingest

    real = bot.ingest.process

    def flaky(session, article, **kw):  # type: ignore[no-untyped-def]
        if article.id == article_id:
            raise ValueError("simulated bad row")
        return real(session, article, **kw)

    monkeypatch.setattr(bot.ingest, "process", flaky)
    return real


def _archive_then_batch(engine: Engine, gh: FakeGitHub, settings: Settings):  # type: ignore[no-untyped-def]
    """Everyone subscribed; the archive read by a first poll; then a batch of 3 committed."""
    _subscribe_all(engine)
    gh.commit(make_posts(0, 2, NOW - timedelta(hours=2)))
    cfg = _cfg(gh)
    poll_source(settings, engine, cfg)  # the archive
    batch = make_posts(100, 3, NOW - timedelta(hours=1))
    gh.commit(batch)
    return cfg, batch
