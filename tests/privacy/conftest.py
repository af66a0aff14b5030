"""Privacy tests that store data use the storage tests' databases: SQLite and PostgreSQL."""

from tests.storage.databases import database

__all__ = ["database"]
