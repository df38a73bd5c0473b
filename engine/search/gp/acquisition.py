"""Expected improvement (for minimisation), in a form that stays finite far from the data,
and its maximisation over the unit box."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
from scipy import optimize, special

from engine.blas import one_blas_thread
from engine.search.gp.model import LOG_2PI, GaussianProcess

#: how far (in unit-box units) the gradient polish may move a start
POLISH_RADIUS = 0.1


def _log_h(z: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``log h(z)`` with ``h(z) = z Phi(z) + phi(z)``, and the ratios ``Phi/h``, ``phi/h``.

    EI = std * h(z). For very negative z, ``h`` underflows and ``z Phi + phi`` cancels, so
    it goes through the Mills ratio ``Phi/phi`` (via ``erfcx``) and, far out, its
    asymptotic series; the ratios are what the gradient of log EI needs.
    """
    z = np.asarray(z, float)
    log_h = np.empty_like(z)
    r_cdf = np.empty_like(z)
    r_pdf = np.empty_like(z)
    mid = z > -5.0
    zm = z[mid]
    cdf, pdf = special.ndtr(zm), np.exp(-0.5 * zm * zm) / math.sqrt(2 * math.pi)
    h = zm * cdf + pdf
    log_h[mid] = np.log(h)
    r_cdf[mid], r_pdf[mid] = cdf / h, pdf / h
    low = ~mid
    if np.any(low):
        zl = z[low]
        mills = math.sqrt(math.pi / 2) * special.erfcx(-zl / math.sqrt(2))  # Phi/phi
        far = zl < -1e3
        inv2 = 1.0 / (zl * zl)
        # 1 + z * Phi/phi, with the series 1/z^2 - 3/z^4 + 15/z^6 where it would cancel
        one_plus = np.where(far, inv2 * (1 - 3 * inv2 + 15 * inv2 * inv2), 1.0 + zl * mills)
        one_plus = np.maximum(one_plus, 1e-300)
        log_h[low] = -0.5 * zl * zl - 0.5 * LOG_2PI + np.log(one_plus)
        r_pdf[low] = 1.0 / one_plus
        r_cdf[low] = np.where(far, -1.0 / zl, mills) / one_plus
    return log_h, r_cdf, r_pdf


def expected_improvement(mean, std, best: float, xi: float = 0.0) -> np.ndarray:
    """Expected improvement below ``best`` (minimisation).

    Parameters
    ----------
    mean, std : array_like
        Posterior mean and standard deviation of the loss.
    best : float
        The lowest loss seen so far.
    xi : float
        Required margin of improvement (larger explores more).

    Returns
    -------
    ndarray
        ``E[max(best - xi - f, 0)]``, never negative; ``max(best - xi - mean, 0)`` where
        ``std`` is (numerically) zero.
    """
    mean, std = np.broadcast_arrays(np.asarray(mean, float), np.asarray(std, float))
    imp = best - xi - mean
    out = np.maximum(imp, 0.0)
    pos = std > 1e-300
    if np.any(pos):
        log_h, _, _ = _log_h(imp[pos] / std[pos])
        out[pos] = std[pos] * np.exp(log_h)
    return out


def log_expected_improvement(mean, std, best: float, xi: float = 0.0) -> np.ndarray:
    """``log`` of :func:`expected_improvement`, finite where EI underflows (std > 0)."""
    mean, std = np.broadcast_arrays(np.asarray(mean, float), np.asarray(std, float))
    std = np.maximum(std, 1e-300)
    return np.log(std) + _log_h((best - xi - mean) / std)[0]


def maximize_ei(
    gp: GaussianProcess,
    best: float,
    dim: int,
    rng: np.random.Generator,
    n_random: int = 2000,
    n_starts: int = 5,
    xi: float = 0.0,
    avoid: np.ndarray | None = None,
    snap: Callable[[np.ndarray], np.ndarray] | None = None,
    min_distance: float = 1e-6,
) -> tuple[np.ndarray, float]:
    """Maximise expected improvement over [0, 1]^dim.

    Scores ``n_random`` uniform points plus points jittered around the best observations,
    then polishes the ``n_starts`` best with L-BFGS-B on log EI (its analytic gradient),
    which keeps a useful slope where EI itself is vanishingly small.

    Parameters
    ----------
    gp : GaussianProcess
        Fitted on unit-box inputs.
    best : float
        Lowest loss so far.
    dim : int
    rng : numpy Generator
        Source of the random candidates (so a seeded search is reproducible).
    n_random, n_starts : int
    xi : float
    avoid : ndarray, shape (n, dim), optional
        Points already evaluated: a proposal within ``min_distance`` of one is skipped for
        the next best candidate (re-evaluating a point teaches a noise-free model nothing).
    snap : callable, optional
        Maps a unit-box point to the point that would actually be evaluated (integers and
        categoricals are rounded); duplicates are judged after snapping.
    min_distance : float

    Returns
    -------
    x : ndarray, shape (dim,)
    ei : float
    """
    with one_blas_thread():
        return _maximize_ei(gp, best, dim, rng, n_random, n_starts, xi, avoid, snap, min_distance)


