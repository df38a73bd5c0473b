"""Interviews: the browsers a candidate link was opened in.

``interview_browsers`` holds one row per browser (a digest of the random id the browser keeps),
with the kind of browser in our words and when it first opened the link, so the interviewer is
told when a second browser holds the candidate's link (a hiring team's walk). Existing
interviews start with none recorded.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "interview_browsers",
        sa.Column("interview_id", sa.Integer, primary_key=True),
        sa.Column("browser", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("interview_browsers")
