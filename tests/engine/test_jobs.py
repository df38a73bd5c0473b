"""engine.jobs: work in a worker process that a stop, a rerun or a closed tab really ends."""

from __future__ import annotations

import os
import threading
import time

import pytest

from engine import jobs
from engine.jobs import JobStopped, WorkerFailed, run_job
from engine.slot_queue import SlotQueue
from tests.browser.support import cpu_seconds, running
from tests.engine import job_targets as t


def test_result_and_events_come_back():
    events, starting = [], []

    def on_event(e):
        if isinstance(e, dict):  # the first job of a process waits for the forkserver, ticking
            starting.append(e)
        elif e is not None:
            events.append(e)

    assert run_job(t.add, 2, 3, on_event=on_event) == 5
    assert events == [("step", 0), ("step", 1), ("step", 2)]
    assert all(e == {"starting": True} for e in starting)
    assert jobs.live_workers() == set()


def test_a_value_error_keeps_its_sentence_and_anything_else_is_a_failure():
    with pytest.raises(ValueError, match="^the learning rate must be > 0, got -1$"):
        run_job(t.refuse)
    with pytest.raises(WorkerFailed, match="KeyError: 'boom'"):
        run_job(t.crash)
    with pytest.raises(WorkerFailed, match="stopped unexpectedly"):
        run_job(t.die)


def test_stop_frees_the_cpu_within_two_seconds():
    pids, flag = [], threading.Event()

    def on_event(e):
        if isinstance(e, tuple) and e[0] == "pid":
            pids.append(e[1])

    result = {}

    def target():
        try:
            run_job(t.report_pid, 120, on_event=on_event, should_stop=flag.is_set)
        except JobStopped:
            result["stopped_at"] = time.monotonic()

    th = threading.Thread(target=target)
    th.start()
    deadline = time.monotonic() + 30
    while not pids and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pids, "the worker never started"
    pid = pids[0]
    time.sleep(1.0)
    busy = cpu_seconds(pid)
    assert busy > 0.3  # it really was computing
    asked = time.monotonic()
    flag.set()
    th.join(5)
    assert "stopped_at" in result
    assert result["stopped_at"] - asked < 2.0
    assert not running(pid)
    assert jobs.live_workers() == set()


class FakeStopException(BaseException):
    """What Streamlit raises in the script thread on Stop, a rerun or a closed tab."""


def test_an_exception_from_the_page_callback_ends_the_worker():
    pids = []

    def on_event(e):
        if isinstance(e, tuple) and e[0] == "pid":
            pids.append(e[1])
        elif pids:  # the next heartbeat after the worker is known: the visitor pressed Stop
            raise FakeStopException()

    t0 = time.monotonic()
    with pytest.raises(FakeStopException):
        run_job(t.report_pid, 120, on_event=on_event)
    assert time.monotonic() - t0 < 10
    assert pids and not running(pids[0])


def test_a_job_past_its_wall_clock_ceiling_is_stopped():
    with pytest.raises(ValueError, match="ran for more than 1 s and was stopped"):
        run_job(t.spin, 60, timeout=1.0)
    assert jobs.live_workers() == set()


def test_a_job_past_its_cpu_allowance_is_stopped_by_the_kernel_with_a_sentence():
    # CPU-seconds, not wall seconds: a loaded machine does not stop a job that is within them
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="used its allowance of 1 CPU-seconds, far more than estimated"):
        run_job(t.spin, 60, cpu_seconds=1.0)
    assert time.monotonic() - t0 < 20 and jobs.live_workers() == set()


def test_a_job_stuck_in_c_code_past_its_allowance_is_killed_and_said_the_same():
    pids = []
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="used its allowance of 1 CPU-seconds"):
        run_job(t.stuck_in_c, cpu_seconds=1.0, on_event=lambda e: pids.append(e[1]) if e else None)
    assert time.monotonic() - t0 < 1 + jobs.CPU_GRACE + 20  # SIGKILL at the hard limit, not the wall clock
    assert pids and not running(pids[0]) and jobs.live_workers() == set()


def test_allowance_is_a_few_times_the_estimate_within_the_ceiling():
    from engine.limits import ALLOWANCE_FLOOR, CEILINGS, allowance

    assert allowance(2.0, "search") == ALLOWANCE_FLOOR
    assert allowance(20.0, "search") == 100.0
    assert allowance(200.0, "search") == allowance(None, "search") == CEILINGS["search"].limit
    with pytest.raises(ValueError, match="counts evaluations"):
        allowance(1.0, "evaluations")


def test_requests_beyond_the_worker_slots_wait_and_say_so(monkeypatch):
    monkeypatch.setitem(jobs._lane_slots, "lab", SlotQueue(1))
    first_stop = threading.Event()
    th = threading.Thread(target=lambda: pytest.raises(JobStopped, run_job, t.spin, 60,
                                                       should_stop=first_stop.is_set))
    th.start()
    time.sleep(0.5)
    waits = []

    def on_event(e):
        if isinstance(e, dict) and "waiting" in e:
            waits.append(e["waiting"])
            if len(waits) == 3:
                first_stop.set()  # the first job ends: the second gets its slot

    assert run_job(t.add, 1, 1, on_event=on_event) == 2
    th.join(5)
    assert len(waits) >= 3


