"""The interview boundary in a real browser (issue 11): nothing that names a question or gives away
its key reaches the candidate's page or websocket; the server keeps the time; "I am done" locks."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from engine.content.loader import load_library
from engine.interviews import Interviews
from engine.store import Store
from tests.browser.support import click_until, served_env, start_interview, wait_idle

pytestmark = pytest.mark.browser

SECRET_BANK = """bank: hushbank-q7
title: Questions the candidate must not identify
questions:
  - id: hush-zeta-single
    type: single_choice
    prompt: Which optimiser keeps a running mean of squared gradients and nothing else?
    choices: [RMSprop, Plain SGD, Nesterov momentum]
    answer: RMSprop
    difficulty: easy
    topics: [adaptive-optimisers]
    roles: [ml-engineer]
    explanation: Explanation-marker-31 says RMSprop divides by the root of the running mean.
    model_answer: Model-marker-47 running mean of squared gradients.
    key_points: [Keypoint-marker-52 squared gradients]
    common_mistakes: [Mistake-marker-66 confusing with Adam]
    follow_ups: [Followup-marker-78 what does Adam add]
  - id: hush-eta-numeric
    type: numeric
    prompt: The gradient is 4 and the rate 0.25. How long is one plain step?
    answer: {value: 1.0, abs_tol: 1.0e-9}
    difficulty: easy
    topics: [learning-rate]
    roles: [ml-engineer]
    explanation: Explanation-marker-32 four times a quarter.
    model_answer: Model-marker-48 one.
    key_points: [Keypoint-marker-53 rate times gradient]
    common_mistakes: [Mistake-marker-67 dividing]
    follow_ups: [Followup-marker-79 and with momentum]
  - id: hush-theta-free
    type: free_text
    prompt: Say why a learning rate that is too high can make the loss explode.
    difficulty: medium
    topics: [learning-rate]
    roles: [ml-engineer]
    explanation: Explanation-marker-33 overshooting grows each step.
    model_answer: Model-marker-49 each step overshoots further.
    key_points: [Keypoint-marker-54 overshoot, Keypoint-marker-55 curvature limit]
    common_mistakes: [Mistake-marker-68 blaming the data]
    follow_ups: [Followup-marker-80 how to detect it early]
