"""A candidate practises in a real browser: open a shared link, answer, see the verdict, move on."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import phone_page, wait_idle

pytestmark = pytest.mark.browser


def test_shared_link_answer_next_and_back(server, page):
    page.goto(f"{server}/progress")
    wait_idle(page)
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    expect(page.get_by_text("Pick b.")).to_be_visible()
    page.get_by_test_id("stRadio").get_by_text("b", exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    expect(page.get_by_text("Correct.")).to_be_visible()
    expect(page.get_by_text("Because.").first).to_be_visible()
    entries = page.evaluate("history.length")
    page.get_by_role("button", name=re.compile("Next question")).click()
    wait_idle(page)
    expect(page).not_to_have_url(re.compile(r"q=valid-single"))
    expect(page.get_by_text("Pick b.")).to_have_count(0)
    assert page.evaluate("history.length") == entries + 1  # the move, once
    # Back: the question before, with its verdict (Back left the next one on screen and wrote its
    # address back: a press per question seen, each changing nothing, to leave the page)
    page.go_back()
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-single$"))
    expect(page.get_by_text("Pick b.")).to_be_visible()
    expect(page.get_by_text("Correct.")).to_be_visible()
    expect(page.get_by_text(re.compile("^Your latest answer to this question in this session"))).to_be_visible()
    wait_idle(page)
    assert page.evaluate("history.length") == entries + 1  # showing it again wrote no new entry
    page.go_back()
    expect(page).to_have_url(re.compile(r"/progress$"))


def test_one_back_leaves_practice_opened_from_home(server, page):
    """Streamlit's move to Practice was a history entry of the bare path and Practice's first run
    wrote its question's address as another, so Back took two presses to leave, the first changing
    nothing (ui.history_entries). A step the person takes there is still an entry of its own."""
    page.goto(server)
    wait_idle(page)
    entries = page.evaluate("history.length")
    page.get_by_role("link", name="Start practising").click()
    expect(page).to_have_url(re.compile(r"/practice\?q=[a-z0-9-]+$"))
    wait_idle(page)
    first = page.url
    assert page.evaluate("history.length") == entries + 1  # one step, one entry
    page.get_by_role("button", name="Skip").click()
    expect(page).not_to_have_url(first)
    wait_idle(page)
    assert page.evaluate("history.length") == entries + 2
    page.go_back()
    expect(page).to_have_url(first)
    wait_idle(page)
    page.go_back()
    expect(page).to_have_url(re.compile(r"127\.0\.0\.1:\d+/$"))
    wait_idle(page)
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()


def test_a_reload_keeps_the_filters_and_back_undoes_a_change_of_one(server, page):
    """The filters lived in the session alone: a reload, or the address bar's link, forgot them."""
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(page.get_by_text("Question 1 of 6")).to_be_visible()  # both banks
    sidebar.get_by_test_id("stMultiSelect").first.locator("input").fill("valid")  # the Bank filter
    page.get_by_role("option").filter(has_text="A valid bank").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-[a-z]+&bank=valid$"))  # one entry: both at once
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    page.reload()
    wait_idle(page)
    expect(sidebar.get_by_text("A valid bank")).to_be_visible()
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Link to these questions")).to_have_attribute("href", "?bank=valid")
    page.go_back()  # to before the bank was chosen: every bank, and the question that was on screen
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-single$"))
    expect(sidebar.get_by_text("A valid bank")).to_have_count(0)
    expect(page.get_by_text("Pick b.")).to_be_visible()


def test_a_chosen_banks_chip_shows_its_whole_title(server, page):
    # a chip held about twenty characters of a bank's title ("Check it live: optimi…"), and banks
    # that start alike could be told apart only by hovering a mouse over them (the phone has none)
    page.goto(f"{server}/practice")
    wait_idle(page)
    banks = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").first
    banks.locator("input").fill("Check it live")
    page.get_by_role("option").filter(has_text="Check it live").first.click()
    page.keyboard.press("Escape")
    wait_idle(page)
    label = banks.locator("[data-tag] > span").first
    expect(label).to_have_text("Check it live: optimisers and learning rates")
    assert label.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1"), \
        label.evaluate("e => [e.scrollWidth, e.clientWidth, e.scrollHeight, e.clientHeight]")


