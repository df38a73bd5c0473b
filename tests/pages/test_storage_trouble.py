"""A database that refuses writes (read-only) or cannot be opened at all: one sentence on the
page, never Streamlit's error screen, and nothing saved before is lost."""

from __future__ import annotations

import pytest

from engine.interviews import Interviews
from engine.settings import data_dir
from engine.store import open_store
from tests.pages.conftest import button

IV = "app_pages/interview.py"


@pytest.fixture
def read_only(monkeypatch, content_dir):
    """An interview made on a writable database, which the app then opens read-only."""
    made = Interviews(open_store()).create("Read-only", "ml-engineer", ["valid-single", "valid-multi"], 120,
                                           owner="ann")
    db = data_dir() / "tunelab.db"
    monkeypatch.setenv("TUNELAB_DATABASE_URL", f"sqlite:///file:{db}?mode=ro&uri=true")
    return made


def test_creating_an_interview_on_a_read_only_database_says_so(app, read_only):
    at = app(IV)
    assert not at.exception
    at.multiselect(key="iv.setup.qs.data-scientist").set_value(at.multiselect(key="iv.setup.qs.data-scientist").options[:1])
    at = button(at, "Create the interview").click().run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert error.value.replace("\\", "").startswith("Cannot create it: the database refused to store it (OperationalError: attempt to "
                                  "write a readonly database)")


def test_a_candidate_link_on_a_read_only_database_says_so(app, read_only):
    at = app(IV, t=read_only.candidate_token)
    assert not at.exception, at.exception
    at = button(at, "Start the interview").click().run()  # opening a question writes when it was first shown
    assert not at.exception, at.exception
    assert any(e.value.startswith("Your interview cannot go on right now") and "readonly" in e.value for e in at.error)
    assert Interviews(open_store()).as_interviewer(read_only.interviewer_token).id == read_only.interview_id


