"""ui/state.py names every session-state key the pages use (issue 12, 6)."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from ui.state import DEFAULTS, NAMESPACES

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
    assert "sl.preset" in keys and "practice.handover" in keys  # the scan sees the pages
    # a key built from another (f"{key}:radio") takes that key's namespace
    unlisted = {k: f for k, f in keys.items() if not k.startswith("{") and namespace(k) not in NAMESPACES}
    assert not unlisted, f"session-state keys outside ui/state.py's NAMESPACES: {unlisted}"


def test_defaults_live_in_listed_namespaces():
    assert all(namespace(k) in NAMESPACES for k in DEFAULTS)
