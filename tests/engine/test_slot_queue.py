"""engine.slot_queue: slots handed out first come, first served, whatever the waiters' timeouts."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from engine.slot_queue import SlotQueue


def test_waiters_who_poll_with_timeouts_get_slots_in_the_order_they_came():
    """The lanes' waiters poll (every 0.2 s) to keep a page's progress alive; with a semaphore each
    timeout sent a waiter to the back, and the order of twelve presses was lost."""
    q = SlotQueue(1)  # one slot, so each start follows the previous one's leaving
    held = q.join()
    started: list[int] = []
    lock = threading.Lock()

    def visitor(i: int, joined: threading.Event) -> None:
        ticket = q.join()
        joined.set()
        while not q.wait(ticket, 0.005):  # many timeouts while the slot stays busy
            pass
        with lock:
            started.append(i)
        time.sleep(0.01)
        q.leave(ticket)

    threads = []
    for i in range(12):
        joined = threading.Event()
        th = threading.Thread(target=visitor, args=(i, joined))
        th.start()
        assert joined.wait(5)
        threads.append(th)
    time.sleep(0.05)  # every visitor has timed out several times
    assert q.counts() == (1, 12)
    q.leave(held)
    for th in threads:
        th.join(5)
    assert started == list(range(12))
    assert q.counts() == (0, 0)


def test_a_newcomer_never_takes_a_freed_slot_from_someone_waiting():
    q = SlotQueue(1)
    holder = q.join()
    waiting = q.join()
    q.leave(holder)
    newcomer = q.join()
    assert q.wait(waiting, 0) and not q.wait(newcomer, 0)
    assert q.ahead(newcomer) == 0  # next now


def test_ahead_counts_the_waiters_in_front_and_moves_up_when_one_leaves():
    q = SlotQueue(1)
    holder = q.join()
    a, b, c = q.join(), q.join(), q.join()
    assert [q.ahead(t) for t in (holder, a, b, c)] == [0, 0, 1, 2]
    q.leave(b)  # stopped while waiting
    assert [q.ahead(t) for t in (a, c)] == [0, 1]
    q.leave(b)  # leaving twice is leaving once
    q.leave(holder)
    assert q.wait(a, 0) and q.ahead(c) == 0 and q.counts() == (1, 1)
    q.leave(holder)  # a slot given up twice is not freed twice
    assert q.counts() == (1, 1) and not q.wait(c, 0)


def test_a_queue_needs_a_slot():
    with pytest.raises(ValueError, match="at least one slot"):
        SlotQueue(0)


class QueueAgainstAList(RuleBasedStateMachine):
    """Any sequence of joins and leaves against a plain model: a list of the waiting in order and a
    set of the holders. Slots are never over-given, never left free while someone waits, and go in
    the order of joining."""

    def __init__(self) -> None:
        super().__init__()
        self.size = 2
        self.q = SlotQueue(self.size)
        self.tickets: list = []
        self.model_waiting: list[int] = []
        self.model_holding: set[int] = set()
        self.started: list[int] = []  # tickets in the order the queue gave them a slot

    def _settle(self) -> None:
        while self.model_waiting and len(self.model_holding) < self.size:
            n = self.model_waiting.pop(0)
            self.model_holding.add(n)

    @rule()
    def join(self) -> None:
        self.tickets.append(self.q.join())
        self.model_waiting.append(len(self.tickets) - 1)
        self._settle()

    @precondition(lambda self: self.tickets)
    @rule(data=st.data())
    def leave(self, data) -> None:
        n = data.draw(st.integers(0, len(self.tickets) - 1))
        self.q.leave(self.tickets[n])
        if n in self.model_holding:
            self.model_holding.discard(n)
        elif n in self.model_waiting:
            self.model_waiting.remove(n)
        self._settle()

    @invariant()
    def agrees_with_the_model(self) -> None:
        holding = {n for n, t in enumerate(self.tickets) if self.q.wait(t, 0)}
        assert holding == self.model_holding
        self.started += sorted(holding - set(self.started))
        assert self.q.counts() == (len(self.model_holding), len(self.model_waiting))
        assert [self.q.ahead(self.tickets[n]) for n in self.model_waiting] == list(range(len(self.model_waiting)))
        assert self.started == sorted(self.started)  # first come, first served


QueueAgainstAList.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
test_queue_against_a_list = QueueAgainstAList.TestCase
