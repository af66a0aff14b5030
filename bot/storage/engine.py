"""The database: which one (from settings), its engine, and its schema brought up to date by Alembic."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from bot.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: Seconds to wait for a PostgreSQL connection before the writer counts the database as unavailable.
CONNECT_TIMEOUT_SECONDS = 5


class DatabaseSettingsError(ValueError):
    """DATABASE_URL names a database this project does not support or cannot parse."""


def database_url(settings: Settings) -> URL:
    """The database from DATABASE_URL, or SQLite under DATA_DIR when it is empty.

    ``postgresql://`` and ``postgres://`` use the psycopg (v3) driver, the one this project installs.
    """
    raw = settings.database_url.get_secret_value().strip() if settings.database_url else ""
    if not raw:
        return URL.create("sqlite", database=str(settings.data_dir / "assistant.db"))
    try:
        url = make_url(raw)
    except Exception:  # SQLAlchemy raises ArgumentError; its message would echo the URL and its password
        raise DatabaseSettingsError("DATABASE_URL: not a database URL (e.g. postgresql://user@host/db)") from None
    backend = url.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return url
    raise DatabaseSettingsError(f"DATABASE_URL: {backend} is not supported; use postgresql:// or sqlite:///")


def describe(url: URL) -> str:
    """The URL without its password, for messages."""
    return url.render_as_string(hide_password=True)


def make_engine(url: URL | str) -> Engine:
    """An engine for the log; a SQLite file's folder is created if missing.

    SQLite opens the file for each unit of work (NullPool), so a file that was moved or whose disk
    went away fails that write and works again once it is back, rather than writing to a stale handle.
    PostgreSQL connections are checked before use, so the log recovers after a server restart.
    """
    url = make_url(url)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        return create_engine(url, poolclass=NullPool, connect_args={"timeout": CONNECT_TIMEOUT_SECONDS})
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=2,
        max_overflow=2,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    )


def alembic_config(connection: Connection | None = None, url: URL | None = None) -> Config:
    """Alembic's configuration for our migrations, given a connection (tests, the bot) or a URL."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    config.attributes["url"] = url
    return config


def upgrade(engine: Engine) -> str | None:
    """Apply every pending migration; returns the revision the database is now at."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    return current_revision(engine)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before the first migration)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    """The newest revision among our migrations."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
