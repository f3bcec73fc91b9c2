# ruff: noqa: E501  (user-facing strings read better unwrapped)
"""Every user-facing string of the bot, in Chinese (default) and English.

Replies are Telegram HTML, so `t()` escapes every argument: user input can never
inject markup or break a reply (Telegram refuses malformed HTML). Pass `Html(...)`
for an argument that is already safe markup (built from escaped parts).
"""

from __future__ import annotations

import html

from bot.subscriptions.targets import MENTIONS_MARK

LANGS = ("zh", "en")


class Html(str):
    """A string that is already valid, escaped Telegram HTML."""

    __slots__ = ()


def esc(value: object) -> str:
    return value if isinstance(value, Html) else html.escape(str(value), quote=False)


KIND_LABEL = {
    "zh": {"category": "来源", "ticker": "股票", "keyword": "关键词", "exclude": "排除"},
    "en": {"category": "outlet", "ticker": "stock", "keyword": "keyword", "exclude": "exclude"},
}

COMMANDS = {
    "zh": [
        ("sub", "订阅：来源、股票或关键词"),
        ("unsub", "取消订阅"),
        ("list", "查看我的订阅"),
        ("sources", "浏览新闻来源"),
        ("latest", "最新匹配的新闻"),
        ("pause", "暂停推送"),
        ("resume", "恢复推送"),
        ("digest", "汇总推送：off / hourly / daily HH:MM"),
        ("quiet", "免打扰时段 HH:MM-HH:MM"),
        ("timezone", "时区（汇总和免打扰按它计时）"),
        ("updates", "同一新闻的后续：reply / edit / off"),
        ("settings", "查看本聊天的设置"),
        ("lang", "语言 zh / en"),
        ("help", "使用说明"),
    ],
    "en": [
        ("sub", "Subscribe: outlet, stock or keyword"),
        ("unsub", "Unsubscribe"),
        ("list", "My subscriptions"),
        ("sources", "Browse news outlets"),
        ("latest", "Latest matching news"),
        ("pause", "Pause pushes"),
        ("resume", "Resume pushes"),
        ("digest", "Digest: off / hourly / daily HH:MM"),
        ("quiet", "Quiet hours HH:MM-HH:MM"),
        ("timezone", "Time zone for digests and quiet hours"),
        ("updates", "Story updates: reply / edit / off"),
        ("settings", "This chat's settings"),
        ("lang", "Language zh / en"),
        ("help", "How to use"),
    ],
}

