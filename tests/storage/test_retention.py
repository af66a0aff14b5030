"""Retention: detail older than EVENT_DETAIL_DAYS becomes daily totals; old unanswered questions are deleted."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, insert, select

from bot import PROJECT_ROOT
from bot.settings import Settings
from bot.storage import Retention, purge
from bot.storage.models import DailyEventRow, DailyFeedbackRow, EventRow, FeedbackRow, UnansweredRow
from tests.storage.databases import Database

NOW = dt.datetime(2026, 11, 21, 15, 30, tzinfo=dt.UTC)
RETENTION = Retention(event_detail_days=30, unanswered_days=90)
CUTOFF = dt.datetime(2026, 10, 22)  # midnight 30 days before NOW's day


def add_events(database: Database, *rows: tuple[dt.datetime, str | None, bool, float, int]) -> None:
    """Insert detail rows (hour, intent, answered, confidence, latency)."""
    with database.engine.begin() as connection:
        connection.execute(
            insert(EventRow),
            [
                {
                    "hour": hour,
                    "conversation": "c0ffee",
                    "language": "vi",
                    "kind": "answer" if answered else "fallback",
                    "intent": intent,
                    "confidence": confidence,
                    "answered": answered,
                    "answer_id": intent if answered else None,
                    "revision": "r1" if answered else None,
                    "latency_ms": latency,
                }
                for hour, intent, answered, confidence, latency in rows
            ],
        )


def add_question(database: Database, text: str, first_seen: dt.datetime) -> None:
    """Insert one unanswered question first asked at `first_seen`."""
    with database.engine.begin() as connection:
        connection.execute(
            insert(UnansweredRow),
            [
                {
                    "fingerprint": text,
                    "language": "en",
                    "text": text,
                    "intent": None,
                    "confidence": 0.1,
                    "count": 1,
                    "first_seen": first_seen,
                    "last_seen": first_seen,
                }
            ],
        )


def test_detail_older_than_the_cutoff_becomes_daily_totals(database: Database) -> None:
    old_day = CUTOFF - dt.timedelta(days=1)
    add_events(
        database,
        (old_day.replace(hour=8), "legal_aid", True, 0.9, 40),
        (old_day.replace(hour=17), "legal_aid", True, 0.7, 60),
        (old_day.replace(hour=9), None, False, 0.1, 30),
        (CUTOFF - dt.timedelta(hours=1), "red_card", True, 0.8, 20),  # 23:00 the day before the cutoff: summed
        (CUTOFF, "red_card", True, 0.8, 20),  # the cutoff's own day: kept in detail
    )
    result = purge(database.engine, RETENTION, NOW)
    assert result.events_summarised == 4
    with database.engine.connect() as connection:
        daily = connection.execute(
            select(
                DailyEventRow.day,
                DailyEventRow.intent,
                DailyEventRow.answered,
                DailyEventRow.answer_id,
                DailyEventRow.revision,
                DailyEventRow.count,
                DailyEventRow.confidence_sum,
                DailyEventRow.latency_ms_sum,
            ).order_by(DailyEventRow.day, DailyEventRow.intent)
        ).all()
        left = connection.execute(select(EventRow.hour)).scalars().all()
    assert [tuple(row) for row in daily] == [
        (old_day.date(), "", False, "", "", 1, pytest.approx(0.1), 30),
        (old_day.date(), "legal_aid", True, "legal_aid", "r1", 2, pytest.approx(1.6), 100),
        ((CUTOFF - dt.timedelta(days=1)).date(), "red_card", True, "red_card", "r1", 1, pytest.approx(0.8), 20),
    ]
    assert left == [CUTOFF]


def test_purging_again_adds_late_rows_to_the_same_daily_totals(database: Database) -> None:
    old_hour = CUTOFF - dt.timedelta(days=3, hours=-10)
    add_events(database, (old_hour, "legal_aid", True, 0.9, 40))
    purge(database.engine, RETENTION, NOW)
    assert purge(database.engine, RETENTION, NOW).events_summarised == 0  # nothing new: nothing changes
    add_events(database, (old_hour, "legal_aid", True, 0.5, 10))  # e.g. written late after an outage
    purge(database.engine, RETENTION, NOW)
    with database.engine.connect() as connection:
        assert connection.execute(select(DailyEventRow.count, DailyEventRow.latency_ms_sum)).all() == [(2, 50)]


def test_feedback_becomes_daily_totals_by_answer_revision_and_verdict(database: Database) -> None:
    old = CUTOFF - dt.timedelta(days=5)
    with database.engine.begin() as connection:
        connection.execute(
            insert(FeedbackRow),
            [
                {
                    "hour": old,
                    "conversation": "x",
                    "language": "vi",
                    "answer_id": "red_card",
                    "revision": "r1",
                    "helpful": True,
                },
                {
                    "hour": old,
                    "conversation": "y",
                    "language": "vi",
                    "answer_id": "red_card",
                    "revision": "r1",
                    "helpful": True,
                },
                {
                    "hour": old,
                    "conversation": "y",
                    "language": "vi",
                    "answer_id": "red_card",
                    "revision": None,
                    "helpful": False,
                },
                {
                    "hour": CUTOFF,
                    "conversation": "z",
                    "language": "vi",
                    "answer_id": "red_card",
                    "revision": "r1",
                    "helpful": True,
                },
            ],
        )
    assert purge(database.engine, RETENTION, NOW).feedback_summarised == 3
    with database.engine.connect() as connection:
        daily = connection.execute(
            select(DailyFeedbackRow.revision, DailyFeedbackRow.helpful, DailyFeedbackRow.count).order_by(
                DailyFeedbackRow.revision
            )
        ).all()
        assert connection.scalar(select(func.count()).select_from(FeedbackRow)) == 1
    assert [tuple(r) for r in daily] == [("", False, 1), ("r1", True, 2)]


def test_unanswered_questions_are_deleted_after_the_retention(database: Database) -> None:
    cutoff = dt.datetime(2026, 8, 23, 15)  # NOW's hour minus 90 days
    add_question(database, "older", cutoff - dt.timedelta(hours=1))
    add_question(database, "exactly at the limit", cutoff)
    add_question(database, "recent", cutoff + dt.timedelta(days=30))
    assert purge(database.engine, RETENTION, NOW).questions_deleted == 1
    with database.engine.connect() as connection:
        assert sorted(connection.execute(select(UnansweredRow.text)).scalars()) == ["exactly at the limit", "recent"]


def test_retention_defaults_match_what_the_privacy_answer_promises() -> None:
    defaults = Settings()
    assert Retention.from_settings(defaults) == Retention(event_detail_days=30, unanswered_days=90)
    promises = {
        "en": (r"After (\d+) days, detailed counts are reduced to daily totals", r"deleted after (\d+) days"),
        "vi": (r"Sau (\d+) ngày, các số đếm chi tiết được gộp lại", r"bị xóa sau (\d+) ngày"),
    }
    for language, (detail, questions) in promises.items():
        text = (PROJECT_ROOT / "content" / language / "bot_privacy.md").read_text(encoding="utf-8")
        found_detail, found_questions = re.search(detail, text), re.search(questions, text)
        assert found_detail and int(found_detail.group(1)) == defaults.event_detail_days, f"{language}: detail days"
        assert found_questions and int(found_questions.group(1)) == defaults.unanswered_retention_days, (
            f"{language}: unanswered question days"
        )