def _maximize_ei(gp, best, dim, rng, n_random, n_starts, xi, avoid, snap, min_distance):
    X = gp.X_train_
    cands = [rng.random((n_random, dim))]
    if len(X):
        # local candidates around the best few points: EI's maximum is often close to them,
        # at a scale uniform sampling in d dimensions rarely hits
        order = np.argsort(gp.y_train_)[: min(5, len(X))]
        n_local = max(n_random // 10, 1)
        centres = X[order][rng.integers(0, len(order), n_local)]
        scale = np.minimum(gp.length_scales_, 0.5) * 0.1
        cands.append(np.clip(centres + rng.normal(size=(n_local, dim)) * scale, 0.0, 1.0))
    cands = np.vstack(cands)
    mean, std = gp.predict(cands)
    acq = log_expected_improvement(mean, std, best, xi)
    top = np.argsort(-acq)[:n_starts]

    floor = 1e-12 * gp.y_std_

    def neg_log_ei(flat: np.ndarray) -> tuple[float, np.ndarray]:
        # all starts at once: the objective is a sum of independent terms, so one L-BFGS-B
        # run polishes every start, and the Python overhead is paid once per step, not per start
        xs = flat.reshape(-1, dim)
        m, s, dm, ds = gp.predict_with_grad(xs)
        s = np.maximum(s, floor)
        lh, r_cdf, r_pdf = _log_h((best - xi - m) / s)
        # d logEI = (-Phi/h dmean + phi/h dstd) / std
        grad = (-r_cdf[:, None] * dm + r_pdf[:, None] * ds) / s[:, None]
        return -float(np.sum(np.log(s) + lh)), -grad.ravel()

    pts, vals = [cands[i] for i in top], [float(acq[i]) for i in top]
    starts = cands[top]
    if len(X):
        # also climb from the incumbent, as Optuna does: the gradient there points to the
        # nearby improvement that the random candidates sample too coarsely to find
        starts = np.vstack([starts, X[np.argmin(gp.y_train_)]])
    # polishing refines a start locally; unbounded, the variance gradient walks the
    # starts out to corners of the box, where EI is large only because nothing is known
    lo = np.clip(starts - POLISH_RADIUS, 0.0, 1.0).ravel()
    hi = np.clip(starts + POLISH_RADIUS, 0.0, 1.0).ravel()
    res = optimize.minimize(neg_log_ei, starts.ravel(), jac=True, method="L-BFGS-B",
                            bounds=list(zip(lo, hi)), options={"maxiter": 40})
    polished = np.clip(res.x.reshape(-1, dim), 0.0, 1.0)
    pm, ps = gp.predict(polished)
    for x, v in zip(polished, log_expected_improvement(pm, ps, best, xi)):
        if math.isfinite(v):
            pts.append(x)
            vals.append(float(v))
    # best first (polished or not), then every remaining candidate as a fallback for duplicates
    ranked = sorted(zip(vals, range(len(pts))), key=lambda t: -t[0])
    order_all = itertools.chain(((pts[j], v) for v, j in ranked), ((cands[i], acq[i]) for i in np.argsort(-acq)))
    first = ranked[0]
    if avoid is not None and len(avoid):
        avoid = np.asarray(avoid, float)
        for x, v in order_all:
            xs = snap(x) if snap is not None else x
            if np.min(np.linalg.norm(avoid - xs, axis=1)) > min_distance:
                return np.asarray(x, float), float(np.exp(v))
        # every candidate is a duplicate (a tiny discrete space): the EI argmax it is
    return np.asarray(pts[first[1]], float), float(np.exp(first[0]))
