"""Shared fixtures: settings pointing at the real content, an assistant over a FakeNlu, and (for the
integration and end-to-end tests) one real Rasa server per session."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import PROJECT_ROOT, app
from bot.content.store import ContentStore
from bot.nlu_service import NluEndpoint, RasaServer, ensure_model
from bot.settings import Settings
from tests.fakes import FakeNlu
from tests.processes import free_port


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never see a setting (token, URLs, database) from the developer's shell."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(PROJECT_ROOT / "tests")  # so a developer's .env in the root is not read


@pytest.fixture(scope="session")
def content_store() -> ContentStore:
    """The real content folder, loaded once."""
    store = ContentStore(PROJECT_ROOT / "content")
    store.reload()
    return store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with caches under the test's temporary folder, and a fixed decision policy
    (answer at 0.5, suggest at 0.2) so tests of the decision logic do not move when defaults are re-tuned."""
    return Settings(nlu_cache_dir=tmp_path / "nlu-cache", answer_threshold=0.5, suggest_threshold=0.2)


@pytest.fixture
def fake_nlu() -> FakeNlu:
    """A scriptable, recording NLU."""
    return FakeNlu()


@pytest.fixture
def components(settings: Settings, fake_nlu: FakeNlu, content_store: ContentStore) -> app.Components:
    """The assistant wired by the real composition root over the fake NLU."""
    return app.build(settings, fake_nlu, content_store)


@pytest.fixture(scope="session")
def trained_model() -> Path:
    """The model for the current nlu/ and config.yml (trained once if it does not exist)."""
    return ensure_model(Settings())


@pytest.fixture(scope="session")
def rasa_process(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RasaServer]:
    """One real Rasa server for the whole session, on a free port with its own token and its own log
    (servers that other tests start write theirs elsewhere)."""
    url = f"http://127.0.0.1:{free_port()}"
    # A leading dash, as secrets.token_urlsafe gives one time in 64: Rasa's parser once took it for an option.
    token = "-" + secrets.token_urlsafe(16)
    server = RasaServer(Settings(nlu_cache_dir=tmp_path_factory.mktemp("rasa-server")), trained_model, url, token)
    try:
        server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def rasa_server(rasa_process: RasaServer) -> NluEndpoint:
    """Where the session's Rasa server answers."""
    return NluEndpoint(rasa_process.url, rasa_process.token, started=True)
