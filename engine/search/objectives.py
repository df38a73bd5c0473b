"""What a search optimises: cross-validated scikit-learn models, or benchmark functions.

An objective evaluates one configuration and returns ``(value, info)``, or raises with a
reason (which the runner records as a failed trial). ``maximize`` says which way is better;
``space`` is the default search space; ``optimum`` is f* for benchmark functions (regret).
Objectives are plain picklable objects, so joblib can ship them to worker processes.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.labels import short_number
from engine.search.space import Param, SearchSpace, box


# --------------------------------------------------------------------------- benchmarks
def branin(x: np.ndarray) -> float:
    x1, x2 = x
    a, b, c, r, s, t = 1.0, 5.1 / (4 * math.pi**2), 5 / math.pi, 6.0, 10.0, 1 / (8 * math.pi)
    return float(a * (x2 - b * x1**2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s)


_H6_A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14],
                  [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
_H6_P = 1e-4 * np.array([[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
                         [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]])
_H6_ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    return float(-np.sum(_H6_ALPHA * np.exp(-np.sum(_H6_A * (x - _H6_P) ** 2, axis=1))))


def rosenbrock2(x: np.ndarray) -> float:
    x1, x2 = x
    return float((1 - x1) ** 2 + 100 * (x2 - x1**2) ** 2)


def ackley2(x: np.ndarray) -> float:
    x = np.asarray(x, dtype=float)
    d = len(x)
    return float(-20 * math.exp(-0.2 * math.sqrt(np.sum(x**2) / d))
                 - math.exp(np.sum(np.cos(2 * math.pi * x)) / d) + 20 + math.e)


@dataclass(frozen=True)
class BenchmarkObjective:
    """A function with a known minimum, searched over its standard box."""

    name: str
    func: Callable[[np.ndarray], float]
    bounds: tuple[tuple[float, float], ...]
    optimum: float
    maximize: bool = False
    title: str = ""

    @property
    def space(self) -> SearchSpace:
        return box({f"x{i + 1}": b for i, b in enumerate(self.bounds)})

    def evaluate(self, params: Mapping[str, Any], resource: float = 1.0) -> tuple[float, dict[str, Any]]:
        x = np.array([params[f"x{i + 1}"] for i in range(len(self.bounds))], dtype=float)
        value = self.func(x)
        if not math.isfinite(value):
            raise ValueError("the function returned a non-finite value")
        return value, {}

    def cache_key(self, params: Mapping[str, Any], resource: float) -> None:
        return None  # microseconds to compute: not worth a database round trip

    def describe(self) -> dict[str, Any]:
        return {"kind": "benchmark", "name": self.name, "optimum": self.optimum}


BENCHMARKS: dict[str, BenchmarkObjective] = {
    b.name: b
    for b in (
        BenchmarkObjective("branin", branin, ((-5.0, 10.0), (0.0, 15.0)), 0.397887357729738, title="Branin"),
        BenchmarkObjective("hartmann6", hartmann6, ((0.0, 1.0),) * 6, -3.322368011391339, title="Hartmann 6-D"),
        BenchmarkObjective("rosenbrock", rosenbrock2, ((-2.0, 2.0), (-1.0, 3.0)), 0.0, title="Rosenbrock"),
        BenchmarkObjective("ackley", ackley2, ((-5.0, 5.0), (-5.0, 5.0)), 0.0, title="Ackley"),
    )
}


# --------------------------------------------------------------------------- datasets
@dataclass(frozen=True)
class DatasetSpec:
    """A dataset scikit-learn ships or generates, with the shape the cost estimates use."""

    task: str
    title: str
    rows: int
    features: int
    #: classes, or 1 for a regression target
    classes: int
    #: its name inside a sentence: "a model on <name>"
    name: str


DATASETS: dict[str, DatasetSpec] = {
    "digits": DatasetSpec("classification", "Handwritten digits: 1,797 images of 8x8 pixels, 10 classes",
                          1797, 64, 10, "digits"),
    "breast_cancer": DatasetSpec("classification", "Breast cancer: 569 tumours, 30 features, 2 classes",
                                 569, 30, 2, "breast cancer"),
    "wine": DatasetSpec("classification", "Wine: 178 wines, 13 features, 3 classes", 178, 13, 3, "wine"),
    "iris": DatasetSpec("classification", "Iris: 150 flowers, 4 features, 3 classes", 150, 4, 3, "iris"),
    "noisy": DatasetSpec("classification",
                         "Generated: 200 samples, 20 features (5 informative), 1 label in 10 redrawn at random",
                         200, 20, 2, "noisy generated data"),
    "diabetes": DatasetSpec("regression", "Diabetes progression: 442 patients, 10 features (regression)",
                            442, 10, 1, "diabetes"),
}


@functools.lru_cache(maxsize=8)
def load_dataset(name: str):
    """(X, y) for a dataset scikit-learn ships or generates (never downloaded); read-only arrays."""
    X, y = _load(name)
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


def _load(name: str):
    from sklearn import datasets as d

    if name == "digits":
        return d.load_digits(return_X_y=True)
    if name == "breast_cancer":
        return d.load_breast_cancer(return_X_y=True)
    if name == "wine":
        return d.load_wine(return_X_y=True)
    if name == "iris":
        return d.load_iris(return_X_y=True)
    if name == "noisy":
        return d.make_classification(n_samples=200, n_features=20, n_informative=5, flip_y=0.1,
                                     random_state=0)
    if name == "diabetes":
        return d.load_diabetes(return_X_y=True)
    raise ValueError(f"unknown dataset '{name}'; choose one of {', '.join(DATASETS)}")


# --------------------------------------------------------------------------- models
def _scaled(est):
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    # The scaler sits inside the pipeline, so each fold is scaled with its own training part.
    return make_pipeline(StandardScaler(), est)


#: libsvm's iterations per fit (scikit-learn's default is no limit). On data it cannot separate,
#: a linear or low-degree kernel needs iterations in proportion to C: 9.5 million at C = 1,000 on
#: the noisy dataset, beyond any count at C = 1e6, minutes per fit. One million bounds a fit to
#: about a second here and changes no shipped scenario (the most any of them needs is 46,000:
#: breast cancer, linear, C = 1,000); a fit that reaches it is what scikit-learn returns then,
#: with its ConvergenceWarning.
SVC_MAX_ITER = 1_000_000


def _svc(p, seed):
    from sklearn.svm import SVC

    return _scaled(SVC(C=p["C"], gamma=p["gamma"], random_state=seed, max_iter=SVC_MAX_ITER))


def _svc_kernel(p, seed):
    from sklearn.svm import SVC

    # gamma and degree are absent from configurations whose kernel ignores them
    return _scaled(SVC(kernel=p["kernel"], C=p["C"], gamma=p.get("gamma", "scale"), degree=int(p.get("degree", 3)),
                       random_state=seed, max_iter=SVC_MAX_ITER))


def _forest(p, seed):
    from sklearn.ensemble import RandomForestClassifier

    return RandomForestClassifier(n_estimators=int(p["n_estimators"]), max_depth=int(p["max_depth"]),
                                  max_features=float(p["max_features"]), random_state=seed, n_jobs=1)


def _boosting(p, seed):
    from sklearn.ensemble import GradientBoostingClassifier

    return GradientBoostingClassifier(learning_rate=p["learning_rate"], max_depth=int(p["max_depth"]),
                                      n_estimators=int(p["n_estimators"]), random_state=seed)


def _logistic(p, seed):
    from sklearn.linear_model import LogisticRegression

    return _scaled(LogisticRegression(C=p["C"], max_iter=2000))


def _ridge(p, seed):
    from sklearn.linear_model import Ridge

    return _scaled(Ridge(alpha=p["alpha"]))


def _mlp(p, seed):
    from sklearn.neural_network import MLPClassifier

    return _scaled(MLPClassifier(hidden_layer_sizes=(int(p["hidden_units"]),), alpha=p["alpha"],
                                 learning_rate_init=p["learning_rate_init"], max_iter=200,
                                 early_stopping=False, random_state=seed))


# Seconds for one fit on ``n`` training rows of ``d`` features and ``k`` classes (one core).
# Fitted on this project's 2-core machines and held to real fits by benchmarks/bench_limits.py;
# they err on the high side, because they guard a ceiling.
def _svc_seconds(p, n, d, k):
    return 0.01 + 8e-9 * n * n * d


def _logistic_seconds(p, n, d, k):
    return 0.015 + 1e-6 * n * d * k


def _ridge_seconds(p, n, d, k):
    return 0.005 + 1e-8 * n * d


def _forest_seconds(p, n, d, k):
    depth = min(1.0, float(p.get("max_depth", 20)) / 10)
    return float(p.get("n_estimators", 100)) * (0.002 + 3.5e-7 * n * d * float(p.get("max_features", 1.0)) * depth)


def _boosting_seconds(p, n, d, k):
    trees_per_stage = k if k > 2 else 1  # one regression tree per class and stage
    depth = float(p.get("max_depth", 3)) / 3
    return float(p.get("n_estimators", 100)) * trees_per_stage * (0.004 + 1.8e-7 * n * d * depth)


def _mlp_seconds(p, n, d, k):
    epochs = 200  # max_iter
    return epochs * (0.001 + n / 200 * 0.0005 + 1.5e-9 * n * (d + k) * float(p.get("hidden_units", 100)))


@dataclass(frozen=True)
class ModelSpec:
    """A model a search can tune: how to build it, its default space and what a fit costs.

    ``bounds`` are hard limits on each parameter, whatever space or bank asks: they keep one
    fit bounded (a custom space or an uploaded bank cannot ask for 10^8 trees).
    """

    name: str
    title: str
    task: str
    build: Callable[[Mapping[str, Any], int], Any]
    space: SearchSpace
    fit_seconds: Callable[[Mapping[str, Any], int, int, int], float]
    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    #: whether the fitted model gives class probabilities (``predict_proba``): ROC AUC over three
    #: or more classes needs them (scikit-learn's one-vs-rest scorer)
    probabilities: bool = True

    def check_params(self, params: Mapping[str, Any]) -> None:
        """Refuse unknown parameters and values outside ``bounds``, with a sentence."""
        known = {p.name for p in self.space.params}
        for key, value in params.items():
            if key not in known:
                raise ValueError(f"{self.title} has no parameter '{key}'; it has {', '.join(sorted(known))}")
            if key in self.bounds and not isinstance(value, str):
                lo, hi = self.bounds[key]
                if not (isinstance(value, (int, float)) and lo <= value <= hi):
                    raise ValueError(f"{self.title}: {key} must be from {short_number(lo)} to {short_number(hi)}, "
                                     f"got {short_number(value) if isinstance(value, (int, float)) else repr(value)}")

    def check_space(self, space: SearchSpace) -> None:
        """Refuse a space whose ranges leave ``bounds``."""
        for p in space.params:
            if p.kind != "categorical" and p.name in self.bounds:
                lo, hi = self.bounds[p.name]
                if p.low < lo or p.high > hi:
                    raise ValueError(f"{self.title}: the range of {p.name} must lie within {short_number(lo)} to "
                                     f"{short_number(hi)}, got {short_number(p.low)} to {short_number(p.high)}")


_SVC_BOUNDS = {"C": (1e-6, 1e6), "gamma": (1e-8, 1e3), "degree": (1, 6)}

MODELS: dict[str, ModelSpec] = {
    m.name: m
    for m in (
        ModelSpec("svc", "Support vector classifier (RBF)", "classification", _svc, SearchSpace((
            Param("C", "float", 1e-2, 1e3, log=True), Param("gamma", "float", 1e-5, 1.0, log=True))),
            _svc_seconds, _SVC_BOUNDS, probabilities=False),
        ModelSpec("svc_kernel", "Support vector classifier (kernel choice: a conditional space)",
                  "classification", _svc_kernel, SearchSpace((
                      Param("kernel", "categorical", choices=("linear", "rbf", "poly")),
                      Param("C", "float", 1e-2, 1e3, log=True),
                      Param("gamma", "float", 1e-4, 1e-1, log=True, when=("kernel", ("rbf", "poly"))),
                      Param("degree", "int", 2, 4, when=("kernel", ("poly",))))),
                  _svc_seconds, _SVC_BOUNDS, probabilities=False),
        ModelSpec("random_forest", "Random forest", "classification", _forest, SearchSpace((
            Param("n_estimators", "int", 10, 200), Param("max_depth", "int", 2, 20),
            Param("max_features", "float", 0.1, 1.0))),
            _forest_seconds, {"n_estimators": (1, 1000), "max_depth": (1, 100), "max_features": (1e-3, 1.0)}),
        ModelSpec("gradient_boosting", "Gradient boosting", "classification", _boosting, SearchSpace((
            Param("learning_rate", "float", 0.01, 1.0, log=True), Param("max_depth", "int", 1, 6),
            Param("n_estimators", "int", 20, 200))),
            _boosting_seconds, {"learning_rate": (1e-6, 10.0), "max_depth": (1, 20), "n_estimators": (1, 1000)}),
        ModelSpec("logistic", "Logistic regression", "classification", _logistic, SearchSpace((
            Param("C", "float", 1e-4, 1e3, log=True),)),
            _logistic_seconds, {"C": (1e-8, 1e8)}),
        ModelSpec("ridge", "Ridge regression", "regression", _ridge, SearchSpace((
            Param("alpha", "float", 1e-4, 1e3, log=True),)),
            _ridge_seconds, {"alpha": (0.0, 1e8)}, probabilities=False),
        ModelSpec("mlp", "Multilayer perceptron", "classification", _mlp, SearchSpace((
            Param("learning_rate_init", "float", 1e-4, 1e-1, log=True),
            Param("alpha", "float", 1e-6, 1e-1, log=True), Param("hidden_units", "int", 8, 128))),
            _mlp_seconds, {"learning_rate_init": (1e-7, 1.0), "alpha": (0.0, 100.0), "hidden_units": (1, 1024)}),
    )
}

@dataclass(frozen=True)
class Metric:
    """A score to maximise: its title, and the scikit-learn scorer names it stands for."""

    name: str
    title: str
    #: scorer for binary classification (and regression), and for multiclass
    binary: str
    multiclass: str


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("accuracy", "accuracy", "accuracy", "accuracy"),
        Metric("f1", "F1", "f1", "f1_macro"),
        Metric("roc_auc", "ROC AUC", "roc_auc", "roc_auc_ovr"),
        Metric("neg_mse", "negative MSE", "neg_mean_squared_error", "neg_mean_squared_error"),
    )
}


@dataclass(frozen=True)
class CVObjective:
    """Cross-validated score of a scikit-learn model on a dataset (higher is better).

    ``subset``, when given, restricts the data to those row indices (used by the nested and
    held-out experiments); ``resource`` < 1 evaluates on that share of the (subset) rows, for
    successive halving.
    """

    dataset: str
    model: str
    metric: str = "accuracy"
    folds: int = 5
    stratified: bool = True
    seed: int = 0
    subset: tuple[int, ...] | None = field(default=None, repr=False)
    maximize: bool = True
    optimum: None = None

    def __post_init__(self) -> None:
        if self.dataset not in DATASETS:
            raise ValueError(f"unknown dataset '{self.dataset}'; choose one of {', '.join(DATASETS)}")
        if self.model not in MODELS:
            raise ValueError(f"unknown model '{self.model}'; choose one of {', '.join(MODELS)}")
        if self.metric not in METRICS:
            raise ValueError(f"unknown metric '{self.metric}'; choose one of {', '.join(METRICS)}")
        task, model_task = DATASETS[self.dataset].task, MODELS[self.model].task
        if task != model_task:
            raise ValueError(f"{self.model} is a {model_task} model but {self.dataset} is a {task} dataset")
        if (task == "regression") != (self.metric == "neg_mse"):
            raise ValueError(f"metric '{self.metric}' does not fit a {task} dataset")
        if self.metric == "roc_auc" and DATASETS[self.dataset].classes > 2 and not MODELS[self.model].probabilities:
            # every fold would fail (the one-vs-rest scorer asks for predict_proba): said before any work
            raise ValueError(f"ROC AUC over {DATASETS[self.dataset].classes} classes needs class probabilities, "
                             f"which the {MODELS[self.model].title.split(' (')[0].lower()} does not give: choose "
                             "accuracy or F1, or another model")
        if not 2 <= self.folds <= 20:
            raise ValueError(f"folds must be from 2 to 20, got {self.folds}")

    @property
    def name(self) -> str:
        return f"{self.dataset}:{self.model}"

    @property
    def space(self) -> SearchSpace:
        return MODELS[self.model].space

    def data(self):
        X, y = load_dataset(self.dataset)
        if self.subset is not None:
            idx = np.asarray(self.subset)
            X, y = X[idx], y[idx]
        return X, y

    def scorer(self, y) -> str:
        binary, multi = METRICS[self.metric].binary, METRICS[self.metric].multiclass
        return multi if len(np.unique(y)) > 2 and self.metric != "neg_mse" else binary

    def splitter(self):
        from sklearn.model_selection import KFold, StratifiedKFold

        if self.stratified and DATASETS[self.dataset].task == "classification":
            return StratifiedKFold(self.folds, shuffle=True, random_state=self.seed)
        return KFold(self.folds, shuffle=True, random_state=self.seed)

    def evaluate(self, params: Mapping[str, Any], resource: float = 1.0) -> tuple[float, dict[str, Any]]:
        from sklearn.model_selection import cross_validate

        X, y = self.data()
        if resource < 1.0:
            X, y = _share(X, y, resource, self.seed, self.folds)
        est = MODELS[self.model].build(params, self.seed)
        t0 = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # convergence chatter; the score tells the story
            out = cross_validate(est, X, y, cv=self.splitter(), scoring=self.scorer(y),
                                 return_train_score=True, error_score="raise")
        scores = np.asarray(out["test_score"], dtype=float)
        if not np.all(np.isfinite(scores)):
            raise ValueError("the score is NaN on at least one fold")
        info = {
            "fold_scores": [float(s) for s in scores],
            "mean": float(np.mean(scores)),
            "std": float(np.std(scores)),  # population std, as GridSearchCV's std_test_score
            "train_score": float(np.mean(out["train_score"])),
            "fit_time": float(np.sum(out["fit_time"])),
            "n_samples": int(len(y)),
            "seconds": time.perf_counter() - t0,
        }
        return info["mean"], info

    def cache_key(self, params: Mapping[str, Any], resource: float) -> str:
        subset = hashlib.sha256(np.asarray(self.subset).tobytes()).hexdigest()[:16] if self.subset else None
        payload = {
            "dataset": self.dataset, "model": self.model, "metric": self.metric, "folds": self.folds,
            "stratified": self.stratified, "seed": self.seed, "subset": subset,
            "resource": round(float(resource), 9),
            "params": {k: _canonical(v) for k, v in sorted(params.items())},
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()

    @property
    def title(self) -> str:
        """The model and the dataset as people name them: "Support vector classifier (RBF) on breast cancer"."""
        return objective_title(self.name) or self.name

    def describe(self) -> dict[str, Any]:
        return {"kind": "cv", "dataset": self.dataset, "model": self.model, "metric": self.metric,
                "folds": self.folds, "stratified": self.stratified, "seed": self.seed}


def _canonical(v: Any) -> Any:
    if isinstance(v, (float, np.floating)):
        return float(f"{float(v):.12g}")
    if isinstance(v, np.integer):
        return int(v)
    return v


def _share(X, y, resource: float, seed: int, folds: int):
    """A seeded, stratified share of the rows (at least enough for every fold)."""
    from sklearn.model_selection import train_test_split

    n = max(int(math.ceil(resource * len(y))), folds * 2 * max(1, len(np.unique(y)) if _is_class(y) else 1))
    if n >= len(y):
        return X, y
    strat = y if _is_class(y) else None
    Xs, _, ys, _ = train_test_split(X, y, train_size=n, random_state=seed, stratify=strat)
    return Xs, ys


def _is_class(y) -> bool:
    return np.issubdtype(np.asarray(y).dtype, np.integer)


def objective_title(name: str) -> str | None:
    """"Logistic regression on iris" for ``iris:logistic``, "Branin" for ``branin``; None for a
    name that is neither (a run kept by an older version)."""
    if name in BENCHMARKS:
        return BENCHMARKS[name].title or name
    dataset, _, model = name.partition(":")
    if dataset in DATASETS and model in MODELS:
        return f"{MODELS[model].title} on {DATASETS[dataset].name}"
    return None


def parse_objective(text: str, metric: str | None = None, folds: int = 5, seed: int = 0,
                    stratified: bool = True):
    """'branin' or '<dataset>:<model>' -> an objective.

    Raises
    ------
    ValueError
        For an unknown name or a model that does not fit the dataset.
    """
    if text in BENCHMARKS:
        return BENCHMARKS[text]
    dataset, sep, model = text.partition(":")
    if not sep:
        raise ValueError(
            f"unknown objective '{text}'; use {', '.join(BENCHMARKS)} or <dataset>:<model> "
            f"(datasets: {', '.join(DATASETS)}; models: {', '.join(MODELS)})"
        )
    if metric is None:
        spec = DATASETS.get(dataset)
        metric = "neg_mse" if spec is not None and spec.task == "regression" else "accuracy"
    return CVObjective(dataset, model, metric, folds, stratified, seed)
