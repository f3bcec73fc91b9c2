"""Health verdict shared by `/healthz` and `finews-bot healthcheck`.

Healthy means: the database answers, polling works (the newest successful poll of any
enabled source is recent enough) and the outbox drains (the oldest queued/sending
delivery is young enough). One failing source among several is not "unhealthy": it is
reported per source and in `finews-bot stats`, while the container stays up.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.config import Settings
from bot.delivery import outbox
from bot.listen_address import url_host
from bot.ops.stats import age_s, as_utc
from bot.storage.db import error_line
from bot.storage.models import SourceState
from bot.storage.types import utcnow


def poll_age_limit(settings: Settings) -> int:
    """`[http] max_poll_age`, but never less than twice the shortest enabled source's
    interval: sources polled hourly are not unhealthy 31 minutes after a good poll (one
    interval of margin covers a slow poll and a late start)."""
    shortest = min((s.interval for s in settings.sources if s.enabled), default=0)
    return max(settings.http.max_poll_age, 2 * shortest)


def check_health(
    settings: Settings,
    engine: Engine,
    *,
    started_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[bool, dict[str, Any]]:
    """Return (healthy, report). Never raises: a database error is a failed check.

    `started_at` (the process start) gives a grace period: with no successful poll yet,
    polling only counts as failed once the process has run longer than `max_poll_age`.
    Without it (`finews-bot healthcheck` reading the database directly), once a source
    has failed `failing_report_after` polls in a row.
    """
    now = now or utcnow()
    max_poll_age = poll_age_limit(settings)
    max_lag = settings.http.max_delivery_lag
    enabled = [s.name for s in settings.sources if s.enabled]
    report: dict[str, Any] = {"status": "fail", "time": now.isoformat()}
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
            st = SourceState.__table__
            rows = conn.execute(
                sa.select(st.c.name, st.c.last_success, st.c.consecutive_failures)
            ).all()
            oldest = as_utc(outbox.oldest_pending(conn))
    except Exception as exc:  # the database is down or the schema is missing
        report["database"] = f"error: {error_line(exc, settings.database.url)}"[:300]
        return False, report
    report["database"] = "ok"

    successes = {name: as_utc(ts) for name, ts, _ in rows if name in enabled}
    failures = {name: n or 0 for name, _, n in rows}
    failing_long = any(
        failures.get(s.name, 0) >= s.failing_report_after for s in settings.sources if s.enabled
    )
    report["sources"] = {name: age_s(now, successes.get(name)) for name in enabled}
    newest = max((ts for ts in successes.values() if ts), default=None)
    poll_age = age_s(now, newest)
    report["last_poll_success_age_s"] = poll_age
    if not enabled:
        poll_ok, poll_note = True, "no sources enabled"
    elif poll_age is not None:
        poll_ok = poll_age <= max_poll_age
        poll_note = "ok" if poll_ok else f"no successful poll for {int(poll_age)}s"
    else:  # no start time (a direct check): a source failing for long says enough
        uptime = age_s(now, started_at)
        poll_ok = not failing_long if uptime is None else uptime <= max_poll_age
        poll_note = "waiting for the first poll" if poll_ok else "no successful poll yet"
    lag = age_s(now, oldest) or 0.0
    lag_ok = lag <= max_lag
    report["delivery_lag_s"] = lag
    report["checks"] = {
        "database": "ok",
        "polling": poll_note,
        "delivery": "ok" if lag_ok else f"oldest undelivered waits {int(lag)}s",
    }
    report["limits"] = {"max_poll_age_s": max_poll_age, "max_delivery_lag_s": max_lag}
    healthy = poll_ok and lag_ok
    report["status"] = "ok" if healthy else "fail"
    return healthy, report


def probe(settings: Settings, *, timeout: float = 5.0) -> tuple[bool, dict[str, Any]]:
    """`finews-bot healthcheck`: ask the running bot's /healthz when [http] is enabled
    (so a hung bot process counts as unhealthy), else run the same checks directly.
    Raises `DatabaseUnavailable` when the SQLite data directory cannot be made."""
    if settings.http.enabled:
        import urllib.error
        import urllib.request

        host = settings.http.listen  # every interface: ask the loopback of its family
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
        url = f"http://{url_host(host)}:{settings.http.port}/healthz"
        try:
            with urllib.request.urlopen(url, timeout=timeout) as resp:
                return True, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:  # 503 carries the JSON report
            try:
                return False, json.loads(exc.read() or b"{}")
            except ValueError:
                return False, {"status": "fail", "http": f"HTTP {exc.code} from {url}"}
        except (OSError, ValueError) as exc:
            return False, {"status": "fail", "http": f"{url} unreachable: {exc}"}
    from bot.storage.db import make_engine, opening

    with opening(settings.database.url):  # a data_dir that cannot be made
        engine = make_engine(settings.database.url)
    try:
        return check_health(settings, engine)
    finally:
        engine.dispose()
