"""The candidate's page after the hiring team's audit: a start screen that opens no question,
"saved" acknowledged by the server, a clock the browser counts between draws, no stale tab
overwriting a newer answer, and one-line live boxes for numbers and a derivation's steps.

AppTest has no driver for a v2 component: :func:`type_into` sends the state the component's JS
sends (``setStateValue('text', {text, rev})``) for the element with that key, and :func:`data`
reads what the page hands the component.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil

from engine.interviews import Interviews, TimeUp, interview_status
from engine.store import open_store, utcnow
from tests.conftest import FORMS_BANK
from tests.pages.conftest import button
from ui.interview_candidate import NEWER_ELSEWHERE, SAVES

IV = "app_pages/interview.py"
START = "Start the interview"


def make(content=("valid-single", "valid-free"), seconds=120):
    return Interviews(open_store()).create("Test interview", "ml-engineer", list(content), seconds, owner="ann")


def start(at):
    """Press Start where the page has one (so the other findings' tests also run on a page without it)."""
    if [b for b in at.button if b.label == START]:
        at = button(at, START).click().run()
    assert not at.exception, at.exception
    return at


def components(at, name=None):
    return [e for e in at.get("bidi_component") if name is None or e.proto.component_name == name]


def element(at, key):
    (el,) = [e for e in components(at) if e.proto.id.endswith(f"-{key}")]
    return el


def data(at, key) -> dict:
    return json.loads(element(at, key).proto.json)


def type_into(at, key, text, rev, reset=None):
    """What the live box under ``key`` reports when the candidate types ``text`` (report ``rev``),
    with the ``reset`` number the box was last given (as its JS does) unless one is named."""
    states = at._tree.get_widget_states()
    w = states.widgets.add()
    w.id = element(at, key).proto.id
    reset = data(at, key).get("reset", 0) if reset is None else reset
    w.json_value = json.dumps({"text": {"text": text, "rev": rev, "reset": reset}})
    at = at._run(states)
    assert not at.exception, at.exception
    return at


def shown(at) -> str:
    return " ".join(str(getattr(e, "value", "")) for e in at.main) + " ".join(e.proto.json for e in components(at))


# --- finding 5: a start screen ---------------------------------------------------------------
def test_opening_the_link_starts_no_clock_until_start_is_pressed(app):
    made = make(("valid-single", "valid-free"), seconds=300)
    ivs = Interviews(open_store())
    at = app(IV, t=made.candidate_token)
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == [START]
    text = shown(at)
    assert "**2 questions**, 5 minutes for each." in text and "saved as you type" in text and "I am done" in text
    assert at.text_input(key="iv.cand.name").label == "Your name, for your interviewer's scorecard"
    # no clock, no answer box: only the reporter of the browser (ui.browser_id)
    assert [c.proto.component_name for c in components(at)] == ["tunelab.browser_id"]
    for secret in ("Pick b.", "Explain.", "valid-single", "valid-free", "Because.", "Say this."):
        assert secret not in text and secret not in json.dumps({k: str(at.session_state[k]) for k in at.session_state})
    at = at.run()  # a rerun (or a reload, below) still opens nothing
    iv = ivs.as_interviewer(made.interviewer_token)
    assert iv.started_at is None and ivs.resume_position(made.candidate_token) is None
    assert interview_status(iv, 0) == "not started"
    again = app(IV, t=made.candidate_token)
    assert [b.label for b in again.button] == [START]

    at.text_input(key="iv.cand.name").input("Ada <b>L</b>")  # kept on the way: Start blurs the box
    at = button(at, START).click().run()
    assert not at.exception, at.exception
    assert data(at, "iv.cand.clock")["head"] == "Question 1 of 2"
    assert any("Pick b." in m.value for m in at.markdown)
    iv = ivs.as_interviewer(made.interviewer_token)
    assert iv.started_at is not None and iv.candidate_name == "Ada <b>L</b>"
    at = button(at, "Next →").click().run()
    reload = app(IV, t=made.candidate_token)  # after Start a reload goes back to the furthest question
    assert START not in [b.label for b in reload.button]
    assert data(reload, "iv.cand.clock")["head"] == "Question 2 of 2"


def test_a_name_the_interviewer_gave_is_shown_as_text_on_the_start_screen(app):
    made = Interviews(open_store()).create("T", "ml-engineer", ["valid-single", "valid-numeric"], 90, owner="ann",
                                           candidate_name="Ada *Lovelace*")
    at = app(IV, t=made.candidate_token)
    assert not at.exception, at.exception
    assert any(m.value == "**Candidate:** Ada \\*Lovelace\\*" for m in at.markdown)  # escaped: shown as typed
    assert not at.text_input
    assert any("**2 questions**, 1 min 30 s for each." == m.value for m in at.markdown)


def test_a_name_whose_change_was_not_yet_handled_is_saved_by_start(app):
    """Typing a name and pressing Start at once can bring both to the server in one run, the box's
    on_change unrun (a full browser run saw the interview start with no name): Start saves it."""
    made = make()
    at = app(IV, t=made.candidate_token)
    at.session_state["iv.cand.name"] = " Ada "  # the box holds it; its on_change never ran
    at = button(at, START).click().run()
    assert not at.exception, at.exception
    assert data(at, "iv.cand.clock")["head"] == "Question 1 of 2"
    iv = Interviews(open_store()).as_interviewer(made.interviewer_token)
    assert iv.started_at is not None and iv.candidate_name == "Ada"


def test_a_name_the_database_refused_at_start_starts_nothing_and_says_so(app, monkeypatch):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    made = make()
    at = app(IV, t=made.candidate_token)
    at.session_state["iv.cand.name"] = "Ada"

    def full(self, *args, **kwargs):
        raise OperationalError("UPDATE interviews", {}, sqlite3.OperationalError("database or disk is full"))

    with monkeypatch.context() as disk:
        disk.setattr(Interviews, "set_candidate_name", full)
        at = button(at, START).click().run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == [START]  # still the start screen: press again
    assert [t.value.replace("\\", "") for t in at.toast] == [
        "Your name was not saved (OperationalError: database or disk is full); try again in a moment."]
    assert Interviews(open_store()).as_interviewer(made.interviewer_token).started_at is None
    at = button(at, START).click().run()  # the disk has room again
    assert data(at, "iv.cand.clock")["head"] == "Question 1 of 2"
    assert Interviews(open_store()).as_interviewer(made.interviewer_token).candidate_name == "Ada"


# --- finding 1: "saved" means the server has the text ------------------------------------------
def test_the_box_is_told_the_text_the_server_holds_and_the_report_it_handled(app, monkeypatch):
    made = make(("valid-free", "valid-single"))
    at = start(app(IV, t=made.candidate_token))
    before = data(at, "iv.ans.0.live")
    assert before["stored"] == "" and before["ack"] == 0 and before["label"] == "Your answer"
    at = type_into(at, "iv.ans.0.live", "first words", 7)
    assert Interviews(open_store()).candidate_answers(made.candidate_token)["valid-free"] == "first words"
    after = data(at, "iv.ans.0.live")
    assert after["stored"] == "first words" and after["ack"] == 7  # the box may say "saved" now

    def refuse(self, token, qid, answer, now=None, expected=None):
        raise TimeUp("time is up for this question: your interviewer sees its last saved answer")

    monkeypatch.setattr(Interviews, "save_answer", refuse)
    at = type_into(at, "iv.ans.0.live", "first words, then late ones", 8)
    refused = data(at, "iv.ans.0.live")
    # handled (ack 8) but not stored: the box says "not saved", the toast says why
    assert refused["stored"] == "first words" and refused["ack"] == 8
    assert [t.value for t in at.toast] == ["Not saved: time is up for this question: your interviewer sees its "
                                           "last saved answer."]


def test_where_a_box_keeps_unsent_text_names_no_question(app):
    made, other = make(("valid-free", "valid-numeric")), make(("valid-free", "valid-numeric"))
    at = start(app(IV, t=made.candidate_token))
    slot = data(at, "iv.ans.0.live")["slot"]
    assert slot and "valid" not in slot and made.candidate_token not in slot
    assert data(start(app(IV, t=made.candidate_token)), "iv.ans.0.live")["slot"] == slot  # a reload finds it again
    assert data(start(app(IV, t=other.candidate_token)), "iv.ans.0.live")["slot"] != slot  # another link's own
    at = button(at, "Next →").click().run()
    assert data(at, "iv.ans.1.live")["slot"] not in (slot, "")
    assert "valid" not in " ".join(e.proto.json + e.proto.id for e in components(at))


# --- finding 2: a clock the browser counts between the server's draws ----------------------------
def test_the_clock_is_handed_to_the_browser_as_seconds_left(app):
    made = make()  # 120 s a question
    at = start(app(IV, t=made.candidate_token))
    assert not at.get("progress")  # no server-drawn bar that freezes when the line is down
    clock = data(at, "iv.cand.clock")
    assert clock["head"] == "Question 1 of 2" and clock["total"] == 120 and 115 <= clock["left"] <= 120
    assert element(at, "iv.cand.clock").proto.component_name == "tunelab.countdown"
    late = make()
    Interviews(open_store()).open_question(late.candidate_token, 0, now=utcnow() - dt.timedelta(seconds=65))
    at = app(IV, t=late.candidate_token)
    assert 50 <= data(at, "iv.cand.clock")["left"] <= 55
    assert [w.value for w in at.warning] == ["One minute left for this question."]  # still the server's alert


# --- finding 3: an older tab does not overwrite a newer answer --------------------------------------
def test_an_older_tab_moving_on_does_not_overwrite_the_answer_a_newer_tab_saved(app):
    made = make(("valid-single", "valid-free"))
    ivs = Interviews(open_store())
    old = start(app(IV, t=made.candidate_token))
    old.radio(key="iv.ans.0").set_value("a").run()
    new = app(IV, t=made.candidate_token)  # a second tab, opened later
    new.radio(key="iv.ans.0").set_value("c").run()
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "c"
    old = button(old, "Next →").click().run()  # the first tab still shows "a"
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "c"

    old = type_into(old, "iv.ans.1.live", "typed in the first tab", 1)
    new = button(new, "Next →").click().run()
    new = type_into(new, "iv.ans.1.live", "typed later in the second tab", 1)
    old = button(old, "← Previous").click().run()
    assert old.radio(key="iv.ans.0").value == "c"  # back at a question: the server's answer, not the tab's old one
    old = button(old, "Next →").click().run()
    old = button(old, "I am done").click().run()
    old = button(old, "Yes, hand in my answers").click().run()
    assert not old.exception, old.exception
    answers = ivs.answers(ivs.as_interviewer(made.interviewer_token).id)
    assert answers["valid-free"]["answer"] == "typed later in the second tab"
    assert answers["valid-single"]["answer"] == "c"


def test_what_this_tab_changed_is_still_saved_by_next(app):
    made = make(("valid-single", "valid-free"))
    ivs = Interviews(open_store())
    at = start(app(IV, t=made.candidate_token))
    at.session_state["iv.ans.0"] = "b"  # chosen on screen, its own save lost
    at = button(at.run(), "Next →").click().run()
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "b"


# --- finding 4: one-line live boxes for numbers and a derivation's steps ------------------------
def test_a_number_gets_a_one_line_live_box_with_a_short_limit(app):
    made = make(("valid-numeric",))
    at = start(app(IV, t=made.candidate_token))
    box = element(at, "iv.ans.0.live")
    d = json.loads(box.proto.json)
    assert box.proto.component_name == "tunelab.live_line" and 0 < d["limit"] <= 200
    assert d["label"].startswith("Your answer")
    assert not [m for m in at.markdown if "20,000 characters" in m.value]
    at = type_into(at, "iv.ans.0.live", "0.015", 3)
    assert Interviews(open_store()).candidate_answers(made.candidate_token)["valid-numeric"] == "0.015"


def test_a_derivations_steps_and_result_are_saved_as_they_are_typed(app, content_dir):
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    made = make(("form-derivation",), seconds=300)
    at = start(app(IV, t=made.candidate_token))
    assert not at.text_input  # no "Press Enter to apply" box
    lines = {e.proto.id.rsplit("-", 1)[1]: json.loads(e.proto.json) for e in components(at, "tunelab.live_line")}
    assert {k: v["label"] for k, v in lines.items()} == {"iv.ans.0.s1.live": "Step 2: your answer",
                                                         "iv.ans.0.final.live": "Result: your answer"}
    at.radio(key="iv.ans.0.s0").set_value("(1 - lr h) x").run()
    at = type_into(at, "iv.ans.0.final.live", "5.26", 1)  # never entered: saved all the same
    ivs = Interviews(open_store())
    assert ivs.candidate_answers(made.candidate_token)["form-derivation"] == {"steps": ["(1 - lr h) x", None],
                                                                              "final": "5.26"}
    assert data(at, "iv.ans.0.final.live")["stored"] == "5.26"
    again = app(IV, t=made.candidate_token)  # a reload: the boxes start from the server's text
    assert data(again, "iv.ans.0.final.live")["stored"] == "5.26"
    assert again.radio(key="iv.ans.0.s0").value == "(1 - lr h) x"


def test_handing_in_names_a_derivation_with_parts_left_empty(app, content_dir):
    # a derivation with one step given counts as answered: the candidate read "You have answered 2 of
    # the 2 questions" and handed in with a step and the result empty (a hiring team's walk-through)
    shutil.copy(FORMS_BANK, content_dir / "forms.yaml")
    made = make(("valid-single", "form-derivation"), seconds=300)
    ivs = Interviews(open_store())
    at = start(app(IV, t=made.candidate_token))
    ivs.save_answer(made.candidate_token, "valid-single", "b")
    ivs.open_question(made.candidate_token, 1)
    ivs.save_answer(made.candidate_token, "form-derivation", {"steps": ["(1 - lr h) x", None], "final": None})
    at = button(app(IV, t=made.candidate_token), "I am done").click().run()
    assert not at.exception, at.exception
    said = [m.value for m in at.markdown if "You have answered" in m.value]
    assert said == ["You have answered 2 of the 2 questions. Question 2 has a step or the result left empty. Once "
                    "handed in, your answers cannot be changed and this link closes."]


# --- a change typed in an older tab is refused, and that tab shows the newer answer -------------
def test_a_change_typed_in_an_older_tab_leaves_the_newer_answer_and_the_tab_shows_it(app):
    made = make(("valid-free", "valid-single"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))  # tab A opens question 1
    a = type_into(a, "iv.ans.0.live", "older", 1)
    b = app(IV, t=made.candidate_token)  # tab B (or another device) opens it too, then saves
    assert data(b, "iv.ans.0.live")["stored"] == "older"
    b = type_into(b, "iv.ans.0.live", "newer", 1)
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer"

    a = type_into(a, "iv.ans.0.live", "older, edited in the first tab", 2)  # A never saw "newer"
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer"  # not overwritten
    assert [t.value for t in a.toast] == [NEWER_ELSEWHERE]
    box = data(a, "iv.ans.0.live")
    # the box is handed the newer text, told to show it instead of its own (and drop its draft),
    # and the refused report counts as answered
    assert box["stored"] == "newer" and box["reset"] == 1 and box["ack"] == 2
    assert a.session_state[SAVES].bases["iv.ans.0"] == "newer"

    a = a.run()  # A's next run: the newer answer, the sentence said once
    assert data(a, "iv.ans.0.live")["stored"] == "newer" and not a.toast
    a = type_into(a, "iv.ans.0.live", "older, edited again", 3, reset=0)  # sent before the box showed "newer"
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer"
    a = type_into(a, "iv.ans.0.live", "newer, edited in the first tab", 4)  # typed over "newer": saved
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer, edited in the first tab"
    assert not a.toast


def test_a_choice_made_in_an_older_tab_leaves_the_newer_choice_and_the_tab_shows_it(app):
    made = make(("valid-single", "valid-free"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))
    b = app(IV, t=made.candidate_token)
    b = b.radio(key="iv.ans.0").set_value("c").run()
    a = a.radio(key="iv.ans.0").set_value("a").run()
    assert not a.exception, a.exception
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "c"
    assert [t.value for t in a.toast] == [NEWER_ELSEWHERE]
    assert a.radio(key="iv.ans.0").value == "c"
    a = a.radio(key="iv.ans.0").set_value("b").run()  # chosen over "c": saved
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "b" and not a.toast


def test_ticks_made_in_an_older_tab_leave_the_newer_ticks_and_the_tab_shows_them(app):
    made = make(("valid-multi", "valid-single"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))
    b = app(IV, t=made.candidate_token)
    boxes = {c.label: c.key for c in a.checkbox if c.key.startswith("iv.ans.0:cb")}
    b = b.checkbox(key=boxes["c"]).check().run()
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["c"]
    a = a.checkbox(key=boxes["a"]).check().run()
    assert not a.exception, a.exception
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["c"]
    assert [t.value for t in a.toast] == [NEWER_ELSEWHERE]
    assert {c.label: c.value for c in a.checkbox if c.key.startswith("iv.ans.0:cb")} == {"a": False, "b": False,
                                                                                        "c": True}
    a = button(a, "Next →").click().run()  # the tab holds no change of its own now: Next saves nothing
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["c"]
    assert data(a, "iv.cand.clock")["head"] == "Question 2 of 2"


def test_next_from_an_older_tab_with_an_unsaved_change_stays_to_show_the_newer_answer(app):
    made = make(("valid-single", "valid-free"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))
    b = app(IV, t=made.candidate_token)
    b.radio(key="iv.ans.0").set_value("c").run()
    a.session_state["iv.ans.0"] = "b"  # chosen on screen, its own save lost; then Next
    a = button(a, "Next →").click().run()
    assert not a.exception, a.exception
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "c"
    assert data(a, "iv.cand.clock")["head"] == "Question 1 of 2"  # kept on the question, showing "c"
    assert a.radio(key="iv.ans.0").value == "c"
    assert [t.value for t in a.toast] == [NEWER_ELSEWHERE]
    a = button(a, "Next →").click().run()  # seen: now it moves on
    assert data(a, "iv.cand.clock")["head"] == "Question 2 of 2"
    assert ivs.candidate_answers(made.candidate_token)["valid-single"] == "c"


def test_a_save_whose_callback_is_ended_early_for_a_newer_click_is_no_conflict_with_itself(app, monkeypatch):
    """Streamlit ends a callback at its next session-state access when a newer click is waiting
    (every access is a point where it checks). Ended just after the save, the tab must still know
    what it saved: the candidate's next tick was refused as typed over "another tab's" answer
    (CI, and 2 runs in 10 of the Chromium journey on a busy machine)."""
    from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    saves = Interviews.save_answer

    def save_then_a_newer_click_waits(self, *args, **kwargs):
        saves(self, *args, **kwargs)
        ctx = get_script_run_ctx()  # the same page, as a click on it asks
        ctx.script_requests.request_rerun(RerunData(query_string=ctx.query_string, page_script_hash=ctx.page_script_hash))

    made = make(("valid-multi", "valid-single"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))
    boxes = {c.label: c.key for c in a.checkbox if c.key.startswith("iv.ans.0:cb")}
    monkeypatch.setattr(Interviews, "save_answer", save_then_a_newer_click_waits)
    a = a.checkbox(key=boxes["a"]).check().run()
    assert not a.exception, a.exception
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["a"]
    monkeypatch.setattr(Interviews, "save_answer", saves)
    a = a.checkbox(key=boxes["c"]).check().run()
    assert not a.exception, a.exception
    assert not a.toast, [t.value for t in a.toast]
    assert ivs.candidate_answers(made.candidate_token)["valid-multi"] == ["a", "c"]


def test_a_double_click_on_next_moves_one_question(app):
    made = make(("valid-single", "valid-free", "valid-multi"))
    a = start(app(IV, t=made.candidate_token))
    button(a, "Next →").click()
    states = a._tree.get_widget_states()  # the press as the browser sends it, trigger and all
    a = a._run(states)
    assert data(a, "iv.cand.clock")["head"] == "Question 2 of 3"
    a = a._run(states)  # the same press again, as a double click's second reaches the server
    assert not a.exception, a.exception
    assert data(a, "iv.cand.clock")["head"] == "Question 2 of 3"


def test_a_change_whose_callback_was_cut_short_is_saved_by_the_next_run(app, monkeypatch):
    """Streamlit ends a callback at its first session-state access when the browser's next request
    is already waiting: the position boxes then show an order the server never got (a loaded
    Chromium run: the interviewer read an older order). The page's next run saves it."""
    made = make(("valid-ordering",), seconds=300)
    ivs = Interviews(open_store())
    at = start(app(IV, t=made.candidate_token))
    boxes = [s for s in at.selectbox if s.label.startswith("Position of: ")]
    steps = [b.label.removeprefix("Position of: ") for b in boxes]
    want = ["first", "second", "third"]
    for box, step in zip(boxes, steps):  # the boxes' new values, as a run whose callback never ran
        at.session_state[box.key] = str(want.index(step) + 1)
    at = at.run()
    assert not at.exception, at.exception
    assert ivs.candidate_answers(made.candidate_token)["valid-ordering"] == want
    saves, real = [], Interviews.save_answer
    monkeypatch.setattr(Interviews, "save_answer", lambda self, *a, **k: (saves.append(a), real(self, *a, **k))[1])
    at = at.run()  # nothing changed since: nothing saved again
    assert not at.exception, at.exception
    assert saves == []


def test_typing_in_a_tab_whose_link_was_replaced_says_so_in_a_sentence(app):
    """The nothing-lost walk-through: the interviewer made a new candidate link while the candidate
    typed in the old tab, and Streamlit's red error box replaced the page (the autosave caught a
    refused or failed save, not a link that no longer opens the interview)."""
    made = make(("valid-free", "valid-single"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))
    a = type_into(a, "iv.ans.0.live", "Typed before the new link.", 1)
    ivs.new_candidate_link(made.interview_id, "ann")
    a = type_into(a, "iv.ans.0.live", "Typed before the new link. And after it.", 2)  # no exception (asserted)
    assert any("no longer opens the interview" in t.value for t in a.toast), [t.value for t in a.toast]
    assert ivs.answers(made.interview_id)["valid-free"]["answer"] == "Typed before the new link."


def _live_view_page():
    import streamlit as st

    from engine.interviews import AccessDenied
    from ui.interview_interviewer import refreshed
    from ui.storage_errors import STORAGE_ERRORS

    def fails():
        raise st.session_state["error"]

    assert STORAGE_ERRORS
    st.session_state.setdefault("error", AccessDenied())
    refreshed(fails)


def test_the_live_views_own_refresh_says_a_replaced_link_or_an_outage_in_a_sentence():
    """Its 3-second refresh is a fragment's run, which the page's own refusals do not reach: a
    replaced link, an erased interview or a database away drew Streamlit's red error box."""
    import sqlalchemy.exc
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_live_view_page).run()
    assert not at.exception and "no longer opens the interview" in at.warning[0].value
    at.session_state["error"] = sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("server closed"))
    at.run()
    assert not at.exception and at.warning[0].value.startswith("The live view could not be refreshed")


