"""Schema migrations: a database made by the version before migrations upgrades and loses nothing;
the migrated schema is exactly the tables' definitions, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import re
import sqlite3

import pytest
from sqlalchemy import create_engine, inspect, select, text

from engine.interviews import Interviews
from engine.migrations import TABLE_MODULES, SCHEMA_REVISION, alembic_config, current_revision, table_metadata, upgrade
from engine.review import Reviews, cards_table, review_logs_table
from engine.runs import RunLog
from engine.search.cache import EvalCache
from engine.store import Attempt, Store, make_engine
from tests.conftest import ROOT

metadata = table_metadata()

OLD_DUMP = ROOT / "tests" / "engine" / "fixtures" / "tunelab-c8d6519.sql"
OLD_INTERVIEWER = "phk0lDEKAGQTsjCnaeEmv7YFhnfQowAuEMs55ZjlrYA"
OLD_CANDIDATE = "GJPqRdcimEsuT1m4cJZ1dZThmoiask-8sW7gs7Jkvds"


def old_database(path) -> str:
    with sqlite3.connect(path) as conn:
        conn.executescript(OLD_DUMP.read_text())
    return f"sqlite:///{path}"


def table_counts(url: str) -> dict[str, int]:
    db = create_engine(url)
    with db.connect() as conn:
        names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
        counts = {n: conn.execute(text(f'SELECT count(*) FROM "{n}"')).scalar() for n in names}
    db.dispose()
    return counts


def test_schema_revision_is_alembics_head():
    from alembic.script import ScriptDirectory

    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == SCHEMA_REVISION


def test_a_database_made_before_migrations_upgrades_and_loses_nothing(tmp_path):
    url = old_database(tmp_path / "old.db")
    before = table_counts(url)
    assert before == {"attempts": 4, "evaluations": 1, "interview_answers": 1, "interview_scores": 1,
                      "interviews": 1, "review_cards": 3, "review_logs": 4, "runs": 2}
    assert current_revision(create_engine(url)) is None

    store = Store(url)  # opening it is the upgrade
    assert current_revision(store.engine) == SCHEMA_REVISION
    assert table_counts(url) == {**before, "interview_browsers": 0}  # a table added since, empty
    # ...and the app's engine reads every kind of row, for the local learner they belong to
    attempts = store.attempts("me")
    assert [a.id for a in attempts] == [4, 3, 2, 1]
    assert attempts[-1].answer == {"value": 0.015} and attempts[-1].seconds == 12.5
    assert attempts[0].topics == ("cross-validation", "best-practices") and attempts[0].score == 0.5
    assert attempts[0].answered_at == dt.datetime(2026, 11, 2, 9, 15, tzinfo=dt.timezone.utc)
    assert store.missed_question_ids("me") == {"lr-one-step-distance", "adam-bias-correction", "cv-nested"}
    reviews = Reviews(store)
    assert {c.question_id for c in reviews.cards("me")} == {"lr-one-step-distance", "adam-bias-correction",
                                                            "cv-nested"}
    later = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.timezone.utc)
    assert set(reviews.due_today("me", later)) == {"lr-one-step-distance", "adam-bias-correction", "cv-nested"}
    reviews.review("me", "cv-nested", True, 1.0, 60, when=later)  # an old card goes on being scheduled
    assert "cv-nested" not in reviews.due_today("me", later)
    assert [r.title for r in RunLog(store).runs("me")] == ["digits:svc: random", "Rosenbrock: adam"]
    ivs = Interviews(store)
    iv = ivs.as_interviewer(OLD_INTERVIEWER)
    assert iv.title == "Mock ML engineer" and ivs.as_candidate(OLD_CANDIDATE).id == iv.id
    assert ivs.candidate_answers(OLD_CANDIDATE) == {"lr-one-step-distance": "0.015"}
    assert ivs.scorecard(OLD_INTERVIEWER).rows[0].scores == {"technical accuracy": 4, "depth": 3}
    assert EvalCache(store).get("k" * 64)["info"]["fold_scores"] == [0.96, 0.98]
    # new rows go on from the old ids, and a signed-in learner's long identity fits
    new_id = store.record_attempt(Attempt("q", "b", "numeric", "easy", (), 1, True, 1.0, learner="x" * 255))
    assert new_id == 5
    # the upgrade happens once: a second opening finds the current revision and changes nothing
    Store(url)
    assert table_counts(url) == {**before, "attempts": 5, "review_cards": 3, "review_logs": 5, "interview_browsers": 0}


def test_a_database_with_only_some_old_tables_gets_the_others(tmp_path):
    # Before migrations each module made its own tables when first used: an old database
    # may have the attempts and nothing else.
    path = tmp_path / "partial.db"
    with sqlite3.connect(path) as conn:
        dump = OLD_DUMP.read_text()
        create = dump[dump.index("CREATE TABLE attempts"):dump.index(");", dump.index("CREATE TABLE attempts")) + 2]
        conn.executescript(create + "INSERT INTO attempts VALUES(1,'me',NULL,'q','b','numeric','easy','[]',"
                                    "'2026-01-01 00:00:00.000000','1',1,1.0,NULL);")
    store = Store(f"sqlite:///{path}")
    assert len(store.attempts("me")) == 1
    Reviews(store).review("me", "q", True, 1.0)
    assert RunLog(store).runs("me") == []


def unupgraded_store(url: str) -> Store:
    """A store on ``url`` whose schema is left as it is (Store itself upgrades to the newest)."""
    store = Store.__new__(Store)
    store.url, store.engine = url, make_engine(url)
    store._writer = store.engine.execution_options(tunelab_write=True)
    return store


def schema_of(db) -> dict:
    """Every table's columns (type, nullability, default), primary key, indexes and foreign keys."""
    with db.connect() as conn:
        seen = inspect(conn)
        return {table: {
            "columns": {c["name"]: (repr(c["type"]), c["nullable"], c.get("default")) for c in seen.get_columns(table)},
            "primary key": seen.get_pk_constraint(table)["constrained_columns"],
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                              for i in seen.get_indexes(table)),
            "foreign keys": sorted(repr(sorted(f.items())) for f in seen.get_foreign_keys(table)),
        } for table in seen.get_table_names()}


