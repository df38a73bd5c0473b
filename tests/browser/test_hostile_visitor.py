"""Issue 10 in a real browser: Stop frees the server's CPU, the server refuses big uploads, visitor
text is never a link or an image, an unexpected error shows no traceback, and /home is home."""

from __future__ import annotations

import re
import time
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from engine.interviews import Interviews
from engine.store import Store
from tests.browser.support import (OFFSITE, job_workers, open_live_sections, process_tree, seconds_until_gone,
                                   seconds_until_idle, stays_free, streamlit_server, tree_cpu_seconds, wait_idle,
                                   wait_quiet)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

HOSTILE = ("[Log in again](http://evil.example/login) ![x](http://evil.example/t.png) "
           "<img src=http://evil.example/i.png> :red[**FAKE VERDICT**] www.evil.example")


def no_evil_in(page) -> None:
    main = "[data-testid='stApp']"
    where = page.eval_on_selector_all(f"{main} a[href*='evil.example']",
                                      "els => els.map(e => e.closest('[data-testid]').getAttribute('data-testid') + ': ' + e.parentElement.outerHTML.slice(0, 300))")
    assert not where, where
    assert page.eval_on_selector_all(f"{main} a[href*='evil.example']", "els => els.length") == 0
    assert page.eval_on_selector_all(f"{main} img[src*='evil']", "els => els.length") == 0
    assert "FAKE VERDICT" not in page.eval_on_selector_all(f"{main} strong", "els => els.map(e => e.innerText).join()")


def watch_requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    page.route(OFFSITE, lambda route: route.abort())
    return seen


def test_the_training_lab_has_a_stop_that_frees_the_cpu_and_says_what_it_did(server, page):
    """The lecturer's walk-through: Train had no Stop, and a training ended by a visit to another
    page left no word of it."""
    page.goto(f"{server}/training-lab?dataset=digits&epochs=60&width=256")
    wait_idle(page)
    wait_quiet(server.pid)
    page.get_by_role("button", name="Train").click()
    expect(page.get_by_text(re.compile(r"epoch \d+ of 60"))).to_be_visible(timeout=60_000)
    workers = job_workers(server.pid)
    assert workers  # the training runs in a worker process
    page.get_by_role("button", name="Stop").click()
    # the worker's end is timed, not the whole server's quiet: on CI's 2 cores beside the other
    # half of the suite, the server's own start-up work (a first figure, the background imports)
    # went on after Stop and held the tree busy past 2 s (3.05 s once) with the worker long gone
    gone_at = seconds_until_gone(workers)
    assert gone_at is not None and gone_at < 2.0, gone_at
    wait_idle(page)
    # with no run finished, no results; with some, those (tests/pages/test_labs.py holds the wording)
    expect(page.get_by_text(re.compile(r"^The training was stopped before it finished[,:]"))).to_be_visible()
    # and nothing computes on once the server has settled
    assert seconds_until_idle(server.pid, within=30.0) is not None
    used = stays_free(server.pid)
    assert used[-1] < 0.2, used
    print(f"Stop ended the training's worker in {gone_at:.2f} s")


def test_stop_frees_the_servers_cpu_within_two_seconds(server, page):
    page.goto(f"{server}/search-lab?preset=svc-digits")
    wait_idle(page)
    # the server's start-up work is not the search's: a fresh clone in CI still imported torch in
    # the background after Stop (1.3 CPU-seconds in the 2 s checked) when this test ran first
    wait_quiet(server.pid)
    budget = page.get_by_role("spinbutton", name="Budget (evaluations per strategy)")
    for _ in range(3):  # typed while the page still applies its link, the number can be drawn over: again
        budget.fill("45")
        budget.press("Enter")
        wait_idle(page)
        try:  # the link box follows the settings the server took
            expect(page.get_by_test_id("stCode").filter(has_text="budget=45")).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            continue
    expect(page.get_by_test_id("stCode").filter(has_text="budget=45")).to_be_visible()
    page.get_by_role("button", name="Run the search").click()
    expect(page.get_by_text(re.compile(r"evaluation [2-9] of 45"))).to_be_visible(timeout=60_000)
    busy0 = tree_cpu_seconds(server.pid)
    time.sleep(1.0)
    assert tree_cpu_seconds(server.pid) - busy0 > 0.3  # a search is really computing
    page.get_by_role("button", name="Stop").click()
    free_at = seconds_until_idle(server.pid)
    assert free_at is not None and free_at < 2.0, free_at
    wait_idle(page)
    expect(page.get_by_text("The search was stopped; the evaluations made so far are shown.")).to_be_visible()
    time.sleep(1.0)
    used = stays_free(server.pid)
    assert used[-1] < 0.2, used  # and it stays free: nothing computes on
    print(f"Stop freed the CPU in {free_at:.2f} s")


