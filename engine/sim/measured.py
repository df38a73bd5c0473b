"""The measurements one server has made: each made once, shared, and made ahead for figures.

A question's scenario is seeded, so its measurement is the same for every visitor: the server
keeps it (by scenario and parameters) and a figure, a "Run it" or an interview's question
reuses it. Two requests for one measurement that is not made yet share one run: the second
waits for the first instead of queuing a second worker behind it in the question lane.

A question whose figure comes from a real run (a fit, a search, a torch training run) would
otherwise make whoever first draws it on a new server wait for that run, 0.5 to 2 s, and several
seconds while the worker forkserver is still importing torch
(``benchmarks/bench_load.py --client websocket``: a move onto such a question took 0.5 to 1 s at
N = 30). :meth:`Measurements.prepare` makes a list of them ahead, one at a time, in a thread of
the server's (``ui.warm.warm_figures``).
"""

from __future__ import annotations

import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from engine.server_log import shutting_down
from engine.sim.scenarios import Measurement, measure

_LOG = logging.getLogger(__name__)

#: how often a request waiting for another's run of the same measurement hears a heartbeat
#: (``on_event(None)``, as :func:`engine.jobs.run_job` gives one): where Stop can end the wait
WAIT_POLL_S = 0.25


def measurement_key(scenario: str, params: Mapping[str, Any]) -> str:
    """One measurement's name: its scenario and its parameters (sorted, as JSON)."""
    return f"{scenario}:{json.dumps(dict(params), sort_keys=True)}"


class Measurements:
    """Measurements made in this process, by :func:`measurement_key`; thread-safe.

    Parameters
    ----------
    capacity : int
        Measurements kept; beyond it the one least recently used is dropped (an uploaded
        interview bank can bring new ones at any time). The shipped banks hold about 75.
    run : callable, optional
        ``run(scenario, params, on_event=, lane=)`` makes one; :func:`engine.sim.scenarios.measure`
        (a worker process for the scenarios that fit or train) unless a test gives another.
    """

    def __init__(self, capacity: int = 128, run: Callable[..., Measurement] = measure):
        self.capacity = capacity
        self._run = run
        self._done: OrderedDict[str, Measurement] = OrderedDict()
        self._running: dict[str, threading.Event] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._done)

    def known(self, scenario: str, params: Mapping[str, Any]) -> bool:
        """Whether this measurement is made (a page shows no progress for it)."""
        with self._lock:
            return measurement_key(scenario, params) in self._done

    def get(self, scenario: str, params: Mapping[str, Any], on_event: Callable[[Any], None] | None = None,
            lane: str = "question") -> Measurement:
        """The measurement, made now if no one has made it, or waited for if someone is making it.

        ``on_event`` hears the run's heartbeat, or, while waiting for another request's run, a
        ``None`` every :data:`WAIT_POLL_S`; an exception it raises (Streamlit's Stop) ends the
        wait and leaves the other run going for whoever started it. ``lane``: the workers' queue
        a run made here waits in (:data:`engine.jobs.LANES`).

        Raises
        ------
        ValueError
            What the scenario's check or run says is wrong (the run is not kept; the next
            request tries again).
        """
        key = measurement_key(scenario, params)
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return self._done[key]
                running = self._running.get(key)
                if running is None:
                    running = self._running[key] = threading.Event()
                    mine = True
                else:
                    mine = False
            if not mine:
                while not running.wait(WAIT_POLL_S):
                    if on_event is not None:
                        on_event(None)
                continue  # made, or failed (then this request makes it, and says why if it fails)
            try:
                made = self._run(scenario, params, on_event=on_event, lane=lane)
                with self._lock:
                    self._done[key] = made
                    while len(self._done) > self.capacity:
                        self._done.popitem(last=False)
                return made
            finally:
                with self._lock:
                    self._running.pop(key, None)
                running.set()

    def prepare(self, wanted: Iterable[tuple[str, Mapping[str, Any]]],
                should_stop: Callable[[], bool] = lambda: False) -> int:
        """Make each (scenario, params) of ``wanted`` not yet made, one at a time, in the workers'
        background lane (a visitor's figure or "Run it" never queues behind these).

        Never raises: a measurement that fails is logged and left for the page that needs it,
        which says why. ``should_stop`` is asked before each.

        Returns
        -------
        int
            How many this call made.
        """
        made = 0
        for scenario, params in wanted:
            if should_stop():
                break
            if self.known(scenario, params):
                continue
            try:
                self.get(scenario, params, lane="background")
                made += 1
            except Exception as exc:  # the page that draws the question reports it, in its own words
                if shutting_down():  # a stopped server's workers go first: not a fault of the measurement
                    break
                _LOG.warning("could not prepare the %s measurement %s: %s", scenario,
                             measurement_key(scenario, params), exc)
        return made


def figure_measurements(questions: Iterable[Any]) -> list[tuple[str, dict[str, Any]]]:
    """The distinct measurements that ``questions``' figures are drawn from, in bank order."""
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for q in questions:
        if q.figure is not None:  # a figure question always has its simulation (the schema says so)
            sim = q.simulation
            seen.setdefault(measurement_key(sim.scenario, sim.params), (sim.scenario, dict(sim.params)))
    return list(seen.values())
