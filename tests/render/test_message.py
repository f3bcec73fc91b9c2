"""Telegram HTML message and its plain-text view."""

from __future__ import annotations

from datetime import UTC, datetime
from html.parser import HTMLParser

from bot.article import Article, Figure, Summary
from bot.render import (
    ALLOWED_TAGS,
    View,
    format_time,
    original_button,
    render_message,
    render_push,
    render_text,
    ticker_tag,
)


class TagCheck(HTMLParser):
    """Collects tags and checks nesting, as Telegram's entity parser would reject bad HTML."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.stack.append(tag)
        if tag == "a" and [k for k, _ in attrs] != ["href"]:
            self.errors.append(f"bad <a> attrs {attrs}")

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")


def check_html(message: str) -> list[str]:
    p = TagCheck()
    p.feed(message)
    p.close()
    errors = list(p.errors)
    errors += [f"tag {t}" for t in p.tags if t not in ALLOWED_TAGS]
    if p.stack:
        errors.append(f"unclosed {p.stack}")
    if len(message) > 4096:
        errors.append("too long")
    return errors


def make_article(**kw) -> Article:
    base = dict(
        id="NW1",
        title="阿里<b>&海外消费者新增6400万",
        published_at=datetime(2022, 5, 26, 14, 4, 46, tzinfo=UTC),
        category="meirijingjixinwen",
        category_name="每日经济新闻",
        url="http://example.com/a?x=1&y=2",
        paragraphs=("正文。",),
        tickers=("BABA.US", "09988.HK", "600519.SH", "000001.SZ"),
        stock_names={"BABA.US": "阿里巴巴", "600519.SH": "贵州茅台"},
    )
    base.update(kw)
    return Article(**base)


def test_message_is_valid_escaped_telegram_html() -> None:
    a = make_article()
    s = Summary("收入<2040.52亿元> & 增长", (Figure("四季度收入", "2040.52亿元", "同比+7%"),))
    msg = render_message(a, s)
    assert check_html(msg) == []
    assert "<b>阿里&lt;b&gt;&amp;海外消费者新增6400万</b>" in msg
    assert "收入&lt;2040.52亿元&gt; &amp; 增长" in msg
    assert "<a " not in msg  # the link to the original is the button, not a text link


def test_time_is_shanghai_by_default() -> None:
    msg = render_message(make_article(), Summary("s"))
    assert "2022-05-26 22:04" in msg
    assert "(" not in msg.splitlines()[0]  # Beijing time needs no label


def test_time_is_in_the_readers_zone_and_says_which() -> None:
    msg = render_message(make_article(), Summary("s"), View(zone="Asia/Tokyo"))
    assert "2022-05-26 23:04 (JST)" in msg.splitlines()[0]
    msg = render_message(make_article(), Summary("s"), View(zone="America/New_York"))
    assert "2022-05-26 10:04 (EDT)" in msg.splitlines()[0]
    assert format_time(make_article().published_at, "Asia/Kolkata").endswith("(IST)")
    assert format_time(make_article().published_at, "No/Such_Zone") == "2022-05-26 22:04"


def test_a_post_that_gives_only_its_day_shows_the_day_alone() -> None:
    # the parser's file-name date (2021-12-08-….md, no front matter date): Beijing midnight
    day_only = make_article(published_at=datetime(2021, 12, 7, 16, 0, tzinfo=UTC))
    for zone in (None, "Asia/Shanghai", "America/New_York"):
        head = render_message(day_only, Summary("s"), View(zone=zone)).splitlines()[0]
        assert head.endswith("· 2021-12-08"), head  # not 00:00, not the 7th in New York
    one_second_later = make_article(published_at=datetime(2021, 12, 7, 16, 0, 1, tzinfo=UTC))
    assert "2021-12-08 00:00" in render_message(one_second_later, Summary("s")).splitlines()[0]


def test_a_post_that_gave_no_date_says_so() -> None:
    # published_at is then when the bot read it: shown as the news' time, old news looks fresh
    undated = make_article(dated=False)
    head = render_message(undated, Summary("s")).splitlines()[0]
    assert head.endswith("· 日期不详") and "2022" not in head, head
    assert (
        render_message(undated, Summary("s"), View(lang="en"))
        .splitlines()[0]
        .endswith("· date unknown")
    )


def test_matched_line_and_matched_stock_first() -> None:
    view = View(matched="贵州茅台 #SH600519", first_ticker="600519.SH")
    msg = render_message(make_article(), Summary("s"), view)
    assert msg.rstrip().endswith("🔔 命中：贵州茅台 #SH600519")
    tickers = next(ln for ln in msg.splitlines() if "$BABA" in ln)
    assert tickers.startswith("贵州茅台 #SH600519 · 阿里巴巴 $BABA")
    en = render_message(make_article(), Summary("s"), View(matched="kw", lang="en"))
    assert "🔔 Matched: kw" in en
    assert "🔔" not in render_message(make_article(), Summary("s"))


def test_push_has_one_original_link_the_button() -> None:
    push = render_push(make_article(), Summary("s"))
    assert push.button == ("阅读原文", "http://example.com/a?x=1&y=2")
    assert "阅读原文" not in push.html


def test_the_original_button_speaks_the_chats_language() -> None:
    """An English chat reads its push in English, the button under it included (the 🔕
    button beside it already is)."""
    push = render_push(make_article(), Summary("s"), View(lang="en"))
    assert push.button == ("Read original", "http://example.com/a?x=1&y=2")
    assert render_push(make_article(), Summary("s"), View(lang="zh")).button[0] == "阅读原文"


def test_tickers_tappable_with_names() -> None:
    msg = render_message(make_article(), Summary("s"))
    assert "阿里巴巴 $BABA" in msg
    assert "#HK09988" in msg
    assert "贵州茅台 #SH600519" in msg
    assert "#SZ000001" in msg


def test_ticker_tag_forms() -> None:
    assert ticker_tag("BABA.US") == "$BABA"
    assert ticker_tag("BRK.B.US") == "$BRKB"
    assert ticker_tag("00700.HK") == "#HK00700"


def test_many_tickers_are_capped() -> None:
    tickers = tuple(f"{600000 + i}.SH" for i in range(40))
    msg = render_message(make_article(tickers=tickers, stock_names={}), Summary("s"))
    assert "等40只" in msg
    assert check_html(msg) == []
    en = render_message(
        make_article(tickers=tickers, stock_names={}), Summary("s"), View(lang="en")
    )
    line = next(ln for ln in en.splitlines() if "#SH600000" in ln)
    assert line.endswith("(40 in all)") and "等" not in en  # in the chat's language


def test_huge_input_stays_under_limit() -> None:
    a = make_article(title="长" * 5000)
    msg = render_message(a, Summary("摘" * 5000))
    assert len(msg) <= 4096 and check_html(msg) == []


def test_render_text_is_plain() -> None:
    a = make_article(title="阿里 <新高> & 海外")
    text = render_text(render_message(a, Summary("收入 & 利润", (Figure("收入", "1亿元"),))))
    assert "<b>" not in text and "&amp;" not in text
    assert "阿里 <新高> & 海外" in text  # text that looks like a tag stays text
    assert "收入 & 利润" in text


def test_original_button() -> None:
    assert original_button(make_article()) == ("阅读原文", "http://example.com/a?x=1&y=2")
    assert original_button(make_article(url=None)) is None


def test_no_url_no_button() -> None:
    push = render_push(make_article(url=None), Summary("s"))
    assert push.button is None and "<a" not in push.html
