"""Named search-lab scenarios (plain data), used by the page and by question links."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchPreset:
    key: str
    title: str
    story: str
    objective: str  # 'branin' or '<dataset>:<model>'
    metric: str | None
    folds: int
    budget: int
    strategies: tuple[str, ...]


SEARCH_PRESETS: dict[str, SearchPreset] = {
    p.key: p
    for p in (
        SearchPreset(
            "svc-cancer", "SVC on breast cancer: C and gamma",
            "Two log-scale hyperparameters of an RBF support vector machine, 3-fold stratified CV.",
            "breast_cancer:svc", "accuracy", 3, 16, ("grid", "random", "bayes"),
        ),
        SearchPreset(
            "svc-digits", "SVC on digits: C and gamma",
            "The classic: an RBF SVM on handwritten digits. Much of the (C, gamma) plane is flat and "
            "bad; the good region is a diagonal band.",
            "digits:svc", "accuracy", 3, 20, ("random", "bayes"),
        ),
        SearchPreset(
            "svc-kernel", "SVC on breast cancer: kernel first, then its own settings",
            "A conditional space: gamma matters only to the RBF and polynomial kernels, degree only to "
            "the polynomial one. Grid search needs one grid per kernel; random search picks a kernel, "
            "then samples what that kernel uses; TPE models each branch from its own trials.",
            "breast_cancer:svc_kernel", "accuracy", 3, 24, ("grid", "random", "tpe"),
        ),
        SearchPreset(
            "forest-wine", "Random forest on wine: three hyperparameters",
            "Trees, depth and features per split: a 3-D space shown in parallel coordinates.",
            "wine:random_forest", "accuracy", 3, 15, ("random", "tpe"),
        ),
        SearchPreset(
            "branin", "Branin: a benchmark with a known optimum",
            "A 2-D function with three equal minima (f* = 0.398): regret is measurable exactly.",
            "branin", None, 5, 30, ("grid", "random", "bayes", "tpe"),
        ),
        SearchPreset(
            "hartmann6", "Hartmann 6-D",
            "Six dimensions and one deep minimum (f* = -3.32): where a grid is hopeless.",
            "hartmann6", None, 5, 40, ("random", "bayes", "tpe"),
        ),
    )
}
