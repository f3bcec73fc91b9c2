"""The polling leader lock, in one process (the cross-process case is in test_processes)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.storage.db import make_engine
from bot.storage.locks import leader_lock, lock_key

pytestmark = pytest.mark.db


def test_lock_keys_are_stable_and_distinct() -> None:
    assert lock_key("polling") == lock_key("polling")
    assert lock_key("finews") != lock_key("polling")
    assert -(2**63) <= lock_key("finews") < 2**63


def test_one_leader_at_a_time(engine: Engine) -> None:
    a = leader_lock(engine)
    if engine.dialect.name == "postgresql":
        other_engine = make_engine(str(engine.url.render_as_string(hide_password=False)))
        b = leader_lock(other_engine)  # another "replica": its own connections
        try:
            with a() as lead_a:
                assert lead_a is True
            with b() as lead_b:
                assert lead_b is False  # a keeps leading between polls (sticky)
            assert a.is_leader() and not b.is_leader("polling")
            assert b.is_leader("another-source")  # per-name locks are independent
            a.release()
            assert b.is_leader() and not a.is_leader()
        finally:
            a.release()
            b.release()
            other_engine.dispose()
    else:  # SQLite: one process; the lock only stops overlapping polls inside it
        with a() as first, a() as second:
            assert (first, second) == (True, False)
        with a() as again:
            assert again is True
