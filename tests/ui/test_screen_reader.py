"""The names a screen reader hears, as this server hands them to the browser (ui.screen_reader)."""

from __future__ import annotations

import ast
import json
import re

import pytest

from tests.conftest import ROOT
from ui.element_keys import element_class
from ui.screen_reader import COPY_NAMES, SCRIPT, SECTIONS_SUFFIX, copy_key, sections_key


def test_every_copy_box_drawn_names_what_it_holds():
    """Each call of copy_box or link_box in the pages names one of COPY_NAMES (a name missing
    from the registry fails at once: copy_key)."""
    whats = []
    for path in [*ROOT.glob("app_pages/*.py"), *ROOT.glob("ui/*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("copy_box", "link_box"):
                what = node.args[1] if node.func.id == "copy_box" and len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "what"), None)
                whats.append((path.name, ast.unparse(what) if what is not None else None))
    assert ("interview.py", "'candidate-link'") in whats and ("presenter.py", "'demo-link'") in whats
    for where, what in whats:
        if what is None or what == "what":
            continue  # link_box's default ("settings-link"), or link_box passing its own on
        if what.startswith("f"):  # the replaced link's: new-interviewer-link or new-candidate-link
            assert {"new-interviewer-link", "new-candidate-link"} <= COPY_NAMES.keys(), (where, what)
        else:
            assert ast.literal_eval(what) in COPY_NAMES, (where, what)
    assert "settings-link" in COPY_NAMES


def test_a_copy_box_without_a_name_is_refused():
    with pytest.raises(KeyError, match="add it to COPY_NAMES"):
        copy_key("a-secret")


def test_the_script_carries_every_name_under_its_boxs_class_and_nothing_else():
    names = json.loads(re.search(r"NAMES = (\{.*?\}), STREAMLIT", SCRIPT).group(1))
    assert names == {element_class(copy_key(k)): v for k, v in COPY_NAMES.items()}
    assert all(v.startswith("Copy ") for v in names.values())
    assert SCRIPT.count("window.__tunelabScreenReader") == 2  # installed once a tab


def test_a_sections_box_names_its_level_in_the_class_the_script_reads():
    """Level 2 is the plain suffix (Practice's verdict); a deeper level is said after it, and the
    script's pattern reads it back from the class Streamlit writes."""
    assert sections_key("practice.feedback") == f"practice.feedback{SECTIONS_SUFFIX}"
    deeper = element_class(sections_key("iv.live.q3", 3))
    pattern = re.search(r'new RegExp\(SECTIONS \+ "(.*?)"\)', SCRIPT).group(1)
    fragment = re.search(r"SECTIONS = '(.*?)'", SCRIPT).group(1)
    assert fragment in deeper  # the box is found as a sections box
    assert re.search(re.escape(fragment) + pattern, deeper).group(1) == "3"
    assert not re.search(re.escape(fragment) + pattern, element_class(sections_key("practice.feedback")))
    for level in (1, 7):
        with pytest.raises(ValueError, match="2 to 6"):
            sections_key("x", level)
