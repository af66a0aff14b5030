"""The conversation log's tables (SQLAlchemy 2 typed models). Nothing here can identify a person.

Times are naive UTC rounded down to the hour (``hour``) or the day (``day``). Text is stored only for
unanswered questions, and only after redaction. In the daily tables an absent intent, answer or
revision is the empty string, not NULL, so the unique keys also hold on SQLite and PostgreSQL (where
NULLs are never equal).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Float, Integer, MetaData, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names that Alembic can find again on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID = 64  # answer ids, intents
REVISION = 16
PSEUDONYM = 16


class Base(DeclarativeBase):
    """Declarative base with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING)


class EventRow(Base):
    """One handled message, as counted (kept in detail for EVENT_DETAIL_DAYS, then summed into DailyEventRow)."""

    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    conversation: Mapped[str | None] = mapped_column(String(PSEUDONYM))  # HMAC under a key that changes daily
    language: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20))
    intent: Mapped[str | None] = mapped_column(String(ID))
    confidence: Mapped[float] = mapped_column(Float)
    answered: Mapped[bool] = mapped_column(Boolean)
    answer_id: Mapped[str | None] = mapped_column(String(ID))
    revision: Mapped[str | None] = mapped_column(String(REVISION))
    latency_ms: Mapped[int] = mapped_column(Integer)


class FeedbackRow(Base):
    """One Helpful / Not helpful press on an answer revision (detail, like EventRow)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hour: Mapped[dt.datetime] = mapped_column(DateTime, index=True)
    conversation: Mapped[str | None] = mapped_column(String(PSEUDONYM))
    language: Mapped[str] = mapped_column(String(2))
    answer_id: Mapped[str] = mapped_column(String(ID))
    revision: Mapped[str | None] = mapped_column(String(REVISION))
    helpful: Mapped[bool] = mapped_column(Boolean)


class UnansweredRow(Base):
    """A redacted question nobody could answer; identical ones (after normalising) share one row and a count."""

    __tablename__ = "unanswered_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of language + normalised text
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)  # redacted: placeholders such as <PHONE> replace personal data
    intent: Mapped[str | None] = mapped_column(String(ID))  # the classifier's best guess, last time asked
    confidence: Mapped[float] = mapped_column(Float)
    count: Mapped[int] = mapped_column(Integer)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, index=True)  # retention counts from here
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime)


class DailyEventRow(Base):
    """Events of one UTC day summed by what was asked and answered: what detail becomes after its retention."""

    __tablename__ = "daily_events"
    __table_args__ = (
        UniqueConstraint(
            "day", "language", "kind", "intent", "answered", "answer_id", "revision", name="uq_daily_events_key"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(2))
    kind: Mapped[str] = mapped_column(String(20))
    intent: Mapped[str] = mapped_column(String(ID))
    answered: Mapped[bool] = mapped_column(Boolean)
    answer_id: Mapped[str] = mapped_column(String(ID))
    revision: Mapped[str] = mapped_column(String(REVISION))
    count: Mapped[int] = mapped_column(Integer)
    confidence_sum: Mapped[float] = mapped_column(Float)
    latency_ms_sum: Mapped[int] = mapped_column(Integer)


class DailyFeedbackRow(Base):
    """Feedback of one UTC day summed by answer, revision and verdict."""

    __tablename__ = "daily_feedback"
    __table_args__ = (
        UniqueConstraint("day", "language", "answer_id", "revision", "helpful", name="uq_daily_feedback_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, index=True)
    language: Mapped[str] = mapped_column(String(2))
    answer_id: Mapped[str] = mapped_column(String(ID))
    revision: Mapped[str] = mapped_column(String(REVISION))
    helpful: Mapped[bool] = mapped_column(Boolean)
    count: Mapped[int] = mapped_column(Integer)


class LogGapRow(Base):
    """A stretch when the log could not keep everything: how many items were dropped, and when (to the hour)."""

    __tablename__ = "log_gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started: Mapped[dt.datetime] = mapped_column(DateTime)
    ended: Mapped[dt.datetime] = mapped_column(DateTime)
    dropped: Mapped[int] = mapped_column(Integer)
    failed_writes: Mapped[int] = mapped_column(Integer)


__all__ = [
    "Base",
    "DailyEventRow",
    "DailyFeedbackRow",
    "EventRow",
    "FeedbackRow",
    "LogGapRow",
    "UnansweredRow",
]
