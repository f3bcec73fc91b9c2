# ruff: noqa: E501  (user-facing strings read better unwrapped)
"""The bot's user-facing strings in English, by key (`bot.telegram.i18n.t` looks them up;
every key of `bot.telegram.i18n_zh.ZH`, the same placeholders)."""

from __future__ import annotations

EN: dict[str, str] = {
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
    "subscribed_elsewhere": "{items}: subscribed in another topic of this group; send /unsub in that topic.",
    "unsub_all_ask": "Remove all {n} subscriptions here (exclusions included)?",
    "unsub_all_none": "Nothing here to unsubscribe.",
    "unsub_all_none_general": "Nothing here in General to unsubscribe; the topics hold {n} subscriptions: send /unsub all in a topic.",
    "unsub_all_done": "Removed all {n} subscriptions.",
    "unsub_all_managed": "{n} set by the bot operator stay (only the config changes them).",
    "unsub_all_cancelled": "OK, your subscriptions stay.",
    "unsub_all_changed_toast": "Your subscriptions changed since; nothing was removed. Please confirm again for the new count.",
    "unsub_all_gone_toast": "Every subscription here is removed already.",
    "btn_unsub_all": "Remove all",
    "btn_cancel": "Keep",
    "unknown_target": "Could not find “{text}”.",
    "ambiguous_target": "“{text}” could mean several things:",
    "empty_target": "“{text}” is empty; write something, e.g. <code>kw:新能源</code>.",
    "too_long_target": "“{text}…” is too long (keywords: at most 30 characters).",
    "too_short_target": "“{text}” is a single character and would match nearly every post; please write a longer keyword, e.g. <code>kw:新能源</code>.",
    "keyword_space_target": "“{text}” has a space inside; did you mean this keyword?",
    "keyword_plus_target": "A “+” at the end only means something for a stock (mentions too, e.g. <code>BABA+</code>), not for a keyword such as “{text}”.",
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
    "unsub_not_held": "Not subscribed: “{text}”.",
    "pick_one_unsub": "See /list for what is subscribed.",
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
    "lang_set_traditional": "There is no traditional Chinese (繁体) interface yet; language set to simplified Chinese (简体).",
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
    "stale_button_toast": "This button is out of date; nothing was changed. Send the command again (/list, /settings) and tap the new one.",
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
    "channel_no_rights_toast": "I may not post in “{title}” any more (the bot's “Post Messages” "
    "right was taken), so nothing there can change now: give the right back, then try again.",
    "channel_no_rights_held": " News waits till then.",
    "group_welcome": "Hello, I am <b>finews</b>, a Chinese financial news bot 👋\n"
    "Group admins: send <code>/sub 600519</code>, <code>/sub 每日经济新闻</code> or /sources to "
    "subscribe, and I push news here. /help lists all commands.",
    "channel_welcome": "I joined the channel {title} 👋\n"
    "Send me <code>/sub {ref} 600519</code> here to subscribe it, <code>/list {ref}</code> "
    "to see; the channel's subscribers do not see these commands.",
    "channel_not_found": "Channel {ref} not found. Check the name and make the bot an admin there.",
    "not_a_channel": "{ref} is not a channel.",
    "group_not_channel": "{ref} is a group, not a channel. A group's subscriptions and settings "
    "are changed in the group: add me there, and an admin sends <code>{command}</code> in it. "
    "Nothing was changed here.",
    "channel_not_admin": "Only admins of {ref} can change its subscriptions.",
    "channel_not_admin_settings": "Only admins of {ref} can see and change its settings.",
    "channel_bot_cannot_post": "I cannot post in {ref} yet: make the bot an admin allowed to post.",
    "channel_bot_lost_post": "My right to post in {ref} was taken, so its subscriptions and settings "
    'cannot change now: give the bot "Post Messages" back in the channel\'s admin settings. '
    "Its news waits meanwhile and follows once the right is back.",
    "channel_prefix": "Channel {title}: ",
    "operator_only": "This command is for the bot operator only (your user id: {id}).",
    "unknown_command": "Unknown command. Send /help for the list.",
    "unknown_command_spaced": "Unknown command. Put a space after the command, e.g. <code>{command}</code>.",
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
