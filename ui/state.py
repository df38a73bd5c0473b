"""Every session-state key the pages use, in one place; and the pages' clock.

:data:`PRACTICE` holds what Practice carries from one rerun to the next, with its defaults: one
dict, kept under the one key ``"practice"`` (:func:`practice_state`); a lab's link and a chart's
controls are kept the same way (:func:`carried`). The defaults are then in one place, a test
holds the code's reads to them, and the session holds fewer keys (Streamlit walks them all at
each run's start and end and for each input widget: 2 to 3.5 us a key a run,
``benchmarks/bench_session_keys.py``). Every other key is a widget's or a page's own, and starts
with one of the :data:`NAMESPACES` below (``sl.budget.branin`` is the search lab's); a test reads
the pages' source and fails on a key outside them.
Widget keys built from another key (``f"{key}:radio"`` in ``ui.answer_widgets``) take the
namespace of the key they are built from.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from typing import Any

import streamlit as st

#: Practice's state and its defaults (keys as ``practice_state()["queue"]``; a test holds the code's
#: keys to these). Each session gets a shallow copy: a default must never be a mutable object.
PRACTICE: dict[str, Any] = {
    "queue": None,  # list[str] of question ids, or None until built
    "queue_filters": None,  # the filters the queue was built from
    "index": 0,
    "result": None,  # dict for the current question once answered
    "free_text_stage": None,  # {"qid": ..., "text": ...} while self-assessing
    "refused": None,  # {"qid": ..., "message": ...}: why the last answer was not taken
    "refusals": 0,  # answers refused in this session: each refusal is drawn as a new element (app_pages/practice)
    "form_nonce": 0,  # bumped to reset the answer widgets (retry)
    "retry_of": None,  # the question id being retried: graded, not saved (ui.practice_session.retry)
    "shown_at": None,  # time.time() when the current question appeared
    "moved_at": None,  # (index, time.monotonic()) of the last move (ui.practice_session.go_next)
    "review": None,  # "due" or "weakest" while the queue is a review handed over by Review
    "url_applied": False,
    "visit": None,  # the visit of the page the address was last read as a link in (first_run_of_visit)
    "seeds": None,  # {"<qid>:<nonce>": seed}: the variant drawn for each showing of a question
    "url_seed_used": False,  # a ?seed= in the link applies to the first question shown only
    "seed_refused": None,  # "<qid>:<nonce>" of a showing whose link's ?seed= was not a variant (forms_view)
    "kept_address": None,  # {"q": ..., "seed": ...} the card last kept in the address (practice_session)
    "link_question": None,  # the question a link (or a reload) opened a session on, until the card looks it up
    "saved_today": None,  # {"qid", "at"}: that question's answer saved earlier today, while it is asked as a retry
    "selection": None,  # {address key: value} of the filters in force, kept in the address beside it
    "answered": None,  # {question id: {seed or None: this session's latest verdict}} (show_again)
    "day_score": None,  # {"key": (learner, zone, day), "score": DayScore} read from the store; see ui.practice_session
    "handover": None,  # list[str]: a queue the review page hands to practice (taken there, once)
    "before_review": None,  # {"filters", "queue", "index", "pass"} kept while a review runs (practice_session)
    "pass": 0,  # bumped with each new queue: a verdict comes back by Next within its own pass only
    "visiting": None,  # a question shown by Back from outside the queue (practice_session.show_again)
    "review_kind": None,  # "due" or "weakest": the kind of the queue handed over (taken with it)
    "shown_instance": None,  # (question, seed, instance) of the question shown (ui.forms_view; never an interview's)
    "shown_figure": None,  # (instance, plotly figure) of the figure shown (ui.forms_view)
}

#: key prefix (up to the first ".", ":" or "{") -> whose keys they are
NAMESPACES: dict[str, str] = {
    "session_id": "the browser session's id (init_state)",
    "app": "the entry point's own (app.py): its pages by url_path, for links drawn in a fragment; the page "
           "shown and which visit of a page this is (ui.chart_controls)",
    "practice": "practice page state: the dict of PRACTICE above (practice_state); the card's own keys",
    "pf": "practice filters (sidebar)",
    "ans": "answer widgets, one set per question showing (ui.answer_widgets)",
    "answer-form": "practice: the answer form",
    "form-fig": "practice: a question's figure (ui.forms_view)",
    "judged": "practice: the free-text judge's verdict (ui.free_text_review)",
    "kp": "practice: the key-point checklist (ui.free_text_review)",
    "next": "practice: Next question",
    "retry": "practice: Try again",
    "restart": "practice: Start over",
    "restart_missed": "practice: Practise the ones I missed",
    "skip-broken": "practice: skip a question that cannot be shown",
    "run-it": "practice: Run it (ui.sim_view)",
    "logged": "practice: a Run it result already logged (ui.sim_view)",
    "sim": "Run it results per question (ui.sim_view)",
    "mark": "presenter: markers on the plot",
    "preset": "presenter: the chosen preset",
    "lr": "presenter: learning rate",
    "steps": "presenter: steps",
    "pm": "presenter: plot state",
    "review": "review page buttons",
    "progress": "progress page buttons",
    "home": "home page buttons",
    "by_difficulty": "progress: accuracy by difficulty",
    "by_topic": "progress: accuracy by topic",
    "topic_map": "progress: the topic map",
    "hist": "run history page",
    "room": "the Room: its bank, window and the question looked at",
    "ol": "optimizer lab (and ui.optim_controls under its prefix)",
    "labs": "shared by the labs: the large-text choice (ui.optim_controls.LARGE_TEXT)",
    "tl": "training lab: widgets, presets applied, results",
    "sl": "search lab: widgets, running flag, results",
    "iv": "mock interview: setup, candidate and interviewer views",
    "auth": "sign-in buttons",
    "runlog": "ui.resources.log_run: the last run logged per kind",
    "press": "ui.press_once: the session's random name in the requests its buttons make",
    "copy": "ui.site_links.copy_box: a copy box's container, by what it holds (ui.screen_reader.COPY_NAMES)",
    "jobs": "ui.jobs: how many progress bars were brought into view (ui.scroll.reveal)",
}


def now() -> dt.datetime:
    """The pages' clock (UTC): the moment of "today's score", "due today" and retention (whose
    day is the learner's, :func:`timezone`).

    Pages call ``ui.state.now()`` through the module, so a test can set the clock with
    ``monkeypatch.setattr(ui.state, "now", ...)``.
    """
    from engine.store import utcnow

    return utcnow()


def timezone() -> dt.tzinfo:
    """The learner's time zone, as their browser reports it: the calendar of "today's score",
    "due today" and "answered right today" (a learner's day is their own; UTC when the browser
    says nothing usable). Pages call it through the module, as :func:`now`, so a test can set it.
    """
    return _zone(st.context.timezone)


@functools.lru_cache(maxsize=64)
def _zone(name: str | None) -> dt.tzinfo:
    # the name comes from the browser: anything that is not an IANA zone name is UTC
    from zoneinfo import ZoneInfo

    if not name or len(name) > 64:
        return dt.timezone.utc
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError, TypeError):  # unknown zone, a path, a malformed key
        return dt.timezone.utc


def init_state() -> None:
    """Set every key to its default once per browser session."""
    st.session_state.setdefault("session_id", uuid.uuid4().hex)
    practice_state()


def practice_state() -> dict[str, Any]:
    """Practice's state in this browser session: one dict under the key ``"practice"`` (made from
    :data:`PRACTICE` on first use), read and written in place."""
    return carried("practice", PRACTICE)


def carried(key: str, defaults: dict[str, Any]) -> dict[str, Any]:
    """What a page (or a part of one: a lab's link, a chart's controls) carries from run to run,
    as one dict under the one session-state key ``key``, made from ``defaults`` on first use
    and read and written in place (see the module's note).

    A shallow copy is made: ``defaults`` must hold no mutable object.
    """
    kept = st.session_state.get(key)
    if kept is None:
        kept = st.session_state[key] = dict(defaults)
    return kept


def history_navigation() -> bool:
    """True when this run was asked for by the browser's Back or Forward button.

    Such a run carries the address of the history entry the browser went to: a page whose
    address follows its settings reads it then as the settings to show (any other rerun may carry
    an older address; see :func:`first_run_of_visit`). Streamlit keeps the flag on the run's
    context (it also writes the address back without adding an entry during such a run).
    """
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def first_run_of_visit(kept: dict[str, Any]) -> bool:
    """True on the first run of this visit of the page (``app.visit``, counted by app.py), once per
    ``kept`` (a dict the page carries, :func:`carried`: this keeps the visit under ``"visit"``).

    A page that reads its address as a link does so then only: later in the visit the address
    holds what the page wrote itself, or an older copy, since a rerun carries the address the
    browser had when it asked for it (two quick presses of a slider's arrow key sent back the
    first press's run's address: read as a link, it put the setting before them back on screen).
    """
    visit = st.session_state.get("app.visit")
    first = "visit" not in kept or kept["visit"] != visit
    kept["visit"] = visit
    return first
