"""Issue 13, point 5: the numbers on Practice, Review and Progress agree with each other.

The pages read the clock through ``ui.state.now``; each test sets it, so "today" is a fixed day.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from engine.review import Reviews
from engine.store import Attempt, open_store
from tests.pages.conftest import NOW, PRACTICE, button, in_selection, today
from engine.content.shown_order import steps_order

pytestmark = pytest.mark.usefixtures("clock")


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def seed(qid, qtype, correct, score, when=NOW, topics=("learning-rate",)):
    store = open_store()
    store.record_attempt(Attempt(qid, "valid", qtype, "easy", topics, None, correct, score, seconds=30.0,
                                 learner="me", answered_at=when))
    Reviews(store).review("me", qid, correct, score, 30.0, when=when)


def test_retention_is_not_100_percent_while_wrong_answers_are_due(app):
    for qid, qtype in [("valid-single", "single_choice"), ("valid-numeric", "numeric"), ("valid-multi", "multi_choice"),
                       ("valid-ordering", "ordering"), ("valid-free", "free_text")]:
        seed(qid, qtype, False, 0.0, NOW - dt.timedelta(minutes=30))
    progress = metrics(app("app_pages/progress.py"))
    assert progress["Due for review today"] == "5"
    assert progress["Estimated retention now"] == "0%"
    page = app("app_pages/review.py")
    review = metrics(page)
    assert (review["Due today"], review["Estimated retention now"]) == ("5", "0%")
    # the due questions in one table (a screen reader heard five lists of one item each), a row each
    (listed,) = [d.value for d in page.dataframe if "Topic" in d.value.columns]
    assert len(listed) == 5 and "Pick b." in set(listed["Question"]), listed


def test_retention_counts_right_answers_by_fsrs_retrievability():
    from engine.store import open_store as store_of

    reviews = Reviews(store_of())
    reviews.review("me", "a", True, 1.0, 60, when=NOW - dt.timedelta(days=3))
    reviews.review("me", "b", False, 0.0, 60, when=NOW - dt.timedelta(days=3))
    (a,) = [c for c in reviews.cards("me", NOW) if c.question_id == "a"]
    assert reviews.retention("me", NOW) == pytest.approx(a.retrievability / 2)
    assert 0.8 < a.retrievability < 1.0


def test_partly_right_answers_count_by_their_score_on_the_topic_map(app):
    seed("valid-multi", "multi_choice", False, 0.33)
    seed("valid-ordering", "ordering", False, 0.9)
    at = app("app_pages/progress.py")
    assert not at.exception, at.exception
    (treemap,) = [c for c in at.get("plotly_chart") if '"treemap"' in c.proto.spec]
    spec = json.loads(treemap.proto.spec)
    text = spec["data"][0]["text"]
    assert "62% average · 2 answers" in text  # (0.33 + 0.9) / 2, not 0%
    assert any("Average score 62%" in m.value for m in at.markdown)  # the weakest-topic card agrees


def one_wrong_answer(app):
    """Practice on the one single-choice question, answered wrong."""
    at = app(PRACTICE)
    at.multiselect(key="pf.types").set_value(["single_choice"])
    at = at.run()
    at.radio(key="ans:valid-single:0:radio").set_value("a")  # wrong
    return button(at, "Submit answer").click().run()


def test_the_end_screen_and_the_missed_toggle_agree_after_a_fix(app):
    at = one_wrong_answer(app)
    at = button(at, "Next question \u2192").click().run()
    assert [b.label for b in at.button if b.key == "restart_missed"] == ["Practise the 1 I missed"]
    at = button(at, "Practise the 1 I missed").click().run()
    nonce = at.session_state["practice"]["form_nonce"]
    at.radio(key=f"ans:valid-single:{nonce}:radio").set_value("b")  # fixed
    at = button(at, "Submit answer").click().run()
    at = button(at, "Next question \u2192").click().run()
    (redo,) = [b for b in at.button if b.key == "restart_missed"]
    assert redo.label == "Nothing missed to redo" and redo.disabled
    at.toggle(key="pf.missed").set_value(True)
    at = at.run()
    assert "Nothing to redo" in at.success[0].value  # the toggle says the same


def test_an_ordering_at_partial_credit_states_its_credit(app):
    at = app(PRACTICE, q="valid-ordering")
    shown = steps_order("valid-ordering", ["second", "first", "third"], ["first", "second", "third"])
    given = ["second", "first", "third"]  # one neighbour swap: 2 of 3 pairs in order
    for i, item in enumerate(shown):
        at.selectbox(key=f"ans:valid-ordering:0:pos{i}").set_value(str(given.index(item) + 1))
    at = button(at, "Submit answer").click().run()
    verdict = at.warning[0].value
    assert verdict.startswith("Partly right: 67%") and "Not quite" not in verdict


def test_ordering_at_90_percent_reads_partly_right_90():
    from types import SimpleNamespace

    from engine.content.grading import grade_ordering

    q = SimpleNamespace(answer=["a", "b", "c", "d", "e"])
    g = grade_ordering(q, ["a", "b", "d", "c", "e"])
    assert g.score == 0.9 and g.feedback.startswith("Partly right: 90%")
    assert grade_ordering(q, list("edcba")).feedback.startswith("Not quite")  # no credit: no "partly"


def test_review_runs_inside_practice_under_a_banner(app):
    seed("valid-single", "single_choice", False, 0.0, NOW - dt.timedelta(minutes=30))
    seed("valid-numeric", "numeric", False, 0.0, NOW - dt.timedelta(minutes=30))
    at = app("app_pages/review.py")
    at = button(at, "Start the review").click().run()
    assert not at.exception, at.exception
    assert any(i.value == "Review: question 1 of 2 due today." for i in at.info)
    at.switch_page(PRACTICE)  # AppTest keeps its own page across runs; a browser follows st.switch_page
    at = at.run()
    assert any(i.value == "Review: question 1 of 2 due today." for i in at.info)
    at = button(at, "Leave the review").click().run()
    assert not any(i.value.startswith("Review:") for i in at.info)
    assert in_selection(at) == 5


def test_todays_score_survives_a_reload_and_a_deep_link(app):
    seed("valid-numeric", "numeric", True, 1.0, NOW - dt.timedelta(days=1))  # yesterday: not today's score
    at = app(PRACTICE, q="valid-single")
    at.radio(key="ans:valid-single:0:radio").set_value("b")
    at = button(at, "Submit answer").click().run()
    assert today(at) == "1 answered \u00b7 1 right \u00b7 score 100%"
    reloaded = app(PRACTICE)  # a new browser session: what a reload or an opened link is
    assert today(reloaded) == "1 answered \u00b7 1 right \u00b7 score 100%"
    linked = app(PRACTICE, q="valid-multi")
    assert today(linked) == "1 answered \u00b7 1 right \u00b7 score 100%"


def test_with_only_missed_on_the_end_screen_offers_no_second_missed_set(app):
    at = one_wrong_answer(app)
    at.toggle(key="pf.missed").set_value(True)  # the selection is now the one missed
    at = at.run()
    at = button(at, "Skip").click().run()
    assert "You have been through the one question in this selection" in at.success[0].value
    assert [b.key for b in at.button if b.key in ("restart", "restart_missed")] == ["restart"]
