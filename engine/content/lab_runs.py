"""The Optimizer lab's runs: every chosen optimiser at every rate, or a question's own pairs.

The lab's sidebar names optimisers and rates, and runs every optimiser at every rate. A question
that ran SGD at two rates and momentum at one opened there as four runs where it had three (six
for four in the ML engineer's walk-through): its link now names its pairs (``only=``), and the lab
keeps to them while the box "Only the link's runs" stays ticked. What the learner adds after that
still runs: a pair is left out only when the link knew its optimiser and its rate and did not
pair them.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from engine.content.labs import LAB_HYPER, LAB_MAX_RUNS
from engine.optim.optimizers import OPTIMIZERS
from engine.optim.run import RunConfig
from engine.optim.schedules import ScheduleSpec

Pair = tuple[str, float]


def lab_pairs(optimizers: Sequence[str], lrs: Sequence[float], only: Collection[Pair] | None = None) -> list[Pair]:
    """The (optimiser, rate) pairs the lab runs, optimiser by optimiser in the order chosen.

    Parameters
    ----------
    optimizers, lrs : sequence
        The sidebar's optimisers and rates.
    only : collection of (str, float), optional
        A link's own pairs. A pair of an optimiser *and* a rate both named in ``only`` runs only
        when ``only`` holds it; an optimiser or a rate added since runs with everything.

    Examples
    --------
    >>> lab_pairs(["sgd", "momentum"], [0.005, 0.025], only={("sgd", 0.005), ("sgd", 0.025), ("momentum", 0.005)})
    [('sgd', 0.005), ('sgd', 0.025), ('momentum', 0.005)]
    >>> lab_pairs(["sgd", "adam"], [0.005], only={("sgd", 0.005)})  # Adam added since: it runs
    [('sgd', 0.005), ('adam', 0.005)]
    """
    every = [(name, lr) for name in optimizers for lr in lrs]
    if not only:
        return every
    named, rated = {name for name, _ in only}, {lr for _, lr in only}
    return [(name, lr) for name, lr in every if (name, lr) in only or name not in named or lr not in rated]


def optimizer_hyper(hyper: Mapping[str, float]) -> dict[str, dict[str, float]]:
    """Each optimiser's share of the lab's momentum and betas (momentum for SGD momentum and
    Nesterov, betas for Adam and AdamW, ...)."""
    return {name: {h: hyper[h] for h, (_, users) in LAB_HYPER.items() if name in users and h in hyper}
            for name in OPTIMIZERS}


def lab_configs(optimizers: Sequence[str], lrs: Sequence[float], hyper: Mapping[str, float], schedule: ScheduleSpec,
                start: tuple[float, float], only: Collection[Pair] | None = None) -> tuple[RunConfig, ...]:
    """The lab's runs as :class:`RunConfig`, each given the momentum and betas its optimiser uses.

    Raises
    ------
    ValueError
        Over :data:`engine.content.labs.LAB_MAX_RUNS` runs, or none at all; one sentence that
        says what to do.
    """
    pairs = lab_pairs(optimizers, lrs, only)
    if not pairs:
        raise ValueError("no run is left: untick \u201cOnly the link's runs\u201d or choose another optimizer or rate")
    if len(pairs) > LAB_MAX_RUNS:
        names, rates = len({n for n, _ in pairs}), len({lr for _, lr in pairs})
        grid = f": {names} optimizers \u00d7 {rates} rates" if names > 1 and rates > 1 else ""
        raise ValueError(f"at most {LAB_MAX_RUNS} runs at once ({len(pairs)} asked{grid}); drop an optimizer or "
                         "a rate, or use the Learning-rate sweep tab below for many rates")
    several = len({lr for _, lr in pairs}) > 1
    shares = optimizer_hyper(hyper)
    return tuple(RunConfig(name, lr, shares[name], schedule, start,
                           label=f"{OPTIMIZERS[name].title} lr={lr:g}" if several else OPTIMIZERS[name].title)
                 for name, lr in pairs)


__all__ = ["Pair", "lab_configs", "lab_pairs", "optimizer_hyper"]
