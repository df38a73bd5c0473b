"""What a screen reader hears, in Chromium's accessibility tree (ui.screen_reader).

Streamlit draws an icon written in Markdown as an image named by its id: Home's cards read "quiz
icon Practice", and a derivation's wrong step "cancel icon, Step 1". The icons are hidden from
assistive technology and a step's verdict is said in words. A multiple-choice question's boxes
are one named group. (The copy buttons' names: test_keyboard_flow.)
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from engine.interviews import Interviews
from engine.store import Store
from tests.browser.support import open_live_sections, served_env, wait_idle
from tests.conftest import FORMS_BANK

pytestmark = pytest.mark.browser
#: how the accessibility tree names an icon drawn from Markdown ("- img "quiz icon": quiz")
ICON_NAME = re.compile(r'img "[a-z_]+ icon"')


@pytest.fixture(scope="module")
def server_env(tmp_path_factory):
    """This module's server (the browser conftest's ``server``) serves the question forms too."""
    return served_env(tmp_path_factory.mktemp("screen-reader"), {"forms.yaml": FORMS_BANK})


def test_homes_cards_are_read_without_their_icons_names(server, page):
    page.goto(server)
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("heading", name="Practice", exact=True)).to_be_visible()
    expect(main.get_by_text("quiz", exact=True)).to_be_visible()  # the icon is drawn still
    tree = main.aria_snapshot()
    assert "Mock interview" in tree and not ICON_NAME.search(tree), tree


def test_a_derivations_steps_say_right_or_wrong_in_words(server, page):
    page.goto(f"{server}/practice?q=form-derivation")
    wait_idle(page)
    page.get_by_text("(1 - lr h) x", exact=True).click()  # step 1 right
    page.get_by_label("Step 2: your answer").fill("3")  # step 2 wrong
    page.get_by_label("Result: your answer").fill("0.5")
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    # bold, as the feedback's other sections, and a heading of level 2 for a screen reader as they
    # are: an h4 under the page's h1 skipped two levels (axe)
    expect(main.get_by_text("Step by step", exact=True)).to_be_visible()
    expect(main.get_by_role("heading", name="Step by step", level=2)).to_be_visible()
    expect(main.get_by_role("heading", name="Step by step", level=4)).to_have_count(0)
    # the card's last element: every step is drawn (the snapshot once caught the heading and step 1
    # with step 2 still on its way, "idle" read before the submit's run had started)
    expect(main.get_by_role("button", name=re.compile("Next question"))).to_be_visible()
    tree = main.aria_snapshot()
    assert re.search(r"text: Right ·\s+- strong: Step 1\.", tree), tree
    assert re.search(r"text: Wrong ·\s+- strong: Step 2\.", tree), tree
    assert not ICON_NAME.search(tree), tree  # "cancel icon" for a wrong step was the worst of them


def test_a_verdicts_sections_are_headings_a_screen_reader_can_jump_between(server, page):
    # "Your answer", "Why", "Key points" ... were paragraphs in bold: read only in a line from the
    # verdict down (the accessibility walk-through); drawn in bold still
    page.goto(f"{server}/practice?q=valid-single")
    wait_idle(page)
    page.get_by_test_id("stMain").get_by_text("a", exact=True).click()  # wrong: the right answer is shown
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    main = page.get_by_test_id("stMain")
    expect(main.get_by_role("button", name=re.compile("Next question"))).to_be_visible()
    sections = ["Your answer", "Right answer", "Why", "Key points", "Common mistakes", "Follow-up questions"]
    for name in sections:
        expect(main.get_by_role("heading", name=name, exact=True, level=2)).to_be_visible()
    expect(main.get_by_role("heading")).to_have_count(len(sections) + 1)  # and the page's title
    # the answers and the notes stay text
    expect(main.get_by_role("heading", name="Because.")).to_have_count(0)
    assert main.get_by_text("Because.", exact=True).evaluate("p => p.getAttribute('role')") is None
    assert main.get_by_role("heading", name="Why").evaluate("p => getComputedStyle(p).fontSize") == \
        main.get_by_text("Because.", exact=True).evaluate("p => getComputedStyle(p).fontSize")  # looks the same


#: the headings a screen reader lists on the page, in order: [level, words]
OUTLINE = """() => [...document.querySelectorAll('[data-testid=stMain] :is(h1,h2,h3,h4,h5,h6,[role=heading])')]
  .filter(h => h.getClientRects().length)
  .map(h => [Number(h.getAttribute('aria-level') || h.tagName.slice(1)), h.textContent.trim()])"""


def test_an_interviewers_answer_key_is_headed_question_by_question(server, server_env, page):
    # "Candidate's answer:", "Model answer:", "Key points:" ... were bold paragraphs, read in a line,
    # and an expander's label ("Question 2 · ...") is a button: a screen reader could not go from one
    # question's key to the next, nor tell which question a part belonged to
    ivs = Interviews(Store(f"sqlite:///{server_env['TUNELAB_DATA_DIR']}/tunelab.db"))
    made = ivs.create("Headed", "ml-engineer", ["valid-single", "valid-free"], 300, owner="o")
    page.goto(f"{server}/interview?t={made.interviewer_token}")
    wait_idle(page)
    open_live_sections(page)
    parts = [[3, "Candidate's answer:"], [3, "Model answer:"], [3, "Key points:"], [3, "Follow-ups:"],
             [3, "Common mistakes:"]]
    expected = [[1, "Headed · interviewer"], [2, "Question 1"], parts[0], [3, "Answer key:"], *parts[1:],
                [2, "Question 2"], *parts, [2, "Score a question"]]
    page.wait_for_function(f"() => ({OUTLINE})().length === {len(expected)}")
    assert page.evaluate(OUTLINE) == expected
    # the question's heading is for a screen reader alone: the expander's label shows it, and it
    # takes no room (the section's first line where it was)
    heading = page.get_by_role("heading", name="Question 1", exact=True, level=2)
    box = heading.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1, box
    assert heading.evaluate("h => getComputedStyle(h.closest('[data-testid=stElementContainer]')).position") == \
        "absolute"
    # the parts drawn as before: bold words at the size of the text under them
    main = page.get_by_test_id("stMain")
    assert main.get_by_role("heading", name="Model answer:").first.evaluate("p => getComputedStyle(p).fontSize") == \
        main.get_by_text("Say this.", exact=True).first.evaluate("p => getComputedStyle(p).fontSize")


def test_a_multiple_choice_questions_boxes_are_one_group_named_by_its_caption(server, page):
    """A radio's options are one group named by its label; a multiple-choice question's checkboxes
    stood alone (the accessibility walk-through)."""
    page.goto(f"{server}/practice?q=valid-multi")
    wait_idle(page)
    group = page.get_by_role("group", name="Tick every option that applies.")
    expect(group).to_be_visible()
    expect(group.get_by_role("checkbox")).to_have_count(3)
    group.get_by_text("b", exact=True).click()  # wrong (a and c are right)
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    expect(group).to_have_count(0)  # the verdict in place of the form
    page.get_by_role("button", name="Retry", exact=True).click()
    wait_idle(page)
    # the new form's boxes, drawn into a page the script watches: grouped as they arrive
    expect(page.get_by_role("group", name="Tick every option that applies.").get_by_role("checkbox")).to_have_count(3)


#: what holds the keyboard: "sidebar" when it is in the sidebar, else its tag
WHERE = """() => { const a = document.activeElement;
  return a.closest('[data-testid=stSidebar]') ? 'sidebar' : a.tagName + ':' + (a.getAttribute('aria-label') || ''); }"""


def exposed_links(cdp) -> list[str]:
    """The names of the links Chromium's accessibility tree exposes (not ignored): what a screen
    reader is given. (Playwright's ``aria_snapshot`` does not leave out an inert element's.)"""
    tree = cdp.send("Accessibility.getFullAXTree")["nodes"]
    return [n.get("name", {}).get("value", "") for n in tree
            if not n.get("ignored") and n.get("role", {}).get("value") == "link"]


def exposes_review(page, shown: bool, timeout_s: float = 10) -> bool:
    """Wait until the tree does (``shown``) or does not expose the sidebar's link to Review (it is
    brought up to date as the page settles); True if it came to that."""
    cdp = page.context.new_cdp_session(page)
    try:
        end = time.monotonic() + timeout_s
        while ("Review" in exposed_links(cdp)) != shown:
            if time.monotonic() > end:
                return False
            page.wait_for_timeout(100)
        return True
    finally:
        cdp.detach()


def settled(page) -> None:
    """Wait for the question's first showing to be over: its marker's script may move the focus."""
    wait_idle(page)
    page.wait_for_selector("#tl-top-1[data-ran]", state="attached")


def test_a_collapsed_sidebar_is_out_of_the_keyboards_reach_and_opens_again(server, page):
    """Collapsed, the sidebar slid off the screen with its links and help buttons still Tab stops:
    about twenty unseen presses between the page's last button and its first (the keyboard
    walk-through). And its collapse button showed under the mouse only: out of the keyboard's reach."""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{server}/practice?q=valid-single")
    settled(page)
    sidebar = page.get_by_test_id("stSidebar")
    page.get_by_role("link", name="Home").focus()
    page.keyboard.press("Shift+Tab")  # its collapse button shows for the keyboard, as under the mouse
    expect(page.get_by_role("button", name="Collapse sidebar")).to_be_focused()
    page.keyboard.press("Enter")  # the focus leaves with the sidebar, to what opens it again
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_focused()
    assert exposes_review(page, False)  # nor a screen reader
    page.get_by_role("button", name="Submit answer").focus()
    stops = []
    for _ in range(12):  # round the page and back to its start
        page.keyboard.press("Tab")
        stops.append(page.evaluate(WHERE))
    assert "sidebar" not in stops, stops
    assert any(s.startswith("BUTTON:Expand sidebar") for s in stops), stops
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    page.get_by_role("link", name="Review").focus()
    assert page.evaluate(WHERE) == "sidebar" and exposes_review(page, True)


