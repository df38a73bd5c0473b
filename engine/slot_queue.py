"""A fixed number of slots, and a queue in front of them served fairly between parties.

The worker lanes (:data:`engine.jobs.LANES`) used a ``threading.BoundedSemaphore`` whose waiters
polled it with a timeout, so as to keep the page's progress bar alive. Each timeout put a waiter
back at the end of the semaphore's own queue, and a newcomer arriving as a slot came free took it
at once: when a class pressed "Train" together, the order in which their runs started had nothing
to do with the order in which they pressed (measured: of twelve presses 30 ms apart on two
slots, the last two started right after the two that found the slots free, and the fourth last).
Here a place in the queue is kept across any number of timed waits, and a waiter can ask how
many are ahead of it, which the page shows.

First come, first served was still not enough: one visitor with eight tabs pressed "Run" in
each, and another visitor's one-second training waited behind all eight searches (minutes). So
each ticket names a *party* (whoever the caller counts as one visitor), and a freed slot goes to
the waiting ticket whose party holds the fewest slots at that moment. Among parties holding
equally, the party whose job has just freed the slot comes last: with one slot, the hog's job
ends and it holds none, as does the visitor waiting behind it, and a tie broken by waiting time
alone would give the slot back to the hog's next tab, each time, until all of its runs were done.
After that, the ticket that has waited longest. So a party's own tickets keep their order, a
party with many waiting delays another's only until the next slot is freed, two parties on one
slot take turns, and with one party this is first come, first served.
"""

from __future__ import annotations

import threading
from collections import Counter


class Ticket:
    """One place in a :class:`SlotQueue`: waiting, then holding a slot, then gone."""

    __slots__ = ("holds", "party")

    def __init__(self, party: str = "") -> None:
        self.holds = False
        self.party = party


def _next(waiting: list[Ticket], held: Counter[str], freed_by: str | None) -> int:
    """Index in ``waiting`` (in the order of joining) of the ticket a slot goes to: its party holds
    fewest (``held``), is not the party ``freed_by`` that has just let the slot go, and it has
    waited longest, in that order."""
    return min(range(len(waiting)), key=lambda i: (held[waiting[i].party], waiting[i].party == freed_by, i))


class SlotQueue:
    """At most ``size`` holders at once; a freed slot goes to the party holding fewest.

    Parameters
    ----------
    size
        How many may hold a slot at once (at least 1).

    Examples
    --------
    >>> q = SlotQueue(1)
    >>> first, second = q.join(), q.join()
    >>> q.wait(first, 0), q.wait(second, 0), q.ahead(second)
    (True, False, 0)
    >>> q.leave(first)
    >>> q.wait(second, 0)
    True

    A party with many waiting does not hold back another party's one:

    >>> q = SlotQueue(1)
    >>> hog = [q.join("a") for _ in range(4)]
    >>> other = q.join("b")
    >>> [q.ahead(t) for t in hog[1:]], q.ahead(other)
    ([1, 2, 3], 0)
    >>> q.leave(hog[0])
    >>> q.wait(other, 0)
    True
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a slot queue needs at least one slot, got {size}")
        self.size = size
        self._cond = threading.Condition()
        self._waiting: list[Ticket] = []  # in the order of joining
        self._holding: list[Ticket] = []  # in the order they were given their slots

    def join(self, party: str = "") -> Ticket:
        """Take a place in the queue for ``party`` (a free slot is taken at once).

        Parameters
        ----------
        party
            Whom the ticket counts against: tickets of one party share out the slots among
            themselves first come, first served, and a party holding fewer slots is served first.
        """
        ticket = Ticket(party)
        with self._cond:
            self._waiting.append(ticket)
            self._hand_out()
        return ticket

    def wait(self, ticket: Ticket, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for ``ticket`` to hold a slot; whether it does. The ticket
        keeps its place when the wait times out."""
        with self._cond:
            return self._cond.wait_for(lambda: ticket.holds, timeout)

    def ahead(self, ticket: Ticket) -> int:
        """How many waiting tickets will be given a slot before ``ticket`` if nobody else joins
        (0 when it is next, holds a slot or has left).

        Who is served next can depend on whose job ends first (the party that frees a slot holds
        one fewer), so the hand-out is played forward as if the holders left in the order they
        were given their slots: exact with one party, and whenever jobs end in the order they
        started; otherwise an estimate, which a later call corrects.
        """
        with self._cond:
            if ticket not in self._waiting:
                return 0
            waiting = list(self._waiting)
            holding = [t.party for t in self._holding]
            held = Counter(holding)
            served = 0
            while True:
                freed_by = None
                if len(holding) >= self.size:  # nobody waits while a slot is free: one must leave
                    freed_by = holding.pop(0)
                    held[freed_by] -= 1
                given = waiting.pop(_next(waiting, held, freed_by))
                if given is ticket:
                    return served
                served += 1
                holding.append(given.party)
                held[given.party] += 1

    def leave(self, ticket: Ticket) -> None:
        """Give up the ticket's slot, or its place in the queue. Leaving twice is leaving once."""
        with self._cond:
            if ticket.holds:
                ticket.holds = False
                self._holding.remove(ticket)
                self._hand_out(ticket.party)
            else:
                try:
                    self._waiting.remove(ticket)
                except ValueError:
                    return
                self._hand_out()

    def counts(self) -> tuple[int, int]:
        """(holding a slot, waiting) now."""
        with self._cond:
            return len(self._holding), len(self._waiting)

    def _hand_out(self, freed_by: str | None = None) -> None:
        # called with the lock held: free slots go to those waiting, never to a newcomer ahead of
        # them (a semaphore polled with timeouts could not promise that), and to the party that
        # holds fewest, so no party can keep every slot while another waits
        handed = False
        while self._waiting and len(self._holding) < self.size:
            held = Counter(t.party for t in self._holding)
            ticket = self._waiting.pop(_next(self._waiting, held, freed_by))
            ticket.holds = True
            self._holding.append(ticket)
            handed, freed_by = True, None
        if handed:
            self._cond.notify_all()
