"""Number settings: a bad ``TUNELAB_*`` value falls back to the default with one warning,
instead of crashing every page at import or passing unnoticed."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import pytest

from engine import settings
from tests.conftest import ROOT


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch):
    # each test sees its own first warning (the module warns once per value and process)
    monkeypatch.setattr(settings, "_warned", set())


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "tunelab" and r.levelno == logging.WARNING]


@pytest.mark.parametrize("raw, expected", [("7", 7), (" 3 ", 3), ("1", 1)])
def test_a_positive_whole_number_is_used_silently(monkeypatch, caplog, raw, expected):
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", raw)
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.interview_days() == expected
    assert warnings_of(caplog) == []


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_unset_or_blank_is_the_default_without_a_warning(monkeypatch, caplog, raw):
    if raw is None:
        monkeypatch.delenv("TUNELAB_INTERVIEW_DAYS", raising=False)
    else:
        monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", raw)
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.interview_days() == 14
    assert warnings_of(caplog) == []


@pytest.mark.parametrize("raw", ["abc", "0", "-3", "2.5", "1e3", "fourteen"])
def test_interview_days_that_is_not_a_positive_number_warns_and_uses_14(monkeypatch, caplog, raw):
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", raw)
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.interview_days() == 14
    assert warnings_of(caplog) == [
        f"TUNELAB_INTERVIEW_DAYS={raw!r} is not a positive whole number; using the default, 14."
    ]


def test_one_bad_value_is_one_warning_however_often_it_is_read(monkeypatch, caplog):
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "abc")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        for _ in range(5):  # a page reads it on every run
            settings.interview_days()
    assert len(warnings_of(caplog)) == 1


def test_max_workers_reads_through_the_same_helper(monkeypatch, caplog):
    monkeypatch.setenv("TUNELAB_MAX_WORKERS", "3")
    assert settings.max_workers() == 3
    monkeypatch.setenv("TUNELAB_MAX_WORKERS", "two")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.max_workers() == (os.cpu_count() or 1)
    assert warnings_of(caplog) == [
        f"TUNELAB_MAX_WORKERS='two' is not a positive whole number; using the default, {os.cpu_count() or 1}."
    ]


def test_a_bad_max_workers_no_longer_breaks_importing_the_job_runner():
    """Every page imports engine.jobs: the module constant must survive a typo."""
    env = {**os.environ, "TUNELAB_MAX_WORKERS": "two"}
    out = subprocess.run([sys.executable, "-c", "import engine.jobs as j; print(j.MAX_WORKERS)"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(os.cpu_count() or 1)
    assert "TUNELAB_MAX_WORKERS='two' is not a positive whole number" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_good_max_workers_sets_the_module_constant():
    env = {**os.environ, "TUNELAB_MAX_WORKERS": "5"}
    out = subprocess.run([sys.executable, "-c", "import engine.jobs as j; print(j.MAX_WORKERS, j.LANES['lab'])"],
                         capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["5", "5"]


def test_run_cpu_seconds_is_the_number_when_set_and_none_otherwise(monkeypatch, caplog):
    monkeypatch.delenv("TUNELAB_RUN_CPU_SECONDS", raising=False)
    assert settings.run_cpu_seconds() is None  # each ceiling keeps its own default
    monkeypatch.setenv("TUNELAB_RUN_CPU_SECONDS", " 30 ")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.run_cpu_seconds() == 30
    assert warnings_of(caplog) == []
    monkeypatch.setenv("TUNELAB_RUN_CPU_SECONDS", "abc")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.run_cpu_seconds() is None
        assert settings.run_cpu_seconds() is None
    assert warnings_of(caplog) == [
        "TUNELAB_RUN_CPU_SECONDS='abc' is not a positive whole number; using each ceiling's own default "
        "(engine/limits.py)."
    ]


def test_a_bad_run_cpu_seconds_keeps_both_default_ceilings_with_one_warning():
    """Every page imports engine.limits: a typo is a warning and the defaults, not a crash."""
    env = {**os.environ, "TUNELAB_RUN_CPU_SECONDS": "abc"}
    code = ("import engine.jobs as j; from engine.limits import CEILINGS as C; "
            "print(C['search'].limit, C['training'].limit, j.JOB_SECONDS)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["240", "120", "600.0"]
    assert out.stderr.count("TUNELAB_RUN_CPU_SECONDS='abc' is not a positive whole number; using each "
                            "ceiling's own default") == 1
    assert "Traceback" not in out.stderr


def test_a_worker_reads_the_settings_without_saying_their_problems_again(monkeypatch, caplog):
    """The lab workers' forkserver imports the engine again: a bad value was warned of twice (the
    operator's walk). engine.worker_process, first in the forkserver's preload, marks a worker."""
    from engine.jobs import PRELOAD

    assert PRELOAD[0] == "engine.worker_process"
    monkeypatch.setenv("TUNELAB_INTERVIEW_DAYS", "abc")
    monkeypatch.setitem(sys.modules, "engine.worker_process", object())
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        assert settings.interview_days() == 14
    assert warnings_of(caplog) == []
    monkeypatch.delitem(sys.modules, "engine.worker_process")
    with caplog.at_level(logging.WARNING, logger="tunelab"):
        settings.interview_days()
    assert len(warnings_of(caplog)) == 1  # the app's own process says it
