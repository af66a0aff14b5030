"""Writing the log: events, feedback and redacted questions in one transaction per batch."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Insert, insert
from sqlalchemy.dialects import postgresql, sqlite

from bot.core.model import Event, Feedback, Lang
from bot.core.text import normalize
from bot.storage.models import Base, EventRow, FeedbackRow, LogGapRow, UnansweredRow


def to_hour(moment: dt.datetime) -> dt.datetime:
    """`moment` in naive UTC, rounded down to the hour (how every detail row stores time).

    >>> to_hour(dt.datetime(2026, 11, 21, 9, 41, 7, tzinfo=dt.timezone(dt.timedelta(hours=-8))))
    datetime.datetime(2026, 11, 21, 17, 0)
    """
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
    return moment.replace(minute=0, second=0, microsecond=0)


@dataclass(frozen=True)
class RedactedQuestion:
    """An unanswered question after redaction: the only form of its text that may reach the database."""

    occurred_at: dt.datetime
    language: Lang
    text: str
    intent: str | None
    confidence: float

    @property
    def fingerprint(self) -> str:
        """Identical questions (after normalising case and spaces) in one language share this key.

        >>> a = RedactedQuestion(dt.datetime(2026, 1, 1), "en", "Call <PHONE>", None, 0.1)
        >>> b = RedactedQuestion(dt.datetime(2026, 1, 2), "en", "call   <phone>", None, 0.2)
        >>> a.fingerprint == b.fingerprint
        True
        """
        return hashlib.sha256(f"{self.language}\0{normalize(self.text)}".encode()).hexdigest()


LogItem = Event | Feedback | RedactedQuestion


def dialect_insert(connection: Connection, table: type[Base]) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that supports ON CONFLICT … DO UPDATE on this connection's database."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def write_batch(connection: Connection, items: Sequence[LogItem]) -> None:
    """Store one batch (the caller owns the transaction): detail rows, and questions counted by fingerprint."""
    events = [_event_row(i) for i in items if isinstance(i, Event)]
    feedback = [_feedback_row(i) for i in items if isinstance(i, Feedback)]
    questions = [i for i in items if isinstance(i, RedactedQuestion)]
    if events:
        connection.execute(insert(EventRow), events)
    if feedback:
        connection.execute(insert(FeedbackRow), feedback)
    if questions:
        _count_questions(connection, questions)


def _event_row(event: Event) -> dict[str, object]:
    """One events row: the hour, never the exact time; a pseudonym, never the chat."""
    return {
        "hour": to_hour(event.occurred_at),
        "conversation": event.conversation,
        "language": event.language,
        "kind": str(event.kind),
        "intent": event.intent,
        "confidence": event.confidence,
        "answered": event.answered,
        "answer_id": event.answer_id,
        "revision": event.revision,
        "latency_ms": event.latency_ms,
    }


def _feedback_row(feedback: Feedback) -> dict[str, object]:
    """One feedback row, tied to the answer revision the person read."""
    return {
        "hour": to_hour(feedback.occurred_at),
        "conversation": feedback.conversation,
        "language": feedback.language,
        "answer_id": feedback.answer_id,
        "revision": feedback.revision,
        "helpful": feedback.helpful,
    }


def _count_questions(connection: Connection, questions: Iterable[RedactedQuestion]) -> None:
    """Insert new questions; for one already stored, add to its count and move its last-seen hour."""
    first: dict[str, RedactedQuestion] = {}
    last: dict[str, RedactedQuestion] = {}
    counts: Counter[str] = Counter()
    for question in questions:
        key = question.fingerprint
        first.setdefault(key, question)
        last[key] = question
        counts[key] += 1
    rows = [
        {
            "fingerprint": key,
            "language": question.language,
            "text": question.text,
            "intent": last[key].intent,
            "confidence": last[key].confidence,
            "count": counts[key],
            "first_seen": to_hour(question.occurred_at),
            "last_seen": to_hour(last[key].occurred_at),
        }
        for key, question in first.items()
    ]
    statement = dialect_insert(connection, UnansweredRow)
    upsert: Insert = statement.on_conflict_do_update(
        index_elements=[UnansweredRow.fingerprint],
        set_={
            "count": UnansweredRow.count + statement.excluded.count,
            "last_seen": statement.excluded.last_seen,
            "intent": statement.excluded.intent,
            "confidence": statement.excluded.confidence,
        },
    )
    connection.execute(upsert, rows)


def record_gap(connection: Connection, started: dt.datetime, ended: dt.datetime, dropped: int, failed: int) -> None:
    """Note that the log dropped `dropped` items between two hours (kept for staff; no content)."""
    connection.execute(
        insert(LogGapRow),
        [{"started": to_hour(started), "ended": to_hour(ended), "dropped": dropped, "failed_writes": failed}],
    )
