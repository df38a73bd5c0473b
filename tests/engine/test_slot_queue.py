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


# ------------------------------------------------------------------ fair between parties
# The adversarial walk-through: one visitor's eight tabs each pressed "Run the search" (about 200
# CPU-seconds each), and a second visitor's one-second training waited behind all of them.


def served(q: SlotQueue, tickets: dict[str, object]) -> list[str]:
    """The names of ``tickets`` in the order ``q`` gives them slots, each leaving at once when given one."""
    order: list[str] = []
    while len(order) < len(tickets):
        holding = [name for name, t in tickets.items() if name not in order and q.wait(t, 0)]
        assert len(holding) == 1, holding  # one slot: one holder at a time
        order += holding
        q.leave(tickets[holding[0]])
    return order


@pytest.mark.parametrize("size", [1, 2])
def test_a_party_with_eight_runs_delays_another_partys_one_only_until_the_next_freed_slot(size):
    q = SlotQueue(size)
    hog = [q.join("hog") for _ in range(8)]
    other = q.join("other")
    assert q.counts() == (size, 9 - size)
    assert q.ahead(other) == 0  # the page says "yours is next", not "6 runs are ahead of yours"
    q.leave(hog[0])  # the first of the hog's runs ends
    assert q.wait(other, 0)
    assert not any(q.wait(t, 0) for t in hog[size:])


def test_parties_take_turns_and_each_partys_runs_keep_their_order():
    q = SlotQueue(1)
    first = q.join("a")  # holds the slot
    tickets = {f"a{i}": q.join("a") for i in range(1, 4)} | {"b1": q.join("b"), "c1": q.join("c")}
    tickets |= {"b2": q.join("b")}
    ahead = {name: q.ahead(t) for name, t in tickets.items()}
    q.leave(first)
    order = served(q, tickets)
    # a's first run ends: b, holding nothing, is next, not a's next tab; after that all hold nothing
    # (each run ends at once here), and the longest waiting of the parties that did not just run is next
    assert order == ["b1", "a1", "c1", "a2", "b2", "a3"]
    assert ahead == {name: order.index(name) for name in tickets}  # what the pages said came true
    assert q.counts() == (0, 0)


def test_one_party_is_still_first_come_first_served():
    q = SlotQueue(1)
    first = q.join("a")
    tickets = {f"a{i}": q.join("a") for i in range(5)}
    assert [q.ahead(t) for t in tickets.values()] == list(range(5))
    q.leave(first)
    assert served(q, tickets) == list(tickets)


def test_ahead_stays_true_when_runs_are_stopped_while_they_wait_or_run():
    q = SlotQueue(2)
    hog = [q.join("hog") for _ in range(5)]  # two run, three wait
    mine, theirs = q.join("me"), q.join("them")
    assert [q.ahead(t) for t in (mine, theirs, *hog[2:])] == [0, 1, 2, 3, 4]
    q.leave(mine)  # stopped while it waited: the others move up
    assert [q.ahead(t) for t in (theirs, *hog[2:])] == [0, 1, 2, 3]
    q.leave(mine)  # stopping twice is stopping once
    q.leave(hog[1])  # one of the hog's runs is stopped: its slot goes to the other party
    assert q.wait(theirs, 0) and q.counts() == (2, 3)
    assert [q.ahead(t) for t in hog[2:]] == [0, 1, 2]
    q.leave(theirs)  # that party's run ends and it holds nothing: the hog's next run, the only one waiting
    assert q.wait(hog[2], 0) and q.counts() == (2, 2)
    q.leave(theirs)  # a slot given up twice is not freed twice
    assert q.counts() == (2, 2)


class FairQueueAgainstAModel(RuleBasedStateMachine):
    """Joins by three parties and leaves (of a run, or of a place) in any order, against a plain
    model of the policy: a freed slot goes to the party holding fewest, the party that freed it
    last among equals, then to the ticket that has waited longest. Whenever asked, what
    :meth:`SlotQueue.ahead` says of each waiting ticket is the order in which the queue then
    serves them, as the runs end in the order they started."""

    PARTIES: tuple[str, ...] = ("a", "b", "c")

    def __init__(self) -> None:
        super().__init__()
        self.size = 2
        self.q = SlotQueue(self.size)
        self.tickets: list = []
        self.party: list[str] = []
        self.model_waiting: list[int] = []  # in the order of joining
        self.model_holding: list[int] = []  # in the order they were given slots

    def _settle(self, freed_by: str | None = None) -> None:
        while self.model_waiting and len(self.model_holding) < self.size:
            held = {p: sum(self.party[n] == p for n in self.model_holding) for p in self.PARTIES}
            n = min(self.model_waiting, key=lambda n: (held[self.party[n]], self.party[n] == freed_by, n))
            self.model_waiting.remove(n)
            self.model_holding.append(n)
            freed_by = None

    @rule(data=st.data())
    def join(self, data) -> None:
        party = data.draw(st.sampled_from(self.PARTIES))
        self.tickets.append(self.q.join(party))
        self.party.append(party)
        self.model_waiting.append(len(self.tickets) - 1)
        self._settle()

    @precondition(lambda self: self.tickets)
    @rule(data=st.data())
    def leave(self, data) -> None:
        n = data.draw(st.integers(0, len(self.tickets) - 1))
        self.q.leave(self.tickets[n])
        if n in self.model_holding:
            self.model_holding.remove(n)
            self._settle(self.party[n])
        elif n in self.model_waiting:
            self.model_waiting.remove(n)

    @precondition(lambda self: self.model_waiting)
    @rule()
    def the_runs_end_in_the_order_they_started(self) -> None:
        said = {n: self.q.ahead(self.tickets[n]) for n in self.model_waiting}
        order = []
        while self.model_waiting:
            ending = self.model_holding[0]
            self.q.leave(self.tickets[ending])
            started = [n for n in self.model_waiting if self.q.wait(self.tickets[n], 0)]
            assert len(started) == 1
            order += started
            self.model_holding.remove(ending)
            self.model_waiting.remove(started[0])
            self.model_holding.append(started[0])
        assert said == {n: order.index(n) for n in said}

    @invariant()
    def agrees_with_the_model(self) -> None:
        holding = [n for n, t in enumerate(self.tickets) if self.q.wait(t, 0)]
        assert len(holding) <= self.size
        assert set(holding) == set(self.model_holding)
        assert self.q.counts() == (len(self.model_holding), len(self.model_waiting))
        assert not self.model_waiting or len(holding) == self.size  # no slot left free while someone waits
        for p in self.PARTIES:  # each party's own tickets are served in the order they joined
            mine = [n for n in self.model_holding if self.party[n] == p]
            assert all(n < w for n in mine for w in self.model_waiting if self.party[w] == p)


FairQueueAgainstAModel.TestCase.settings = settings(max_examples=80, stateful_step_count=30, deadline=None)
test_fair_queue_against_a_model = FairQueueAgainstAModel.TestCase


class OnePartyAgainstAList(FairQueueAgainstAModel):
    """Callers that name no party (the question and background lanes, a visitor on the server's own
    machine) are one party: first come, first served, as the queue was before parties, and each
    waiting ticket's place is what :meth:`SlotQueue.ahead` says."""

    PARTIES = ("",)

    @invariant()
    def first_come_first_served(self) -> None:
        assert self.model_holding == sorted(self.model_holding)
        assert [self.q.ahead(self.tickets[n]) for n in self.model_waiting] == list(range(len(self.model_waiting)))


OnePartyAgainstAList.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
test_one_party_against_a_list = OnePartyAgainstAList.TestCase
