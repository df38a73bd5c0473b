"""A server makes its figures' runs ahead, in the background, unless told not to."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from engine import settings
from tests.conftest import FORMS_BANK, ROOT

#: in a process of its own (the suite turns the warm-up off, and its cache is per process): the
#: forms bank's plot question (an optimiser run on a surface, made inline) is measured with no page
WARM = f"""
import time
from engine.content.loader import load_library
from engine.sim.measured import figure_measurements
from ui import warm
from ui.sim_view import measurements
library = load_library([{str(FORMS_BANK.parent)!r}])
wanted = figure_measurements(library.interview_questions)
started = warm.warm_figures(library)
deadline = time.monotonic() + 60
while started and time.monotonic() < deadline and not all(measurements().known(s, p) for s, p in wanted):
    time.sleep(0.05)
print(started, len(wanted), sum(measurements().known(s, p) for s, p in wanted))
"""


def run_warm(value: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUNELAB_WARM_FIGURES": value}
    return subprocess.run([sys.executable, "-c", WARM], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_figures_runs_are_made_ahead():
    out = run_warm("1")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-3:] == ["True", "1", "1"], out.stdout


def test_turned_off_nothing_is_made_ahead():
    out = run_warm("0")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[-3:] == ["False", "1", "0"], out.stdout


def test_the_setting_reads_0_and_1_and_warns_once_for_anything_else(monkeypatch, caplog):
    monkeypatch.setenv("TUNELAB_WARM_FIGURES", "0")
    assert settings.warm_figures() is False
    for value in ("1", " ", ""):
        monkeypatch.setenv("TUNELAB_WARM_FIGURES", value)
        assert settings.warm_figures() is True
    monkeypatch.setenv("TUNELAB_WARM_FIGURES", "no")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.warm_figures() is True
        assert settings.warm_figures() is True
    assert caplog.text.count("TUNELAB_WARM_FIGURES='no' is neither 0 nor 1; using the default, 1.") == 1
