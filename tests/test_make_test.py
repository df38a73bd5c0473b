"""`make test` runs its two parts side by side and fails when either fails.

The recipe is run with a stand-in for the virtualenv's Python (``PY=``, a script) that records how it
was called and exits as told, so the target's own shell logic is what is tested: both parts start, the
other tests start before the browser tests end, their report comes after the browser tests', and
the exit status is a failure if either part failed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="no make on this machine")

STAND_IN = textwrap.dedent("""\
    import os, sys, time
    browser = "tests/browser" in sys.argv
    log = os.environ["STAND_IN_LOG"]
    with open(log, "a") as f:
        f.write(f"{time.monotonic():.3f} start {'browser' if browser else 'rest'} {' '.join(sys.argv[1:])}\\n")
    time.sleep(1.0 if browser else 0.2)
    print("report of", "the browser tests" if browser else "the other tests", flush=True)
    with open(log, "a") as f:
        f.write(f"{time.monotonic():.3f} end {'browser' if browser else 'rest'}\\n")
    sys.exit(int(os.environ["STAND_IN_BROWSER_EXIT" if browser else "STAND_IN_REST_EXIT"]))
    """)


def make_test(tmp_path, rest_exit: int, browser_exit: int, workers: str | None = None):
    stand_in = tmp_path / "stand_in.py"
    stand_in.write_text(STAND_IN)
    log = tmp_path / "calls.log"
    # not the flags of a make this suite may itself be running under
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "TEST_WORKERS")}
    env |= {"STAND_IN_LOG": str(log), "STAND_IN_REST_EXIT": str(rest_exit), "STAND_IN_BROWSER_EXIT": str(browser_exit)}
    # -o: the install stamp counts as made, whatever its age (nothing is installed)
    args = ["make", "--no-print-directory", "-o", ".venv/.tunelab-installed", "test", f"PY={sys.executable} {stand_in}"]
    if workers is not None:
        args.append(f"TEST_WORKERS={workers}")
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    calls = [line.split(" ", 2) for line in log.read_text().splitlines()]
    return done, calls


def test_both_parts_run_side_by_side_and_the_others_report_follows(tmp_path):
    done, calls = make_test(tmp_path, 0, 0, workers="3")
    assert done.returncode == 0, done.stdout + done.stderr
    starts = {}
    for t, what, rest in calls:
        if what == "start":
            who, _, args = rest.partition(" ")
            starts[who] = (float(t), args)
    ends = {rest: float(t) for t, what, rest in calls if what == "end"}
    assert set(starts) == {"browser", "rest"}
    # each part keeps its own record of failures (pytest --lf): the rest's cache is a folder of its own
    assert starts["rest"][1].split() == ["-m", "pytest", "-n", "3", "--ignore=tests/browser",
                                         "-o", "cache_dir=.pytest_cache/rest"]
    assert starts["browser"][1].split() == ["-m", "pytest", "tests/browser"]
    assert starts["rest"][0] < ends["browser"] and starts["browser"][0] < ends["rest"]  # at once
    out = done.stdout
    assert (out.index("report of the browser tests") < out.index("The other tests:")
            < out.index("report of the other tests"))


@pytest.mark.parametrize("rest_exit, browser_exit", [(1, 0), (0, 1), (2, 5)])
def test_the_target_fails_when_either_part_fails(tmp_path, rest_exit, browser_exit):
    done, calls = make_test(tmp_path, rest_exit, browser_exit)
    assert done.returncode != 0
    assert sum(1 for _, what, _ in calls if what == "end") == 2  # a failing part stops neither
    assert "report of the other tests" in done.stdout  # shown, passed or failed
