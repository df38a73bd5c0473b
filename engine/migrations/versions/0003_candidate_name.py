"""Interviews: the candidate's name.

``interviews.candidate_name`` (nullable, up to 120 characters) is typed by the interviewer at
set-up or by the candidate on their first screen; the scorecard carries it. Existing
interviews keep NULL (the scorecard then says "not given").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("candidate_name", sa.String(120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("candidate_name")
