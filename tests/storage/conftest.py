"""Storage tests run on SQLite and on PostgreSQL (see databases.py)."""

from tests.storage.databases import database

__all__ = ["database"]
