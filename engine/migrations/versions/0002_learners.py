"""Learners: identity columns wide enough for a signed-in user, per-learner indexes.

``learner`` (attempts, review cards and logs, runs) and ``interviews.owner`` grow from 80 to
255 characters, so an OIDC subject or an e-mail address fits (PostgreSQL enforces the width).
The single-column learner indexes give way to (learner, time) ones, the order in which every
per-learner page reads.

SQLite cannot change a column's type in place: ``batch_alter_table`` copies the table into
the new shape inside the upgrade's transaction (every row and id kept).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WIDE, NARROW = sa.String(255), sa.String(80)
#: table -> (identity column, old single-column index or None, new index name and columns or None)
CHANGES = {
    "attempts": ("learner", "ix_attempts_learner", ("ix_attempts_learner_answered_at", ["learner", "answered_at"])),
    "review_cards": ("learner", None, None),  # (learner, question_id) is the primary key
    "review_logs": ("learner", "ix_review_logs_learner",
                    ("ix_review_logs_learner_question_id", ["learner", "question_id"])),
    "runs": ("learner", "ix_runs_learner", ("ix_runs_learner_created_at", ["learner", "created_at"])),
    "interviews": ("owner", None, None),
}


def upgrade() -> None:
    for table, (column, old_index, new_index) in CHANGES.items():
        if old_index:
            op.drop_index(old_index, table_name=table, if_exists=True)
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=WIDE, existing_type=NARROW, existing_nullable=False)
        if new_index:
            op.create_index(new_index[0], table, new_index[1])


def downgrade() -> None:
    for table, (column, old_index, new_index) in CHANGES.items():
        if new_index:
            op.drop_index(new_index[0], table_name=table)
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, type_=NARROW, existing_type=WIDE, existing_nullable=False)
        if old_index:
            op.create_index(old_index, table, [column])