def test_jobs_waiting_for_a_slot_start_in_the_order_they_asked_and_know_their_place(monkeypatch):
    """A class pressing Train together: the runs start in the order of the presses, and each
    waiting one hears how many are ahead of it (with a semaphore the last presses went first)."""
    monkeypatch.setitem(jobs._lane_slots, "lab", SlotQueue(1))
    first_stop = threading.Event()
    first = threading.Thread(target=lambda: pytest.raises(JobStopped, run_job, t.spin, 60,
                                                          should_stop=first_stop.is_set))
    first.start()
    while jobs._lane_slots["lab"].counts() != (1, 0):
        time.sleep(0.01)
    started, ahead = [], {}

    def visitor(i: int) -> None:
        def on_event(e):
            if isinstance(e, dict) and "waiting" in e:
                ahead.setdefault(i, e["ahead"])
            elif e == ("step", 0):  # its worker runs: the one before it has finished
                started.append(i)
        assert run_job(t.add, i, 0, on_event=on_event, poll=0.05) == i

    waiters = []
    for i in range(4):
        th = threading.Thread(target=visitor, args=(i,))
        th.start()
        waiters.append(th)
        while jobs._lane_slots["lab"].counts() != (1, i + 1):  # in the queue before the next asks
            time.sleep(0.01)
    while len(ahead) < 4:
        time.sleep(0.01)
    first_stop.set()
    for th in [first, *waiters]:
        th.join(30)
    assert ahead == {0: 0, 1: 1, 2: 2, 3: 3}
    assert started == [0, 1, 2, 3]
    assert jobs._lane_slots["lab"].counts() == (0, 0)


def test_another_partys_job_starts_before_the_second_of_a_party_that_has_one_running(monkeypatch):
    """One visitor's tabs each pressed Run (the adversarial walk-through): a second visitor's job,
    asked for after the hog's second, starts when the hog's first ends, not after all of the hog's."""
    lab = SlotQueue(1)
    monkeypatch.setitem(jobs._lane_slots, "lab", lab)
    hog_stop = threading.Event()
    hog_first = threading.Thread(target=lambda: pytest.raises(JobStopped, run_job, t.spin, 60,
                                                              should_stop=hog_stop.is_set, party="hog"))
    hog_first.start()
    while lab.counts() != (1, 0):
        time.sleep(0.01)
    started, ahead = [], {}

    def visitor(name: str, party: str) -> None:
        def on_event(e):
            if isinstance(e, dict) and "waiting" in e:
                ahead[name] = e["ahead"]  # the latest the page would show
            elif e == ("step", 0):  # its worker runs
                started.append(name)
        assert run_job(t.add, 1, 1, on_event=on_event, poll=0.05, party=party) == 2

    waiters = []
    for name, party, waiting in (("hog's second", "hog", 1), ("other's", "other", 2)):
        th = threading.Thread(target=visitor, args=(name, party))
        th.start()
        waiters.append(th)
        while lab.counts() != (1, waiting):  # in the queue before the next asks
            time.sleep(0.01)
    while len(ahead) < 2:
        time.sleep(0.01)
    assert ahead == {"hog's second": 1, "other's": 0}
    hog_stop.set()
    for th in [hog_first, *waiters]:
        th.join(30)
    assert started == ["other's", "hog's second"]
    assert lab.counts() == (0, 0)


def test_a_job_whose_caller_names_no_party_counts_against_the_party_the_app_names(monkeypatch):
    """A question's figure is computed deep inside drawing the question: the app names the visitor
    once (name_parties), and the one worker for questions is shared fairly between visitors too."""
    question = SlotQueue(1)
    monkeypatch.setitem(jobs._lane_slots, "question", question)
    caller = threading.local()
    monkeypatch.setattr(jobs, "_party_of_caller", None)
    jobs.name_parties(lambda: caller.party)
    joined = []
    join = question.join
    monkeypatch.setattr(question, "join", lambda party="": joined.append(party) or join(party))
    hog_stop = threading.Event()

    def hog_first():
        caller.party = "address:hog"
        pytest.raises(JobStopped, run_job, t.spin, 60, should_stop=hog_stop.is_set, lane="question")

    first = threading.Thread(target=hog_first)
    first.start()
    while question.counts() != (1, 0):
        time.sleep(0.01)
    started = []

    def visitor(name: str, party: str) -> None:
        caller.party = party
        on_event = lambda e: started.append(name) if e == ("step", 0) else None  # noqa: E731
        assert run_job(t.add, 1, 1, on_event=on_event, poll=0.05, lane="question") == 2

    waiters = []
    for name, party, waiting in (("hog's second", "address:hog", 1), ("other's", "address:other", 2)):
        th = threading.Thread(target=visitor, args=(name, party))
        th.start()
        waiters.append(th)
        while question.counts() != (1, waiting):
            time.sleep(0.01)
    hog_stop.set()
    for th in [first, *waiters]:
        th.join(30)
    assert joined == ["address:hog", "address:hog", "address:other"]
    assert started == ["other's", "hog's second"]
    # a party given by the caller wins; a source that fails names the shared party, and the job runs
    assert run_job(t.add, 1, 1, lane="question", party="given") == 2 and joined[-1] == "given"
    jobs.name_parties(lambda: 1 / 0)
    assert run_job(t.add, 2, 2, lane="question") == 4 and joined[-1] == ""
    jobs.name_parties(None)
    assert run_job(t.add, 3, 3, lane="question") == 6 and joined[-1] == ""


