"""Each browser that opens a candidate link is recorded, and the interviewer is told of a second one.

AppTest has no driver for a v2 component: :func:`report` sends the state the reporter's JS sends
(``setStateValue('id', <the id it keeps>)``).
"""

from __future__ import annotations

import json

from engine.interviews import Interviews
from engine.store import open_store
from tests.pages.conftest import said
from ui.interview_interviewer import SECOND_BROWSER

IV = "app_pages/interview.py"


def reporter(at):
    (el,) = [e for e in at.get("bidi_component") if e.proto.component_name == "tunelab.browser_id"]
    return el


def report(at, browser_id):
    states = at._tree.get_widget_states()
    w = states.widgets.add()
    w.id = reporter(at).proto.id
    w.json_value = json.dumps({"id": browser_id})
    at = at._run(states)
    assert not at.exception, at.exception
    return at


def warnings(at) -> list[str]:
    return [said(w.value) for w in at.warning]


def test_each_browser_is_recorded_once_and_a_second_is_told_to_the_interviewer(app):
    ivs = Interviews(open_store())
    made = ivs.create("Test interview", "ml-engineer", ["valid-single", "valid-free"], 120, owner="ann")
    phone = app(IV, t=made.candidate_token)
    assert json.loads(reporter(phone).proto.json) == {"known": False}  # the browser is asked for its id
    phone = report(phone, "a" * 32)
    assert [b.kind for b in ivs.browsers(made.interview_id)] == ["an unknown browser"]  # AppTest sends no header
    # the session has reported: the browser is told so and reports nothing more (its JS reads "known")
    assert json.loads(reporter(phone).proto.json) == {"known": True}
    assert len(ivs.browsers(made.interview_id)) == 1

    boss = app(IV, t=made.interviewer_token)
    assert not boss.exception, boss.exception
    assert not [w for w in warnings(boss) if "browsers" in w]  # one browser is the candidate's own

    laptop = report(app(IV, t=made.candidate_token), "b" * 32)  # the same link in another browser
    assert not laptop.exception, laptop.exception
    boss = boss.run()
    (told,) = [w for w in warnings(boss) if "browsers" in w]
    assert told.startswith("The candidate link was opened in 2 browsers: an unknown browser (first, ")
    assert told.endswith(SECOND_BROWSER)
    boss.session_state["iv.tabs"] = "Scorecard"
    boss = boss.run()
    assert any("opened in 2 browsers" in c.value for c in boss.caption)


def test_a_report_the_page_never_makes_records_nothing_and_stops_nothing(app):
    ivs = Interviews(open_store())
    made = ivs.create("Test interview", "ml-engineer", ["valid-single"], 120, owner="ann")
    at = report(app(IV, t=made.candidate_token), "<img src=x onerror=alert(1)>")
    assert ivs.browsers(made.interview_id) == []
    assert [b.label for b in at.button] == ["Start the interview"]  # the page goes on
    assert "This link is yours alone: your interviewer sees which browsers have opened it" in " ".join(
        m.value for m in at.markdown)
