"""Subscription service on SQLite and PostgreSQL (the `engine` fixture runs both)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.storage.models import ArticleRow, ArticleTicker, Chat, Outlet, Stock, Subscription
from bot.subscriptions import chats, routes
from bot.subscriptions import service as svc
from bot.subscriptions.latest import latest_for_chat, latest_for_targets
from bot.subscriptions.targets import Target

pytestmark = pytest.mark.db

MOUTAI = Target("ticker", "600519.SH", "贵州茅台 600519.SH")
NBD = Target("category", "meirijingjixinwen", "每日经济新闻")
KW = Target("keyword", "新能源", "新能源")
EXCL = Target("exclude", "传闻", "传闻")


def subs(engine, chat_id):
    with Session(engine) as s:
        rows = s.exec(select(Subscription).where(Subscription.chat_id == chat_id)).all()
        return sorted((r.thread_id, r.kind, r.value) for r in rows)


def test_add_is_idempotent_and_reports_existing(engine):
    chats.upsert_chat(engine, 1, "private", None, "alice")
    r1 = svc.add_subscriptions(engine, 1, [MOUTAI, NBD], created_by=1)
    assert r1.added == [MOUTAI, NBD] and r1.existing == []
    r2 = svc.add_subscriptions(engine, 1, [MOUTAI, KW], created_by=1)
    assert r2.added == [KW] and r2.existing == [MOUTAI]
    assert subs(engine, 1) == [
        (0, "category", "meirijingjixinwen"),
        (0, "keyword", "新能源"),
        (0, "ticker", "600519.SH"),
    ]
    listed = svc.list_subscriptions(engine, 1)
    assert [s.kind for s in listed] == ["category", "ticker", "keyword"]
    assert listed[1].display == "贵州茅台 600519.SH" and listed[1].created_by == 1


def test_limit_refuses_everything_not_half(engine):
    chats.upsert_chat(engine, 2, "private")
    svc.add_subscriptions(engine, 2, [MOUTAI, NBD], limit=3)
    with pytest.raises(svc.LimitExceeded) as exc:
        svc.add_subscriptions(engine, 2, [KW, EXCL], limit=3)
    assert (exc.value.current, exc.value.adding, exc.value.limit) == (2, 2, 3)
    assert len(subs(engine, 2)) == 2  # nothing of the refused batch was stored
    # re-adding existing ones never hits the limit
    assert svc.add_subscriptions(engine, 2, [MOUTAI, KW], limit=3).added == [KW]


def test_topics_are_separate(engine):
    chats.upsert_chat(engine, -100, "supergroup", "论坛")
    svc.add_subscriptions(engine, -100, [MOUTAI], thread_id=0)
    svc.add_subscriptions(engine, -100, [MOUTAI], thread_id=42)
    assert subs(engine, -100) == [(0, "ticker", "600519.SH"), (42, "ticker", "600519.SH")]
    assert len(svc.list_subscriptions(engine, -100, 42)) == 1
    r = svc.remove_subscriptions(engine, -100, [MOUTAI, KW], thread_id=42)
    assert r.removed == [MOUTAI] and r.missing == [KW]
    assert subs(engine, -100) == [(0, "ticker", "600519.SH")]


def test_remove_by_id_checks_owner(engine):
    chats.upsert_chat(engine, 3, "private")
    chats.upsert_chat(engine, 4, "private")
    svc.add_subscriptions(engine, 3, [MOUTAI])
    sub_id = svc.list_subscriptions(engine, 3)[0].id
    assert svc.remove_subscription_id(engine, 4, sub_id) is None  # not chat 4's
    assert subs(engine, 3)
    assert svc.remove_subscription_id(engine, 3, sub_id).value == "600519.SH"
    assert subs(engine, 3) == []
    assert svc.remove_subscription_id(engine, 3, sub_id) is None  # twice: no error


def test_config_routes_replace_only_config_subscriptions(engine):
    cat = svc.load_catalog(engine)
    targets, bad = routes.route_targets(
        cat, ["每日经济新闻", "caixin"], ["600519", "x?"], ["新能源", "-传闻"]
    )
    assert [(t.kind, t.value) for t in targets] == [
        ("category", "meirijingjixinwen"),
        ("category", "caixin"),
        ("ticker", "600519.SH"),
        ("keyword", "新能源"),
        ("exclude", "传闻"),
    ]
    assert bad == ["x?"]
    routes.apply_route(engine, -100200, "channel", "频道", "chan", targets)
    svc.add_subscriptions(engine, -100200, [Target("keyword", "锂电", "锂电")])  # user-made
    routes.apply_route(engine, -100200, "channel", "频道", "chan", targets[:1])  # config shrank
    assert subs(engine, -100200) == [(0, "category", "meirijingjixinwen"), (0, "keyword", "锂电")]


def test_quiet_and_time_parsing():
    assert svc.parse_hhmm("7:30") == "07:30"
    assert svc.parse_hhmm("07：30") == "07:30"
    assert svc.parse_hhmm("24:00") is None
    assert svc.parse_quiet("23:00-07:30") == ("23:00", "07:30")
    assert svc.parse_quiet("23:00 ~ 7:00") == ("23:00", "07:00")
    assert svc.parse_quiet("08:00-08:00") is None
    assert svc.parse_quiet("late") is None
    # whole hours, as people say quiet hours
    assert svc.parse_quiet("23-7") == ("23:00", "07:00")
    assert svc.parse_quiet("22点到6点") == ("22:00", "06:00")
    assert svc.parse_quiet("23-7:30") == ("23:00", "07:30")
    assert svc.parse_quiet("8-8") is None and svc.parse_quiet("25-7") is None


def _article(s, aid, minutes, category="meirijingjixinwen", title="标题", tickers=(), text=""):
    t = datetime(2026, 11, 26, 8, 0, tzinfo=UTC) + timedelta(minutes=minutes)
    s.add(
        ArticleRow(
            id=aid,
            title=title,
            published_at=t,
            category=category,
            category_name="每日经济新闻" if category == "meirijingjixinwen" else category,
            paragraphs=[text],
            tickers=list(tickers),
            source="test",
            content_hash=aid,
        )
    )
    s.flush()
    for tk in tickers:
        s.add(ArticleTicker(article_id=aid, ticker=tk))


def test_latest_matches_like_fanout(engine):
    with Session(engine) as s:
        _article(s, "a1", 1, tickers=["600519.SH"], text="茅台涨停")
        _article(s, "a2", 2, category="emnews", text="新能源车销量")
        _article(s, "a3", 3, category="emnews", text="新能源传闻")
        _article(s, "a4", 4, category="emnews", text="无关")
        _article(s, "a5", 5, category="cailianshe", tickers=["600519.SH"], text="茅台")
        s.commit()
    chats.upsert_chat(engine, 9, "private")
    svc.add_subscriptions(engine, 9, [MOUTAI, KW, EXCL])
    assert [r.id for r in latest_for_chat(engine, 9)] == ["a5", "a2", "a1"]
    assert [r.id for r in latest_for_chat(engine, 9, limit=1)] == ["a5"]
    assert [r.id for r in latest_for_targets(engine, [NBD])] == ["a1"]
    assert latest_for_chat(engine, 12345) == []


def test_catalog_and_outlets_from_tables(engine):
    with Session(engine) as s:
        s.add(Outlet(slug="caixin", name="财新", articles=3))
        s.add(Outlet(slug="meirijingjixinwen", name="每日经济新闻", articles=9))
        s.add(Stock(ticker="600519.SH", name="贵州茅台"))
        s.commit()
    cat = svc.load_catalog(engine)
    assert cat.outlet_by_name("财新") == "caixin"
    assert cat.tickers_named("贵州茅台") == ["600519.SH"]
    assert [o[0] for o in svc.list_outlets(engine)] == ["meirijingjixinwen", "caixin"]
    assert [o[0] for o in svc.list_outlets(engine, "财")] == ["caixin"]
    assert chats.get_chat(engine, 1) is None
    with Session(engine) as s:
        assert s.exec(select(Chat)).all() == []


def test_times_as_chinese_says_them():
    """`/digest daily 8点半` and `/quiet 晚上11点到早上7点` answered the usage: only `8`, `8点`
    and `8:30` were read. The minutes after 点 (半, 30, 30分) and the part of the day
    (下午, 晚上 … add twelve hours to 1-11; 中午 to 1-5; 凌晨 12 is 0) are read too."""
    for text, want in (
        ("8点半", "08:30"),
        ("8点30", "08:30"),
        ("8点05分", "08:05"),
        ("早上8点", "08:00"),
        ("上午9点半", "09:30"),
        ("中午12点", "12:00"),
        ("中午1点", "13:00"),
        ("下午3点", "15:00"),
        ("晚上9点15分", "21:15"),
        ("晚上21点", "21:00"),
        ("凌晨12点", "00:00"),
        ("凌晨1点", "01:00"),
        ("夜里11点", "23:00"),
    ):
        assert svc.parse_time(text) == want, text
    assert svc.parse_time("下午13点半") == "13:30" and svc.parse_time("晚上12点") == "00:00"
    for text in ("8点60", "晚上", "8点半半", "25点", "下午", "8点半分"):
        assert svc.parse_time(text) is None, text
    assert svc.parse_quiet("晚上11点到早上7点") == ("23:00", "07:00")
    assert svc.parse_quiet("晚上10点半-早上6点") == ("22:30", "06:00")
    assert svc.parse_quiet("23点至次日7点") == ("23:00", "07:00")


def test_as_held_names_a_keyword_stored_with_its_marks():
    """/unsub kw:新能源 for a keyword stored as “新能源” before strip_marks; the bare word
    when the chat holds it too; other kinds as given."""

    def sub(kind: str, value: str) -> Subscription:
        return Subscription(chat_id=1, thread_id=0, kind=kind, value=value)

    current = [sub("keyword", "“新能源”"), sub("exclude", "传闻。"), sub("keyword", "储能")]
    kw, ex = Target("keyword", "新能源", "新能源"), Target("exclude", "传闻", "传闻")
    got = svc.as_held([kw, ex, Target("ticker", "600519.SH", "茅台")], current)
    assert [(t.kind, t.value) for t in got] == [
        ("keyword", "“新能源”"),
        ("exclude", "传闻。"),
        ("ticker", "600519.SH"),
    ]
    both = [*current, sub("keyword", "新能源")]
    assert svc.as_held([kw], both) == [kw]
    assert svc.as_held([Target("exclude", "新能源", "新能源")], current)[0].value == "新能源"


def test_a_keyword_written_another_way_is_the_one_held(engine):
    """`kw:GPT5` then `kw:GPT-5` were two subscriptions (both delivering every GPT-5 post);
    either spelling removes the one held."""
    chats.upsert_chat(engine, 7, "private")
    held = Target("keyword", "gpt5", "GPT5")
    assert svc.add_subscriptions(engine, 7, [held]).added == [held]
    again = svc.add_subscriptions(engine, 7, [Target("keyword", "gpt-5", "GPT-5")])
    assert again.added == [] and again.existing == [held]
    both = [Target("exclude", "wi-fi", "Wi-Fi"), Target("exclude", "wi fi", "wi fi")]
    assert [t.value for t in svc.add_subscriptions(engine, 7, both).added] == ["wi-fi"]
    assert subs(engine, 7) == [(0, "exclude", "wi-fi"), (0, "keyword", "gpt5")]
    gone = svc.remove_subscriptions(engine, 7, [Target("keyword", "gpt 5", "GPT 5")])
    assert gone.removed == [held] and gone.missing == []
    gone = svc.remove_subscriptions(engine, 7, [Target("exclude", "wi fi", "Wi Fi")])
    assert [t.value for t in gone.removed] == ["wi-fi"] and subs(engine, 7) == []


def test_unsub_of_a_keyword_removes_every_spelling_held(engine):
    """A chat that stored `gpt5` and `gpt-5` before they were one: `/unsub kw:GPT-5`
    removed only `gpt-5`, and `gpt5` kept pushing every GPT-5 post."""
    chats.upsert_chat(engine, 8, "private")
    with Session(engine) as s:
        for value in ("gpt5", "gpt-5", "gpt-50"):
            s.add(Subscription(chat_id=8, thread_id=0, kind="keyword", value=value, display=value))
        s.commit()
    gone = svc.remove_subscriptions(engine, 8, [Target("keyword", "gpt-5", "GPT-5")])
    assert sorted(t.value for t in gone.removed) == ["gpt-5", "gpt5"] and gone.missing == []
    assert subs(engine, 8) == [(0, "keyword", "gpt-50")]


def test_as_held_names_a_keyword_stored_with_its_prefix_typed_twice():
    """`kw:kw:新能源` stored `kw:新能源` before the prefix was read once: /unsub of the
    keyword (typed either way) names the one held."""
    current = [Subscription(chat_id=1, thread_id=0, kind="keyword", value="kw:新能源")]
    got = svc.as_held([Target("keyword", "新能源", "新能源")], current)
    assert [(t.kind, t.value) for t in got] == [("keyword", "kw:新能源")]
