"""A server with one lab worker and three visitors in Chromium: the second and third wait in a queue
served in the order they pressed, each told their place, and Stop hands the worker on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import streamlit_server, wait_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def one_worker_server(server_env):
    with streamlit_server(env={**server_env, "TUNELAB_MAX_WORKERS": "1"}) as url:
        yield url


def search_holding_the_worker(searcher, url: str, trainers) -> None:
    """Start a long search in ``searcher`` (its first evaluations seen: it holds the one worker),
    and open the Training lab in each of ``trainers``."""
    searcher.goto(f"{url}/search-lab?preset=svc-digits&budget=45")
    wait_idle(searcher)
    expect(searcher.get_by_test_id("stCode").filter(has_text="budget=45")).to_be_visible(timeout=30_000)
    searcher.get_by_role("button", name="Run the search").click()
    expect(searcher.get_by_text(re.compile(r"evaluation [1-9] of 45"))).to_be_visible(timeout=60_000)
    for page in trainers:
        page.goto(f"{url}/training-lab")
        wait_idle(page)


def test_waiting_runs_are_told_their_place_and_start_in_the_order_asked(one_worker_server, browser):
    visitors = [browser.new_context(viewport={"width": 1300, "height": 1000}) for _ in range(3)]
    try:
        searcher, second, third = (v.new_page() for v in visitors)
        search_holding_the_worker(searcher, one_worker_server, (second, third))
        second.get_by_role("button", name="Train").click()
        expect(second.get_by_text(re.compile("Waiting for a free worker: yours is next"))).to_be_visible(
            timeout=30_000)
        third.get_by_role("button", name="Train").click()
        expect(third.get_by_text(re.compile("Waiting for a free worker: 1 run is ahead of yours"))).to_be_visible(
            timeout=30_000)

        searcher.get_by_role("button", name="Stop").click()  # the worker goes to the first in line
        # the order is read off the server's queue, not off when each browser drew its curves: on a
        # loaded machine the second's browser drew its results after the third's drew its first
        # curves. The third is told it is next only once the second has the worker (had the third
        # been served first, the second would be the one told)
        expect(third.get_by_text(re.compile("Waiting for a free worker: yours is next"))).to_be_visible(
            timeout=60_000)
        expect(second.locator(".js-plotly-plot").first).to_be_visible(timeout=90_000)
        expect(third.locator(".js-plotly-plot").first).to_be_visible(timeout=90_000)
        expect(searcher.get_by_text("The search was stopped; the evaluations made so far are shown.")).to_be_visible()
    finally:
        for v in visitors:
            v.close()


def test_the_tabs_of_one_browser_run_one_lab_job_at_a_time_and_another_browser_its_own(one_worker_server, browser):
    """Per tab, a visitor's two tabs each ran a long search and held both workers of a 2-core server
    (the hostile visitor's walk-through). The tabs of one browser share Streamlit's cookie and are
    one owner; another browser on the same machine is a visitor of its own and queues as usual."""
    one, other = (browser.new_context(viewport={"width": 1300, "height": 1000}) for _ in range(2))
    try:
        searcher, second_tab, neighbour = one.new_page(), one.new_page(), other.new_page()
        search_holding_the_worker(searcher, one_worker_server, (second_tab, neighbour))
        second_tab.get_by_role("button", name="Train").click()
        expect(second_tab.get_by_text(re.compile(r"you already have a run going \(in another tab\)"))).to_be_visible(
            timeout=30_000)
        neighbour.get_by_role("button", name="Train").click()
        expect(neighbour.get_by_text(re.compile("Waiting for a free worker: yours is next"))).to_be_visible(
            timeout=30_000)

        searcher.get_by_role("button", name="Stop").click()
        expect(neighbour.locator(".js-plotly-plot").first).to_be_visible(timeout=90_000)
        second_tab.get_by_role("button", name="Train").click()  # the browser's run has ended: this tab may train
        expect(second_tab.locator(".js-plotly-plot").first).to_be_visible(timeout=90_000)
    finally:
        one.close()
        other.close()
