"""The composition root: the one place where settings, content, NLU and adapters are wired."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.content.store import ContentStore, LiveContent
from bot.core.assistant import Assistant, Policy
from bot.core.model import Lang
from bot.core.ports import EventLog, Nlu, Translator
from bot.i18n import translators
from bot.nlu_client import RasaNlu
from bot.nlu_service import NluEndpoint
from bot.service import Conversations, NullEventLog
from bot.settings import Settings


@dataclass
class Components:
    """Everything the adapters need, built once."""

    settings: Settings
    content: ContentStore
    assistant: Assistant
    translators: dict[Lang, Translator]
    conversations: Conversations


def configure_logging(settings: Settings) -> None:
    """Our loggers at the configured level; HTTP client loggers quiet (their URLs carry tokens)."""
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # sqlalchemy.engine at INFO would log SQL parameters (question text); Alembic's plugin lines are noise.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "sqlalchemy", "alembic.runtime.plugins"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def build_content(settings: Settings) -> ContentStore:
    """Load the answers once; problems are logged and the good files still serve."""
    store = ContentStore(settings.content_dir)
    store.reload()
    return store


def build(settings: Settings, nlu: Nlu, content: ContentStore | None = None, log: EventLog | None = None) -> Components:
    """Wire the assistant from settings, an NLU port (real or fake) and an event log (none: keep nothing)."""
    store = content or build_content(settings)
    catalogs: dict[Lang, Translator] = dict(translators())
    assistant = Assistant(
        nlu=nlu,
        content=LiveContent(store),
        translators=catalogs,
        policy=Policy(
            answer_threshold=settings.answer_threshold,
            suggest_threshold=settings.suggest_threshold,
            ambiguity_gap=settings.ambiguity_gap,
        ),
        default_language=settings.default_language,
    )
    conversations = Conversations(assistant, log or NullEventLog(), catalogs)
    return Components(settings, store, assistant, catalogs, conversations)


def rasa_nlu(settings: Settings, endpoint: NluEndpoint) -> RasaNlu:
    """The HTTP NLU client for an endpoint."""
    return RasaNlu(endpoint.url, endpoint.token, settings.nlu_timeout_seconds)
