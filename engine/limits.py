"""Ceilings on the cost of one request: every kind of work has exactly one, here.

A visitor on a shared server (a class, a hiring team) must not be able to hold it. Each engine
entry point estimates what a request would cost *before starting*, and refuses it with a
sentence that says what it would cost, what the ceiling is and what to lower. Pages show each
ceiling beside its control (``Ceiling.describe``), banks (shipped or uploaded) go through the
same checks when they are loaded, and the README's table is checked against this registry.

Behind these estimates, long work runs in a worker process (:mod:`engine.jobs`) held to a CPU
allowance of a few times its estimate (:func:`allowance`, enforced by the kernel) and terminated
after ``engine.jobs.JOB_SECONDS`` of wall clock whatever it did.

The operator sets the two CPU-second ceilings (``search`` and ``training``) with
``TUNELAB_RUN_CPU_SECONDS`` (:func:`engine.settings.run_cpu_seconds`): lower for a class on a
small server, higher on a big machine. It is read once, when this module is imported, and goes
into the registry itself, so every check, caption, allowance and the wall clock follow it.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.settings import run_cpu_seconds


class LimitExceeded(ValueError):
    """A request over a ceiling; the message says what to lower."""


@dataclass(frozen=True)
class Ceiling:
    """The most one request may ask for, in ``unit``, and why; ``per`` names what the limit is
    counted over when that is not one request (an interview, an uploaded bank)."""

    name: str
    limit: float
    unit: str
    reason: str
    per: str = "request"

    def check(self, amount: float, what: str, lower: str, verb: str = "would need about") -> float:
        """Return ``amount`` if within the ceiling, else raise :class:`LimitExceeded`.

        ``what`` names the request ("this search"), ``lower`` what the visitor can change
        ("the budget, the folds or the largest n_estimators"); ``verb`` is "has" for a count
        that is exact rather than estimated.
        """
        if not amount <= self.limit:  # also refuses NaN
            raise LimitExceeded(
                f"{what} {verb} {_fmt(amount)} {self.unit}; the limit is {_fmt(self.limit)} "
                f"{self.unit} per {self.per}: lower {lower}."
            )
        return amount

    def describe(self) -> str:
        """'at most 240 CPU-seconds per request' (for a caption beside the control)."""
        return f"at most {_fmt(self.limit)} {self.unit} per {self.per}"

    def estimated(self, amount: float) -> str:
        """'Estimated cost: about 3 CPU-seconds; at most 240 ...' for a request estimated at
        ``amount`` (a benchmark function's fraction of a second is "under 1 CPU-second", not
        "about 0 CPU-seconds")."""
        one = self.unit.removesuffix("s")
        if amount < 0.5:
            cost = f"under 1 {one}"
        else:
            cost = f"about {amount:,.0f} {one if round(amount) == 1 else self.unit}"
        return f"Estimated cost: {cost}; {self.describe()}."


def _fmt(x: float) -> str:
    if x != x:  # NaN
        return "an unknown number of"
    if x >= 1e15:
        return f"{x:.1e}"
    return f"{x:,.0f}" if x >= 10 or float(x).is_integer() else f"{x:.2g}"


#: ``TUNELAB_RUN_CPU_SECONDS``, or None: read once, here, like engine.jobs.MAX_WORKERS (a server
#: restart applies a new value). Every page imports this module, so a typo is a logged warning
#: and the defaults, never an error at import.
RUN_CPU_SECONDS: int | None = run_cpu_seconds()


def _run_cpu_seconds(default: float) -> float:
    """A CPU-second ceiling's limit: the operator's ``TUNELAB_RUN_CPU_SECONDS`` when set, else
    ``default`` (the value this registry gives it)."""
    return default if RUN_CPU_SECONDS is None else float(RUN_CPU_SECONDS)


CEILINGS: dict[str, Ceiling] = {
    c.name: c
    for c in (
        Ceiling(
            "search", _run_cpu_seconds(240), "CPU-seconds",
            "A search (search lab, `python -m engine search`, a simulation that searches or "
            "cross-validates) is estimated from the number of fits and the cost of one fit of the "
            "space's most expensive corner on that dataset. The default, 240 CPU-seconds, is about "
            "two minutes on the two cores these servers have, enough for every preset several times "
            "over; an operator sets another with TUNELAB_RUN_CPU_SECONDS.",
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
            "training", _run_cpu_seconds(120), "CPU-seconds",
            "Torch training is estimated from optimiser steps (runs x epochs x batches) and "
            "sample passes through the network's weights; the default, 120 CPU-seconds, keeps a "
            "comparison to about a minute; an operator sets another with TUNELAB_RUN_CPU_SECONDS.",
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
            "interview", 60, "questions",
            "A real mock interview asks 5 to 20 questions in an hour or two; 60 leaves room to spare (an hour at "
            "the set-up's shortest minute per question, five hours at its default five). Each question is a "
            "section of the interviewer's page, and a browser never finished drawing an interview of 3,806.",
            per="interview",
        ),
        Ceiling(
            "upload", 60, "questions",
            "A bank uploaded in the set-up belongs to one interview (it is stored with it and its questions "
            "are chosen at once), so it needs no more questions than one interview holds. A team's larger "
            "interview-only bank goes in the server's TUNELAB_PRIVATE_DIR, which every interview can use.",
            per="uploaded bank",
        ),
        Ceiling(
            "uploads", 20, "interviews with an uploaded bank",
            "Each interview stores its own copy of its uploaded bank (up to 1 MB). A working day holds at "
            "most eight to ten one-hour interviews per interviewer; 20 leaves room to set each up twice, "
            "and holds a script to 20 MB a day per interviewer key or account.",
            per="interviewer in 24 hours",
        ),
        Ceiling(
            "browsers", 20, "browsers",
            "The browsers a candidate link was opened in are recorded for the interviewer, one row each. A "
            "candidate uses one or two (a phone, a laptop); past 20 the interviewer knows enough, and a script "
            "replaying the link with new ids adds no rows.",
            per="interview",
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


def check_interview_questions(count: int) -> int:
    """Refuse an interview of more questions than the ``interview`` ceiling, with a sentence."""
    limit = int(CEILINGS["interview"].limit)
    if count > limit:
        raise LimitExceeded(f"An interview can hold at most {limit} questions; {count:,} are chosen: "
                            f"remove {count - limit:,} of them.")
    return count


def check_upload_questions(count: int, name: str) -> int:
    """Refuse a bank uploaded for an interview (called ``name``) of more questions than the ``upload``
    ceiling, with a sentence."""
    limit = int(CEILINGS["upload"].limit)
    if count > limit:
        raise LimitExceeded(f"{name} has {count:,} questions; a bank uploaded for an interview may have at most "
                            f"{limit}: upload only the questions this interview needs (a larger bank can be kept "
                            "in the server's TUNELAB_PRIVATE_DIR, for every interview).")
    return count


#: how far past its estimate a request may run before its worker is stopped (engine.jobs). Most
#: estimates err high, but one built on a mean (a sampled search is priced at an average
#: configuration) can meet a corner costing far more: a linear SVC with C near 1e6 on data it
#: cannot separate took 60 times its estimate per fit, and only the wall clock stopped it.
ALLOWANCE_FACTOR = 5.0
#: ... and at least this many CPU-seconds: the smallest requests' estimates are the least exact
ALLOWANCE_FLOOR = 30.0


def allowance(estimate: float | None, ceiling: str) -> float:
    """CPU-seconds a request estimated at ``estimate`` may use before it is stopped: a few times
    its estimate, never more than the ceiling it was checked against (``ceiling``, a name in
    :data:`CEILINGS` counted in CPU-seconds). With no estimate, the ceiling itself."""
    c = CEILINGS[ceiling]
    if c.unit != "CPU-seconds":
        raise ValueError(f"the {ceiling} ceiling counts {c.unit}, not CPU-seconds")
    if estimate is None or not estimate >= 0:
        return c.limit
    return min(c.limit, max(ALLOWANCE_FLOOR, ALLOWANCE_FACTOR * estimate))
