"""The real Application, built by the composition root, over a RecordingRequest instead of Telegram."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import app
from bot.content.store import ContentStore
from bot.settings import Settings
from bot.tg.runner import AnyApplication, build_application
from tests.fakes import FakeNlu, RecordingEventLog, RecordingRequest
from tests.tg.tester import ChatTester

#: A token of the right shape; it never leaves the test (the RecordingRequest answers every call).
TOKEN = "123456789:TEST-token-not-a-real-one"


@pytest.fixture
def tg_settings(tmp_path: Path) -> Settings:
    """Settings with a Telegram token (never used on a network)."""
    # a fixed decision policy, so these scenarios do not move when the defaults are re-tuned
    return Settings(
        telegram_bot_token=SecretStr(TOKEN),
        nlu_cache_dir=tmp_path / "nlu-cache",
        answer_threshold=0.5,
        suggest_threshold=0.2,
    )


@pytest.fixture
def event_log() -> RecordingEventLog:
    """What the service counted."""
    return RecordingEventLog()


@pytest.fixture
def tg_components(
    tg_settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore, event_log: RecordingEventLog
) -> app.Components:
    """The components wired by the real composition root over the fake NLU and a recording event log."""
    return app.build(tg_settings, fake_nlu, content_store, event_log)


@pytest.fixture
def recording_request() -> RecordingRequest:
    """The fake network to Telegram."""
    return RecordingRequest()


@pytest.fixture
async def application(
    tg_components: app.Components, recording_request: RecordingRequest
) -> AsyncIterator[AnyApplication]:
    """The real Application, initialised (getMe answered by the recording request)."""
    application = build_application(tg_components, recording_request)
    await application.initialize()
    try:
        yield application
    finally:
        await application.shutdown()


@pytest.fixture
def person(application: AnyApplication, recording_request: RecordingRequest) -> ChatTester:
    """A person whose Telegram app is in Vietnamese, in a private chat with the bot."""
    return ChatTester(application, recording_request)
