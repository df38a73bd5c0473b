"""ui/state.py names every session-state key the pages use (issue 12, 6)."""

from __future__ import annotations

import re

from tests.conftest import ROOT
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