def test_a_data_folder_that_cannot_be_made_is_one_sentence_on_every_page(app, monkeypatch, tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("TUNELAB_DATA_DIR", str(tmp_path / "a-file" / "data"))
    for page in (None, "app_pages/practice.py", "app_pages/progress.py", IV):
        at = app(page)
        assert not at.exception, (page, at.exception)
        assert at.error[0].value.startswith("TuneLab cannot open its database ("), page
        assert "a-file" not in at.error[0].value  # the deployment's paths are not shown to visitors


@pytest.mark.parametrize("url", ["postgresql+psycopg2://tunelab:hunter2@db.internal:5432/tunelab",
                                 "mysql://tunelab:hunter2@db.internal/tunelab", "not a url at all"])
def test_a_database_url_it_cannot_use_is_one_sentence_without_the_url(app, monkeypatch, url, caplog):
    # the operator audit: these raised ValueError through every page (Streamlit's error screen),
    # and the message quotes the URL, password and all: that goes to the log only
    monkeypatch.setenv("TUNELAB_DATABASE_URL", url)
    for page in (None, "app_pages/practice.py", IV):
        at = app(page)
        assert not at.exception, (page, at.exception)
        (error,) = at.error
        assert error.value.startswith("TuneLab cannot ")
        assert "hunter2" not in error.value and "db.internal" not in error.value
    at = app(IV, t="some-token")  # the link's look-up happens before the page: it says nothing either
    assert not at.exception and at.error[0].value.startswith("TuneLab cannot ")


def test_a_database_from_a_newer_tunelab_is_one_sentence(app, monkeypatch):
    from sqlalchemy import text

    store = open_store()
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    store.close()
    at = app("app_pages/practice.py")
    assert not at.exception, at.exception
    assert at.error[0].value.startswith("TuneLab cannot use the database it is set up with")


def test_a_server_that_cannot_be_reached_is_said_without_its_address(caplog):
    import logging

    from sqlalchemy.exc import OperationalError

    from ui.storage_errors import storage_reason

    caplog.set_level(logging.WARNING, logger="tunelab")
    exc = OperationalError("SELECT 1", {}, Exception(
        'connection to server at "10.1.2.3", port 55432 failed: FATAL:  password authentication failed for user '
        '"tunelab"'))
    shown = storage_reason(exc).replace("\\", "")
    assert shown.endswith(": the database server cannot be reached or refused the connection")
    assert "10.1.2.3" in caplog.text and 'user "tunelab"' in caplog.text  # the operator reads it in the log
    full = OperationalError("INSERT", {}, Exception("database or disk is full"))
    assert storage_reason(full).replace("\\", "").endswith(": database or disk is full")
    other = OperationalError("INSERT", {}, Exception("near 'x': syntax error in INSERT INTO answers VALUES ('secret')"))
    assert storage_reason(other).replace("\\", "") == "Exception"  # the driver's error's class, nothing more


@pytest.mark.parametrize("whose", ["candidate", "interviewer"])
def test_a_link_opened_while_the_database_is_down_is_one_sentence(app, monkeypatch, content_dir, whose):
    # the operator audit stopped PostgreSQL under a candidate: the link's own look-up raised
    # through the page to Streamlit's error screen
    from sqlalchemy.exc import OperationalError

    made = Interviews(open_store()).create("Outage", "ml-engineer", ["valid-single"], 120, owner="ann")

    def down(self, token, now=None):
        raise OperationalError("SELECT", {}, Exception('connection to server at "10.0.0.9", port 5432 failed'))

    monkeypatch.setattr(Interviews, "as_candidate", down)
    if whose == "interviewer":
        monkeypatch.setattr(Interviews, "as_interviewer", down)
    # the navigation each run asked for: a link that cannot be looked up may be a candidate's, and
    # showed the whole app's menu (Practice, Review, ...) beside the outage's sentence (session 58)
    import streamlit as st

    positions = []
    navigation = st.navigation

    def recorded(pages, **kwargs):
        positions.append(kwargs.get("position", "sidebar"))
        return navigation(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", recorded)
    at = app(IV, t=made.candidate_token if whose == "candidate" else made.interviewer_token)
    assert not at.exception, at.exception
    assert positions[-1] == "hidden"
    (error,) = at.error
    assert error.value.replace("\\", "").startswith("This interview cannot reach its database just now")
    assert "this page tries again every 10 seconds and goes on by itself" in error.value
    assert "10.0.0.9" not in error.value
    # it tries again on its own (ui.storage_errors.retry_until_reachable, every 10 s): the try tells a
    # database still down from one that answers, or refuses the link for another reason
    from engine.interviews import AccessDenied
    from ui.storage_errors import reachable

    assert not reachable(lambda: down(None, None))
    assert reachable(lambda: None)

    def refused():
        raise AccessDenied("no such link")

    assert reachable(refused)


@pytest.mark.parametrize("page", ["app_pages/review.py", "app_pages/progress.py"])
def test_answers_that_cannot_be_summed_just_now_are_one_sentence(app, monkeypatch, page):
    # the review schedule read, then the database went away before the weakest topics were summed
    from sqlalchemy.exc import OperationalError

    from engine.store import Store

    def down(self, learner):
        raise OperationalError("SELECT question_id", {"learner": "me"}, Exception("disk I/O error"))

    monkeypatch.setattr(Store, "tallies", down)
    at = app(page)
    assert not at.exception, at.exception
    (error,) = at.error
    assert error.value.startswith("Could not read your saved") and "Nothing was deleted" in error.value
    assert "SELECT" not in error.value and "learner" not in error.value


@pytest.mark.parametrize("page, target, said", [
    ("app_pages/progress.py", "engine.store.Store.tallies", "Could not read your saved progress"),
    ("app_pages/review.py", "engine.review.Reviews.outlook", "Could not read your review schedule"),
    ("app_pages/history.py", "engine.runs.RunLog.runs", "Could not read the run history"),
])
def test_a_page_that_cannot_read_its_data_names_the_cause(app, monkeypatch, page, target, said):
    # the database's own cause ("disk I/O error") is said, as on every other page; the statement is not
    from sqlalchemy.exc import OperationalError

    def down(self, *args, **kwargs):
        raise OperationalError("SELECT secret_column", {"learner": "me"}, Exception("disk I/O error"))

    monkeypatch.setattr(target, down)
    at = app(page)
    assert not at.exception, at.exception
    (error,) = at.error
    shown = error.value.replace("\\", "")
    assert shown.startswith(said) and "disk I/O error" in shown and "Nothing was deleted" in shown
    assert "secret_column" not in shown and "learner" not in shown
