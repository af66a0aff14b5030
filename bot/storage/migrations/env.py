"""Alembic environment: the database comes from the caller (a connection or URL) or from the bot's settings."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from bot.settings import Settings
from bot.storage.engine import database_url, make_engine
from bot.storage.models import Base

config = context.config
target_metadata = Base.metadata


def _migrate(connection: Connection) -> None:
    """Run the migrations on one connection, batch mode so SQLite can alter tables."""
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run() -> None:
    """Run the migrations on the given connection, or on the database the settings name."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _migrate(connection)
        return
    url = config.attributes.get("url") or database_url(Settings())
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            _migrate(connection)
    finally:
        engine.dispose()


run()
