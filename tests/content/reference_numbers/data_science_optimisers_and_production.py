"""The numeric answers of the data-science-optimisers-and-production bank (``dop-*``).

SGDClassifier's 'optimal' step size is the formula of scikit-learn's ``_sgd_fast`` (η₁ = α^(−1/4)
for the log loss, t₀ = 1 / (α η₁)), checked against a real SGDClassifier: after the prompt's rows of
zeros, which move no weight, one probe row's weight change, divided by its gradient, is the step
taken. The hashed model's memory is the ``nbytes`` of a real six-class SGDClassifier's ``coef_``
over HashingVectorizer(n_features=2**20). The tree budget counts comparisons after checking, on a
real four-class GradientBoostingClassifier, that every stage grows one tree per class and no path
is longer than max_depth. The batch job's cost is exact arithmetic in fractions. The recall at the
review capacity is read off a real LogisticRegression's validation scores on a generated dataset,
whose table the prompt shows.
"""

from __future__ import annotations

import math
from fractions import Fraction

BANKS = ("data-science-optimisers-and-production",)


def _sgd_optimal_step_size() -> float:
    import numpy as np
    from sklearn.linear_model import SGDClassifier

    alpha, rows, epochs = 1e-6, 250_000, 4
    eta_1 = alpha ** -0.25  # typw = sqrt(1 / sqrt(alpha)); the log loss's gradient at -typw is below 1
    t0 = 1 / (eta_1 * alpha)
    t = epochs * rows + 1  # the first row of the fifth epoch
    formula = 1 / (alpha * (t0 + t - 1))
    # the real thing: rows of zeros move no weight but count as updates, then one probe row
    clf = SGDClassifier(loss="log_loss", alpha=alpha, fit_intercept=False, shuffle=False, tol=None,
                        max_iter=epochs)
    X, y = np.zeros((rows, 1)), np.ones(rows, dtype=int)
    y[0] = 0
    clf.fit(X, y)
    assert clf.coef_[0, 0] == 0.0 and clf.t_ == t
    x = 1e-6
    clf.partial_fit(np.array([[x]]), np.array([1]))
    measured = clf.coef_[0, 0] / (0.5 * x)  # the log loss's gradient at a score of 0 is −0.5
    assert abs(measured - formula) < 1e-9 * formula, (measured, formula)
    return formula


def _hashed_coef_memory_mib() -> float:
    import numpy as np
    from sklearn.feature_extraction.text import HashingVectorizer
    from sklearn.linear_model import SGDClassifier

    docs = ["refund not received", "app crashes on login", "cannot reset my password", "invoice tax is wrong",
            "parcel arrived late", "close my account", "charged twice this month", "login page freezes",
            "where is my refund", "export to csv fails", "change billing address", "delivery went missing"]
    y = np.arange(len(docs)) % 6  # six teams
    X = HashingVectorizer(n_features=2**20).transform(docs)
    clf = SGDClassifier(loss="log_loss", random_state=0).fit(X, y)
    assert clf.coef_.shape == (6, 2**20) and clf.coef_.dtype == np.float64
    return clf.coef_.nbytes / 2**20


def _gbm_trees_latency_budget() -> int:
    import numpy as np
    from sklearn.datasets import make_classification
    from sklearn.ensemble import GradientBoostingClassifier

    classes, depth = 4, 4
    X, y = make_classification(n_samples=600, n_features=8, n_informative=5, n_classes=classes,
                               random_state=0)
    gbm = GradientBoostingClassifier(n_estimators=2, max_depth=depth, random_state=0).fit(X, y)
    assert gbm.estimators_.shape == (2, classes)  # one regression tree per class at every stage
    longest = max(int(np.max(tree.decision_path(X).sum(axis=1))) - 1 for tree in gbm.estimators_.ravel())
    assert longest <= depth  # comparisons on the way from the root to a leaf
    budget_ns, items, ns_per_node = 12_000_000, 500, 5
    per_stage_ns = items * classes * depth * ns_per_node
    return budget_ns // per_stage_ns


def _batch_scoring_night_cost() -> float:
    rows, rows_per_core_second, cores = 4_500_000_000, 12_500, 16
    start_up, window = Fraction(10), Fraction(60)  # minutes
    price_per_minute = Fraction(768, 1000) / 60  # a 16-core machine, billed per second
    work = Fraction(rows, rows_per_core_second * cores) / 60  # machine-minutes of scoring
    machines = math.ceil(work / (window - start_up))
    assert start_up + work / machines <= window
    return float((work + machines * start_up) * price_per_minute)


#: the prompt's table: threshold -> (claims flagged, frauds among them) on the validation set
REVIEW_TABLE = {0.2: (396, 196), 0.3: (249, 156), 0.4: (169, 120), 0.5: (116, 87), 0.6: (81, 61),
                0.7: (45, 35), 0.8: (19, 19)}


def _threshold_review_capacity_recall() -> float:
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import train_test_split
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = make_classification(n_samples=30_000, n_features=20, n_informative=6, n_redundant=4,
                               weights=[0.97], flip_y=0.01, class_sep=0.8, random_state=11)
    X_tr, X_va, y_tr, y_va = train_test_split(X, y, test_size=10_000, stratify=y, random_state=0)
    scores = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_tr, y_tr).predict_proba(X_va)[:, 1]
    frauds = int(y_va.sum())
    assert frauds == 347
    table = {thr: (int((scores >= thr).sum()), int(((scores >= thr) & (y_va == 1)).sum()))
             for thr in REVIEW_TABLE}
    assert table == REVIEW_TABLE, table
    capacity = 25 * 10  # reviews a day, over the validation set's ten days
    chosen = min(thr for thr, (flagged, _) in table.items() if flagged <= capacity)
    return table[chosen][1] / frauds


CHECKS = {
    "dop-sgd-optimal-step-size": _sgd_optimal_step_size,
    "dop-hashed-coef-memory": _hashed_coef_memory_mib,
    "dop-gbm-trees-latency-budget": _gbm_trees_latency_budget,
    "dop-batch-scoring-night-cost": _batch_scoring_night_cost,
    "dop-threshold-review-capacity-recall": _threshold_review_capacity_recall,
}
