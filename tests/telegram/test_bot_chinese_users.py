"""Left-overs at the Telegram edge for Chinese-speaking users: commands as they type them,
settings with a sentence's end, keywords stored with marks, groups named as channels
(the real PTB client against the fake Bot API)."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from tests.telegram.harness import running_bot

U = {"id": 401, "is_bot": False, "first_name": "U"}
ADMIN = {"id": 201, "is_bot": False, "first_name": "Admin"}


async def test_a_command_addressed_to_another_bot_in_a_private_chat_is_answered(
    sqlite_engine: Engine,
) -> None:
    """`/sub@OtherBot 600519` (copied from a group) in a private chat got no reply at all: in a
    private chat only this bot reads it. It is run as `/sub 600519`; in a group it stays
    another bot's business."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub@OtherBot 600519")
        assert r.text.startswith("已订阅") and env.subs(401) == [(0, "ticker", "600519.SH")]
        r = await env.say(pm, U, "/nosuch@OtherBot")
        assert "没有这个命令" in r.text
        grp = env.api.group(-2700, "群")
        env.api.set_member(-2700, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "/sub@OtherBot 600519")
        await env.silent(grp, ADMIN, "/nosuch@OtherBot")
        assert env.subs(-2700) == []


async def test_chinese_command_names_work_in_a_private_chat(sqlite_engine: Engine) -> None:
    """`/订阅 600519` is no Telegram command (only Latin letters after `/` are): it got the
    /help hint. The main commands' Chinese names are read in a private chat, after `/`,
    `／` or `、`, traditional too; in a group they stay members' chatter."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/订阅 600519 kw:新能源")
        assert r.text.startswith("已订阅") and len(env.subs(401)) == 2, r.text
        r = await env.say(pm, U, "/列表")
        assert "当前订阅" in r.text and "2 个" in r.text, r.text
        r = await env.say(pm, U, "／取消订阅 kw:新能源")
        assert r.text.startswith("已取消订阅"), r.text
        r = await env.say(pm, U, "、退订 600519")
        assert r.text.startswith("已取消订阅") and env.subs(401) == [], r.text
        r = await env.say(pm, U, "/訂閱 600519")
        assert r.text.startswith("已订阅"), r.text
        r = await env.say(pm, U, "/帮助")
        assert "使用说明" in r.text and "/订阅" in r.text, r.text
        r = await env.say(pm, U, "/设置")
        assert "本聊天的设置" in r.text, r.text
        r = await env.say(pm, U, "/汇总 每天 8点")  # no such name: told so, with /help
        assert "没有这个命令" in r.text, r.text
        grp = env.api.group(-2701, "群")
        env.api.set_member(-2701, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "/订阅 600519")
        assert env.subs(-2701) == []


async def test_settings_typed_with_a_sentence_end_are_understood(sqlite_engine: Engine) -> None:
    """`/lang 英文。`, `/timezone 东京。`, `/digest 每日 8点。` got the usage: the settings
    read the word with its 。 (what /sub drops since `strip_marks`)."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/timezone 东京。")
        assert env.chat(401).timezone == "Asia/Tokyo", r.text
        r = await env.say(pm, U, "/digest 每日 8点。")
        chat = env.chat(401)
        assert (chat.digest_mode, chat.digest_time) == ("daily", "08:00"), r.text
        r = await env.say(pm, U, "/quiet 晚上11点到早上7点！")
        chat = env.chat(401)
        assert (chat.quiet_start, chat.quiet_end) == ("23:00", "07:00"), r.text
        r = await env.say(pm, U, "/updates “改写”，")
        assert env.chat(401).updates == "edit", r.text
        r = await env.say(pm, U, "/digest 关。")
        assert env.chat(401).digest_mode == "off", r.text
        r = await env.say(pm, U, "/lang 英文。")
        assert env.chat(401).lang == "en", r.text


async def test_unsub_finds_a_keyword_stored_with_its_marks(sqlite_engine: Engine) -> None:
    """Before `strip_marks`, `/sub kw:“新能源”` stored the quotes and `/sub kw:锂电。` the 。;
    `/unsub` now drops the marks from what it is given, so it named a keyword the chat does
    not hold (没有订阅) and only the /list button removed those. It finds them either way."""
    from tests.fanout.helpers import add_chat

    stored = [("keyword", "“新能源”"), ("keyword", "锂电。"), ("exclude", "《传闻》")]
    add_chat(sqlite_engine, 401, [*stored, ("keyword", "储能")])
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/unsub kw:新能源")
        assert r.text.startswith("已取消订阅 关键词 “新能源”"), r.text
        r = await env.say(pm, U, "/unsub kw:锂电。 -kw:“传闻”")
        assert r.text.startswith("已取消订阅 关键词 锂电。"), r.text
        assert "已不再排除 《传闻》" in r.text, r.text
        assert env.subs(401) == [(0, "keyword", "储能")]


