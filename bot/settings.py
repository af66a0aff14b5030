"""Typed settings, read from the environment (and an optional `.env` file); empty means "off"."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import PROJECT_ROOT


class Settings(BaseSettings):
    """Every setting the assistant reads. Each field is documented in README.md ("Settings")."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_default=True)

    # Telegram bot token from @BotFather. Empty: run a console chat in the terminal instead.
    telegram_bot_token: SecretStr | None = None
    # Base URL of the Bot API (any Bot API-compatible server can stand in, e.g. a test emulator).
    telegram_base_url: str = "https://api.telegram.org/bot"
    # Public HTTPS URL Telegram posts updates to (production). Empty: long polling (development).
    telegram_webhook_url: str | None = None
    # Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token with every update; required with a webhook URL.
    telegram_webhook_secret: SecretStr | None = None
    # Address the webhook server listens on (put a TLS-terminating reverse proxy in front).
    telegram_webhook_listen: str = "127.0.0.1"
    # Port the webhook server listens on.
    telegram_webhook_port: int = Field(default=8443, ge=1, le=65535)

    # URL of the Rasa NLU server. `run` and `ask` start one here when none answers.
    nlu_url: str = "http://127.0.0.1:5005"
    # Auth token of the Rasa server. Empty: a random one is made whenever we start the server.
    nlu_token: SecretStr | None = None
    # Seconds to wait for one NLU parse before replying without understanding.
    nlu_timeout_seconds: float = Field(default=3.0, gt=0)
    # Seconds to wait for a Rasa server we started to load its model and answer.
    nlu_start_timeout_seconds: float = Field(default=240.0, gt=0)
    # CPU threads the Rasa process may use (OMP_NUM_THREADS): the e5 encoder runs ~1.7x faster on two.
    nlu_threads: int = Field(default=2, ge=1, le=64)
    # Python 3.10 virtual environment that holds Rasa (created by `make run` / `make test`).
    nlu_venv: Path = PROJECT_ROOT / ".venv-nlu"
    # Where trained models, generated training data and the Rasa log are kept.
    nlu_cache_dir: Path = PROJECT_ROOT / ".cache" / "nlu"

    # Confidence at or above which the top intent's answer is served.
    answer_threshold: float = Field(default=0.45, ge=0, le=1)
    # Confidence at or above which (but below answer_threshold) "Did you mean…?" is offered.
    suggest_threshold: float = Field(default=0.1, ge=0, le=1)
    # Serve directly only when the top intent leads the second by at least this much.
    ambiguity_gap: float = Field(default=0.0, ge=0, le=1)

    # Folder holding content/en and content/vi answer files.
    content_dir: Path = PROJECT_ROOT / "content"
    # Warn in `content check` when an answer's `reviewed` date is this many months old or older.
    content_review_months: int = Field(default=12, ge=1)
    # Seconds between checks for edited answer files while the bot runs. 0: off (SIGHUP still reloads).
    content_reload_seconds: float = Field(default=2.0, ge=0)
    # Reply language when the message does not tell and the person chose none.
    default_language: Literal["vi", "en"] = "vi"
    # Log level of the application's own loggers (DEBUG, INFO, WARNING, ERROR).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    # Conversation log database (postgresql://… or sqlite:///…). Empty: sqlite:///<DATA_DIR>/assistant.db.
    database_url: SecretStr | None = None
    # Folder for the bot's own data (the default SQLite database).
    data_dir: Path = PROJECT_ROOT / "data"
    # Log items held in memory while the database is slow or down; beyond this, new items are dropped and counted.
    event_buffer_size: int = Field(default=10_000, ge=1)
    # Days of hourly event and feedback detail kept before it is reduced to daily totals (see content bot_privacy).
    event_detail_days: int = Field(default=30, ge=1)
    # Days a redacted unanswered question is kept for staff review before it is deleted (see content bot_privacy).
    unanswered_retention_days: int = Field(default=90, ge=1)
    # Hours between the bot's scheduled purges (`python -m bot db purge` runs one now).
    purge_interval_hours: float = Field(default=6.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: SecretStr | None) -> SecretStr | None:
        """Only PostgreSQL and SQLite are supported; the message never repeats the URL (it may hold a password)."""
        raw = value.get_secret_value().strip() if value else ""
        if not raw:
            return None
        scheme = raw.split(":", 1)[0].split("+", 1)[0].lower() if "://" in raw else ""
        if scheme not in ("postgresql", "postgres", "sqlite"):
            raise ValueError("use postgresql://user@host/database or sqlite:///path, or leave it empty")
        return value

    @field_validator("nlu_url", "telegram_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        """Store URLs without a trailing slash so paths can be appended."""
        return value.rstrip("/")

    @field_validator("telegram_webhook_url", "telegram_webhook_secret", mode="before")
    @classmethod
    def _empty_is_off(cls, value: object) -> object:
        """An empty webhook variable means "off", like every other setting."""
        empty = value == "" or (isinstance(value, SecretStr) and not value.get_secret_value())
        return None if empty else value

    @field_validator("telegram_webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram accepts 1-256 characters A-Z, a-z, 0-9, _ and -; we also ask for at least 16."""
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", value.get_secret_value()):
            raise ValueError("use 16 to 256 characters, only letters, digits, _ and -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        """A webhook without a secret would accept forged updates from anyone who finds its URL."""
        if self.telegram_webhook_url and self.telegram_webhook_secret is None:
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set when TELEGRAM_WEBHOOK_URL is set")
        return self
