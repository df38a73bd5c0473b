"""Streamlit's "magic" is off, and no page relies on it.

With magic on, a bare expression on its own line is drawn with ``st.write``, and Streamlit
rewrites each page's syntax tree to do so whenever its script cache is emptied (every time the
last session closes). The app draws only through explicit calls, so magic is switched off in
``.streamlit/config.toml``; this test keeps a page from quietly depending on it again.
"""

from __future__ import annotations

import ast
import tomllib

from tests.conftest import ROOT

PAGES = [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]


def test_magic_is_switched_off():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["runner"]["magicEnabled"] is False


def bare_expressions(source: str) -> list[int]:
    """Lines of expression statements magic would have written: anything but a call, an
    ``await``/``yield``, or a docstring (the first statement of a module, class or function)."""
    found = []
    for parent in ast.walk(ast.parse(source)):
        body = getattr(parent, "body", None)
        if not isinstance(body, list):
            continue
        for i, node in enumerate(body):
            if not isinstance(node, ast.Expr):
                continue
            value = node.value
            if isinstance(value, (ast.Call, ast.Await, ast.Yield, ast.YieldFrom)):
                continue
            docstring = i == 0 and isinstance(value, ast.Constant) and isinstance(value.value, str)
            if not docstring:
                found.append(node.lineno)
    return found


def test_no_page_draws_through_magic():
    offenders = {p.name: lines for p in PAGES if (lines := bare_expressions(p.read_text()))}
    assert offenders == {}, f"bare expressions that magic used to draw: {offenders}"


def test_the_check_finds_what_magic_would_draw():
    assert bare_expressions('"""doc"""\nx = 1\nx\n"note"\nst.write(x)\n') == [3, 4]


def test_the_server_reloads_no_module_from_disk():
    """A reload left the cached evaluation cache of the old class: every search's worker failed to start."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none"
