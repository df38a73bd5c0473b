"""Alembic environment: runs on the connection engine.migrations.upgrade hands over.

The caller owns the transaction (and its lock), so Alembic runs inside it.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through engine.migrations.upgrade (it passes the connection)")
context.configure(connection=connection)
with context.begin_transaction():
    context.run_migrations()
