"""Running on Telegram: command registration, retries, the error handler, logs without personal data, settings."""

from __future__ import annotations

import logging
import re

import pytest
from pydantic import SecretStr, ValidationError
from telegram import Update

from bot.app import Components, configure_logging
from bot.settings import Settings
from bot.tg.logs import protect_telegram_logs
from bot.tg.runner import AnyApplication, register_commands
from bot.tg.screens import COMMANDS
from tests.fakes import RecordingRequest
from tests.tg.tester import ChatTester

#: Someone who can be identified: none of this may reach a log.
IDENTIFIABLE = {"id": 987654321, "is_bot": False, "first_name": "Thị Lan", "last_name": "Nguyễn", "username": "lan_hp"}


async def test_commands_are_registered_in_both_languages_and_a_default(
    application: AnyApplication, recording_request: RecordingRequest, tg_components: Components
) -> None:
    await register_commands(application.bot, tg_components)
    calls = {c.params.get("language_code"): c.params["commands"] for c in recording_request.called("setMyCommands")}
    assert set(calls) == {"vi", "en", None}
    for commands in calls.values():
        assert [c["command"] for c in commands] == list(COMMANDS)
    descriptions = {lang: {c["command"]: c["description"] for c in commands} for lang, commands in calls.items()}
    assert descriptions["en"]["hotline"] == "Urgent help lines"
    assert descriptions["vi"]["hotline"] == "Đường dây trợ giúp khẩn cấp"
    assert descriptions[None] == descriptions["vi"], "everyone else gets DEFAULT_LANGUAGE (vi)"


async def test_a_reply_survives_flood_control_and_a_dropped_connection(
    person: ChatTester, recording_request: RecordingRequest
) -> None:
    recording_request.fail_next("sendMessage", "retry_after", "network")
    await person.send("/menu")
    assert len(recording_request.called("sendMessage")) == 3
    person.expect("Chọn một chủ đề:")


async def test_the_error_handler_logs_only_the_error_type_and_update_id(
    application: AnyApplication, recording_request: RecordingRequest, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    person = ChatTester(application, recording_request, user=IDENTIFIABLE)
    recording_request.fail_next("sendMessage", "bad_request")  # Telegram refuses: not retried, the handler raises
    await person.send("/menu")
    errors = [r for r in caplog.records if r.name == "bot.tg.handlers"]
    assert [re.sub(r"\d+", "N", r.getMessage()) for r in errors] == ["error while handling update N: BadRequest"]
    for secret in ("987654321", "Lan", "Nguyễn", "lan_hp", "/menu"):
        assert secret not in caplog.text, f"{secret!r} reached the logs"


def test_telegram_library_logs_never_carry_updates(caplog: pytest.LogCaptureFixture) -> None:
    protect_telegram_logs()
    caplog.set_level(logging.DEBUG)
    update = Update.de_json(
        {
            "update_id": 7,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 987654321, "type": "private"},
                "from": IDENTIFIABLE,
                "text": "my A-number is 123456789",
            },
        },
        None,
    )
    logging.getLogger("telegram.ext.Application").debug("Processing update %s", update)
    logging.getLogger("telegram.ext.Updater").critical("Received data was: %r", update.to_dict())
    logging.getLogger("telegram.ext.AIORateLimiter").error("Rate limit hit after maximum of %d retries", 3)
    assert not logging.getLogger("telegram.Bot").isEnabledFor(logging.DEBUG)
    assert "Received data was: '<dict>'" in caplog.text and "after maximum of 3 retries" in caplog.text
    for secret in ("987654321", "Lan", "lan_hp", "A-number"):
        assert secret not in caplog.text


def test_a_webhook_needs_a_well_formed_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)  # whatever the developer's shell holds
    with pytest.raises(ValidationError, match="TELEGRAM_WEBHOOK_SECRET must be set"):
        Settings(telegram_webhook_url="https://bot.example.org/telegram")
    with pytest.raises(ValidationError, match="16 to 256 characters"):
        Settings(
            telegram_webhook_url="https://bot.example.org/telegram", telegram_webhook_secret=SecretStr("short secret")
        )
    ok = Settings(telegram_webhook_url="https://bot.example.org/telegram", telegram_webhook_secret=SecretStr("a" * 32))
    assert ok.telegram_webhook_port == 8443 and ok.telegram_webhook_listen == "127.0.0.1"
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "")
    monkeypatch.setenv("TELEGRAM_WEBHOOK_SECRET", "")
    assert Settings().telegram_webhook_url is None, "empty means off: long polling"


def test_http_client_logs_stay_quiet_because_their_urls_carry_the_token(tg_settings: Settings) -> None:
    configure_logging(tg_settings)
    assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
    assert not logging.getLogger("httpcore").isEnabledFor(logging.INFO)
