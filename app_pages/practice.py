"""Practice: one question at a time, instant grading, saved attempts.

Reads the filters and the answer widgets, calls the engine to select and grade, stores
the attempt, draws the feedback. No grading logic lives here.
"""

from __future__ import annotations

import time

import streamlit as st

from engine.content.grading import grade
from engine.content.labs import lab_link
from engine.content.selection import QuestionFilter, practice_order, select_questions
from engine.content.topics import DIFFICULTIES, QUESTION_TYPES, ROLES, TOPICS, topic_title
from engine.forms import FORMS
from engine.store import Attempt
from ui.answer_widgets import widget_for
from ui.forms_view import practice_instance, show_extras
from ui.question_view import answer_summary, question_header, show_feedback
from ui.identity import current_learner
from ui.resources import get_library, get_reviews, get_store
from ui.state import init_state
from ui.text import inert, show_text

init_state()
ss = st.session_state
library = get_library()
store = get_store()
learner = current_learner()

st.title("Practice")

if not library.questions:
    st.info("No question banks could be loaded. See the messages in the sidebar.")
    st.stop()

# ----------------------------------------------------------------------------- filters
with st.sidebar:
    st.subheader("Choose questions")
    topics = st.multiselect(
        "Topics", list(TOPICS), format_func=topic_title, key="pf.topics", placeholder="All topics"
    )
    difficulties = st.pills(
        "Difficulty", list(DIFFICULTIES), selection_mode="multi", key="pf.difficulty",
        format_func=str.capitalize,
    )
    roles = st.multiselect(
        "Role", list(ROLES), format_func=ROLES.get, key="pf.roles", placeholder="All roles"
    )
    types = st.multiselect(
        "Question type",
        list(QUESTION_TYPES),
        format_func=lambda t: t.replace("_", " ").capitalize(),
        key="pf.types",
        placeholder="All types",
    )
    forms = st.multiselect("Form", list(FORMS), format_func=lambda f: FORMS[f].title, key="pf.forms",
                           placeholder="Any form")
    missed_only = st.toggle(
        "Only the ones I missed",
        key="pf.missed",
        help="Questions whose most recent saved attempt was wrong.",
    )

signature = (tuple(topics), tuple(difficulties or ()), tuple(roles), tuple(types), missed_only, tuple(forms))


def build_queue(seed: str) -> list[str]:
    only = frozenset(store.missed_question_ids(learner)) if missed_only else None
    flt = QuestionFilter(
        frozenset(topics), frozenset(difficulties or ()), frozenset(roles), frozenset(types), only,
        frozenset(forms),
    )
    return practice_order([q.id for q in select_questions(library.questions, flt)], seed)


def start(queue: list[str]) -> None:
    ss["practice.queue"] = queue
    ss["practice.index"] = 0
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.shown_at"] = None


handed = ss.pop("practice.handover", None)  # a queue from the review page
if handed is not None:
    ss["practice.queue_filters"] = signature
    ss["practice.url_applied"] = True
    start([qid for qid in handed if library.question(qid) is not None])
elif ss["practice.queue"] is None or ss["practice.queue_filters"] != signature:
    ss["practice.queue_filters"] = signature
    start(build_queue(ss["session_id"]))

# A shared link ?q=<id> puts that question first, once per browser session.
if not ss["practice.url_applied"]:
    ss["practice.url_applied"] = True
    wanted = st.query_params.get("q")
    if wanted and library.question(wanted) is not None:
        rest = [i for i in ss["practice.queue"] if i != wanted]
        start([wanted] + rest)
    elif wanted:
        st.warning(f"There is no question with id \u201c{inert(wanted, 80)}\u201d; here are the others.")

queue: list[str] = ss["practice.queue"]
session = ss["practice.session"]


# ----------------------------------------------------------------------------- actions
def forget_experiments() -> None:
    """Hide every "Run it" result: it is shown again only after the next answer and a new run."""
    for key in [k for k in ss if isinstance(k, str) and k.startswith("ran:")]:
        del ss[key]


def go_next(skipped: bool = False) -> None:
    if skipped:
        session["skipped"] += 1
    forget_experiments()
    ss["practice.index"] += 1
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.shown_at"] = None


def retry() -> None:
    forget_experiments()
    ss["practice.result"] = None
    ss["practice.free_text_stage"] = None
    ss["practice.form_nonce"] += 1
    ss["practice.shown_at"] = None


def restart(only_missed: bool) -> None:
    ss["practice.form_nonce"] += 1
    if only_missed:
        start(list(dict.fromkeys(session["missed"])))
    else:
        start(build_queue(f"{ss['session_id']}:{ss['practice.form_nonce']}"))


