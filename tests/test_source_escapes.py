"""Every Python file of ours compiles without a warning: an invalid escape in a string (``"\\s"`` in
a script of JavaScript held in Python) is a DeprecationWarning in Python 3.11, a SyntaxWarning in
3.12 and to be an error; the suite's summary showed it, unread, for sessions."""

from __future__ import annotations

import warnings

from tests.conftest import ROOT

SOURCES = [ROOT / "app.py", *(p for d in ("engine", "ui", "app_pages", "tests", "benchmarks")
                               for p in sorted((ROOT / d).rglob("*.py")))]


def test_every_source_compiles_without_a_warning():
    faults = []
    for path in SOURCES:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            try:
                compile(path.read_text(), str(path), "exec")
            except SyntaxError as exc:
                faults.append(f"{path.relative_to(ROOT)}:{exc.lineno}: {exc.msg}")
    assert len(SOURCES) > 100 and not faults, faults