def test_the_server_refuses_an_upload_over_one_megabyte(server, page, tmp_path):
    page.goto(f"{server}/interview")
    wait_idle(page)
    expect(page.get_by_text(re.compile("1MB per file")).first).to_be_visible()  # the widget states the limit
    small = tmp_path / "small.yaml"
    small.write_text((ROOT / "tests/content/fixtures/valid.yaml").read_text())
    with page.expect_request(re.compile(r"/_stcore/upload_file/")) as req:
        page.locator("input[type=file]").set_input_files(str(small))
    upload_url = req.value.url
    wait_idle(page)
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")

    def put(size: int):
        body = b"a: " + b"x" * size
        return page.request.put(upload_url, headers={"X-Xsrftoken": xsrf},
                                multipart={"file": {"name": "f.yaml", "mimeType": "application/x-yaml", "buffer": body}})

    assert put(100_000).ok  # the same request with a small file is accepted
    assert put(3 * 1024 * 1024).status == 413  # refused by the server, whatever the widget says


def test_visitor_text_is_never_a_link_an_image_or_a_verdict(server, server_env, page):
    seen = watch_requests(page)
    page.goto(f"{server}/practice?q={HOSTILE}")
    wait_idle(page)
    expect(page.get_by_text("There is no question with id")).to_be_visible()
    no_evil_in(page)
    ivs = Interviews(Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db"))
    made = ivs.create(HOSTILE, "ml-engineer", ["valid-single", "valid-free"], 120, owner="x")
    ivs.save_answer(made.candidate_token, "valid-free", HOSTILE)
    ivs.set_candidate_name(made.candidate_token, HOSTILE)  # the candidate's name is visitor text too
    ivs.score(made.interviewer_token, "valid-free", {"depth": 3}, notes=HOSTILE)
    for token in (made.candidate_token, made.interviewer_token):
        page.goto(f"{server}/interview?t={token}")
        wait_idle(page)
        page.wait_for_timeout(500)
        if token == made.interviewer_token:
            open_live_sections(page)  # the candidate's answer is drawn inside its section
            expect(page.get_by_text("Candidate's answer:").filter(visible=True)).to_have_count(2)
        no_evil_in(page)
    assert not [u for u in seen if "evil" in (urlparse(u).hostname or "")]  # nothing fetched from it


def test_nothing_a_page_loads_comes_from_outside_the_server(server, page):
    # a class on one server may have no internet, and a visit should tell no third party who
    # came: pages, fonts, icons, figures and the favicon all come from the app's own server
    seen = watch_requests(page)
    host = urlparse(server).hostname
    for path in ("home", "practice", "optimizer-lab", "progress"):
        page.goto(f"{server}/{path}")
        wait_idle(page)
        page.wait_for_timeout(300)
        icons = page.eval_on_selector_all("link[rel~='icon']", "els => els.map(e => e.href)")
        assert icons and all(urlparse(i).hostname == host for i in icons), (path, icons)
        assert page.request.get(icons[0]).headers["content-type"] == "image/png"
    outside = sorted({u for u in seen if urlparse(u).scheme in ("http", "https", "ws", "wss")
                      and urlparse(u).hostname != host})
    assert not outside, outside


def test_an_unexpected_error_shows_a_short_message_and_no_traceback(tmp_path, page):
    script = tmp_path / "raises.py"
    script.write_text("import streamlit as st\nst.write('before')\nraise KeyError('secret-detail /srv/x.py')\n")
    with streamlit_server(script) as url:
        page.goto(url)
        wait_idle(page)
        text = page.inner_text("[data-testid='stApp']")
        assert "before" in text
        assert "secret-detail" not in text and "Traceback" not in text and "raises.py" not in text
        assert "KeyError" not in text
        expect(page.get_by_text(re.compile("error", re.I)).first).to_be_visible()
        assert len(process_tree(url.pid)) >= 1


def test_home_by_its_name_is_home_without_a_page_not_found(server, page):
    """The navigation says "Home"; /home, typed or bookmarked, showed Streamlit's "Page not found"
    dialog before the default page (which Streamlit serves at / only)."""
    page.goto(f"{server}/home")
    wait_idle(page)
    page.get_by_role("heading", name="TuneLab").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)  # a dialog, had there been one, is up by now
    assert page.locator("[role='dialog']").count() == 0
    assert "Page not found" not in page.inner_text("body")
    assert urlparse(page.url).path in ("", "/")  # sent to the home page's own address


def test_a_search_left_mid_run_says_so_on_return_not_that_it_was_stopped(server, page):
    """The ML engineer's walk-through: leaving the Search lab mid-run by the sidebar, then coming
    back, said "The search was stopped" though Stop was never pressed."""
    page.goto(f"{server}/search-lab?preset=svc-digits&budget=45")
    wait_idle(page)
    page.get_by_role("button", name="Run the search").click()
    expect(page.get_by_text(re.compile(r"evaluation [2-9] of 45"))).to_be_visible(timeout=60_000)
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_role("link", name="Run history").click()
    # on the other page for real (see test_keyboard_charts: a click back before its run began left the
    # lab's visit uncounted)
    expect(page.get_by_role("heading", name="Run history")).to_be_visible(timeout=60_000)
    wait_idle(page, 60_000)
    nav.get_by_role("link", name="Search lab").click()
    wait_idle(page, 60_000)
    expect(page.get_by_text("The search ended when you left the page; the evaluations made so far are shown.")
           ).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ of 45 evaluations")).first).to_be_visible()
    expect(page.get_by_text("The search was stopped")).to_have_count(0)