def test_numeric_answer_in_the_browser(server, page):
    page.goto(f"{server}/practice?q=valid-numeric")
    wait_idle(page)
    box = page.get_by_label("Your answer (per step)")
    box.fill("0.015")
    page.get_by_role("button", name="Submit answer").click()  # the click commits the text
    wait_idle(page)
    expect(page.get_by_text("Correct: 0.015 per step.")).to_be_visible()


def test_progress_page_shows_saved_answers(server, page):
    page.goto(f"{server}/progress")
    wait_idle(page)
    expect(page.get_by_text("Answers saved")).to_be_visible()
    expect(page.get_by_text("Recent attempts")).to_be_visible()


def test_the_next_question_opens_in_view_on_a_phone(server, browser):
    # Streamlit keeps the scroll position across reruns: Skip low on a long question opened the
    # next one above the screen, showing only its last answer boxes
    with phone_page(browser, 420) as page:
        page.goto(f"{server}/practice?q=valid-ordering")
        wait_idle(page)
        # the card's scroll script can run after the run's end shows; scrolled before it ran, the
        # page was brought back to the card's top (CI once found the bar at 72 px, the marker's margin)
        page.wait_for_selector("#tl-top-1[data-ran]", state="attached")
        skip = page.get_by_role("button", name="Skip")
        skip.scroll_into_view_if_needed()
        bar = page.get_by_test_id("stProgress").first
        assert bar.bounding_box()["y"] < 0  # scrolled past the top of the card
        skip.click()
        wait_idle(page)
        expect(page).not_to_have_url(re.compile(r"q=valid-ordering"))
        page.wait_for_selector("#tl-top-2[data-ran]", state="attached")
        box = bar.bounding_box()
        assert 0 <= box["y"] < 420, box  # "Question 2 of 5" is on screen


def test_on_a_phone_the_sidebar_closes_once_a_page_is_chosen_from_it(server, browser):
    """A walk at 390 px saw the sidebar stay open over the page chosen: its browser named itself as
    a desktop one. A phone's is closed by Streamlit (the page helper now names a phone's browser)."""
    with phone_page(browser) as page:
        page.goto(f"{server}/")
        wait_idle(page)
        page.get_by_test_id("stExpandSidebarButton").click()
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_be_in_viewport()
        nav.get_by_role("link", name="Progress").click()
        expect(page).to_have_url(re.compile(r"/progress$"))
        expect(page.get_by_role("heading", name="Progress", level=1)).to_be_in_viewport()
        expect(nav).not_to_be_in_viewport()


def test_each_position_box_sits_beside_its_own_step_on_a_phone(server, browser):
    # stacked columns once put a box between two steps; a row keeps each box with its step
    with phone_page(browser, 900) as page:
        page.goto(f"{server}/practice?q=valid-ordering")
        wait_idle(page)
        boxes = page.get_by_role("combobox", name=re.compile("^Position of: "))
        expect(boxes).to_have_count(3)
        for box in boxes.all():
            step = box.get_attribute("aria-label").removeprefix("Position of: ")
            b, t = box.bounding_box(), page.get_by_text(step, exact=True).bounding_box()
            assert b["x"] + b["width"] <= t["x"], (step, b, t)  # the box left of its text
            # and level with it: the text's middle within the box's height
            assert b["y"] <= t["y"] + t["height"] / 2 <= b["y"] + b["height"], (step, b, t)


def test_one_choice_options_have_air_between_them(server, page):
    # several-line options sat flush against each other on a phone: a text seemed to belong to
    # the circle below it
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    expect(page.get_by_test_id("stRadioOption")).to_have_count(3)
    boxes = [o.bounding_box() for o in page.get_by_test_id("stRadioOption").all()]
    assert len(boxes) == 3
    gaps = [b["y"] - (a["y"] + a["height"]) for a, b in zip(boxes, boxes[1:])]
    assert min(gaps) >= 10, gaps


