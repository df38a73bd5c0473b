"""Practice: one question at a time, instant grading, saved attempts.

Reads the filters and the answer widgets, calls the engine to select and grade, stores
the attempt, draws the feedback. No grading logic lives here.
"""

from __future__ import annotations

import time

import streamlit as st

from engine.content.labs import FROM_QUESTION, lab_link
from engine.content.bank_lists import public_bank_titles
from engine.content.selection_link import selection_query
from engine.content.topics import DIFFICULTIES, QUESTION_TYPES, ROLES, TOPICS, topic_title, type_name
from engine.forms import FORMS
from engine.judge import warm_for
from ui.answer_widgets import widget_for
from ui.forms_view import carries_seed, practice_instance, seed_refused, show_extras
from ui.question_view import answer_summary, question_header, show_feedback
from ui.identity import current, current_learner
from ui.element_keys import element_class
from ui.resources import get_library, get_reviews, get_store
from ui.scroll import bring_into_view
from ui.site_links import app_page
from ui import practice_session as ps
from ui.state import history_navigation, init_state, practice_state
from ui.text import inert

#: the first message under the card: the verdict (or what could not be saved, said before it), or
#: the free-text judge's suggestion (the card's box sits in a wrapper, the messages after that)
VERDICT_CSS = f"div:has(> .{element_class('practice.card')}) ~ div [data-testid='stAlert']"

init_state()
ss = st.session_state
p = practice_state()  # Practice's state: one dict (ui.state.PRACTICE)
library = get_library()
store = get_store()
learner = current_learner()

st.title("Practice", anchor=False)

if not library.questions:  # the reasons are in the sidebar for those who run the server, and in its log
    st.info("No question banks could be loaded. " + ("See the messages in the sidebar." if current().interviewer
                                                      else "Whoever runs this server can see why in its log."))
    st.stop()

# ----------------------------------------------------------------------------- filters
banks = public_bank_titles(library)  # slug -> title, by title
# before the filters are drawn: they show the selection a link or a reload named
link_notes = ps.take_selection_link(banks)
# persist_state="session": a visit to Progress keeps the selection, and with it the queue and the place in it
# (Streamlit drops an undrawn widget's value otherwise)
with st.sidebar:
    st.header("Choose questions", anchor=False)
    # the filters looked in force, and a change of one ended the review unannounced (a review handed
    # over by the Review page starts below, after these widgets)
    if p["review"] or p["handover"] is not None:
        st.caption("A review is running: these choices apply again when you leave it, and changing one "
                   "leaves it.")
    chosen_banks = st.multiselect(
        "Bank", list(banks), format_func=banks.get, key="pf.banks", persist_state="session", placeholder="All banks"
    )
    topics = st.multiselect(
        "Topics", list(TOPICS), format_func=topic_title, key="pf.topics", persist_state="session",
        placeholder="All topics"
    )
    difficulties = st.pills(
        "Difficulty", list(DIFFICULTIES), selection_mode="multi", key="pf.difficulty", persist_state="session",
        format_func=str.capitalize,
    )
    roles = st.multiselect(
        "Role", list(ROLES), format_func=ROLES.get, key="pf.roles", persist_state="session",
        placeholder="All roles"
    )
    types = st.multiselect(
        "Question type",
        list(QUESTION_TYPES),
        format_func=type_name,
        key="pf.types", persist_state="session",
        placeholder="All types",
    )
    forms = st.multiselect("Form", list(FORMS), format_func=lambda f: FORMS[f].title, key="pf.forms",
                           persist_state="session", placeholder="Any form")
    missed_only = st.toggle(
        "Only the ones I missed",
        key="pf.missed", persist_state="session",
        help="Questions whose most recent saved attempt was wrong.",
    )

ps.forget_day_score()  # the page's own run reads it from the store; the card's reruns keep it

filters = {"topics": topics, "difficulties": difficulties, "roles": roles, "types": types,
           "missed_only": missed_only, "forms": forms, "banks": chosen_banks}
ps.keep_selection(filters)  # the address holds it beside the question: a reload keeps it
if selection := selection_query(filters):  # the link a lecturer gives the room (slugs are in no other place they see)
    st.sidebar.markdown(f":small[:material/link: [Link to these questions](?{selection})]")
signature = (tuple(topics), tuple(difficulties or ()), tuple(roles), tuple(types), missed_only, tuple(forms),
             tuple(chosen_banks))

rebuilt = False  # a new queue this run, starting at its first question
handed, p["handover"] = p["handover"], None  # a queue from the review page, taken once
if handed is None and not p["url_applied"]:  # a reload during a review: the review again, as it stands now
    handed = ps.review_of_address(library, get_reviews(), store, learner)
