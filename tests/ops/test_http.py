"""/healthz and /metrics over real HTTP on 127.0.0.1, reading a real database."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from prometheus_client import generate_latest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.ops import http as ops_http
from bot.ops.metrics import make_registry
from bot.storage.db import make_engine, session_scope
from bot.storage.models import ArticleRow, Chat, Delivery, RelayedUpdate, SourceState, Subscription
from bot.storage.types import utcnow

QUICK = 0.05  # the endpoint looks for stop() every 50 ms, not 0.5 s: no teardown waits


def _settings(**http: object) -> Settings:
    return Settings.model_validate(
        {
            "sources": [
                {"name": "finews", "kind": "feed", "url": "http://127.0.0.1:9/feed.xml"},
                {"name": "git", "kind": "jekyll-dir", "path": "/tmp/x"},
            ],
            "http": {"listen": "127.0.0.1", **http},
        }
    )


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers.get("Content-Type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read().decode()


@pytest.fixture
def serve() -> Iterator:  # type: ignore[type-arg]
    handles = []

    def _start(settings: Settings, engine: Engine) -> ops_http.HttpHandle:
        h = ops_http.start(settings, engine, port=0, poll_interval=QUICK)
        handles.append(h)
        return h

    yield _start
    for h in handles:
        h.stop()


def _fill(engine: Engine, *, poll_age: float, lag: float | None) -> None:
    now = utcnow()
    with session_scope(engine) as s:
        s.add(
            SourceState(
                name="finews",
                kind="feed",
                polls=7,
                articles_total=3,
                last_success=now - timedelta(seconds=poll_age),
                last_poll_ms=420,
            )
        )
        s.add(
            SourceState(
                name="git",
                kind="jekyll-dir",
                polls=2,
                consecutive_failures=2,
                last_error="not a directory",
                last_error_at=now,
            )
        )
        for i in range(3):
            s.add(
                ArticleRow(
                    id=f"N{i}",
                    title="t",
                    published_at=now,
                    category="emnews",
                    category_name="东财滚动新闻",
                    source="finews",
                    content_hash=str(i),
                )
            )
        s.flush()
        s.add(Chat(id=1, kind="private"))
        s.add(Chat(id=-5, kind="channel", active=False))
        s.flush()
        s.add(Subscription(chat_id=1, kind="ticker", value="BABA.US"))
        s.add(Delivery(article_id="N0", chat_id=1, status="sent", sent_at=now))
        s.add(Delivery(article_id="N1", chat_id=-5, status="failed", error="forbidden: kicked"))
        if lag is not None:
            s.add(
                Delivery(
                    article_id="N2",
                    chat_id=1,
                    status="queued",
                    created_at=now - timedelta(seconds=lag),
                )
            )


@pytest.mark.db
def test_healthz_ok(engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    _fill(engine, poll_age=30, lag=12)
    h = serve(_settings(), engine)
    code, ctype, body = _get(f"{h.url}/healthz")
    assert code == 200, body
    assert ctype.startswith("application/json")
    report = json.loads(body)
    assert report["status"] == "ok"
    assert report["database"] == "ok"
    assert 29 <= report["last_poll_success_age_s"] < 60
    assert 11 <= report["delivery_lag_s"] < 60
    assert report["sources"]["git"] is None  # never succeeded, but another source polls fine
    assert report["checks"]["polling"] == "ok"


@pytest.mark.db
def test_healthz_stale_poll_and_lag(engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    _fill(engine, poll_age=4000, lag=2000)
    h = serve(_settings(max_poll_age=1800, max_delivery_lag=900), engine)
    code, _, body = _get(f"{h.url}/healthz")
    assert code == 503
    report = json.loads(body)
    assert report["status"] == "fail"
    assert report["checks"]["polling"].startswith("no successful poll for 4")
    assert report["checks"]["delivery"].startswith("oldest undelivered waits 2")


@pytest.mark.db
def test_healthz_fresh_start_is_healthy(engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    h = serve(_settings(), engine)
    code, _, body = _get(f"{h.url}/healthz")
    assert code == 200, body
    assert json.loads(body)["checks"]["polling"] == "waiting for the first poll"


def test_healthz_allows_for_the_configured_poll_interval(
    sqlite_engine: Engine,
    serve,  # type: ignore[no-untyped-def]
) -> None:
    """Sources polled hourly (a github source without a token, say): 40 minutes after
    the last good poll nothing is wrong, so /healthz must not say 503 (with the default
    max_poll_age of 1800 s it did, half of every hour) -- but a poll overdue by far is."""
    _fill(sqlite_engine, poll_age=2400, lag=None)
    settings = _settings()
    for source in settings.sources:
        source.interval = 3600
    h = serve(settings, sqlite_engine)
    code, _, body = _get(f"{h.url}/healthz")
    assert code == 200, body
    assert json.loads(body)["checks"]["polling"] == "ok"
    _fill_age(sqlite_engine, "finews", 3 * 3600)
    code, _, body = _get(f"{h.url}/healthz")
    assert code == 503, body


def _fill_age(engine: Engine, name: str, age: float) -> None:
    with session_scope(engine) as s:
        state = s.get(SourceState, name)
        assert state is not None
        state.last_success = utcnow() - timedelta(seconds=age)


@pytest.mark.db
def test_direct_healthcheck_fails_when_sources_never_polled_well(engine: Engine) -> None:
    """`finews-bot healthcheck` without [http] (the Docker image's default) has no
    process start time for its grace period: a bot whose sources failed from the first
    poll on (a wrong URL, no network) was "waiting for the first poll" -- healthy --
    for ever. A source failing for long (`failing_report_after`) now fails the check."""
    from bot.ops.health import check_health

    settings = _settings()
    with session_scope(engine) as s:
        s.add(SourceState(name="finews", kind="feed", polls=6, consecutive_failures=6))
    ok, report = check_health(settings, engine)
    assert not ok, report
    assert report["checks"]["polling"] == "no successful poll yet"
    with session_scope(engine) as s:
        state = s.get(SourceState, "finews")
        assert state is not None
        state.polls = state.consecutive_failures = 2  # a first failure or two: still waiting
    ok, report = check_health(settings, engine)
    assert ok, report
    assert report["checks"]["polling"] == "waiting for the first poll"


def test_healthz_database_down(serve) -> None:  # type: ignore[no-untyped-def]
    engine = make_engine("postgresql+psycopg://finews:s3cretpw@127.0.0.1:1/finews")
    h = serve(_settings(), engine)
    code, _, body = _get(f"{h.url}/healthz")
    assert code == 503
    report = json.loads(body)
    assert report["database"].startswith("error: OperationalError")
    assert "s3cretpw" not in body
    # /metrics still answers, saying the database is down.
    code, _, text = _get(f"{h.url}/metrics")
    assert code == 200
    assert "finews_database_up 0.0" in text


def _samples(text: str) -> dict[tuple[str, tuple], float]:
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


@pytest.mark.db
def test_metrics(engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    _fill(engine, poll_age=30, lag=5)
    h = serve(_settings(), engine)
    code, ctype, text = _get(f"{h.url}/metrics")
    assert code == 200 and ctype.startswith("text/plain")
    m = _samples(text)
    assert m[("finews_database_up", ())] == 1
    assert m[("finews_articles_stored", ())] == 3
    assert m[("finews_source_articles_ingested_total", (("source", "finews"),))] == 3
    assert m[("finews_source_polls_total", (("source", "git"),))] == 2
    assert m[("finews_source_poll_duration_seconds", (("source", "finews"),))] == 0.42
    assert m[("finews_source_consecutive_failures", (("source", "git"),))] == 2
    assert ("finews_source_last_success_timestamp_seconds", (("source", "finews"),)) in m
    assert m[("finews_deliveries", (("status", "sent"),))] == 1
    assert m[("finews_deliveries", (("status", "failed"),))] == 1
    assert m[("finews_deliveries_failed_by_reason", (("reason", "forbidden"),))] == 1
    assert m[("finews_queue_depth", ())] == 1
    assert m[("finews_relayed_updates_waiting", ())] == 0
    assert 4 <= m[("finews_delivery_lag_seconds", ())] < 60
    assert m[("finews_chats", (("kind", "channel"),))] == 1
    assert m[("finews_chats_by_state", (("state", "inactive"),))] == 1
    assert m[("finews_subscriptions", (("kind", "ticker"),))] == 1
    assert ("process_resident_memory_bytes", ()) in m
    # the day counted is the configured zone's ([delivery] timezone), and the help says so
    assert "# HELP finews_articles_today articles stored today (Asia/Shanghai day)" in text
    tokyo = generate_latest(make_registry(engine, "Asia/Tokyo")).decode()
    assert "articles stored today (Asia/Tokyo day)" in tokyo

    # Read at scrape time: a new row shows up in the next scrape.
    with session_scope(engine) as s:
        s.add(Delivery(article_id="N2", chat_id=-5, status="queued"))
        s.add(RelayedUpdate(update_id=41, payload="{}", received_at=utcnow()))
    m2 = _samples(_get(f"{h.url}/metrics")[2])
    assert m2[("finews_queue_depth", ())] == 2
    assert m2[("finews_relayed_updates_waiting", ())] == 1


def test_unknown_path_and_stop(sqlite_engine: Engine) -> None:
    h = ops_http.start(_settings(), sqlite_engine, port=0, poll_interval=QUICK)
    try:
        assert _get(f"{h.url}/nope")[0] == 404
        assert _get(f"{h.url}/")[0] == 200
    finally:
        h.stop()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{h.url}/healthz", timeout=2)
    assert not h.thread.is_alive()


def test_start_if_enabled(sqlite_engine: Engine) -> None:
    assert ops_http.start_if_enabled(_settings(enabled=False), sqlite_engine) is None


@pytest.mark.slow
def test_healthcheck_command(sqlite_engine: Engine, tmp_path: Path) -> None:
    _fill(sqlite_engine, poll_age=10, lag=None)
    url = str(sqlite_engine.url)
    h = ops_http.start(_settings(), sqlite_engine, port=0, poll_interval=QUICK)
    cfg = tmp_path / "c.toml"

    def run(http_enabled: bool) -> subprocess.CompletedProcess[str]:
        cfg.write_text(
            f'[database]\nurl = "{url}"\n'
            '[[sources]]\nname = "finews"\nkind = "feed"\nurl = "http://127.0.0.1:9/f"\n'
            f'[http]\nenabled = {str(http_enabled).lower()}\nlisten = "0.0.0.0"\n'
            f"port = {h.port}\n",
            encoding="utf-8",
        )
        return subprocess.run(
            [sys.executable, "-m", "bot", "healthcheck", "--config", str(cfg)],
            capture_output=True,
            text=True,
            timeout=60,
        )

    try:
        ok = run(True)
        assert ok.returncode == 0, ok.stdout + ok.stderr
        assert json.loads(ok.stdout)["status"] == "ok"
    finally:
        h.stop()
    down = run(True)  # the endpoint is gone: a hung or dead bot is unhealthy
    assert down.returncode == 1
    assert "unreachable" in down.stdout
    direct = run(False)  # no endpoint configured: the same checks straight on the database
    assert direct.returncode == 0, direct.stdout + direct.stderr
    assert json.loads(direct.stdout)["database"] == "ok"


def test_run_with_the_http_port_taken_says_so(sqlite_engine: Engine, tmp_path: Path) -> None:
    """`[http] port` already in use (another replica on the host, another exporter): `run`
    stops with one line naming the setting, not an 'unhandled exception' traceback."""
    h = ops_http.start(_settings(), sqlite_engine, port=0, poll_interval=QUICK)  # holds the port
    cfg = tmp_path / "c.toml"
    cfg.write_text(
        f'data_dir = "{tmp_path}"\n'
        '[telegram]\ntoken = "123456:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"\n'
        'base_url = "http://127.0.0.1:9/bot"\n'
        f'[http]\nenabled = true\nlisten = "127.0.0.1"\nport = {h.port}\n',
        encoding="utf-8",
    )
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "run", "--config", str(cfg)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        h.stop()
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert f"[http] cannot listen on 127.0.0.1:{h.port}" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.db
def test_metrics_forget_sources_removed_from_the_config(engine: Engine, serve) -> None:  # type: ignore[no-untyped-def]
    """A source taken out of the config (renamed, dropped) keeps its source_state row, and
    /metrics went on exporting its series after the restart: a `finews_source_*` line per
    removed source for ever, its last success ageing, alerts firing on a source that no
    longer exists. Only configured sources are exported now."""
    _fill(engine, poll_age=30, lag=None)
    with session_scope(engine) as s:
        s.add(SourceState(name="oldfeed", kind="feed", polls=40, consecutive_failures=9))
    before = _samples(_get(f"{serve(_settings(), engine).url}/metrics")[2])
    assert ("finews_source_polls_total", (("source", "finews"),)) in before
    assert ("finews_source_polls_total", (("source", "git"),)) in before

    renamed = _settings()  # the restart after a config change: "git" was removed
    renamed.sources = [s for s in renamed.sources if s.name != "git"]
    after = _samples(_get(f"{serve(renamed, engine).url}/metrics")[2])
    sources = {dict(labels).get("source") for (_, labels) in after} - {None}
    assert sources == {"finews"}, sources
    assert after[("finews_source_polls_total", (("source", "finews"),))] == 7
