"""The phase benchmark's reading of the server's clocks (``benchmarks/bench_action_phases.py``)."""

from __future__ import annotations

from benchmarks.bench_action_phases import phases


def test_each_run_is_split_at_its_own_events_and_the_medians_taken(tmp_path):
    log = tmp_path / "phases.log"
    log.write_text("\n".join([
        "backmsg 100.0", "callbacks 0.2", "exec_start 100.5", "exec_end 103.5", "finished 103.6",
        "backmsg 200.0", "exec_start 200.7", "exec_end 202.7", "finished 202.7",  # no callbacks logged
        "finished 300.0",  # a run's end with no start seen (the log cleared mid-run): left out
        "backmsg 400.0", "callbacks 0.4", "exec_start 400.4", "exec_end 404.4", "finished 404.6",
    ]))
    got = phases(log)
    assert got["runs"] == 3
    assert round(got["to the script"], 3) == 0.5 and round(got["script"], 3) == 3.0
    assert round(got["callbacks"], 3) == 0.2 and round(got["after"], 3) == 0.1


def test_an_empty_log_has_no_phases(tmp_path):
    (tmp_path / "empty.log").write_text("")
    assert phases(tmp_path / "empty.log") == {}


def test_the_profile_covers_the_runs_after_the_warm_up(tmp_path, monkeypatch):
    """``TUNELAB_PHASE_PROFILE``: the scripts' code profiled, begun again when the log is emptied."""
    import importlib.util
    import pstats
    from pathlib import Path

    from streamlit.runtime.scriptrunner import script_runner

    source = Path(__file__).resolve().parents[2] / "benchmarks" / "action_phases" / "sitecustomize.py"
    spec = importlib.util.spec_from_file_location("phase_clocks", source)
    clocks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(clocks)  # no TUNELAB_PHASE_LOG here: nothing installed by the import

    def warm_up_work():
        return sum(range(10))

    def measured_work():
        return sum(range(20))

    monkeypatch.setattr(script_runner, "exec_func_with_error_handling", lambda func, ctx: func())
    log, out = tmp_path / "phases.log", tmp_path / "script.prof"
    log.write_text("backmsg 1.0\nexec_start 1.1\nexec_end 1.2\nfinished 1.3\n")
    clocks._profile(str(out), str(log))
    assert script_runner.exec_func_with_error_handling(warm_up_work, None) == 45
    names = {f[2] for f in pstats.Stats(str(out)).stats}
    assert "warm_up_work" in names
    log.write_text("")  # the benchmark's warm-up is over
    assert script_runner.exec_func_with_error_handling(measured_work, None) == 190
    names = {f[2] for f in pstats.Stats(str(out)).stats}
    assert "measured_work" in names and "warm_up_work" not in names
