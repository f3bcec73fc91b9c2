"""Bad input gets a short polite reply, nothing crashes, nothing is stored half-way."""

from __future__ import annotations

import logging
import re

import pytest

from tests.telegram.harness import OPERATOR, running_bot

U = {"id": 401, "is_bot": False, "first_name": "U"}


@pytest.mark.db
async def test_limit_and_escaping(engine):
    async with running_bot(engine, max_subscriptions=3) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/sub 600519 000001")
        r = await env.say(pm, U, "/sub 00700 BABA kw:锂电")
        # 2 of 3: not "reached"; how many still fit, and that none of the three was stored
        assert "已达上限" not in r.text and "还能再订阅 1 个" in r.text, r.text
        assert "这次的 3 个都没有保存" in r.text, r.text
        assert len(env.subs(401)) == 2  # none of the three was stored
        r = await env.say(pm, U, "/sub 600519 00700")  # one existing + one new fits
        assert "已订阅 腾讯控股 00700.HK" in r.text and "已经订阅过：贵州茅台 600519.SH" in r.text
        assert len(env.subs(401)) == 3
        r = await env.say(pm, U, "/sub kw:锂电")
        assert "订阅已达上限（3 个）" in r.text and len(env.subs(401)) == 3, r.text

        # HTML in arguments is stored as text and escaped in every reply
        pm2 = env.api.private_chat(402)
        u2 = env.api.user(402)
        r = await env.say(pm2, u2, "/sub kw:<b>x</b>&")
        assert "&lt;b&gt;x&lt;/b&gt;&amp;" in r.text
        assert env.subs(402) == [(0, "keyword", "<b>x</b>&")]
        r = await env.say(pm2, u2, "/sub <script>alert(1)</script>")
        assert "&lt;script&gt;" in r.text and "<script>" not in r.text
        r = await env.say(pm2, u2, "/list")
        assert "&lt;b&gt;x&lt;/b&gt;&amp;" in r.text
        assert r.buttons[0]["text"] == "❌ 关键词 <b>x</b>&"  # buttons are plain text
        # control and invisible characters are dropped before parsing
        await env.say(pm2, u2, "/sub kw:新\u200b能\x07源")
        assert (0, "keyword", "新能源") in env.subs(402)


async def test_usage_errors_are_polite(sqlite_engine):
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        cases = {
            "/sub": "请告诉我要订阅什么",
            "/unsub": "请告诉我要取消什么",
            "/sub kw:": "是空的",
            "/sub " + "长" * 45: "太长了",
            "/sub " + "x" * 600: "内容太长了",
            "/sources " + "每日经济" * 150: "内容太长了",  # was every outlet, as if no query
            "/sub " + " ".join(str(600000 + i) for i in range(25)): "一次最多处理 20 个目标",
            "/digest weekly": "用法：",
            "/digest daily 25:00": "用法：",
            "/quiet 8点": "用法：",
            "/quiet 08:00-08:00": "用法：",
            "/lang fr": "用法：",
            "/timezone 火星": "没有认出时区“火星”",
            "/timezone UTC+20": "没有认出时区",
            "/foo": "没有这个命令",
            "/stats": "只对机器人运营者开放",
            "hello": "/help",
        }
        for text, expected in cases.items():
            r = await env.say(pm, U, text)
            assert expected in r.text, (text, r.text)
        assert env.subs(401) == []


