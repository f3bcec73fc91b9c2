"""Pure parts of the Telegram edge: callback data, rate limit, strings."""

from __future__ import annotations

import re

import pytest

from bot.subscriptions.targets import Target
from bot.telegram import i18n
from bot.telegram.keyboards import (
    Parsed,
    parse_data,
    rm_data,
    sources_data,
    sources_keyboard,
    sub_data,
)
from bot.telegram.ratelimit import CommandRateLimit


@pytest.mark.parametrize(
    ("target", "chat", "data"),
    [
        (Target("ticker", "600519.SH", "贵州茅台 600519.SH"), None, "s|t||600519.SH"),
        (
            Target("category", "meirijingjixinwen", "每日经济新闻"),
            -100123,
            "s|c|-100123|meirijingjixinwen",
        ),
        (Target("keyword", "a|b", "a|b"), None, "s|k||a|b"),  # the value may contain the separator
        (Target("exclude", "传闻", "传闻"), None, "s|x||传闻"),
        (Target("keyword", "openai", "OpenAI"), None, "s|k||OpenAI"),  # a keyword as shown
    ],
)
def test_sub_data_round_trip(target, chat, data):
    assert sub_data(target, chat) == data
    shown = target.display if target.kind in ("keyword", "exclude") else ""
    assert parse_data(data) == Parsed("sub", target.kind, target.value, chat, display=shown)


def test_callback_data_fits_telegram_limit():
    long_kw = Target("keyword", "长" * 30, "长" * 30)  # 90 bytes of UTF-8
    assert sub_data(long_kw) is None  # no button rather than a refused keyboard
    data = sources_data(3, "证" * 40)
    assert len(data.encode()) <= 64 and parse_data(data) == Parsed("src", value="证" * 19, number=3)
    assert parse_data(rm_data(17, -5)) == Parsed("rm", number=17, chat=-5)


@pytest.mark.parametrize(
    "data", [None, "", "x", "s|q||v", "s|t||", "rm|abc|", "rm|1|notachat", "src|x|q", "s|t"]
)
def test_malformed_callback_data_is_ignored(data):
    assert parse_data(data) is None


def test_sources_keyboard_pages():
    outlets = [(f"slug{i}", f"来源{i}", 10 - i) for i in range(10)]
    kb, page, pages = sources_keyboard("zh", outlets, 5, "", {"slug8"})
    assert (page, pages) == (1, 2)  # clamped to the last page
    labels = [b.text for row in kb.inline_keyboard for b in row]
    assert labels == ["✅ 来源8", "来源9", "‹ 上一页", "2/2"]  # subscribed ones are marked
    kb, page, _ = sources_keyboard("zh", outlets, 0, "", set())
    assert [b.text for b in kb.inline_keyboard[-1]] == ["1/2", "下一页 ›"]
    assert sum(len(r) for r in kb.inline_keyboard[:-1]) == 8


def test_rate_limit_window_warn_once_then_drop():
    rl = CommandRateLimit(per_minute=2)
    assert [rl.check(1, t) for t in (0.0, 1.0)] == ["ok", "ok"]
    assert rl.check(1, 2.0) == "warn"
    assert rl.check(1, 3.0) == "drop"
    assert rl.check(2, 3.0) == "ok"  # per user
    assert rl.check(1, 60.5) == "ok"  # the first command left the window
    assert rl.check(1, 61.5) == "ok"
    assert rl.check(1, 62.0) == "warn"  # a new window: told again


def test_rate_limit_memory_is_bounded():
    rl = CommandRateLimit(per_minute=5, max_keys=100)
    for user in range(1000):
        rl.check(user, float(user))  # each user idle after one command
    assert len(rl._hits) <= 100


