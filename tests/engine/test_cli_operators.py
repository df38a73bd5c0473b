"""The operators' commands: ``learners``, ``forget`` and ``migrate``, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, event, insert, text

from engine.cli import _shown, main
from engine.forget import TABLES, forget_learner, learner_counts, learner_of_account, list_learners
from engine.interviews import AccessDenied, Interviews, digest, interview_answers_table, interview_scores_table
from engine.migrations import SCHEMA_REVISION, current_revision, upgrade
from engine.review import Reviews
from engine.runs import RunLog
from engine.store import Attempt, Store, make_engine
from tests.conftest import ROOT

ACCOUNT = "https://accounts.google.com#108234567890123456789"
SIGNED_IN = learner_of_account(ACCOUNT)
OTHER = "me"
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


def answer(store: Store, learner: str, question: str, when: dt.datetime) -> None:
    Reviews(store).save_answer(Attempt(question, "bank", "numeric", "easy", ("t",), 1, True, 1.0,
                                       answered_at=when, learner=learner))


def interview_of(store: Store, owner: str, questions=("q1", "q2")) -> int:
    created = Interviews(store).create("Mock", "manager", list(questions), 60, owner=owner)
    with store.begin() as conn:  # a candidate's answers and the interviewer's scores
        for q in questions:
            conn.execute(insert(interview_answers_table).values(interview_id=created.interview_id, question_id=q,
                                                                answer="typed", saved_at=T0, opened_at=T0))
        conn.execute(insert(interview_scores_table).values(interview_id=created.interview_id, question_id=questions[0],
                                                           scores={"depth": 3}, notes="", saved_at=T0))
    Interviews(store).note_browser(created.candidate_token, "b" * 32, "Firefox/140", now=T0)  # before it expires
    return created.interview_id


@pytest.fixture
def populated(db_url):
    """Two learners with data in every table: the signed-in one and the local one."""
    store = Store(db_url)
    answer(store, SIGNED_IN, "q1", T0)
    answer(store, SIGNED_IN, "q2", T0 + dt.timedelta(days=2))
    answer(store, SIGNED_IN, "q2", T0 + dt.timedelta(days=3))
    RunLog(store).record(SIGNED_IN, "optimizer_lab", "a run", {"lr": 0.1}, {"loss": 1.0}, 0)
    interview_of(store, SIGNED_IN)
    answer(store, OTHER, "q1", T0 - dt.timedelta(days=10))
    RunLog(store).record(OTHER, "search_lab", "another run", {"budget": 5}, {"best": 0.9}, 1)
    interview_of(store, OTHER, ("q3",))
    store.close()
    return db_url


SIGNED_IN_COUNTS = {"attempts": 3, "review_cards": 2, "review_logs": 3, "runs": 1, "interviews": 1,
                    "interview_answers": 2, "interview_scores": 1, "interview_browsers": 1}
OTHER_COUNTS = {"attempts": 1, "review_cards": 1, "review_logs": 1, "runs": 1, "interviews": 1,
                "interview_answers": 1, "interview_scores": 1, "interview_browsers": 1}


def counts(url: str, learner: str) -> dict[str, int]:
    store = Store(url)
    try:
        return learner_counts(store, learner)
    finally:
        store.close()


# ---------------------------------------------------------------------------------- accounts
@pytest.mark.parametrize("issuer, subject", [
    ("https://accounts.google.com", "108234567890123456789"),
    ("https://login.microsoftonline.com/tenant/v2.0", "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ"),
    ("https://idp.example.org/realms/class", "a#subject#with#hashes"),
])
def test_an_account_gives_the_learner_id_the_app_stores(issuer, subject):
    from ui.identity import identity_of, learner_id

    who = identity_of({"iss": issuer, "sub": subject}, set(), set())
    assert learner_of_account(who.account) == learner_id(issuer, subject) == who.learner
    assert learner_of_account(f"  {who.account}\n") == who.learner  # pasted with a stray newline


@pytest.mark.parametrize("bad", ["", "no-hash-here", "#subject-only", "https://issuer.example#"])
def test_a_text_that_is_not_an_account_is_refused_with_a_sentence(bad):
    with pytest.raises(ValueError, match="an account looks like <issuer>#<subject>"):
        learner_of_account(bad)


# ---------------------------------------------------------------------------------- forget
def test_forget_deletes_one_learners_rows_in_every_table_and_nothing_else(populated, capsys):
    assert counts(populated, SIGNED_IN) == SIGNED_IN_COUNTS
    code = main(["forget", "--learner", SIGNED_IN, "--yes", "--database-url", populated])
    out = capsys.readouterr().out
    assert code == 0
    # the counts per table first, then what was deleted
    assert f"learner {SIGNED_IN}:" in out
    for table, n in SIGNED_IN_COUNTS.items():
        assert f"  {table:<18} {n:>8,}" in out
    assert out.splitlines()[-1].startswith("deleted 14 rows: attempts 3, review_cards 2, review_logs 3")
    assert counts(populated, SIGNED_IN) == dict.fromkeys(TABLES, 0)
    assert counts(populated, OTHER) == OTHER_COUNTS
    store = Store(populated)  # the other learner's data still works in the app
    assert [a.question_id for a in store.attempts(OTHER)] == ["q1"]
    assert [r.title for r in RunLog(store).runs(OTHER)] == ["another run"]
    store.close()


def test_forget_by_account_asks_and_deletes_on_yes(populated, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("yes\n"))
    code = main(["forget", "--account", ACCOUNT, "--database-url", populated])
    out = capsys.readouterr().out
    assert code == 0
    assert f"learner {SIGNED_IN} (account {ACCOUNT}):" in out
    assert "Delete these 14 rows for good? [y/N] " in out
    assert counts(populated, SIGNED_IN) == dict.fromkeys(TABLES, 0)


@pytest.mark.parametrize("reply", ["n\n", "\n", "", "yes please\n"])
def test_forget_deletes_nothing_unless_confirmed(populated, capsys, monkeypatch, reply):
    monkeypatch.setattr(sys, "stdin", io.StringIO(reply))
    code = main(["forget", "--learner", SIGNED_IN, "--database-url", populated])
    assert code == 1
    assert capsys.readouterr().out.splitlines()[-1] == "nothing deleted"
    assert counts(populated, SIGNED_IN) == SIGNED_IN_COUNTS


def test_forget_is_one_transaction_a_failure_deletes_nothing(populated):
    store = Store(populated)

    def fail_on_attempts(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("DELETE FROM ATTEMPTS"):  # the last table deleted from
            raise RuntimeError("the database went away")

    event.listen(store.engine, "before_cursor_execute", fail_on_attempts)
    with pytest.raises(Exception, match="went away"):
        forget_learner(store, SIGNED_IN)
    event.remove(store.engine, "before_cursor_execute", fail_on_attempts)
    store.close()
    assert counts(populated, SIGNED_IN) == SIGNED_IN_COUNTS
    assert counts(populated, OTHER) == OTHER_COUNTS


def test_forget_of_a_learner_with_no_data_exits_1(populated, capsys):
    assert main(["forget", "--learner", "nobody", "--yes", "--database-url", populated]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (f"python -m engine forget: no data is kept for learner nobody in the database "
                           f"{_shown(populated)}; python -m engine learners lists the learners")


def test_forget_usage_errors_exit_2_with_one_line(tmp_path, capsys):
    missing = tmp_path / "nowhere" / "tunelab.db"
    assert main(["forget", "--learner", "me", "--yes", "--database-url", f"sqlite:///{missing}"]) == 2
    assert not missing.parent.exists()  # a typo in the path creates no empty database
    assert main(["forget", "--account", "not an account", "--yes"]) == 2
    assert main(["forget", "--learner", " ", "--yes"]) == 2
    assert main(["forget", "--learner", "me", "--yes", "--database-url", "mysql://u@h/db"]) == 2
    with pytest.raises(SystemExit) as exc:
        main(["forget", "--yes"])  # neither --learner nor --account
    assert exc.value.code == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"python -m engine forget: error: there is no SQLite database at {missing}; check "
                      "TUNELAB_DATA_DIR, TUNELAB_DATABASE_URL or --database-url")
    assert err[1].startswith("python -m engine forget: error: an account looks like <issuer>#<subject>")
    assert err[2].startswith("python -m engine forget: error: a learner is a non-empty name")
    assert err[3].startswith("python -m engine forget: error: TuneLab stores data in SQLite or PostgreSQL")
    assert "one of the arguments --learner --account --interview is required" in err[4]
    assert not any("Traceback" in line for line in err)


def test_forget_through_the_command_line_with_the_apps_settings(isolated_data):
    """``python -m engine forget`` on the database the app uses (TUNELAB_DATA_DIR), answered on stdin."""
    url = f"sqlite:///{isolated_data / 'tunelab.db'}"
    store = Store(url)
    answer(store, SIGNED_IN, "q1", T0)
    store.close()
    env = {**os.environ, "TUNELAB_DATA_DIR": str(isolated_data)}
    env.pop("TUNELAB_DATABASE_URL", None)
    out = subprocess.run([sys.executable, "-m", "engine", "forget", "--account", ACCOUNT], input="y\n",
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "deleted 3 rows: attempts 1, review_cards 1, review_logs 1"
    assert counts(url, SIGNED_IN) == dict.fromkeys(TABLES, 0)


# ---------------------------------------------------------------------------------- learners
def test_learners_lists_ids_activity_and_counts_most_recent_first(populated, capsys):
    assert main(["learners", "--json", "--database-url", populated]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {r["learner"] for r in rows} == {SIGNED_IN, OTHER}
    assert [r["last_activity"] for r in rows] == sorted((r["last_activity"] for r in rows), reverse=True)
    by_id = {r["learner"]: r for r in rows}
    assert by_id[SIGNED_IN]["counts"] == SIGNED_IN_COUNTS and by_id[OTHER]["counts"] == OTHER_COUNTS
    assert by_id[SIGNED_IN]["first_activity"] == T0.isoformat()
    assert by_id[OTHER]["first_activity"] == (T0 - dt.timedelta(days=10)).isoformat()
    # the run and the interview were made now, after every answer
    assert by_id[SIGNED_IN]["last_activity"] > (T0 + dt.timedelta(days=3)).isoformat()
    assert by_id[OTHER]["local"] and not by_id[SIGNED_IN]["local"]
    assert by_id[SIGNED_IN]["account"] is None  # a digest cannot be turned back into an account


def test_learners_text_names_the_local_learner_and_how_to_find_a_signed_in_one(populated, capsys):
    assert main(["learners", "--database-url", populated]) == 0
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert lines[0].split() == ["learner", "first", "(UTC)", "last", "(UTC)", "attempts", "cards", "reviews",
                                "runs", "interviews", "iv", "answers", "iv", "scores", "iv", "browsers"]
    row = next(line for line in lines if line.startswith(SIGNED_IN))
    assert row.split()[1:3] == ["2026-03-01", "09:00"] and row.split()[-8:] == ["3", "2", "3", "1", "1", "2", "1", "1"]
    assert "  the local learner (the app without sign-in)" in lines
    assert 'python -m engine learners --account "<that text>"' in captured.err


def test_learners_names_an_interviewer_keys_row(populated, capsys):
    """Interviews set up without sign-in belong to the key's digest: a row of 64 hex digits with
    interviews alone, which the operator could not tell from a learner."""
    store = Store(populated)
    interview_of(store, digest("a key the interviewer kept"), ("q4",))
    store.close()
    assert main(["learners", "--database-url", populated]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(digest("a key the interviewer kept")))
    assert lines[at + 1] == "  an interviewer key (interviews set up without sign-in; its digest, not the key)"
    assert sum("an interviewer key" in line for line in lines) == 1
    assert main(["learners", "--json", "--database-url", populated]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["interviewer_key"] for r in rows].count(True) == 1


def test_learners_with_an_account_shows_that_learner_only(populated, capsys):
    assert main(["learners", "--account", ACCOUNT, "--json", "--database-url", populated]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["learner"], r["account"]) for r in rows] == [(SIGNED_IN, ACCOUNT)]
    assert main(["learners", "--account", "https://other.example#1", "--database-url", populated]) == 1
    said = capsys.readouterr().out.strip()
    assert said == f"no data is kept for the account https://other.example#1 in the database {_shown(populated)}"


def test_list_learners_of_an_empty_database_is_empty(db_url, capsys):
    store = Store(db_url)
    assert list_learners(store) == []
    store.close()
    assert main(["learners", "--database-url", db_url]) == 0
    assert capsys.readouterr().out.strip() == f"no learner has data yet in the database {_shown(db_url)}"


# ---------------------------------------------------------------------------------- migrate
def at_revision(url: str, revision: str) -> None:
    store = Store.__new__(Store)  # open without upgrading to head
    store.url, store.engine = url, make_engine(url)
    store._writer = store.engine.execution_options(tunelab_write=True)
    upgrade(store, revision)
    store.engine.dispose()


def revision_of(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def test_migrate_upgrades_an_older_database_and_prints_both_revisions(db_url, capsys):
    at_revision(db_url, "0002")
    assert main(["migrate", "--database-url", db_url]) == 0
    assert capsys.readouterr().out.splitlines() == ["schema revision before: 0002",
                                                    f"schema revision after:  {SCHEMA_REVISION}"]
    assert revision_of(db_url) == SCHEMA_REVISION
    assert main(["migrate", "--database-url", db_url]) == 0
    assert capsys.readouterr().out.strip() == f"schema revision {SCHEMA_REVISION}: already current"


def test_migrate_creates_the_tables_of_an_empty_database(db_url, capsys):
    if db_url.startswith("sqlite"):  # an empty SQLite database is a file with no tables
        create_engine(db_url).connect().close()
    assert main(["migrate", "--database-url", db_url]) == 0
    assert capsys.readouterr().out.splitlines() == ["schema revision before: none (an empty database)",
                                                    f"schema revision after:  {SCHEMA_REVISION}"]


def test_migrate_a_database_made_before_migrations(tmp_path, capsys):
    from tests.engine.test_migrations import old_database

    url = old_database(tmp_path / "old.db")
    assert main(["migrate", "--database-url", url]) == 0
    assert capsys.readouterr().out.splitlines() == ["schema revision before: none (made before migrations)",
                                                    f"schema revision after:  {SCHEMA_REVISION}"]


def test_a_database_newer_than_this_code_is_refused_by_every_operator_command(db_url, capsys):
    Store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    for args in (["migrate"], ["learners"], ["forget", "--learner", "me", "--yes"]):
        assert main([*args, "--database-url", db_url]) == 1
        err = capsys.readouterr().err
        assert err == (f"python -m engine {args[0]}: error: the database's schema is at revision 9999, newer than "
                       f"this TuneLab knows (its newest is {SCHEMA_REVISION}): upgrade TuneLab before using this "
                       "database\n")
    assert revision_of(db_url) == "9999"  # untouched


def test_migrate_uses_the_apps_settings_and_refuses_a_missing_file(isolated_data, capsys, monkeypatch):
    assert main(["migrate"]) == 2  # TUNELAB_DATA_DIR names a folder with no database yet
    assert capsys.readouterr().err.strip() == (
        f"python -m engine migrate: error: there is no SQLite database at {isolated_data / 'tunelab.db'}; "
        "check TUNELAB_DATA_DIR, TUNELAB_DATABASE_URL or --database-url")
    assert not (isolated_data / "tunelab.db").exists()
    url = f"sqlite:///{isolated_data / 'elsewhere.db'}"
    at_revision(url, "0001")
    monkeypatch.setenv("TUNELAB_DATABASE_URL", url)
    assert main(["migrate"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "schema revision before: 0001"
    assert revision_of(url) == SCHEMA_REVISION


def test_forget_on_a_database_that_refuses_the_deletion_is_one_line_and_deletes_nothing(tmp_path, capsys):
    """The nothing-lost walk-through: on a locked or read-only database forget printed a 60-line
    traceback and exited 1 (the README promises one line). A SQLite file opened read-only stands
    for a database that refuses (the same on either backend: the command catches the driver's error)."""
    path = tmp_path / "tunelab.db"
    store = Store(f"sqlite:///{path}")
    answer(store, SIGNED_IN, "q1", T0)
    store.close()
    read_only = f"sqlite:///file:{path}?mode=ro&uri=true"
    assert main(["forget", "--learner", SIGNED_IN, "--yes", "--database-url", read_only]) == 2
    err = capsys.readouterr().err.strip()
    assert err == ("python -m engine forget: error: the database refused (OperationalError: attempt to write a "
                   "readonly database); nothing was deleted"), err
    assert counts(f"sqlite:///{path}", SIGNED_IN)["attempts"] == 1


def test_a_listing_cut_short_by_its_reader_ends_without_a_traceback(populated):
    """``python -m engine learners --json | head -1`` printed a BrokenPipeError traceback: the reader
    had left. Here the pipe has no reader from the start, so the first write meets it."""
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run([sys.executable, "-m", "engine", "learners", "--json", "--database-url", populated],
                              stdout=write, stderr=subprocess.PIPE, text=True, cwd=ROOT, timeout=120)
    finally:
        os.close(write)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr


# ---------------------------------------------------------------------------------- forget --interview
def test_forget_an_interview_by_its_link_erases_it_alone(db_url, capsys):
    """A candidate has no account: their interview is erased by its link, and the interviewer's other
    interviews stay (the operator's walk: only the whole interviewer could be forgotten)."""
    store = Store(db_url)
    interviews = Interviews(store)
    gone = interviews.create("Round 1 · Ada", "ml-engineer", ["q1", "q2"], 300, owner=SIGNED_IN)
    kept = interviews.create("Round 1 · Ben", "ml-engineer", ["q1"], 300, owner=SIGNED_IN)
    for made in (gone, kept):
        interviews.open_question(made.candidate_token, 0)
        interviews.save_answer(made.candidate_token, "q1", "an answer")
    store.close()
    link = f"https://tunelab.example.org/interview?t={gone.candidate_token}."  # as mailed, with a full stop
    assert main(["forget", "--interview", link, "--yes", "--database-url", db_url]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"interview {gone.interview_id} ('Round 1 · Ada'):")
    assert "deleted " in out and "interviews 1" in out and "interview_answers 1" in out
    store = Store(db_url)
    interviews = Interviews(store)
    with pytest.raises(AccessDenied):
        interviews.as_interviewer(gone.interviewer_token)
    assert interviews.as_interviewer(kept.interviewer_token).id == kept.interview_id
    assert interviews.answers(kept.interview_id)
    store.close()
    # the same link again opens nothing: said in one line, with the database it read
    assert main(["forget", "--interview", link, "--yes", "--database-url", db_url]) == 2
    err = capsys.readouterr().err
    assert err.startswith("python -m engine forget: error: no interview has this link") and _shown(db_url) in err
    assert main(["forget", "--interview", "not a link", "--yes", "--database-url", db_url]) == 2
