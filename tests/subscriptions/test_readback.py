"""/sub's read-back of keywords an exclusion silences, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine

from bot.subscriptions import service as svc
from bot.subscriptions.readback import contradictions
from bot.subscriptions.targets import Target
from tests.fanout.helpers import add_chat

pytestmark = pytest.mark.db

KW = Target("keyword", "新能源车", "新能源车")
EX = Target("exclude", "新能源", "新能源")


def test_a_general_exclusion_is_pointed_out_for_every_topics_keyword(engine: Engine) -> None:
    """An exclusion made in General applies to every topic (the fan-out's rule), so adding
    it silences topic 8's keyword: /sub says so, as it does for a keyword in General."""
    add_chat(engine, -100, kind="supergroup")
    svc.add_subscriptions(engine, -100, [KW], thread_id=8)
    svc.add_subscriptions(engine, -100, [EX], thread_id=0)
    assert contradictions(engine, -100, 0, [EX]) == [("新能源车", "新能源")]
    # and from the topic's side, as before: its keyword under General's exclusion
    assert contradictions(engine, -100, 8, [KW]) == [("新能源车", "新能源")]


def test_a_topics_exclusion_silences_only_its_own_keywords(engine: Engine) -> None:
    add_chat(engine, -100, kind="supergroup")
    svc.add_subscriptions(engine, -100, [KW], thread_id=0)
    svc.add_subscriptions(engine, -100, [EX], thread_id=8)
    assert contradictions(engine, -100, 8, [EX]) == []
    assert contradictions(engine, -100, 0, [KW]) == []
