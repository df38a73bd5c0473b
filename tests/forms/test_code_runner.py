"""The snippet runner's fence: its own process, a time limit, a memory limit, a bare environment;
and code from an upload is never run."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from engine.content.loader import load_library, load_text
from engine.forms.claims import check_code
from engine.forms.code_runner import run_snippet
from tests.conftest import ROOT


def test_a_snippet_runs_in_a_fresh_interpreter_in_an_empty_folder():
    r = run_snippet("import os, sys\nprint(os.listdir('.'), sys.flags.isolated, __name__)", 20, 512)
    assert r.ok, r.message
    assert r.stdout.strip() == "['snippet.py'] 1 __main__"


def test_a_snippet_that_loops_for_ever_is_stopped_at_its_time_limit():
    t0 = time.perf_counter()
    r = run_snippet("while True:\n    pass\n", timeout_s=1.5, memory_mb=256)
    assert time.perf_counter() - t0 < 10
    assert (r.stopped_by, r.ok) == ("timeout", False)
    assert r.message.startswith("the snippet was stopped after") and "time limit" in r.message


def test_a_snippet_that_allocates_4_gb_is_stopped_by_its_memory_limit():
    r = run_snippet("block = bytearray(4 * 1024 ** 3)\nprint('allocated')", timeout_s=20, memory_mb=512)
    assert (r.stopped_by, r.stdout) == ("memory", "")
    assert r.message == "the snippet was stopped: it tried to use more memory than its limit"


def test_children_of_a_snippet_die_with_it():
    code = "import subprocess, time\nsubprocess.Popen(['sleep', '60'])\ntime.sleep(60)\n"
    r = run_snippet(code, timeout_s=1.5, memory_mb=256)
    assert r.stopped_by == "timeout"


def test_the_environment_carries_no_secrets(monkeypatch):
    monkeypatch.setenv("TUNELAB_SECRET_TOKEN", "hunter2")
    r = run_snippet("import os\nprint('TUNELAB_SECRET_TOKEN' in os.environ)", 20, 256)
    assert r.stdout.strip() == "False"


def test_a_failing_snippet_reports_its_last_error_line():
    r = run_snippet("raise ValueError('boom')", 20, 256)
    assert not r.ok and r.message == "the snippet failed (exit code 1): ValueError: boom"


@pytest.mark.parametrize("timeout, memory", [(0, 512), (500, 512), (10, 64), (10, 10_000)])
def test_limits_outside_the_allowed_range_are_refused(timeout, memory):
    with pytest.raises(ValueError, match="limit must be from"):
        run_snippet("print(1)", timeout, memory)


def test_an_upload_cannot_ask_for_its_code_to_be_run():
    text = (ROOT / "content" / "read-the-code.yaml").read_text()
    bank, errors = load_text(text, "upload.yaml")  # uploads are untrusted by default
    assert bank is None
    assert len(errors) == sum(1 for q in load_library([ROOT / "content/read-the-code.yaml"]).questions if q.code.run)
    assert {e.message for e in errors} == {
        "an uploaded bank cannot ask the engine to run its code; remove 'run' (the code is still shown)"}
    assert all(e.path.endswith(".code.run") for e in errors)


CODE = [q for q in load_library([ROOT / "content"]).questions if q.code is not None and q.code.run is not None]


@pytest.fixture(scope="module")
def verdicts():
    with ThreadPoolExecutor(max_workers=2) as pool:  # two cores: two snippets at a time
        return dict(zip([q.id for q in CODE], pool.map(check_code, CODE)))


def test_there_are_at_least_20_code_questions():
    assert len([q for q in load_library([ROOT / "content"]).questions if q.code is not None]) >= 20


@pytest.mark.parametrize("q", CODE, ids=lambda q: q.id)
def test_every_claimed_output_is_what_the_snippet_prints(q, verdicts):
    v = verdicts[q.id]
    assert v.agrees, f"{q.id}: {v.detail}"
