"""Practice's queue, its actions and its running score, kept out of the page.

The running score is the learner's score for the day, summed from the saved attempts
(:func:`engine.progress.stored_day_score`): ``st.session_state`` is lost on a reload or when a link
opens a new session, the database is not. "Missed" has one definition,
:func:`engine.progress.missed`, shared by the "only the ones I missed" toggle and the end screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from engine.content.grading import grade
from engine.content.selection import QuestionFilter, practice_order, select_questions
from engine.progress import DayScore, missed, stored_day_score
from engine.store import Attempt
from ui import state

ss = st.session_state


def missed_ids(store: Any, learner: str, among: list[str] | None = None) -> list[str]:
    """Questions whose latest attempt is wrong (in ``among``'s order when given)."""
    try:
        attempts = store.attempts(learner)
    except Exception:
        return []
    return missed(attempts, among)


def build_queue(library: Any, store: Any, learner: str, f: dict, seed: str) -> list[str]:
    only = frozenset(missed_ids(store, learner)) if f["missed_only"] else None
    flt = QuestionFilter(frozenset(f["topics"]), frozenset(f["difficulties"] or ()), frozenset(f["roles"]),
                         frozenset(f["types"]), only, frozenset(f["forms"]))
    return practice_order([q.id for q in select_questions(library.questions, flt)], seed)


def start(queue: list[str]) -> None:
    ss["practice.queue"] = queue
    ss["practice.index"] = 0
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.refused"] = None
    ss["practice.shown_at"] = None


def forget_experiments() -> None:
    """Hide every "Run it" result: it is shown again only after the next answer and a new run."""
    for key in [k for k in ss if isinstance(k, str) and k.startswith("ran:")]:
        del ss[key]


def go_next() -> None:
    """The next question (after an answer, or a skip, which saves nothing)."""
    forget_experiments()
    ss["practice.index"] += 1
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.refused"] = None
    ss["practice.shown_at"] = None


def retry() -> None:
    forget_experiments()
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.refused"] = None
    ss["practice.form_nonce"] += 1
    ss["practice.shown_at"] = None


def rerun_card() -> None:
    """Draw the question card again with what was just saved: only the card when the visitor's
    action ran it as a fragment, the whole page when the page itself is running (its first run,
    or a test's full run), where a fragment-scoped rerun is not allowed."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def leave_review() -> None:
    ss["practice.review"] = None
    ss["practice.queue"] = None  # rebuilt from the filters on the rerun


def submit(q: Any, read: Callable[[], Any], save: Callable[[Any, Any, Any], None]) -> None:
    """The answer form's submit button, as its callback: the card's run that follows draws the
    verdict at once (one run, where saving in the run and then rerunning to draw took two).

    ``read`` gives the answer from the form's widgets (``ui.answer_widgets``), ``save`` grades
    nothing and stores what it is given (:func:`record`). A free-text answer goes on to the judge's
    review first; an incomplete answer is refused with the reason, shown under the form.
    """
    ss["practice.refused"] = None
    try:
        response = read()
    except ValueError as exc:
        ss["practice.refused"] = {"qid": q.id, "message": str(exc)}
        return
    if q.type == "free_text":
        ss["practice.free_text_stage"] = {"qid": q.id, "text": response["text"]}
    else:
        save(q, response, grade(q, response))


def record_ticks(q: Any, response: dict[str, Any], save: Callable[[Any, Any, Any], None]) -> None:
    """The free-text review's "Record my grade", as its callback: grade the candidate's ticks,
    save, and leave the review step (the card's next run draws the verdict)."""
    save(q, response, grade(q, response))
    ss["practice.free_text_stage"] = None


def refusal(qid: str) -> str | None:
    """Why the last answer to this question was not taken (see :func:`submit`), if it was not."""
    refused = ss.get("practice.refused")
    return refused["message"] if refused and refused["qid"] == qid else None


def record(library: Any, store: Any, reviews: Any, learner: str, q: Any, response: Any, result: Any) -> None:
    """Store the attempt and review its card. A storage failure never loses the grading: the
    verdict is kept with the failure's name (``unsaved``), and the card says it was not saved.
    (Runs as a callback too, where an element drawn would land outside the card.)"""
    shown = ss["practice.shown_at"]
    bank = library.bank_of(q.id)
    when = state.now()
    attempt = Attempt(question_id=q.id, bank=bank.bank if bank else "", question_type=q.type,
                      difficulty=q.difficulty, topics=tuple(q.topics), answer=response, correct=result.correct,
                      score=result.score, seconds=round(time.time() - shown, 2) if shown else None,
                      session_id=ss["session_id"], learner=learner, answered_at=when)
    unsaved = None
    try:
        store.record_attempt(attempt)
        reviews.review(learner, q.id, result.correct, result.score, attempt.seconds, when=when)
    except Exception as exc:  # the database is outside our control (disk full, locked, gone)
        unsaved = exc.__class__.__name__
    ss["practice.result"] = {"qid": q.id, "response": response, "grade": result, "unsaved": unsaved}


def score_sidebar(store: Any, learner: str, in_selection: int) -> DayScore:
    """Today's running score in the sidebar (kept across reloads and links: it is read from the store)."""
    try:
        score = stored_day_score(store, learner, state.now())
    except Exception:  # a database we cannot read: the page still works, without the score
        score = DayScore(0, 0, 0.0)
    with st.sidebar:
        st.subheader("Today")
        top, bottom = st.columns(2), st.columns(2)
        top[0].metric("In selection", in_selection)
        top[1].metric("Answered", score.answered)
        bottom[0].metric("Correct", score.correct)
        bottom[1].metric("Score", f"{score.rate:.0%}" if score.rate is not None else "–",
                         help="Average score of today's answers (UTC day), partial credit included. "
                              "It is read from your saved answers, so a reload or a link keeps it.")
    return score


def review_banner(index: int, total: int) -> None:
    """The sign that this queue is a review handed over by the Review page."""
    kind = ss.get("practice.review")
    if not kind:
        return
    what = "due today" if kind == "due" else "from your weakest topics"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(f"Review: question {min(index + 1, total)} of {total} {what}.", icon=":material/event_repeat:")
        st.button("Leave the review", on_click=leave_review, key="practice.leave_review")
