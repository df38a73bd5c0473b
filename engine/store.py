"""Persistence of attempts, with SQLAlchemy Core.

The default database is a SQLite file in the data directory (see :mod:`engine.settings`);
any SQLAlchemy URL works. SQLite runs in WAL mode with a busy timeout, so two browser
sessions (two threads of one Streamlit server, or two processes) can write at the same
moment without losing an attempt: each write is one short transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.engine import make_url

metadata = MetaData()

attempts_table = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(80), nullable=False, index=True),
    Column("session_id", String(64), nullable=True),
    Column("question_id", String(80), nullable=False, index=True),
    Column("bank", String(80), nullable=False),
    Column("question_type", String(20), nullable=False),
    Column("difficulty", String(10), nullable=False),
    Column("topics", JSON, nullable=False),
    Column("answered_at", DateTime(timezone=True), nullable=False, index=True),
    Column("answer", JSON, nullable=True),
    Column("correct", Boolean, nullable=False),
    Column("score", Float, nullable=False),
    Column("seconds", Float, nullable=True),
)

DEFAULT_LEARNER = "me"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(d: dt.datetime | None) -> dt.datetime | None:
    """A timezone-aware UTC datetime; SQLite drops the zone, and we always store UTC."""
    if d is None:
        return None
    return d.replace(tzinfo=dt.timezone.utc) if d.tzinfo is None else d.astimezone(dt.timezone.utc)


def upsert(conn: Any, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Update the row with ``key`` or insert it, inside the caller's transaction.

    Portable across SQLAlchemy dialects (no ON CONFLICT); one writer at a time per
    transaction is guaranteed by the database's own locking.
    """
    where = [table.c[k] == v for k, v in key.items()]
    if conn.execute(select(*[table.c[k] for k in key]).where(*where)).first():
        conn.execute(update(table).where(*where).values(**values))
    else:
        conn.execute(insert(table).values(**key, **values))


def insert_missing(conn: Any, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row with ``key`` unless it exists (``INSERT ... ON CONFLICT DO NOTHING``)."""
    name = conn.dialect.name
    if name in ("sqlite", "postgresql"):
        dialect_insert = (__import__("sqlalchemy.dialects." + name, fromlist=["insert"])).insert
        conn.execute(dialect_insert(table).values(**key, **values).on_conflict_do_nothing(index_elements=list(key)))
        return
    where = [table.c[k] == v for k, v in key.items()]
    if not conn.execute(select(*[table.c[k] for k in key]).where(*where)).first():
        conn.execute(insert(table).values(**key, **values))


@dataclass(frozen=True)
class Attempt:
    """One answer to one question, as stored."""

    question_id: str
    bank: str
    question_type: str
    difficulty: str
    topics: tuple[str, ...]
    answer: Any
    correct: bool
    score: float
    answered_at: dt.datetime = field(default_factory=utcnow)
    seconds: float | None = None
    learner: str = DEFAULT_LEARNER
    session_id: str | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["topics"] = list(self.topics)
        d["answered_at"] = self.answered_at.isoformat()
        return d


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; busy_timeout makes a second writer wait
    # instead of failing with "database is locked".
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``, creating the SQLite folder when needed.

    Raises
    ------
    ValueError
        When the URL cannot be parsed.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise ValueError(f"not a valid database URL: {url!r} ({exc})") from None
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


class Store:
    """Attempts and (in later work) reviews and runs, in one database."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ attempts
    def record_attempt(self, attempt: Attempt) -> int:
        """Store one attempt in its own transaction and return its id."""
        row = asdict(attempt)
        row.pop("id")
        row["topics"] = list(attempt.topics)
        row["answer"] = _jsonable(attempt.answer)
        with self.engine.begin() as conn:
            result = conn.execute(insert(attempts_table).values(**row))
            return int(result.inserted_primary_key[0])

    def attempts(
        self, learner: str | None = DEFAULT_LEARNER, limit: int | None = None
    ) -> list[Attempt]:
        """Attempts, newest first (all learners when ``learner`` is None)."""
        stmt = select(attempts_table).order_by(
            attempts_table.c.answered_at.desc(), attempts_table.c.id.desc()
        )
        if learner is not None:
            stmt = stmt.where(attempts_table.c.learner == learner)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [_row_to_attempt(r) for r in conn.execute(stmt).mappings()]

    def count_attempts(self, learner: str | None = DEFAULT_LEARNER) -> int:
        stmt = select(func.count()).select_from(attempts_table)
        if learner is not None:
            stmt = stmt.where(attempts_table.c.learner == learner)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def missed_question_ids(self, learner: str = DEFAULT_LEARNER) -> set[str]:
        """Questions whose most recent attempt was wrong."""
        latest: dict[str, bool] = {}
        for a in reversed(self.attempts(learner)):  # oldest first, so the last write wins
            latest[a.question_id] = a.correct
        return {qid for qid, ok in latest.items() if not ok}


def _row_to_attempt(r: Any) -> Attempt:
    return Attempt(
        id=r["id"],
        learner=r["learner"],
        session_id=r["session_id"],
        question_id=r["question_id"],
        bank=r["bank"],
        question_type=r["question_type"],
        difficulty=r["difficulty"],
        topics=tuple(r["topics"] or ()),
        answered_at=as_utc(r["answered_at"]),
        answer=r["answer"],
        correct=bool(r["correct"]),
        score=float(r["score"]),
        seconds=r["seconds"],
    )


def _jsonable(value: Any) -> Any:
    """Round-trip through JSON so only plain data reaches the database."""
    return json.loads(json.dumps(value, default=str))


def open_store(url: str | None = None) -> Store:
    """Open the configured store (``TUNELAB_DATABASE_URL`` or the data folder's SQLite file)."""
    from engine.settings import database_url

    return Store(url or database_url())


__all__ = ["Attempt", "Store", "as_utc", "open_store", "upsert", "attempts_table", "metadata"]
