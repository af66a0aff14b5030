"""Retention: hourly detail becomes daily totals after EVENT_DETAIL_DAYS; unanswered questions go after
UNANSWERED_RETENTION_DAYS. Run on a schedule by the bot's log writer and by `python -m bot db purge`."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, delete, func, select

from bot.settings import Settings
from bot.storage.models import DailyEventRow, DailyFeedbackRow, EventRow, FeedbackRow, UnansweredRow
from bot.storage.repository import dialect_insert, to_hour


@dataclass(frozen=True)
class Retention:
    """How long detail and unanswered questions are kept, in days."""

    event_detail_days: int = 30
    unanswered_days: int = 90

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        """The retention the settings ask for."""
        return cls(settings.event_detail_days, settings.unanswered_retention_days)

    def detail_cutoff(self, now: dt.datetime) -> dt.datetime:
        """Detail from before this UTC midnight is summarised (whole days only, so each day is summed once).

        >>> Retention(30, 90).detail_cutoff(dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC))
        datetime.datetime(2026, 10, 22, 0, 0)
        """
        return dt.datetime.combine(to_hour(now).date() - dt.timedelta(days=self.event_detail_days), dt.time())

    def question_cutoff(self, now: dt.datetime) -> dt.datetime:
        """Questions first asked before this hour are deleted.

        >>> Retention(30, 90).question_cutoff(dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC))
        datetime.datetime(2026, 8, 23, 15, 0)
        """
        return to_hour(now) - dt.timedelta(days=self.unanswered_days)


@dataclass(frozen=True)
class PurgeResult:
    """What one purge did: detail rows folded into daily totals, and questions deleted."""

    events_summarised: int = 0
    feedback_summarised: int = 0
    questions_deleted: int = 0

    def __str__(self) -> str:
        """One line for `db purge` and the log: counts only."""
        return (
            f"summarised {self.events_summarised} events and {self.feedback_summarised} feedback presses "
            f"into daily totals; deleted {self.questions_deleted} unanswered questions"
        )


def purge(engine: Engine, retention: Retention, now: dt.datetime) -> PurgeResult:
    """Apply the retention rules as of `now`, in one transaction."""
    with engine.begin() as connection:
        return PurgeResult(
            events_summarised=_summarise_events(connection, retention.detail_cutoff(now)),
            feedback_summarised=_summarise_feedback(connection, retention.detail_cutoff(now)),
            questions_deleted=connection.execute(
                delete(UnansweredRow).where(UnansweredRow.first_seen < retention.question_cutoff(now))
            ).rowcount,
        )


def _summarise_events(connection: Connection, cutoff: dt.datetime) -> int:
    """Fold event detail before `cutoff` into daily totals and delete it; returns rows folded."""
    # Rows written while we work (a writer in another process) are left for the next purge: bound by id.
    last_id = connection.scalar(select(func.max(EventRow.id)).where(EventRow.hour < cutoff))
    if last_id is None:
        return 0
    keys = (
        EventRow.hour,
        EventRow.language,
        EventRow.kind,
        EventRow.intent,
        EventRow.answered,
        EventRow.answer_id,
        EventRow.revision,
    )
    grouped = connection.execute(
        select(*keys, func.count(), func.sum(EventRow.confidence), func.sum(EventRow.latency_ms))
        .where(EventRow.hour < cutoff, EventRow.id <= last_id)
        .group_by(*keys)
    )
    days: dict[tuple[object, ...], list[float]] = defaultdict(lambda: [0, 0.0, 0])
    for hour, language, kind, intent, answered, answer_id, revision, count, confidence, latency in grouped:
        total = days[(hour.date(), language, kind, intent or "", answered, answer_id or "", revision or "")]
        total[0] += count
        total[1] += confidence or 0.0
        total[2] += latency or 0
    rows = [
        {
            "day": day,
            "language": language,
            "kind": kind,
            "intent": intent,
            "answered": answered,
            "answer_id": answer_id,
            "revision": revision,
            "count": int(count),
            "confidence_sum": confidence,
            "latency_ms_sum": int(latency),
        }
        for (day, language, kind, intent, answered, answer_id, revision), (count, confidence, latency) in days.items()
    ]
    statement = dialect_insert(connection, DailyEventRow)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["day", "language", "kind", "intent", "answered", "answer_id", "revision"],
            set_={
                "count": DailyEventRow.count + statement.excluded.count,
                "confidence_sum": DailyEventRow.confidence_sum + statement.excluded.confidence_sum,
                "latency_ms_sum": DailyEventRow.latency_ms_sum + statement.excluded.latency_ms_sum,
            },
        ),
        rows,
    )
    return connection.execute(delete(EventRow).where(EventRow.hour < cutoff, EventRow.id <= last_id)).rowcount


def _summarise_feedback(connection: Connection, cutoff: dt.datetime) -> int:
    """Fold feedback detail before `cutoff` into daily totals and delete it; returns rows folded."""
    last_id = connection.scalar(select(func.max(FeedbackRow.id)).where(FeedbackRow.hour < cutoff))
    if last_id is None:
        return 0
    keys = (FeedbackRow.hour, FeedbackRow.language, FeedbackRow.answer_id, FeedbackRow.revision, FeedbackRow.helpful)
    grouped = connection.execute(
        select(*keys, func.count()).where(FeedbackRow.hour < cutoff, FeedbackRow.id <= last_id).group_by(*keys)
    )
    days: dict[tuple[object, ...], int] = defaultdict(int)
    for hour, language, answer_id, revision, helpful, count in grouped:
        days[(hour.date(), language, answer_id, revision or "", helpful)] += count
    rows = [
        {"day": day, "language": language, "answer_id": answer_id, "revision": revision, "helpful": helpful, "count": n}
        for (day, language, answer_id, revision, helpful), n in days.items()
    ]
    statement = dialect_insert(connection, DailyFeedbackRow)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=["day", "language", "answer_id", "revision", "helpful"],
            set_={"count": DailyFeedbackRow.count + statement.excluded.count},
        ),
        rows,
    )
    return connection.execute(delete(FeedbackRow).where(FeedbackRow.hour < cutoff, FeedbackRow.id <= last_id)).rowcount
