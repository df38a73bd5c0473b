"""The database sums a learner's attempts by question as Python does (``Store.tallies`` against
``tally`` of ``Store.attempts``), on SQLite and PostgreSQL; the progress figures made from them."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.progress import summarise
from engine.store import Attempt, Store, Tally, missed, tally

T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.timezone.utc)
_learners = itertools.count()


def attempt(qid: str, correct: bool, score: float | None = None, *, when: dt.datetime = T0, difficulty="easy",
            topics=("metrics",), learner="me") -> Attempt:
    return Attempt(qid, "b", "single_choice", difficulty, tuple(topics), {"choice": 1}, correct,
                   float(correct) if score is None else score, answered_at=when, learner=learner)


def by_key(tallies: list[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda t: (t.question_id, t.difficulty, t.topics))


def same(stored: list[Tally], reference: list[Tally]) -> None:
    stored, reference = by_key(stored), by_key(reference)
    def counts(tallies: list[Tally]) -> list[tuple]:
        return [(t.question_id, t.difficulty, t.topics, t.attempts, t.correct, t.partial, t.latest_wrong)
                for t in tallies]

    assert counts(stored) == counts(reference)
    # the database adds the scores in an order of its own
    assert [t.points for t in stored] == pytest.approx([t.points for t in reference], abs=1e-9)


# a few questions, difficulties and topic lists (none, one, two: a topic list is part of the key),
# scores with partial credit, and few distinct moments, so that answers at the same moment (the
# newest decided by the id) come up
answers = st.lists(st.tuples(
    st.sampled_from(["a", "b", "c"]), st.sampled_from(["easy", "hard"]),
    st.sampled_from([(), ("metrics",), ("metrics", "learning-rate")]), st.booleans(),
    st.sampled_from([0.0, 0.25, 1 / 3, 0.9]), st.integers(0, 4),
), max_size=25)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=answers)
def test_the_database_sums_attempts_as_python_does(db_url, rows):
    store = Store(db_url)
    learner, other = f"learner-{next(_learners)}", f"other-{next(_learners)}"
    for qid, difficulty, topics, correct, partial, minutes in rows:
        when = T0 + dt.timedelta(minutes=minutes)
        store.record_attempt(attempt(qid, correct, 1.0 if correct else partial, when=when, difficulty=difficulty,
                                     topics=topics, learner=learner))
        # someone else's answers to the same questions, the opposite way: never counted for the learner
        store.record_attempt(attempt(qid, not correct, when=when, learner=other))
    attempts = store.attempts(learner)
    stored = store.tallies(learner)
    same(stored, tally(attempts))
    assert store.missed_question_ids(learner) == set(missed(attempts))
    assert summarise(stored) == summarise(tally(attempts))
    assert summarise(stored, current={"a"}) == summarise(tally(attempts), current={"a"})


def test_the_newest_answer_decides_missed_even_under_another_difficulty(db_url):
    """A bank made a question harder between two answers: two tallies, and only the one holding the
    newest answer says whether it is missed."""
    store = Store(db_url)
    store.record_attempt(attempt("a", False, when=T0, difficulty="easy"))
    store.record_attempt(attempt("a", True, when=T0 + dt.timedelta(hours=1), difficulty="hard"))
    store.record_attempt(attempt("b", True, when=T0, difficulty="easy"))
    store.record_attempt(attempt("b", False, 0.5, when=T0 + dt.timedelta(hours=1), difficulty="hard"))
    tallies = {(t.question_id, t.difficulty): t for t in store.tallies("me")}
    assert {k: t.latest_wrong for k, t in tallies.items()} == {
        ("a", "easy"): False, ("a", "hard"): False, ("b", "easy"): False, ("b", "hard"): True}
    assert tallies[("b", "hard")].partial == 1 and tallies[("b", "hard")].points == 0.5
    assert store.missed_question_ids("me") == {"b"}
    summary = summarise(list(tallies.values()), current={"a", "b"})
    assert (summary.attempts, summary.correct, summary.questions_seen, summary.missed) == (4, 2, 2, 1)
    assert store.tallies("nobody") == []


def test_missed_counts_only_the_questions_served_now():
    tallies = tally([attempt("a", False), attempt("gone", False), attempt("b", True)])
    assert summarise(tallies).missed == 2
    assert summarise(tallies, current={"a", "b"}).missed == 1


def test_tallies_refuse_a_missing_learner(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 't.db'}")
    with pytest.raises(ValueError, match="learner"):
        store.tallies("")
