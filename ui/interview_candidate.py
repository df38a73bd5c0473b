"""The candidate's page of a mock interview.

Nothing on it names a question: widget keys, CSS classes and the URL carry positions only,
and the server (not the browser) keeps each question's time; the browser only counts down
between the server's draws of the clock (:func:`ui.live_text.countdown`).

A fresh link opens on a start screen (name, how many questions, time per question, what happens)
that opens no question: question 1's clock starts on Start. Once a question was opened, a reload
goes straight back to the furthest one.

Two tabs (or devices) on one link: every save states the answer this tab's change was made over
(``expected``), and the server refuses it when another tab saved a newer one meanwhile. This tab
then shows the newer answer (:func:`take_newer`) and says that its change was not saved.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from engine.content.answers import is_answered, is_partial
from engine.content.numbers import placeholder
from engine.interviews import GRACE_SECONDS, NAME_MAX, AccessDenied, AnswerChanged, LinkClosed, same_answer
from engine.labels import and_list
from engine.limits import CEILINGS
from engine.tab_saves import TabSaves
from ui.browser_id import report_browser
from ui.element_keys import element_class
from ui.interview_forms import (LOCKED_PLACEHOLDER, candidate_answer, candidate_extras, candidate_item,
                                questions_of, unreadable_number_note)
from ui.live_text import countdown, live_text
from ui.scroll import bring_into_view
from ui.storage_errors import STORAGE_ERRORS, storage_reason
from ui.text import inert, show_bank_text


def candidate_view(iv: Any, token: str, interviews: Any, library: Any) -> None:
    ss = st.session_state
    qs, uploaded = questions_of(iv, library)
    entries = [(pos, e) for pos, e in enumerate(iv.questions) if e["id"] in qs]
    st.title(inert(iv.title), anchor=False)
    # each browser that opens the link is recorded for the interviewer: a link is the candidate's
    # only key, and a second holder could read and change the answers unseen (a hiring team's walk)
    agent = st.context.headers.get("User-Agent")

    def note_browser(browser_id: str) -> None:
        with contextlib.suppress(ValueError, AccessDenied, LinkClosed, *STORAGE_ERRORS):
            interviews.note_browser(token, browser_id, agent)

    report_browser(note_browser)
    gone = len(iv.questions) - len(entries)
    if gone:  # the banks changed since the interview was set up; never name the questions here
        st.warning(f"{gone} of the {len(iv.questions)} questions of this interview are no longer available and "
                   "are left out; your interviewer can see which.")
    if not entries:
        st.error("No question of this interview can be shown. Please tell your interviewer.")
        st.stop()
    if "iv.cand.i" not in ss:  # a fresh session (a reload, a new tab): back where the candidate was
        position = interviews.resume_position(token)
        if position is None:  # nothing opened yet: no clock runs until the candidate presses Start
            start_screen(iv, token, interviews, entries)
            return
        ss["iv.cand.i"] = resume_index(entries, position)
    st.caption(f"{len(entries)} question{'' if len(entries) == 1 else 's'}. Your answers are saved as you go; "
               "you can reload this page safely: the clock is kept on the server.")
    tab = ss.setdefault(SAVES, TabSaves())  # read here, so that a callback updates it without touching session state
    saved = tab.read(lambda: interviews.candidate_answers(token))  # after a save of a replaced run under way
    i = max(0, min(ss["iv.cand.i"], len(entries) - 1))
    pos, entry = entries[i]
    q = qs[entry["id"]]
    trusted = q.id not in uploaded
    opened = interviews.open_question(token, pos)
    locked = opened.seconds_left() < -GRACE_SECONDS
    # after Next low on a long question: the clock and the prompt in view, the prompt with the keyboard.
    # When its time runs out while the candidate types, the box locks and the keyboard fell to the page:
    # it goes to "Time is up" (said, and Tab goes on to the buttons from there), the page left as it was
    bring_into_view("iv.cand.in_view", i, focus="iv.cand.card", phase=locked, phase_focus=TIME_UP_CSS if locked else "")

    @st.fragment(run_every=1)
    def timer() -> None:
        # the bar fills as the question's time is used (empty when it opens, full when time is up);
        # the text says what is left of how much, so neither can be read as "nearly done". The
        # browser counts on between these draws (a lost connection froze a server-drawn clock);
        # each draw resets it to the server's measure.
        total = int(entry["seconds"])
        seconds_left = opened.seconds_left()
        countdown("iv.cand.clock", seconds_left, total, f"Question {i + 1} of {len(entries)}")
        # The bar is not announced. An alert is, once, when it appears, and its text stays the same
        # while it shows, so a screen reader hears each warning once (WCAG 2.2.1: warn before time runs out).
        if (warning := time_warning(min(max(int(seconds_left), 0), total), total, locked)) is not None:
            with st.container(key="iv.cand.time"):
                st.warning(warning, icon=":material/timer:")
        if not locked and seconds_left < -GRACE_SECONDS:
            st.rerun(scope="app")  # the answer locks when the grace ends, not at the candidate's next action

    timer()  # before the question is drawn (a figure's first draw takes a while): the clock's draw is fresh
    item = candidate_item(q, entry["seconds"], iv.id)  # the interview's seed: the interviewer sees the same variant
    with st.container(border=True, key="iv.cand.card"):
        show_bank_text(item["prompt"], trusted)
        candidate_extras(item, str(i), trusted)
    key = f"iv.ans.{i}"  # a position, never the question's id: keys reach the browser as CSS classes
    if ss.get("iv.cand.loaded") != i:  # this tab arrives at the question: start from the server's answer
        forget_answer(key)
        if saved.get(q.id) is not None:
            ss[key] = copy.deepcopy(saved[q.id])
        tab.arrive(key, saved.get(q.id))
        ss["iv.cand.loaded"] = i  # last: a run cut short before this arrives at the question again
    if (notice := ss.pop(NOTICE, None)) is not None:  # set by a save refused in this tab's last action
        st.toast(notice)

    def autosave() -> bool:
        """Save this tab's answer, made over the one it last loaded or saved; False when another
        tab's newer answer refused it (this tab then starts again from that answer: :func:`take_newer`).

        The answer is read from session state inside :meth:`TabSaves.save` (one save at a time,
        and a replaced run ends at that read), and nothing in it touches session state after the
        save: every access is a point where Streamlit ends a callback when a newer click is
        waiting, and a save kept without its record made the tab's next change look typed over
        another tab's answer (and refused)."""
        ss.pop(FAILED, None)  # before the save: no session-state access after it (above)
        try:
            tab.save(key, lambda: ss.get(key),
                     lambda value, expected: interviews.save_answer(token, q.id, value, expected=expected))
        except AnswerChanged:  # before ValueError, which it is
            take_newer(key)
            return False
        except LinkClosed as exc:  # handed in or expired in another tab meanwhile: the page says so next
            st.toast(f"Not saved: {exc}")
        except AccessDenied:  # the link was replaced or the interview removed meanwhile: the page says so next
            st.toast("Not saved: this link no longer opens the interview (a new link was made for it, or the "
                     "interview was removed). Ask your interviewer for the new link.")
        except ValueError as exc:  # TimeUp too: time is up, or the link closed (handed in, expired)
            st.toast(not_saved(exc))
        except STORAGE_ERRORS as exc:  # a callback: an error here would replace the page
            # kept for the page to say under the box (a toast was gone in seconds), and the box sends
            # the text again on its own until it is stored (the walk-through's full disk: only a
            # further keystroke saved it)
            ss[FAILED] = storage_reason(exc)
        return True

    def save_changes() -> bool:
        """Previous, Next and "I am done" save what this tab changed since its own last save, and
        nothing else: another tab may have saved a newer answer meanwhile, which this tab's older
        copy would overwrite. False when a change was refused for that newer answer: the button
        then stays on the question, which the rerun shows with the newer answer."""
        if not locked and ss.get(key) != tab.bases.get(key):
            return autosave()
        return True

    # a locked question says so in the countdown above (time_warning), once
    if not candidate_answer(item, key, saved.get(q.id), autosave, locked, trusted, draft_slot(token), RESET):
        typed_answer(item, key, saved.get(q.id), autosave, locked, draft_slot(token))
    elif not item.get("steps") and is_answered(ss.get(key)) and same_answer(ss.get(key), saved.get(q.id)):
        # a choice, ticks or an order: the server holds what is on screen. Only typed boxes said "saved",
        # though the start screen promises the note (a hiring team's walk); a refused save says why above
        st.caption(":material/check: saved")
    last = i == len(entries) - 1
    confirming = ss.get("iv.cand.confirm", False)
    # Previous and Next are keyed by the question: the second click of a double click is aimed at
    # this question's button, which the next question does not draw, so it moves no further
    with st.container(horizontal=True):
        if st.button("← Previous", disabled=i == 0, key=f"iv.prev.{i}"):
            if save_changes():
                ss["iv.cand.i"] = i - 1
                ss["iv.cand.confirm"] = False
            st.rerun()
        if st.button("Next →", disabled=last, type="secondary" if last else "primary", key=f"iv.next.{i}"):
            if save_changes():
                ss["iv.cand.i"] = i + 1
                ss["iv.cand.confirm"] = False
            st.rerun()
        # under every question: handing in early took pressing Next through the rest, which opened
        # each and started its clock (a hiring team's walk); Next leads until the last question
        if st.button("I am done", key="iv.done", type="primary" if last else "secondary", disabled=confirming,
                     help="Asks you to confirm, then hands your answers in."):
            # kept even if they go back: only the confirmation hands in
            ss["iv.cand.confirm"] = save_changes()
            ss["iv.cand.asked"] = ss.get("iv.cand.asked", 0) + 1  # each asking brings the box into view
            st.rerun()
    if confirming:
        hand_in(token, interviews, entries, saved, save_changes)
    elif ss.get("iv.cand.loaded") == i and ss.get(key) != tab.tried.get(key):
        # A widget saves in its callback, but Streamlit ends a callback at its first session-state
        # access when the browser's next request is already waiting: under load a candidate's last
        # change of an ordering stayed on screen and unsaved until Next (the interviewer read an
        # older order). A run that draws the question saves what it shows, as Next does, when
        # that was never put to the server (a refused one is not tried again on every run: its
        # toast said why; the next change or Next tries again).
        save_changes()


