"""The server's measurements: each made once, shared between requests, and made ahead for figures."""

from __future__ import annotations

import logging
import threading
import time

import pytest

from engine.content.loader import load_library
from engine.sim.measured import Measurements, figure_measurements, measurement_key
from engine.sim.scenarios import Measurement, run_scenario
from tests.conftest import ROOT

QUADRATIC = {"surface": "quadratic", "steps": 20, "runs": [{"label": "sgd", "optimizer": "sgd", "lr": 0.05}]}


class Counting:
    """A stand-in for a worker run: counts its calls, can be held open, can fail."""

    def __init__(self, fail: str | None = None):
        self.calls: list[str] = []
        self.lanes: list[str] = []
        self.release = threading.Event()
        self.release.set()
        self.started = threading.Event()
        self.fail = fail

    def __call__(self, scenario, params, on_event=None, lane="question") -> Measurement:
        self.calls.append(measurement_key(scenario, params))
        self.lanes.append(lane)
        self.started.set()
        assert self.release.wait(10)
        if self.fail:
            raise ValueError(self.fail)
        return Measurement(scenario, {"n": len(self.calls)})


def test_the_default_run_is_the_scenario_itself():
    """What a page is shown is what the engine measures (held to run_scenario)."""
    made = Measurements().get("optimizer", QUADRATIC)
    assert made.values == run_scenario("optimizer", QUADRATIC).values


def test_a_measurement_is_made_once_and_kept():
    run = Counting()
    store = Measurements(run=run)
    assert not store.known("optimizer", QUADRATIC)
    first = store.get("optimizer", QUADRATIC)
    again = store.get("optimizer", dict(reversed(list(QUADRATIC.items()))))  # same parameters, other order
    assert again is first and len(run.calls) == 1 and store.known("optimizer", QUADRATIC)


def test_two_requests_for_one_measurement_share_one_run():
    """The second waits for the first's run (hearing a heartbeat) instead of queueing a second."""
    run = Counting()
    run.release.clear()
    store = Measurements(run=run)
    got: dict[str, Measurement] = {}
    first = threading.Thread(target=lambda: got.setdefault("first", store.get("optimizer", QUADRATIC)))
    first.start()
    assert run.started.wait(5)
    beats = []

    def second():
        got["second"] = store.get("optimizer", QUADRATIC, on_event=beats.append)

    waiter = threading.Thread(target=second)
    waiter.start()
    time.sleep(0.6)
    assert "second" not in got and beats and all(b is None for b in beats)
    run.release.set()
    first.join(5)
    waiter.join(5)
    assert got["first"] is got["second"] and len(run.calls) == 1


def test_a_stopped_wait_leaves_the_run_to_its_maker():
    """Stop on the waiting page (its heartbeat raises) ends that wait only; the run is kept."""
    run = Counting()
    run.release.clear()
    store = Measurements(run=run)
    maker = threading.Thread(target=store.get, args=("optimizer", QUADRATIC))
    maker.start()
    assert run.started.wait(5)

    def stop(_event):
        raise KeyboardInterrupt("Stop")

    with pytest.raises(KeyboardInterrupt):
        store.get("optimizer", QUADRATIC, on_event=stop)
    run.release.set()
    maker.join(5)
    assert store.known("optimizer", QUADRATIC) and len(run.calls) == 1


def test_a_failed_run_is_said_and_not_kept():
    run = Counting(fail="lr: input should be greater than 0")
    store = Measurements(run=run)
    for _ in range(2):  # the next request tries again, and hears why again
        with pytest.raises(ValueError, match="greater than 0"):
            store.get("optimizer", QUADRATIC)
    assert len(run.calls) == 2 and len(store) == 0


def test_a_waiter_whose_maker_failed_tries_itself():
    run = Counting(fail="broken")
    run.release.clear()
    store = Measurements(run=run)
    errors = []
    maker = threading.Thread(target=lambda: errors.append(pytest.raises(ValueError, store.get, "optimizer", QUADRATIC)))
    maker.start()
    assert run.started.wait(5)
    result = []
    waiter = threading.Thread(target=lambda: result.append(pytest.raises(ValueError, store.get, "optimizer", QUADRATIC)))
    waiter.start()
    time.sleep(0.3)
    run.release.set()
    maker.join(5)
    waiter.join(5)
    assert len(errors) == 1 and len(result) == 1 and len(run.calls) == 2


def test_the_least_recently_used_is_dropped_beyond_capacity():
    store = Measurements(capacity=2, run=Counting())
    params = [{**QUADRATIC, "steps": s} for s in (10, 20, 30)]
    store.get("optimizer", params[0])
    store.get("optimizer", params[1])
    store.get("optimizer", params[0])  # used again: params[1] is now the oldest
    store.get("optimizer", params[2])
    assert [store.known("optimizer", p) for p in params] == [True, False, True]


def test_prepare_makes_what_is_missing_and_logs_what_fails(caplog):
    class Picky(Counting):
        def __call__(self, scenario, params, on_event=None, lane="question"):
            self.calls.append(measurement_key(scenario, params))
            self.lanes.append(lane)
            if params["steps"] == 20:
                raise ValueError("steps: too many")
            return Measurement(scenario, {})

    run = Picky()
    store = Measurements(run=run)
    store.get("optimizer", {**QUADRATIC, "steps": 10})
    wanted = [("optimizer", {**QUADRATIC, "steps": s}) for s in (10, 20, 30)]
    with caplog.at_level(logging.WARNING, logger="engine.sim.measured"):
        assert store.prepare(wanted) == 1
    assert len(run.calls) == 3  # 10 once (before), 20 failed, 30 made
    assert run.lanes == ["question", "background", "background"]  # made ahead: never in a visitor's queue
    assert "steps: too many" in caplog.text
    assert store.known("optimizer", wanted[2][1]) and not store.known("optimizer", wanted[1][1])
    assert store.prepare(wanted, should_stop=lambda: True) == 0 and len(run.calls) == 3


def test_the_banks_figures_are_each_listed_once():
    library = load_library([ROOT / "content"])
    wanted = figure_measurements(library.interview_questions)
    keys = [measurement_key(s, p) for s, p in wanted]
    assert len(keys) == len(set(keys))
    figures = [q for q in library.interview_questions if q.figure is not None]
    assert figures, "the banks have figure questions"
    assert set(keys) == {measurement_key(q.simulation.scenario, q.simulation.params) for q in figures}
    checked_only = [q for q in library.interview_questions if q.figure is None and q.simulation is not None]
    assert checked_only and not {measurement_key(q.simulation.scenario, q.simulation.params)
                                 for q in checked_only} <= set(keys)
