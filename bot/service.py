"""The application service every adapter uses: the core's replies, timed and counted without personal data."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.core.assistant import Assistant
from bot.core.model import Event, Feedback, Lang, Query, Reply, ReplyKind, Unanswered
from bot.core.ports import EventLog, Translator
from bot.core.pseudonym import Pseudonymizer, utc_now

#: Replies whose question goes to staff review (redacted) because nothing fitted.
_TO_REVIEW = (ReplyKind.FALLBACK, ReplyKind.SUGGEST)


class NullEventLog:
    """An EventLog that keeps nothing (used where no database is configured, e.g. `ask`)."""

    def record(self, event: Event) -> None:
        """Keep nothing."""

    def feedback(self, feedback: Feedback) -> None:
        """Keep nothing."""

    def unanswered(self, question: Unanswered) -> None:
        """Keep nothing."""


class Conversations:
    """Handles messages and button presses for any adapter, and counts them in the event log."""

    def __init__(
        self,
        assistant: Assistant,
        log: EventLog,
        translators: dict[Lang, Translator],
        pseudonymize: Callable[[int | str], str] | None = None,
    ) -> None:
        self.assistant = assistant
        self.translators = translators
        self._log = log
        self._pseudonymize = pseudonymize or Pseudonymizer()

    async def message(self, chat: int | str | None, text: str, language: Lang | None) -> Reply:
        """Answer a typed message; count it; hand an unanswered question to staff review."""
        started = time.perf_counter()
        reply = await self.assistant.reply(Query(text, language))
        latency_ms = round((time.perf_counter() - started) * 1000)
        now = utc_now()
        self._log.record(
            Event(
                occurred_at=now,
                conversation=self._pseudonymize(chat) if chat is not None else None,
                language=reply.language,
                kind=reply.kind,
                intent=reply.intent,
                confidence=reply.confidence,
                answered=reply.answered,
                answer_id=reply.answer_id if reply.answered else None,
                revision=reply.revision if reply.answered else None,
                latency_ms=latency_ms,
            )
        )
        if reply.kind in _TO_REVIEW:
            self._log.unanswered(Unanswered(now, reply.language, text, reply.intent, reply.confidence))
        return reply

    def press(self, chat: int | str | None, action: str, language: Lang) -> Reply:
        """Handle a button: feedback is counted and thanked; anything else goes to the assistant."""
        kind, _sep, rest = action.partition(":")
        if kind == "feedback":
            verdict, _sep, answer_id = rest.partition(":")
            answer = self.assistant.content.answer(answer_id, language)
            self._log.feedback(
                Feedback(
                    occurred_at=utc_now(),
                    conversation=self._pseudonymize(chat) if chat is not None else None,
                    language=language,
                    answer_id=answer_id,
                    revision=answer.revision if answer else None,
                    helpful=verdict == "yes",
                )
            )
            return self.assistant.acknowledge_feedback(language)
        return self.assistant.press(action, language)
