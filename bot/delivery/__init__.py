"""Delivery: drain the outbox (`deliveries`) to Telegram within its limits."""
