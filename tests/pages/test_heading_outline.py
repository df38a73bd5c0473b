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
    out, todo = [], [*at.main.children.values(), *at.sidebar.children.values()]
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