async def test_settings_commands(sqlite_engine):
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        await env.say(pm, U, "/pause")
        assert env.chat(401).paused is True
        await env.say(pm, U, "/resume")
        assert env.chat(401).paused is False
        r = await env.say(pm, U, "/digest daily 7:30")
        assert "07:30" in r.text
        chat = env.chat(401)
        assert (chat.digest_mode, chat.digest_time) == ("daily", "07:30")
        await env.say(pm, U, "/digest hourly")
        assert env.chat(401).digest_mode == "hourly"
        await env.say(pm, U, "/digest off")
        assert env.chat(401).digest_mode == "off"
        r = await env.say(pm, U, "/quiet 23:00-7:00")
        chat = env.chat(401)
        assert (chat.quiet_start, chat.quiet_end) == ("23:00", "07:00") and "23:00-07:00" in r.text
        await env.say(pm, U, "/quiet off")
        assert env.chat(401).quiet_start is None
        r = await env.say(pm, U, "/timezone")
        assert "北京时间（Asia/Shanghai）" in r.text
        r = await env.say(pm, U, "/timezone 东京")
        assert env.chat(401).timezone == "Asia/Tokyo" and "东京时间（Asia/Tokyo）" in r.text
        r = await env.say(pm, U, "/quiet 23:00-7:00")  # read in the chat's own zone
        assert "（东京时间）" in r.text
        await env.say(pm, U, "/timezone utc+8")
        assert env.chat(401).timezone == "Etc/GMT-8"
        r = await env.say(pm, U, "/digest daily 8:00")
        assert "（UTC+8）" in r.text
        await env.say(pm, U, "/quiet 22:30-6:00")
        await env.say(pm, U, "/sub 000858")
        r = await env.say(pm, U, "/settings")
        assert r.text.splitlines() == [
            "<b>本聊天的设置</b>",
            "推送：即时推送",
            "提醒：有声音",
            "汇总：每天 08:00 汇总",
            "免打扰：22:30-06:00",
            "新闻后续：静默回复原消息（/updates edit 改写原消息，/updates off 不发）",
            "时区：UTC+8",
            "语言：中文",
            "订阅：1 个（/list 查看）",
            "点下面的按钮切换；时区用 /timezone，免打扰时段用 /quiet 修改。",
        ]
        await env.say(pm, U, "/pause")
        await env.say(pm, U, "/digest off")
        await env.say(pm, U, "/quiet off")
        r = await env.say(pm, U, "/updates 随便")
        assert "/updates edit" in r.text and env.chat(401).updates == "reply"
        r = await env.say(pm, U, "/updates EDIT")
        assert "改写之前推送的那条消息" in r.text and env.chat(401).updates == "edit"
        r = await env.say(pm, U, "/settings")
        assert "推送：已暂停" in r.text and "汇总：关闭，新闻即时推送" in r.text
        assert "免打扰：未设置" in r.text and "新闻后续：改写原消息" in r.text
        await env.say(pm, U, "/updates off")
        assert env.chat(401).updates == "off"
        await env.say(pm, U, "/resume")
        r = await env.say(pm, U, "/lang en")
        assert r.text == "Language set to English." and env.chat(401).lang == "en"
        r = await env.say(pm, U, "/sub 600519")
        assert r.text.startswith("Subscribed: ")
        r = await env.say(pm, U, "/lang zh")
        assert r.text == "语言已设为中文。"


async def test_operator_stats(sqlite_engine):
    async with running_bot(sqlite_engine) as env:
        op = env.api.private_chat(OPERATOR)
        r = await env.say(op, env.api.user(OPERATOR), "/stats")
        assert (
            r.text.startswith("<b>运行状态</b>\n<pre>")
            and "订阅：" in r.text
            and "subscriptions" not in r.text
        )


async def test_rate_limit_per_user(sqlite_engine):
    async with running_bot(sqlite_engine, commands_per_minute=3) as env:
        pm = env.api.private_chat(401)
        for _ in range(3):
            r = await env.say(pm, U, "/help")
            assert "使用说明" in r.text
        r = await env.say(pm, U, "/sub 600519")
        assert re.fullmatch(r"操作太频繁了，请 (\d+) 秒后再试。", r.text), r.text
        assert 55 <= int(re.search(r"\d+", r.text).group()) <= 60  # the window's first hit
        await env.silent(pm, U, "/sub 600519")  # told once; then dropped quietly
        assert env.subs(401) == []
        other = env.api.private_chat(402)
        r = await env.say(other, env.api.user(402), "/sub 600519")  # other users unaffected
        assert r.text.startswith("已订阅")


async def test_anonymous_admins_of_different_groups_are_limited_apart(sqlite_engine):
    """Every anonymous admin writes as GroupAnonymousBot (one user id for all of Telegram):
    the limit counts each group's anonymous admins, not all of them together."""
    anon = {
        "id": 1087968824,
        "is_bot": True,
        "first_name": "Group",
        "username": "GroupAnonymousBot",
    }
    async with running_bot(sqlite_engine, commands_per_minute=3) as env:
        one = env.api.supergroup(-1002301, "甲群")
        two = env.api.supergroup(-1002302, "乙群")
        for _ in range(3):
            r = await env.say(one, anon, "/sub@FinewsTestBot 600519", sender_chat=one)
            assert "600519.SH" in r.text
        r = await env.say(two, anon, "/sub@FinewsTestBot 00700", sender_chat=two)
        assert r.text.startswith("已订阅") and "00700.HK" in r.text, r.text
        assert env.subs(-1002302) == [(0, "ticker", "00700.HK")]
        r = await env.say(one, anon, "/sub@FinewsTestBot 00700", sender_chat=one)
        assert r.text.startswith("操作太频繁了"), r.text  # the first group is still limited


