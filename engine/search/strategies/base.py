"""The strategy interface."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from engine.search.space import SearchSpace
from engine.search.trials import Evaluate


class Strategy(ABC):
    """A search strategy.

    Life cycle: the runner calls :meth:`run` once. The strategy calls ``evaluate(batch,
    resource)`` as often as it likes; each call returns the batch's trials in order and may
    raise ``StopSearch`` (budget spent, or stopped by the user), which ends the run. The
    same ``seed`` must give the same sequence of proposals. ``extras`` may hold anything the
    page can draw (kept on the result).
    """

    #: registry name, menu title, what it does with its budget in a sentence (shown before a
    #: search runs), and the library equivalent it is held to or modelled on
    name: str = ""
    title: str = ""
    blurb: str = ""
    equivalent: str = ""

    def __init__(self) -> None:
        self.extras: dict[str, Any] = {}

    @abstractmethod
    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        """Propose and evaluate configurations until done or stopped."""
