"""Attempts survive a restart, and concurrent writers lose nothing."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading

import pytest

from engine.progress import summarise
from engine.store import Attempt, Store, open_store, tally


def attempt(qid="q1", correct=True, topics=("learning-rate",), difficulty="easy", learner="me", **kw) -> Attempt:
    return Attempt(
        question_id=qid, bank="b", question_type="numeric", difficulty=difficulty,
        topics=topics, answer={"value": 1.5}, correct=correct, score=float(correct), learner=learner, **kw,
    )


def test_attempts_survive_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'tunelab.db'}"
    store = Store(url)
    store.record_attempt(attempt("q1", True, seconds=3.5))
    store.record_attempt(attempt("q2", False))
    store.close()
    # a new process, as after an app restart
    code = (
        "from engine.store import Store; s = Store(%r); "
        "print(sorted((a.question_id, a.correct, a.answer['value']) for a in s.attempts('me')))" % url
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[('q1', True, 1.5), ('q2', False, 1.5)]"
    again = Store(url)
    latest = again.attempts("me")[0]
    assert latest.question_id == "q2" and latest.answered_at.tzinfo is not None
    assert again.attempts("me")[1].seconds == 3.5


def test_default_store_lives_in_the_data_dir(isolated_data):
    store = open_store()
    store.record_attempt(attempt())
    assert (isolated_data / "tunelab.db").exists()


def test_database_url_overrides_the_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TUNELAB_DATABASE_URL", f"sqlite:///{tmp_path / 'elsewhere.db'}")
    open_store().record_attempt(attempt())
    assert (tmp_path / "elsewhere.db").exists()


def test_bad_url_is_a_clear_error():
    with pytest.raises(ValueError, match="not a valid database URL"):
        Store("definitely not a url")


@pytest.mark.postgres
def test_a_postgres_url_as_hosts_give_it_opens_postgresql(postgres_url):
    # Heroku, Render and Fly hand out postgres://...; it was refused with a sentence asking for
    # postgresql+psycopg://, which SQLAlchemy alone knows (the operator's walk)
    for plain in ("postgres://", "postgresql://"):
        url = plain + postgres_url.split("://", 1)[1]
        store = Store(url)
        try:
            assert store.engine.url.drivername == "postgresql+psycopg"
            store.record_attempt(attempt(f"via-{plain[:-3]}"))
            assert store.count_attempts("me") == (1 if plain == "postgres://" else 2)
        finally:
            store.close()


def test_a_database_driver_not_installed_is_a_clear_error():
    with pytest.raises(ValueError, match=r"^the database driver psycopg2 is not installed .*postgresql\+psycopg://$"):
        Store("postgresql+psycopg2://tunelab:hunter2@db.internal/tunelab")


def test_two_sessions_writing_at_once_lose_nothing(db_url):
    stores = [Store(db_url), Store(db_url)]  # two engines, like two server processes
    per_thread, threads = 40, []
    barrier = threading.Barrier(4)

    def write(store: Store, tag: str) -> None:
        barrier.wait()
        for i in range(per_thread):
            store.record_attempt(attempt(f"{tag}-{i}", i % 2 == 0, session_id=tag))

    for n in range(4):
        threads.append(threading.Thread(target=write, args=(stores[n % 2], f"s{n}")))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert stores[0].count_attempts("me") == 4 * per_thread
    ids = {a.question_id for a in stores[1].attempts("me")}
    assert len(ids) == 4 * per_thread


def test_missed_questions_are_those_whose_latest_attempt_was_wrong(db_url):
    store = Store(db_url)
    t0 = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    store.record_attempt(attempt("a", False, answered_at=t0))
    store.record_attempt(attempt("a", True, answered_at=t0 + dt.timedelta(minutes=1)))
    store.record_attempt(attempt("b", True, answered_at=t0))
    store.record_attempt(attempt("b", False, answered_at=t0 + dt.timedelta(minutes=1)))
    assert store.missed_question_ids("me") == {"b"}
    assert store.missed_question_ids("someone else") == set()


def test_summary_by_topic_difficulty_and_weakest():
    attempts = [
        attempt("a", True, topics=("learning-rate", "lr-schedules"), difficulty="easy"),
        attempt("b", False, topics=("learning-rate",), difficulty="hard"),
        attempt("c", False, topics=("metrics",), difficulty="hard"),
        attempt("d", False, topics=("metrics",), difficulty="medium"),
        attempt("e", True, topics=("lr-schedules",), difficulty="easy"),
    ]
    s = summarise(tally(attempts))
    assert (s.attempts, s.correct, s.questions_seen) == (5, 2, 5)
    topics = {g.key: (g.attempts, g.correct) for g in s.by_topic}
    assert topics == {"learning-rate": (2, 1), "lr-schedules": (2, 2), "metrics": (2, 0)}
    assert [g.key for g in s.by_difficulty] == ["easy", "medium", "hard"]
    assert [g.key for g in s.weakest] == ["metrics", "learning-rate"]
    assert s.to_dict()["accuracy"] == 0.4


def test_right_today_uses_todays_date_not_the_newest_attempts():
    from engine.progress import right_today

    now = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.timezone.utc)
    attempts = [
        attempt("yesterday-right", True, answered_at=now - dt.timedelta(days=1)),  # newest first in the store
        attempt("today-right", True, answered_at=now - dt.timedelta(hours=2)),
        attempt("today-wrong", False, answered_at=now - dt.timedelta(hours=1)),
    ]
    assert right_today(attempts, now) == {"today-right"}
    # a naive timestamp from an old row counts as UTC
    naive = attempt("naive", True, answered_at=dt.datetime(2026, 11, 23, 1, 0))
    assert right_today([naive], now) == {"naive"}
    assert right_today([], now) == set()


def test_each_learner_reads_only_their_own_attempts(db_url):
    store = Store(db_url)
    store.record_attempt(attempt("a", True, learner="ann@example.org"))
    store.record_attempt(attempt("b", False, learner="ann@example.org"))
    store.record_attempt(attempt("c", False, learner="bob"))
    assert [a.question_id for a in store.attempts("ann@example.org")] == ["b", "a"]
    assert [a.question_id for a in store.attempts("bob")] == ["c"]
    assert store.count_attempts("bob") == 1 and store.count_attempts("nobody") == 0
    assert store.missed_question_ids("bob") == {"c"}
    # the one reader of everyone's attempts says so in its name
    assert {a.learner for a in store.all_attempts()} == {"ann@example.org", "bob"}
    wide = "x" * 255  # an OIDC subject or a long e-mail fits (PostgreSQL enforces the width)
    store.record_attempt(attempt("d", True, learner=wide))
    assert store.attempts(wide)[0].learner == wide


@pytest.mark.parametrize("bad", [None, "", "   ", "x" * 256, 7])
def test_no_query_runs_without_a_learner(db_url, bad):
    store = Store(db_url)
    for call in (lambda: store.attempts(bad), lambda: store.count_attempts(bad),
                 lambda: store.missed_question_ids(bad), lambda: store.record_attempt(attempt(learner=bad))):
        with pytest.raises(ValueError, match="a learner is a non-empty name"):
            call()
    with pytest.raises(TypeError):
        store.attempts()  # the learner is a required argument
    with pytest.raises(TypeError):
        Attempt(question_id="q", bank="b", question_type="numeric", difficulty="easy", topics=(), answer=1,
                correct=True, score=1.0)  # so is an attempt's


def test_other_databases_are_refused_with_a_sentence():
    with pytest.raises(ValueError, match="SQLite or PostgreSQL"):
        Store("mysql+pymysql://u:p@localhost/db")


def test_attempts_since_a_moment_read_only_that_range(db_url):
    store = Store(db_url)
    now = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.timezone.utc)
    for qid, hours in (("old", 60), ("yesterday", 20), ("today", 2)):
        store.record_attempt(attempt(qid, True, answered_at=now - dt.timedelta(hours=hours)))
    store.record_attempt(attempt("other", True, learner="bob", answered_at=now))
    since = now - dt.timedelta(hours=24)
    assert [a.question_id for a in store.attempts("me", since=since)] == ["today", "yesterday"]
    assert [a.question_id for a in store.attempts("me")] == ["today", "yesterday", "old"]


def test_latest_attempt_is_the_learners_newest_at_that_question_within_the_range(db_url):
    store = Store(db_url)
    now = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.timezone.utc)
    for qid, hours, correct in (("q1", 30, True), ("q1", 3, False), ("q1", 2, True), ("q2", 1, False)):
        store.record_attempt(attempt(qid, correct, answered_at=now - dt.timedelta(hours=hours)))
    store.record_attempt(attempt("q1", False, learner="bob", answered_at=now))  # another learner's, newer
    latest = store.latest_attempt("me", "q1")
    assert (latest.question_id, latest.correct, latest.answered_at) == ("q1", True, now - dt.timedelta(hours=2))
    assert store.latest_attempt("me", "q1", since=now - dt.timedelta(hours=1)) is None
    assert store.latest_attempt("me", "q3") is None and store.latest_attempt("bob", "q2") is None


def test_the_databases_day_total_equals_the_day_score_of_the_rows(db_url):
    """Practice's running score is summed by the database; the Python sum over the same rows
    (engine.progress.day_score) is the reference, across midnights on both sides and another learner."""
    import dataclasses
    import random

    from engine.progress import day_score, stored_day_score

    store = Store(db_url)
    rng = random.Random(3)
    now = dt.datetime(2026, 11, 23, 15, 0, tzinfo=dt.timezone.utc)
    midnight = dt.datetime(2026, 11, 23, tzinfo=dt.timezone.utc)
    moments = [midnight, midnight - dt.timedelta(microseconds=1), midnight + dt.timedelta(days=1),
               midnight + dt.timedelta(days=1) - dt.timedelta(seconds=1)]
    moments += [midnight + dt.timedelta(hours=rng.uniform(-30, 40)) for _ in range(40)]
    for i, when in enumerate(moments):
        score = rng.choice([0.0, 0.33, 0.9, 1.0])
        row = attempt(f"q{i}", score == 1.0, answered_at=when, learner=rng.choice(["me", "me", "bob"]))
        store.record_attempt(dataclasses.replace(row, score=score))
    for learner in ("me", "bob", "nobody"):
        for at in (now, midnight, midnight - dt.timedelta(seconds=1)):
            expected = day_score(store.attempts(learner), at)
            got = stored_day_score(store, learner, at)
            assert (got.answered, got.correct) == (expected.answered, expected.correct)
            assert got.points == pytest.approx(expected.points)
    assert stored_day_score(store, "me", now).answered > 0


def test_a_connection_that_could_not_write_is_not_handed_out_again(tmp_path):
    """The nothing-lost walk-through: a database file read-only when the app opened it, and made
    writable while it ran, was refused for every write until a restart: the pool kept handing out
    the connection that had opened it read-only. Here the pool's first connections are read-only
    (SQLite's query_only), as those were; the ones opened after a refused write are not."""
    from sqlalchemy import event
    from sqlalchemy.exc import OperationalError

    store = Store(f"sqlite:///{tmp_path / 'tunelab.db'}")
    store.engine.dispose()
    read_only = {"on": True}

    def open_as_then(dbapi_connection, _record):
        if read_only["on"]:
            dbapi_connection.execute("PRAGMA query_only = ON")

    event.listen(store.engine, "connect", open_as_then)
    with pytest.raises(OperationalError, match="readonly database"):
        store.record_attempt(attempt())
    read_only["on"] = False  # the file is writable now
    store.record_attempt(attempt())  # no restart
    assert len(store.attempts("me")) == 1


@pytest.mark.parametrize("exists", [False, True], ids=["a new row", "a stored row"])
def test_locked_or_inserted_holds_the_row_until_the_commit_and_returns_it(postgres_url, exists):
    """The card's read-modify-write in one statement (engine.review): the row made when missing
    and locked either way, so a second writer waits for the first's commit and then reads what
    the first wrote (a review built on the card as it was would be lost)."""
    from sqlalchemy import select, text, update
    from sqlalchemy.exc import OperationalError

    from engine.review import cards_table
    from engine.store import locked_or_inserted

    store = Store(postgres_url)
    key, row = {"learner": "ann", "question_id": "q"}, {"card": {"v": 1}, "due": dt.datetime(2026, 1, 1),
                                                         "last_review": None, "last_rating": None}
    if exists:
        with store.begin() as conn:
            locked_or_inserted(conn, cards_table, key, row, "card")
    this = (cards_table.c.learner == "ann") & (cards_table.c.question_id == "q")
    first = store.engine.connect()
    try:
        tx = first.begin()
        made = locked_or_inserted(first, cards_table, key, {**row, "card": {"v": 2}}, "card")
        assert made == ({"v": 1} if exists else {"v": 2})  # the stored row's, or the one made
        with store.engine.connect() as second:  # a second writer gives up after 0.3 s: it waited
            second.execute(text("SET lock_timeout = '300ms'"))
            with pytest.raises(OperationalError, match="lock timeout"):
                locked_or_inserted(second, cards_table, key, {**row, "card": {"v": 3}}, "card")
        first.execute(update(cards_table).where(this).values(card={"v": 4}))
        tx.commit()
    finally:
        first.close()
    with store.begin() as conn:  # after the commit: what the first writer wrote
        assert locked_or_inserted(conn, cards_table, key, {**row, "card": {"v": 5}}, "card") == {"v": 4}
    with store.engine.connect() as conn:
        assert conn.execute(select(cards_table.c.card).where(this)).scalar_one() == {"v": 4}
    store.close()


def test_insert_missing_says_whether_it_inserted_on_both_databases(db_url):
    # psycopg reported a rowcount of -1 for ON CONFLICT DO NOTHING, so PostgreSQL always said "not inserted"
    from engine.interview_browsers import interview_browsers_table as t
    from engine.store import insert_missing

    store = Store(db_url)
    at = dt.datetime(2026, 12, 7, tzinfo=dt.timezone.utc)
    key = {"interview_id": 1, "browser": "b" * 64}
    with store.begin() as conn:
        assert insert_missing(conn, t, key, {"kind": "Firefox", "first_seen": at})
        assert not insert_missing(conn, t, key, {"kind": "Chrome", "first_seen": at})
    with store.engine.connect() as conn:
        assert conn.execute(t.select()).mappings().one()["kind"] == "Firefox"  # the first kept