async def test_errors_are_logged_without_token_and_answered(sqlite_engine, caplog):
    caplog.set_level(logging.INFO)
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        env.api.fail(401, "server_error", times=1)  # the first reply fails with a 500
        r = await env.say(pm, U, "/help")
        assert r.text == "抱歉，处理时出了点问题，请稍后再试。"
        r = await env.say(pm, U, "/help")  # and the bot keeps working
        assert "使用说明" in r.text
        # a malformed (forged/stale) button is answered, not crashed on
        qid = env.api.press(U, r, "s|z||nonsense")
        await env.api.wait_answer(qid)
        qid = env.api.press(U, r, "rm|notanumber|")
        await env.api.wait_answer(qid)
        qid = env.api.press(U, r, "rm|999999|")
        assert (await env.api.wait_answer(qid))["text"] == "这个订阅已经不存在了"
    # our own log lines name the failure but never the token (httpx's request lines carry
    # the URL; the handlers installed by bot.logs.setup_logging mask those)
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("bot."))
    assert "update 1 failed: NetworkError" in ours
    assert env.api.token.split(":")[1] not in ours


async def test_unknown_words_are_looked_up_off_the_event_loop(sqlite_engine, monkeypatch):
    """Suggestions for unknown words compare them with every stock name: done on the event
    loop, a /sub, /unsub or /latest of 20 such words (or a private message of one) held
    the delivery worker's sends and every other chat's commands while it ran."""
    import asyncio

    from bot.subscriptions import targets
    from bot.telegram import handlers_chat, handlers_read, handlers_subs

    on_loop: list[bool] = []

    def watched(fn):  # type: ignore[no-untyped-def]
        def run(*args, **kwargs):  # type: ignore[no-untyped-def]
            on_loop.append(asyncio._get_running_loop() is not None)
            return fn(*args, **kwargs)

        return run

    monkeypatch.setattr(handlers_subs, "parse_targets", watched(targets.parse_targets))
    monkeypatch.setattr(handlers_read, "parse_targets", watched(targets.parse_targets))
    monkeypatch.setattr(handlers_chat, "parse_target", watched(targets.parse_target))
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for text in ("/sub 甲乙丙丁戊", "/unsub 甲乙丙丁戊", "/latest 甲乙丙丁戊", "甲乙丙丁戊"):
            await env.say(pm, U, text)
    assert on_loop == [False, False, False, False]


async def test_zones_and_hours_typed_in_traditional_or_full_width_are_understood(sqlite_engine):
    """Readers in Hong Kong and Taiwan write 東京 and 23點 (stock names and keywords in
    traditional characters already match), and a Chinese keyboard types ＵＴＣ＋８ in full
    width: /timezone and /quiet answered 没有认出 / 用法 to all of them."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for typed, zone in (
            ("東京", "Asia/Tokyo"),
            ("紐約時間", "America/New_York"),
            ("倫敦", "Europe/London"),
            ("ＵＴＣ＋９", "Etc/GMT-9"),
            ("Ａｓｉａ／Ｓｅｏｕｌ", "Asia/Seoul"),
        ):
            r = await env.say(pm, U, f"/timezone {typed}")
            assert r.text.startswith("时区已设为") and env.chat(401).timezone == zone, r.text
        r = await env.say(pm, U, "/quiet 23點到7點")
        chat = env.chat(401)
        assert (chat.quiet_start, chat.quiet_end) == ("23:00", "07:00"), r.text
        r = await env.say(pm, U, "/digest daily ０８：３０")
        chat = env.chat(401)
        assert (chat.digest_mode, chat.digest_time) == ("daily", "08:30"), r.text
        await env.say(pm, U, "/quiet 關閉")
        assert env.chat(401).quiet_start is None
        await env.say(pm, U, "/digest 每小時")
        assert env.chat(401).digest_mode == "hourly"
        # only a setting's short words are read simplified: its cache keeps what it is given
        from bot.hanzi import simplified

        cached = simplified.cache_info().currsize
        await env.say(pm, U, "/quiet " + "關" * 3000)
        await env.say(pm, U, "/digest " + "關" * 3000)
        assert simplified.cache_info().currsize == cached


async def test_an_exclusion_silencing_many_keywords_is_answered_in_one_message(sqlite_engine):
    """/sub -kw:新能源 points out every keyword the exclusion silences, one line (~90
    characters) each: with 60 such keywords the reply passed Telegram's 4096 characters,
    so the admin read 抱歉，处理时出了点问题 though the exclusion was stored."""
    names = [f"新能源{i:02d}汽车产业链上市公司研究" for i in range(60)]
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for i in range(0, len(names), 20):
            await env.say(pm, U, "/sub " + " ".join(f"kw:{n}" for n in names[i : i + 20]))
        r = await env.say(pm, U, "/sub -kw:新能源")
        assert r.text.startswith("已排除 新能源"), r.text
        assert "新能源00汽车产业链上市公司研究" in r.text and "/unsub -kw:新能源" in r.text
        assert "另有 55 个关键词也因排除词而不会推送" in r.text  # the first 5 are named
        assert (0, "exclude", "新能源") in env.subs(401)


async def test_other_bots_commands_do_not_count_against_the_limit(sqlite_engine):
    """A bot that is a group admin sees every command, also those of the group's other bots
    (/roll@DiceBot in a game) and unaddressed ones it does not have (/weather): they
    counted against the sender's limit, so a player was told 操作太频繁了 by this bot in
    reply to a command it never handled, and then could not use /list for a minute."""
    async with running_bot(sqlite_engine, commands_per_minute=3) as env:
        grp = env.api.group(-2600, "游戏群")
        for text in ("/roll@DiceBot", "/roll@DiceBot 2d6", "/weather", "/roll@DiceBot", "/top"):
            env.api.send_text(grp, U, text)
        r = await env.say(grp, U, "/list")  # updates are handled in order: after those five
        assert env.api.texts(-2600) == [r.text] and "还没有任何订阅" in r.text, r.text


async def test_a_digest_time_may_be_a_whole_hour_like_quiet_hours(sqlite_engine):
    """/quiet takes 23-7 and 23点到7点; /digest daily 8 and /digest 每天 8点 got 用法 instead
    of a daily digest at 08:00."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for typed, at in (("daily 8", "08:00"), ("每天 8点", "08:00"), ("daily 21", "21:00")):
            r = await env.say(pm, U, f"/digest {typed}")
            chat = env.chat(401)
            assert (chat.digest_mode, chat.digest_time) == ("daily", at), r.text
        r = await env.say(pm, U, "/digest daily 24")
        assert "用法" in r.text and env.chat(401).digest_time == "21:00"