async def test_a_group_named_as_a_channel_is_told_where_to_subscribe(sqlite_engine: Engine) -> None:
    """`/sub @somegroup 600519` in a private chat answered only 不是频道: a group subscribes
    by a /sub sent inside the group. The answer says so, with the command to send there."""
    async with running_bot(sqlite_engine) as env:
        env.api.supergroup(-1002800, "投资群", username="somegroup")
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub @somegroup 600519")
        assert "是群组，不是频道" in r.text and "<code>/sub 600519</code>" in r.text, r.text
        r = await env.say(pm, U, "/订阅 @somegroup 600519")
        assert "<code>/sub 600519</code>" in r.text, r.text
        r = await env.say(pm, U, "/settings @somegroup")
        assert "在群里发送 <code>/settings</code>" in r.text, r.text
        assert env.subs(401) == [] and env.subs(-1002800) == []


async def test_a_channel_button_after_the_bot_lost_its_post_right_says_so(
    sqlite_engine: Engine,
) -> None:
    """The channel's owner pressed a button of `/settings @kxchan` (or `/list @kxchan`)
    after the channel took the bot's "Post Messages": 只有管理员可以修改设置, which the owner
    is. The toast says the bot may not post there and what to restore; once the outbox
    has marked the chat (`no_rights_at`), that its news waits too."""
    from bot.storage.types import utcnow
    from bot.subscriptions import chats

    owner = {"id": 301, "is_bot": False, "first_name": "Owner"}
    async with running_bot(sqlite_engine) as env:
        chan = env.api.channel(-1005300, "快讯频道", username="kxchan")
        env.api.set_member(-1005300, owner["id"], "creator")
        env.api.set_member(-1005300, env.api.bot_id, "administrator", can_post_messages=True)
        pm = env.api.private_chat(owner["id"])
        await env.say(pm, owner, "/sub @kxchan kw:锂电")
        screen = await env.say(pm, owner, "/settings @kxchan")
        listing = await env.say(pm, owner, "/list @kxchan")
        env.api.set_member(-1005300, env.api.bot_id, "administrator", can_post_messages=False)
        no_post = {"can_post_messages": False}
        env.api.my_chat_member(chan, owner, "administrator", "administrator", **no_post)
        await env.sync()
        answer = await env.press(owner, screen, "暂停")
        assert "只有管理员" not in answer["text"] and "发布消息" in answer["text"], answer
        assert answer.get("show_alert") is True and env.chat(-1005300).paused is False
        chats.update_chat(sqlite_engine, -1005300, no_rights_at=utcnow())
        answer = await env.press(owner, listing, "锂电")
        assert "发布消息" in answer["text"] and "补发" in answer["text"], answer
        assert env.subs(-1005300) == [(0, "keyword", "锂电")]


async def test_a_channel_command_after_the_bot_lost_its_post_right_says_so(
    sqlite_engine: Engine,
) -> None:
    """`/settings @kxchan` once the outbox found the bot may no longer post there
    (`no_rights_at`) answered 我还不能在 @kxchan 发消息 (not yet), as to a channel never set
    up: it says the right was taken, and that the channel's news waits."""
    from bot.storage.types import utcnow
    from bot.subscriptions import chats

    owner = {"id": 301, "is_bot": False, "first_name": "Owner"}
    async with running_bot(sqlite_engine) as env:
        env.api.channel(-1005301, "快讯频道", username="kxchan2")
        env.api.set_member(-1005301, owner["id"], "creator")
        env.api.set_member(-1005301, env.api.bot_id, "administrator", can_post_messages=True)
        pm = env.api.private_chat(owner["id"])
        await env.say(pm, owner, "/sub @kxchan2 kw:锂电")
        env.api.set_member(-1005301, env.api.bot_id, "administrator", can_post_messages=False)
        env.app.bot_data["finews"].members.forget(-1005301)
        chats.update_chat(sqlite_engine, -1005301, no_rights_at=utcnow())
        r = await env.say(pm, owner, "/settings @kxchan2")
        assert "还不能" not in r.text and "收回" in r.text and "补发" in r.text, r.text


