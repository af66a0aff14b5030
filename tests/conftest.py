"""Shared fixtures: settings pointing at the real content, and an assistant over a FakeNlu."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import PROJECT_ROOT, app
from bot.content.store import ContentStore
from bot.settings import Settings
from tests.fakes import FakeNlu


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a real Telegram token or NLU settings from the developer's shell."""
    for name in ("TELEGRAM_BOT_TOKEN", "NLU_URL", "NLU_TOKEN", "DEFAULT_LANGUAGE", "CONTENT_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(PROJECT_ROOT / "tests")  # so a developer's .env in the root is not read


@pytest.fixture(scope="session")
def content_store() -> ContentStore:
    """The real content folder, loaded once."""
    store = ContentStore(PROJECT_ROOT / "content")
    store.reload()
    return store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with caches under the test's temporary folder."""
    return Settings(nlu_cache_dir=tmp_path / "nlu-cache")


@pytest.fixture
def fake_nlu() -> FakeNlu:
    """A scriptable, recording NLU."""
    return FakeNlu()


@pytest.fixture
def components(settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore) -> app.Components:
    """The assistant wired by the real composition root over the fake NLU."""
    return app.build(settings, fake_nlu, content_store)
