"""Interviews: when the candidate link expires, fixed when the interview is made.

It was worked out on every read as ``created_at`` plus the server's current
``TUNELAB_INTERVIEW_DAYS``, so changing the setting reopened or closed links already sent, and
two servers set differently disagreed about the same link (the operator audit). Existing
interviews get the expiry they had at the moment of the upgrade (``created_at`` plus the days
set then), so no link changes on upgrade.

Revision ID: 0004
Revises: 0003
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from engine.settings import interview_days

    with op.batch_alter_table("interviews") as batch:
        batch.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    conn = op.get_bind()
    table = sa.table("interviews", sa.column("id", sa.Integer), sa.column("created_at", sa.DateTime(timezone=True)),
                     sa.column("expires_at", sa.DateTime(timezone=True)))
    days = dt.timedelta(days=interview_days())
    for row in conn.execute(sa.select(table.c.id, table.c.created_at)).all():
        made = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.timezone.utc)
        conn.execute(sa.update(table).where(table.c.id == row.id).values(expires_at=made + days))
    with op.batch_alter_table("interviews") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("interviews") as batch:
        batch.drop_column("expires_at")