def record(q, response, result) -> None:
    """Store the attempt; a storage failure is reported but never loses the grading."""
    shown = ss["practice.shown_at"]
    bank = library.bank_of(q.id)
    attempt = Attempt(
        question_id=q.id,
        bank=bank.bank if bank else "",
        question_type=q.type,
        difficulty=q.difficulty,
        topics=tuple(q.topics),
        answer=response,
        correct=result.correct,
        score=result.score,
        seconds=round(time.time() - shown, 2) if shown else None,
        session_id=ss["session_id"],
        learner=learner,
    )
    try:
        store.record_attempt(attempt)
        get_reviews().review(learner, q.id, result.correct, result.score, attempt.seconds)
    except Exception as exc:  # the database is outside our control (disk full, locked, gone)
        st.error(f"Your answer was graded but could not be saved: {exc.__class__.__name__}.")
    session["answered"] += 1
    session["correct"] += result.correct
    session["points"] += result.score
    if not result.correct:
        session["missed"].append(q.id)
    ss["practice.result"] = {"qid": q.id, "response": response, "grade": result}


# ----------------------------------------------------------------------------- session score
with st.sidebar:
    st.subheader("This session")
    rate = f"{100 * session['points'] / session['answered']:.0f}%" if session["answered"] else "–"
    top, bottom = st.columns(2), st.columns(2)
    top[0].metric("In selection", len(queue))
    top[1].metric("Answered", session["answered"])
    bottom[0].metric("Correct", session["correct"])
    bottom[1].metric("Score", rate, help="Average score of this session's answers, partial credit included.")

if not queue:
    if missed_only:
        st.success("Nothing to redo: none of your latest attempts in this selection was wrong.")
    else:
        st.info("No question matches these filters. Widen the selection in the sidebar.")
    st.stop()

index = ss["practice.index"]
if index >= len(queue):
    if "q" in st.query_params:
        del st.query_params["q"]
    st.success(
        f"You have been through all {len(queue)} questions in this selection: "
        f"{session['correct']} of {session['answered']} answered correctly this session."
    )
    missed = list(dict.fromkeys(session["missed"]))
    c1, c2 = st.columns(2)
    c1.button("Start this selection again", on_click=restart, args=(False,), key="restart")
    c2.button(
        f"Practise the {len(missed)} I missed",
        on_click=restart,
        args=(True,),
        disabled=not missed,
        key="restart_missed",
    )
    st.stop()

qid = queue[index]
q = library.question(qid)
if q is None:  # the bank changed under a running session
    go_next()
    st.rerun()
if st.query_params.get("q") != qid:
    st.query_params["q"] = qid
if ss["practice.shown_at"] is None:
    ss["practice.shown_at"] = time.time()
inst = practice_instance(q, ss["practice.form_nonce"])  # a drawn variant, a figure from its run
if inst is None:
    st.button("Skip this question", on_click=go_next, kwargs={"skipped": True}, key="skip-broken")
    st.stop()
q = inst.question

bank = library.bank_of(qid)
st.progress(index / len(queue), text=f"Question {index + 1} of {len(queue)}")

with st.container(border=True):
    question_header(q, bank.title if bank else "")
    st.markdown(q.prompt)
    show_extras(inst, f"{qid}:{ss['practice.form_nonce']}")

result = ss["practice.result"] if (ss["practice.result"] or {}).get("qid") == qid else None
stage = ss["practice.free_text_stage"] if (ss["practice.free_text_stage"] or {}).get("qid") == qid else None
nonce = ss["practice.form_nonce"]

if result is None and stage is None:
    with st.form(key=f"answer-form:{qid}:{nonce}", border=False):
        read = widget_for(q)(q, f"ans:{qid}:{nonce}")
        label = "Check my answer" if q.type == "free_text" else "Submit answer"
        with st.container(horizontal=True):
            submitted = st.form_submit_button(label, type="primary")
            st.form_submit_button("Skip", on_click=go_next, kwargs={"skipped": True})
    if submitted:
        try:
            response = read()
        except ValueError as exc:
            st.warning(str(exc))
        else:
            if q.type == "free_text":
                ss["practice.free_text_stage"] = {"qid": qid, "text": response["text"]}
            else:
                record(q, response, grade(q, response))
            st.rerun()

elif result is None and stage is not None:
    # free text, step 2: the judge's suggested coverage, which the candidate confirms or corrects
    from ui.free_text_review import judge_answer, review_form

    if "judgement" not in stage:
        stage["judgement"] = judge_answer(q, stage["text"])
    response = review_form(q, stage["text"], stage["judgement"], f"{qid}:{nonce}")
    if response is not None:
        record(q, response, grade(q, response))
        ss["practice.free_text_stage"] = None
        st.rerun()

else:
    covered = result["response"].get("covered") if q.type == "free_text" else None
    show_feedback(q, result["grade"], answer_summary(q, result["response"]), covered)
    if q.simulation is not None:
        from ui.sim_view import show_simulation  # loads the simulators only when needed

        show_simulation(q, result["response"])
    link = lab_link(q)
    if link is not None:
        st.page_link(link.script, label=f"Try it in the lab: {link.title}", icon=":material/science:",
                     query_params=link.query_params)
    with st.container(horizontal=True):
        st.button("Next question \u2192", type="primary", on_click=go_next, key="next")
        st.button("Retry", on_click=retry, key="retry")

st.caption(f"Link to this question: `?q={qid}`")
