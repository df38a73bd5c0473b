"""Why a tuned cross-validated score is optimistic: best CV score vs nested CV vs a test set.

Three numbers for one search procedure (strategy, budget, space):

``best_cv``
    the best mean CV score the search found on the training part: what people report;
``test``
    the winner refitted on the whole training part and scored once on a held-out test set;
``nested``
    nested cross-validation: for each outer fold, the same search on the outer-training
    part picks a configuration, which is refitted there and scored on the outer-test fold.

``best_cv`` is chosen as a maximum over many noisy estimates, so it is biased upwards (the
winner's curse); ``nested`` and ``test`` score data the search never saw.

Every search here runs on the training part only (``1 - test_size`` of the rows), so its
``best_cv`` is not the best score of a search on all the rows (the search lab's cards).
Nested CV is scikit-learn's ``cross_val_score(GridSearchCV(...), X_train, y_train)`` with the
search in place of the grid; a test holds the two equal for a grid search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from engine.search.cache import EvalCache
from engine.search.objectives import DATASETS, MODELS, CVObjective, load_dataset
from engine.search.runner import run_search


@dataclass(frozen=True)
class OvertuningResult:
    best_cv: float
    best_params: dict[str, Any]
    test: float
    nested_scores: tuple[float, ...]
    outer_params: tuple[dict[str, Any], ...]
    budget: int
    strategy: str
    #: rows in the training part and in the held-out test set
    train_rows: int = 0
    test_rows: int = 0
    #: rows in each outer test fold: with accuracy, a score is (right answers) / (rows), so
    #: folds of about the same size often show the same score (131/133 = 0.985 twice)
    outer_test_rows: tuple[int, ...] = ()
    metric: str = "accuracy"

    def fold_scores_text(self) -> str:
        """The nested fold scores, with the right answers behind each where the metric is accuracy:
        equal scores then read as what they are (2 wrong in 133, twice)."""
        parts = []
        for score, n in zip(self.nested_scores, self.outer_test_rows or (None,) * len(self.nested_scores)):
            if self.metric == "accuracy" and n:
                parts.append(f"{score:.3f} ({round(score * n)} of {n} right)")
            else:
                parts.append(f"{score:.3f}" + (f" ({n} rows)" if n else ""))
        return ", ".join(parts)

    def scope_text(self) -> str:
        """Why best_cv here is not the search lab's best score: it is a new search, on part of the rows."""
        from engine.search.strategies import STRATEGIES

        total = self.train_rows + self.test_rows
        return (f"Every search here is a new one ({STRATEGIES[self.strategy].title}, {self.budget} evaluations) on "
                f"the training part only: {self.train_rows} of {total} rows, the other {self.test_rows} being the "
                f"held-out test set. So its best CV score need not equal the best score of a search on all "
                f"{total} rows.")

    @property
    def nested(self) -> float:
        return float(np.mean(self.nested_scores))

    @property
    def optimism_vs_test(self) -> float:
        return self.best_cv - self.test

    @property
    def optimism_vs_nested(self) -> float:
        return self.best_cv - self.nested

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.update(nested=self.nested, optimism_vs_test=self.optimism_vs_test,
                 optimism_vs_nested=self.optimism_vs_nested)
        return d


def _score(objective: CVObjective, params: dict[str, Any], train_idx, test_idx) -> float:
    from sklearn.metrics import get_scorer

    X, y = load_dataset(objective.dataset)
    est = MODELS[objective.model].build(params, objective.seed)
    est.fit(X[train_idx], y[train_idx])
    return float(get_scorer(objective.scorer(y))(est, X[test_idx], y[test_idx]))


def check_cost(base: CVObjective, strategy: str, budget: int, outer_folds: int) -> float:
    """One search on the training part and one per outer fold, each over (a share of) the same
    rows: priced as ``outer_folds + 1`` searches of the whole, against the ``search`` ceiling."""
    from engine.limits import CEILINGS
    from engine.search.cost import search_cost
    from engine.search.runner import check_budget
    from engine.search.strategies import get_strategy

    check_budget(budget)
    cost = search_cost(base, get_strategy(strategy), base.space, budget)
    return CEILINGS["search"].check(cost.seconds * (outer_folds + 1),
                                    f"this experiment ({outer_folds + 1} searches of {cost.fits:,} fits)",
                                    "the search budget, the folds or the outer folds")


def overtuning_experiment(
    dataset: str, model: str, metric: str = "accuracy", strategy: str = "random", budget: int = 30,
    folds: int = 3, outer_folds: int = 3, test_size: float = 0.3, seed: int = 0,
    cache: EvalCache | None = None, on_progress: Callable[[float, str], None] | None = None,
) -> OvertuningResult:
    """Run the search once on a train/test split and once per outer fold (see module doc)."""
    from sklearn.model_selection import train_test_split

    if not 2 <= outer_folds <= 10:
        raise ValueError(f"outer folds must be from 2 to 10, got {outer_folds}")
    if not 0.1 <= test_size <= 0.5:
        raise ValueError(f"test size must be from 0.1 to 0.5, got {test_size}")
    base = CVObjective(dataset, model, metric, folds, True, seed)
    check_cost(base, strategy, budget, outer_folds)
    X, y = load_dataset(dataset)
    idx = np.arange(len(y))
    # classes keep their shares in every split; a regression target has no classes to keep
    # (stratifying on its values failed: most values occur once)
    classes = DATASETS[dataset].task == "classification"
    train_idx, test_idx = train_test_split(idx, test_size=test_size, random_state=seed, stratify=y if classes else None)
    steps = outer_folds + 1
    report = on_progress or (lambda f, m: None)

    def search(rows, label: str, k: int):
        obj = CVObjective(dataset, model, metric, folds, True, seed, subset=tuple(int(i) for i in rows))
        res = run_search(obj, strategy, budget, seed=seed, cache=cache,
                         on_trial=lambda t, n, b: report((k + n / b) / steps, f"{label}: trial {n} of {b}"))
        if res.best is None:
            raise ValueError(f"every configuration failed in the {label}")
        return res.best

    best = search(train_idx, "search on the training part", 0)
    test = _score(base, best.params, train_idx, test_idx)
    outer = replace(base, folds=outer_folds, seed=seed + 1).splitter()  # stratified where there are classes
    scores, picked, sizes = [], [], []
    for k, (o_train, o_test) in enumerate(outer.split(train_idx, y[train_idx]), start=1):
        rows_train, rows_test = train_idx[o_train], train_idx[o_test]
        winner = search(rows_train, f"outer fold {k}", k)
        scores.append(_score(base, winner.params, rows_train, rows_test))
        picked.append(dict(winner.params))
        sizes.append(len(rows_test))
    report(1.0, "done")
    return OvertuningResult(
        best_cv=float(best.value), best_params=dict(best.params), test=test, nested_scores=tuple(scores),
        outer_params=tuple(picked), budget=budget, strategy=strategy, train_rows=len(train_idx),
        test_rows=len(test_idx), outer_test_rows=tuple(sizes), metric=metric,
    )
