"""Persistence of attempts, with SQLAlchemy Core, on SQLite or PostgreSQL.

The default database is a SQLite file in the data directory (see :mod:`engine.settings`);
``TUNELAB_DATABASE_URL`` may name a PostgreSQL database instead (``postgresql+psycopg://...``).
Those two are the databases TuneLab is tested on; other SQLAlchemy backends are refused.

The schema is owned by the Alembic migrations in ``engine/migrations``: opening a store
upgrades its database to the current revision (databases made before migrations existed
included), once, under a lock, so two servers starting together do not race.

Concurrency guarantees (tested with several processes on both databases):

- every write is one short transaction (:meth:`Store.begin`); on SQLite it starts with
  ``BEGIN IMMEDIATE``, so a writer holds the write lock from its first read, and a second
  writer waits (busy timeout) instead of building on a stale read or failing;
- an upsert is the database's own ``INSERT ... ON CONFLICT DO UPDATE`` (:func:`upsert`), so
  two writers of the same key never collide on the primary key;
- a read-modify-write (a review card) reads its row with ``SELECT ... FOR UPDATE`` on
  PostgreSQL, inside that one transaction.

Every function that reads or writes a person's data takes the learner explicitly; nothing
defaults to one. Two readers cross learners, each named for it: :meth:`Store.all_attempts` (for
operators and exports, never for a page) and :meth:`Store.first_answers` (the room's answers,
which :mod:`engine.room` counts without naming anyone, for an interviewer's page).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from collections.abc import Iterable
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
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    bindparam,
    case,
    cast,
    create_engine,
    event,
    func,
    insert,
    not_,
    select,
)
from sqlalchemy.engine import make_url

#: The learner of the single-user local app (no sign-in configured). Attempts, cards and runs
#: saved before sign-in existed carry it, so a local database keeps its history. The engine
#: never falls back to it: the Streamlit side passes it (``ui.identity.current_learner``).
LOCAL_LEARNER = "me"
#: the width of every learner column (an OIDC subject or an e-mail address fits)
LEARNER_MAX = 255


def learner_id(issuer: str, subject: str) -> str:
    """The learner of a signed-in OpenID Connect user: a stable, bounded digest of the provider's
    issuer and subject (the issuer keeps two providers apart; no e-mail is stored). The app names
    its users by it (``ui.identity``) and the operators' commands find them by it (``engine.forget``)."""
    return "oidc:" + hashlib.sha256(f"{issuer}\n{subject}".encode()).hexdigest()[:40]

#: the backends TuneLab is tested on (upserts use their ``ON CONFLICT`` dialects)
SUPPORTED_BACKENDS = ("sqlite", "postgresql")

metadata = MetaData()

attempts_table = Table(
    "attempts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("learner", String(LEARNER_MAX), nullable=False),
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
    # a learner's attempts, newest first: the query every progress figure starts from
    Index("ix_attempts_learner_answered_at", "learner", "answered_at"),
)
_INSERT_ATTEMPT = insert(attempts_table)
_ATTEMPT_TOTALS = select(
    func.count(),
    func.coalesce(func.sum(case((attempts_table.c.correct, 1), else_=0)), 0),
    func.coalesce(func.sum(attempts_table.c.score), 0.0),
).where(attempts_table.c.learner == bindparam("learner"), attempts_table.c.answered_at >= bindparam("since"),
        attempts_table.c.answered_at < bindparam("until"))

