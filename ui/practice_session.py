"""Practice's queue, its actions and its running score, kept out of the page.

The running score is the learner's score for the day, summed from the saved attempts
(:func:`engine.progress.stored_day_score`): ``st.session_state`` is lost on a reload or when a link
opens a new session, the database is not. It is read when the page runs and with each answer
this session saves (in the answer's own transaction), and kept in between
(:func:`read_day_score`): moving on changes nothing in it, and a read on every move of the card
would cost each move a database round trip. "Missed" has one definition,
:func:`engine.store.missed`, shared by the "only the ones I missed" toggle and the end screen.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitAPIException

from engine.content.grading import grade
from engine.content.selection_link import (SELECTION_KEYS, filter_options, names_selection, read_selection,
                                           selection_params)
from engine.content.selection import QuestionFilter, practice_order, select_from_library
from engine.progress import (DayScore, day_bounds, local_date, right_today, stored_day_score, summarise,
                             topic_pool)
from engine.store import Attempt, as_utc, in_order
from ui import press_once, state
from ui.state import practice_state
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.site_links import address_params, write_address

ss = st.session_state
#: the address's keys that are Practice's own: the question on screen and its variant's seed
QUERY_KEYS = ("q", "seed")
#: the address's key naming the banks to practise (a lecturer's link to one bank: ``?bank=<slug>``)
BANK_KEY = SELECTION_KEYS["banks"]
#: the address's key naming the kind of review running ("due" or "weakest"): a reload carries on with it
REVIEW_KEY = "review"
#: every key of the address that Practice reads (a lab's settings, brought by Back, are dropped)
ADDRESS_KEYS = (*QUERY_KEYS, *SELECTION_KEYS.values(), REVIEW_KEY)
#: each filter of the selection (engine.content.selection_link) -> its sidebar widget's key
FILTER_WIDGETS = {"banks": "pf.banks", "topics": "pf.topics", "difficulties": "pf.difficulty", "roles": "pf.roles",
                  "types": "pf.types", "forms": "pf.forms", "missed_only": "pf.missed"}


def missed_ids(store: Any, learner: str, among: list[str] | None = None) -> list[str]:
    """Questions whose latest attempt is wrong (in ``among``'s order when given)."""
    try:
        wrong = store.missed_question_ids(learner)  # summed by the database (Store.tallies)
    except Exception:
        return []
    return in_order(wrong, among)


def build_queue(library: Any, store: Any, learner: str, f: dict, seed: str) -> list[str]:
    only = frozenset(missed_ids(store, learner)) if f["missed_only"] else None
    flt = QuestionFilter(frozenset(f["topics"]), frozenset(f["difficulties"] or ()), frozenset(f["roles"]),
                         frozenset(f["types"]), only, frozenset(f["forms"]), frozenset(f["banks"]))
    chosen = select_from_library(library, flt)
    return practice_order([q.id for q in chosen], seed, hard={q.id for q in chosen if q.difficulty == "hard"})


def take_selection_link(banks: Collection[str]) -> list[str]:
    """Set the filters to the selection the address names (:mod:`engine.content.selection_link`),
    before they are drawn; return a sentence for each name it could not use.

    Read on the visit's first run when the address names a filter (a reload, or a link such as a
    lecturer's ``?bank=<slug>``), and when Back or Forward brings back an address the card wrote
    (one with a question, or a filter): that address holds its whole selection, a filter it leaves
    out at "all". Any other run may carry an older address (:func:`ui.state.first_run_of_visit`),
    and an arrival by the sidebar carries none: the filters stay as this session left them.
    ``banks``: the slugs of the public banks (the Bank filter's options; a private bank's slug
    reads like an unknown one).
    """
    first = state.first_run_of_visit(practice_state())
    back = state.history_navigation()
    query = address_params(ADDRESS_KEYS)
    if not ((first or back) and names_selection(query)) and not (back and "q" in query):
        return []
    chosen, notes = read_selection(query, filter_options(banks))
    for name, value in chosen.items():
        ss[FILTER_WIDGETS[name]] = value
    return notes


def keep_selection(filters: dict[str, Any]) -> None:
    """The selection the address holds beside the question (:func:`keep_address`): the filters in
    force, as the page drew them."""
    practice_state()["selection"] = selection_params(filters)


def choose_bank(slug: str) -> None:
    """Practice opens on the questions of bank ``slug``: Home's and Progress's tables, a bank's
    link. Its Bank filter is set and its Role filter emptied (a bank and a role each choose a set
    of questions: a role chosen before would leave another role's bank empty, "No question matches"
    on arrival); the other filters, which narrow either, stay as they were."""
    ss["pf.banks"] = [slug]
    ss["pf.roles"] = []


def _clear_answer() -> None:
    """Nothing answered, judged or refused yet for the question on screen, and its clock unstarted."""
    p = practice_state()
    p["result"] = None
    p["free_text_stage"] = None
    p["refused"] = None
    p["shown_at"] = None


def start(queue: list[str]) -> None:
    """A new queue (a selection, "Start this selection again", a review): a new pass through it,
    in which every question is answered afresh (:func:`recall`)."""
    p = practice_state()
    p["queue"] = queue
    p["index"] = 0
    p["pass"] += 1
    p["visiting"] = None
    p["retry_of"] = None
    p["moved_at"] = None
    _clear_answer()


def forget_experiments() -> None:
    """Hide every "Run it" result: it is shown again only after the next answer and a new run."""
    for key in [k for k in ss if isinstance(k, str) and k.startswith("ran:")]:
        del ss[key]


def go_next(from_index: int | None = None, qid: str | None = None) -> None:
    """The next question (after an answer, or a skip, which saves nothing). ``from_index`` and
    ``qid``: the place and the question the button was drawn for; the second click of a double
    click that reaches the server before the next question is drawn finds the queue moved on
    already, and moves nothing more. From a question Back brought in from outside the queue
    (:func:`show_again`), the next is the queue's question it stood in front of."""
    p = practice_state()
    index = p["index"]
    if from_index is not None and index != from_index:
        return
    if qid is not None and _at(index) != qid:  # a visit ended: the same place holds another question
        return
    forget_experiments()
    if not _end_visit():
        p["index"] += 1
    p["moved_at"] = (p["index"], time.monotonic())  # for skip()'s double-click rule
    p["retry_of"] = None
    _clear_answer()


def _at(index: int) -> str | None:
    p = practice_state()
    queue = p.get("queue") or []
    return queue[index] if 0 <= index < len(queue) else None


def _visit_on_screen() -> bool:
    """Whether the queue's place holds a question Back brought in from outside it (show_again)."""
    p = practice_state()
    visiting = p.get("visiting")
    return visiting is not None and _at(p["index"]) == visiting


def _without_visit() -> list[str]:
    p = practice_state()
    queue, index = list(p["queue"] or []), p["index"]
    return queue[:index] + queue[index + 1:] if _visit_on_screen() else queue


def _end_visit() -> bool:
    """Take the question Back brought in from outside the queue out of it again (the queue's place
    then holds the question it stood in front of); whether there was one."""
    p = practice_state()
    visiting = _visit_on_screen()
    if visiting:
        p["queue"] = _without_visit()
    p["visiting"] = None
    return visiting


def place() -> tuple[int, int, bool]:
    """Where the card stands in the selection: the index of the selection's question on screen or
    next (a visit from outside stands in front of it), the selection's length, and whether the
    question on screen is such a visit."""
    p = practice_state()
    return p["index"], len(_without_visit()), _visit_on_screen()


def skip(from_index: int, qid: str | None = None) -> None:
    """Skip the question ``from_index`` (saving nothing), as :func:`go_next` moves on.

    The second click of a double click on Skip or Next that comes after the next question is
    drawn lands on that question's own Skip, a button of its own: a Skip sooner than
    :data:`ui.press_once.DOUBLE_CLICK_SECONDS` after the move that brought its question is that
    click (nobody reads a question and decides to skip it in half a second), and is dropped."""
    p = practice_state()
    arrived = p.get("moved_at")
    if arrived is not None and arrived[0] == from_index \
            and time.monotonic() - arrived[1] < press_once.DOUBLE_CLICK_SECONDS:
        return
    go_next(from_index, qid)


def retry(qid: str) -> None:
    """Answer the question ``qid`` again (a new variant of a generated one). A retry is graded and
    not saved: the learner has just seen the answer, so taking it as remembered would push the
    review of a question they missed days away (a wrong answer, then the key typed back on
    Retry, was reviewed as an easy right one), and its attempt would clear the miss from "only the
    ones I missed", count twice in the day's score and lift the accuracy. The first answer of
    each showing is the one kept."""
    p = practice_state()
    forget_experiments()
    p["form_nonce"] += 1
    p["retry_of"] = qid
    _clear_answer()


def show_again(qid: str, seed: str | None = None) -> bool:
    """Back or Forward to the question ``qid`` (its address in the browser's history, ``seed`` its
    ``?seed=``): the queue at that question, in the variant its address names. Back on Practice
    left the question on screen and wrote its address back: a learner who had moved through twenty
    questions pressed Back twenty times, seeing nothing change, to leave the page.

    A question that is not in the queue (from an earlier selection) is shown in front of the
    question on screen, as a visit: the card says so, the selection's count stays, and Next goes
    back to the question it stood in front of (inserted for good, each Back grew the selection and
    Next then went on through questions the filters had left out). During a review, a question of
    the practice the review interrupted ends the review there (Back past the review's start put the
    question left for the review into it, as due). Returns whether a review was ended so: the page
    already drew the sidebar as during a review.

    A variant answered in this browser session comes back with the latest verdict on it (Back is
    how a learner looks at the last explanation again; a retry's verdict says it was a retry), its
    Retry as after the answer. A variant of an answered question not answered itself (a retry's,
    skipped) comes back unanswered, as a retry (graded, not saved: see :func:`retry`)."""
    p = practice_state()
    forget_experiments()
    _end_visit()
    before = p.get("before_review")
    left_review = bool(p.get("review") and before and qid not in (p["queue"] or [])
                       and qid in before["queue"])
    if left_review:
        p["review"] = p["before_review"] = None
        resume(before)
    queue = list(p["queue"] or [])
    if qid in queue:
        p["index"] = queue.index(qid)
    else:  # from another selection, or a review: a visit, in front of the question on screen
        at = min(p["index"], len(queue))
        p["queue"] = queue[:at] + [qid] + queue[at:]
        p["index"] = at
        p["visiting"] = qid
    seeds = p.get("seeds") or {}
    seeds.pop(f"{qid}:{p['form_nonce']}", None)  # the address's seed, not the one kept
    p["url_seed_used"] = False
    p["moved_at"] = None
    variants = (p.get("answered") or {}).get(qid) or {}
    p["retry_of"] = qid if variants else None
    _clear_answer()
    answered = variants.get(seed)  # a question without variants: kept under None, and no seed in its address
    if answered is not None:
        p["retry_of"] = None
        p["result"] = answered | {"earlier": True}
    return left_review


def recall(qid: str) -> None:
    """The question on screen, answered earlier in this pass through the queue (:func:`start`),
    comes back with that verdict, by whatever way (Next after Back led to a question answered a
    moment before, which came back blank, and its second answer was saved and counted again). In a
    new pass, "Start this selection again" or another selection, it is answered afresh."""
    p = practice_state()
    if taken(qid) or retrying(qid):
        return
    kept = ((p.get("answered") or {}).get(qid) or {}).get(_seed_shown(qid))
    if kept is not None and kept.get("pass") == p.get("pass"):
        p["result"] = kept | {"earlier": True}


def note_saved_today(store: Any, learner: str, qid: str) -> None:
    """The question a link opened this session on (a reload of Practice is one), answered and saved
    by ``learner`` earlier today, is asked as a retry: graded, not saved (:func:`retry`), and said so
    above its form (:func:`saved_today`). A reload showed the question just answered blank, and its
    second answer, given after the key was read, was saved and counted again (a learner's walk).

    The saved answer is not shown again: the same link opened later, on a screen the room sees
    (the Room's "Open it in Practice"), would show the answer key. Once per session; an answer from
    before today is not looked for (answering again another day is practice), nor during a review
    (it serves questions due again, a wrong answer's within minutes: their answers count)."""
    p = practice_state()
    p["link_question"] = None
    if taken(qid) or retrying(qid) or p.get("review"):
        return
    now, tz = state.now(), state.timezone()
    try:
        saved = store.latest_attempt(learner, qid, since=day_bounds(now, tz)[0])
    except Exception:  # the database is outside our control: the question is asked as ever
        return
    if saved is not None:
        p["retry_of"] = qid
        p["saved_today"] = {"qid": qid, "at": as_utc(saved.answered_at).astimezone(tz).strftime("%H:%M")}


def saved_today(qid: str) -> str | None:
    """The time (HH:MM, the learner's) of ``qid``'s answer saved earlier today, while ``qid`` is
    asked as a retry for it (:func:`note_saved_today`); else None."""
    kept = practice_state().get("saved_today") or {}
    return kept.get("at") if kept.get("qid") == qid and retrying(qid) else None


def keep_address(qid: str | None, seed: int | None = None) -> None:
    """The address holds the link to the question on screen (none past the queue's end), with its
    variant's seed and the selection (:func:`keep_selection`), written in one go: each write of the
    address is an entry in the browser's history, and the question and its seed written apart took
    two presses of Back."""
    p = practice_state()
    wanted = {} if qid is None else {"q": qid} | ({} if seed is None else {"seed": str(seed)})
    p["kept_address"] = wanted
    wanted = wanted | (p["selection"] or {}) | ({REVIEW_KEY: p["review"]} if p.get("review") else {})
    if address_params(ADDRESS_KEYS) != wanted:
        write_address(ADDRESS_KEYS, wanted)


def _seed_shown(qid: str) -> str | None:
    """The seed of ``qid``'s variant on screen as its address writes it (:func:`keep_address`);
    None for a question without variants, the key its verdicts are kept under (:func:`_keep_verdict`)."""
    p = practice_state()
    shown = p.get("kept_address") or {}
    return shown.get("seed") if shown.get("q") == qid else None


def address_moved() -> bool:
    """Whether the address names another question or variant than the card last showed (see
    :func:`keep_address`): in a Back or Forward run, the one to show (:func:`show_again`)."""
    return address_params(QUERY_KEYS) != practice_state().get("kept_address")


def retrying(qid: str) -> bool:
    """Whether the answer to ``qid`` on screen is a retry (see :func:`retry`)."""
    return practice_state().get("retry_of") == qid


def rerun_card() -> None:
    """Draw the question card again with what was just saved: only the card when the visitor's
    action ran it as a fragment, the whole page when the page itself is running (its first run,
    or a test's full run), where a fragment-scoped rerun is not allowed."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def hand_over(queue: list[str], filters: Any) -> None:
    """Start a review's queue handed over by the Review page, keeping the filters' queue and the
    place in it for :func:`resume` (a review is an interlude, not a new selection)."""
    p = practice_state()
    if not p.get("review") and p.get("queue") is not None:
        _end_visit()
        p["before_review"] = {"filters": p["queue_filters"], "queue": p["queue"], "index": p["index"],
                              "pass": p["pass"]}
    p["queue_filters"] = filters
    start(queue)


def ask_review(ids: list[str], kind: str) -> None:
    """A button's callback on Review or Progress: Practice runs ``ids`` as a review, under a banner
    that says so (``kind``: "due" or "weakest"; see :func:`hand_over`)."""
    p = practice_state()
    p["handover"] = ids
    p["review_kind"] = kind


def review_queue(kind: str, library: Any, reviews: Any, store: Any, learner: str) -> list[str]:
    """The questions a review of ``kind`` serves now: those due today ("due"), or the weakest
    topics' ("weakest", :func:`weakest_pool`). What the Review page's and Progress's buttons hand
    over (:func:`ask_review`), and what a reload of a review's address builds again (answers given
    since are no longer due)."""
    if kind == "due":
        now, tz = state.now(), state.timezone()  # "today" is the learner's day
        return list(reviews.outlook(learner, now, [q.id for q in library.questions], tz).due_today)
    weakest = summarise(store.tallies(learner)).weakest  # summed by the database
    return weakest_pool(library, store, learner, [g.key for g in weakest])


def review_of_address(library: Any, reviews: Any, store: Any, learner: str) -> list[str] | None:
    """The review the address names (``review=due`` or ``weakest``: a reload of a review's page), as
    :func:`review_queue` serves it now, its kind kept for the hand-over; None when the address
    names none, nothing is left to review, or the database cannot be read (the filters' practice,
    as without the key)."""
    p = practice_state()
    kind = st.query_params.get(REVIEW_KEY)
    if kind not in ("due", "weakest"):
        return None
    try:
        queue = review_queue(kind, library, reviews, store, learner) or None
    except STORAGE_ERRORS:
        queue = None
    p["review_kind"] = kind if queue else None
    return queue


def choose_role(role: str) -> None:
    """A button's callback on Home: Practice opens on ``role``'s questions, its Role filter set and
    its Bank filter emptied (as :func:`choose_bank` empties the Role filter), the other filters as
    they were; the sidebar changes them."""
    ss["pf.roles"] = [role]
    ss["pf.banks"] = []


def weakest_pool(library: Any, store: Any, learner: str, topics: list[str]) -> list[str]:
    """The questions of the weakest ``topics``, less those answered right today (which review
    holds back until tomorrow too), for the roles Practice's Role filter has chosen, if any (a
    manager's weakest topics served a creative lead's questions): what "Practise these topics"
    serves, on Review and Progress."""
    now, tz = state.now(), state.timezone()
    today_right = right_today(store.attempts(learner, since=day_bounds(now, tz)[0]), now, tz)
    roles = set(ss.get("pf.roles") or ())
    questions = [q for q in library.questions if not roles or roles & set(q.roles)]
    return topic_pool(questions, topics, held_back=today_right)


def leave_review() -> None:
    """End a review: the page's rerun goes back to the filters' queue (:func:`resume`)."""
    p = practice_state()
    p["review"] = None
    p["queue"] = None  # the page resumes the queue left for the review, or builds one


def resume(before: dict[str, Any]) -> None:
    """The filters' queue at the question left for a review (:func:`hand_over`): "Leave the review"
    rebuilt the queue and sent the learner back to question 1."""
    p = practice_state()
    start(before["queue"])
    p["queue_filters"] = before["filters"]
    p["index"] = before["index"]
    p["pass"] = before.get("pass", p["pass"])  # the same pass: its verdicts come back


def submit(q: Any, read: Callable[[], Any], save: Callable[[Any, Any, Any], None]) -> None:
    """The answer form's submit button, as its callback: the card's run that follows draws the
    verdict at once (one run, where saving in the run and then rerunning to draw took two).

    ``read`` gives the answer from the form's widgets (``ui.answer_widgets``), ``save`` grades
    nothing and stores what it is given (:func:`record`). A free-text answer goes on to the judge's
    review first; an incomplete answer is refused with the reason, shown under the form.
    """
    p = practice_state()
    if taken(q.id):  # the second click of a double click: the first one took this answer
        return
    p["refused"] = None
    try:
        response = read()
    except ValueError as exc:
        p["refused"] = {"qid": q.id, "message": str(exc)}
        p["refusals"] += 1
        return
    if q.type == "free_text":
        p["free_text_stage"] = {"qid": q.id, "text": response["text"]}
    else:
        save(q, response, grade(q, response))


def edit_answer(qid: str, box: str, text: str) -> None:
    """Leave the free-text review for the answer form, ``text`` back in its box (the widget under
    key ``box``): the review came with no way back to the answer but to record it."""
    p = practice_state()
    if stage_for(qid) is None:  # a double click's second: back already
        return
    p["free_text_stage"] = None
    st.session_state[box] = text


def record_ticks(q: Any, response: dict[str, Any], save: Callable[[Any, Any, Any], None]) -> None:
    """The free-text review's "Record my grade", as its callback: grade the candidate's ticks,
    save, and leave the review step (the card's next run draws the verdict)."""
    p = practice_state()
    if result_for(q.id) is not None:  # a double click's second: recorded already
        return
    save(q, response, grade(q, response))
    p["free_text_stage"] = None


def _of(key: str, qid: str) -> dict[str, Any] | None:
    kept = practice_state().get(key)
    return kept if kept and kept["qid"] == qid else None


def result_for(qid: str) -> dict[str, Any] | None:
    """The verdict kept for the question ``qid`` (see :func:`record`), if it was answered."""
    return _of("result", qid)


def stage_for(qid: str) -> dict[str, Any] | None:
    """The free-text review open for the question ``qid`` (see :func:`submit`), if any."""
    return _of("free_text_stage", qid)


def taken(qid: str) -> bool:
    """Whether an answer to the question on screen was taken already: its verdict is kept, or its
    free-text review is open. Both are cleared when the learner moves on or retries."""
    return result_for(qid) is not None or stage_for(qid) is not None


def refusal(qid: str) -> str | None:
    """Why the last answer to this question was not taken (see :func:`submit`), if it was not."""
    refused = _of("refused", qid)
    return refused["message"] if refused else None


def record(library: Any, reviews: Any, learner: str, q: Any, response: Any, result: Any) -> None:
    """Store the attempt and review its card (:meth:`engine.review.Reviews.save_answer`: one
    transaction, which also gives the day's new score). A storage failure never loses the
    grading: the verdict is kept with the failure's name (``unsaved``), and the card says it was
    not saved; nothing of that answer is stored. A retry (:func:`retry`) is graded and kept for the
    card, and not saved. (Runs as a callback too, where an element drawn would land outside the
    card.)"""
    p = practice_state()
    shown = p["shown_at"]
    bank = library.bank_of(q.id)
    when, tz = state.now(), state.timezone()
    attempt = Attempt(question_id=q.id, bank=bank.bank if bank else "", question_type=q.type,
                      difficulty=q.difficulty, topics=tuple(q.topics), answer=response, correct=result.correct,
                      score=result.score, seconds=round(time.time() - shown, 2) if shown else None,
                      session_id=ss["session_id"], learner=learner, answered_at=when)
    day = _day_slot()
    outcome = {"qid": q.id, "response": response, "grade": result, "unsaved": None, "retry": retrying(q.id),
               "pass": p.get("pass")}
    seed = _seed_shown(q.id)
    if outcome["retry"]:  # graded, shown, not saved (see retry)
        p["result"] = outcome
        _keep_verdict(outcome, seed)
        return
    # Kept before the save, so that a double click's second finds this answer taken (taken). After
    # the save only these two dicts are touched, never session state: Streamlit ends a callback at
    # its next session-state access when a newer click is waiting, which would keep the attempt
    # saved and its verdict unshown.
    p["result"] = outcome
    _keep_verdict(outcome, seed)
    try:  # the attempt, its review and the day's score after it, in one transaction
        saved = reviews.save_answer(attempt, tz)
    except Exception as exc:  # the database is outside our control (disk full, locked, gone)
        # its cause as every page names it (and in the server's log): the name alone hid "disk is full"
        outcome["unsaved"] = storage_reason(exc) if isinstance(exc, STORAGE_ERRORS) else exc.__class__.__name__
        day.clear()
    else:
        day.update(key=_day_key(learner, when, tz), score=DayScore(saved.answered, saved.correct, saved.points))


def _keep_verdict(outcome: dict[str, Any], seed: str | None) -> None:
    """Keep ``outcome`` as the latest verdict on its question's variant (``seed``, as the address
    writes it; None for a question without variants), for Back to redraw over the same numbers only
    (:func:`show_again`)."""
    p = practice_state()
    answered = p.get("answered") or {}
    variants = (answered.get(outcome["qid"]) or {}) | {seed: outcome}
    p["answered"] = answered | {outcome["qid"]: variants}


def read_day_score(store: Any, learner: str) -> DayScore:
    """Today's score from the store, kept in the session until :func:`forget_day_score` (a full run
    of the page, a saved answer). A database we cannot read gives an empty score, not an error."""
    now, tz = state.now(), state.timezone()
    kept = _day_slot()
    if kept.get("key") == _day_key(learner, now, tz):
        return kept["score"]
    try:
        score = stored_day_score(store, learner, now, tz)
    except Exception:  # the page still works, without the score
        return DayScore(0, 0, 0.0)
    kept.update(key=_day_key(learner, now, tz), score=score)
    return score


def _day_key(learner: str, when: Any, tz: Any) -> tuple[str, str, Any]:
    return learner, str(tz), local_date(when, tz)


def _day_slot() -> dict[str, Any]:
    """Where today's score is kept in the session: a dict (``key``: the learner, their time zone
    and day, ``score``: a :class:`DayScore`), updated in place, so that a save's callback keeps it
    with no session-state access after the save (see :func:`record`)."""
    p = practice_state()
    slot = p.get("day_score")
    if not isinstance(slot, dict):
        slot = p["day_score"] = {}
    return slot


def forget_day_score() -> None:
    """Read the day's score from the store again next time (another tab may have answered)."""
    p = practice_state()
    p["day_score"] = None


def score_sidebar(store: Any, learner: str) -> DayScore:
    """Today's running score, one line in the sidebar. One element, not a grid of metrics: the
    card redraws it on every answer and every move, and each element is a message to the browser."""
    score = read_day_score(store, learner)
    st.sidebar.markdown(f"**Today**  \n{day_score_line(score)}",
                        help="Today's answers (your day, in the time zone your browser reports) and their "
                             "average score, partial credit included. It is read from your saved answers, so a "
                             "reload or a link keeps it.")
    return score


def day_score_line(score: DayScore) -> str:
    """``3 answered · 2 right · score 67%``; ``nothing answered yet``."""
    if not score.answered:
        return "nothing answered yet"
    return f"{score.answered} answered \u00b7 {score.correct} right \u00b7 score {score.rate:.0%}"


def review_banner(index: int, total: int) -> None:
    """The sign that this queue is a review handed over by the Review page."""
    p = practice_state()
    kind = p.get("review")
    if not kind:
        return
    what = "due today" if kind == "due" else "from your weakest topics"
    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(f"Review: question {min(index + 1, total)} of {total} {what}.", icon=":material/event_repeat:")
        st.button("Leave the review", on_click=leave_review, key="practice.leave_review")
