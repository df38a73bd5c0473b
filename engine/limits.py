"""Ceilings on the cost of one request: every kind of work has exactly one, here.

A visitor on a shared server (a class, a hiring team) must not be able to hold it. Each engine
entry point estimates what a request would cost *before starting*, and refuses it with a
sentence that says what it would cost, what the ceiling is and what to lower. Pages show each
ceiling beside its control (``Ceiling.describe``), banks (shipped or uploaded) go through the
same checks when they are loaded, and the README's table is checked against this registry.

Behind these estimates sits a wall-clock backstop: long work runs in a worker process
(:mod:`engine.jobs`) that is terminated after ``engine.jobs.JOB_SECONDS``.
"""

from __future__ import annotations

from dataclasses import dataclass


class LimitExceeded(ValueError):
    """A request over a ceiling; the message says what to lower."""


@dataclass(frozen=True)
class Ceiling:
    """The most one request may ask for, in ``unit``, and why."""

    name: str
    limit: float
    unit: str
    reason: str

    def check(self, amount: float, what: str, lower: str, verb: str = "would need about") -> float:
        """Return ``amount`` if within the ceiling, else raise :class:`LimitExceeded`.

        ``what`` names the request ("this search"), ``lower`` what the visitor can change
        ("the budget, the folds or the largest n_estimators"); ``verb`` is "has" for a count
        that is exact rather than estimated.
        """
        if not amount <= self.limit:  # also refuses NaN
            raise LimitExceeded(
                f"{what} {verb} {_fmt(amount)} {self.unit}; the limit is {_fmt(self.limit)} "
                f"{self.unit} per request: lower {lower}"
            )
        return amount

    def describe(self) -> str:
        """'at most 240 CPU-seconds per request' (for a caption beside the control)."""
        return f"at most {_fmt(self.limit)} {self.unit} per request"


def _fmt(x: float) -> str:
    if x != x:  # NaN
        return "an unknown number of"
    if x >= 1e15:
        return f"{x:.1e}"
    return f"{x:,.0f}" if x >= 10 or float(x).is_integer() else f"{x:.2g}"


CEILINGS: dict[str, Ceiling] = {
    c.name: c
    for c in (
        Ceiling(
            "search", 240, "CPU-seconds",
            "A search (search lab, `python -m engine search`, a simulation that searches or "
            "cross-validates) is estimated from the number of fits and the cost of one fit of the "
            "space's most expensive corner on that dataset. 240 CPU-seconds is about two minutes on "
            "the two cores these servers have, enough for every preset several times over.",
        ),
        Ceiling(
            "evaluations", 500, "evaluations",
            "One search's budget. Beyond a few hundred evaluations the curves no longer change the "
            "lesson, and the trials table stays readable.",
        ),
        Ceiling(
            "grid", 5_000, "grid points",
            "A grid is built in memory before the first fit; 5,000 points is already far more than "
            "the evaluation budget allows.",
        ),
        Ceiling(
            "branches", 64, "branches",
            "A conditional space is one grid (or sampler) per combination of the categorical values "
            "that switch other parameters on; they are enumerated up front.",
        ),
        Ceiling(
            "optimizer", 2_000_000, "run-steps",
            "Optimiser runs on a loss surface are stepped together in numpy: runs x steps points "
            "(16 bytes each, plus the losses) must fit in memory and draw in well under a second.",
        ),
        Ceiling(
            "training", 120, "CPU-seconds",
            "Torch training is estimated from optimiser steps (runs x epochs x batches) and "
            "sample passes through the network's weights; 120 CPU-seconds keeps a comparison "
            "to about a minute.",
        ),
        Ceiling(
            "schedule", 100_000, "steps",
            "A learning-rate schedule is evaluated at every step into one array.",
        ),
        Ceiling(
            "answer", 20_000, "characters",
            "A typed answer: a thorough spoken answer is 300-600 words (about 4,000 characters); "
            "anything over 20,000 is a paste, not an answer, and would be stored and shown to others.",
        ),
        Ceiling(
            "jobs", 8, "parallel jobs",
            "Parallel evaluations of one search (`--n-jobs`); more threads than cores only adds "
            "memory and contention.",
        ),
    )
}


def ceiling(name: str) -> Ceiling:
    """The ceiling called ``name`` (a KeyError names a programming error, not a user's)."""
    return CEILINGS[name]


def check_text(text: str, what: str = "the answer") -> str:
    """Refuse a typed text over the answer ceiling, with a sentence."""
    c = CEILINGS["answer"]
    if len(text) > c.limit:
        raise LimitExceeded(f"{what} is {len(text):,} characters long; the limit is {c.limit:,.0f}: shorten it")
    return text