# A learner's attempts summed by question, in one pass of the database (Store.tallies). The
# newest attempt of each question is ranked by the same order as Store.attempts and missed().
_ranked = select(
    attempts_table.c.question_id, attempts_table.c.difficulty,
    # a PostgreSQL json value has no equality, so it cannot be grouped by; its text can
    cast(attempts_table.c.topics, Text).label("topics"), attempts_table.c.correct, attempts_table.c.score,
    func.row_number().over(partition_by=attempts_table.c.question_id,
                           order_by=(attempts_table.c.answered_at.desc(), attempts_table.c.id.desc())).label("rank"),
).where(attempts_table.c.learner == bindparam("learner")).subquery()
_TALLIES = select(
    _ranked.c.question_id, _ranked.c.difficulty, _ranked.c.topics, func.count(),
    func.sum(case((_ranked.c.correct, 1), else_=0)), func.sum(_ranked.c.score),
    func.sum(case((and_(not_(_ranked.c.correct), _ranked.c.score > 0), 1), else_=0)),
    func.max(case((and_(_ranked.c.rank == 1, not_(_ranked.c.correct)), 1), else_=0)),
).group_by(_ranked.c.question_id, _ranked.c.difficulty, _ranked.c.topics)

# Each learner's first answer to each question since a moment (Store.first_answers): the room's
# answers. The local learner's are not a signed-in person's, so they are not the room's.
_first = select(
    attempts_table.c.learner, attempts_table.c.question_id, attempts_table.c.answer, attempts_table.c.correct,
    attempts_table.c.score, attempts_table.c.answered_at, attempts_table.c.id,
    func.row_number().over(partition_by=(attempts_table.c.learner, attempts_table.c.question_id),
                           order_by=(attempts_table.c.answered_at, attempts_table.c.id)).label("rank"),
).where(attempts_table.c.answered_at >= bindparam("since"), attempts_table.c.learner != LOCAL_LEARNER)


def _first_answers(ranked: Any) -> Any:
    """The first of each learner's answers ``ranked``, the earliest first: a window holding more than
    one look reads keeps its first answers in order."""
    first = ranked.subquery()
    return select(first.c.learner, first.c.question_id, first.c.answer, first.c.correct, first.c.score).where(
        first.c.rank == 1).order_by(first.c.answered_at, first.c.id).limit(bindparam("limit"))


_FIRST_ANSWERS = _first_answers(_first)
# narrowed to some questions (a bank's) in the read itself; not for every question: an IN list of
# 838 led SQLite to the question index over the window's (44 ms for an hour's read, not 9)
_FIRST_ANSWERS_OF = _first_answers(_first.where(attempts_table.c.question_id.in_(bindparam("ids", expanding=True))))


@dataclass(frozen=True)
class FirstAnswer:
    """A learner's first answer to a question in a window (:meth:`Store.first_answers`): what
    :mod:`engine.room` counts."""

    learner: str
    question_id: str
    answer: Any
    correct: bool
    score: float


def check_learner(learner: str) -> str:
    """The learner, validated: every read and write of a person's data names one.

    Raises
    ------
    ValueError
        When ``learner`` is not a non-empty string of at most ``LEARNER_MAX`` characters.
    """
    if not isinstance(learner, str) or not learner.strip() or len(learner) > LEARNER_MAX:
        raise ValueError(f"a learner is a non-empty name of at most {LEARNER_MAX} characters, got {learner!r:.60}")
    return learner


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def as_utc(d: dt.datetime | None) -> dt.datetime | None:
    """A timezone-aware UTC datetime; SQLite drops the zone, and we always store UTC."""
    if d is None:
        return None
    return d.replace(tzinfo=dt.timezone.utc) if d.tzinfo is None else d.astimezone(dt.timezone.utc)


# The write statements are built once per shape and executed with their values as parameters:
# a statement built with .values(...) is coerced and cache-keyed again on every call, which was
# most of the cost of saving an answer (SQLAlchemy's own overhead, not the database's).


def _dialect_insert(dialect: str, table: Table):
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # make_engine refuses other backends; this guards a hand-made connection
        raise ValueError(f"TuneLab stores data in SQLite or PostgreSQL, not {dialect}")
    return dialect_insert(table)


@functools.cache
def _upsert_statement(dialect: str, table: Table, key: tuple[str, ...], values: tuple[str, ...]):
    stmt = _dialect_insert(dialect, table)
    return stmt.on_conflict_do_update(index_elements=list(key), set_={v: stmt.excluded[v] for v in values})


