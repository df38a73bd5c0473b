"""Shared fixtures: every test gets its own data folder, so no test touches data/."""

from __future__ import annotations

import functools
import os
from pathlib import Path

import pytest
import yaml
from streamlit.components.v2 import manifest_scanner

# An operator's setting exported in the developer's shell would change the ceilings every limit
# test is written for: it is read once, when engine.limits is imported (tests of the setting set
# it in a process of their own).
os.environ.pop("TUNELAB_RUN_CPU_SECONDS", None)
# The suite starts many short-lived servers (AppTest's and `streamlit run`'s): each would spend
# seconds of CPU making every figure's run ahead, beside the tests on two cores. Tests of the
# warm-up set it back in a process of their own (tests/ui/test_warm_figures.py).
os.environ["TUNELAB_WARM_FIGURES"] = "0"

# Each new AppTest reads every installed distribution's metadata, looking for Streamlit
# components (streamlit.components.v2.manifest_scanner): 0.4 s alone, a second in a loaded run,
# two thirds of a page test's time in a profile of tests/pages/test_interview.py. What is
# installed does not change during a session, so a process scans once.
manifest_scanner.scan_component_manifests = functools.cache(manifest_scanner.scan_component_manifests)

# db_url (SQLite and PostgreSQL), postgres_database, postgres_url
pytest_plugins = ["tests.db"]

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "content" / "fixtures"
#: one question of every form (generated, plot, code, derivation), for the forms tests
FORMS_BANK = ROOT / "tests" / "content" / "forms" / "forms.yaml"
#: the optimiser question whose "Run it" draws the animated paths (diverging SGD on x²), for
#: the tests of "Check it live"
LIVE = "live-sgd-x2-lr-1-1"


def one_question_bank(question_id: str = LIVE, bank: str = "check-optimisers") -> str:
    """A bank's text holding one question of ``content/<bank>.yaml``, as written there: a test's
    content folder gets that question and nothing else of the bank."""
    data = yaml.safe_load((ROOT / "content" / f"{bank}.yaml").read_text(encoding="utf-8"))
    [question] = [q for q in data["questions"] if q["id"] == question_id]
    return yaml.safe_dump({**data, "questions": [question]}, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="session", autouse=True)
def background_imports_end_with_the_session():
    """The app's first run starts importing torch and scikit-learn in a thread (ui.warm); a short
    session ended while it ran, and pytest's own late imports parsed source beside it: Python
    3.11's ast module is not safe in two threads at once ("SystemError: AST constructor recursion
    depth mismatch", seen in 2 of 10 runs of a three-test file). The session waits for it, and
    for the free-text judge's load (engine.judge.warm_for)."""
    import threading

    yield
    for thread in threading.enumerate():
        if thread.name in ("tunelab-warm-reference", "tunelab-judge-warm"):
            thread.join(timeout=120)


@pytest.fixture(autouse=True)
def isolated_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("TUNELAB_DATA_DIR", str(data))
    monkeypatch.delenv("TUNELAB_DATABASE_URL", raising=False)
    monkeypatch.delenv("TUNELAB_CONTENT_DIR", raising=False)
    return data


@pytest.fixture
def at_root(monkeypatch):
    """Run from the project root, so files display as ``tests/content/fixtures/x.yaml``."""
    monkeypatch.chdir(ROOT)
    return ROOT


@pytest.fixture
def spawn_safe_main(monkeypatch):
    """A bare ``__main__`` while the test starts processes with "spawn".

    A spawned child re-runs the parent's ``__main__`` script; after an AppTest has run, that is
    ``app.py`` (Streamlit's script runner leaves its own ``__main__`` behind), which cannot run
    outside Streamlit. The children here need nothing from ``__main__``.
    """
    import sys
    import types

    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
