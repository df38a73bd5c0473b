"""A person's double click in Chromium acts once: one answer saved, one interview created, one
lab job run and shown (two presses 150 ms apart; see ``support.double_click``)."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import double_click, wait_idle

pytestmark = pytest.mark.browser


def rows(server_env, table: str) -> int:
    db = Path(server_env["TUNELAB_DATA_DIR"]) / "tunelab.db"
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


def rows_reaching(server_env, table: str, least: int, within: float = 60.0) -> int:
    """The rows of ``table`` once they are ``least`` or more (or ``within`` seconds have passed): on
    a loaded machine a press's run had not started 1.5 s after the click, and the count was read
    before it (a full run)."""
    end = time.monotonic() + within
    while (count := rows(server_env, table)) < least and time.monotonic() < end:
        time.sleep(0.2)
    return count


def settled(page) -> None:
    page.wait_for_timeout(1_500)  # the second press's run, if any, has started by now
    wait_idle(page, 120_000)


def test_a_double_click_on_submit_saves_one_attempt(server, server_env, page):
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    before = rows(server_env, "attempts")
    page.get_by_test_id("stMain").get_by_text("b", exact=True).first.click()
    wait_idle(page)
    double_click(page, page.get_by_role("button", name="Submit answer"))
    settled(page)
    expect(page.get_by_text("Correct. Score: 100%.")).to_be_visible()
    assert rows(server_env, "attempts") == before + 1


def test_a_double_click_on_create_the_interview_makes_one_and_shows_its_links(server, server_env, page):
    page.goto(f"{server}/interview")
    wait_idle(page)
    before = rows(server_env, "interviews")
    # clicks on the button that get past the browser's guard (ui.press_once.CLICK_GUARD) to the page
    page.wait_for_function("() => window.__tunelabPressOnce === true")  # the guard is in
    # and the page busy for 0.8 s once the first is through, as a slow machine drawing its result is:
    # the second click is handled late, yet it came 150 ms after the first
    page.evaluate("""() => { window.__through = 0; document.addEventListener('click', (e) => {
      if (!e.target.closest('.st-key-iv-setup-create')) return;
      window.__through += 1;
      if (window.__through === 1) setTimeout(() => { const t = performance.now(); while (performance.now() - t < 800); }, 20);
    }); }""")
    double_click(page, page.get_by_role("button", name="Create the interview"))
    settled(page)
    assert page.evaluate("window.__through") == 1  # the second never left the browser
    assert rows_reaching(server_env, "interviews", before + 1) == before + 1
    expect(page.get_by_test_id("stCode")).to_have_count(3)  # its two links and the interviewer key
    page.get_by_role("button", name="Create the interview").click()  # a later press is a new interview
    settled(page)
    assert page.evaluate("window.__through") == 2
    assert rows_reaching(server_env, "interviews", before + 2) == before + 2


def test_a_double_click_on_train_trains_once_and_shows_the_curves(server, server_env, page):
    page.goto(f"{server}/training-lab?epochs=1&width=8")
    wait_idle(page)
    before = rows(server_env, "runs")
    double_click(page, page.get_by_role("button", name="Train", exact=True))
    settled(page)
    expect(page.get_by_text("Training loss")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("you already have a run going")).to_have_count(0)
    assert rows(server_env, "runs") == before + 1
