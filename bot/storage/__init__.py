"""The conversation log: tables, migrations, the buffered database EventLog and retention (see README, Storage)."""

from bot.storage.engine import database_url, describe, make_engine, upgrade
from bot.storage.log import DatabaseEventLog, LogStats, open_event_log
from bot.storage.retention import PurgeResult, Retention, purge

__all__ = [
    "DatabaseEventLog",
    "LogStats",
    "PurgeResult",
    "Retention",
    "database_url",
    "describe",
    "make_engine",
    "open_event_log",
    "purge",
    "upgrade",
]
