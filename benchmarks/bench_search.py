"""Search speed and quality, printed as ratios in one run.

1. Sample efficiency (issue "Search lab", point 9): see ``bench_bayes.py`` (run from here):
   median regret over 10 seeds at 30 evaluations on Branin and Hartmann6, our GP strategy vs
   Optuna's GPSampler, and the time of one 30-evaluation study.
2. Grid search (point 10): SVC on digits over a 4 x 4 (C, gamma) grid with the same
   3 stratified folds; our grid strategy (joblib, n_jobs 1 and 2, empty cache) against
   GridSearchCV (n_jobs 1 and 2; ``return_train_score=True, refit=False`` so both do the same
   fits and scorings); then ours again, warm from the cache.
3. The search lab's default scenario (point 11): its strategies, cold (empty cache).

Usage::

    .venv/bin/python benchmarks/bench_search.py [--skip-bayes] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


from engine.search.cache import EvalCache  # noqa: E402
from engine.search.objectives import MODELS, CVObjective, load_dataset, parse_objective  # noqa: E402
from engine.search.presets import SEARCH_PRESETS  # noqa: E402
from engine.search.runner import run_search  # noqa: E402
from engine.search.strategies import get_strategy  # noqa: E402
from engine.store import Store  # noqa: E402


def fresh_cache(tmp: str, name: str) -> EvalCache:
    return EvalCache(Store(f"sqlite:///{tmp}/{name}.db"))


def grid_vs_gridsearchcv(tmp: str) -> dict:
    from sklearn.model_selection import GridSearchCV

    from joblib import Parallel, delayed

    obj = CVObjective("digits", "svc", "accuracy", folds=3, seed=0)
    axes = obj.space.grid_axes(4)
    X, y = load_dataset("digits")
    # Warm up both paths alike: imports, and joblib's worker pool (reused by later calls).
    Parallel(n_jobs=2)(delayed(abs)(i) for i in range(4))
    obj.evaluate({"C": 1.0, "gamma": 0.01})
    ours, theirs = {}, {}
    for n_jobs in (1, 2):  # alternate ours and theirs at each n_jobs
        cache = fresh_cache(tmp, f"grid{n_jobs}")
        t0 = time.perf_counter()
        run_search(obj, get_strategy("grid", points_per_axis=4), 16, cache=cache, n_jobs=n_jobs)
        ours[n_jobs] = time.perf_counter() - t0
        est = MODELS["svc"].build({"C": 1.0, "gamma": 0.01}, 0)
        gs = GridSearchCV(est, {f"svc__{k}": v for k, v in axes.items()}, cv=obj.splitter(), scoring="accuracy",
                          n_jobs=n_jobs, return_train_score=True, refit=False)
        t0 = time.perf_counter()
        gs.fit(X, y)
        theirs[n_jobs] = time.perf_counter() - t0
    t0 = time.perf_counter()
    warm = run_search(obj, get_strategy("grid", points_per_axis=4), 16, cache=cache, n_jobs=2)
    warm_s = time.perf_counter() - t0
    assert all(t.cached for t in warm.trials)
    best_ours, best_theirs = min(ours.values()), min(theirs.values())
    return {"ours_cold_s": {k: round(v, 3) for k, v in ours.items()},
            "gridsearchcv_s": {k: round(v, 3) for k, v in theirs.items()},
            "cold_ratio_ours_over_gridsearchcv": round(best_ours / best_theirs, 3),
            "warm_s": round(warm_s, 4)}


def default_scenario(tmp: str) -> dict:
    preset = next(iter(SEARCH_PRESETS.values()))
    t_import = time.perf_counter()
    import sklearn.model_selection  # noqa: F401  (paid once per server process, reported apart)
    import sklearn.svm  # noqa: F401
    import_s = time.perf_counter() - t_import
    obj = parse_objective(preset.objective, preset.metric, preset.folds, 0)
    cache = fresh_cache(tmp, "default")
    t0 = time.perf_counter()
    per = {}
    for name in preset.strategies:
        t1 = time.perf_counter()
        run_search(obj, name, preset.budget, seed=0, cache=cache, n_jobs=2)  # as the page runs it
        per[name] = round(time.perf_counter() - t1, 3)
    return {"preset": preset.key, "strategies": per, "total_s": round(time.perf_counter() - t0, 3),
            "first_import_of_scikit_learn_s": round(import_s, 3)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--skip-bayes", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    out: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        out["default_scenario"] = default_scenario(tmp)
        out["grid"] = grid_vs_gridsearchcv(tmp)
    if not args.skip_bayes:
        from benchmarks.bench_bayes import bench as bayes_bench  # noqa: PLC0415

        out["bayes"] = bayes_bench(seeds=10, calls=30)
    if args.json:
        print(json.dumps(out, indent=2, default=str))
    else:
        d, g = out["default_scenario"], out["grid"]
        print(f"default page scenario ({d['preset']}), cold cache: {d['total_s']:.2f} s  {d['strategies']}  (goal < 5 s;"
              f" plus {d['first_import_of_scikit_learn_s']:.2f} s to import scikit-learn, once per server)")
        print(f"grid SVC/digits 4x4, 3 folds, cold: ours {g['ours_cold_s']} s, GridSearchCV {g['gridsearchcv_s']} s;"
              f" ratio {g['cold_ratio_ours_over_gridsearchcv']:.2f} (goal <= 1)")
        print(f"grid warm from the cache: {g['warm_s']:.4f} s (goal < 0.05 s)")
        for name, row in out.get("bayes", {}).get("functions", {}).items():
            print(f"bayes vs Optuna GPSampler on {name} (10 seeds x 30 evaluations): median regret "
                  f"{row['ours']['median_regret']:.4g} vs {row['optuna_gp']['median_regret']:.4g} "
                  f"(ratio {row['regret_ratio']:.2f}, goal <= 1); study time {row['ours']['mean_study_s']:.3f} s vs "
                  f"{row['optuna_gp']['mean_study_s']:.3f} s (ratio {row['time_ratio']:.2f}, goal <= 0.5)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
