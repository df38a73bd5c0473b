"""A served app takes its start-up objects out of full garbage collections; a test process never."""

from __future__ import annotations

import asyncio
import gc
import textwrap
from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks.load_client import Visitor
from tests.browser.support import streamlit_process
from tests.conftest import ROOT
from ui import gc_freeze

#: writes what the freeze did, from inside whichever process runs it, to the file named by REPORT
SCRIPT = textwrap.dedent('''
    import gc, os, pathlib, sys
    sys.path.insert(0, os.environ["TUNELAB_ROOT"])
    from ui.gc_freeze import freeze_long_lived, served
    frozen = freeze_long_lived("a test")
    pathlib.Path(os.environ["REPORT"]).write_text(f"{served()} {frozen} {gc.get_freeze_count()}")
''')
#: the app's start-up step in a served script: the freeze comes when the background imports are done
WARM = textwrap.dedent('''
    import gc, os, pathlib, sys, time
    sys.path.insert(0, os.environ["TUNELAB_ROOT"])
    from ui import warm
    before = gc.get_freeze_count()
    warm.warm_reference_libraries()
    deadline = time.monotonic() + 150
    while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    pathlib.Path(os.environ["REPORT"]).write_text(f"{before} {gc.get_freeze_count()} {'torch' in sys.modules}")
''')


def served_report(tmp_path: Path, script: str) -> list[str]:
    """Run ``script`` once in a ``streamlit run`` server (one visit); return what it reported."""
    path, report = tmp_path / "script.py", tmp_path / "report.txt"
    path.write_text(script)
    with streamlit_process(path, env={"REPORT": str(report), "TUNELAB_ROOT": str(ROOT)}) as (url, _proc):
        async def visit() -> None:
            async with Visitor(url, "", 180) as visitor:
                await visitor.run()

        asyncio.run(visit())
    return report.read_text().split()


def test_a_served_app_collects_then_freezes(tmp_path):
    is_served, frozen, count = served_report(tmp_path, SCRIPT)
    assert is_served == "True"
    # Streamlit's server alone is tens of thousands of objects; all of them are out of the walk now.
    # Frozen objects are still freed when nothing refers to them any more (the server's threads
    # go on meanwhile): the count read later can be lower, never higher (90,731 of 90,761 in a
    # run beside the browser tests).
    assert int(frozen) >= int(count) > 10_000


def test_the_app_freezes_once_its_background_imports_are_done(tmp_path):
    before, after, imported = served_report(tmp_path, WARM)
    assert before == "0"
    # torch, scikit-learn and plotly alone are some hundreds of thousands of objects
    assert int(after) > 100_000
    assert imported == "True"


def test_apptest_is_not_a_server_and_its_process_freezes_nothing(tmp_path, monkeypatch):
    report = tmp_path / "report.txt"
    monkeypatch.setenv("REPORT", str(report))
    monkeypatch.setenv("TUNELAB_ROOT", str(ROOT))
    before = gc.get_freeze_count()
    at = AppTest.from_string(SCRIPT).run(timeout=30)
    assert not at.exception
    assert report.read_text() == f"False None {before}"
    assert gc.get_freeze_count() == before


def test_the_collection_comes_before_the_freeze(monkeypatch):
    # what is garbage when frozen would stay for the server's life
    calls = []
    monkeypatch.setattr(gc_freeze, "served", lambda: True)
    monkeypatch.setattr(gc_freeze.gc, "collect", lambda: calls.append("collect") or 0)
    monkeypatch.setattr(gc_freeze.gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc_freeze.gc, "get_freeze_count", lambda: 7)
    assert gc_freeze.freeze_long_lived("a test") == 7
    assert calls == ["collect", "freeze"]