def test_a_job_stopped_while_it_waits_gives_up_its_place(monkeypatch):
    monkeypatch.setitem(jobs._lane_slots, "lab", SlotQueue(1))
    holder = jobs._lane_slots["lab"].join()
    stop = threading.Event()
    stop.set()
    with pytest.raises(JobStopped, match="before it started"):
        run_job(t.add, 1, 1, should_stop=stop.is_set, poll=0.02)
    assert jobs._lane_slots["lab"].counts() == (1, 0)  # the holder, and nobody left in the queue
    jobs._lane_slots["lab"].leave(holder)
    assert run_job(t.add, 1, 1) == 2


@pytest.mark.parametrize("busy", ["lab", "background"])
def test_a_questions_job_does_not_wait_behind_a_full_lab_or_background_lane(monkeypatch, busy):
    """Neither a class's lab runs nor the figures the server makes ahead hold up a learner's question."""
    monkeypatch.setitem(jobs._lane_slots, busy, SlotQueue(1))  # that lane: one slot
    stop = threading.Event()
    th = threading.Thread(target=lambda: pytest.raises(JobStopped, run_job, t.spin, 60, should_stop=stop.is_set,
                                                       lane=busy))
    th.start()
    try:
        time.sleep(0.5)  # the lane's one slot is taken
        waits = []
        events = lambda e: waits.append(e) if isinstance(e, dict) and "waiting" in e else None  # noqa: E731
        assert run_job(t.add, 2, 3, on_event=events, lane="question") == 5
        assert waits == []  # its own slot: no wait behind the other lane's job
        with pytest.raises(ValueError, match="unknown lane 'fast'"):
            run_job(t.add, 1, 1, lane="fast")
    finally:
        stop.set()
        th.join(5)


def test_a_real_search_stopped_mid_way_leaves_nothing_running():
    from engine.search.lab import run_strategies
    from engine.search.objectives import CVObjective

    trials, flag = [], threading.Event()

    def on_event(e):
        if isinstance(e, tuple) and e[0] == "trial":
            trials.append(e[2])
            flag.set()

    before = time.monotonic()
    with pytest.raises(JobStopped):
        run_job(run_strategies, CVObjective("digits", "svc", folds=3), ["random"], 60, on_event=on_event,
                should_stop=flag.is_set)
    assert trials and time.monotonic() - before < 60
    assert jobs.live_workers() == set()
    cpu0 = os.times()
    time.sleep(1.0)
    cpu1 = os.times()
    # nothing of the search keeps a core busy in this process (joblib threads, scikit-learn)
    assert (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system) < 0.3


def test_the_audits_runaway_search_is_priced_low_and_stopped_at_its_allowance():
    # a linear SVC with C from 1e5 to 1e6 on data it cannot separate: about 2 CPU-seconds by the
    # estimate, which prices an average configuration, and minutes in fact. The allowance stops it.
    from engine.limits import allowance
    from engine.search.lab import check_request, run_strategies
    from engine.search.objectives import CVObjective
    from engine.search.space import Param, SearchSpace

    objective = CVObjective("noisy", "svc_kernel", folds=3)
    space = SearchSpace((Param("kernel", "categorical", choices=("linear",)),
                         Param("C", "float", 1e5, 1e6, log=True)))
    estimate = check_request(objective, ["random"], 20, space)
    assert estimate < 5 and allowance(estimate, "search") == 30  # the floor
    t0 = time.monotonic()
    with pytest.raises(ValueError, match="used its allowance of 3 CPU-seconds"):
        run_job(run_strategies, objective, ["random"], 20, 0, space, cpu_seconds=3.0)
    assert time.monotonic() - t0 < 3 + jobs.CPU_GRACE + 10 and jobs.live_workers() == set()


def test_a_job_whose_arguments_cannot_reach_a_worker_did_not_start():
    """What a module reload caused (an object of a reloaded class cannot be pickled): nothing ran, and
    the page must not advise smaller settings."""
    class Local:  # a class pickle cannot find by its name, as a reloaded module's old one
        pass

    with pytest.raises(jobs.WorkerDidNotStart, match="^the worker could not start: .*pickle"):
        run_job(t.add, Local(), 1)
