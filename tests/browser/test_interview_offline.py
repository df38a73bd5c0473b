"""The candidate's page when the connection falters, in Chromium: "saved" only once the server has
the text, a clock that keeps counting while the server is silent, typing kept in the tab and sent
again, one-line boxes for numbers and a derivation's steps, and a start screen that opens no
question.

A silent server is a stopped one (SIGSTOP): the browser's websocket stays open and its messages
wait in the socket, as on a network that stalls; SIGCONT lets them through. A lost message is
dropped by a websocket route (``page.route_web_socket``) and never arrives.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from engine.interviews import Interviews
from engine.store import Store
from tests.browser.support import click_until, served_env, wait_idle
from tests.conftest import FORMS_BANK

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("TUNELAB_CANDIDATE_SHOTS", "/tmp/iv-cand"))
PHONE = {"width": 390, "height": 844}
CLOCK = re.compile(r"^Question \d+ of \d+ · ")


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """This module's server (the browser conftest's ``server``) serves the question forms too."""
    return served_env(tmp_path_factory.mktemp("offline"), {"forms.yaml": FORMS_BANK})


def interviews(server_env) -> Interviews:
    return Interviews(Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db"))


@contextlib.contextmanager
def silent(server):
    """The server stops answering (its process is stopped) until the block ends."""
    os.kill(server.pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(server.pid, signal.SIGCONT)


def start(page, server, token: str) -> None:
    """Open the candidate's link and press Start (where there is one: the other findings' tests
    then also run against a page without the start screen)."""
    page.goto(f"{server}/interview?t={token}")
    button = page.get_by_role("button", name="Start the interview")
    clock = page.get_by_text(CLOCK)
    clock.or_(button).first.wait_for(timeout=30_000)
    for _ in range(3):  # a click that lands while the page redraws the button can be lost: press again
        if not button.count():
            break
        button.click()
        with contextlib.suppress(AssertionError):
            expect(clock).to_be_visible(timeout=10_000)  # a busy machine's first question is slow
            break
    expect(clock).to_be_visible(timeout=30_000)
    wait_idle(page)


def free_text(page, server, ivs: Interviews, title: str):
    """A started interview of one free-text question, its box clicked: (the interview, the box)."""
    made = ivs.create(title, "ml-engineer", ["valid-free"], 300, owner="o")
    start(page, server, made.candidate_token)
    box = page.locator("textarea.live")
    box.click()
    return made, box


def seconds_left(page) -> int:
    m, s = re.search(r"(\d+):(\d\d) left", page.get_by_text(CLOCK).inner_text()).groups()
    return int(m) * 60 + int(s)


def note(page):
    """The save note under the answer box."""
    return page.locator(".saved").first


def answer_becomes(page, ivs, token, qid, want, timeout=20.0):
    """Whether the stored answer becomes ``want`` within ``timeout`` seconds.

    It waits in the page (``wait_for_timeout``), not in ``time.sleep``: Playwright's sync client
    runs a websocket route's handlers only inside its own calls, so a message the page sent
    just before this wait (the reload's draft, on a slow machine) would sit in the route until
    the wait ended (CI once failed here so)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if ivs.candidate_answers(token).get(qid) == want:
            return True
        page.wait_for_timeout(250)
    return ivs.candidate_answers(token).get(qid) == want


def phone_shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_the_start_screen_opens_no_question_and_names_none(server, server_env, browser):
    ivs = interviews(server_env)
    made = ivs.create("Start check", "ml-engineer", ["valid-single", "valid-free"], 300, owner="o")
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        frames: list[bytes] = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda p: frames.append(
            p if isinstance(p, bytes) else p.encode())))
        page.goto(f"{server}/interview?t={made.candidate_token}")
        wait_idle(page)
        main = page.get_by_test_id("stMain")
        expect(main.get_by_text("2 questions")).to_be_visible()
        expect(main.get_by_text("5 minutes for each", exact=False)).to_be_visible()
        expect(main.get_by_text("saved as you type", exact=False)).to_be_visible()
        expect(page.get_by_label("Your name, for your interviewer's scorecard")).to_be_visible()
        expect(page.get_by_role("button", name="Start the interview")).to_be_visible()
        expect(page.get_by_text(CLOCK)).to_have_count(0)  # no clock, no question
        phone_shot(page, "start")
        seen = b"".join(frames) + page.content().encode()
        for secret in ("valid-single", "valid-free", "Pick b.", "Say this.", "valid.yaml"):
            assert secret.encode() not in seen, secret
        iv = ivs.as_interviewer(made.interviewer_token)
        assert iv.started_at is None and ivs.resume_position(made.candidate_token) is None  # "not started"
        page.reload()  # looking again the day before still opens nothing
        wait_idle(page)
        expect(page.get_by_role("button", name="Start the interview")).to_be_visible()
        assert ivs.as_interviewer(made.interviewer_token).started_at is None

        page.get_by_label("Your name, for your interviewer's scorecard").fill("Ada")
        page.get_by_role("button", name="Start the interview").click()  # the name is saved on the way
        expect(page.get_by_text(re.compile(r"^Question 1 of 2 · "))).to_be_visible(timeout=30_000)
        wait_idle(page)
        iv = ivs.as_interviewer(made.interviewer_token)
        assert iv.started_at is not None and iv.candidate_name == "Ada"
        click_until(page, page.get_by_role("button", name="Next →"), page.get_by_text(re.compile(r"^Question 2 of 2 · ")))
        page.reload()  # after Start, a reload goes straight back to the furthest question
        wait_idle(page)
        expect(page.get_by_text(re.compile(r"^Question 2 of 2 · "))).to_be_visible()
        expect(page.get_by_role("button", name="Start the interview")).to_have_count(0)
    finally:
        ctx.close()


