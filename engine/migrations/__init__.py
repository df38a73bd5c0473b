"""Schema migrations (Alembic): the database's tables, versioned, upgraded on start-up.

Every :class:`engine.store.Store` calls :func:`upgrade` when it opens a database. A database at
the current revision costs one small query; an older one (including one made before migrations
existed, which has no ``alembic_version`` table) is upgraded inside one transaction that holds
a lock (SQLite's ``BEGIN IMMEDIATE``; a PostgreSQL advisory lock), so two app servers starting
together upgrade it once.

Revisions live in ``versions/`` (``0001_baseline.py``: the tables as the versions before
migrations created them, made where missing; ``0002_learners.py``: learner columns wide enough
for a signed-in identity, indexes for per-learner queries; ``0003_candidate_name.py``: the
candidate's name on an interview; ``0004_interview_expiry.py``: a candidate link's expiry, fixed
when the interview is made; ``0005_interview_browsers.py``: the browsers a candidate link was
opened in). A database with no table at all is made from the tables' definitions as they are
now and stamped at the newest revision (Alembic's recipe for a new database): the same schema as
running every revision on it, which tests hold equal on both databases, without the revisions'
table rebuilds on SQLite (a third of a second each time; the test suite makes a database per
test). To change the schema: change the
``Table`` in its module, add the next ``versions/NNNN_<what>.py`` (copy the newest one; Alembic's
``op`` does the work; use ``op.batch_alter_table`` where SQLite cannot ``ALTER``), and set
:data:`SCHEMA_REVISION` to it. ``tests/engine/test_migrations.py`` checks that the migrated
schema equals the tables' definitions on SQLite and PostgreSQL, and that an old database
upgrades without losing a row.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import inspect, text

HERE = Path(__file__).resolve().parent
#: the newest revision in versions/ (a test checks that it is Alembic's head)
SCHEMA_REVISION = "0005"
#: pg_advisory_xact_lock key of the schema upgrade ("TuneLab" in ASCII)
_PG_LOCK_KEY = 0x54756E654C6162
#: every module that defines tables on :data:`engine.store.metadata` (a test checks the list)
TABLE_MODULES = ("engine.store", "engine.review", "engine.runs", "engine.interviews",
                 "engine.interview_browsers", "engine.search.cache")


def table_metadata():
    """:data:`engine.store.metadata` with every table of :data:`TABLE_MODULES` on it."""
    import importlib

    for module in TABLE_MODULES:
        importlib.import_module(module)
    from engine.store import metadata

    return metadata


def alembic_config(connection: Any = None):
    """An Alembic ``Config`` for these revisions, bound to ``connection`` when given."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Any) -> str | None:
    """The database's schema revision (None: made before migrations existed, or empty)."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(store: Any, revision: str = "head") -> None:
    """Upgrade ``store``'s database to ``revision`` (the newest by default), under a lock.

    Raises
    ------
    ValueError
        When the database carries a revision this version does not know (it was upgraded by
        a newer TuneLab).
    """
    if revision == "head" and current_revision(store.engine) == SCHEMA_REVISION:
        return
    from alembic import command
    from alembic.util import CommandError

    with store.begin() as conn:  # BEGIN IMMEDIATE on SQLite: one upgrader at a time
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        if revision == "head" and not inspect(conn).get_table_names():  # looked at under the lock
            table_metadata().create_all(conn)
            command.stamp(alembic_config(conn), "head")
            return
        try:
            command.upgrade(alembic_config(conn), revision)
        except CommandError as exc:
            raise ValueError(
                f"the database's schema is newer than this TuneLab knows ({exc}); upgrade TuneLab"
            ) from None