@functools.cache
def _insert_missing_statement(dialect: str, table: Table, key: tuple[str, ...]):
    # RETURNING says whether a row went in: psycopg reports a rowcount of -1 for this statement
    return _dialect_insert(dialect, table).on_conflict_do_nothing(index_elements=list(key)).returning(
        table.c[key[0]])


@functools.cache
def _locked_or_inserted_statement(dialect: str, table: Table, key: tuple[str, ...], column: str):
    stmt = _dialect_insert(dialect, table)
    # a row that exists is set to itself: the statement then locks it, as an update does
    return stmt.on_conflict_do_update(index_elements=list(key), set_={column: table.c[column]}).returning(
        table.c[column])


def upsert(conn: Any, table: Table, key: dict[str, Any], values: dict[str, Any]) -> None:
    """Insert the row with ``key``, or update its ``values`` if it exists, in one statement.

    ``INSERT ... ON CONFLICT (key) DO UPDATE``: atomic in the database, so two writers of the
    same key never both insert (no IntegrityError) and the last one's values are kept.
    ``key`` must be the table's primary key (or a unique constraint); ``values`` are plain
    values (passed as parameters), not SQL expressions.
    """
    stmt = _upsert_statement(conn.dialect.name, table, tuple(key), tuple(values))
    conn.execute(stmt, {**key, **values})


def insert_missing(conn: Any, table: Table, key: dict[str, Any], values: dict[str, Any]) -> bool:
    """Insert the row unless one with ``key`` exists (``ON CONFLICT DO NOTHING``); True if inserted."""
    stmt = _insert_missing_statement(conn.dialect.name, table, tuple(key))
    return conn.execute(stmt, {**key, **values}).first() is not None


def locked_or_inserted(conn: Any, table: Table, key: dict[str, Any], values: dict[str, Any], column: str) -> Any:
    """``column`` of the row with ``key``, inserted from ``values`` when missing, and the row locked
    until ``conn``'s transaction ends: for a read-modify-write of a row that may not exist yet.

    One statement, ``INSERT ... ON CONFLICT (key) DO UPDATE SET column = column RETURNING column``
    (an insert, then a locked read, took two trips to the database): on PostgreSQL the update
    of an existing row to itself takes its row lock, and a writer that inserts the row first
    makes another wait for its commit and then return what it wrote; on SQLite the
    :meth:`Store.begin` transaction holds the whole database already (see :func:`locked`).
    """
    stmt = _locked_or_inserted_statement(conn.dialect.name, table, tuple(key), column)
    return conn.execute(stmt, {**key, **values}).scalar_one()


def locked(conn: Any, stmt: Any) -> Any:
    """``stmt`` with ``FOR UPDATE`` where the database locks rows (PostgreSQL).

    SQLite locks the whole database instead: a :meth:`Store.begin` transaction holds the write
    lock from its ``BEGIN IMMEDIATE``, so its reads cannot go stale.
    """
    return stmt.with_for_update() if conn.dialect.name == "postgresql" else stmt


def serialized(conn: Any, key: str) -> None:
    """Hold the rest of ``conn``'s transaction alone among transactions that call this with ``key``.

    For a count then an insert that must see each other (a per-person ceiling): two PostgreSQL
    transactions at READ COMMITTED could both count the same rows, and both insert. A transaction
    advisory lock, released at commit or rollback, makes the second wait and then count the first's
    row. SQLite needs nothing: a :meth:`Store.begin` transaction already holds the write lock.
    """
    if conn.dialect.name == "postgresql":
        conn.execute(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))


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
    learner: str = field(kw_only=True)
    session_id: str | None = None
    id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["topics"] = list(self.topics)
        d["answered_at"] = self.answered_at.isoformat()
        return d


