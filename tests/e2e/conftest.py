"""The fake Bot API runs in the pytest process; its clock must measure the bot, not pytest.

After a thousand tests the pytest heap is large, and one full garbage collection of it stalls
every thread of this process for a few hundred milliseconds on a loaded 2-core machine. The
fake server's handler threads stall with it, then stamp the requests that queued up meanwhile
all at once, so requests the bot sent evenly spaced land in the fake's 1-second window together
and draw 429s Telegram would never send (a probe measured a 0.3 s gen-2 pause and 7 refusals
during one burst; the test alone passes). Freezing the heap that exists before the test keeps
those old objects out of every collection during it; the bot's own processes are untouched.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _quiet_collector() -> Iterator[None]:
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
