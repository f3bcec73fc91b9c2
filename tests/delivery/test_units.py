"""Pure parts of delivery: pacing, schedules, digest splitting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.delivery.limiter import SendLimiter
from bot.delivery.schedule import held_due, in_quiet_hours, last_digest_slot, rights_probe_wait
from bot.render import digest_header, split_digest
from bot.subscriptions.zones import zone_info as zone

NOW = datetime(2026, 12, 3, 16, 30, tzinfo=UTC)


class FakeClock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_limiter_spaces_global_and_per_chat() -> None:
    clock = FakeClock()
    lim = SendLimiter(
        global_per_second=10, private_per_second=1, group_per_minute=20, pace=1.0, clock=clock
    )
    slots = [lim.take_global() for _ in range(4)]
    assert [round(s - 100, 3) for s in slots] == [0.0, 0.1, 0.2, 0.3]  # even, no burst
    assert lim.chat_ready_at(1, True) == 100.0
    lim.take_chat(1, True)
    assert lim.chat_ready_at(1, True) == 101.0
    lim.take_chat(-5, False)
    assert lim.chat_ready_at(-5, False) == 103.0  # 20/min -> one per 3 s
    assert lim.chat_ready_at(2, True) == 100.0  # other chats unaffected


def test_limiter_429_pauses_only_that_chat_and_forgets_idle_chats() -> None:
    clock = FakeClock()
    lim = SendLimiter(pace=0.5, clock=clock)
    assert abs(lim.private_interval - 2.0) < 1e-9  # pace leaves a margin under the limit
    lim.pause_chat(7, 5)
    assert lim.chat_ready_at(7, True) == 105.0
    assert lim.chat_ready_at(8, True) == 100.0
    lim.take_chat(8, True)
    clock.t = 200.0
    lim.gc()
    assert len(lim) == 0 and lim.chat_ready_at(7, True) == 200.0


def test_quiet_hours_wrap_midnight() -> None:
    tz = zone("Asia/Shanghai")
    at = lambda h, m: datetime(2024, 5, 26, h, m, tzinfo=tz)  # noqa: E731
    assert in_quiet_hours(at(23, 30), "23:00", "07:00")
    assert in_quiet_hours(at(6, 59), "23:00", "07:00")
    assert not in_quiet_hours(at(7, 0), "23:00", "07:00")
    assert in_quiet_hours(at(12, 0), "12:00", "13:00")
    assert not in_quiet_hours(at(12, 0), "12:00", "12:00")
    assert not in_quiet_hours(at(12, 0), None, "13:00")
    assert zone("Not/AZone").key == "Asia/Shanghai"


def test_digest_slots_in_chat_timezone() -> None:
    now = datetime(2024, 5, 26, 1, 30, tzinfo=UTC)  # 09:30 in Shanghai
    tz = zone("Asia/Shanghai")
    assert last_digest_slot(now, "hourly", None, tz) == datetime(2024, 5, 26, 1, 0, tzinfo=UTC)
    assert last_digest_slot(now, "daily", "08:00", tz) == datetime(2024, 5, 26, 0, 0, tzinfo=UTC)
    assert last_digest_slot(now, "daily", "10:00", tz) == datetime(2024, 5, 25, 2, 0, tzinfo=UTC)
    common = {
        "digest_time": "08:00",
        "quiet_start": None,
        "quiet_end": None,
        "timezone": "Asia/Shanghai",
        "now": now,
    }
    # held since 07:50 local, never sent: the 08:00 digest is due
    held = datetime(2024, 5, 25, 23, 50, tzinfo=UTC)
    assert held_due(digest_mode="daily", last_digest_at=None, oldest_held_at=held, **common)
    # last digest went out at 08:00 today: nothing due until tomorrow
    last = datetime(2024, 5, 26, 0, 0, 5, tzinfo=UTC)
    assert not held_due(digest_mode="daily", last_digest_at=last, oldest_held_at=held, **common)
    assert held_due(digest_mode="hourly", last_digest_at=last, oldest_held_at=held, **common)
    # quiet hours over -> release; inside -> keep
    q = {**common, "quiet_start": "09:00", "quiet_end": "10:00"}
    assert not held_due(digest_mode="off", last_digest_at=None, oldest_held_at=held, **q)
    q = {**common, "quiet_start": "23:00", "quiet_end": "07:00"}
    assert held_due(digest_mode="off", last_digest_at=None, oldest_held_at=held, **q)


def _digests_on(day: datetime, zone_name: str, digest_time: str) -> list[datetime]:
    """When a daily digest goes out on `day` (local midnight to midnight), the chat's held
    rows checked every minute, with something new held all the time."""
    tz = zone(zone_name)
    start = day.replace(tzinfo=tz).astimezone(UTC)
    end = (day + timedelta(days=1)).replace(tzinfo=tz).astimezone(UTC)
    last, sent = start - timedelta(hours=12), []
    now = start
    while now < end:
        assert last_digest_slot(now, "daily", digest_time, tz) <= now
        due = held_due(
            now=now,
            digest_mode="daily",
            digest_time=digest_time,
            quiet_start=None,
            quiet_end=None,
            timezone=zone_name,
            last_digest_at=last,
            oldest_held_at=now - timedelta(minutes=1),
        )
        if due:
            sent.append(now)
            last = now
        now += timedelta(minutes=1)
    return sent


def test_one_daily_digest_on_the_days_clocks_change() -> None:
    """02:30 does not exist in New York on 2025-03-09 (02:00 -> 03:00): the digest goes
    out once, at 03:30 EDT. 01:30 happens twice on 2025-11-02: once, at the first."""
    spring = _digests_on(datetime(2025, 3, 9), "America/New_York", "02:30")
    assert spring == [datetime(2025, 3, 9, 7, 30, tzinfo=UTC)]  # 03:30 EDT
    autumn = _digests_on(datetime(2025, 11, 2), "America/New_York", "01:30")
    assert autumn == [datetime(2025, 11, 2, 5, 30, tzinfo=UTC)]  # 01:30 EDT
    plain = _digests_on(datetime(2025, 3, 9), "Asia/Shanghai", "08:00")
    assert plain == [datetime(2025, 3, 9, 0, 0, tzinfo=UTC)]


def test_split_digest_between_items_under_4096() -> None:
    header = digest_header(50, "zh", False, NOW, "Asia/Shanghai")
    items = [f"• <b>标题{i}</b>\n" + "摘要" * (60 + i) for i in range(50)]
    parts = split_digest(header, items)
    assert len(parts) > 1
    assert sum(n for _, n in parts) == 50
    rebuilt = []
    for k, (text, n) in enumerate(parts, 1):
        head = f"{header} · {k}/{len(parts)}"  # the count is the digest's: say which part
        assert len(text) <= 4096 and text.startswith(head + "\n\n")
        body = text[len(head) + 2 :].split("\n\n")
        assert len(body) == n
        rebuilt += body
    assert rebuilt == items  # nothing cut, nothing lost, order kept
    assert split_digest(header, []) == []
    assert split_digest(header, items[:2]) == [(header + "\n\n" + "\n\n".join(items[:2]), 2)]
    assert "免打扰" in digest_header(3, "zh", True, NOW, "Asia/Shanghai")
    assert "digest" in digest_header(3, "en", False, NOW, "Asia/Shanghai")
    # dated in the reader's zone: 16:30 UTC is already Dec 4 in Beijing
    assert "12月4日" in digest_header(3, "zh", False, NOW, "Asia/Shanghai")
    assert "12月3日" in digest_header(3, "zh", False, NOW, "America/New_York")


def test_global_spacing_catches_up_small_lag_but_never_exceeds_the_window() -> None:
    import random
    from collections import deque

    for rate in (30.0, 300.0):
        clock = FakeClock()
        lim = SendLimiter(global_per_second=rate, pace=0.98, clock=clock)
        rnd = random.Random(1)
        window: deque[float] = deque()
        worst = 0
        sends = []
        for _ in range(int(rate * 20)):
            at = lim.global_ready_at()  # as the dispatcher does: wait, then count the send
            if at > clock.t:  # sleeping until the slot: the loop may wake up late
                clock.t = at + rnd.choice([0.0, 0.0, 0.0005, 0.002, 0.01])
            else:  # a slot already due: sent at once
                clock.t += 0.0002
            lim.take_global()
            sends.append(clock.t)
            window.append(clock.t)
            while window[0] <= clock.t - 1.0:
                window.popleft()
            worst = max(worst, len(window))
        assert worst <= rate  # a sliding-window limit (what Telegram counts) holds
        achieved = (len(sends) - 1) / (sends[-1] - sends[0])
        if rate == 300.0:  # lag of a few ms is caught up, not lost
            assert achieved > 0.97 * rate


def test_global_guard_leaves_the_whole_margin_for_arrival_jitter() -> None:
    """Whatever the catch-up does, n sends (Telegram's count per second) never span less
    than 1/pace s, so every one may arrive up to that margin late and n + 1 still never
    fall in one second at Telegram."""
    import random

    clock = FakeClock()
    lim = SendLimiter(global_per_second=30.0, pace=0.98, clock=clock)
    rnd = random.Random(7)
    sends: list[float] = []
    for _ in range(900):
        at = lim.global_ready_at()
        clock.t = max(clock.t, at) + rnd.choice([0.0, 0.0, 0.003, 0.009, 0.03])
        lim.take_global()
        sends.append(clock.t)
    spans = [b - a for a, b in zip(sends, sends[30:], strict=False)]
    assert min(spans) >= 1 / 0.98 - 1e-9
    jittered = sorted(t + rnd.uniform(0, 1 / 0.98 - 1) for t in sends)  # late arrivals
    assert all(b - a > 1.0 for a, b in zip(jittered, jittered[30:], strict=False))


def test_rights_probes_back_off_to_a_cap() -> None:
    """A chat the bot may not post in is probed `probe` after its first refusal, then
    after twice as long as it has waited since the previous one, never longer than 16
    probes (8 h at the default 30 min): a chat restricted for good costs a few refused
    sends a day until retention, not one every 30 min (4,320 in 90 days)."""
    now = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    probe = 1800.0
    assert rights_probe_wait(None, now, probe) == probe  # first refusal
    assert rights_probe_wait(now - timedelta(seconds=5), now, probe) == probe  # in flight
    assert rights_probe_wait(now - timedelta(seconds=1800), now, probe) == 3600
    assert rights_probe_wait(now - timedelta(hours=2), now, probe) == 4 * 3600
    assert rights_probe_wait(now - timedelta(hours=8), now, probe) == 16 * probe  # capped
    waits, t, last = [], now, None
    while t < now + timedelta(days=90):
        wait = rights_probe_wait(last, t, probe)
        waits.append(wait)
        last, t = t, t + timedelta(seconds=wait)
    assert len(waits) < 300 and max(waits) == 16 * probe
