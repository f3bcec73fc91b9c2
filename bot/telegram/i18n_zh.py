# ruff: noqa: E501  (user-facing strings read better unwrapped)
"""The bot's user-facing strings in Chinese, the default, by key (`bot.telegram.i18n.t` looks them up;
a key missing in another language falls back to this table)."""

from __future__ import annotations

ZH: dict[str, str] = {
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
        "私聊也可以用中文命令：/订阅 /取消订阅（/退订）/列表 /最新 /来源 /设置 /帮助。\n"
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
    "subscribed_elsewhere": "{items} 是在本群的其他话题里订阅的，请到那个话题发送 /unsub 取消。",
    "unsub_all_ask": "确定要取消这里的全部 {n} 个订阅吗？（含排除词）",
    "unsub_all_none": "这里没有可以取消的订阅。",
    "unsub_all_none_general": "这里（General）没有可以取消的订阅；其他话题共有 {n} 个订阅，请在相应话题里发送 /unsub all。",
    "unsub_all_done": "已取消全部 {n} 个订阅。",
    "unsub_all_managed": "另有 {n} 个机器人运营者配置的订阅保留（只能在配置里修改）。",
    "unsub_all_cancelled": "好的，订阅都保留着。",
    "unsub_all_changed_toast": "订阅在这之后有变化，没有取消任何订阅。请按新的数目再确认一次。",
    "unsub_all_gone_toast": "这里的订阅已经全部取消了。",
    "btn_unsub_all": "全部取消",
    "btn_cancel": "保留",
    "unknown_target": "没找到「{text}」。",
    "ambiguous_target": "「{text}」有多个可能：",
    "empty_target": "「{text}」是空的，请写上内容，例如 <code>kw:新能源</code>。",
    "too_long_target": "「{text}…」太长了，请写短一点（关键词最多 30 个字）。",
    "too_short_target": "「{text}」只有一个字，几乎每条新闻都会匹配，请写长一点，例如 <code>kw:新能源</code>。",
    "keyword_space_target": "「{text}」中间有空格，关键词是不是下面这个？",
    "keyword_plus_target": "「{text}」末尾的 + 只对股票有用（含提及，如 <code>BABA+</code>），关键词用不上。",
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
    "unsub_not_held": "没有订阅「{text}」。",
    "pick_one_unsub": "用 /list 查看现有订阅。",
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
    "lang_set_traditional": "暂时没有繁体中文界面，语言已设为简体中文。",
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
    "stale_button_toast": "这个按钮已失效，没有做任何更改。请重新发送命令（如 /list、/settings）再点新的按钮。",
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
    "channel_no_rights_toast": "我现在不能在「{title}」发消息（“发布消息”的权限被收回了），所以暂时不能修改它的订阅和设置。"
    "请在频道的管理员设置里恢复机器人的“发布消息”权限后再试。",
    "channel_no_rights_held": "这期间的新闻会保留，权限恢复后自动补发。",
    "group_welcome": "大家好，我是 <b>finews</b> 财经快讯机器人 👋\n"
    "群管理员发送 <code>/sub 600519</code>、<code>/sub 每日经济新闻</code> 或 /sources 订阅，"
    "有新消息时我会推送到群里。/help 查看全部命令。",
    "channel_welcome": "我已加入频道 {title} 👋\n"
    "在这里私聊我 <code>/sub {ref} 600519</code> 即可为频道订阅，"
    "<code>/list {ref}</code> 查看；频道的订阅者不会看到这些命令。",
    "channel_not_found": "找不到频道 {ref}。请检查用户名，并先把机器人添加为该频道的管理员。",
    "not_a_channel": "{ref} 不是频道。",
    "group_not_channel": "{ref} 是群组，不是频道。群组的订阅和设置要在群里修改：把我加进该群，"
    "由群管理员在群里发送 <code>{command}</code>。这里没有做任何更改。",
    "channel_not_admin": "只有频道 {ref} 的管理员可以修改它的订阅。",
    "channel_not_admin_settings": "只有频道 {ref} 的管理员可以查看和修改它的设置。",
    "channel_bot_cannot_post": "我还不能在 {ref} 发消息：请把机器人添加为频道管理员并允许“发布消息”。",
    "channel_bot_lost_post": "我在 {ref} 发消息的权限被收回了，所以暂时不能修改它的订阅和设置：请在频道的管理员设置里恢复机器人的“发布消息”权限。"
    "这期间的新闻会保留，权限恢复后自动补发。",
    "channel_prefix": "频道 {title}：",
    "operator_only": "这个命令只对机器人运营者开放（你的用户 ID：{id}）。",
    "unknown_command": "没有这个命令。发送 /help 查看可用命令。",
    "unknown_command_spaced": "没有这个命令。命令和内容之间要空一格，例如 <code>{command}</code>。",
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
