"""A small Gaussian process: constant * Matérn 5/2 (ARD) + noise, fitted by (MAP) likelihood.

Written directly with numpy/scipy rather than through scikit-learn: on the 5 to a few
hundred points a search sees, scikit-learn's generic kernel machinery costs more than the
linear algebra itself, and Bayesian optimisation refits the model after every evaluation.

The model is the one scikit-learn would build from
``ConstantKernel(c) * Matern(length_scale=[...], nu=2.5) + WhiteKernel(noise)`` with
``normalize_y=True``: inputs live in the unit box [0, 1]^d, targets are standardised before
fitting and predictions are returned on the original scale. Its hyperparameters

    theta = [log c, log l_1, ..., log l_d, log noise]

(in scikit-learn's order) are fitted by maximising the log marginal likelihood with
L-BFGS-B and the analytic gradient, from a few seeded starts. Bayesian optimisation adds a
weak prior to that objective (``prior=True``, a MAP fit) and centres the targets on the worst
loss seen rather than on their average (``prior_mean="max"``); see :class:`GaussianProcess`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import linalg, optimize
from scipy.linalg import lapack
from scipy.spatial import distance

from engine.blas import one_blas_thread

SQRT5 = math.sqrt(5.0)
LOG_2PI = math.log(2.0 * math.pi)

#: default hyperparameter bounds, in unit-box units and relative to the standardised targets
SIGNAL_VARIANCE_BOUNDS = (1e-2, 1e2)
LENGTH_SCALE_BOUNDS = (1e-2, 1e2)
NOISE_BOUNDS = (1e-8, 1e-1)


# --------------------------------------------------------------------------------------
# kernel
# --------------------------------------------------------------------------------------
def _sq_diffs(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    """Per-dimension squared differences, shape (len(A), len(B), d)."""
    return (A[:, None, :] - B[None, :, :]) ** 2


def matern52_profile(d2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The Matérn 5/2 correlation as a function of the scaled squared distance, and its slope.

    With ``r = sqrt(d2)``, returns ``k = (1 + sqrt5 r + 5/3 r^2) exp(-sqrt5 r)`` and
    ``g = -2 dk/d(d2) = 5/3 (1 + sqrt5 r) exp(-sqrt5 r)``. The kernel, its gradient in the
    length scales and its gradient in the inputs all come from these two, so the formula is
    written here only. ``g`` has no ``1/r`` factor, so it stays finite at ``r = 0``.
    """
    r = np.sqrt(np.maximum(d2, 0.0))
    e = np.exp(-SQRT5 * r)
    return (1.0 + SQRT5 * r + (5.0 / 3.0) * d2) * e, (5.0 / 3.0) * (1.0 + SQRT5 * r) * e


def matern52(A: np.ndarray, B: np.ndarray, signal_variance: float, length_scales: np.ndarray) -> np.ndarray:
    """``signal_variance * Matern52(A, B)`` with one length scale per dimension."""
    inv_l = 1.0 / np.asarray(length_scales, float)
    return signal_variance * matern52_profile(distance.cdist(A * inv_l, B * inv_l, "sqeuclidean"))[0]


def _cholesky(K: np.ndarray) -> tuple[np.ndarray, float]:
    """Lower Cholesky factor of ``K``, adding diagonal jitter only if the plain one fails.

    Returns the factor and the jitter used; raises ``LinAlgError`` if even a large jitter
    does not help (the caller then treats those hyperparameters as infeasible).
    """
    try:
        return linalg.cholesky(K, lower=True, check_finite=False), 0.0
    except linalg.LinAlgError:
        pass
    scale = float(np.mean(np.diag(K))) or 1.0
    for k in range(10, 3, -1):
        jitter = scale * 10.0**-k
        try:
            return linalg.cholesky(K + jitter * np.eye(len(K)), lower=True, check_finite=False), jitter
        except linalg.LinAlgError:
            continue
    raise linalg.LinAlgError("the kernel matrix is not positive definite, even with jitter")


