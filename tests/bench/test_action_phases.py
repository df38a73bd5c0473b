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