def test_migrated_schema_equals_the_table_definitions(db_url):
    """No drift between the migrations and the Table objects (Alembic's autogenerate comparison),
    every revision run on an empty database (a named revision: "head" would make it from the
    definitions)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    store = unupgraded_store(db_url)
    upgrade(store, SCHEMA_REVISION)
    assert current_revision(store.engine) == SCHEMA_REVISION
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), metadata)
    assert diff == []


def test_a_new_database_is_made_from_the_definitions_as_every_revision_would_make_it(db_url):
    """A database with no table is made from the tables' definitions and stamped at the newest
    revision: the same tables, columns, types, keys and indexes as every revision run on it."""
    store = Store(db_url)
    assert current_revision(store.engine) == SCHEMA_REVISION
    made = schema_of(store.engine)
    assert set(made) == set(metadata.tables) | {"alembic_version"}
    with store.begin() as conn:
        metadata.drop_all(conn)
        conn.execute(text("DROP TABLE alembic_version"))
    upgrade(store, SCHEMA_REVISION)
    assert schema_of(store.engine) == made


def test_every_module_with_tables_is_listed():
    """A module defining a table on the shared metadata and missing from TABLE_MODULES would be
    missing from a new database."""
    defining = set()
    for path in (ROOT / "engine").rglob("*.py"):
        if re.search(r"= Table\(\s*\n?\s*\"\w+\",\s*metadata", path.read_text(encoding="utf-8")):
            defining.add(".".join(path.relative_to(ROOT).with_suffix("").parts))
    assert defining == set(TABLE_MODULES)


def test_revision_0002_keeps_every_row_on_both_databases(db_url):
    store = unupgraded_store(db_url)  # stop at the baseline
    upgrade(store, "0001")
    assert current_revision(store.engine) == "0001"
    with store.begin() as conn:
        conn.execute(text("INSERT INTO attempts (learner, question_id, bank, question_type, difficulty, topics, "
                          "answered_at, correct, score) VALUES ('me', 'q', 'b', 'numeric', 'easy', '[]', "
                          ":t, true, 1.0)"), {"t": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)})
        conn.execute(cards_table.insert().values(learner="me", question_id="q", card={"card_id": 1, "state": 1},
                                                 due=dt.datetime(2026, 1, 2, tzinfo=dt.timezone.utc)))
        conn.execute(review_logs_table.insert().values(learner="me", question_id="q", rating=3, log={},
                                                       reviewed_at=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)))
    upgrade(store)
    assert current_revision(store.engine) == SCHEMA_REVISION
    assert [a.question_id for a in store.attempts("me")] == ["q"]
    with store.engine.connect() as conn:
        assert conn.execute(select(cards_table.c.card)).scalar_one() == {"card_id": 1, "state": 1}
        indexes = {ix["name"] for ix in inspect(conn).get_indexes("attempts")}
    assert "ix_attempts_learner_answered_at" in indexes and "ix_attempts_learner" not in indexes


def _open(url: str) -> str:
    return current_revision(Store(url).engine)


def test_two_servers_opening_a_new_database_at_once_upgrade_it_once(db_url, spawn_safe_main):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(3) as pool:
        assert pool.map(_open, [db_url] * 3) == [SCHEMA_REVISION] * 3


def test_a_database_from_a_newer_version_is_refused_with_a_sentence(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    Store(url)
    with create_engine(url).begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(ValueError, match="newer than this TuneLab knows"):
        Store(url)


def test_revision_0003_adds_the_candidates_name_and_keeps_interviews(db_url):
    store = unupgraded_store(db_url)  # open at 0002, as a database made before the name existed
    upgrade(store, "0002")
    with store.begin() as conn:
        conn.execute(text("INSERT INTO interviews (title, role, interviewer_digest, candidate_digest, owner, "
                          "questions, created_at) VALUES ('Old', 'manager', 'i', 'c', 'o', '[]', :t)"),
                     {"t": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)})
    upgrade(store)
    assert current_revision(store.engine) == SCHEMA_REVISION
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT title, candidate_name FROM interviews")).one()
    assert tuple(row) == ("Old", None)


def test_revision_0004_fixes_each_interviews_expiry_as_it_stood_at_the_upgrade(db_url, monkeypatch):
    store = unupgraded_store(db_url)  # open at 0003, when the expiry was worked out on every read
    upgrade(store, "0003")
    made = dt.datetime(2026, 1, 1, 9, 30, tzinfo=dt.timezone.utc)
    with store.begin() as conn:
        conn.execute(text("INSERT INTO interviews (title, role, interviewer_digest, candidate_digest, owner, "
                          "questions, created_at) VALUES ('Old', 'manager', 'i', 'c', 'o', '[]', :t)"),
                     {"t": made})
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "5")
    upgrade(store)
    assert current_revision(store.engine) == SCHEMA_REVISION
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "40")  # a later setting moves no link already sent
    (iv,) = Interviews(store).owned_by("o")
    assert (iv.title, iv.expires_at) == ("Old", made + dt.timedelta(days=5))
