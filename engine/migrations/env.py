"""Alembic environment: runs on the connection engine.migrations.upgrade hands over.

The caller owns the transaction (and its lock), so Alembic runs inside it. Alembic executes
this file inside its own environment; imported anywhere else (a check that imports every
module, a documentation tool) it does nothing.
"""

from alembic import context


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("run migrations through engine.migrations.upgrade (it passes the connection)")
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


if getattr(context, "config", None) is not None:  # set only while Alembic runs this file
    run_migrations()
