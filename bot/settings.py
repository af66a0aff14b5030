"""Typed settings, read from the environment (and an optional `.env` file); empty means "off"."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot import PROJECT_ROOT


class Settings(BaseSettings):
    """Every setting the assistant reads. Each field is documented in README.md ("Settings")."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore", validate_default=True)

    # Telegram bot token from @BotFather. Empty: run a console chat in the terminal instead.
    telegram_bot_token: SecretStr | None = None
    # Base URL of the Bot API (any Bot API-compatible server can stand in, e.g. a test emulator).
    telegram_base_url: str = "https://api.telegram.org/bot"

    # URL of the Rasa NLU server. `run` and `ask` start one here when none answers.
    nlu_url: str = "http://127.0.0.1:5005"
    # Auth token of the Rasa server. Empty: a random one is made whenever we start the server.
    nlu_token: SecretStr | None = None
    # Seconds to wait for one NLU parse before replying without understanding.
    nlu_timeout_seconds: float = Field(default=3.0, gt=0)
    # Seconds to wait for a Rasa server we started to load its model and answer.
    nlu_start_timeout_seconds: float = Field(default=240.0, gt=0)
    # Python 3.10 virtual environment that holds Rasa (created by `make run` / `make test`).
    nlu_venv: Path = PROJECT_ROOT / ".venv-nlu"
    # Where trained models, generated training data and the Rasa log are kept.
    nlu_cache_dir: Path = PROJECT_ROOT / ".cache" / "nlu"

    # Confidence at or above which the top intent's answer is served.
    answer_threshold: float = Field(default=0.5, ge=0, le=1)
    # Confidence at or above which (but below answer_threshold) "Did you mean…?" is offered.
    suggest_threshold: float = Field(default=0.2, ge=0, le=1)
    # Serve directly only when the top intent leads the second by at least this much.
    ambiguity_gap: float = Field(default=0.0, ge=0, le=1)

    # Folder holding content/en and content/vi answer files.
    content_dir: Path = PROJECT_ROOT / "content"
    # Warn in `content check` when an answer's `reviewed` date is this many months old or older.
    content_review_months: int = Field(default=12, ge=1)
    # Reply language when the message does not tell and the person chose none.
    default_language: Literal["vi", "en"] = "vi"
    # Log level of the application's own loggers (DEBUG, INFO, WARNING, ERROR).
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("nlu_url", "telegram_base_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        """Store URLs without a trailing slash so paths can be appended."""
        return value.rstrip("/")
