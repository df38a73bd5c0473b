"""One tab's saves of a candidate's answers (engine.tab_saves), against the real interview store:
the base moves with each save, a refusal keeps it, and two runs of one tab that save at once (a
click handled in a new thread while the old run's save is under way) are never refused as
another tab's change."""

from __future__ import annotations

import threading

import pytest

from engine.interviews import AnswerChanged, Interviews
from engine.store import Store
from engine.tab_saves import TabSaves


@pytest.fixture
def ivs(db_url):
    return Interviews(Store(db_url))


@pytest.fixture
def made(ivs):
    made = ivs.create("Tab saves", "ml-engineer", ["valid-multi"], 300, owner="o")
    ivs.open_question(made.candidate_token, 0)
    return made


def putter(ivs, token, qid="valid-multi"):
    return lambda value, expected: ivs.save_answer(token, qid, value, expected=expected)


def save_under_way(tab, put, value, run=None):
    """Start a save of ``value`` that holds the tab's lock until the returned event is set (the
    replaced run's save, slow on a busy server): (its thread, the event)."""
    saving, release = threading.Event(), threading.Event()

    def slow_put(answer, expected):
        saving.set()
        assert release.wait(10)
        put(answer, expected)

    thread = threading.Thread(target=run or tab.save, args=("k", lambda: value, slow_put))
    thread.start()
    assert saving.wait(10)
    return thread, release


def test_each_save_is_made_over_the_last_and_a_refusal_keeps_the_base(ivs, made):
    tab = TabSaves()
    tab.arrive("k", None)
    put = putter(ivs, made.candidate_token)
    assert tab.save("k", lambda: ["a"], put) == ["a"]
    assert tab.save("k", lambda: ["a", "c"], put) == ["a", "c"]
    assert tab.bases["k"] == tab.tried["k"] == ["a", "c"]
    ivs.save_answer(made.candidate_token, "valid-multi", ["b"])  # another tab
    with pytest.raises(AnswerChanged):
        tab.save("k", lambda: ["c"], put)
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["b"]  # not overwritten
    assert tab.bases["k"] == ["a", "c"] and tab.tried["k"] == ["c"]  # tried, and the base is what it was


def test_a_new_runs_save_while_the_replaced_runs_is_under_way_is_made_over_it(ivs, made):
    """The scorecard journey's tick of "a" then "c", as Streamlit ran it beside busy processes:
    the run of the "a" click was still saving when the "c" click's run (a new thread) saved."""
    tab = TabSaves()
    tab.arrive("k", None)
    put = putter(ivs, made.candidate_token)
    errors = []

    def run(key, value_of, how):
        try:
            tab.save(key, value_of, how)
        except Exception as exc:  # noqa: BLE001 - what a run would show the candidate
            errors.append(exc)

    old, release = save_under_way(tab, put, ["a"], run)
    new = threading.Thread(target=run, args=("k", lambda: ["a", "c"], put))
    new.start()
    new.join(0.3)
    assert new.is_alive()  # it waits for the save under way...
    release.set()
    old.join(10)
    new.join(10)
    assert errors == []  # ...and is then made over it: no refusal
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["a", "c"]  # the newer click's wins
    assert tab.bases["k"] == ["a", "c"]


class Stopped(Exception):
    """What Streamlit raises at a session-state read in a run that a newer one replaced."""


def test_a_replaced_run_that_had_not_read_its_answer_puts_nothing(ivs, made):
    tab = TabSaves()
    tab.arrive("k", ["a"])
    puts = []

    def stopped():
        raise Stopped

    with pytest.raises(Stopped):
        tab.save("k", stopped, lambda value, expected: puts.append(value))
    assert puts == [] and tab.bases["k"] == tab.tried["k"] == ["a"]
    assert not tab.lock.locked()  # the newer run's save is not held up


def test_the_tab_reads_the_stored_answers_after_a_save_under_way(ivs, made):
    tab = TabSaves()
    tab.arrive("k", None)
    old, release = save_under_way(tab, putter(ivs, made.candidate_token), ["a"])
    read = []

    def answers():
        return ivs.candidate_answers(made.candidate_token)

    reader = threading.Thread(target=lambda: read.append(tab.read(answers)))
    reader.start()
    reader.join(0.3)
    assert reader.is_alive()
    release.set()
    old.join(10)
    reader.join(10)
    assert read == [{"valid-multi": ["a"]}]
