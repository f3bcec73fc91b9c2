"""Per-chat views: why a push arrived (🔔 命中), in words, and whose stock goes first."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.article import Article
from bot.delivery.views import view_for
from bot.fanout.match import Sub

ART = Article(
    id="a1",
    title="某公司三季度营收增长15%",
    published_at=datetime(2026, 11, 1, 2, 0, tzinfo=UTC),
    category="meirijingjixinwen",
    category_name="每日经济新闻",
    url="https://example.com/a1",
    paragraphs=("新能源车销量增长，贵州茅台等消费股走强。",),
    tickers=("BABA.US",),
    mentions=("600519.SH",),
    stock_names={"BABA.US": "阿里巴巴"},
)


def _view(*subs: Sub, thread: int = 0):
    return view_for(ART, list(subs), chat_id=1, thread_id=thread, zone="Asia/Tokyo", lang="zh")


def test_stock_beats_keyword_beats_outlet() -> None:
    v = _view(
        Sub(1, 0, "category", "meirijingjixinwen"),
        Sub(1, 0, "keyword", "新能源"),
        Sub(1, 0, "ticker", "BABA.US"),
    )
    assert (v.matched, v.first_ticker, v.zone) == ("阿里巴巴 $BABA", "BABA.US", "Asia/Tokyo")
    assert _view(Sub(1, 0, "category", "meirijingjixinwen")).matched == "每日经济新闻"
    assert _view(Sub(1, 0, "keyword", "新能源")).matched == "新能源"


def test_mention_counts_only_for_a_subscriber_who_opted_in() -> None:
    assert _view(Sub(1, 0, "ticker", "600519.SH")).matched is None
    v = _view(Sub(1, 0, "ticker", "600519.SH", mentions=True))
    # the post carries no name for it: the shipped stock directory names it
    assert (v.matched, v.first_ticker) == ("贵州茅台 #SH600519", "600519.SH")


def test_other_chats_and_topics_do_not_count() -> None:
    assert _view(Sub(2, 0, "ticker", "BABA.US")).matched is None
    assert _view(Sub(1, 7, "ticker", "BABA.US"), thread=8).matched is None
    # the main chat's subscriptions deliver into General, not into topic 8
    assert _view(Sub(1, 0, "ticker", "BABA.US"), thread=8).matched is None


def test_a_topics_push_names_the_topics_own_subscription() -> None:
    """General holds BABA, topic 8 the keyword 新能源: topic 8's push came by the keyword,
    and its 🔕 (pressed in topic 8, which holds no BABA) must be able to end it."""
    general, topic = Sub(1, 0, "ticker", "BABA.US"), Sub(1, 8, "keyword", "新能源")
    assert _view(general, topic, thread=8).matched == "新能源"
    assert _view(general, topic, thread=0).matched == "阿里巴巴 $BABA"
