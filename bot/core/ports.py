"""What the core needs from the outside world, as protocols; adapters and fakes implement them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.core.model import Answer, Event, Feedback, Lang, NluResult, Unanswered


class Nlu(Protocol):
    """Classifies a normalised message into intents."""

    async def parse(self, text: str) -> NluResult:
        """Rank the intents for `text`; raise NluUnavailableError when that cannot be done now."""
        ...


class Content(Protocol):
    """The published answers, by intent id and language."""

    def answer(self, answer_id: str, language: Lang) -> Answer | None:
        """The published answer, or None when there is none in that language."""
        ...

    def topics(self, language: Lang, category: str | None = None) -> Sequence[Answer]:
        """Published topic answers (not conversation ones), in menu order."""
        ...

    def legal_help(self, language: Lang) -> Answer | None:
        """The shared footer: where to get free legal help, and "not legal advice"."""
        ...


class Translator(Protocol):
    """gettext for one language."""

    def gettext(self, message: str, /) -> str:
        """Translate `message`."""
        ...


class EventLog(Protocol):
    """Where handled messages are counted. Every method returns at once and never raises:
    logging must never delay or break a reply."""

    def record(self, event: Event) -> None:
        """Count one handled message."""
        ...

    def feedback(self, feedback: Feedback) -> None:
        """Count one Helpful / Not helpful press."""
        ...

    def unanswered(self, question: Unanswered) -> None:
        """Keep a question for staff review, redacted before anything is stored."""
        ...
