"""The candidate's page of a mock interview.

Nothing on it names a question: widget keys, CSS classes and the URL carry positions only,
and the server (not the browser) keeps each question's time.
"""

from __future__ import annotations

import contextlib
from typing import Any

import streamlit as st

from engine.content.answers import is_answered
from engine.content.numbers import read_number
from engine.interviews import GRACE_SECONDS, NAME_MAX, LinkClosed
from engine.limits import CEILINGS
from ui.interview_forms import candidate_answer, candidate_extras, candidate_item, questions_of
from ui.scroll import bring_into_view
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.text import inert, show_bank_text


def candidate_view(iv: Any, token: str, interviews: Any, library: Any) -> None:
    ss = st.session_state
    qs, uploaded = questions_of(iv, library)
    entries = [(pos, e) for pos, e in enumerate(iv.questions) if e["id"] in qs]
    saved = interviews.candidate_answers(token)
    st.title(inert(iv.title), anchor=False)
    gone = len(iv.questions) - len(entries)
    if gone:  # the banks changed since the interview was set up; never name the questions here
        st.warning(f"{gone} of the {len(iv.questions)} questions of this interview are no longer available and "
                   "are left out; your interviewer can see which.")
    if not entries:
        st.error("No question of this interview can be shown. Please tell your interviewer.")
        st.stop()
    st.caption(f"{len(entries)} questions. Your answers are saved as you go; you can reload this page safely: "
               "the clock is kept on the server.")
    if "iv.cand.i" not in ss:  # a fresh session (a reload, a new tab): back where the candidate was
        ss["iv.cand.i"] = resume_index(entries, interviews.resume_position(token))
    i = max(0, min(ss["iv.cand.i"], len(entries) - 1))
    if i == 0:  # the start screen
        your_name(iv, token, interviews)
    pos, entry = entries[i]
    q = qs[entry["id"]]
    item = candidate_item(q, entry["seconds"], iv.id)  # the interview's seed: the interviewer sees the same variant
    trusted = q.id not in uploaded
    opened = interviews.open_question(token, pos)
    locked = opened.seconds_left() < -GRACE_SECONDS
    bring_into_view("iv.cand.in_view", i)  # after Next low on a long question: the clock and the prompt

    @st.fragment(run_every=1)
    def countdown() -> None:
        # the bar fills as the question's time is used (empty when it opens, full when time is up);
        # the text says what is left of how much, so neither can be read as "nearly done"
        total = int(item["seconds"])
        left = min(max(int(opened.seconds_left()), 0), total)
        st.progress((total - left) / total,
                    text=f"Question {i + 1} of {len(entries)} · " + (f"{clock(left)} left of {clock(total)}" if left > 0
                                                                     else "time is up for this question"))
        # The bar is not announced. An alert is, once, when it appears, and its text stays the same
        # while it shows, so a screen reader hears each warning once (WCAG 2.2.1: warn before time runs out).
        if (warning := time_warning(left, total)) is not None:
            st.warning(warning, icon=":material/timer:")

    countdown()
    with st.container(border=True):
        show_bank_text(item["prompt"], trusted)
        candidate_extras(item, str(i), trusted)
    key = f"iv.ans.{i}"  # a position, never the question's id: keys reach the browser as CSS classes
    if key not in ss and q.id in saved:
        ss[key] = saved[q.id]

    def autosave() -> None:
        try:
            interviews.save_answer(token, q.id, ss.get(key))
        except ValueError as exc:  # TimeUp too: time is up, or the link closed (handed in, expired)
            st.toast(not_saved(exc))
        except STORAGE_ERRORS as exc:  # a callback: an error here would replace the page
            st.toast(f"Not saved: the server could not store it ({storage_reason(exc)}). Your answer is still on "
                     "this page; change it or move on to try again.")

    # a locked question says so in the countdown above (time_warning), once
    if not candidate_answer(item, key, saved.get(q.id), autosave, locked, trusted):
        typed_answer(item, key, saved.get(q.id), autosave, locked)
    last = i == len(entries) - 1
    confirming = last and ss.get("iv.cand.confirm", False)
    with st.container(horizontal=True):
        if st.button("← Previous", disabled=i == 0, key="iv.prev"):
            if not locked:
                autosave()
            ss["iv.cand.i"] = i - 1
            ss["iv.cand.confirm"] = False
            st.rerun()
        if st.button("Next →", disabled=last, type="secondary" if last else "primary", key="iv.next"):
            if not locked:
                autosave()
            ss["iv.cand.i"] = i + 1
            st.rerun()
        if last and st.button("I am done", key="iv.done", type="primary", disabled=confirming,
                              help="Asks you to confirm, then hands your answers in."):
            if not locked:
                autosave()  # kept even if they go back: only the confirmation hands in
            ss["iv.cand.confirm"] = True
            st.rerun()
    if confirming:
        hand_in(token, interviews, entries, saved, autosave, locked)


