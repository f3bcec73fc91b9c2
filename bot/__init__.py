"""finews-bot: Chinese financial news, summarized, pushed to Telegram chats."""

__version__ = "0.1.0"