def test_the_card_does_not_move_when_an_answer_is_checked(server, page):
    # the marker a new question scrolls to takes no room (its gap moved the card 16 px when the
    # answer's run left it out)
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    expect(page.get_by_test_id("stRadioOption")).to_have_count(3)
    before = page.get_by_test_id("stProgress").first.bounding_box()["y"]
    page.get_by_test_id("stRadio").get_by_text("b", exact=True).click()
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    expect(page.get_by_text("Correct.")).to_be_visible()
    assert page.get_by_test_id("stProgress").first.bounding_box()["y"] == before


def test_a_refused_answer_keeps_the_keyboard_on_submit(server, page):
    # the new question's scroll marker was drawn on its first run only, so the refusal's run moved
    # every later element up one place; the browser rebuilt them and focus fell to the page's top
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    # each alert the page inserts is one a screen reader says
    page.evaluate("""() => { window.tlAlerts = 0; const alert = (n) => n.nodeType === 1
        && (n.matches('[role=alert]') || n.querySelector('[role=alert]'));
      new MutationObserver((changes) => { for (const c of changes) c.addedNodes.forEach((n) => {
        if (alert(n)) window.tlAlerts++; }); }).observe(document.body, {childList: true, subtree: true}); }""")
    submit = page.get_by_role("button", name="Submit answer")
    submit.focus()
    page.keyboard.press("Enter")
    wait_idle(page)
    expect(page.get_by_text("Choose one option before submitting.")).to_be_visible()
    assert page.evaluate("document.activeElement && document.activeElement.innerText") == "Submit answer"
    # pressed again with still nothing chosen: the same words, said again (they stayed the same alert,
    # unheard: the second press seemed to do nothing)
    page.keyboard.press("Enter")
    wait_idle(page)
    page.wait_for_function("() => window.tlAlerts >= 2")
    expect(page.get_by_text("Choose one option before submitting.")).to_have_count(1)
    assert page.evaluate("document.activeElement && document.activeElement.innerText") == "Submit answer"


def home_bank_table(page, server) -> dict:
    """Home opened with its bank table in view: the table's box on the page."""
    page.goto(f"{server}/")
    wait_idle(page)
    page.get_by_role("heading", name="Question banks").scroll_into_view_if_needed()
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    return grid.bounding_box()


def test_ticking_a_bank_on_home_opens_practice_on_that_bank(server, page):
    """The bank table listed every bank and led nowhere: a lecturer's "practise this bank" had no way in."""
    box = home_bank_table(page, server)
    # a canvas: the first row's box sits under the 35 px header, in the 35 px row-marker column
    page.mouse.click(box["x"] + 17, box["y"] + 35 + 17)
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-"))
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()  # the fixture bank's five, not the other bank's
    expect(page.get_by_test_id("stSidebar").get_by_text("A valid bank")).to_be_visible()  # the Bank filter says so
    # the bank's own link, for a lecturer to give the room: it opens Practice on the bank in a new visit
    link = page.get_by_test_id("stSidebar").get_by_role("link", name="Link to these questions")
    expect(link).to_have_attribute("href", "?bank=valid")
    # Back to Home in one press: Streamlit's move to the page and the question's address are one entry
    # (ui.history_entries), whichever reached the browser first. Home then stays (the box is not kept).
    home = re.compile(r"127\.0\.0\.1:\d+/$")
    page.go_back()
    expect(page).to_have_url(home)
    wait_idle(page)
    expect(page.get_by_role("heading", name="Question banks")).to_be_visible()
    expect(page).to_have_url(home)


def test_a_bank_row_opens_practice_by_keyboard_with_shift_space(server, page):
    # the caption says so: the grid's arrows never reach the box column, and Space or Enter on a
    # row do nothing (the accessibility audit); Shift+Space selects the row, as a tick does
    box = home_bank_table(page, server)
    page.mouse.click(box["x"] + 120, box["y"] + 35 + 17)  # the first row's Bank cell: the grid takes the keys
    page.keyboard.press("Shift+Space")
    expect(page).to_have_url(re.compile(r"/practice\?q=valid-"))
    expect(page.get_by_text("Question 1 of 5")).to_be_visible()
