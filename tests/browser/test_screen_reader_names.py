"""What a screen reader hears, in Chromium's accessibility tree (ui.screen_reader).

Streamlit draws an icon written in Markdown as an image named by its id: Home's cards read "quiz
icon Practice", and a derivation's wrong step "cancel icon, Step 1". The icons are hidden from
assistive technology and a step's verdict is said in words. A multiple-choice question's boxes
are one named group. (The copy buttons' names: test_keyboard_flow.)
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.support import served_env, wait_idle
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
    expect(main.get_by_role("heading", name="Step by step")).to_be_visible()
    tree = main.aria_snapshot()
    assert re.search(r"text: Right ·\s+- strong: Step 1\.", tree), tree
    assert re.search(r"text: Wrong ·\s+- strong: Step 2\.", tree), tree
    assert not ICON_NAME.search(tree), tree  # "cancel icon" for a wrong step was the worst of them


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