async def test_a_chinese_command_glued_to_its_argument_works(sqlite_engine: Engine) -> None:
    """`/订阅600519` (a Chinese keyboard puts no space there) was answered 没有这个命令: the
    alias was looked up with its argument. ASCII right after a Chinese name is where the
    name ends; Chinese after it cannot be told apart (`/最新消息`), so that is answered
    with the spaced form to send. In a group it stays chatter."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/订阅600519")
        assert r.text.startswith("已订阅") and env.subs(401) == [(0, "ticker", "600519.SH")], r.text
        r = await env.say(pm, U, "/訂閱kw:GPT-5 kw:新能源")
        assert r.text.startswith("已订阅") and len(env.subs(401)) == 3, r.text
        r = await env.say(pm, U, "／退订600519")
        assert r.text.startswith("已取消订阅") and len(env.subs(401)) == 2, r.text
        r = await env.say(pm, U, "/取消订阅kw:GPT-5")
        assert r.text.startswith("已取消订阅") and len(env.subs(401)) == 1, r.text
        r = await env.say(pm, U, "/订阅茅台")
        assert "/订阅 茅台" in r.text and len(env.subs(401)) == 1, r.text
        grp = env.api.group(-2702, "群")
        env.api.set_member(-2702, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "/订阅600519")
        assert env.subs(-2702) == []


async def test_a_daily_digest_with_its_time_glued_on_is_understood(sqlite_engine: Engine) -> None:
    """`/digest 每天8点` (no space: Chinese is written so) got the usage, while
    `/digest 每天 8点` worked. The time right after 每天/每日 is read as that time."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for text, at in (("/digest 每天8点", "08:00"), ("/digest 每日晚上9点半。", "21:30")):
            r = await env.say(pm, U, text)
            chat = env.chat(401)
            assert (chat.digest_mode, chat.digest_time) == ("daily", at), r.text
        r = await env.say(pm, U, "/digest 每天八点钟以后")
        assert "用法" in r.text and env.chat(401).digest_time == "21:30", r.text


async def test_lang_takes_the_names_users_give_chinese(sqlite_engine: Engine) -> None:
    """`/lang 简体` and `/lang Chinese` got the usage (中文, 简体中文 and English worked)."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        for text, lang in (("/lang en", "en"), ("/lang 简体", "zh"), ("/lang en", "en")):
            await env.say(pm, U, text)
            assert env.chat(401).lang == lang, text
        r = await env.say(pm, U, "/lang Chinese")
        assert env.chat(401).lang == "zh", r.text


async def test_a_latin_command_glued_to_a_code_works_in_a_private_chat(
    sqlite_engine: Engine,
) -> None:
    """`/sub600519` (no space) was 没有这个命令: Telegram marks the whole `/sub600519` as
    the command. In a private chat a code right after /sub, /unsub or /latest is its
    argument; in a group it stays another bot's business."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub600519")
        assert r.text.startswith("已订阅") and env.subs(401) == [(0, "ticker", "600519.SH")], r.text
        r = await env.say(pm, U, "/unsub600519")
        assert r.text.startswith("已取消订阅") and env.subs(401) == [], r.text
        grp = env.api.group(-2703, "群")
        env.api.set_member(-2703, ADMIN["id"], "administrator")
        await env.silent(grp, ADMIN, "/sub600519")
        assert env.subs(-2703) == []


async def test_chinese_right_after_a_latin_command_is_its_argument(sqlite_engine: Engine) -> None:
    """`/sub贵州茅台` (Chinese is written without a space after Latin letters) got the usage
    ("tell me what to subscribe"): Telegram marks `/sub` as the command, and the argument
    was read from the space on. It is the argument, in groups too."""
    async with running_bot(sqlite_engine) as env:
        pm = env.api.private_chat(401)
        r = await env.say(pm, U, "/sub贵州茅台")
        assert r.text.startswith("已订阅") and env.subs(401) == [(0, "ticker", "600519.SH")], r.text
        await env.say(pm, U, "/digest每天8点")
        assert (env.chat(401).digest_mode, env.chat(401).digest_time) == ("daily", "08:00")
        grp = env.api.group(-2704, "群")
        env.api.set_member(-2704, ADMIN["id"], "administrator")
        r = await env.say(grp, ADMIN, "/sub“贵州茅台”")
        assert r.text.startswith("已订阅") and env.subs(-2704) == [(0, "ticker", "600519.SH")]