def test_saved_means_saved_and_the_clock_counts_on_while_the_server_is_silent(server, server_env, browser):
    ivs = interviews(server_env)
    made = ivs.create("Offline check", "ml-engineer", ["valid-free", "valid-single"], 300, owner="o")
    ctx = browser.new_context(viewport=PHONE)
    try:
        page = ctx.new_page()
        start(page, server, made.candidate_token)
        box = page.locator("textarea.live")
        box.click()
        box.press_sequentially("First words", delay=10)
        expect(note(page)).to_have_text("saved", timeout=15_000)
        expect(note(page)).to_have_attribute("aria-live", "off")  # a reader is not told "saved" at every pause
        assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "First words"
        expect(page.get_by_text("Connection lost")).to_have_count(0)
        with silent(server):
            before = seconds_left(page)
            box.press_sequentially(" and the words typed while the server is silent", delay=5)
            page.wait_for_timeout(5_500)
            # the text went out but no answer came back: not "saved"
            expect(note(page)).to_contain_text("not saved yet")
            expect(note(page)).to_have_attribute("aria-live", "polite")  # a failure is announced
            assert before - seconds_left(page) >= 4  # the clock counted in the browser, not frozen at the last draw
            expect(page.get_by_text("Connection lost")).to_be_visible()
            expect(page.get_by_text("Your typing is kept in this tab", exact=False)).to_be_visible()
            phone_shot(page, "offline")
            assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "First words"
        full = "First words and the words typed while the server is silent"
        expect(note(page)).to_have_text("saved", timeout=30_000)  # the server has it now, and says so
        assert answer_becomes(page, ivs, made.candidate_token, "valid-free", full)
        expect(box).to_have_attribute("aria-label", "Your answer")  # the box has an accessible name
        expect(page.get_by_text("Connection lost")).to_be_hidden(timeout=15_000)  # the server's draws again
        wait_idle(page)
        server_left = int(ivs.open_question(made.candidate_token, 0).seconds_left())  # its first opening: kept
        assert abs(seconds_left(page) - server_left) <= 2  # the server's time, not a clock of the page's own
    finally:
        ctx.close()


def test_a_reload_right_after_typing_keeps_the_last_words(server, server_env, page):
    ivs = interviews(server_env)
    made, box = free_text(page, server, ivs, "Reload check")
    box.press_sequentially("the last words", delay=0)
    page.reload()  # well within the 700 ms pause: only the pagehide report or the tab's draft keeps them
    wait_idle(page)
    expect(page.locator("textarea.live")).to_have_value("the last words")
    assert answer_becomes(page, ivs, made.candidate_token, "valid-free", "the last words")
    expect(note(page)).to_have_text("saved", timeout=15_000)