"""


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """This module's server (the browser conftest's ``server``) serves the secret bank beside valid.yaml."""
    return served_env(tmp_path_factory.mktemp("boundary"), {"hush.yaml": SECRET_BANK})


def interviews(server_env) -> Interviews:
    return Interviews(Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db"))


def secrets_of(server_env) -> list[str]:
    lib = load_library([server_env["TUNELAB_CONTENT_DIR"] + "/hush.yaml"])
    out = ["hushbank-q7"]
    for q in lib.questions:
        out += [q.id, q.explanation, q.model_answer, *q.key_points, *q.common_mistakes, *q.follow_ups]
    return out


def test_nothing_identifying_reaches_the_candidates_page_or_websocket(server, server_env, page):
    made = interviews(server_env).create("Boundary check", "ml-engineer",
                                         ["hush-zeta-single", "hush-eta-numeric", "hush-theta-free"], 120, owner="o")
    frames: list[bytes] = []

    def on_ws(ws):
        ws.on("framereceived", lambda payload: frames.append(payload if isinstance(payload, bytes)
                                                             else payload.encode()))
        ws.on("framesent", lambda payload: frames.append(payload if isinstance(payload, bytes)
                                                         else payload.encode()))

    page.on("websocket", on_ws)
    page.goto(f"{server}/interview?t={made.candidate_token}")
    wait_idle(page)
    html = [page.content()]  # the start screen
    start_interview(page)
    html.append(page.content())
    page.get_by_text("RMSprop").click()
    wait_idle(page)
    for n in (2, 3):
        click_until(page, page.get_by_role("button", name="Next →"), page.get_by_text(re.compile(rf"^Question {n} of ")))
        html.append(page.content())
    urls = [page.url]
    seen = b"".join(frames) + "".join(html + urls).encode()
    assert frames, "no websocket traffic was captured"
    for secret in secrets_of(server_env):
        assert secret.encode() not in seen, f"{secret!r} reached the candidate"
    # the answer string of the numeric question, in any of its forms
    assert not re.search(rb"value\W{0,4}1\.0\b", seen)


def test_the_clock_survives_a_reload_and_i_am_done_locks_the_link(server, server_env, page):
    ivs = interviews(server_env)
    made = ivs.create("Clock check", "ml-engineer", ["hush-zeta-single"], 120, owner="o")
    page.goto(f"{server}/interview?t={made.candidate_token}")
    wait_idle(page)
    assert ivs.as_interviewer(made.interviewer_token).started_at is None  # the start screen starts no clock
    start_interview(page)

    def left() -> int:
        text = page.get_by_text(re.compile(r"\d+:\d\d left")).first.inner_text()
        m, s = re.search(r"(\d+):(\d\d) left", text).groups()
        return int(m) * 60 + int(s)

    first = left()
    assert page.get_by_text(re.compile(r"\d+:\d\d left of 2:00")).count() == 1  # what is left of how much
    used = int(page.get_by_role("progressbar").first.get_attribute("aria-valuenow") or 0)
    assert used <= 10  # the bar fills as time is used: nearly empty when the question opens
    time.sleep(3)
    page.reload()
    wait_idle(page)
    assert left() <= first - 2  # the countdown did not restart
    iv = ivs.as_interviewer(made.interviewer_token)
    assert iv.started_at is not None
    page.get_by_text("RMSprop").click()
    wait_idle(page)
    click_until(page, page.get_by_role("button", name="I am done"), page.get_by_text("Hand in your answers?"))
    # "I am done" only asks: nothing is handed in until the candidate confirms
    expect(page.get_by_text("Hand in your answers?")).to_be_visible()
    assert ivs.as_interviewer(made.interviewer_token).finished_at is None
    page.get_by_role("button", name="Not yet").click()
    wait_idle(page)
    expect(page.get_by_text("Hand in your answers?")).to_have_count(0)
    assert ivs.as_interviewer(made.interviewer_token).finished_at is None
    click_until(page, page.get_by_role("button", name="I am done"), page.get_by_text("Hand in your answers?"))
    click_until(page, page.get_by_role("button", name="Yes, hand in my answers"),
                page.get_by_text("This interview is finished"))
    page.reload()
    wait_idle(page)
    expect(page.get_by_text("This interview is finished")).to_be_visible()
    assert ivs.as_interviewer(made.interviewer_token).finished_at is not None
    assert ivs.answers(iv.id)["hush-zeta-single"]["answer"] == "RMSprop"


def test_a_question_locks_when_its_grace_ends_without_the_candidate_acting(server, server_env, page):
    """The hiring walk-through: the page drew a question locked only on the candidate's next action,
    so a box left open after the limit took typing that the server then refused."""
    import datetime as dt

    from engine.interviews import GRACE_SECONDS
    from engine.store import utcnow

    ivs = interviews(server_env)
    made = ivs.create("Lock check", "ml-engineer", ["hush-zeta-single"], 30, owner="o")
    # opened 33 s ago: 3 s past its 30 s limit, 7 s of grace left
    ivs.open_question(made.candidate_token, 0, now=utcnow() - dt.timedelta(seconds=33))
    page.goto(f"{server}/interview?t={made.candidate_token}")
    wait_idle(page)
    choice = page.get_by_role("radio", name="RMSprop")
    expect(choice).to_be_enabled()
    expect(choice).to_be_disabled(timeout=(GRACE_SECONDS + 8) * 1000)


def test_on_a_phone_i_am_done_brings_its_question_into_view(server, server_env, page):
    """The hiring walk-through on a phone: "I am done" opened its confirmation below the screen, so
    the press seemed to do nothing."""
    ivs = interviews(server_env)
    made = ivs.create("Phone check", "ml-engineer", ["hush-theta-free"], 120, owner="o")
    page.set_viewport_size({"width": 390, "height": 560})
    page.goto(f"{server}/interview?t={made.candidate_token}")
    wait_idle(page)
    start_interview(page)
    done = page.get_by_role("button", name="I am done")
    done.scroll_into_view_if_needed()
    click_until(page, done, page.get_by_text("Hand in your answers?"))
    expect(page.get_by_role("button", name="Yes, hand in my answers")).to_be_in_viewport()
    expect(page.get_by_text("You have answered 0 of the one question.")).to_be_visible()


def test_only_a_candidates_link_hides_the_navigation(server, server_env, page):
    # a candidate sees the interview alone; the interviewer's own link, and any page a "t" was
    # typed onto, keep the navigation (the interviewer's page had no way back to the set-up)
    made = interviews(server_env).create("Navigation check", "ml-engineer", ["hush-zeta-single"], 120, owner="o")
    nav = page.get_by_test_id("stSidebarNav")
    for path, shown in ((f"/interview?t={made.candidate_token}", False),
                        (f"/interview?t={made.interviewer_token}", True),
                        ("/history?t=abc", True), ("/practice", True)):
        page.goto(f"{server}{path}")
        wait_idle(page)
        page.wait_for_timeout(300)
        assert (nav.count() > 0) is shown, path
