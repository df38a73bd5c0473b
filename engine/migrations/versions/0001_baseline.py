"""Baseline: the tables as TuneLab made them before migrations (metadata.create_all).

A database from those versions has some of these tables (each module created its own when
first used) and no ``alembic_version``; this revision creates only the tables that are missing,
exactly as those versions did, so every later revision starts from one known schema.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _tables() -> dict:
    return {
        "attempts": lambda: op.create_table(
            "attempts",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("learner", sa.String(80), nullable=False, index=True),
            sa.Column("session_id", sa.String(64), nullable=True),
            sa.Column("question_id", sa.String(80), nullable=False, index=True),
            sa.Column("bank", sa.String(80), nullable=False),
            sa.Column("question_type", sa.String(20), nullable=False),
            sa.Column("difficulty", sa.String(10), nullable=False),
            sa.Column("topics", sa.JSON, nullable=False),
            sa.Column("answered_at", TZ, nullable=False, index=True),
            sa.Column("answer", sa.JSON, nullable=True),
            sa.Column("correct", sa.Boolean, nullable=False),
            sa.Column("score", sa.Float, nullable=False),
            sa.Column("seconds", sa.Float, nullable=True),
        ),
        "review_cards": lambda: op.create_table(
            "review_cards",
            sa.Column("learner", sa.String(80), primary_key=True),
            sa.Column("question_id", sa.String(80), primary_key=True),
            sa.Column("card", sa.JSON, nullable=False),
            sa.Column("due", TZ, nullable=False, index=True),
            sa.Column("last_review", TZ, nullable=True),
            sa.Column("last_rating", sa.Integer, nullable=True),
        ),
        "review_logs": lambda: op.create_table(
            "review_logs",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("learner", sa.String(80), nullable=False, index=True),
            sa.Column("question_id", sa.String(80), nullable=False),
            sa.Column("rating", sa.Integer, nullable=False),
            sa.Column("reviewed_at", TZ, nullable=False),
            sa.Column("log", sa.JSON, nullable=False),
        ),
        "runs": lambda: op.create_table(
            "runs",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("learner", sa.String(80), nullable=False, index=True),
            sa.Column("kind", sa.String(40), nullable=False, index=True),
            sa.Column("title", sa.String(200), nullable=False),
            sa.Column("config", sa.JSON, nullable=False),
            sa.Column("seed", sa.Integer, nullable=True),
            sa.Column("results", sa.JSON, nullable=False),
            sa.Column("fingerprint", sa.String(64), nullable=False),
            sa.Column("created_at", TZ, nullable=False, index=True),
        ),
        "interviews": lambda: op.create_table(
            "interviews",
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("title", sa.String(200), nullable=False),
            sa.Column("role", sa.String(40), nullable=False),
            sa.Column("interviewer_digest", sa.String(64), nullable=False, unique=True),
            sa.Column("candidate_digest", sa.String(64), nullable=False, unique=True),
            sa.Column("owner", sa.String(80), nullable=False, index=True),
            sa.Column("questions", sa.JSON, nullable=False),
            sa.Column("uploaded_bank", sa.Text, nullable=True),
            sa.Column("created_at", TZ, nullable=False),
            sa.Column("started_at", TZ, nullable=True),
            sa.Column("finished_at", TZ, nullable=True),
        ),
        "interview_answers": lambda: op.create_table(
            "interview_answers",
            sa.Column("interview_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("question_id", sa.String(80), primary_key=True),
            sa.Column("answer", sa.JSON, nullable=True),
            sa.Column("saved_at", TZ, nullable=False),
            sa.Column("opened_at", TZ, nullable=True),
            sa.Column("seconds", sa.Float, nullable=True),
        ),
        "interview_scores": lambda: op.create_table(
            "interview_scores",
            sa.Column("interview_id", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("question_id", sa.String(80), primary_key=True),
            sa.Column("scores", sa.JSON, nullable=False),
            sa.Column("notes", sa.Text, nullable=False),
            sa.Column("saved_at", TZ, nullable=False),
        ),
        "evaluations": lambda: op.create_table(
            "evaluations",
            sa.Column("key", sa.String(64), primary_key=True),
            sa.Column("objective", sa.String(120), nullable=False),
            sa.Column("payload", sa.JSON, nullable=False),
            sa.Column("created_at", TZ, nullable=False),
        ),
    }


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    for name, create in _tables().items():
        if name not in existing:
            create()


def downgrade() -> None:
    for name in reversed(list(_tables())):
        op.drop_table(name)
