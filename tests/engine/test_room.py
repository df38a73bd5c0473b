"""The room's answers (engine.room, Store.first_answers): each learner counted by their first answer
to a question in the window, on SQLite and PostgreSQL, and nothing shown of fewer than three learners."""

from __future__ import annotations

import datetime as dt
import doctest
import itertools
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine.room
from engine.room import MIN_LEARNERS, room_answers, summarise, window_start
from engine.store import LOCAL_LEARNER, Attempt, FirstAnswer, Store

T0 = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.timezone.utc)
_runs = itertools.count()
SINGLE = SimpleNamespace(id="s", type="single_choice", choices=["2", "4", "8"], variables=None)
MULTI = SimpleNamespace(id="m", type="multi_choice", choices=["a", "b", "c"], variables=None)
NUMERIC = SimpleNamespace(id="n", type="numeric", choices=None, variables=None)
QUESTIONS = {q.id: q for q in (SINGLE, MULTI, NUMERIC)}


def test_the_examples_hold():
    assert doctest.testmod(engine.room).failed == 0


def attempt(learner: str, qid: str, answer, correct: bool, score: float | None = None, minutes: int = 0) -> Attempt:
    return Attempt(qid, "b", QUESTIONS[qid].type if qid in QUESTIONS else "numeric", "easy", ("metrics",), answer,
                   correct, float(correct) if score is None else score, answered_at=T0 + dt.timedelta(minutes=minutes),
                   learner=learner)


def test_each_learner_counts_once_by_their_first_answer_in_the_window(db_url):
    store = Store(db_url)
    for learner, pick, minutes in [("ann", "4", 0), ("bob", "2", 1), ("cy", "8", 2), ("dee", "2", 3)]:
        store.record_attempt(attempt(learner, "s", pick, pick == "4", minutes=minutes))
    # a later answer (after the key was shown) is not the room's: bob's and cy's first answers stand
    store.record_attempt(attempt("bob", "s", "4", True, minutes=10))
    store.record_attempt(attempt("cy", "s", "4", True, minutes=11))
    # before the window: not counted, so dee's answer in the window is her first
    store.record_attempt(attempt("dee", "s", "4", True, minutes=-90))
    # the local learner is nobody in the room
    for _ in range(3):
        store.record_attempt(attempt(LOCAL_LEARNER, "s", "4", True, minutes=5))
    room = room_answers(store, QUESTIONS, "hour", T0 + dt.timedelta(minutes=30), dt.timezone.utc)
    assert (room.learners, room.answers, room.hidden, room.cut_short) == (4, 4, 0, False)
    (q,) = room.questions
    assert (q.question_id, q.learners, q.right, q.share_right, q.mean_score) == ("s", 4, 1, 0.25, 0.25)
    assert q.choices == (("2", 2), ("4", 1), ("8", 1))


def test_a_multi_choice_counts_every_pick_and_other_types_no_choices(db_url):
    store = Store(db_url)
    for learner, picks in [("ann", ["a", "b"]), ("bob", ["a"]), ("cy", ["a", "c", "gone"])]:
        store.record_attempt(attempt(learner, "m", picks, picks == ["a", "b"], 0.5))
        store.record_attempt(attempt(learner, "n", {"value": 3.0}, True))
    room = room_answers(store, QUESTIONS, "today", T0 + dt.timedelta(hours=2), dt.timezone.utc)
    by_id = {q.question_id: q for q in room.questions}
    assert by_id["m"].choices == (("a", 3), ("b", 1), ("c", 1))  # "gone" is no longer one of its choices
    assert by_id["n"].choices == () and by_id["n"].share_right == 1.0
    assert [q.question_id for q in room.questions] == ["m", "n"]  # the most missed first


def test_fewer_than_three_learners_show_nothing_but_a_count(db_url):
    store = Store(db_url)
    for learner in ("ann", "bob", "cy"):
        store.record_attempt(attempt(learner, "s", "4", True))
    for learner in ("ann", "bob"):  # two learners: either could read the other's answer off the counts
        store.record_attempt(attempt(learner, "n", {"value": 1.0}, False))
    room = room_answers(store, QUESTIONS, "hour", T0 + dt.timedelta(minutes=5), dt.timezone.utc)
    assert [q.question_id for q in room.questions] == ["s"] and room.hidden == 1
    # the totals are the shown question's: with the hidden one's two answers in, the total less the shown
    # question's figures would give them
    assert (room.learners, room.answers, room.mean_score) == (3, 3, 1.0)
    # two learners in the whole window: not even the totals, which would be their own scores
    only_two = summarise([FirstAnswer(w, "s", "4", True, 1.0) for w in ("ann", "bob")], QUESTIONS)
    assert (only_two.learners, only_two.answers, only_two.questions, only_two.hidden) == (0, 0, (), 1)


def test_a_question_no_longer_served_and_a_generated_ones_choices_are_left_out():
    generated = SimpleNamespace(id="g", type="single_choice", choices=["{lr}", "2"], variables={"lr": object()})
    rows = [FirstAnswer(w, qid, "2", True, 1.0) for w in ("ann", "bob", "cy") for qid in ("g", "removed")]
    room = summarise(rows, {"g": generated})
    assert [(q.question_id, q.choices) for q in room.questions] == [("g", ())] and room.answers == 3


