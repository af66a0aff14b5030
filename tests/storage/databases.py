"""Test databases: a fresh SQLite file, or a fresh schema in PostgreSQL's `test` database, migrated to head.

Every PostgreSQL test gets its own schema (dropped afterwards), so runs sharing the `test` database do
not see each other. PostgreSQL is skipped, with the reason, only when no server answers at
TEST_DATABASE_URL (default: postgresql://postgres@127.0.0.1:5432/test, trust authentication).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import URL, make_url

from bot.storage.engine import describe, make_engine, upgrade

TEST_DATABASE_URL = make_url(
    os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
).set(drivername="postgresql+psycopg")
BACKENDS = ("sqlite", "postgresql")
SCHEMA_PREFIX = "test_sanctuary_"


@dataclass
class Database:
    """A migrated test database: which backend, its URL (with password, for settings) and an engine."""

    backend: str
    url: URL
    engine: Engine

    @property
    def url_string(self) -> str:
        """The URL as DATABASE_URL would hold it."""
        return self.url.render_as_string(hide_password=False)

    def dump(self) -> list[tuple[str, tuple[object, ...]]]:
        """Every row of every table (Alembic's included), as (table, values): what an attacker with the disk sees."""
        metadata = MetaData()
        with self.engine.connect() as connection:
            metadata.reflect(connection)
            return [
                (table.name, tuple(row))
                for table in metadata.sorted_tables
                for row in connection.execute(select(table))
            ]


@cache
def postgres_unreachable() -> str | None:
    """Why PostgreSQL cannot be used for tests here, or None when it answers."""
    engine = create_engine(TEST_DATABASE_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:
        return (
            f"PostgreSQL not reachable at {describe(TEST_DATABASE_URL)} ({type(exc).__name__}); "
            "start it or set TEST_DATABASE_URL to run the PostgreSQL variants"
        )
    finally:
        engine.dispose()
    return None


@contextmanager
def fresh_database(backend: str, folder: Path) -> Iterator[Database]:
    """A new, migrated database of `backend`, removed afterwards."""
    if backend == "sqlite":
        url = URL.create("sqlite", database=str(folder / "data" / "assistant.db"))
        engine = make_engine(url)
        upgrade(engine)
        try:
            yield Database(backend, url, engine)
        finally:
            engine.dispose()
        return
    reason = postgres_unreachable()
    if reason:
        pytest.skip(reason)
    schema = SCHEMA_PREFIX + uuid.uuid4().hex[:12]
    admin = create_engine(TEST_DATABASE_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = TEST_DATABASE_URL.update_query_dict({"options": f"-csearch_path={schema}"})
    engine = make_engine(url)
    try:
        upgrade(engine)
        yield Database(backend, url, engine)
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh migrated database, once on SQLite and once on PostgreSQL."""
    with fresh_database(request.param, tmp_path) as db:
        yield db