# --------------------------------------------------------------------------------------
# the Gaussian process
# --------------------------------------------------------------------------------------
class GaussianProcess:
    """GP regression with a constant * Matérn 5/2 (ARD) kernel plus a noise term.

    Parameters
    ----------
    signal_variance, length_scales, noise : float or array_like
        Kernel parameters (relative to the standardised targets). With ``optimize=True``
        they are the first start of the fit; otherwise they are used as given.
        ``length_scales`` may be a scalar (the same for every dimension).
    optimize : bool
        Fit the hyperparameters by maximising the log marginal likelihood.
    n_restarts : int
        Random starts of the fit in addition to the given parameters.
    signal_variance_bounds, length_scale_bounds, noise_bounds : (float, float)
        Box for the fit.
    random_state : int, numpy Generator or None
        Seeds the random starts.
    maxiter, gtol : int, float
        L-BFGS-B iteration cap and projected-gradient tolerance, per start.
    prior : bool
        Add a weak log-prior on the hyperparameters (the one Optuna's GPSampler uses: it
        keeps length scales within about [0.3, 3] of the box, the signal variance near 1
        and the noise near 3e-3), so the fit is a MAP estimate. Off by default: then the
        fit is plain maximum likelihood, as scikit-learn's. Bayesian optimisation turns it
        on, because with 5 to 20 points the likelihood alone often sends a length scale to
        a bound and back between iterations (see ``benchmarks/bench_bayes.py``).
    prior_mean : {"mean", "max"}
        The constant the posterior reverts to far from the data: the average target
        (scikit-learn's ``normalize_y=True``), or the largest, i.e. the worst loss seen.
        Bayesian optimisation uses ``"max"``. With the average, most of a 6-D box, far from
        any of 20 points, looks like an average loss with a wide spread, and expected
        improvement keeps paying for visits there; with the worst loss as the prior, only
        the spread makes an unexplored region attractive, and regions the data says are
        good win more often. On Hartmann6 (30 evaluations) it lowers the median regret
        from 0.19 to 0.12 over seeds 0-29 and from 0.21 to 0.12 over seeds 30-59, and finds
        the global basin in 20 of 30 runs instead of 15.

    Attributes
    ----------
    theta_ : ndarray
        Fitted ``[log c, log l_1, ..., log l_d, log noise]``.
    signal_variance_, length_scales_, noise_ : float, ndarray, float
        The same, on the natural scale.
    y_mean_, y_std_ : float
        The standardisation of the targets: ``y_mean_`` is their average or their maximum
        (see ``prior_mean``), ``y_std_`` their standard deviation.
    log_marginal_likelihood_value_ : float
        At ``theta_``, on the standardised targets (as scikit-learn with ``normalize_y``).
    """

    def __init__(
        self,
        signal_variance: float = 1.0,
        length_scales: float | Sequence[float] = 0.3,
        noise: float = 1e-6,
        *,
        optimize: bool = True,
        n_restarts: int = 2,
        signal_variance_bounds: tuple[float, float] = SIGNAL_VARIANCE_BOUNDS,
        length_scale_bounds: tuple[float, float] = LENGTH_SCALE_BOUNDS,
        noise_bounds: tuple[float, float] = NOISE_BOUNDS,
        random_state: int | np.random.Generator | None = 0,
        maxiter: int = 100,
        gtol: float = 1e-5,
        prior: bool = False,
        prior_mean: str = "mean",
    ) -> None:
        if prior_mean not in ("mean", "max"):
            raise ValueError(f"prior_mean must be 'mean' or 'max', got {prior_mean!r}")
        self.signal_variance = signal_variance
        self.length_scales = length_scales
        self.noise = noise
        self.optimize = optimize
        self.n_restarts = n_restarts
        self.signal_variance_bounds = signal_variance_bounds
        self.length_scale_bounds = length_scale_bounds
        self.noise_bounds = noise_bounds
        self.random_state = random_state
        self.maxiter = maxiter
        self.gtol = gtol
        self.prior = prior
        self.prior_mean = prior_mean

    # --- parameters ----------------------------------------------------------------------
    def _initial_theta(self, d: int) -> np.ndarray:
        ls = np.broadcast_to(np.asarray(self.length_scales, float), (d,))
        return np.concatenate([[math.log(self.signal_variance)], np.log(ls), [math.log(self.noise)]])

    def _log_bounds(self, d: int) -> np.ndarray:
        rows = [self.signal_variance_bounds] + [self.length_scale_bounds] * d + [self.noise_bounds]
        return np.log(np.array(rows, float))

    @property
    def signal_variance_(self) -> float:
        return float(math.exp(self.theta_[0]))

    @property
    def length_scales_(self) -> np.ndarray:
        return np.exp(self.theta_[1:-1])

    @property
    def noise_(self) -> float:
        return float(math.exp(self.theta_[-1]))

    # --- likelihood ----------------------------------------------------------------------
    def _lml(self, theta: np.ndarray, eval_gradient: bool) -> tuple[float, np.ndarray | None]:
        y, Dflat = self._y_std_train, self._sq_flat
        n = len(y)
        s2, noise = math.exp(theta[0]), math.exp(theta[-1])
        inv_l2 = np.exp(-2.0 * theta[1:-1])
        k, g = matern52_profile((Dflat @ inv_l2).reshape(n, n))
        Kf = s2 * k
        K = Kf.copy()
        K.flat[:: n + 1] += noise
        # raw LAPACK: this runs thousands of times per search, and the scipy.linalg wrappers'
        # argument checks cost more than a 30 x 30 factorisation
        L, info = lapack.dpotrf(K, lower=1, clean=1)
        if info != 0:
            try:
                L, _ = _cholesky(K)
            except linalg.LinAlgError:
                return -np.inf, (np.zeros_like(theta) if eval_gradient else None)
        alpha, _ = lapack.dpotrs(L, y, lower=1)
        lml = -0.5 * float(y @ alpha) - float(np.log(L.flat[:: n + 1]).sum()) - 0.5 * n * LOG_2PI
        if not eval_gradient:
            return lml, None
        # d lml / d theta_j = 1/2 tr((alpha alpha^T - K^-1) dK/dtheta_j)
        K_inv, _ = lapack.dpotrs(L, self._eye, lower=1)
        W = np.outer(alpha, alpha) - K_inv
        # d Kf / d log l_k = s2 * g * D_k / l_k^2 (see matern52_profile)
        G = W * (s2 * g)
        grad = np.empty_like(theta)
        grad[0] = 0.5 * float(np.vdot(W, Kf))
        grad[1:-1] = 0.5 * (G.ravel() @ Dflat) * inv_l2
        grad[-1] = 0.5 * noise * float(np.trace(W))
        return lml, grad

    def log_marginal_likelihood(self, theta: Sequence[float] | None = None, eval_gradient: bool = False):
        """Log marginal likelihood of the standardised targets.

        Parameters
        ----------
        theta : array_like, optional
            ``[log c, log l_1, ..., log l_d, log noise]``; the fitted values when omitted.
        eval_gradient : bool
            Also return the gradient with respect to ``theta``.

        Returns
        -------
        float, or (float, ndarray) with ``eval_gradient``
        """
        if theta is None:
            theta = self.theta_
        lml, grad = self._lml(np.asarray(theta, float), eval_gradient)
        return (lml, grad) if eval_gradient else lml

    # --- fitting -------------------------------------------------------------------------
    def fit(self, X: np.ndarray, y: np.ndarray) -> GaussianProcess:
        """Standardise ``y``, fit the hyperparameters (if ``optimize``) and factorise.

        Parameters
        ----------
        X : ndarray, shape (n, d)
            Inputs, ideally in the unit box (the length-scale bounds assume it).
        y : ndarray, shape (n,)

        Returns
        -------
        self
        """
        X = np.atleast_2d(np.asarray(X, float))
        y = np.asarray(y, float).ravel()
        if len(X) != len(y) or len(y) == 0:
            raise ValueError(f"X has {len(X)} rows and y {len(y)} values; need the same, at least one")
        self.X_train_, self.y_train_ = X, y
        self.y_mean_ = float(y.max() if self.prior_mean == "max" else y.mean())
        std = float(y.std())
        # a constant target gives no scale to learn; keep it as is rather than divide by 0
        self.y_std_ = std if std > 0 and math.isfinite(std) else 1.0
        self._y_std_train = (y - self.y_mean_) / self.y_std_
        self._sq_flat = _sq_diffs(X, X).reshape(len(X) * len(X), -1)
        self._eye = np.eye(len(X))
        d = X.shape[1]
        theta0 = self._initial_theta(d)
        with one_blas_thread():
            if self.optimize:
                self.theta_ = self._optimize(np.clip(theta0, *self._log_bounds(d).T))
            else:
                self.theta_ = theta0
            self._factorise()
        return self

    def _optimize(self, theta0: np.ndarray) -> np.ndarray:
        d = len(theta0) - 2
        bounds = self._log_bounds(d)
        rng = np.random.default_rng(self.random_state)
        starts = [theta0]
        # random starts away from the bound extremes, where the likelihood is usually flat
        lo = np.concatenate([[math.log(0.1)], np.full(d, math.log(0.05)), [math.log(1e-6)]])
        hi = np.concatenate([[math.log(10.0)], np.full(d, math.log(2.0)), [math.log(1e-2)]])
        lo, hi = np.maximum(lo, bounds[:, 0]), np.minimum(hi, bounds[:, 1])
        for _ in range(self.n_restarts):
            starts.append(rng.uniform(lo, np.maximum(lo, hi)))

        def neg(theta: np.ndarray) -> tuple[float, np.ndarray]:
            lml, grad = self._lml(theta, True)
            if not math.isfinite(lml):
                return 1e25, np.zeros_like(theta)
            if self.prior:
                lp, dlp = _log_prior(theta)
                lml, grad = lml + lp, grad + dlp
            return -lml, -grad

        best_theta, best_val = theta0, -np.inf
        options = {"maxiter": self.maxiter, "gtol": self.gtol}
        for start in starts:
            res = optimize.minimize(neg, start, jac=True, method="L-BFGS-B", bounds=bounds, options=options)
            if math.isfinite(res.fun) and -res.fun > best_val:
                best_theta, best_val = np.clip(res.x, bounds[:, 0], bounds[:, 1]), -float(res.fun)
        return best_theta

    def _factorise(self) -> None:
        s2, ls, noise = self.signal_variance_, self.length_scales_, self.noise_
        K = matern52(self.X_train_, self.X_train_, s2, ls)
        K[np.diag_indices(len(K))] += noise
        self.L_, self.jitter_ = _cholesky(K)
        self.alpha_ = linalg.cho_solve((self.L_, True), self._y_std_train, check_finite=False)
        self._K_inv = linalg.cho_solve((self.L_, True), np.eye(len(K)), check_finite=False)
        self.log_marginal_likelihood_value_ = self._lml(self.theta_, False)[0]

    # --- prediction ----------------------------------------------------------------------
    def predict(self, Xq: np.ndarray, return_std: bool = True, include_noise: bool = False):
        """Posterior mean (and standard deviation) at ``Xq``, on the scale of ``y``.

        Parameters
        ----------
        Xq : ndarray, shape (m, d)
        return_std : bool
        include_noise : bool
            Add the noise variance to the predictive variance, as scikit-learn does when
            the kernel has a ``WhiteKernel``. Off by default: expected improvement is about
            the latent function.

        Returns
        -------
        mean : ndarray, shape (m,)
        std : ndarray, shape (m,), only with ``return_std``
        """
        Xq = np.atleast_2d(np.asarray(Xq, float))
        Ks = matern52(Xq, self.X_train_, self.signal_variance_, self.length_scales_)
        mean = Ks @ self.alpha_ * self.y_std_ + self.y_mean_
        if not return_std:
            return mean
        v = linalg.solve_triangular(self.L_, Ks.T, lower=True, check_finite=False)
        var = self.signal_variance_ - np.einsum("ij,ij->j", v, v)
        if include_noise:
            var = var + self.noise_
        return mean, np.sqrt(np.maximum(var, 0.0)) * self.y_std_

    def predict_with_grad(self, Xq: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Mean, std (latent) and their gradients at each row of ``Xq``, shape (m,) / (m, d)."""
        X, ls, s2 = self.X_train_, self.length_scales_, self.signal_variance_
        diff = Xq[:, None, :] - X[None, :, :]  # (m, n, d)
        scaled = diff / ls**2
        prof, g = matern52_profile(np.einsum("mnd,mnd->mn", diff, scaled))
        k = s2 * prof
        dk = -(s2 * g)[:, :, None] * scaled  # (m, n, d): d k / d x = -s2 * g * (x - x') / l^2
        mean = k @ self.alpha_
        dmean = np.einsum("mnd,n->md", dk, self.alpha_)
        Kk = k @ self._K_inv
        # floored relative to the prior variance, so the std gradient stays finite on top of
        # a training point, where the variance cancels to rounding error
        std = np.sqrt(np.maximum(s2 - np.einsum("mn,mn->m", k, Kk), 1e-12 * s2))
        dstd = -np.einsum("mnd,mn->md", dk, Kk) / std[:, None]
        ys = self.y_std_
        return mean * ys + self.y_mean_, std * ys, dmean * ys, dstd * ys

    # --- plain-data state ----------------------------------------------------------------
    def state(self) -> dict[str, Any]:
        """The fitted model as plain lists and floats; :func:`gp_from_state` rebuilds it."""
        return {
            "X": self.X_train_.tolist(),
            "y": self.y_train_.tolist(),
            **self.params(),
        }

    def params(self) -> dict[str, Any]:
        """Fitted kernel parameters and the target standardisation, as plain data."""
        return {
            "signal_variance": self.signal_variance_,
            "length_scales": self.length_scales_.tolist(),
            "noise": self.noise_,
            "prior_mean": self.prior_mean,
            "y_mean": self.y_mean_,
            "y_std": self.y_std_,
            "log_marginal_likelihood": float(self.log_marginal_likelihood_value_),
        }


def _log_prior(theta: np.ndarray) -> tuple[float, np.ndarray]:
    """Log-density (up to a constant) of Optuna's default GP prior, and its gradient in theta.

    On 1/l^2: exp(-0.1 (l^2 + 1/l^2)); signal variance ~ Gamma(2, 1); noise ~ Gamma(1.1, 30).
    """
    s2, noise = math.exp(theta[0]), math.exp(theta[-1])
    l2 = np.exp(2 * theta[1:-1])
    lp = -0.1 * float(np.sum(l2 + 1 / l2)) + (math.log(s2) - s2) + (0.1 * math.log(noise) - 30 * noise)
    g = np.empty_like(theta)
    g[0] = 1 - s2
    g[1:-1] = -0.2 * (l2 - 1 / l2)
    g[-1] = 0.1 - 30 * noise
    return lp, g


def gp_from_state(state: Mapping[str, Any]) -> GaussianProcess:
    """Rebuild a fitted :class:`GaussianProcess` without refitting its hyperparameters.

    Parameters
    ----------
    state : mapping
        Needs ``X`` and ``y`` (or ``losses``), and ``signal_variance``, ``length_scales``
        and ``noise`` either at the top level or under ``"gp"``. Both
        :meth:`GaussianProcess.state` and an entry of the Bayes strategy's
        ``extras["iterations"]`` qualify.

    Returns
    -------
    GaussianProcess
        Fitted with ``optimize=False``: one Cholesky factorisation, so cheap to redraw.
    """
    params = state.get("gp", state)
    y = state["y"] if "y" in state else state["losses"]
    gp = GaussianProcess(
        signal_variance=float(params["signal_variance"]),
        length_scales=np.asarray(params["length_scales"], float),
        noise=float(params["noise"]),
        optimize=False,
        # iterations stored before the option existed were fitted around the average
        prior_mean=params.get("prior_mean", "mean"),
    )
    return gp.fit(np.asarray(state["X"], float), np.asarray(y, float))
