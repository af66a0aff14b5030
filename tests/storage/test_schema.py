"""Schema and engines: migrations build exactly the models' tables; the database comes from settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from pydantic import SecretStr, ValidationError
from sqlalchemy import inspect

from bot.__main__ import main
from bot.settings import Settings
from bot.storage.engine import alembic_config, current_revision, database_url, describe, head_revision, upgrade
from bot.storage.models import Base
from tests.storage.databases import Database

TABLES = {"events", "feedback", "unanswered_questions", "daily_events", "daily_feedback", "log_gaps"}


def test_migrations_build_exactly_the_models(database: Database) -> None:
    assert current_revision(database.engine) == head_revision() == "0001"
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert set(inspect(connection).get_table_names()) >= TABLES
    assert differences == [], f"models and migrations differ; write a migration: {differences}"


def test_upgrade_is_idempotent_and_downgrade_removes_everything(database: Database) -> None:
    assert upgrade(database.engine) == "0001"
    with database.engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    with database.engine.connect() as connection:
        assert not TABLES & set(inspect(connection).get_table_names())
    assert upgrade(database.engine) == "0001"


def test_empty_database_url_means_sqlite_under_the_data_dir(tmp_path: Path) -> None:
    url = database_url(Settings(data_dir=tmp_path / "d"))
    assert url.get_backend_name() == "sqlite" and url.database == str(tmp_path / "d" / "assistant.db")


@pytest.mark.parametrize("given", ["postgresql://bot:s3cret@db.internal/assistant", "postgres://bot:s3cret@db/x"])
def test_postgres_urls_use_psycopg_and_never_show_the_password(given: str) -> None:
    url = database_url(Settings(database_url=SecretStr(given)))
    assert url.drivername == "postgresql+psycopg"
    assert "s3cret" not in describe(url) and "***" in describe(url)


def test_unsupported_database_is_refused_without_echoing_the_url() -> None:
    with pytest.raises(ValidationError) as caught:
        Settings(database_url=SecretStr("mysql://bot:s3cret@db/x"))
    (error,) = caught.value.errors()
    assert error["loc"] == ("database_url",) and "postgresql://" in error["msg"] and "s3cret" not in error["msg"]


def test_db_upgrade_and_purge_commands(
    database: Database, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database.url_string)
    assert main(["db", "upgrade"]) == 0
    assert "schema at revision 0001" in capsys.readouterr().out
    assert main(["db", "purge"]) == 0
    assert "deleted 0 unanswered questions" in capsys.readouterr().out


def test_db_upgrade_creates_the_default_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    assert main(["db", "upgrade"]) == 0
    assert (tmp_path / "data" / "assistant.db").is_file()
    assert str(tmp_path / "data" / "assistant.db") in capsys.readouterr().out


def test_db_command_reports_an_unreachable_database_by_error_type(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:s3cret@127.0.0.1:1/nowhere")
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1:1/nowhere: database error (OperationalError)" in err and "s3cret" not in err
