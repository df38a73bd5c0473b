"""One browser tab's saves of a candidate's answers: the answer each change is made over, and
one save at a time.

Every save of a candidate's answer states the stored answer the change was made over
(``expected`` in :meth:`engine.interviews.Interviews.save_answer`), so that a tab that has not
seen another tab's newer answer cannot overwrite it. The tab keeps that answer per question
(:attr:`TabSaves.bases`) and moves it on after each save of its own.

Two runs of one tab can save at once. Streamlit (``runner.fastReruns``) handles a click that
arrives while a run is going in a new run, in a new thread, and stops the old run only at its
next Streamlit call: a save already under way in the old run goes on beside the new run. The
new run then read the base before the old run's save moved it on, and the server refused its
change as made over another tab's answer: a candidate with one tab was told another tab had
saved (in Chromium beside two busy processes, 1 run of the scorecard journey in 10; once in a
full test run). So a save holds :attr:`TabSaves.lock` from reading the value it puts to noting
the result, and reads the value under the lock: on the page that read is a Streamlit call, where
a run that a newer one replaced ends. A replaced run that had not yet read its value waits for
the newer run's save and then ends without saving; one that had read it saves first, and the
newer run's change is then made over that save.

Pure Python (no Streamlit): the page keeps one :class:`TabSaves` in the tab's session.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class TabSaves:
    """What one tab knows of its own saves, per question key (a position's key, never an id).

    Attributes
    ----------
    bases : dict
        For each key, the answer this tab last loaded from the server or saved there: its next
        change is made over it.
    tried : dict
        For each key, the answer this tab last put to the server, saved or refused (a run cut
        short before its save never reached the server, and a later run saves it).
    lock : threading.Lock
        Held by a save from reading its value to noting its result, and while the tab reads the
        stored answers, so that neither sees the other half done.
    """

    def __init__(self) -> None:
        self.bases: dict[str, Any] = {}
        self.tried: dict[str, Any] = {}
        self.lock = threading.Lock()

    def read(self, load: Callable[[], T]) -> T:
        """``load()`` (the server's answers) once no save of this tab is under way."""
        with self.lock:
            return load()

    def arrive(self, key: str, stored: Any) -> None:
        """The tab arrives at the question under ``key``, whose stored answer is ``stored``: its
        next change is made over that."""
        with self.lock:
            self.bases[key] = copy.deepcopy(stored)
            self.tried[key] = copy.deepcopy(stored)

    def save(self, key: str, value_of: Callable[[], Any], put: Callable[[Any, Any], None]) -> Any:
        """Put this tab's answer under ``key`` to the server, made over :attr:`bases`; one save
        at a time.

        Parameters
        ----------
        key : str
            The question's key in this tab.
        value_of : callable
            Returns the answer to put. Called with the lock held (see the module's notes: on the
            page it reads session state, where a replaced run ends); what it raises propagates
            and nothing is put.
        put : callable
            ``put(answer, expected)`` stores ``answer`` if the stored one is still ``expected``
            (:meth:`engine.interviews.Interviews.save_answer`).

        Returns
        -------
        Any
            The answer saved.

        Raises
        ------
        Exception
            What ``put`` raises (a refusal: another tab's newer answer, time up, a storage
            error). The answer counts as tried; the base stays as it was.
        """
        with self.lock:
            value = value_of()
            try:
                put(value, self.bases.get(key))
            finally:
                self.tried[key] = copy.deepcopy(value)
            self.bases[key] = copy.deepcopy(value)
            return value
