"""Initial schema: events, feedback, unanswered questions, daily totals, log gaps.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """Create every table of the conversation log."""
    op.create_table(
        "events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("conversation", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=True),
        sa.Column("revision", sa.String(length=16), nullable=True),
        sa.Column("latency_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_hour"), "events", ["hour"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hour", sa.DateTime(), nullable=False),
        sa.Column("conversation", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.String(length=16), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    op.create_index(op.f("ix_feedback_hour"), "feedback", ["hour"])

    op.create_table(
        "unanswered_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unanswered_questions")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_unanswered_questions_fingerprint")),
    )
    op.create_index(op.f("ix_unanswered_questions_first_seen"), "unanswered_questions", ["first_seen"])

    op.create_table(
        "daily_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("intent", sa.String(length=64), nullable=False),
        sa.Column("answered", sa.Boolean(), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.String(length=16), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("confidence_sum", sa.Float(), nullable=False),
        sa.Column("latency_ms_sum", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_events")),
        sa.UniqueConstraint(
            "day", "language", "kind", "intent", "answered", "answer_id", "revision", name="uq_daily_events_key"
        ),
    )
    op.create_index(op.f("ix_daily_events_day"), "daily_events", ["day"])

    op.create_table(
        "daily_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("answer_id", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.String(length=16), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_daily_feedback")),
        sa.UniqueConstraint("day", "language", "answer_id", "revision", "helpful", name="uq_daily_feedback_key"),
    )
    op.create_index(op.f("ix_daily_feedback_day"), "daily_feedback", ["day"])

    op.create_table(
        "log_gaps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started", sa.DateTime(), nullable=False),
        sa.Column("ended", sa.DateTime(), nullable=False),
        sa.Column("dropped", sa.Integer(), nullable=False),
        sa.Column("failed_writes", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_gaps")),
    )


def downgrade() -> None:
    """Drop every table of the conversation log."""
    for table in ("log_gaps", "daily_feedback", "daily_events", "unanswered_questions", "feedback", "events"):
        op.drop_table(table)