def test_an_answer_the_database_refused_is_said_under_the_box_and_sent_again_until_stored(app, monkeypatch):
    """The nothing-lost walk-through: with the disk full, a pasted answer was refused with a toast
    gone in seconds, the box said "the page says why" and the page said nothing, and the answer was
    never sent again: only a further keystroke saved it after the space was freed."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    made = make(("valid-free", "valid-single"))
    ivs = Interviews(open_store())
    a = start(app(IV, t=made.candidate_token))

    def full(self, *args, **kwargs):
        raise OperationalError("UPDATE interview_answers", {}, sqlite3.OperationalError("database or disk is full"))

    with monkeypatch.context() as disk:
        disk.setattr(Interviews, "save_answer", full)
        a = type_into(a, "iv.ans.0.live", "A long answer pasted in.", 1)
    (said,) = [w.value.replace("\\", "") for w in a.warning if w.value.startswith("Not saved")]
    assert "(OperationalError: database or disk is full)" in said and "sent again" in said
    assert data(a, "iv.ans.0.live")["failed"] is True  # the box sends it again on its own
    # space freed
    a = type_into(a, "iv.ans.0.live", "A long answer pasted in.", 2)  # the box's own retry: the same text
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "A long answer pasted in."
    assert not [w for w in a.warning if w.value.startswith("Not saved")]
    assert data(a, "iv.ans.0.live")["failed"] is False


def test_an_answer_at_the_limit_says_its_end_may_have_been_cut(app):
    """A 24,891-character paste kept its first 20,000 (the box's maxlength) and the box said "saved"
    (a hiring team's walk): at the limit the page says text past it was not kept."""
    from engine.limits import CEILINGS

    limit = int(CEILINGS["answer"].limit)
    made = make(("valid-free", "valid-single"))
    at = start(app(IV, t=made.candidate_token))
    at = type_into(at, "iv.ans.0.live", "x" * (limit - 1), 1)
    assert not at.warning
    at = type_into(at, "iv.ans.0.live", "x" * limit, 2)
    (note,) = [w.value for w in at.warning]
    assert note.startswith(f"Your answer is at the {limit:,}-character limit: text past it was not kept")
    assert Interviews(open_store()).candidate_answers(made.candidate_token)["valid-free"] == "x" * limit


def test_a_choice_the_server_holds_says_saved_under_it(app):
    """Typed boxes said "saved" and choices said nothing, though the start screen promises the note
    (a hiring team's walk)."""
    made = make(("valid-single", "valid-free"))
    at = start(app(IV, t=made.candidate_token))
    assert not [c for c in at.caption if c.value.endswith(":material/check: saved")]  # nothing chosen yet
    at.radio(key="iv.ans.0").set_value("b").run()
    assert Interviews(open_store()).candidate_answers(made.candidate_token)["valid-single"] == "b"
    assert [c.value for c in at.caption if c.value.endswith("saved")] == [":material/check: saved"]
