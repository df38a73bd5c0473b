"""A fixed number of slots, and a queue in front of them served in the order people joined it.

The worker lanes (:data:`engine.jobs.LANES`) used a ``threading.BoundedSemaphore`` whose waiters
polled it with a timeout, so as to keep the page's progress bar alive. Each timeout put a waiter
back at the end of the semaphore's own queue, and a newcomer arriving as a slot came free took it
at once: when a class pressed "Train" together, the order in which their runs started had nothing
to do with the order in which they pressed (measured: of twelve presses 30 ms apart on two
slots, the last two started right after the two that found the slots free, and the fourth last).
Here a place in the queue is kept across any number of timed waits, a freed slot goes to whoever
has waited longest, and a waiter can ask how many are ahead of it, which the page shows.
"""

from __future__ import annotations

import threading
from collections import deque


class Ticket:
    """One place in a :class:`SlotQueue`: waiting, then holding a slot, then gone."""

    __slots__ = ("holds",)

    def __init__(self) -> None:
        self.holds = False


class SlotQueue:
    """At most ``size`` holders at once; those waiting are given slots first come, first served.

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
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError(f"a slot queue needs at least one slot, got {size}")
        self.size = size
        self._cond = threading.Condition()
        self._waiting: deque[Ticket] = deque()
        self._holders = 0

    def join(self) -> Ticket:
        """Take a place at the end of the queue (a free slot is taken at once)."""
        ticket = Ticket()
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
        """How many tickets wait ahead of ``ticket`` (0 when it is next, holds a slot or has left)."""
        with self._cond:
            try:
                return self._waiting.index(ticket)
            except ValueError:
                return 0

    def leave(self, ticket: Ticket) -> None:
        """Give up the ticket's slot, or its place in the queue. Leaving twice is leaving once."""
        with self._cond:
            if ticket.holds:
                ticket.holds = False
                self._holders -= 1
            else:
                try:
                    self._waiting.remove(ticket)
                except ValueError:
                    return
            self._hand_out()

    def counts(self) -> tuple[int, int]:
        """(holding a slot, waiting) now."""
        with self._cond:
            return self._holders, len(self._waiting)

    def _hand_out(self) -> None:
        # called with the lock held: free slots go to the front of the queue, never to a newcomer
        # ahead of it, which is what a semaphore polled with timeouts could not promise
        handed = False
        while self._waiting and self._holders < self.size:
            self._waiting.popleft().holds = True
            self._holders += 1
            handed = True
        if handed:
            self._cond.notify_all()