def test_on_a_phone_the_sidebar_starts_collapsed_and_out_of_reach_until_opened(server, page):
    """A narrow screen (a phone, or 200% zoom) starts with the sidebar collapsed: its links were
    the first Tab stops, unseen."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{server}/practice?q=valid-single")
    settled(page)
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert exposes_review(page, False)
    page.get_by_test_id("stExpandSidebarButton").click()
    expect(page.get_by_role("link", name="Review")).to_be_in_viewport()
    assert exposes_review(page, True)
    page.get_by_role("link", name="Review").click()
    expect(page).to_have_url(re.compile(r"/review"))


def test_the_figures_numbers_are_folded_again_under_the_next_figure(server, page):
    """The figure's text alternative, opened under one figure, stayed open under the next (the
    learner's walk-through): the browser kept the open state of the section in the same place."""
    page.goto(f"{server}/practice?q=form-plot")
    settled(page)
    numbers = page.get_by_test_id("stExpander").filter(has_text="The figure's numbers, as a table")
    numbers.locator("summary").click()
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_visible()
    expect(numbers.locator("details")).to_have_attribute("open", "")
    page.get_by_test_id("stRadio").get_by_text("A", exact=True).click()  # any curve: the verdict is not the point
    page.get_by_role("button", name="Submit answer").click()
    wait_idle(page)
    page.get_by_role("button", name="Retry").click()  # the figure again, under a fresh attempt
    wait_idle(page)
    expect(page.get_by_role("button", name="Submit answer")).to_be_visible()
    expect(numbers.locator("details")).not_to_have_attribute("open", "")
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).not_to_be_visible()


def test_a_captions_help_and_a_progress_bar_are_named_by_their_words(server, page):
    """Streamlit names a caption's help button "Help" (a widget's is "Help for" its label) and every
    progress bar "progress": Practice's tally help and the Training lab's bar, while it trains, are
    named by the words beside them."""
    page.goto(f"{server}/practice")
    wait_idle(page)
    # "Today nothing answered yet", or the tally of the module's earlier answers on this server
    expect(page.get_by_role("button", name=re.compile(r"^Help for Today \w"))).to_be_visible()
    expect(page.get_by_role("button", name="Help", exact=True)).to_have_count(0)
    page.goto(f"{server}/training-lab")
    wait_idle(page)
    page.get_by_role("button", name="Train", exact=True).click()
    # "Starting the workers…", then "SGD lr=0.05: epoch 3 of 10 · 1 s": never Streamlit's "progress"
    expect(page.get_by_role("progressbar", name=re.compile(r"Starting|epoch"))).to_be_visible()
    expect(page.get_by_role("progressbar", name="progress", exact=True)).to_have_count(0)
    wait_idle(page)
