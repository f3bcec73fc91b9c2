"""Prometheus metrics read from the database at scrape time.

The numbers live in the database (several replicas share it), so a custom collector
runs the same aggregate queries as `finews-bot stats` on each scrape instead of keeping
in-process counters that each replica would only know a part of. Row counts can go
down when retention purges old rows, so they are gauges; the per-source poll and
ingest counts only grow and are counters. Only the configured sources are exported:
a source removed from the config keeps its `source_state` row (its counts stay in
`finews-bot stats`' history), but a series for it would age for ever on the dashboards.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, ProcessCollector
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.engine import Engine

from bot.delivery import outbox
from bot.logs import redact
from bot.ops.silent import last_silent
from bot.ops.stats import collect_stats

log = logging.getLogger(__name__)


class FinewsCollector(Collector):
    """Yields finews_* metrics from one `collect_stats` call per scrape; per-source ones
    for the `sources` named (the config's), or every source the database knows (None)."""

    def __init__(
        self, engine: Engine, tz: str = "Asia/Shanghai", sources: Collection[str] | None = None
    ) -> None:
        self.engine = engine
        self.tz = tz
        self.sources = None if sources is None else frozenset(sources)

    def describe(self) -> list[Metric]:
        return []  # no DB query at registration time

    def collect(self) -> Iterator[Metric]:
        t0 = time.perf_counter()
        up = GaugeMetricFamily("finews_database_up", "1 if the database answered this scrape")
        try:
            data = collect_stats(self.engine, tz=self.tz)
            silent = last_silent(self.engine)
        except Exception as exc:
            log.warning("metrics: database query failed: %s", redact(str(exc))[:300])
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from _articles(data, self.tz)
        yield from _sources(data, self.sources)
        yield from _outbox(data)
        yield from _audience(data)
        quiet = GaugeMetricFamily(
            "finews_outlets_silent",
            "outlets followed by active chats with no post for [outlets] silent_days, at the "
            "last daily check (renamed? `finews-bot outlets rename`)",
        )
        quiet.add_metric([], silent)
        yield quiet
        took = GaugeMetricFamily(
            "finews_scrape_duration_seconds", "time spent reading the database for this scrape"
        )
        took.add_metric([], time.perf_counter() - t0)
        yield took


def _articles(data: dict, tz: str) -> Iterator[Metric]:
    stored = GaugeMetricFamily("finews_articles_stored", "articles currently in the database")
    stored.add_metric([], data["articles"]["total"])
    today = GaugeMetricFamily("finews_articles_today", f"articles stored today ({tz} day)")
    today.add_metric([], data["articles"]["today"])
    return iter([stored, today])


def _sources(data: dict, configured: frozenset[str] | None) -> Iterator[Metric]:
    ingested = CounterMetricFamily(
        "finews_source_articles_ingested", "new articles stored by a source", labels=["source"]
    )
    polls = CounterMetricFamily("finews_source_polls", "polls of a source", labels=["source"])
    latency = GaugeMetricFamily(
        "finews_source_poll_duration_seconds", "duration of the last poll", labels=["source"]
    )
    last_ok = GaugeMetricFamily(
        "finews_source_last_success_timestamp_seconds",
        "unix time of the last successful poll",
        labels=["source"],
    )
    failures = GaugeMetricFamily(
        "finews_source_consecutive_failures", "failed polls in a row", labels=["source"]
    )
    today = GaugeMetricFamily(
        "finews_source_articles_today", "articles stored today by a source", labels=["source"]
    )
    overflows = CounterMetricFamily(
        "finews_source_feed_overflows",
        "feed polls whose entries were all unseen (posts may have been missed)",
        labels=["source"],
    )
    for s in data["sources"]:
        if configured is not None and s["name"] not in configured:
            continue
        name = [s["name"]]
        if s["kind"] == "feed":
            overflows.add_metric(name, s["feed_overflows"])
        ingested.add_metric(name, s["articles_total"] or 0)
        polls.add_metric(name, s["polls"] or 0)
        failures.add_metric(name, s["consecutive_failures"] or 0)
        today.add_metric(name, s["articles_today"])
        if s["last_poll_ms"] is not None:
            latency.add_metric(name, s["last_poll_ms"] / 1000.0)
        if s["last_success"]:
            last_ok.add_metric(name, datetime.fromisoformat(s["last_success"]).timestamp())
    return iter([ingested, polls, latency, last_ok, failures, today, overflows])


def _outbox(data: dict) -> Iterator[Metric]:
    ob = data["outbox"]
    rows = GaugeMetricFamily(
        "finews_deliveries",
        "outbox rows by status (sent/failed shrink on purge)",
        labels=["status"],
    )
    for status in outbox.Status:
        rows.add_metric([status.value], ob[status.value])
    depth = GaugeMetricFamily("finews_queue_depth", "deliveries waiting to go out (queued+sending)")
    depth.add_metric([], ob["queued"] + ob["sending"])
    failed = GaugeMetricFamily(
        "finews_deliveries_failed_by_reason", "failed deliveries by reason", labels=["reason"]
    )
    for reason, n in ob["failed_by_reason"].items():
        failed.add_metric([reason], n)
    sent_today = GaugeMetricFamily("finews_deliveries_sent_today", "messages sent today")
    sent_today.add_metric([], ob["sent_today"])
    lag = GaugeMetricFamily(
        "finews_delivery_lag_seconds", "age of the oldest queued or sending delivery (0 if none)"
    )
    lag.add_metric([], ob["oldest_undelivered_age_s"] or 0.0)
    events = CounterMetricFamily(
        "finews_delivery_events",
        "delivery events since the database was created (all replicas): "
        + "; ".join(f"{k}: {v}" for k, v in outbox.COUNTERS.items()),
        labels=["event"],
    )
    for key, n in ob["events"].items():
        events.add_metric([key], n)
    relayed = GaugeMetricFamily(
        "finews_relayed_updates_waiting",
        "Telegram updates received by a replica, waiting for the sender (grow while none runs)",
    )
    relayed.add_metric([], ob["relayed_waiting"])
    return iter([rows, depth, failed, sent_today, lag, events, relayed])


def _audience(data: dict) -> Iterator[Metric]:
    chats = GaugeMetricFamily("finews_chats", "chats by kind", labels=["kind"])
    for kind, n in data["chats"]["by_kind"].items():
        chats.add_metric([kind], n)
    state = GaugeMetricFamily("finews_chats_by_state", "chats by state", labels=["state"])
    for key in ("active", "inactive", "paused", "no_rights"):
        state.add_metric([key], data["chats"][key])
    subs = GaugeMetricFamily("finews_subscriptions", "subscriptions by kind", labels=["kind"])
    for kind, n in data["subscriptions"]["by_kind"].items():
        subs.add_metric([kind], n)
    return iter([chats, state, subs])


def make_registry(
    engine: Engine, tz: str = "Asia/Shanghai", sources: Collection[str] | None = None
) -> CollectorRegistry:
    """A private registry (not the global one): finews metrics plus process RSS/CPU.
    `sources`: the configured source names (see `FinewsCollector`)."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(FinewsCollector(engine, tz, sources))
    ProcessCollector(registry=registry)
    return registry
