"""The labs' results in one sentence each, for reading without the chart or the table.

A screen reader reads a lab's table cell by cell, and its raw numbers at that ("0.9288889169692993"
where the table shows 92.89%, "Infinity" where it shows "diverged": the accessibility walk-through);
the charts' text alternatives are fixed sentences. These sentences say what each run did, in the
words and rounding the table uses, and change with every run.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any


def as_in_table(value: float) -> str:
    """``value`` as the labs' tables write a loss (Streamlit's ``"%.4g"``): four significant digits,
    an exponent without padding ("4.121e-9"; Python's ``:.4g`` writes "4.121e-09", and the sentence
    under the Optimizer lab's table read "4.12e-09" beside its "4.121e-9": the interview walk-through).

    >>> [as_in_table(x) for x in (4.1213e-9, 0.0049487, 5.29612, 351562.5655, 1e21)]
    ['4.121e-9', '0.004949', '5.296', '3.516e+5', '1e+21']
    """
    return re.sub(r"e([+-])0*(\d)", r"e\1\2", f"{value:.4g}")


def diverged_text(diverged_at: int) -> str:
    """When a run diverged, and where its plots end: the step whose loss left the range (as a
    question's answer counts it), and the last step in range, where the path and the loss stop.
    "after step 14" alone read as a disagreement with a question whose answer is step 15 (the
    live-check walk-through); "at step 15" alone, beside a plot ending at 14, read as one too."""
    return "at its first step" if diverged_at <= 1 else f"at step {diverged_at} (plotted up to step {diverged_at - 1})"


def optimizer_runs(labels: Sequence[str], results: Sequence[Any]) -> str:
    """What each of the Optimizer lab's runs (:class:`engine.optim.run.RunResult`) did: its outcome,
    when it came within the threshold, its final loss.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> said = optimizer_runs(["SGD lr=0.3", "Adam lr=0.3"],
    ...     [R(outcome="diverged", diverged_at=4, steps_to_threshold=None, final_loss=351562.5655),
    ...      R(outcome="converged", diverged_at=None, steps_to_threshold=57, final_loss=2.17e-08)])
    >>> print(said.replace(". ", ".\\n"))
    SGD lr=0.3: diverged at step 4 (plotted up to step 3).
    Adam lr=0.3: converged, within the threshold from step 57, final loss 2.17e-8.
    """
    said = []
    for label, r in zip(labels, results):
        if r.diverged_at:
            said.append(f"{label}: diverged {diverged_text(r.diverged_at)}.")
            continue
        reached = ("within the threshold from step " + str(r.steps_to_threshold) if r.steps_to_threshold is not None
                   else "not within the threshold")
        said.append(f"{label}: {r.outcome}, {reached}, final loss {as_in_table(r.final_loss)}.")
    return " ".join(said)


def training_runs(results: Sequence[Any]) -> str:
    """What each of the Training lab's runs (:class:`engine.optim.training.TrainResult`) reached:
    its best validation accuracy (and the epoch), its final validation loss, or when it diverged;
    the best run first.

    Examples
    --------
    >>> from types import SimpleNamespace as R
    >>> class C:
    ...     def __init__(self, name): self._name = name
    ...     def name(self): return self._name
    >>> said = training_runs([R(config=C("SGD lr=50"), diverged_at_epoch=1, val_acc=(), val_loss=()),
    ...                       R(config=C("Adam lr=0.001"), diverged_at_epoch=None, val_acc=(0.9, 0.9289, 0.92),
    ...                         val_loss=(0.4, 0.3, 0.2397))])
    >>> print(said.replace(". ", ".\\n"))
    Best: Adam lr=0.001, 92.89% validation accuracy at epoch 2, final validation loss 0.2397.
    SGD lr=50: diverged in its first epoch.
    """
    def best(r: Any) -> float:
        return max(r.val_acc) if r.val_acc else float("-inf")

    said = []
    for i, r in enumerate(sorted(results, key=best, reverse=True)):
        name = r.config.name()
        if r.diverged_at_epoch is not None and not r.val_acc:
            said.append(f"{name}: diverged in its first epoch.")
            continue
        top = max(r.val_acc)
        at = r.val_acc.index(top) + 1
        if r.diverged_at_epoch is not None:
            said.append(f"{name}: diverged at epoch {r.diverged_at_epoch}, {top:.2%} validation accuracy before it.")
            continue
        head = "Best: " if i == 0 and len(results) > 1 else ""
        sep = ", " if head else ": "
        said.append(f"{head}{name}{sep}{top:.2%} validation accuracy at epoch {at}, final validation loss "
                    f"{r.val_loss[-1]:.4f}.")
    return " ".join(said)