_ZH = {
    "welcome": (
        "你好，我是 <b>finews</b> 财经快讯机器人 👋\n"
        "订阅新闻来源、股票或关键词，有新消息时我会推送简短的中文摘要和关键数据。\n\n"
        "点下面的例子试试，或发送：\n"
        "<code>/sub 600519</code>　股票（任意写法：sh600519、700.HK、$BABA、贵州茅台）\n"
        "<code>/sub 每日经济新闻</code>　新闻来源\n"
        "<code>/sub kw:新能源</code>　关键词（<code>-kw:传闻</code> 排除）\n\n"
        "/help 查看全部命令"
    ),
    "welcome_member": "你好，我是 <b>finews</b> 财经快讯机器人 👋\n"
    "本群的订阅由群管理员设置，有新消息时我会推送到群里。\n"
    "/list 查看本群的订阅，/latest 查看最新新闻；想订阅自己的新闻，请私聊我发送 /start。",
    "help": (
        "<b>使用说明</b>\n"
        "/sub 目标… 订阅（可一次写多个，用空格分开）\n"
        "　股票：600519、sh600519、600519.SH、00700、700.HK、BABA、$BABA、贵州茅台、茅台、gzmt\n"
        "　只推送以该股为主角的新闻；加 + 也接收顺带提及它的新闻：BABA+\n"
        "　来源：每日经济新闻 或 meirijingjixinwen（/sources 浏览）\n"
        "　关键词：kw:新能源；排除：-kw:传闻\n"
        "/unsub 目标… 取消订阅　/list 查看并删除订阅\n"
        "/latest [目标] 最近 5 条匹配的新闻\n"
        "/pause 暂停　/resume 恢复\n"
        "/digest off|hourly|daily 08:00 汇总推送\n"
        "/quiet 23:00-07:00 免打扰（也可写 23-7；/quiet off 关闭）\n"
        "/timezone 东京 时区（默认北京时间，也可写 Asia/Tokyo、UTC+9 或 UTC+5:30）\n"
        "/updates reply|edit|off 同一新闻有新数字时：回复原消息 / 改写原消息 / 不发\n"
        "/lang zh|en 语言　/settings 设置（暂停、静音推送、汇总、免打扰，点按钮切换）\n"
        "私聊直接发股票代码或来源名称（如 600519）可查看并订阅。\n"
        "群组里所有人可用 /list 和 /latest，只有管理员能修改订阅和设置。\n"
        "频道：把机器人设为频道管理员，私聊我 /sub @频道用户名 目标…；"
        "也可以在频道里发命令，命令和回复会在 2 分钟后自动删除。"
    ),
    "example_stock": "订阅 贵州茅台 600519.SH",
    "example_outlet": "订阅 每日经济新闻",
    "example_keyword": "订阅 关键词 新能源",
    "sub_usage": "请告诉我要订阅什么，例如：\n<code>/sub 600519</code>　<code>/sub 每日经济新闻</code>　<code>/sub kw:新能源</code>",
    "unsub_usage": "请告诉我要取消什么，例如 <code>/unsub 600519</code>；或用 /list 点按钮删除，"
    "<code>/unsub all</code> 取消全部。",
    "subscribed": "已订阅 {items}",
    "excluded": "已排除 {items}（含这些词的新闻不再推送）",
    "already": "已经订阅过：{items}",
    "unsubscribed": "已取消订阅 {items}",
    "unexcluded": "已不再排除 {items}（含这些词的新闻会照常推送）",
    "managed": "{items} 是机器人运营者配置的订阅，不能在这里删除。",
    "not_subscribed": "没有订阅：{items}",
    "unsub_all_ask": "确定要取消这里的全部 {n} 个订阅吗？（含排除词）",
    "unsub_all_none": "这里没有可以取消的订阅。",
    "unsub_all_done": "已取消全部 {n} 个订阅。",
    "unsub_all_managed": "另有 {n} 个机器人运营者配置的订阅保留（只能在配置里修改）。",
    "unsub_all_cancelled": "好的，订阅都保留着。",
    "unsub_all_changed_toast": "订阅在这之后有变化，没有取消任何订阅。请按新的数目再确认一次。",
    "btn_unsub_all": "全部取消",
    "btn_cancel": "保留",
    "unknown_target": "没找到「{text}」。",
    "ambiguous_target": "「{text}」有多个可能：",
    "empty_target": "「{text}」是空的，请写上内容，例如 <code>kw:新能源</code>。",
    "too_long_target": "「{text}…」太长了，请写短一点（关键词最多 30 个字）。",
    "too_short_target": "「{text}」只有一个字，几乎每条新闻都会匹配，请写长一点，例如 <code>kw:新能源</code>。",
    "keyword_space_target": "「{text}」中间有空格，关键词是不是下面这个？",
    "keyword_excluded": "注意：含关键词「{keyword}」的新闻都含有排除词「{exclude}」，所以不会推送。如需接收，请用 <code>/unsub -kw:{exclude}</code> 取消排除。",
    "keyword_excluded_more": "另有 {n} 个关键词也因排除词而不会推送，可用 /list 查看并调整。",
    "link_target": "「{text}」是链接，不是关键词，没有订阅。我推送的是财经新闻，不能订阅 Telegram 频道的内容；"
    "要把新闻推送到你管理的频道，请把我设为该频道的管理员，再私聊我发送 <code>/sub {ref} 600519</code>。",
    "channel_placeholder": "@频道用户名",
    "channel_in_group": "「{ref}」是频道。频道的订阅请在与我的私聊中设置：私聊 @{bot} 发送 <code>/sub {ref} {targets}</code>"
    "（需要你是该频道的管理员，并已把我设为频道管理员）。这里没有订阅任何内容。",
    "channel_in_group_unsub": "「{ref}」是频道。频道的订阅请在与我的私聊中管理：私聊 @{bot} 发送 <code>/unsub {ref} {targets}</code>"
    "（需要你是该频道的管理员），或发送 <code>/list {ref}</code> 查看。这里没有取消任何订阅。",
    "channel_in_group_other": "「{ref}」是频道。频道的订阅和设置请在与我的私聊中查看和修改：私聊 @{bot} 发送 <code>{command}</code>"
    "（需要你是该频道的管理员）。这里没有做任何更改。",
    "one_channel": "一条命令只能设置一个频道，这条写了 {refs}，所以没有做任何更改。请每个频道分开发送，例如 <code>{command} {ref} {targets}</code>。",
    "index_target": "「{text}」是指数，不是个股，不能按股票订阅；可以改为订阅指数名称作关键词，例如 <code>kw:沪深300</code>。",
    "pick_one": "你是不是想找下面这些？点一下即可订阅：",
    "pick_one_unsub": "没有这个订阅。用 /list 查看现有订阅。",
    "pick_one_latest": "你是不是想找下面这些？点一下查看最新新闻：",
    "old_topic_toast": "这条消息太旧了，看不出是哪个话题的。请在该话题里发送 /list 或 /sources 操作。",
    "type_instead": "「{text}」太长，放不进按钮，请直接发送 <code>{command}</code>。",
    "limit": "订阅已达上限（{limit} 个），没有保存这次的 {adding} 个。请先用 /unsub 或 /list 删除一些。",
    "limit_room": "订阅最多 {limit} 个，还能再订阅 {left} 个，这次的 {adding} 个都没有保存。请少写几个，或先用 /unsub 或 /list 删除一些。",
    "too_many_args": "一次最多处理 {n} 个目标，请分几次发送。",
    "args_too_long": "内容太长了，请写短一点。",
    "mentions_mark": "（含提及）",
    "list_empty": "还没有任何订阅。发送 <code>/sub 600519</code> 或 /sources 开始订阅。",
    "list_empty_general": "这里（General）没有订阅；其他话题共有 {n} 个订阅，请在相应话题里发送 /list 查看。",
    "list_elsewhere": "其他话题另有 {n} 个订阅，请在相应话题里发送 /list 查看。",
    "list_head": "<b>当前订阅</b>（{n} 个，点按钮删除）：",
    "list_topic_head": "<b>本话题的订阅</b>（{n} 个，点按钮删除）：",
    "list_managed_note": "📌 为机器人运营者配置的订阅，只能由运营者修改。",
    "removed_toast": "已删除 {item}",
    "gone_toast": "这个订阅已经不存在了",
    "subscribed_toast": "已订阅 {item}",
    "already_toast": "已经订阅过 {item}",
    "unsubscribed_toast": "已取消订阅 {item}",
    "not_subscribed_toast": "没有订阅 {item}",
    "managed_toast": "这是机器人运营者配置的订阅，只能由运营者修改。",
    "btn_sub": "➕ 订阅",
    "btn_latest": "📰 最新",
    "btn_unsubscribed": "已退订",
    "btn_unsub_push": "🔕 退订 {item}",
    "found_target": "<b>{item}</b>\n订阅后有相关新闻时会推送给你，也可以先看看最新新闻。",
    "found_options": "「{text}」可能是下面这些，点一下即可订阅：",
    "sources_head": "<b>新闻来源</b>（第 {page}/{pages} 页，点一下即可订阅）",
    "sources_query_head": "<b>新闻来源</b>「{query}」（第 {page}/{pages} 页，点一下即可订阅）",
    "sources_none": "没有找到包含「{query}」的来源。",
    "prev": "‹ 上一页",
    "next": "下一页 ›",
    "latest_none": "暂时没有匹配的新闻。",
    "latest_no_subs": "还没有订阅，先 /sub 一个目标，或者用 <code>/latest 600519</code> 直接查看。",
    "latest_in_topics": "这里（General）没有订阅；订阅都在各个话题里，请在相应话题里发送 /latest，或者用 <code>/latest 600519</code> 直接查看。",
    "latest_head": "<b>最新 {n} 条</b>",
    "paused": "已暂停推送。暂停期间的新闻不会补发。/resume 恢复。",
    "paused_held": "已暂停推送。已排队的 {n} 条新闻先暂存，/resume 后合成一条摘要发出；暂停期间的新新闻不会补发。",
    "paused_topic": "本群所有话题都已暂停，不只是这个话题。",
    "resumed": "已恢复推送。",
    "resumed_held": "已恢复推送。暂存的 {n} 条新闻稍后合成一条摘要发出。",
    "resumed_topic": "本群所有话题都已恢复。",
    "digest_usage": "用法：<code>/digest off</code>、<code>/digest hourly</code> 或 <code>/digest daily 08:00</code>",
    "digest_current": "当前汇总：{current}。\n修改：<code>/digest off</code>、<code>/digest hourly</code> 或 <code>/digest daily 08:00</code>",
    "digest_off": "已关闭汇总，新闻会即时推送。",
    "digest_hourly": "已改为每小时汇总推送一次。",
    "digest_daily": "已改为每天 {time} 汇总推送（{zone}）。",
    "quiet_usage": "用法：<code>/quiet 23:00-07:00</code>（或 <code>/quiet 23-7</code>），关闭用 <code>/quiet off</code>",
    "quiet_current": "当前免打扰：{current}（{zone}）。\n设置：<code>/quiet 23:00-07:00</code> 或 <code>/quiet 23-7</code>，关闭：<code>/quiet off</code>",
    "quiet_set": "免打扰时段：{start}-{end}（{zone}），期间的新闻会在结束后一起发送。",
    "tz_current": "本聊天的时区：{zone}。汇总时间和免打扰时段都按它计算。\n"
    "修改：<code>/timezone 东京</code>、<code>/timezone America/New_York</code> 或 <code>/timezone UTC+8</code>",
    "tz_set": "时区已设为 {zone}，现在是当地 {now}。汇总和免打扰按此时间计算。",
    "tz_unknown": "没有认出时区“{text}”。可以写城市（东京、纽约、伦敦）、"
    "IANA 名称（Asia/Tokyo）或偏移（UTC+8、UTC+5:30）。",
    "quiet_off": "已关闭免打扰。",
    "lang_usage": "用法：<code>/lang zh</code> 或 <code>/lang en</code>",
    "lang_set": "语言已设为中文。",
    "settings": "<b>本聊天的设置</b>\n推送：{push}\n提醒：{sound}\n汇总：{digest}\n免打扰：{quiet}\n"
    "新闻后续：{updates}\n时区：{zone}\n语言：中文\n订阅：{subs}\n点下面的按钮切换；时区用 /timezone，免打扰时段用 /quiet 修改。",
    "set_subs": "{n} 个（/list 查看）",
    "set_subs_topic": "本话题 {n} 个，全群共 {total} 个（/list 查看本话题）",
    "set_topic_note": "以上设置对整个群有效，包括所有话题。",
    "set_sound": "有声音",
    "set_silent": "静音推送（不响铃）",
    "set_push_on": "即时推送",
    "set_push_paused": "已暂停",
    "btn_pause": "⏸ 暂停推送",
    "btn_resume": "▶️ 恢复推送",
    "btn_silent": "🔕 改为静音推送",
    "btn_sound": "🔔 改为有声推送",
    "btn_digest_off": "汇总 → 关闭（即时推送）",
    "btn_digest_hourly": "汇总 → 每小时",
    "btn_digest_daily": "汇总 → 每天 08:00",
    "btn_quiet_on": "🌙 免打扰 23:00-07:00",
    "btn_quiet_off": "🌙 关闭免打扰",
    "btn_lang": "🌐 English",
    "saved_toast": "已保存",
    "set_updates_reply": "静默回复原消息（/updates edit 改写原消息，/updates off 不发）",
    "set_updates_edit": "改写原消息（/updates reply 改为回复）",
    "set_updates_off": "不发（/updates reply 开启）",
    "updates_usage": "用法：<code>/updates reply</code>（回复原消息）、<code>/updates edit</code>"
    "（改写原消息）或 <code>/updates off</code>（不发后续）",
    "updates_set_reply": "同一新闻有新数字时，会静默回复之前推送的那条消息。",
    "updates_set_edit": "同一新闻有新数字时，会直接改写之前推送的那条消息，并注明更新时间。",
    "updates_set_off": "同一新闻的后续不再推送。",
    "set_digest_off": "关闭，新闻即时推送",
    "set_digest_hourly": "每小时汇总一次",
    "set_digest_daily": "每天 {time} 汇总",
    "set_quiet_off": "未设置",
    "admins_only": "只有群管理员可以修改订阅。",
    "admins_only_toast": "只有管理员可以修改订阅",
    "admins_only_settings": "只有群管理员可以修改本群的设置。",
    "admins_only_settings_toast": "只有管理员可以修改设置",
    "group_welcome": "大家好，我是 <b>finews</b> 财经快讯机器人 👋\n"
    "群管理员发送 <code>/sub 600519</code>、<code>/sub 每日经济新闻</code> 或 /sources 订阅，"
    "有新消息时我会推送到群里。/help 查看全部命令。",
    "channel_welcome": "我已加入频道 {title} 👋\n"
    "在这里私聊我 <code>/sub {ref} 600519</code> 即可为频道订阅，"
    "<code>/list {ref}</code> 查看；频道的订阅者不会看到这些命令。",
    "channel_not_found": "找不到频道 {ref}。请检查用户名，并先把机器人添加为该频道的管理员。",
    "not_a_channel": "{ref} 不是频道。",
    "channel_not_admin": "只有频道 {ref} 的管理员可以修改它的订阅。",
    "channel_not_admin_settings": "只有频道 {ref} 的管理员可以查看和修改它的设置。",
    "channel_bot_cannot_post": "我还不能在 {ref} 发消息：请把机器人添加为频道管理员并允许“发布消息”。",
    "channel_prefix": "频道 {title}：",
    "operator_only": "这个命令只对机器人运营者开放（你的用户 ID：{id}）。",
    "unknown_command": "没有这个命令。发送 /help 查看可用命令。",
    "private_hint": "发送 /help 查看用法，例如 <code>/sub 600519</code>。",
    "rate_limited": "操作太频繁了，请 {s} 秒后再试。",
    "error": "抱歉，处理时出了点问题，请稍后再试。",
    "stats_head": "<b>运行状态</b>",
    "migrated": "群已升级为超级群，订阅已保留。",
    "rights_lost": "您好，我暂时无法在「{title}」发送消息：机器人在那里发消息的权限被收回了。"
    "请把机器人设为管理员并允许“发布消息”（频道），或恢复它在群组里的发言权限。"
    "这期间的新闻会为您保留，权限恢复后自动补发。",
    "topic_gone": "一个话题已被删除，它的 {n} 个订阅已取消：{items}。需要的话请在其他话题里重新 /sub。",
}

