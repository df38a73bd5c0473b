"""The numpy Gaussian process, expected improvement, bayes_minimize and the Bayes strategy."""

from __future__ import annotations

import json
import math
import warnings

import numpy as np
import pytest
from scipy.stats import norm

from engine.search.gp import (
    GaussianProcess,
    bayes_minimize,
    expected_improvement,
    gp_from_state,
    log_expected_improvement,
    maximize_ei,
)
from engine.search.gp.model import _log_prior
from engine.search.objectives import BENCHMARKS, branin
from engine.search.space import Param, SearchSpace, box
from engine.search.strategies.bayes import BayesStrategy
from engine.search.trials import COMPLETE, FAILED, StopSearch, Trial

BRANIN_MIN = BENCHMARKS["branin"].optimum


def data(n=18, d=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.random((n, d))
    # an offset and a scale far from 0 / 1, so the standardisation matters
    y = 50.0 + 7.0 * (np.sin(5 * X[:, 0]) + X[:, 1] ** 2 - 0.5 * X[:, -1]) + 0.01 * rng.normal(size=n)
    return X, y


def sklearn_gp(c, ls, noise, X, y):
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    kernel = ConstantKernel(c) * Matern(length_scale=ls, nu=2.5) + WhiteKernel(noise)
    # alpha=0: the white kernel is the only diagonal term, as in ours
    return GaussianProcessRegressor(kernel=kernel, optimizer=None, normalize_y=True, alpha=0.0).fit(X, y)


# --- the GP against scikit-learn ------------------------------------------------------
@pytest.mark.parametrize("c, ls, noise", [(1.7, [0.3, 0.5, 1.2], 1e-3), (0.4, [0.08, 2.0, 0.25], 1e-7)])
def test_fixed_hyperparameters_match_sklearn(c, ls, noise):
    X, y = data()
    ours = GaussianProcess(c, ls, noise, optimize=False).fit(X, y)
    theirs = sklearn_gp(c, ls, noise, X, y)
    Xq = np.vstack([np.random.default_rng(1).random((40, 3)), X[:3]])  # training points too

    m_sk, s_sk = theirs.predict(Xq, return_std=True)
    m, s = ours.predict(Xq, include_noise=True)  # sklearn's std includes the white noise
    np.testing.assert_allclose(m, m_sk, rtol=1e-8)
    np.testing.assert_allclose(s, s_sk, rtol=1e-8, atol=1e-10 * y.std())
    # the latent std (our default) is sklearn's variance minus the noise, on the y scale
    _, s_latent = ours.predict(Xq)
    latent_sk = np.sqrt(np.maximum(s_sk**2 - noise * y.std() ** 2, 0.0))
    np.testing.assert_allclose(s_latent, latent_sk, rtol=1e-6, atol=1e-9 * y.std())

    # same theta order (log c, log l..., log noise) and same (standardised) likelihood
    np.testing.assert_allclose(ours.theta_, theirs.kernel_.theta, rtol=1e-12)
    assert ours.log_marginal_likelihood() == pytest.approx(theirs.log_marginal_likelihood_value_, rel=1e-8)
    other = ours.theta_ + np.array([0.3, -0.2, 0.1, 0.4, 1.0])
    lml, grad = ours.log_marginal_likelihood(other, eval_gradient=True)
    lml_sk, grad_sk = theirs.log_marginal_likelihood(other, eval_gradient=True)
    assert lml == pytest.approx(lml_sk, rel=1e-8)
    np.testing.assert_allclose(grad, grad_sk, rtol=1e-7, atol=1e-9)
    assert ours.predict(Xq, return_std=False) == pytest.approx(m)


def test_lml_gradient_matches_finite_differences():
    X, y = data(n=15, d=4, seed=3)
    gp = GaussianProcess(optimize=False).fit(X, y)
    rng = np.random.default_rng(0)
    for _ in range(4):
        theta = np.concatenate([[rng.uniform(-1, 1)], rng.uniform(-2.5, 1.0, 4), [rng.uniform(-9, -3)]])
        _, grad = gp.log_marginal_likelihood(theta, eval_gradient=True)
        h = 1e-6
        fd = [(gp.log_marginal_likelihood(theta + h * e) - gp.log_marginal_likelihood(theta - h * e)) / (2 * h)
              for e in np.eye(len(theta))]
        np.testing.assert_allclose(grad, fd, rtol=1e-5, atol=1e-6)


def test_prior_gradient_matches_finite_differences():
    theta = np.array([0.3, -1.2, 0.4, 2.0, -6.0])
    _, grad = _log_prior(theta)
    h = 1e-6
    fd = [(_log_prior(theta + h * e)[0] - _log_prior(theta - h * e)[0]) / (2 * h) for e in np.eye(len(theta))]
    np.testing.assert_allclose(grad, fd, rtol=1e-6, atol=1e-8)


def test_fit_maximises_the_likelihood_within_bounds():
    X, y = data(n=20, d=2, seed=5)
    gp = GaussianProcess(random_state=0).fit(X, y)
    assert gp.log_marginal_likelihood() >= GaussianProcess(optimize=False).fit(X, y).log_marginal_likelihood()
    assert 1e-2 <= gp.signal_variance_ <= 1e2
    assert np.all((1e-2 <= gp.length_scales_) & (gp.length_scales_ <= 1e2))
    assert 1e-8 * (1 - 1e-9) <= gp.noise_ <= 1e-1
    # at least as good as scikit-learn's own fit from the same start and bounds
    from sklearn.gaussian_process import GaussianProcessRegressor
    from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

    kernel = (ConstantKernel(1.0, (1e-2, 1e2)) * Matern([0.3, 0.3], (1e-2, 1e2), nu=2.5)
              + WhiteKernel(1e-6, (1e-8, 1e-1)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # bound-hitting ConvergenceWarnings
        sk = GaussianProcessRegressor(kernel, normalize_y=True, alpha=0.0).fit(X, y)
    assert gp.log_marginal_likelihood() >= sk.log_marginal_likelihood_value_ - 1e-4
    # interpolates (noise is small) and is unsure far from the data
    mean, std = gp.predict(X)
    np.testing.assert_allclose(mean, y, atol=0.05 * y.std())


def test_state_round_trip_and_constant_targets():
    X, y = data(n=12, d=2, seed=2)
    gp = GaussianProcess(random_state=1).fit(X, y)
    state = json.loads(json.dumps(gp.state()))  # plain data
    again = gp_from_state(state)
    Xq = np.random.default_rng(0).random((30, 2))
    for a, b in zip(gp.predict(Xq), again.predict(Xq)):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)
    flat = GaussianProcess().fit(X, np.full(12, 3.0))
    mean, std = flat.predict(Xq)
    assert np.allclose(mean, 3.0) and np.all(np.isfinite(std))


def test_pessimistic_prior_mean_reverts_to_the_worst_loss_and_survives_a_round_trip():
    X, y = data(n=12, d=2, seed=3)
    params = dict(signal_variance=1.0, length_scales=0.1, noise=1e-6, optimize=False)
    average = GaussianProcess(**params).fit(X, y)
    worst = GaussianProcess(**params, prior_mean="max").fit(X, y)
    far = np.array([[5.0, 5.0]])  # many length scales from every point
    assert average.predict(far, return_std=False)[0] == pytest.approx(y.mean())
    assert worst.predict(far, return_std=False)[0] == pytest.approx(y.max())
    # at the data both interpolate; only the prior differs, not the spread
    np.testing.assert_allclose(worst.predict(X, return_std=False), y, atol=1e-3 * y.std())
    np.testing.assert_allclose(worst.predict(far)[1], average.predict(far)[1])
    again = gp_from_state(json.loads(json.dumps(worst.state())))
    np.testing.assert_allclose(again.predict(far, return_std=False), y.max())
    with pytest.raises(ValueError, match="prior_mean"):
        GaussianProcess(prior_mean="min")


# --- expected improvement -------------------------------------------------------------
def test_expected_improvement_matches_the_formula_and_is_safe():
    mean = np.array([0.0, 1.0, -0.5, 2.0, 0.3, 0.9])
    std = np.array([1.0, 0.5, 0.2, 3.0, 0.01, 0.1])
    best, xi = 0.4, 0.05
    z = (best - xi - mean) / std
    direct = (best - xi - mean) * norm.cdf(z) + std * norm.pdf(z)
    np.testing.assert_allclose(expected_improvement(mean, std, best, xi), direct, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(log_expected_improvement(mean, std, best, xi)[:4], np.log(direct[:4]), rtol=1e-12)

    rng = np.random.default_rng(0)
    m, s = rng.normal(scale=50, size=2000), rng.exponential(size=2000)
    assert np.all(expected_improvement(m, s, 0.0) >= 0.0)

    with np.errstate(divide="raise", invalid="raise"):
        zero = expected_improvement(np.array([0.0, 1.0, 0.4]), np.zeros(3), best=0.4)
        np.testing.assert_array_equal(zero, [0.4, 0.0, 0.0])
        tiny = expected_improvement(np.array([0.0, 1.0]), np.array([1e-320, 1e-300]), best=0.4)
        assert tiny[0] == pytest.approx(0.4) and tiny[1] == 0.0
        # far in the tail EI underflows, log EI stays finite and keeps ordering
        far = log_expected_improvement(np.array([10.0, 20.0, 1e6]), np.ones(3), best=0.0)
        assert np.all(np.isfinite(far)) and far[0] > far[1] > far[2]
    assert log_expected_improvement(np.array([40.0]), np.array([1.0]), 0.0)[0] == pytest.approx(
        norm.logpdf(-40.0) + math.log(1 / 40**2 - 3 / 40**4 + 15 / 40**6), rel=1e-6)


def test_maximize_ei_finds_the_grid_maximum_and_skips_duplicates():
    X = np.array([[0.05], [0.3], [0.5], [0.7], [0.95]])
    y = np.array([1.0, 0.2, 0.6, -0.1, 0.8])
    gp = GaussianProcess(0.8, 0.15, 1e-6, optimize=False).fit(X, y)
    grid = np.linspace(0, 1, 20001)[:, None]
    ei_grid = expected_improvement(*gp.predict(grid), best=y.min())
    x, ei = maximize_ei(gp, y.min(), 1, np.random.default_rng(0), n_random=200, n_starts=3)
    assert ei >= ei_grid.max() * (1 - 1e-4)
    assert ei == pytest.approx(expected_improvement(*gp.predict(x[None]), best=y.min())[0], rel=1e-6)

    # a proposal on top of an evaluated point is replaced by the best candidate elsewhere
    avoid = np.vstack([X, x[None]])
    x2, _ = maximize_ei(gp, y.min(), 1, np.random.default_rng(0), n_random=200, n_starts=3, avoid=avoid)
    assert np.min(np.abs(avoid[:, 0] - x2[0])) > 1e-6


# --- bayes_minimize ---------------------------------------------------------------------
def test_bayes_minimize_reaches_the_branin_optimum():
    res = bayes_minimize(branin, [(-5, 10), (0, 15)], n_calls=30, seed=0)
    assert len(res.x_iters) == len(res.func_vals) == 30
    assert res.fun == min(res.func_vals) and branin(res.x) == pytest.approx(res.fun)
    assert all(-5 <= a <= 10 and 0 <= b <= 15 for a, b in res.x_iters)
    assert res.fun < 0.5, res.fun
    assert res.fun - BRANIN_MIN < 0.05


def test_bayes_minimize_takes_any_callable_stops_on_callback_and_survives_failures():
    seen = []

    def stop_after_12(partial):
        seen.append(len(partial.func_vals))
        return len(partial.func_vals) >= 12

    res = bayes_minimize(lambda x: (x[0] - 0.3) ** 2, [(-1.0, 2.0)], n_calls=40, seed=1, callback=stop_after_12)
    assert len(res.x_iters) == 12 and seen == list(range(1, 13))
    assert abs(res.x[0] - 0.3) < 0.05

    def sometimes_nan(x):
        return float("nan") if x[0] > 0.6 else (x[0] - 0.2) ** 2 + x[1] ** 2

    res = bayes_minimize(sometimes_nan, [(0, 1), (0, 1)], n_calls=15, n_initial=4, seed=2)
    assert len(res.func_vals) == 15 and np.isfinite(res.fun)
    assert res.fun < 0.05


# --- the strategy ---------------------------------------------------------------------
def fake_evaluate(fn, budget):
    """An ``evaluate`` like the runner's: builds trials, raises StopSearch once the budget is spent."""
    trials: list[Trial] = []

    def evaluate(batch, resource=1.0):
        if len(trials) >= budget:
            raise StopSearch("budget spent")
        out = []
        for p in list(batch)[: budget - len(trials)]:
            v = fn(p)
            t = (Trial(len(trials), dict(p), None, FAILED, "boom") if v is None
                 else Trial(len(trials), dict(p), v, COMPLETE))
            trials.append(t)
            out.append(t)
        return out

    return evaluate, trials


def run_strategy(strategy, space, fn, budget, seed, maximize=False):
    evaluate, trials = fake_evaluate(fn, budget)
    try:
        strategy.run(space, evaluate, budget, seed, maximize)
    except StopSearch:
        pass
    return trials


BRANIN_SPACE = box({"x1": (-5, 10), "x2": (0, 15)})


def test_strategy_is_deterministic_respects_the_budget_and_records_iterations():
    fn = lambda p: branin([p["x1"], p["x2"]])  # noqa: E731
    a, b = BayesStrategy(), BayesStrategy()
    ta = run_strategy(a, BRANIN_SPACE, fn, 14, seed=3)
    tb = run_strategy(b, BRANIN_SPACE, fn, 14, seed=3)
    assert len(ta) == 14
    assert [t.params for t in ta] == [t.params for t in tb]
    assert a.extras["iterations"] == b.extras["iterations"]
    tc = run_strategy(BayesStrategy(), BRANIN_SPACE, fn, 14, seed=4)
    assert [t.params for t in tc] != [t.params for t in ta]

    its = a.extras["iterations"]
    assert a.extras["n_initial"] == 5 and len(its) == 14 - 5
    json.dumps(a.extras)  # plain data only
    for k, it in enumerate(its):
        n = 5 + k
        assert len(it["X"]) == len(it["losses"]) == n
        assert it["next_params"] == ta[n].params
        assert it["best"] == pytest.approx(min(fn(t.params) for t in ta[:n]))
        assert it["next_loss"] == pytest.approx(fn(ta[n].params))
    # the page can rebuild any iteration's GP cheaply and it explains the choice
    last = its[-1]
    gp = gp_from_state(last)
    ei_next = expected_improvement(*gp.predict(np.array([last["next_unit"]])), best=last["best"])[0]
    assert ei_next == pytest.approx(last["ei"], rel=1e-6)
    assert min(t.value for t in ta[5:]) < min(t.value for t in ta[:5])  # the model helps


def test_strategy_maximises_handles_failures_and_small_budgets():
    space = box({"a": (0, 1), "b": (0, 1)})

    def score(p):  # maximise; fails on the last quarter of a, so one of 4 Latin-hypercube rows always fails
        if p["a"] > 0.75:
            return None
        return -((p["a"] - 0.4) ** 2) - (p["b"] - 0.6) ** 2

    s = BayesStrategy(n_initial=4)
    trials = run_strategy(s, space, score, 16, seed=0, maximize=True)
    assert len(trials) == 16
    assert max(t.value for t in trials if t.value is not None) > -0.01
    failed_seen = [any(it["failed"]) for it in s.extras["iterations"]]
    assert sum(t.state == FAILED for t in trials[:4]) == 1  # the design's row in the last quarter
    assert failed_seen[0]  # ... which the first model already sees as a failure
    for it in s.extras["iterations"]:  # failures enter the model as the worst loss so far
        losses = np.array(it["losses"])
        assert np.all(losses[np.array(it["failed"], bool)] == losses.max())

    # everything fails at first: keep sampling until something completes, then model it
    calls = {"n": 0}

    def late(p):
        calls["n"] += 1
        return None if calls["n"] <= 6 else -p["a"]

    s = BayesStrategy(n_initial=3)
    trials = run_strategy(s, space, late, 10, seed=1, maximize=True)
    assert len(trials) == 10 and len(s.extras["iterations"]) == 10 - 7

    for budget in (1, 3):
        s = BayesStrategy()
        assert len(run_strategy(s, space, score, budget, seed=0, maximize=True)) == budget
        assert s.extras["n_initial"] == budget and s.extras["iterations"] == []


def test_strategy_does_not_repeat_discrete_configurations():
    space = SearchSpace((Param("depth", "int", 1, 4), Param("act", "categorical", choices=("a", "b", "c"))))
    s = BayesStrategy(n_initial=2)
    trials = run_strategy(s, space, lambda p: (p["depth"] - 3) ** 2 + (p["act"] != "b"), 10, seed=0)
    keys = [(t.params["depth"], t.params["act"]) for t in trials]
    bo = keys[2:]
    assert all(k not in keys[:2 + i] for i, k in enumerate(bo)), keys
    assert all(space.contains(t.params) for t in trials)
    assert (3, "b") in keys