if handed is not None:
    p["url_applied"] = True
    ps.hand_over([qid for qid in handed if library.question(qid) is not None], signature)
    p["review"], p["review_kind"] = p["review_kind"] or "due", None
elif p["queue"] is None or p["queue_filters"] != signature:
    p["review"] = None
    before, p["before_review"] = p["before_review"], None  # the queue a review interrupted
    if p["queue"] is None and before is not None and before["filters"] == signature:
        ps.resume(before)
    else:
        p["queue_filters"] = signature
        ps.start(ps.build_queue(library, store, learner, filters, ss["session_id"]))
        rebuilt = True

# The address holds Practice's own settings only: Back from a lab came here with the lab's settings
# still in it (Streamlit keeps the query string across the page change), and the address bar,
# which is the link to the question on screen, then shared them (the learners' walk-through).
if foreign := [k for k in st.query_params if k not in ps.ADDRESS_KEYS]:
    st.query_params.from_dict({k: st.query_params[k] for k in st.query_params if k not in foreign})

# A shared link ?q=<id> puts that question first, once per browser session.
if not p["url_applied"]:
    p["url_applied"] = True
    wanted = st.query_params.get("q")
    if wanted and library.question(wanted) is not None:
        ps.start([wanted] + [i for i in p["queue"] if i != wanted])
        p["link_question"] = wanted  # answered earlier today (a reload): the card asks it as a retry
    elif wanted:
        st.warning(f"There is no question with id \u201c{inert(wanted, 80)}\u201d; here are the others.")
elif history_navigation() and (wanted := st.query_params.get("q")) and library.question(wanted) is not None:
    # Back or Forward: the question that address showed (the address is otherwise the page's own),
    # or another variant of the one on screen (a retry drew a new one, with an address of its own);
    # also when the address's selection built a new queue, whose first question may be another
    # one than the address names (Back across a filter change, the question on screen unchanged)
    if (ps.address_moved() or rebuilt) and ps.show_again(wanted, st.query_params.get("seed")):
        st.rerun()  # Back past a review's start ended it: the sidebar above still said it ran
if link_notes:  # the reader's own sentences: none repeats the link's text
    st.warning(" ".join(link_notes))


def restart(only_missed: bool) -> None:
    p = practice_state()
    p["form_nonce"] += 1
    p["review"] = None  # a review handed over is over: what follows is the filters' practice
    queue = p["queue"]
    if only_missed:
        ps.start(ps.missed_ids(store, learner, among=queue))
    else:
        ps.start(ps.build_queue(library, store, learner, filters, f"{ss['session_id']}:{p['form_nonce']}"))


reviews = get_reviews()  # here, not in the callback: a cached resource's look-up hashes its arguments


def record(q, response, result) -> None:
    ps.record(library, reviews, learner, q, response, result)


