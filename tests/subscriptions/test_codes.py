"""A Beijing stock's code change: /sub, old subscriptions and fan-out follow the new code.

The pairs are the exchange's real moves as the shipped directory and the corpus show them
(838275 -> 920275 驱动力, 830809 -> 920809 安达科技); 贝特瑞 (835185.BJ in the shipped
snapshot) is taught its 920 code the way a post's stock link teaches it.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from bot.pipeline import process
from bot.stocks.directory import parse_tsv, shipped
from bot.storage.db import session_scope
from bot.storage.models import Delivery, Subscription
from bot.subscriptions import service
from bot.subscriptions.codes import follow_all, follow_code_changes
from bot.subscriptions.targets import Target, parse_target
from tests.fanout.helpers import add_chat, post


def test_an_old_code_moves_to_the_920_code_of_the_same_name() -> None:
    d = parse_tsv(
        "835185.BJ\t贝特瑞\t\t\n920185.BJ\t贝特瑞\t\t\n"
        "830001.BJ\t甲公司\t\t\n870001.BJ\t乙公司\t\t\n920001.BJ\t乙公司\t\t\n"
        "830002.BJ\t丙公司\t\t\n920002.BJ\t丙公司\t\t\n920003.BJ\t丙公司\t\t\n"
        "600001.SH\t丁公司\t\t\n920004.BJ\t丁公司\t\t\n"
    )
    assert d.moved() == {"835185.BJ": "920185.BJ", "870001.BJ": "920001.BJ"}
    assert d.current("835185.BJ") == "920185.BJ"
    assert d.current("830001.BJ") == "830001.BJ"  # no 920 code of its name: stays
    assert d.current("830002.BJ") == "830002.BJ"  # two 920 codes of its name: not guessed
    assert d.current("600001.SH") == "600001.SH"  # only Beijing codes move
    assert d.named("贝特瑞") == ["920185.BJ"]  # one company, not a choice of two codes
    assert d.by_initials("btr") == ["920185.BJ"]
    assert d.named("丁公司") == ["600001.SH", "920004.BJ"]


def test_the_shipped_directory_knows_the_moves_it_holds() -> None:
    d = shipped()
    assert d.current("838275.BJ") == "920275.BJ" and d.current("830809.BJ") == "920809.BJ"
    assert d.named("安达科技") == ["920809.BJ"]


def test_sub_by_old_code_or_name_takes_the_new_code() -> None:
    catalog = service.Catalog.of({}, {"920185.BJ": "贝特瑞"})
    want = Target("ticker", "920185.BJ", "贝特瑞 920185.BJ")
    assert parse_target("835185", catalog) == want
    assert parse_target("835185.BJ", catalog) == want
    assert parse_target("贝特瑞", catalog) == want
    # not yet learned: the old code is all the bot knows, and it is taken as typed
    assert parse_target("贝特瑞", service.Catalog()).value == "835185.BJ"  # type: ignore[union-attr]


def _subs(engine: Engine) -> list[tuple[int, str, str | None, bool]]:
    with session_scope(engine) as s:
        rows = s.execute(
            sa.select(
                Subscription.chat_id, Subscription.value, Subscription.display,
                Subscription.mentions,
            ).where(Subscription.kind == "ticker").order_by(Subscription.chat_id)
        ).all()  # fmt: skip
    return [tuple(r) for r in rows]  # type: ignore[misc]


@pytest.mark.db
def test_old_subscriptions_move_and_merge(engine: Engine) -> None:
    add_chat(engine, 1, [("ticker", "835185.BJ")])
    add_chat(engine, 2, [("ticker", "835185.BJ+"), ("ticker", "920185.BJ")])  # both: merge
    add_chat(engine, 3, [("ticker", "600519.SH")])
    with session_scope(engine) as s:
        s.execute(sa.update(Subscription).where(Subscription.chat_id == 1)
                  .values(display="贝特瑞 835185.BJ"))  # fmt: skip
    with session_scope(engine) as s:
        assert follow_code_changes(s, {"835185.BJ": "920185.BJ"}) == 2
    assert _subs(engine) == [
        (1, "920185.BJ", "贝特瑞 920185.BJ", False),
        (2, "920185.BJ", None, True),  # the `+` of the old copy is kept
        (3, "600519.SH", None, False),
    ]
    with session_scope(engine) as s:  # again: nothing left to move
        assert follow_code_changes(s, {"835185.BJ": "920185.BJ"}) == 0
        assert follow_all(s) == 0


BJ_POST = post(
    "BJ1",
    "贝特瑞：前三季度净利润同比增长",
    "贝特瑞公告，前三季度实现净利润7.2亿元。",
    tickers=("920185.BJ",),
    stock_names={"920185.BJ": "贝特瑞"},
)


@pytest.mark.db
def test_a_post_linking_the_new_code_reaches_the_old_subscription(engine: Engine) -> None:
    """A chat subscribed before the code change gets the first post that links the new
    code, and its subscription reads the new code from then on."""
    add_chat(engine, 7)
    target = parse_target("贝特瑞", service.load_catalog(engine))
    assert target == Target("ticker", "835185.BJ", "贝特瑞 835185.BJ")
    service.add_subscriptions(engine, 7, [target])  # type: ignore[list-item]
    with session_scope(engine) as s:
        process(s, BJ_POST, source="test", push=True)
    with session_scope(engine) as s:
        sent = s.execute(sa.select(Delivery.chat_id, Delivery.article_id)).all()
    assert [tuple(r) for r in sent] == [(7, "BJ1")]
    assert _subs(engine) == [(7, "920185.BJ", "贝特瑞 920185.BJ", False)]
    assert parse_target("贝特瑞", service.load_catalog(engine)).value == "920185.BJ"  # type: ignore[union-attr]


@pytest.mark.db
def test_startup_moves_what_the_learned_names_tell(engine: Engine) -> None:
    """`follow_all` (run at startup and after `stocks update`) reads the names learned so
    far: a 920 code learned while the bot was down still moves the old subscriptions."""
    from bot.storage.stocks import upsert_names

    add_chat(engine, 1, [("ticker", "835185.BJ"), ("ticker", "838275.BJ")])
    with session_scope(engine) as s:
        upsert_names(s, {"920185.BJ": "贝特瑞"})
    with session_scope(engine) as s:
        assert follow_all(s) == 2  # 838275 -> 920275 is in the shipped directory itself
    assert [v for _, v, _, _ in _subs(engine)] == ["920185.BJ", "920275.BJ"]


@pytest.mark.db
def test_a_post_naming_the_stock_without_a_link_reaches_the_moved_subscription(
    engine: Engine,
) -> None:
    """The parser knows only the shipped names: a post naming 贝特瑞 without a stock link
    carries 835185.BJ, while its subscribers hold 920185.BJ once the bot has learned it."""
    from bot.storage.stocks import upsert_names

    add_chat(engine, 7, [("ticker", "920185.BJ")])
    add_chat(engine, 8, [("ticker", "920185.BJ")])
    with session_scope(engine) as s:
        upsert_names(s, {"920185.BJ": "贝特瑞"})
    named = post("BJ2", "贝特瑞获大额订单", "贝特瑞公告获得订单。", tickers=("835185.BJ",))
    mentioned = post("BJ3", "负极材料板块走强", "贝特瑞等跟涨。", mentions=("835185.BJ",))
    with session_scope(engine) as s:
        process(s, named, source="test", push=True)
        process(s, mentioned, source="test", push=True)
    with session_scope(engine) as s:
        sent = s.execute(sa.select(Delivery.chat_id, Delivery.article_id)).all()
    assert sorted(tuple(r) for r in sent) == [(7, "BJ2"), (8, "BJ2")]  # a mention stays one


@pytest.mark.db
def test_latest_finds_the_archives_posts_under_the_old_code(engine: Engine) -> None:
    """/latest on the new code lists the posts stored when the stock had its old one."""
    from bot.storage.stocks import upsert_names
    from bot.subscriptions.latest import latest_for_targets
    from tests.fanout.helpers import add_article, article_row

    with session_scope(engine) as s:
        add_article(s, article_row("OLD1", tickers=("835185.BJ",)))
        add_article(s, article_row("OTHER", tickers=("600519.SH",), minutes=1))
        upsert_names(s, {"920185.BJ": "贝特瑞"})
    found = latest_for_targets(engine, [Target("ticker", "920185.BJ", "贝特瑞 920185.BJ")])
    assert [r.id for r in found] == ["OLD1"]


@pytest.mark.db
def test_the_push_of_a_text_named_post_says_the_moved_subscription_matched(
    engine: Engine,
) -> None:
    """The 🔔 line and the 🔕 button come from the rows the fan-out stored and matched on:
    a post naming 贝特瑞 without a link carries only 835185.BJ, and it reached the
    920185.BJ subscriber through the row `follow_article` stored for the new code."""
    from bot.delivery.store import OutboxStore
    from bot.storage.stocks import upsert_names

    add_chat(engine, 7, [("ticker", "920185.BJ")])
    with session_scope(engine) as s:
        upsert_names(s, {"920185.BJ": "贝特瑞"})
        process(s, post("BJ4", "贝特瑞获大额订单", "贝特瑞公告获得订单。",
                        tickers=("835185.BJ",)), source="test", push=True)  # fmt: skip
    [unit] = OutboxStore(engine, "me").claim(10)
    assert unit.unsub is not None and unit.unsub[:2] == ("ticker", "920185.BJ")
    assert "🔔" in unit.html and "920185" in unit.html