_EN = {
    "welcome": (
        "Hi, I am <b>finews</b>, a Chinese financial news bot 👋\n"
        "Subscribe to outlets, stocks or keywords and I push short summaries with key figures.\n\n"
        "Tap an example below, or send:\n"
        "<code>/sub 600519</code> a stock (any notation: sh600519, 700.HK, $BABA, 贵州茅台)\n"
        "<code>/sub 每日经济新闻</code> an outlet\n"
        "<code>/sub kw:新能源</code> a keyword (<code>-kw:传闻</code> excludes)\n\n"
        "/help lists all commands"
    ),
    "welcome_member": "Hi, I am <b>finews</b>, a Chinese financial news bot 👋\n"
    "This group's admins choose its subscriptions, and I push the news here.\n"
    "/list shows them, /latest the latest news; for news of your own, send me /start privately.",
    "help": (
        "<b>How to use</b>\n"
        "/sub target… subscribe (several at once, separated by spaces)\n"
        "  stocks: 600519, sh600519, 600519.SH, 00700, 700.HK, BABA, $BABA, 贵州茅台, 茅台, gzmt\n"
        "  only news about the stock; add + for news that merely mention it too: BABA+\n"
        "  outlets: 每日经济新闻 or meirijingjixinwen (/sources to browse)\n"
        "  keywords: kw:新能源; exclude: -kw:传闻\n"
        "/unsub target… unsubscribe  /list show and remove\n"
        "/latest [target] the last 5 matching articles\n"
        "/pause  /resume\n"
        "/digest off|hourly|daily 08:00\n"
        "/quiet 23:00-07:00 quiet hours (or 23-7; /quiet off)\n"
        "/timezone Asia/Tokyo time zone (default Beijing time; UTC+9 or UTC+5:30 work too)\n"
        "/updates reply|edit|off a story's new figures: reply to / edit the earlier push, or off\n"
        "/lang zh|en  /settings settings (pause, silent pushes, digest, quiet hours: tap to switch)\n"
        "In a private chat, send a stock code or outlet name (e.g. 600519) to see and subscribe it.\n"
        "In groups everyone may use /list and /latest; only admins change subscriptions and settings.\n"
        "Channels: make the bot a channel admin, then send me /sub @channel target… privately; "
        "commands posted in the channel work too and are deleted with their replies after 2 minutes."
    ),
    "example_stock": "Subscribe 贵州茅台 600519.SH",
    "example_outlet": "Subscribe 每日经济新闻",
    "example_keyword": "Subscribe keyword 新能源",
    "sub_usage": "What should I subscribe? e.g.\n<code>/sub 600519</code> <code>/sub 每日经济新闻</code> <code>/sub kw:新能源</code>",
    "unsub_usage": "What should I remove? e.g. <code>/unsub 600519</code>, or tap a button in /list;"
    " <code>/unsub all</code> removes everything.",
    "subscribed": "Subscribed: {items}",
    "excluded": "Excluding: {items} (news containing them is skipped)",
    "already": "Already subscribed: {items}",
    "unsubscribed": "Unsubscribed: {items}",
    "unexcluded": "No longer excluding: {items} (news containing them is pushed again)",
    "managed": "{items}: set by the bot operator, cannot be removed here.",
    "not_subscribed": "Not subscribed: {items}",
    "unsub_all_ask": "Remove all {n} subscriptions here (exclusions included)?",
    "unsub_all_none": "Nothing here to unsubscribe.",
    "unsub_all_done": "Removed all {n} subscriptions.",
    "unsub_all_managed": "{n} set by the bot operator stay (only the config changes them).",
    "unsub_all_cancelled": "OK, your subscriptions stay.",
    "unsub_all_changed_toast": "Your subscriptions changed since; nothing was removed. Please confirm again for the new count.",
    "btn_unsub_all": "Remove all",
    "btn_cancel": "Keep",
    "unknown_target": "Could not find “{text}”.",
    "ambiguous_target": "“{text}” could mean several things:",
    "empty_target": "“{text}” is empty; write something, e.g. <code>kw:新能源</code>.",
    "too_long_target": "“{text}…” is too long (keywords: at most 30 characters).",
    "too_short_target": "“{text}” is a single character and would match nearly every post; please write a longer keyword, e.g. <code>kw:新能源</code>.",
    "keyword_space_target": "“{text}” has a space inside; did you mean this keyword?",
    "keyword_excluded": "Note: every post with the keyword “{keyword}” contains your exclusion “{exclude}”, so none will be pushed. To receive them, remove the exclusion with <code>/unsub -kw:{exclude}</code>.",
    "keyword_excluded_more": "{n} more keywords are silenced by an exclusion too; see /list.",
    "link_target": "“{text}” is a link, not a keyword: nothing was subscribed. I push financial news and cannot follow a Telegram channel's posts; "
    "to have news pushed to a channel you run, make me its admin and send me <code>/sub {ref} 600519</code> privately.",
    "channel_placeholder": "@channel",
    "channel_in_group": "{ref} is a channel. A channel's subscriptions are set in a private chat with me: send @{bot} <code>/sub {ref} {targets}</code> "
    "there (you must be the channel's admin, and have made me its admin). Nothing was subscribed here.",
    "channel_in_group_unsub": "{ref} is a channel. A channel's subscriptions are managed in a private chat with me: send @{bot} <code>/unsub {ref} {targets}</code> "
    "there (you must be the channel's admin), or <code>/list {ref}</code> to see them. Nothing was unsubscribed here.",
    "channel_in_group_other": "{ref} is a channel. A channel's subscriptions and settings are seen and changed in a private chat with me: send @{bot} <code>{command}</code> "
    "there (you must be the channel's admin). Nothing was changed here.",
    "one_channel": "One command sets one channel; this one names {refs}, so nothing was changed. Send one per channel, e.g. <code>{command} {ref} {targets}</code>.",
    "index_target": "“{text}” is an index, not a stock, so it cannot be subscribed as a ticker; subscribe its name as a keyword instead, e.g. <code>kw:沪深300</code>.",
    "pick_one": "Did you mean one of these? Tap to subscribe:",
    "pick_one_unsub": "No such subscription. See /list.",
    "pick_one_latest": "Did you mean one of these? Tap to see the latest news:",
    "old_topic_toast": "This message is too old to tell which topic it is in; send /list or /sources in that topic instead.",
    "type_instead": "“{text}” is too long for a button; send <code>{command}</code> instead.",
    "limit": "Subscription limit reached ({limit}); the {adding} new ones were not saved. Remove some with /unsub or /list.",
    "limit_room": "At most {limit} subscriptions: {left} more fit, so none of these {adding} was saved. Send fewer, or remove some with /unsub or /list.",
    "too_many_args": "At most {n} targets at once, please split them.",
    "args_too_long": "That is too long, please shorten it.",
    "mentions_mark": " (mentions too)",
    "list_empty": "No subscriptions yet. Try <code>/sub 600519</code> or /sources.",
    "list_empty_general": "None here in General; the topics hold {n} subscriptions: send /list in a topic to see its own.",
    "list_elsewhere": "The topics hold {n} more subscriptions: send /list in a topic to see its own.",
    "list_head": "<b>Subscriptions</b> ({n}, tap to remove):",
    "list_topic_head": "<b>Subscriptions of this topic</b> ({n}, tap to remove):",
    "list_managed_note": "📌 set by the bot operator; only the operator can change these.",
    "removed_toast": "Removed {item}",
    "gone_toast": "That subscription no longer exists",
    "subscribed_toast": "Subscribed {item}",
    "already_toast": "Already subscribed {item}",
    "unsubscribed_toast": "Unsubscribed {item}",
    "not_subscribed_toast": "Not subscribed to {item}",
    "managed_toast": "Set by the bot operator; only the operator can change it.",
    "btn_sub": "➕ Subscribe",
    "btn_latest": "📰 Latest",
    "btn_unsubscribed": "Unsubscribed",
    "btn_unsub_push": "🔕 Unsubscribe {item}",
    "found_target": "<b>{item}</b>\nSubscribe to get its news pushed, or look at the latest first.",
    "found_options": "“{text}” could be one of these; tap to subscribe:",
    "sources_head": "<b>Outlets</b> (page {page}/{pages}, tap to subscribe)",
    "sources_query_head": "<b>Outlets</b> “{query}” (page {page}/{pages}, tap to subscribe)",
    "sources_none": "No outlet matches “{query}”.",
    "prev": "‹ Prev",
    "next": "Next ›",
    "latest_none": "No matching news yet.",
    "latest_no_subs": "No subscriptions yet: /sub a target, or try <code>/latest 600519</code>.",
    "latest_in_topics": "None here in General; the subscriptions are in the topics: send /latest in a topic, or try <code>/latest 600519</code>.",
    "latest_head": "<b>Latest {n}</b>",
    "paused": "Pushes paused. News published meanwhile will not be sent later. /resume to resume.",
    "paused_held": "Pushes paused. {n} queued news items are held and sent as one digest after /resume; news published meanwhile will not be sent later.",
    "paused_topic": "Every topic of this group is paused, not just this one.",
    "resumed": "Pushes resumed.",
    "resumed_held": "Pushes resumed. The {n} held news items follow shortly as one digest.",
    "resumed_topic": "Every topic of this group is resumed.",
    "digest_usage": "Usage: <code>/digest off</code>, <code>/digest hourly</code> or <code>/digest daily 08:00</code>",
    "digest_current": "Digest now: {current}.\nChange: <code>/digest off</code>, <code>/digest hourly</code> or <code>/digest daily 08:00</code>",
    "digest_off": "Digest off: news is pushed right away.",
    "digest_hourly": "Digest every hour.",
    "digest_daily": "Daily digest at {time} ({zone}).",
    "quiet_usage": "Usage: <code>/quiet 23:00-07:00</code> (or <code>/quiet 23-7</code>), or <code>/quiet off</code>",
    "quiet_current": "Quiet hours now: {current} ({zone}).\nSet: <code>/quiet 23:00-07:00</code> or <code>/quiet 23-7</code>; off: <code>/quiet off</code>",
    "quiet_set": "Quiet hours {start}-{end} ({zone}); news is sent after they end.",
    "tz_current": "This chat's time zone: {zone}. Digest times and quiet hours use it.\n"
    "Change it: <code>/timezone Asia/Tokyo</code>, <code>/timezone 纽约</code> or <code>/timezone UTC+8</code>",
    "tz_set": "Time zone set to {zone}; it is {now} there now. Digests and quiet hours use it.",
    "tz_unknown": "I don't know the time zone “{text}”. Try a city (东京, 纽约), an IANA name "
    "(Asia/Tokyo) or an offset (UTC+8, UTC+5:30).",
    "quiet_off": "Quiet hours off.",
    "lang_usage": "Usage: <code>/lang zh</code> or <code>/lang en</code>",
    "lang_set": "Language set to English.",
    "settings": "<b>This chat's settings</b>\nPushes: {push}\nSound: {sound}\nDigest: {digest}\nQuiet hours: {quiet}\n"
    "Story updates: {updates}\nTime zone: {zone}\nLanguage: English\nSubscriptions: {subs}\nTap a button to switch; /timezone and /quiet set zone and hours.",
    "set_subs": "{n} (/list)",
    "set_subs_topic": "{n} in this topic, {total} in the group (/list shows this topic's)",
    "set_topic_note": "These settings apply to the whole group, every topic included.",
    "set_sound": "with sound",
    "set_silent": "silent (no notification sound)",
    "set_push_on": "right away",
    "set_push_paused": "paused",
    "btn_pause": "⏸ Pause pushes",
    "btn_resume": "▶️ Resume pushes",
    "btn_silent": "🔕 Push silently",
    "btn_sound": "🔔 Push with sound",
    "btn_digest_off": "Digest → off (push right away)",
    "btn_digest_hourly": "Digest → hourly",
    "btn_digest_daily": "Digest → daily 08:00",
    "btn_quiet_on": "🌙 Quiet hours 23:00-07:00",
    "btn_quiet_off": "🌙 Quiet hours off",
    "btn_lang": "🌐 中文",
    "saved_toast": "Saved",
    "set_updates_reply": "silent reply to the earlier push (/updates edit, /updates off)",
    "set_updates_edit": "edit the earlier push (/updates reply to reply instead)",
    "set_updates_off": "off (/updates reply to turn on)",
    "updates_usage": "Usage: <code>/updates reply</code>, <code>/updates edit</code> or "
    "<code>/updates off</code>",
    "updates_set_reply": "New figures of a story will come as a silent reply to its earlier push.",
    "updates_set_edit": "New figures of a story will edit its earlier push, marked with the time.",
    "updates_set_off": "Updates of a story already pushed are off.",
    "set_digest_off": "off, news is pushed right away",
    "set_digest_hourly": "every hour",
    "set_digest_daily": "daily at {time}",
    "set_quiet_off": "none",
    "admins_only": "Only group admins can change subscriptions.",
    "admins_only_toast": "Only admins can change subscriptions",
    "admins_only_settings": "Only group admins can change this group's settings.",
    "admins_only_settings_toast": "Only admins can change settings",
    "group_welcome": "Hello, I am <b>finews</b>, a Chinese financial news bot 👋\n"
    "Group admins: send <code>/sub 600519</code>, <code>/sub 每日经济新闻</code> or /sources to "
    "subscribe, and I push news here. /help lists all commands.",
    "channel_welcome": "I joined the channel {title} 👋\n"
    "Send me <code>/sub {ref} 600519</code> here to subscribe it, <code>/list {ref}</code> "
    "to see; the channel's subscribers do not see these commands.",
    "channel_not_found": "Channel {ref} not found. Check the name and make the bot an admin there.",
    "not_a_channel": "{ref} is not a channel.",
    "channel_not_admin": "Only admins of {ref} can change its subscriptions.",
    "channel_not_admin_settings": "Only admins of {ref} can see and change its settings.",
    "channel_bot_cannot_post": "I cannot post in {ref} yet: make the bot an admin allowed to post.",
    "channel_prefix": "Channel {title}: ",
    "operator_only": "This command is for the bot operator only (your user id: {id}).",
    "unknown_command": "Unknown command. Send /help for the list.",
    "private_hint": "Send /help to see how to use me, e.g. <code>/sub 600519</code>.",
    "rate_limited": "Too many commands; please try again in {s} s.",
    "error": "Sorry, something went wrong; please try again later.",
    "stats_head": "<b>Status</b>",
    "migrated": "The group became a supergroup; subscriptions were kept.",
    "rights_lost": "Hello, I cannot post in “{title}” for now: the bot's right to post there "
    "was taken away. Make the bot an admin allowed to post (channel), or let it write in the "
    "group again. The news meanwhile is kept and follows once it may post.",
    "topic_gone": "A topic was deleted, so its {n} subscriptions ended: {items}. /sub again in another topic if needed.",
}

STRINGS = {"zh": _ZH, "en": _EN}


def t(lang: str, key: str, **kwargs: object) -> str:
    """The string `key` in `lang` (Chinese if unknown), arguments HTML-escaped."""
    table = STRINGS.get(lang) or _ZH
    template = table.get(key) or _ZH[key]
    return template.format(**{k: esc(v) for k, v in kwargs.items()}) if kwargs else template


def kind_label(lang: str, kind: str) -> str:
    return KIND_LABEL.get(lang, KIND_LABEL["zh"]).get(kind, kind)


def describe(lang: str, kind: str, display: str) -> str:
    """A subscription as users read it, escaped: `贵州茅台 600519.SH`, `关键词 新能源`.

    A stock taken with its mentions is stored with the Chinese mark (the display is kept
    as the user first saw it); it reads in the chat's own language."""
    if kind == "ticker" and display.endswith(MENTIONS_MARK):
        display = display.removesuffix(MENTIONS_MARK) + t(lang, "mentions_mark")
    if kind in ("category", "ticker"):
        return esc(display)
    return f"{kind_label(lang, kind)} {esc(display)}"