async def test_operator_stats_mark_sources_removed_from_the_config(sqlite_engine):
    """/stats showed a source removed from the config as failing ([ERR], its old error)."""
    from bot.config import SourceConfig
    from bot.storage.db import session_scope
    from bot.storage.models import SourceState

    with session_scope(sqlite_engine) as s:
        s.add(SourceState(name="live", kind="feed", polls=3, consecutive_failures=0))
        s.add(SourceState(name="gone", kind="feed", last_error="HTTP 404", consecutive_failures=7))
    async with running_bot(sqlite_engine) as env:
        env.app.bot_data["finews"].settings.sources = [
            SourceConfig(name="live", kind="feed", url="https://example.org/feed.xml")
        ]
        op = env.api.private_chat(OPERATOR)
        r = await env.say(op, env.api.user(OPERATOR), "/stats")
        assert "已从配置中移除（不再轮询，保留历史）：gone" in r.text, r.text
        assert "HTTP 404" not in r.text and "连续失败 7 次" not in r.text
        assert "live（feed）" in r.text


async def test_lang_updates_and_digest_words_as_a_chinese_keyboard_types_them(sqlite_engine):
    """/timezone, /quiet and /digest read full-width and traditional input, but `/lang ＥＮ`
    and `/updates ＥＤＩＴ` (a full-width keyboard), `/lang 英文` and `/updates 关闭` (the
    words a Chinese user writes) and `/digest 每日 8点` answered with the usage and changed
    nothing. They are read as `en`, `edit`, `off` and `daily` now."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for typed, lang in (("ＥＮ", "en"), ("中文", "zh"), ("英文", "en"), ("简体中文", "zh")):
            await env.say(pm, U, f"/lang {typed}")
            assert env.chat(401).lang == lang, typed
        words = (("ＥＤＩＴ", "edit"), ("关闭", "off"), ("回复", "reply"), ("改写", "edit"))
        for typed, mode in words:
            r = await env.say(pm, U, f"/updates {typed}")
            assert env.chat(401).updates == mode, (typed, r.text)
        r = await env.say(pm, U, "/digest 每日 8点")
        chat = env.chat(401)
        assert (chat.digest_mode, chat.digest_time) == ("daily", "08:00"), r.text
        await env.say(pm, U, "/digest ＨＯＵＲＬＹ")
        assert env.chat(401).digest_mode == "hourly"


async def test_times_as_chinese_says_them_are_understood(sqlite_engine):
    """`/digest daily 8点半` and `/quiet 晚上11点到早上7点` answered the usage."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/digest 每天 8点半")
        assert r.text.startswith("已改为每天 08:30 汇总推送"), r.text
        r = await env.say(pm, U, "/quiet 晚上11点到早上7点")
        assert r.text.startswith("免打扰时段：23:00-07:00"), r.text


async def test_a_time_zone_belt_as_chinese_names_it(sqlite_engine):
    """`/timezone 东八区` (how Chinese names UTC+8) answered 没有认出时区."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/timezone 西五区")
        assert r.text.startswith("时区已设为") and env.chat(401).timezone == "Etc/GMT+5", r.text
        await env.say(pm, U, "/timezone 东八区")
        assert env.chat(401).timezone == "Etc/GMT-8"
