"""Grid search with scikit-learn's ParameterGrid."""

from __future__ import annotations

from typing import Any

from engine.limits import CEILINGS
from engine.search.space import SearchSpace
from engine.search.strategies.base import Strategy
from engine.search.trials import Evaluate

#: a grid larger than this is refused (the page and CLI say so before running)
MAX_GRID = int(CEILINGS["grid"].limit)


class GridStrategy(Strategy):
    """Every point of a Cartesian grid, in ParameterGrid's order.

    ``points_per_axis`` fixes the grid; otherwise it is the largest count whose full grid
    fits in the budget, so the grid is never cut off part-way. A conditional space is a list
    of grids, one per branch (as ``ParameterGrid([...])``).
    """

    name = "grid"
    title = "Grid search"
    blurb = ("Tries every combination of a few values per axis, so a budget spread over several "
             "parameters tests only a few distinct values of each.")
    equivalent = "sklearn.model_selection.ParameterGrid (GridSearchCV)"

    def __init__(self, points_per_axis: int | None = None):
        super().__init__()
        self.points_per_axis = points_per_axis

    def plan(self, space: SearchSpace, budget: int) -> dict[str, Any]:
        """The grid's size, its points per axis and whether they were asked for: what a run records
        in its extras, and what a stopped run's card reads (:func:`engine.search.lab.partial_results`)."""
        n = self.points_per_axis or space.points_for_budget(budget)
        return {"grid_size": space.grid_size(n), "points_per_axis": n, "points_asked": bool(self.points_per_axis)}

    def candidates(self, space: SearchSpace, budget: int) -> list[dict]:
        from sklearn.model_selection import ParameterGrid

        planned = self.plan(space, budget)
        n, size = planned["points_per_axis"], planned["grid_size"]
        CEILINGS["grid"].check(size, "this grid", "the points per axis or the number of parameters", verb="has")
        if self.points_per_axis and size > budget:
            raise ValueError(f"the grid has {size:,} points but the budget is {budget}")
        return [dict(p) for p in ParameterGrid(space.grid_spec(n))]

    def run(self, space: SearchSpace, evaluate: Evaluate, budget: int, seed: int, maximize: bool) -> None:
        cands = self.candidates(space, budget)
        # the points per axis, and whether they were asked for, say why the grid has its size
        self.extras.update(self.plan(space, budget))
        evaluate(cands, 1.0)
