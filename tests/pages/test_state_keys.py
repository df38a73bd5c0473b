"""ui/state.py names every session-state key the pages use (issue 12, 6)."""

from __future__ import annotations

import ast
import re

import pytest

from tests.conftest import ROOT
from tests.pages.conftest import PRACTICE as PRACTICE_PAGE
from ui.chart_controls import CONTROLS
from ui.lab_query import LINK
from ui.state import NAMESPACES, PRACTICE

# a key given to a widget, or read / written / popped on st.session_state (or its alias ss)
KEY = re.compile(r"""(?:\bkey=|session_state\[|session_state\.(?:get|pop|setdefault)\(|\bss\[|\bss\.(?:get|pop)\()"""
                 r"""f?["']([^"']*)["']""")


def namespace(key: str) -> str:
    return re.split(r"[.:{]", key, maxsplit=1)[0]


def used_keys() -> dict[str, str]:
    found = {}
    for path in [*(ROOT / "app_pages").glob("*.py"), *(ROOT / "ui").glob("*.py"), ROOT / "app.py"]:
        for key in KEY.findall(path.read_text(encoding="utf-8")):
            found[key] = path.name
    return found


def test_every_key_the_pages_use_is_in_a_listed_namespace():
    keys = used_keys()
    assert "sl.preset" in keys and "practice.leave_review" in keys  # the scan sees the pages
    # a key built from another (f"{key}:radio") takes that key's namespace
    unlisted = {k: f for k, f in keys.items() if not k.startswith("{") and namespace(k) not in NAMESPACES}
    assert not unlisted, f"session-state keys outside ui/state.py's NAMESPACES: {unlisted}"


#: a key read or written on Practice's state (``p = practice_state()``, ui.state.PRACTICE)
PRACTICE_KEY = re.compile(r"""(?:\bp\[|\bp\.(?:get|pop|setdefault)\(|practice_state\(\)(?:\[|\.get\()|\b_of\()"""
                          r"""["']([^"']*)["']""")


def test_practices_state_is_one_key_and_every_key_the_code_uses_on_it_has_a_default():
    """Practice's state is one dict (Streamlit walks every session-state key on every run: each
    costs every action); a key the code reads that has no default would fail at its first read."""
    assert namespace("practice") in NAMESPACES
    used = {}
    for path in [ROOT / "app_pages/practice.py", ROOT / "ui/practice_session.py", ROOT / "ui/forms_view.py"]:
        for key in PRACTICE_KEY.findall(path.read_text(encoding="utf-8")):
            used[key] = path.name
    assert {"queue", "index", "seeds", "result", "handover"} <= used.keys()  # the scan sees the code
    unknown = {k: f for k, f in used.items() if k not in PRACTICE}
    assert not unknown, f"keys of Practice's state with no default in ui.state.PRACTICE: {unknown}"


def page_constant(path: str, name: str):
    """A literal constant of a page's script (a test cannot import a page: importing runs it)."""
    text = (ROOT / path).read_text(encoding="utf-8")
    return ast.literal_eval(re.search(rf"^{name} = (.*)$", text, re.M).group(1))


#: the dicts the labs and their charts carry (ui.state.carried): file, the name it is read under, its defaults
CARRIED = [("ui/lab_query.py", "link", LINK), ("ui/chart_controls.py", "kept", CONTROLS),
           ("app_pages/presenter.py", "kept", page_constant("app_pages/presenter.py", "LINK"))]


@pytest.mark.parametrize("path, name, defaults", CARRIED, ids=[c[0] for c in CARRIED])
def test_every_key_read_on_a_carried_dict_has_a_default(path, name, defaults):
    text = (ROOT / path).read_text(encoding="utf-8")
    used = set(re.findall(rf"""\b{name}\[["']([^"']*)["']\]""", text))
    # "visit" is ui.state.first_run_of_visit's own, absent until the first run of a visit. Every
    # default is read too: the scan sees the code, and no default outlives what read it
    assert used - {"visit"} <= defaults.keys(), f"{path}: no default for {used - {'visit'} - defaults.keys()}"
    assert defaults.keys() <= used, f"{path}: defaults nothing reads: {defaults.keys() - used}"


def carried_keys(at) -> set[str]:
    """The session's keys that are no widget's (a widget's state goes with the widget)."""
    from streamlit.runtime.state.common import is_element_id

    state = at.session_state._state._state  # AppTest's SafeSessionState around the SessionState
    return {k for k in state._keys() if not is_element_id(k) and not k.startswith("$$")}


def test_the_labs_leave_one_key_for_each_link_and_each_chart_they_kept(app):
    """A visit of the labs and Presenter left twenty keys in the session (each link's visit,
    address, notes and fingerprint, each chart's step counters), walked by every later run of
    every page (a few microseconds each): now one dict for each lab's link and each chart."""
    at = app(PRACTICE_PAGE)
    before = carried_keys(at)
    assert {"session_id", "practice"} <= before
    for page in ["optimizer_lab", "training_lab", "search_lab", "presenter"]:
        at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, (page, at.exception)
    at.switch_page(PRACTICE_PAGE).run()
    assert carried_keys(at) - before == {"ol.link", "tl.link", "sl.link", "pm.link", "ol.paths.controls",
                                         "pm.paths.controls", "labs.large_text"}