# The question, its answer and its feedback rerun on their own when the visitor acts on them:
# the filters, the navigation and the rest of the page are not redrawn for every answer.
@st.fragment
def question_card() -> None:
    p = practice_state()
    queue: list[str] | None = p["queue"]
    if queue is None:  # "Leave the review": the queue is rebuilt from the filters by the page
        st.rerun()
    today = ps.score_sidebar(store, learner)

    if not queue:
        ps.keep_address(None)  # the selection stays in the address, no question
        if missed_only:
            st.success("Nothing to redo: none of your latest attempts in this selection was wrong.")
        else:
            st.info("No question matches these filters. Widen the selection in the sidebar.")
        return

    index = p["index"]
    at, total, visiting = ps.place()  # a question Back brought from outside the selection is not counted
    ps.review_banner(at, total)
    if index >= len(queue):
        ps.keep_address(None)
        through = "the one question" if len(queue) == 1 else f"all {len(queue)} questions"
        st.success(f"You have been through {through} in this selection. Today: {today.correct} "
                   f"of {today.answered} answered correctly.")
        with st.container(horizontal=True):
            st.button("Start this selection again", on_click=restart, args=(False,), key="restart")
            if not missed_only:  # with the toggle on, the selection already is the ones missed
                redo = ps.missed_ids(store, learner, among=queue)  # the toggle's definition: latest attempt wrong
                st.button(f"Practise the {len(redo)} I missed" if redo else "Nothing missed to redo",
                          on_click=restart, args=(True,), disabled=not redo, key="restart_missed")
        return

    qid = queue[index]
    q = library.question(qid)
    if q is None:  # the bank changed under a running session
        ps.go_next()
        ps.rerun_card()
    if p["shown_at"] is None:
        p["shown_at"] = time.time()
    inst = practice_instance(q, p["form_nonce"])  # a drawn variant, a figure from its run
    ps.keep_address(qid, inst.seed if inst is not None and carries_seed(q) else None)
    ps.recall(qid)  # answered earlier in this pass (Next after Back): its verdict, not a second answer
    if inst is None:
        st.button("Skip this question", on_click=ps.skip, args=(index, qid), key="skip-broken")
        return
    q = inst.question
    if p["link_question"] == qid:
        ps.note_saved_today(store, learner, qid)

    bank = library.bank_of(qid)
    result, stage = ps.result_for(qid), ps.stage_for(qid)
    nonce = p["form_nonce"]
    # a new question: into view, the keyboard on its card. Its verdict (or the free-text judge's
    # suggestion) just shown: the keyboard on that, scrolled to if below (Submit's button is gone
    # with the form, and the focus fell to the page: a screen reader said nothing of the verdict)
    phase = "asked" if result is None and stage is None else "verdict" if result is not None else "review"
    bring_into_view("practice.in_view", (qid, index, nonce), focus="practice.card", phase=phase,
                    phase_focus=VERDICT_CSS if phase != "asked" else "")
    if visiting:
        st.caption(f"Not in your current selection: Back brought you to it. Next goes back to question "
                   f"{at + 1} of {total}.")
    else:
        st.progress(index / len(queue), text=f"Question {index + 1} of {len(queue)}")

    with st.container(border=True, key="practice.card"):
        # the variant's seed too, as the address bar has it: the link reopens these numbers
        seed = f"&seed={st.query_params['seed']}" if "seed" in st.query_params else ""
        st.markdown(question_header(q, bank.title if bank else "", link=f"?q={qid}{seed}") + "\n\n" + q.prompt)
        show_extras(inst, f"{qid}:{p['form_nonce']}")
    if seed_refused(qid, p["form_nonce"]):
        st.caption("The link's seed is not a variant's number (a whole number, 0 or more): this is another "
                   "variant of the question, and the address now names it.")

    if result is None and stage is None:
        if (saved_at := ps.saved_today(qid)) is not None:
            st.caption(f"You answered this question at {saved_at} today: an answer now is graded here and not "
                       "saved (your first answer is the one your progress and reviews count).")
        if q.type == "free_text":  # the judge loads while the learner types: the first answer waited 2 s for it
            warm_for(q)
        with st.form(key=f"answer-form:{qid}:{nonce}", border=False):
            read = widget_for(q)(q, f"ans:{qid}:{nonce}")
            label = "Check my answer" if q.type == "free_text" else "Submit answer"
            with st.container(horizontal=True):
                st.form_submit_button(label, type="primary", on_click=ps.submit, args=(q, read, record))
                st.form_submit_button("Skip", on_click=ps.skip, args=(index, qid))
        if (reason := ps.refusal(qid)) is not None:
            # a new element for each refusal, so that a screen reader says it again: the same message
            # twice (Submit pressed again with nothing chosen) stayed the same alert, and was not heard
            with st.container(key=f"practice.refused.{p['refusals']}"):
                st.warning(inert(reason, None))  # it quotes what the visitor typed

    elif result is None and stage is not None:
        # free text, step 2: the judge's suggested coverage, which the candidate confirms or corrects
        from ui.free_text_review import judge_answer, review_form

        if "judgement" not in stage:
            stage["judgement"] = judge_answer(q, stage["text"])
        review_form(q, stage["text"], stage["judgement"], f"{qid}:{nonce}",
                    on_record=lambda response: ps.record_ticks(q, response, record),
                    on_edit=lambda: ps.edit_answer(qid, f"ans:{qid}:{nonce}:text", stage["text"]),
                    on_skip=lambda: ps.skip(index, qid))

    else:
        if result.get("unsaved"):
            st.error(f"Your answer was graded but could not be saved ({result['unsaved']}): it will not count "
                     "in your progress or reviews.")
        if result.get("earlier"):
            st.caption("Your latest answer to this question in this session, as it was graded. Retry answers "
                       "it again (graded here, not saved).")
        if result.get("retry"):
            st.caption("A retry is graded here and not saved: your first answer is the one your progress and "
                       "reviews count.", help="You have just seen the answer, so a right retry does not show "
                       "that you remember it. The question comes back for review on the first answer's schedule.")
        covered = result["response"].get("covered") if q.type == "free_text" else None
        show_feedback(q, result["grade"], answer_summary(q, result["response"]), covered)
        if q.simulation is not None:
            from ui.sim_view import show_simulation  # loads the simulators only when needed

            show_simulation(q, result["response"])
        link = lab_link(q)
        if link is not None:
            st.page_link(app_page(link.page, link.script), label=link.label,
                         icon=":material/science:", query_params=link.query_params | {FROM_QUESTION: qid})
        with st.container(horizontal=True):
            st.button("Next question \u2192", type="primary", on_click=ps.go_next, args=(index, qid), key="next")
            st.button("Retry", on_click=ps.retry, args=(qid,), key="retry")


question_card()
