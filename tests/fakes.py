"""Recording fakes, named after what they replace; every test uses these rather than ad-hoc mocks."""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.model import Event, Feedback, IntentScore, NluResult, NluUnavailableError, Unanswered


class FakeNlu:
    """Stands in for the Rasa server: answers from a script and records every text it was asked."""

    def __init__(self, script: Mapping[str, Mapping[str, float]] | None = None, *, down: bool = False) -> None:
        self.script: dict[str, dict[str, float]] = {k: dict(v) for k, v in (script or {}).items()}
        self.down = down
        self.calls: list[str] = []

    def will_answer(self, text: str, **scores: float) -> None:
        """Script the ranking returned for `text` (already normalised)."""
        self.script[text] = scores

    async def parse(self, text: str) -> NluResult:
        """Record the call; return the scripted ranking, or raise when the fake is down."""
        self.calls.append(text)
        if self.down:
            raise NluUnavailableError("ConnectError")
        scores = self.script.get(text, {"out_of_scope": 0.9})
        ranking = sorted((IntentScore(n, c) for n, c in scores.items()), key=lambda s: -s.confidence)
        return NluResult(tuple(ranking))


class RecordingEventLog:
    """Stands in for the database-backed event log: keeps what it was given, in order."""

    def __init__(self) -> None:
        self.events: list[Event] = []
        self.feedbacks: list[Feedback] = []
        self.questions: list[Unanswered] = []

    def record(self, event: Event) -> None:
        """Keep the event."""
        self.events.append(event)

    def feedback(self, feedback: Feedback) -> None:
        """Keep the feedback."""
        self.feedbacks.append(feedback)

    def unanswered(self, question: Unanswered) -> None:
        """Keep the question (the real log redacts it)."""
        self.questions.append(question)