def test_typing_that_never_reached_the_server_is_sent_again_from_the_tab(server, server_env, page):
    ivs = interviews(server_env)
    made = ivs.create("Draft check", "ml-engineer", ["valid-free"], 300, owner="o")
    offline = {"on": False}

    def route(ws):  # every message from the page is dropped while "offline"
        to_server = ws.connect_to_server()
        ws.on_message(lambda m: None if offline["on"] else to_server.send(m))
        to_server.on_message(lambda m: ws.send(m))

    page.route_web_socket(re.compile(r".*/_stcore/stream"), route)
    start(page, server, made.candidate_token)
    box = page.locator("textarea.live")
    box.click()
    offline["on"] = True
    box.press_sequentially("typed into a dead line", delay=5)
    box.blur()
    expect(note(page)).to_contain_text("not saved yet", timeout=15_000)
    keys = page.evaluate("Object.keys(sessionStorage)")
    assert keys and not [k for k in keys if "valid" in k]  # kept in the tab, under no question's id
    assert not ivs.candidate_answers(made.candidate_token).get("valid-free")
    offline["on"] = False
    page.reload()  # a new page: only the tab's draft still has the text
    wait_idle(page)
    expect(page.locator("textarea.live")).to_have_value("typed into a dead line")
    assert answer_becomes(page, ivs, made.candidate_token, "valid-free", "typed into a dead line")
    expect(note(page)).to_have_text("saved", timeout=15_000)
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('tunelab.draft'))") == []


