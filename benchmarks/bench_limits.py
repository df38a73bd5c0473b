"""How the cost estimates behind engine.limits compare with real runs on this machine.

For a spread of models, datasets and settings, prints the estimated CPU-seconds of one
cross-validated evaluation (engine.search.cost) or one training comparison
(engine.optim.training.TrainSetup.check_cost), the measured seconds, and their ratio.
An estimate guards a ceiling, so a ratio a little above 1 is what we want; far above 1
refuses requests that would have been fine, below 1 lets through more than the ceiling says.

    .venv/bin/python benchmarks/bench_limits.py
"""

from __future__ import annotations

import statistics
import time

from engine.optim.training import TrainConfig, TrainSetup, train_many
from engine.search.cost import evaluation_seconds
from engine.search.objectives import CVObjective

CV_CASES = [
    ("digits", "svc", {"C": 10.0, "gamma": 1e-3}),
    ("digits", "svc", {"C": 1000.0, "gamma": 1.0}),
    ("breast_cancer", "svc", {"C": 1000.0, "gamma": 1.0}),
    ("breast_cancer", "svc_kernel", {"kernel": "poly", "C": 1000.0, "gamma": 0.1, "degree": 4}),
    ("digits", "logistic", {"C": 1000.0}),
    ("wine", "logistic", {"C": 1.0}),
    ("diabetes", "ridge", {"alpha": 1.0}),
    ("digits", "random_forest", {"n_estimators": 100, "max_depth": 20, "max_features": 1.0}),
    ("digits", "random_forest", {"n_estimators": 100, "max_depth": 5, "max_features": 0.3}),
    ("wine", "random_forest", {"n_estimators": 200, "max_depth": 20, "max_features": 1.0}),
    ("digits", "gradient_boosting", {"n_estimators": 50, "max_depth": 3, "learning_rate": 0.1}),
    ("breast_cancer", "gradient_boosting", {"n_estimators": 200, "max_depth": 6, "learning_rate": 0.1}),
    ("digits", "mlp", {"hidden_units": 128, "alpha": 1e-4, "learning_rate_init": 1e-3}),
    ("breast_cancer", "mlp", {"hidden_units": 64, "alpha": 1e-4, "learning_rate_init": 1e-2}),
]

TRAIN_CASES = [
    (TrainSetup("digits", (64,), 15), [TrainConfig("adam", 1e-3)] * 4),
    (TrainSetup("digits", (128, 128), 2), [TrainConfig("sgd", 0.05, batch_size=1)]),
    (TrainSetup("moons", (32, 32), 20), [TrainConfig("sgd", 0.1, batch_size=8)]),
    (TrainSetup("digits", (1024, 1024), 2), [TrainConfig("adam", 1e-3, batch_size=256)]),
]


def main() -> None:
    ratios = []
    print(f"{'case':<62} {'estimate s':>10} {'measured s':>10} {'ratio':>6}")
    for dataset, model, params in CV_CASES:
        obj = CVObjective(dataset, model, "accuracy" if dataset != "diabetes" else "neg_mse", 3)
        est = evaluation_seconds(obj, params)
        t0 = time.perf_counter()
        obj.evaluate(params)
        real = time.perf_counter() - t0
        ratios.append(est / real)
        label = f"{dataset}:{model} " + ", ".join(f"{k}={v}" for k, v in params.items())
        print(f"{label[:62]:<62} {est:>10.3f} {real:>10.3f} {est / real:>6.2f}")
    for setup, configs in TRAIN_CASES:
        est = setup.check_cost(configs)
        t0 = time.perf_counter()
        train_many(setup, configs)
        real = time.perf_counter() - t0
        ratios.append(est / real)
        label = f"train {setup.dataset} {setup.hidden} x{setup.epochs} ep, {len(configs)} runs bs {configs[0].batch_size}"
        print(f"{label[:62]:<62} {est:>10.3f} {real:>10.3f} {est / real:>6.2f}")
    print(f"ratio estimate/measured: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, "
          f"max {max(ratios):.2f}")


if __name__ == "__main__":
    main()