def test_strings_complete_and_escaped():
    assert set(i18n.STRINGS["zh"]) == set(i18n.STRINGS["en"])
    for lang in i18n.LANGS:
        for key, text in i18n.STRINGS[lang].items():
            fields = set(re.findall(r"{(\w+)}", text))
            rendered = i18n.t(lang, key, **dict.fromkeys(fields, "<x&>"))
            assert "<x&>" not in rendered  # every argument escaped
    assert i18n.t("fr", "resumed") == i18n.t("zh", "resumed")  # unknown language -> Chinese
    assert i18n.t("zh", "subscribed", items=i18n.Html("<b>ok</b>")) == "已订阅 <b>ok</b>"
    assert i18n.describe("zh", "keyword", "a<b") == "关键词 a&lt;b"
    assert [c for c, _ in i18n.COMMANDS["zh"]] == [c for c, _ in i18n.COMMANDS["en"]]


def test_typed_command():
    from bot.telegram.typed import typed_command

    assert typed_command("／sub 阿里巴巴") == "sub"
    assert typed_command("／ＳＵＢ　600519") == "sub"
    assert typed_command("／sub@FinewsTestBot 600519") == "sub"
    assert typed_command("／list") == "list"
    for text in ("/sub 600519", "sub", "／", "／ ", "／汇总 8点", "／ 汇总", "", None):
        assert typed_command(text) is None, text
    # the main commands' Chinese names, after `/` too (Telegram marks none of them)
    assert typed_command("／订阅 600519") == typed_command("/訂閱 600519") == "sub"
    assert typed_command("、 取消订阅 kw:锂电", ("sub",)) == "unsub"
    assert typed_command("/列表@FinewsTestBot") == "list"
    # `、` (a Chinese keyboard's `/` in Chinese-punctuation mode) is also the enumeration
    # comma: only a command the bot has reads as one
    known = ("sub", "list")
    assert typed_command("、sub 阿里巴巴", known) == "sub"
    assert typed_command("、ＬＩＳＴ", known) == "list"
    assert typed_command("／weather", known) == "weather"  # told: no such command
    for text in ("、weather", "、600519", "、BABA", "、贵州茅台", "、", "、 weather", "、 600519"):
        assert typed_command(text, known) is None, text
    # a space some keyboards put after the punctuation
    assert typed_command("、 sub 阿里巴巴", known) == "sub"
    assert typed_command("／　list") == "list"


def test_a_chinese_command_glued_to_its_argument():
    from bot.telegram.typed import command_name, spaced_form, split_command, typed_command

    assert split_command("/订阅600519 kw:AI") == ("/订阅", "600519 kw:AI")
    assert split_command("/取消订阅６００５１９") == ("/取消订阅", "６００５１９")
    assert split_command("、 退订BABA") == ("、退订", "BABA")
    assert split_command("/订阅 600519") == ("/订阅", "600519")
    assert split_command("/sub600519 BABA") == ("/sub", "600519 BABA")  # a code after /sub
    assert split_command("/subscribe") == ("/subscribe", "")
    assert split_command("/sub600519@bot 1") == ("/sub@bot", "600519 1")  # its bot after it
    assert split_command("/订阅600519@bot") == ("/订阅@bot", "600519")
    assert split_command("/订阅茅台") == ("/订阅茅台", "")
    assert typed_command("/訂閱600519") == "sub" and command_name("/订阅600519") == "/sub"
    assert typed_command("/订阅茅台") is None
    assert spaced_form("/订阅茅台 kw:AI") == "/订阅 茅台 kw:AI"
    assert spaced_form("/訂閱茅台") == "/訂閱 茅台"
    for text in ("/订阅", "/订阅600519", "/汇总", "/", "/sub", "/订阅@Bot 茅台"):
        assert spaced_form(text) is None, text


def test_the_list_by_the_names_users_give_it():
    """`/订阅列表` (what the bot's own /list heading calls it) was answered with the hint
    `/订阅 列表`, which would subscribe the keyword 列表; `/最新消息` with `/最新 消息`."""
    from bot.telegram.typed import spaced_form, typed_command

    for text in ("/订阅列表", "/我的订阅", "／訂閱列表"):
        assert typed_command(text) == "list" and spaced_form(text) is None, text
    for text in ("/最新消息", "/最新新闻"):
        assert typed_command(text) == "latest" and spaced_form(text) is None, text