#: where the page keeps a sentence for its next run (a refusal met in a button's handler, which reruns)
NOTICE = "iv.cand.notice"
#: where "Time is up" is, for the keyboard when the question locks (a key of ours, as a class)
TIME_UP_CSS = f".{element_class('iv.cand.time')} [data-testid='stAlert']"
#: why this tab's last save failed (the database refused it), until a save goes through
FAILED = "iv.cand.save_failed"
#: how many times this tab took another tab's newer answer: raised, the live boxes show the server's text
RESET = "iv.cand.reset"
#: this tab's :class:`engine.tab_saves.TabSaves`: for each question's key (a position's), the answer
#: its next change is made over and the one it last put to the server; one save at a time
SAVES = "iv.cand.saves"
NEWER_ELSEWHERE = ("Another tab or window saved a newer answer to this question, so your change here was not "
                   "saved; this tab now shows the newer answer.")


def forget_answer(key: str) -> None:
    """Drop what this session holds of the answer under ``key`` (a position's), so that its
    widgets start again from the server's answer: the tab may have been away while another tab
    saved a newer one. That is the page's copies (``key``, a derivation's ``{key}.s<n>`` and
    ``{key}.final``) and the ticks and numbers of the question's checkboxes and position boxes
    (``{key}:cb<n>``, ``{key}:pos<n>``): those go by themselves only when the question is not
    drawn, and after a refused save the same question is drawn again. A live box keeps its
    state (``.live``, ``.ack``): :data:`RESET` tells it to show the server's text."""
    ss = st.session_state
    for k in [k for k in ss if isinstance(k, str)
              and (k == key or k.startswith((f"{key}.s", f"{key}:")) or k == f"{key}.final")
              and not k.endswith((".ack", ".live"))]:
        del ss[k]


