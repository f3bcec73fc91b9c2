"""When held deliveries go out: digests at the chat's time, quiet hours released at their end.

Pure functions of (chat settings, now) so they test without a clock or a database.
Times in the chat's time zone (Asia/Shanghai unless the chat set another one).

Rules:
- quiet hours `HH:MM-HH:MM` (may wrap midnight, e.g. 23:00-07:00): while inside,
  deliveries that become due are held; they are released after `quiet_end` as one
  digest message. A start equal to its end means no quiet hours.
- `digest_mode = hourly`: held items go out at the top of every hour;
  `daily`: once a day at `digest_time` (08:00 when unset). A digest that falls in
  quiet hours waits until they end.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.subscriptions.zones import DEFAULT_ZONE, zone_info

DEFAULT_DIGEST_TIME = "08:00"
RIGHTS_PROBE_GROWTH = 16  # the longest wait between rights probes, in probes (8 h at 30 min)


def parse_hhmm(value: str | None) -> time | None:
    if not value:
        return None
    try:
        h, m = value.split(":")
        return time(int(h), int(m))
    except ValueError:
        return None


def in_quiet_hours(local: datetime, start: str | None, end: str | None) -> bool:
    """Is the local wall-clock time inside [start, end)? Wraps midnight when start > end."""
    s, e = parse_hhmm(start), parse_hhmm(end)
    if s is None or e is None or s == e:
        return False
    t = local.time().replace(second=0, microsecond=0, tzinfo=None)
    return s <= t < e if s < e else (t >= s or t < e)


def last_digest_slot(now: datetime, mode: str, digest_time: str | None, tz: ZoneInfo) -> datetime:
    """The latest scheduled digest moment at or before `now` (aware UTC).

    Compared in UTC, not in wall time: on the day clocks spring forward a daily time
    in the gap (02:30 in New York) does not exist; its wall time is before 03:10 but
    its moment is 03:30. Taken at 03:00 for a slot already passed, it made the chat
    due then and again after each digest until 03:30. On the day clocks fall back a
    daily time in the repeated hour is its first occurrence (fold=0): the second is
    no second digest. An hourly slot keeps the fold (each of the two hours has one).
    """
    local = now.astimezone(tz)
    if mode == "hourly":
        slot, step = local.replace(minute=0, second=0, microsecond=0), timedelta(hours=1)
    else:
        t = parse_hhmm(digest_time) or parse_hhmm(DEFAULT_DIGEST_TIME)
        assert t is not None
        slot = local.replace(hour=t.hour, minute=t.minute, second=0, microsecond=0, fold=0)
        step = timedelta(days=1)
    moment = slot.astimezone(UTC)
    if moment > now:  # later today, or a time the clocks skip: the slot before it
        moment = (slot - step).astimezone(UTC)
    return moment


def held_due(
    *,
    now: datetime,
    digest_mode: str,
    digest_time: str | None,
    quiet_start: str | None,
    quiet_end: str | None,
    timezone: str | None,
    last_digest_at: datetime | None,
    oldest_held_at: datetime,
    default_tz: str = DEFAULT_ZONE,
) -> bool:
    """Should this chat's held deliveries be sent now as a digest?"""
    tz = zone_info(timezone, default_tz)
    if in_quiet_hours(now.astimezone(tz), quiet_start, quiet_end):
        return False
    if (digest_mode or "off") == "off":
        return True  # held only by quiet hours, which are over
    slot = last_digest_slot(now, digest_mode, digest_time, tz)
    anchor = last_digest_at or oldest_held_at
    return slot > anchor


def rights_probe_wait(last_refused: datetime | None, now: datetime, probe: float) -> float:
    """Seconds until a chat the bot may not post in is tried again, after a refusal at
    `now`: `probe` after the first (`last_refused` None: the chat was not marked), then
    twice as long as since the refusal before, at most `RIGHTS_PROBE_GROWTH` probes.
    A chat restricted for good (CHAT_RESTRICTED, a group no member may write in) cost a
    refused send every `probe` until retention; the right given back by an admin comes
    as an update (`outbox.rights_back`) and is not waited for."""
    if last_refused is None:
        return probe
    since = (now - last_refused).total_seconds()
    return min(probe * RIGHTS_PROBE_GROWTH, max(probe, 2 * since))
