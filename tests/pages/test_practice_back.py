"""Practice: the ways back to a question, found by a walk-through in Chromium (2026-12-05).

Next after Back asked a question answered a moment before again, blank, and saved its second
answer; Back to a question outside the selection added it to the selection for good; Back past
a review's start put the question left for the review into the review, as due.
"""

from __future__ import annotations

from engine.store import open_store
from tests.pages.conftest import PRACTICE, address, button, history, in_selection

NEXT = "Next question \u2192"
#: the selection of two_answered, as the address holds it beside the question
TWO = {"type": "single_choice,numeric"}


def answer(at, qid: str, nonce: int = 0):
    """Answer ``qid`` (one of the fixture's single-choice and number questions) wrong."""
    if qid == "valid-single":
        at.radio(key=f"ans:valid-single:{nonce}:radio").set_value("a")
    else:
        at.text_input(key=f"ans:valid-numeric:{nonce}:num").input("7")
    return button(at, "Submit answer").click().run()


def two_answered(app):
    """A selection of two questions, both answered wrong, at its end screen."""
    at = app(PRACTICE)
    at.multiselect(key="pf.types").set_value(["single_choice", "numeric"])
    at = at.run()
    first = address(at)["q"]
    at = button(answer(at, first), NEXT).click().run()
    second = address(at)["q"]
    at = button(answer(at, second), NEXT).click().run()
    assert at.success and "all 2 questions" in at.success[0].value
    return at, first, second


def verdict_shown(at) -> bool:
    return any(c.value.startswith("Your latest answer to this question") for c in at.caption)


def test_next_after_back_shows_the_next_answer_and_saves_nothing_again(app, monkeypatch):
    at, first, second = two_answered(app)
    at = history(at, monkeypatch, {"q": first} | TWO)  # Back (twice, in the browser: the end screen, then here)
    assert address(at) == {"q": first} | TWO and verdict_shown(at)
    at = button(at, NEXT).click().run()  # Next, not Forward: the question answered a moment before
    assert not at.exception, at.exception
    assert address(at) == {"q": second} | TWO
    assert verdict_shown(at) and at.error[0].value.startswith("Not quite")  # its verdict, no blank form
    assert not [f for f in at.get("form")]
    assert sorted(a.question_id for a in open_store().attempts("me")) == sorted([first, second])


def test_a_new_pass_through_the_selection_answers_afresh(app, monkeypatch):
    at, first, second = two_answered(app)
    at = button(at, "Start this selection again").click().run()
    again = address(at)["q"]
    assert not verdict_shown(at) and button(at, "Submit answer")  # a form, not the last pass's verdict
    at = answer(at, again, nonce=1)
    assert at.error[0].value.startswith("Not quite") and not verdict_shown(at)
    assert len(open_store().attempts("me")) == 3  # a new pass's answer counts
    # Back into the first pass: the latest answer to that question, said to be the latest
    at = history(at, monkeypatch, {"q": ({first, second} - {again}).pop()})
    assert verdict_shown(at) and at.error[0].value.startswith("Not quite")


def test_back_to_before_a_filter_change_brings_the_selection_back_with_the_question(app, monkeypatch):
    """The address holds the selection beside the question: Back across a change of a filter is
    Back to the filters before it, as a reload of that address would be."""
    at = app(PRACTICE, q="valid-multi")
    at.multiselect(key="pf.types").set_value(["single_choice", "numeric"])
    at = at.run()
    assert in_selection(at) == 2 and address(at)["type"] == "single_choice,numeric"
    at = history(at, monkeypatch, {"q": "valid-multi"})  # Back to the question before the filter change
    assert not at.exception, at.exception
    assert at.multiselect(key="pf.types").value == [] and in_selection(at) == 5
    assert address(at) == {"q": "valid-multi"}
    assert not [c for c in at.caption if c.value.startswith("Not in your current selection")]


def test_back_across_a_filter_change_shows_the_addresss_question_even_when_it_stayed_on_screen(app, monkeypatch):
    """The address's question was already on screen, so Back moved nothing, and the selection's new
    queue showed its own first question instead (4 times in 5, in Chromium)."""
    for seed in range(6):  # each session orders the queue its own way: the first question varies
        at = app(PRACTICE, q="valid-single")
        at.session_state["session_id"] = f"order-{seed}"
        at.multiselect(key="pf.types").set_value(["single_choice"])
        at = at.run()
        assert address(at) == {"q": "valid-single", "type": "single_choice"}
        at = history(at, monkeypatch, {"q": "valid-single"})  # Back to before the filter change
        assert not at.exception, at.exception
        assert in_selection(at) == 5 and address(at) == {"q": "valid-single"}
        assert any("Pick b." in m.value for m in at.markdown), seed


def test_a_question_back_brings_from_outside_the_selection_is_a_visit(app, monkeypatch):
    """An address whose question its selection does not hold (a review's question, a link written
    by hand): the question is shown as a visit, and the selection does not grow."""
    at = app(PRACTICE, q="valid-multi")
    at.multiselect(key="pf.types").set_value(["single_choice", "numeric"])
    at = at.run()
    assert in_selection(at) == 2
    on_screen = address(at)["q"]
    at = history(at, monkeypatch, {"q": "valid-multi"} | TWO)
    assert not at.exception, at.exception
    assert address(at) == {"q": "valid-multi"} | TWO
    assert any(c.value == "Not in your current selection: Back brought you to it. Next goes back to "
                          "question 1 of 2." for c in at.caption)
    assert not at.get("progress")  # no "Question 1 of 3": the selection did not grow
    at = button(at, "Skip").click().run()
    assert address(at) == {"q": on_screen} | TWO
    assert at.get("progress")[0].proto.text == "Question 1 of 2"  # where the learner was


def test_a_double_click_on_next_from_a_visit_moves_once(monkeypatch):
    """The visit leaves the queue's place to the question it stood in front of: the second click
    of a double click, drawn for the visit at the same place, must not move on from that one."""
    from ui import practice_session as ps

    from ui.state import PRACTICE

    state = PRACTICE | {"queue": ["visit", "a", "b"], "index": 0, "visiting": "visit"}
    monkeypatch.setattr(ps, "practice_state", lambda: state)
    assert ps.place() == (0, 2, True)
    ps.go_next(0, "visit")
    ps.go_next(0, "visit")
    assert (state["queue"], state["index"], state["visiting"]) == (["a", "b"], 0, None)
    assert ps.place() == (0, 2, False)
    ps.go_next(0, "a")  # a click drawn for the question now there moves on
    assert state["index"] == 1


def test_back_past_a_reviews_start_ends_the_review_at_the_question_left(app, clock, monkeypatch):
    at = app(PRACTICE, q="valid-single")
    at = button(answer(at, "valid-single"), NEXT).click().run()  # wrong: due for review within minutes
    left = address(at)["q"]
    place = at.get("progress")[0].proto.text
    at.switch_page("app_pages/review.py")
    at = button(at.run(), "Start the review").click().run()
    at.switch_page("app_pages/practice.py")
    at = at.run()
    assert any(i.value.startswith("Review: question 1 of 1") for i in at.info)
    at = history(at, monkeypatch, {"q": left})  # Back past the review's start
    assert not at.exception, at.exception
    assert not any(i.value.startswith("Review:") for i in at.info)  # not "question 1 of 2 due today"
    assert not any(c.value.startswith("A review is running") for c in at.sidebar.caption)
    assert address(at) == {"q": left} and at.get("progress")[0].proto.text == place
