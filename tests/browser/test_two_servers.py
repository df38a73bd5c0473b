"""Two app servers, one PostgreSQL: what is saved through one is seen through the other.

Two ``streamlit run`` processes on two ports share one PostgreSQL database (as two replicas
behind a load balancer would). A practice answer given on one shows in the progress on the
other; an interview created on one is followed live on the other.
"""

from __future__ import annotations

import re
from contextlib import ExitStack

import pytest
from playwright.sync_api import expect

from tests.browser.support import (answer_candidate_question, open_live_sections, start_interview, streamlit_server,
                                   wait_idle)
from tests.db import fresh_schema

pytestmark = [pytest.mark.browser, pytest.mark.postgres]


@pytest.fixture(scope="module")
def shared_database(postgres_database):
    with fresh_schema(postgres_database) as url:
        yield url


@pytest.fixture(scope="module")
def two_servers(server_env, shared_database, tmp_path_factory):
    """Two servers' base URLs, each with its own data folder, both on one PostgreSQL schema."""
    tmp = tmp_path_factory.mktemp("two-servers")
    with ExitStack() as stack:
        urls = [stack.enter_context(streamlit_server(env={
            **server_env, "TUNELAB_DATA_DIR": str(tmp / f"data{n}"), "TUNELAB_DATABASE_URL": shared_database}))
            for n in (1, 2)]
        yield urls


def test_an_answer_on_one_server_is_progress_on_the_other(two_servers, page):
    one, two = two_servers
    page.goto(f"{one}/practice?q=valid-single")
    wait_idle(page)
    page.get_by_test_id("stRadio").get_by_text("b", exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    expect(page.get_by_text("Correct.")).to_be_visible()

    page.goto(f"{two}/progress")
    wait_idle(page)
    metrics = page.get_by_test_id("stMetric")
    expect(metrics.filter(has_text="Answers saved").get_by_test_id("stMetricValue")).to_have_text("1")
    expect(metrics.filter(has_text="Accuracy").get_by_test_id("stMetricValue")).to_have_text("100%")


def test_an_interview_created_on_one_server_is_followed_live_on_the_other(two_servers, shared_database, browser):
    from engine.interviews import Interviews
    from engine.store import Store

    one, two = two_servers
    interviewer = browser.new_context(viewport={"width": 1400, "height": 1000})
    candidate = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        boss = interviewer.new_page()
        boss.set_default_timeout(30_000)
        boss.goto(f"{one}/interview")
        wait_idle(boss)
        boss.get_by_role("button", name="Create the interview").click()
        wait_idle(boss)
        expect(boss.get_by_test_id("stCode")).to_have_count(3)
        # full links from server one's host; each browser takes the path to the server it uses
        boss_link, cand_link = [t.strip()[t.strip().index("/interview"):]
                                for t in boss.get_by_test_id("stCode").all_inner_texts()[:2]]

        boss.goto(two + boss_link)  # the interviewer follows on the other server
        wait_idle(boss)
        expect(boss.get_by_text(re.compile("Candidate has answered 0 of"))).to_be_visible()

        cand = candidate.new_page()
        cand.set_default_timeout(30_000)
        cand.goto(one + cand_link)  # the candidate answers on the first
        wait_idle(cand)
        start_interview(cand)
        expect(cand.get_by_text(re.compile(r"Question 1 of \d+"))).to_be_visible()
        answer_candidate_question(cand, "0.015")

        # no reload: the interviewer's live view on server two picks the answer up on its own
        expect(boss.get_by_text(re.compile("Candidate has answered 1 of"))).to_be_visible(timeout=20_000)
        first = boss.get_by_test_id("stExpander").first
        saved = Interviews(Store(shared_database)).candidate_answers(cand_link.split("t=", 1)[1])
        assert len(saved) == 1  # the answer given on server one, in the shared database
        answer = next(iter(saved.values()))
        open_live_sections(boss)  # a section draws its answer once opened
        expect(first).to_contain_text(re.compile("answered", re.IGNORECASE))
        for part in answer if isinstance(answer, list) else [answer]:
            expect(first).to_contain_text(str(part))
    finally:
        interviewer.close()
        candidate.close()