@contextlib.contextmanager
def refusing_answers(server_env):
    """The server's database refuses every change to a candidate's stored answers (as a full disk
    does: SQLite's own message) until the block ends: a trigger, which the server's open
    connections see at their next statement, dropped after. Not inserts: the page's run makes sure
    the question's row is there with an insert that changes nothing when it is (a full disk lets
    that through; a trigger would not)."""
    db = sqlite3.connect(f"{server_env['TUNELAB_DATA_DIR']}/tunelab.db")
    try:
        db.execute("CREATE TRIGGER refuse_answers BEFORE UPDATE ON interview_answers "
                   "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        db.commit()
        yield
    finally:
        db.execute("DROP TRIGGER IF EXISTS refuse_answers")
        db.commit()
        db.close()


def test_an_answer_the_database_refused_is_said_and_sent_again_until_it_is_stored(server, server_env, page):
    """The nothing-lost walk-through (a disk filled under a candidate): the refused save was a toast
    gone in seconds, and only a further keystroke saved the text once there was room. The box's own
    script sends it again every 8 s while the page says the last save failed."""
    ivs = interviews(server_env)
    made, box = free_text(page, server, ivs, "Refused check")  # its question opened (a row) before the refusal
    refused = page.get_by_text("Not saved: the server could not store your answer")
    with refusing_answers(server_env):
        box.press_sequentially("kept through a full disk", delay=5)
        expect(refused).to_be_visible(timeout=20_000)
        expect(refused).to_contain_text("database or disk is full")
        assert not ivs.candidate_answers(made.candidate_token).get("valid-free")
    # room again: no keystroke, the box sends its text by itself
    assert answer_becomes(page, ivs, made.candidate_token, "valid-free", "kept through a full disk", timeout=25)
    expect(refused).to_have_count(0, timeout=15_000)
    expect(note(page)).to_have_text("saved", timeout=15_000)
    expect(box).to_have_value("kept through a full disk")


def test_numbers_and_a_derivations_steps_save_as_they_are_typed(server, server_env, page):
    ivs = interviews(server_env)
    made = ivs.create("Steps check", "ml-engineer", ["form-derivation", "valid-numeric"], 300, owner="o")
    start(page, server, made.candidate_token)
    result = page.get_by_label("Result: your answer")
    expect(page.get_by_label("Step 2: your answer")).to_be_visible()  # each box has its accessible name
    assert result.evaluate("e => e.tagName") == "INPUT"
    result.click()
    result.press_sequentially("5.26", delay=10)  # no Enter, no leaving the box
    assert answer_becomes(page, ivs, made.candidate_token, "form-derivation", {"steps": [None, None], "final": "5.26"})
    page.reload()
    wait_idle(page)
    expect(page.get_by_label("Result: your answer")).to_have_value("5.26")
    number = page.get_by_label("Your answer (per step)", exact=True)
    click_until(page, page.get_by_role("button", name="Next →"), number)
    assert number.evaluate("e => e.tagName") == "INPUT"  # one line, not a 7-row text box
    assert 0 < int(number.get_attribute("maxlength")) <= 200
    expect(page.get_by_text("at most 20,000 characters")).to_have_count(0)
    number.click()
    number.press_sequentially("0,015", delay=10)
    assert answer_becomes(page, ivs, made.candidate_token, "valid-numeric", "0,015")
    expect(page.get_by_text("Write decimals with a point", exact=False)).to_be_visible()


def test_a_change_typed_in_an_older_tab_is_refused_and_the_box_shows_the_newer_answer(server, server_env, page):
    from ui.interview_candidate import NEWER_ELSEWHERE

    ivs = interviews(server_env)
    made, box = free_text(page, server, ivs, "Two tabs check")
    box.press_sequentially("older", delay=10)
    expect(note(page)).to_have_text("saved", timeout=15_000)
    # another tab saves over what this one shows; this tab is not redrawn and still shows "older"
    ivs.save_answer(made.candidate_token, "valid-free", "newer", expected="older")
    box.press_sequentially(" and edited here", delay=10)
    expect(page.get_by_text(NEWER_ELSEWHERE)).to_be_visible(timeout=15_000)
    expect(box).to_have_value("newer")  # the server's newer text replaced this tab's change
    expect(note(page)).to_have_text("saved")
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer"
    assert page.evaluate("Object.keys(sessionStorage).filter(k => k.startsWith('tunelab.draft'))") == []
    page.reload()  # no draft of the refused change is sent back over the newer answer
    wait_idle(page)
    expect(page.locator("textarea.live")).to_have_value("newer")
    page.wait_for_timeout(1_500)
    assert ivs.candidate_answers(made.candidate_token)["valid-free"] == "newer"
    box = page.locator("textarea.live")
    box.click()
    box.press_sequentially(", then edited here", delay=10)  # typed over the newer answer: saved
    assert answer_becomes(page, ivs, made.candidate_token, "valid-free", "newer, then edited here")


def test_typing_while_the_server_restarts_is_saved_when_it_is_back(server_env, browser, tmp_path):
    """The server process dies (not a stall: the websocket closes, and Streamlit's own "Connection
    error" box covers the page) and a new one starts on the same port, with the same database. The
    candidate's note says to close the box; the answer typed meanwhile is kept in the tab and saved
    by the new server, whose fresh session has never seen this tab."""
    from tests.browser.support import free_port, streamlit_process

    port, ivs = free_port(), interviews(server_env)
    made = ivs.create("Restart", "ml-engineer", ["valid-numeric"], 300, owner="o")
    ctx = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = ctx.new_page()
        with streamlit_process("app.py", env=server_env, port=port) as (url, proc):
            start(page, url, made.candidate_token)
            proc.kill()
            proc.wait(10)
            expect(page.get_by_text('If a "Connection error" box covers the page, close it')).to_be_visible(
                timeout=15_000)
            page.get_by_role("dialog").get_by_role("button", name="Close").click()
            box = page.locator("input.live")
            box.click()
            page.keyboard.type("0.5")
            page.wait_for_timeout(1_000)  # past the box's pause: the text is a draft in the tab
            assert ivs.candidate_answers(made.candidate_token).get("valid-numeric") is None
        with streamlit_process("app.py", env=server_env, port=port):
            assert answer_becomes(page, ivs, made.candidate_token, "valid-numeric", "0.5", timeout=30)
            expect(note(page)).to_have_text("saved", timeout=15_000)
            expect(box).to_have_value("0.5")
    finally:
        ctx.close()