def resume_index(entries: list, position: int | None) -> int:
    """The page's index (into ``entries``, the questions it can show) of the interview's
    question ``position`` (:meth:`engine.interviews.Interviews.resume_position`).

    A question that no longer loads is not among ``entries``: the nearest shown one before it
    stands in (0, the start screen, when there is none or nothing was opened yet).
    """
    if position is None:
        return 0
    return max((n for n, (pos, _) in enumerate(entries) if pos <= position), default=0)


def not_saved(exc: Exception) -> str:
    """The toast for an answer the server refused: "Not saved: <reason>.", with one full stop.

    The reasons come in two shapes: clauses ("time is up for this question: ...", a limit's
    "... shorten it") and whole sentences (a closed link's "... Thank you."). Adding a full stop
    to every reason printed "Thank you.." on a tab left open after the hand-in.
    """
    reason = str(exc).strip()
    return f"Not saved: {reason}" + ("" if reason.endswith((".", "!", "?")) else ".")


#: the candidate is warned this many seconds before a question's time is up (when it has more)
WARN_SECONDS = 60


def time_warning(left: int, total: int) -> str | None:
    """What the candidate's page says as a question's time runs out: one warning a minute before
    (for questions longer than that), one when it is up; None before."""
    if left <= 0:
        return "Time is up for this question. Your answer as saved is kept; move on when you are ready."
    if total > WARN_SECONDS and left <= WARN_SECONDS:
        return "One minute left for this question."
    return None


def clock(seconds: int) -> str:
    """Seconds as m:ss, e.g. 298 -> "4:58"."""
    return f"{seconds // 60}:{seconds % 60:02d}"


def hand_in(token: str, interviews: Any, entries: list, saved: dict, autosave: Any, locked: bool) -> None:
    """The confirmation step of "I am done": the answers are handed in only on "Yes"."""
    ss = st.session_state
    answered = sum(is_answered(saved.get(e["id"])) for _, e in entries)
    with st.container(border=True):
        st.markdown("**Hand in your answers?**")
        st.markdown(f"You have answered {answered} of the {len(entries)} questions. Once handed in, your answers "
                    "cannot be changed and this link closes.")
        with st.container(horizontal=True):
            if st.button("Yes, hand in my answers", type="primary", key="iv.done.yes"):
                if not locked:
                    autosave()
                with contextlib.suppress(LinkClosed):
                    # closed meanwhile (it expired, or another tab handed in): the rerun shows the closed page
                    interviews.finish(token)
                ss["iv.cand.confirm"] = False
                st.rerun()
            if st.button("Not yet", key="iv.done.no"):
                ss["iv.cand.confirm"] = False
                st.rerun()


def your_name(iv: Any, token: str, interviews: Any) -> None:
    """Ask the candidate's name once, unless the interviewer gave it at set-up."""
    ss = st.session_state
    if iv.candidate_name or ss.get("iv.cand.named"):
        return

    def save_name() -> None:
        typed = (ss.get("iv.cand.name") or "").strip()
        if typed:
            try:
                interviews.set_candidate_name(token, typed)
            except STORAGE_ERRORS as exc:
                st.toast(f"Your name was not saved ({storage_reason(exc)}); try again in a moment.")
                return
            ss["iv.cand.named"] = True

    with st.container(border=True):
        st.text_input("Your name, for your interviewer's scorecard", key="iv.cand.name", max_chars=NAME_MAX,
                      on_change=save_name, placeholder="e.g. Ada Lovelace")


def typed_answer(item: dict, key: str, saved: Any, save: Any, locked: bool) -> None:
    """A free-text or numeric answer, saved while the candidate types."""
    from ui.live_text import live_text

    ss = st.session_state
    limit = int(CEILINGS["answer"].limit)
    st.markdown("Your answer" + (f" ({inert(item['unit'])})" if item.get("unit") else "")
                + f" · at most {limit:,} characters")

    def save_typed() -> None:
        state = ss.get(f"{key}.live")
        text = state.get("text") if isinstance(state, dict) else getattr(state, "text", None)
        ss[key] = text
        save()

    live_text(f"{key}.live", saved or "", save_typed, limit=limit, locked=locked)
    typed = ss.get(key, saved)
    if item["type"] == "numeric" and isinstance(typed, str) and typed.strip():
        try:  # said as Practice says it, so "0,24" is not graded as 24 without a word
            read_number(typed)
        except ValueError as exc:
            st.caption(f":material/info: {inert(str(exc), None)} Your answer is saved as typed; the auto-grade reads "
                       "numbers only.")
