"""Numbered SQLite schema files (`NNNN_name.sql`), applied in order by `bot.storage.migrate`."""
