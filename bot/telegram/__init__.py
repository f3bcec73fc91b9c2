"""The Telegram edge: thin handlers over `bot.subscriptions` (see `bot.telegram.app`)."""