def test_the_window_starts_at_the_viewers_midnight_and_refuses_another():
    now = dt.datetime(2026, 12, 7, 1, 0, tzinfo=dt.timezone.utc)
    assert window_start("today", now, dt.timezone(dt.timedelta(hours=2))) == dt.datetime(
        2026, 12, 6, 22, 0, tzinfo=dt.timezone.utc)
    assert window_start("week", now, dt.timezone.utc) == now - dt.timedelta(days=7)
    with pytest.raises(ValueError, match="no window 'ever'"):
        window_start("ever", now, dt.timezone.utc)


def test_a_window_over_the_ceiling_is_read_to_it_in_order_and_said_cut_short(monkeypatch, db_url):
    store = Store(db_url)
    monkeypatch.setattr(engine.room, "MAX_FIRST_ANSWERS", 4)
    # the learner first in the alphabet answered last: neither the table's order nor the window
    # function's (by learner) is the answers' order
    for minutes, learner in enumerate(("abe", "wu", "xu", "yan", "zed")):
        store.record_attempt(attempt(learner, "s", "4", True, minutes=-minutes))
    room = room_answers(store, QUESTIONS, "hour", T0 + dt.timedelta(minutes=1), dt.timezone.utc)
    assert room.cut_short and room.answers == 4
    # the earliest four: abe's, answered last, is the one left out
    assert {r.learner for r in store.first_answers(T0 - dt.timedelta(hours=1), 4, ["s"])} == {"wu", "xu", "yan", "zed"}
    assert store.first_answers(T0 - dt.timedelta(hours=1), 4, ["n"]) == []  # only the questions asked for


# a few learners, questions and moments; answers the same moment apart (the first decided by the id)
answers = st.lists(st.tuples(st.sampled_from(["ann", "bob", "cy", "dee", LOCAL_LEARNER]),
                             st.sampled_from(["s", "n"]), st.sampled_from(["2", "4", "8"]),
                             st.integers(-120, 50)), max_size=30)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=answers)
def test_the_database_picks_first_answers_as_python_does(db_url, rows):
    """Store.first_answers against the plain reading: each learner's earliest answer in the window."""
    store = Store(db_url)
    tag = f"-{next(_runs)}"  # one database for every example: each example's learners are its own
    saved = []
    for learner, qid, pick, minutes in rows:
        who = learner if learner == LOCAL_LEARNER else learner + tag
        a = attempt(who, qid, pick, pick == "4", minutes=minutes)
        saved.append((a.answered_at, store.record_attempt(a), a))
    since = T0 - dt.timedelta(minutes=60)
    first: dict[tuple[str, str], Attempt] = {}
    for _, _, a in sorted(saved, key=lambda s: (s[0], s[1])):
        if a.answered_at >= since and a.learner.endswith(tag):
            first.setdefault((a.learner, a.question_id), a)
    got = [r for r in store.first_answers(since, 1_000, ["s", "n"]) if r.learner.endswith(tag)]
    # the read of every question (every bank's, sifted after) gives the same first answers
    assert [r for r in store.first_answers(since, 1_000) if r.learner.endswith(tag)] == got
    assert sorted((r.learner, r.question_id, r.answer, r.correct) for r in got) == sorted(
        (a.learner, a.question_id, a.answer, a.correct) for a in first.values())
    room = summarise(got, QUESTIONS)
    by_question: dict[str, set[str]] = {}
    for learner, qid in first:
        by_question.setdefault(qid, set()).add(learner)
    shown = {q: who for q, who in by_question.items() if len(who) >= MIN_LEARNERS}
    assert {r.question_id: r.learners for r in room.questions} == {q: len(who) for q, who in shown.items()}
    assert room.learners == len(set().union(*shown.values())) and room.hidden == len(by_question) - len(shown)
    assert room.answers == sum(len(who) for who in shown.values())


def test_a_derivations_choice_and_an_answer_of_another_shape_are_counted_or_left_without_failing():
    """A derivation stores its steps and the choice it ended on; a stored answer of a shape no widget
    gives (a list for one choice, a dict in a list) counts for no choice and breaks nothing."""
    odd = [{"steps": ["2"], "final": "4"}, ["4"], [{"x": 1}], None, {"final": ["8"]}]
    rows = [FirstAnswer(f"l{i}", "s", answer, False, 0.0) for i, answer in enumerate(odd)]
    rows += [FirstAnswer(f"m{i}", "m", answer, False, 0.0) for i, answer in enumerate([["a", {"x": 1}], "a", None])]
    by_id = {q.question_id: q for q in summarise(rows, QUESTIONS).questions}
    assert by_id["s"].choices == (("2", 0), ("4", 1), ("8", 0)) and by_id["s"].learners == 5
    assert by_id["m"].choices == (("a", 1), ("b", 0), ("c", 0))


def test_the_csv_holds_each_shown_question_and_keeps_a_formula_as_text():
    import csv
    import io

    from engine.room import room_csv

    q = SimpleNamespace(id="s", type="single_choice", prompt="=1+1 or 4?", choices=["2", "4", "8"], variables=None,
                        figure=None)
    rows = [FirstAnswer(w, "s", pick, pick == "4", float(pick == "4")) for w, pick in zip("abc", "448")]
    rows += [FirstAnswer(w, "m", ["a"], False, 0.0) for w in "ab"]  # two learners: not in the file
    text = room_csv(summarise(rows, {"s": q, "m": MULTI}), {"s": q, "m": MULTI}, {"s": "Bank S"})
    assert text.startswith("\ufeff")
    (header, row) = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert header[:3] == ["question", "bank", "learners"]
    assert row == ["'=1+1 or 4?", "Bank S", "3", "2", "0.667", "0.667", "2: 0\n4: 2\n8: 1"]
