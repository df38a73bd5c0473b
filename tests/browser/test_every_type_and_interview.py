"""Browser journeys: one question of each type, predict-then-run, and a whole mock interview."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import answer_candidate_question, choose, start_interview, wait_idle
from engine.content.shown_order import steps_order

pytestmark = pytest.mark.browser


def open_q(page, server, qid):
    page.goto(f"{server}/practice?q={qid}")
    wait_idle(page)


def submit(page, label="Submit answer"):
    page.get_by_role("button", name=label).click()
    wait_idle(page)


def main(page):
    return page.get_by_test_id("stMain")


def test_multi_choice(server, page):
    open_q(page, server, "valid-multi")
    main(page).get_by_text("a", exact=True).click()
    main(page).get_by_text("c", exact=True).click()
    submit(page)
    expect(page.get_by_text("Correct: you found every right option")).to_be_visible()


def test_ordering(server, page):
    open_q(page, server, "valid-ordering")
    shown = steps_order("valid-ordering", ["second", "first", "third"], ["first", "second", "third"])
    right = ["first", "second", "third"]
    boxes = main(page).get_by_test_id("stSelectbox")
    for i, item in enumerate(shown):
        choose(page, boxes.nth(i), str(right.index(item) + 1))
    submit(page)
    expect(page.get_by_text("Correct: every step is in place.")).to_be_visible()


def test_free_text_judged_then_corrected(server, page):
    open_q(page, server, "valid-free")
    page.get_by_role("textbox").fill("Coffee tastes best when the beans are ground just before brewing.")
    page.get_by_role("button", name="Check my answer").click()
    wait_idle(page, 120_000)  # the first answer loads the offline judge
    expect(page.get_by_text("does not seem to address this question")).to_be_visible(timeout=60_000)
    main(page).get_by_text("one point").click()  # the candidate's word is final
    submit(page, "Record my grade")
    expect(page.get_by_text(re.compile("you covered 1 of 1 key points"))).to_be_visible()


def test_predict_then_run(server, page):
    open_q(page, server, "live-sgd-x2-lr-1-1")
    expect(page.get_by_role("button", name="Run it")).to_have_count(0)  # nothing before the answer
    main(page).get_by_text("It diverges, overshooting further each step").click()
    submit(page)
    page.get_by_role("button", name="Run it").click()
    wait_idle(page, 60_000)
    expect(page.get_by_text("Reality agrees with your answer.")).to_be_visible()
    expect(main(page).locator(".js-plotly-plot").first).to_be_visible(timeout=30_000)  # plotly draws late on a busy machine


def test_mock_interview_with_two_browsers(server, browser):
    interviewer = browser.new_context(viewport={"width": 1400, "height": 1000})
    candidate = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        boss = interviewer.new_page()
        boss.set_default_timeout(30_000)
        boss.goto(f"{server}/interview")
        wait_idle(boss)
        boss.get_by_role("button", name="Create the interview").click()
        wait_idle(boss)
        expect(boss.get_by_test_id("stCode")).to_have_count(3)  # two links and the interviewer key
        links = boss.get_by_test_id("stCode").all_inner_texts()
        boss_link, cand_link = [t.strip() for t in links[:2]]
        # full addresses, from the host the interviewer's browser used (issue 13)
        assert boss_link.startswith(f"{server}/interview?t=") and cand_link.startswith(f"{server}/interview?t=")

        cand = candidate.new_page()
        cand.set_default_timeout(30_000)
        cand.goto(cand_link)
        wait_idle(cand)
        start_interview(cand)
        expect(cand.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
        assert "Say this." not in cand.content()  # no model answers in the candidate's page
        answer_candidate_question(cand, "An answer typed in the candidate's browser")

        boss.goto(boss_link)
        wait_idle(boss)
        expect(boss.get_by_text(re.compile("Candidate has answered 1 of"))).to_be_visible(timeout=15_000)
        form = boss.get_by_test_id("stForm")
        for group in range(4):
            form.get_by_test_id("stRadio").nth(group).get_by_text("hire", exact=True).click()
        form.get_by_role("button", name="Save the score").click()
        wait_idle(boss)
        # saved, and the form moves on to the next question not scored yet
        expect(boss.get_by_text(re.compile(r"^Saved question 1.s score\. This is question 2"))).to_be_visible()
        boss.get_by_role("tab", name="Scorecard").click()
        wait_idle(boss)
        expect(boss.get_by_test_id("stMetricValue").first).to_have_text("hire")
        with boss.expect_download() as dl:
            boss.get_by_role("button", name="Markdown").click()
        text = open(dl.value.path()).read()
        assert text.startswith("# Scorecard:") and "Overall: hire" in text
    finally:
        interviewer.close()
        candidate.close()


def test_candidate_answer_survives_a_reload_mid_typing(server, server_env, page):
    from engine.interviews import Interviews
    from engine.store import Store

    store = Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db")
    made = Interviews(store).create("Reload test", "data-scientist", ["valid-free"], 300, owner="x")
    page.goto(f"{server}/interview?t={made.candidate_token}")
    wait_idle(page)
    start_interview(page)
    box = page.locator("textarea.live")
    box.click()
    box.type("typed but never left the box", delay=10)
    page.wait_for_timeout(2500)  # the component reports 700 ms after typing pauses
    wait_idle(page)
    page.reload()  # a reload (or a lost connection) before leaving the field
    wait_idle(page)
    expect(page.locator("textarea.live")).to_have_value("typed but never left the box")
    assert Interviews(store).candidate_answers(made.candidate_token) == {"valid-free": "typed but never left the box"}