def take_newer(key: str) -> None:
    """Another tab or window saved a newer answer than the one this tab's change to the question
    under ``key`` was made over, and the server refused the change: this tab's next run starts
    again from the server's answer (as on arriving at the question), its live boxes replace
    their text and the draft they keep in the tab with it, and the page says so once."""
    ss = st.session_state
    # first: cut short after it (see autosave), the next run still arrives at the question afresh;
    # cut short before it, this tab's record of the stored answer is still old, so its next change
    # is refused again and comes back here
    ss.pop("iv.cand.loaded", None)
    forget_answer(key)
    ss[RESET] = int(ss.get(RESET, 0)) + 1
    ss[NOTICE] = NEWER_ELSEWHERE


def draft_slot(token: str) -> Callable[[str], str]:
    """Where a live box keeps its unsent text in the tab: a digest of the link and the box's key
    (a position), so it names no question and two interviews in one tab do not mix."""

    def slot(key: str) -> str:
        return hashlib.sha256(f"tunelab-draft:{token}:{key}".encode()).hexdigest()[:24]

    return slot


def start_screen(iv: Any, token: str, interviews: Any, entries: list) -> None:
    """What the candidate sees before any question: who, how many questions, how long each, what
    happens, and Start. Nothing here opens a question, so opening the link (the day before, or
    an interviewer's look) starts no clock and leaves the interview "not started"."""
    ss = st.session_state
    seconds = sorted({int(e["seconds"]) for _, e in entries})
    each = (f"{duration(seconds[0])} for each" if len(seconds) == 1
            else f"from {duration(seconds[0])} to {duration(seconds[-1])} each")
    with st.container(border=True):
        if iv.candidate_name and not ss.get("iv.cand.named"):
            st.markdown(f"**Candidate:** {inert(iv.candidate_name, 120)}")
        else:
            your_name(iv, token, interviews)
        st.markdown(f"**{len(entries)} question{'' if len(entries) == 1 else 's'}**, {each}.")
        st.markdown(
            "- One question at a time. Its clock starts when it first appears and keeps running if you reload "
            "the page or lose the connection: the server keeps the time.\n"
            "- Your answers are saved as you type; the note under a box says *saved* once the server has your text.\n"
            "- **Previous** and **Next** move between the questions.\n"
            "- **I am done**, under every question, asks you to confirm, then hands your answers in and closes "
            "this link.\n"
            "- This link is yours alone: your interviewer sees which browsers have opened it, and when.")
        st.caption("Nothing starts until you press Start: you may open this link beforehand to check that it works.")
        if st.button("Start the interview", type="primary", key="iv.start"):
            # a name typed just before the press may reach the server in the same run as the press,
            # with its own on_change not yet run: the press saves it too, or starts nothing
            if save_name(token, interviews) is not False:
                ss["iv.cand.i"] = 0
                st.rerun()