def insert_attempt(conn: Any, attempt: Attempt) -> int:
    """Insert one attempt on ``conn`` (in the caller's transaction); returns its id."""
    check_learner(attempt.learner)
    row = asdict(attempt)
    row.pop("id")
    row["topics"] = list(attempt.topics)
    row["answer"] = _jsonable(attempt.answer)
    return int(conn.execute(_INSERT_ATTEMPT, row).inserted_primary_key[0])


def attempt_totals(conn: Any, learner: str, since: dt.datetime, until: dt.datetime) -> tuple[int, int, float]:
    """:meth:`Store.totals` on ``conn`` (inside the caller's transaction, it sees its writes)."""
    check_learner(learner)
    answered, correct, points = conn.execute(_ATTEMPT_TOTALS, {"learner": learner, "since": since,
                                                               "until": until}).one()
    return int(answered), int(correct), float(points)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # We emit BEGIN ourselves (see _sqlite_begin): the sqlite3 module's own implicit BEGIN
    # comes only before the first INSERT/UPDATE, so a read before it sees a stale snapshot.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    # WAL lets readers and one writer work at once; busy_timeout makes a second writer wait
    # instead of failing with "database is locked".
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # A write transaction (Store.begin) takes the write lock at once: in WAL mode a deferred
    # transaction that read and then writes fails with SQLITE_BUSY when another writer got in
    # between, and its read would be stale anyway. Read-only transactions stay deferred, so
    # readers never wait for each other.
    write = conn.get_execution_options().get("tunelab_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


#: SQLite errors after which a pooled connection is not used again: one opened while the file could
#: not be written stays read-only after the file is made writable (a volume mounted read-only at
#: start, a wrong permission fixed while the app runs), and the pool handed it out again: every
#: write was refused until the server restarted (the nothing-lost walk-through: 98 s, six tries)
SQLITE_DISCARD = ("attempt to write a readonly database", "disk i/o error", "unable to open database file")


def _discard_stale_sqlite(context: Any) -> None:
    error = context.original_exception
    if error is not None and any(m in str(error).lower() for m in SQLITE_DISCARD):
        context.is_disconnect = True  # this connection and the pool's others are opened afresh on next use


def shown_url(url: str) -> str:
    """``url`` with its password hidden, for messages and the log."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "the database URL given"


def make_engine(url: str) -> Engine:
    """Create an engine for ``url``, creating the SQLite folder when needed.

    Raises
    ------
    ValueError
        When the URL cannot be parsed, or names a backend other than SQLite or PostgreSQL.
    """
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with a terse text
        raise ValueError(f"not a valid database URL: {url!r} ({exc})") from None
    # postgres:// is the spelling hosts hand out (Heroku, Render, Fly); SQLAlchemy knows the dialect as
    # postgresql only, and a plain postgresql:// means psycopg 3, the driver TuneLab installs
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend not in SUPPORTED_BACKENDS:
        raise ValueError(f"TuneLab stores data in SQLite or PostgreSQL (postgresql+psycopg://...), not {backend}")
    if backend == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _discard_stale_sqlite)
        return engine
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except ImportError as exc:  # postgresql+psycopg2:// and the like: a driver this install lacks
        raise ValueError(f"the database driver {parsed.get_driver_name()} is not installed "
                         f"({exc.name or exc}); a PostgreSQL URL starts postgresql+psycopg://") from None


class Store:
    """Attempts, review cards, runs, interviews and cached evaluations, in one database.

    Opening a store upgrades its schema to the current migration (see :mod:`engine.migrations`).
    Read with ``store.engine.connect()``; write with ``store.begin()``.
    """

    def __init__(self, url: str):
        from engine.migrations import upgrade

        self.url = url
        self.engine = make_engine(url)
        self._writer = self.engine.execution_options(tunelab_write=True)
        upgrade(self)

    def begin(self):
        """A write transaction (a context manager yielding the connection); commits on exit.

        On SQLite it starts with ``BEGIN IMMEDIATE`` (see the module doc).
        """
        return self._writer.begin()

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ attempts
    def record_attempt(self, attempt: Attempt) -> int:
        """Store one attempt in its own transaction and return its id."""
        with self.begin() as conn:
            return insert_attempt(conn, attempt)

    def attempts(self, learner: str, limit: int | None = None, since: dt.datetime | None = None) -> list[Attempt]:
        """``learner``'s attempts, newest first; with ``since``, only those answered at or after it
        (the ``(learner, answered_at)`` index serves that range)."""
        check_learner(learner)
        where = attempts_table.c.learner == learner
        if since is not None:
            where = and_(where, attempts_table.c.answered_at >= since)
        return self._attempts(where, limit)

    def latest_attempt(self, learner: str, question_id: str, since: dt.datetime | None = None) -> Attempt | None:
        """``learner``'s latest attempt at ``question_id`` (answered at or after ``since``, when given), or None."""
        check_learner(learner)
        where = and_(attempts_table.c.learner == learner, attempts_table.c.question_id == question_id)
        if since is not None:
            where = and_(where, attempts_table.c.answered_at >= since)
        found = self._attempts(where, 1)
        return found[0] if found else None

    def all_attempts(self, limit: int | None = None) -> list[Attempt]:
        """Every learner's attempts, newest first: for operators and exports, never for a page."""
        return self._attempts(None, limit)

    def first_answers(self, since: dt.datetime, limit: int, question_ids: Iterable[str] | None = None) -> list[Any]:
        """Each signed-in learner's first answer to each question (of ``question_ids``, when given)
        answered at or after ``since`` (:class:`FirstAnswer`), the earliest first, at most
        ``limit`` of them: the room's answers, which :func:`engine.room.summarise` counts. The window
        bounds the read (the ``answered_at`` index serves it); the local learner's answers are not
        counted."""
        params = {"since": since, "limit": limit}
        with self.engine.connect() as conn:
            if question_ids is None:
                rows = conn.execute(_FIRST_ANSWERS, params).all()
            else:
                rows = conn.execute(_FIRST_ANSWERS_OF, {**params, "ids": list(question_ids)}).all()
        return [FirstAnswer(learner, qid, answer, bool(correct), float(score))
                for learner, qid, answer, correct, score in rows]

    def _attempts(self, where: Any, limit: int | None) -> list[Attempt]:
        stmt = select(attempts_table).order_by(
            attempts_table.c.answered_at.desc(), attempts_table.c.id.desc()
        )
        if where is not None:
            stmt = stmt.where(where)
        if limit is not None:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [_row_to_attempt(r) for r in conn.execute(stmt).mappings()]

    def totals(self, learner: str, since: dt.datetime, until: dt.datetime) -> tuple[int, int, float]:
        """``learner``'s attempts answered in ``[since, until)``: how many, how many were right,
        and their scores summed. One aggregate through the ``(learner, answered_at)`` index: no
        row is read back (Practice reads the day's score on every run of its page)."""
        with self.engine.connect() as conn:
            return attempt_totals(conn, learner, since, until)

    def count_attempts(self, learner: str) -> int:
        """How many attempts ``learner`` has saved."""
        check_learner(learner)
        stmt = select(func.count()).select_from(attempts_table).where(attempts_table.c.learner == learner)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def tallies(self, learner: str) -> list[Tally]:
        """``learner``'s attempts summed by question (:class:`Tally`), in one aggregate query.

        What :func:`tally` makes of :meth:`attempts` (a test holds the two equal), without reading
        every attempt back: a learner's rows are counted by the database, and only one row per
        question (per difficulty and topics it was answered under) comes back, where decoding
        every row of ten thousand attempts took 100 ms on each run of Progress.
        """
        check_learner(learner)
        with self.engine.connect() as conn:
            rows = conn.execute(_TALLIES, {"learner": learner}).all()
        # topics come back as the JSON text they were stored as; texts that differ only in
        # spacing (another driver's serialiser) are the same topics, summed together
        return _summed(((qid, difficulty, tuple(json.loads(topics) or ())), int(n), int(correct), float(points),
                        int(partial), bool(latest_wrong))
                       for qid, difficulty, topics, n, correct, points, partial, latest_wrong in rows)

    def missed_question_ids(self, learner: str) -> set[str]:
        """Questions whose most recent attempt was wrong (:func:`missed`, the one definition
        Practice uses too, summed by the database: :meth:`tallies`)."""
        return {t.question_id for t in self.tallies(learner) if t.latest_wrong}


@dataclass(frozen=True)
class Tally:
    """A learner's attempts at one question, summed: what every progress figure is made of.

    One per question, difficulty and topics (a question whose bank changed its difficulty or
    topics between attempts has one tally for each, as each attempt counts where it was answered).
    """

    question_id: str
    difficulty: str
    topics: tuple[str, ...]
    attempts: int
    correct: int
    #: the attempts' scores summed (partial credit included)
    points: float
    #: wrong answers that still earned partial credit
    partial: int
    #: the question's newest attempt is among these and was wrong (:func:`missed`)
    latest_wrong: bool


def tally(attempts: Iterable[Attempt]) -> list[Tally]:
    """:class:`Tally` of ``attempts`` in Python: the reference :meth:`Store.tallies` is held to, and
    the way to sum attempts already in hand. The newest attempt of each question (by answer time,
    then id) decides whether it is missed: the one definition :func:`missed` reads."""
    attempts = list(attempts)
    newest: dict[str, Attempt] = {}
    for a in attempts:
        if a.question_id not in newest or _stamp(a) > _stamp(newest[a.question_id]):
            newest[a.question_id] = a
    return _summed(((a.question_id, a.difficulty, tuple(a.topics)), 1, int(bool(a.correct)), a.score,
                    int(not a.correct and a.score > 0), newest[a.question_id] is a and not a.correct)
                   for a in attempts)


def _stamp(a: Attempt) -> tuple[dt.datetime, int]:
    return as_utc(a.answered_at), a.id or 0


def _summed(rows: Iterable[tuple[tuple[str, str, tuple[str, ...]], int, int, float, int, bool]]) -> list[Tally]:
    """Tallies of ``(key, attempts, correct, points, partial, latest_wrong)`` rows, those of one key
    added together (a row is one attempt, or one group the database summed)."""
    merged: dict[tuple[str, str, tuple[str, ...]], list] = {}
    for key, n, correct, points, partial, latest_wrong in rows:
        into = merged.setdefault(key, [0, 0, 0.0, 0, False])
        into[0] += n
        into[1] += correct
        into[2] += points
        into[3] += partial
        into[4] = into[4] or latest_wrong
    return [Tally(*key, *values) for key, values in merged.items()]


def missed(attempts: Iterable[Attempt], among: Iterable[str] | None = None) -> list[str]:
    """Questions whose latest attempt is wrong, in ``among``'s order when given.

    The one definition of "missed" (kept here, beside :class:`Attempt`, so the store's own
    :meth:`Store.missed_question_ids` uses it too): Practice's "only the ones I missed" toggle and its end
    screen's "Practise the N I missed" both use it, so they always agree. ``attempts`` may be in
    any order; the newest per question decides (:func:`tally`).
    """
    return in_order({t.question_id for t in tally(attempts) if t.latest_wrong}, among)


def in_order(ids: set[str], among: Iterable[str] | None = None) -> list[str]:
    """``ids`` in ``among``'s order (those not in it left out, each once), or sorted without it."""
    if among is None:
        return sorted(ids)
    return [qid for qid in dict.fromkeys(among) if qid in ids]


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


__all__ = ["Attempt", "LOCAL_LEARNER", "Store", "Tally", "as_utc", "check_learner", "in_order", "insert_missing",
           "locked", "open_store", "tally", "upsert", "attempts_table", "metadata"]
