"""t.me links: a channel where a channel is taken, never a keyword (`bot.subscriptions.tme`)."""

from __future__ import annotations

import pytest

from bot.subscriptions.targets import Catalog, Unknown, parse_target, parse_targets
from bot.subscriptions.tme import channel_ref, is_link


@pytest.mark.parametrize(
    ("text", "ref"),
    [
        ("@finchan", "@finchan"),
        ("-1001234567890", "-1001234567890"),
        ("https://t.me/finchan", "@finchan"),
        ("http://t.me/finchan/", "@finchan"),
        ("t.me/finchan", "@finchan"),
        ("T.ME/FinChan", "@FinChan"),
        ("https://t.me/s/finchan", "@finchan"),
        ("https://t.me/finchan/123", "@finchan"),
        ("https://t.me/finchan?start=x", "@finchan"),
        ("https://telegram.me/finchan", "@finchan"),
        ("ｔ．ｍｅ／finchan", "@finchan"),
        ("https://t.me/+AbCdEf123", None),  # an invite link names no channel
        ("https://t.me/joinchat/AbCdEf", None),
        ("https://t.me/abc", None),  # too short for a username
        ("finchan", None),
        ("https://example.com/finchan", None),
        ("@1finchan", None),
    ],
)
def test_channel_ref(text, ref):
    assert channel_ref(text) == ref


def test_a_link_is_no_target():
    catalog = Catalog.of({}, {})
    for text in ("https://t.me/xxxnews", "t.me/xxxnews", "https://t.me/+AbCdEf", "kw:t.me/xxxnews"):
        r = parse_target(text, catalog)
        assert isinstance(r, Unknown) and r.reason == "link" and r.suggestions == (), text
    ok, bad = parse_targets(
        ["600519", "https://t.me/xxxnews"], Catalog.of({}, {"600519.SH": "贵州茅台"})
    )
    assert [x.value for x in ok] == ["600519.SH"] and [u.reason for u in bad] == ["link"]
    assert is_link("https://t.me/xxxnews") and not is_link("新能源") and not is_link("t.me")
