"""Each page's headings form an outline: h1, then no level skipped (screen readers list them; axe's
heading-order found Home's subtitle at h4 and the Optimizer lab's summary at h4 under the h1)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

PAGES = ["app_pages/home.py", "app_pages/practice.py", "app_pages/review.py", "app_pages/progress.py",
         "app_pages/optimizer_lab.py", "app_pages/training_lab.py", "app_pages/search_lab.py",
         "app_pages/interview.py", "app_pages/history.py", "app_pages/presenter.py", "app_pages/room.py"]
LEVELS = {"Title": 1, "Header": 2, "Subheader": 3}
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)  # a "# comment" in code is no heading


def heading_levels(at: AppTest) -> list[int]:
    """The levels of the headings in the main area, in page order: st.title, st.header and
    st.subheader, and every Markdown heading line of st.markdown (not only a leading one)."""
    out, todo = [], list(at.main.children.values())[::-1]
    while todo:
        node = todo.pop()
        kind = type(node).__name__
        if kind in LEVELS:
            out.append(LEVELS[kind])
        elif kind == "Markdown":
            out += [len(m) for m in MARKDOWN_HEADING.findall(FENCE.sub("", node.value))]
        todo.extend(list(getattr(node, "children", {}).values())[::-1])
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_headings_start_at_h1_and_never_skip_a_level(app, page):
    levels = heading_levels(app(page))
    assert levels and levels[0] == 1, levels
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"h{before} then h{after}: {levels}"


def headings(at: AppTest) -> list:
    """Every st.title, st.header and st.subheader of the page, the sidebar's too."""
    return headings_in(at.main, at.sidebar)


def headings_in(*blocks) -> list:
    """The st.title, st.header and st.subheader elements under ``blocks``, in no particular order."""
    out, todo = [], [node for block in blocks for node in block.children.values()]
    while todo:
        node = todo.pop()
        if type(node).__name__ in LEVELS:
            out.append(node)
        todo.extend(getattr(node, "children", {}).values())
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_no_heading_carries_a_link_anchor(app, page):
    # each "link to heading" anchor was a Tab stop with almost no focus mark (five on Progress: the
    # keyboard walk-through); none of our pages links to a heading
    at = app(page)
    found = headings(at)
    assert found and all(h.proto.hide_anchor for h in found), [h.value for h in found if not h.proto.hide_anchor]
    assert not any(len(m) <= 3 for node in at.markdown for m in MARKDOWN_HEADING.findall(FENCE.sub("", node.value)))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[1][:-3])
def test_the_sidebar_s_headings_are_sections_of_the_page(app, page):
    # the sidebar comes before the main area in the page's order: its h3s ("Surface", "Runs") came
    # before the page's h1, sub-sections of nothing (the accessibility audit); they are h2, as the
    # main area's sections
    at = app(page)
    levels = [LEVELS[type(n).__name__] for n in headings_in(at.sidebar)]
    assert all(level == 2 for level in levels), levels


def _steps_verdict() -> None:
    from types import SimpleNamespace

    import streamlit as st

    from ui.steps_view import show_steps

    st.title("Practice", anchor=False)
    step = SimpleNamespace(prompt="Step one", why="Because.", type="single_choice", answer="Two")
    show_steps(SimpleNamespace(steps=[step]), SimpleNamespace(steps=[SimpleNamespace(correct=True)], final=None))


def test_a_derivation_s_steps_are_no_heading_skipped_under_the_h1():
    # its verdict's "Step by step" was an h4 straight under the page's h1 (axe's heading-order)
    at = AppTest.from_function(_steps_verdict).run()
    assert not at.exception, at.exception
    assert any("Step one" in m.value for m in at.markdown)
    levels = heading_levels(at)
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
