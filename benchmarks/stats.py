"""Summaries the benchmarks report, computed one way for all of them."""

from __future__ import annotations

from collections.abc import Sequence


def p90(values: Sequence[float]) -> float:
    """The 90th percentile by nearest rank (no interpolation): a time one of the runs took."""
    return sorted(values)[int(0.9 * (len(values) - 1))]