def duration(seconds: int) -> str:
    """A time per question as people say it: 300 -> "5 minutes", 90 -> "1 min 30 s", 45 -> "45 seconds"."""
    minutes, rest = divmod(int(seconds), 60)
    if not minutes:
        return f"{rest} seconds"
    if rest:
        return f"{minutes} min {rest} s"
    return f"{minutes} minute" + ("" if minutes == 1 else "s")


def resume_index(entries: list, position: int | None) -> int:
    """The page's index (into ``entries``, the questions it can show) of the interview's
    question ``position`` (:meth:`engine.interviews.Interviews.resume_position`).

    A question that no longer loads is not among ``entries``: the nearest shown one before it
    stands in (0, the first question, when there is none or nothing was opened yet).
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


def time_warning(left: int, total: int, locked: bool = True) -> str | None:
    """What the candidate's page says as a question's time runs out: one warning a minute before
    (for questions longer than that), one when it is up; None before. Until ``locked`` (the few
    seconds' grace after the limit) the box still takes an answer, marked late: the page said
    "Your answer as saved is kept" while the box took a last change, saved, and late on the
    scorecard (the hiring walk-through)."""
    if left <= 0 and not locked:
        return ("Time is up for this question. A change made now is saved but marked late, and the answer "
                "locks in a few seconds.")
    if left <= 0:
        return "Time is up for this question. Your answer as saved is kept; move on when you are ready."
    if total > WARN_SECONDS and left <= WARN_SECONDS:
        return "One minute left for this question."
    return None


def hand_in(token: str, interviews: Any, entries: list, saved: dict, save_changes: Callable[[], bool]) -> None:
    """The confirmation step of "I am done": the answers are handed in only on "Yes", and not when
    this tab's last change was refused for another tab's newer answer (the candidate sees it first)."""
    ss = st.session_state
    # a derivation with a step or its result left empty counts as answered: say which, before it is too late
    # (a candidate read "You have answered 6 of the 6" with two steps and a result empty: hiring walk-through)
    partly = [str(n) for n, (_, e) in enumerate(entries, start=1) if is_partial(saved.get(e["id"]))]
    # and which have no answer: "answered 3 of the 7" left the candidate to find the four (a hiring team's walk)
    blank = [str(n) for n, (_, e) in enumerate(entries, start=1) if not is_answered(saved.get(e["id"]))]
    answered = len(entries) - len(blank)
    with st.container(border=True, key="iv.cand.confirm"):
        st.markdown("**Hand in your answers?**")
        of = "the one question" if len(entries) == 1 else f"the {len(entries)} questions"  # not "the 1 questions"
        some = ""
        if partly:
            which = f"Question {partly[0]} has" if len(partly) == 1 else f"Questions {and_list(partly)} have"
            some = f" {which} a step or the result left empty."
        if blank and len(blank) < len(entries):
            some += (f" Question {blank[0]} has" if len(blank) == 1 else f" Questions {and_list(blank)} have") + \
                " no answer."
        st.markdown(f"You have answered {answered} of {of}.{some} Once handed in, your answers "
                    "cannot be changed and this link closes.")
        with st.container(horizontal=True):
            if st.button("Yes, hand in my answers", type="primary", key="iv.done.yes"):
                if save_changes():
                    with contextlib.suppress(LinkClosed):
                        # closed meanwhile (it expired, or another tab handed in): the rerun shows the closed page
                        interviews.finish(token)
                ss["iv.cand.confirm"] = False
                st.rerun()
            if st.button("Not yet", key="iv.done.no"):
                ss["iv.cand.confirm"] = False
                st.rerun()
    # on a phone the box opens below the screen, under the last question and its buttons; the
    # question it asks takes the keyboard (a screen reader said nothing of it)
    bring_into_view("iv.cand.confirm_view", ss.get("iv.cand.asked"), above=False, focus="iv.cand.confirm")


def save_name(token: str, interviews: Any) -> bool | None:
    """Save the name in the box, once: True when saved now, False when storage refused it (the
    candidate is told), None when there was nothing new to save."""
    ss = st.session_state
    typed = (ss.get("iv.cand.name") or "").strip()
    if not typed or ss.get("iv.cand.named") == typed:
        return None
    try:
        interviews.set_candidate_name(token, typed)
    except STORAGE_ERRORS as exc:
        st.toast(f"Your name was not saved ({storage_reason(exc)}); try again in a moment.")
        return False
    ss["iv.cand.named"] = typed
    return True


def your_name(iv: Any, token: str, interviews: Any) -> None:
    """The candidate's name box on the start screen (saved on Enter, when the box loses focus, and
    by Start)."""
    st.text_input("Your name, for your interviewer's scorecard", key="iv.cand.name", max_chars=NAME_MAX,
                  on_change=save_name, args=(token, interviews), placeholder="e.g. Ada Lovelace")


#: the characters a number's one-line box takes ("1.5e-2", "0.015 (1.5 %)", with room to spare)
NUMBER_MAX = 100


def typed_answer(item: dict, key: str, saved: Any, save: Callable[[], None], locked: bool,
                 slot: Callable[[str], str]) -> None:
    """A free-text answer (a text area) or a number (one line), saved while the candidate types."""
    ss = st.session_state
    numeric = item["type"] == "numeric"
    unit = f" ({inert(item['unit'])})" if item.get("unit") else ""
    limit = NUMBER_MAX if numeric else int(CEILINGS["answer"].limit)
    st.markdown("Your answer" + unit + (" · a number" if numeric
                                       else f" · at most {limit:,} characters"))

    def save_typed(text: str) -> None:
        ss[key] = text
        save()

    live = f"{key}.live"
    failed = ss.get(FAILED)
    typed = live_text(live, saved if isinstance(saved, str) else None, save_typed, limit=limit, locked=locked,
                      failed=bool(failed),
                      slot=slot(live), label="Your answer" + (f" ({item['unit']})" if item.get("unit") else ""),
                      one_line=numeric, width=320 if numeric else "stretch", reset_key=RESET,
                      placeholder=LOCKED_PLACEHOLDER if locked else placeholder(bool(item.get("whole"))) if numeric else
                      "Type your answer; it is saved as you type.")
    if failed and not locked and typed != (saved if isinstance(saved, str) else ""):
        st.warning(f"Not saved: the server could not store your answer ({failed}). It is sent again every few "
                   "seconds; your text stays on this page and in this tab meanwhile.", icon=":material/sync_problem:")
    if not numeric and typed and len(typed) >= limit:
        # the box takes no more (maxlength): a longer paste was cut at the limit while the note said
        # "saved", its end (often the conclusion) gone unseen (a hiring team's walk)
        st.warning(f"Your answer is at the {limit:,}-character limit: text past it was not kept, so a longer "
                   "paste lost its end. Check the end of your answer.", icon=":material/content_cut:")
    if numeric:
        unreadable_number_note(typed, item)
