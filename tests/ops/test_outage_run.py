"""`finews-bot run`, the only replica, while its PostgreSQL is unreachable (reached
through a TCP relay on 127.0.0.1 that the test cuts and restores, as a restart does).

It logged `delivery worker … stands by (another replica sends)` and `telegram: another
replica receives the updates; this one stands by`: the leader locks could not be read,
and that was taken for another replica holding them. An operator with one replica
went looking for a second bot. It now says the database is unreachable."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import PG_URL
from tests.e2e.helpers import wait
from tests.fakes.botapi import FakeBotAPI
from tests.fakes.relay import Relay
from tests.ops.test_startup import _run, _stopped

pytestmark = [pytest.mark.slow, pytest.mark.db]
POLLING = "telegram: long polling (this replica receives the updates)"
DOWN_SENDING = "stops sending: the database is unreachable"
DOWN_UPDATES = "telegram: stopped long polling: the database is unreachable"


def test_a_lone_replica_says_the_database_is_unreachable(tmp_path: Path, relay: Relay) -> None:
    url = sa.make_url(PG_URL).set(host="127.0.0.1", port=relay.port)
    with FakeBotAPI() as api:
        proc, log = _run(
            tmp_path,
            f'[database]\nurl = "{url.render_as_string(hide_password=False)}"\n'
            f'[telegram]\ntoken = "{api.token}"\nbase_url = "{api.base_url}"\n',
        )
        try:
            wait(lambda: POLLING in log.read_text(), 60, "long polling", [log])
            relay.cut()
            # what each loop says once it has found the locks unreadable (before: standby)
            wait(lambda: "stops sending" in log.read_text(), 60, "the sender's line", [log])
            wait(lambda: "stopped long polling" in log.read_text(), 60, "updates line", [log])
            relay.up = True
            wait(lambda: log.read_text().count(POLLING) == 2, 60, "long polling again", [log])
            assert _stopped(proc) == 0, log.read_text()[-3000:]
        finally:
            if proc.poll() is None:
                proc.kill()
    text = log.read_text()
    assert "another replica" not in text and "stands by" not in text, text[-4000:]
    assert text.count(DOWN_SENDING) == 1 and text.count(DOWN_UPDATES) == 1, text[-4000:]
