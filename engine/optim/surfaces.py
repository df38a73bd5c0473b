"""Two-dimensional loss surfaces with analytic gradients and known minima.

Every surface works on a batch of points: ``xy`` has shape ``(n, 2)``; ``value`` returns
``(n,)`` and ``grad`` returns ``(n, 2)``. Values are float64 numpy arrays.
"""

from __future__ import annotations

import math

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from engine.text import number


@dataclass(frozen=True)
class Surface:
    """A loss surface: f, its gradient, where its minima are, and a good view of it."""

    name: str
    title: str
    description: str
    value: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    minima: tuple[tuple[float, float], ...]
    min_value: float
    start: tuple[float, float]
    bounds: tuple[tuple[float, float], tuple[float, float]]
    #: standard deviation of the Gaussian noise added to each gradient component
    noise: float = 0.0
    #: the contour plot is drawn on log(f - f*) when the surface spans many decades
    log_contours: bool = False
    params: dict[str, float] = field(default_factory=dict)

    def outside_note(self, start: Sequence[float]) -> str | None:
        """A sentence when ``start`` is outside the picture (:attr:`bounds`), else None: the axes
        stay on the surface, so such a run's path was drawn off the chart without a word (a
        lecturer's walk-through, starting at x = 1000)."""
        (x0, x1), (y0, y1) = self.bounds
        x, y = float(start[0]), float(start[1])
        if x0 <= x <= x1 and y0 <= y <= y1:
            return None
        return (f"The start ({x:g}, {y:g}) is outside the picture, which shows x from {x0:g} to {x1:g} and y from "
                f"{y0:g} to {y1:g}: each path shows only once it comes into view, and the table gives every run.")


def contour_grid(surface: Surface, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(xs, ys, Z)``: the surface on an ``n`` x ``n`` grid over its bounds, as a contour plot
    draws it (``Z[i, j]`` at ``(xs[j], ys[i])``; on log(f - f*) for ``log_contours`` surfaces)."""
    (x0, x1), (y0, y1) = surface.bounds
    xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
    X, Y = np.meshgrid(xs, ys)
    Z = surface.value(np.stack([X, Y], -1).reshape(-1, 2)).reshape(n, n)
    if surface.log_contours:
        Z = np.log10(np.maximum(Z - surface.min_value, 0) + 1e-3)
    return xs, ys, Z


def segment_exit(a: np.ndarray, b: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Where the segment from ``a`` (inside the box ``lo``..``hi``) to ``b`` leaves the box; ``b``
    itself when it is inside too.

    >>> segment_exit(np.array([-4.0, 1.5]), np.array([8.0, -43.5]), np.array([-5.0, -2.5]), np.array([5.0, 2.5]))
    array([-2.93333333, -2.5       ])
    """
    d = b - a
    t = 1.0
    for k in range(len(d)):
        if d[k] > 0:
            t = min(t, (hi[k] - a[k]) / d[k])
        elif d[k] < 0:
            t = min(t, (lo[k] - a[k]) / d[k])
    return a + max(t, 0.0) * d


def clip_to_view(surface: Surface, path: np.ndarray) -> np.ndarray:
    """An ``(n, 2)`` path kept within one view width of the surface's bounds, so that one wild
    step cannot zoom a drawing out until the surface is a dot. A step that leaves that margin ends
    where it crosses it, so the line keeps the step's direction (clipping each coordinate on its
    own bent it: a step to (8, -43.5) was drawn heading for (8, -7.5))."""
    (x0, x1), (y0, y1) = surface.bounds
    mx, my = x1 - x0, y1 - y0
    return clip_path(path, (x0 - mx, y0 - my), (x1 + mx, y1 + my))


def clip_path(path: np.ndarray, lo: Sequence[float], hi: Sequence[float]) -> np.ndarray:
    """An ``(n, 2)`` path held to the box ``lo``..``hi``: a step that leaves the box ends where it
    crosses the edge (:func:`segment_exit`); a point after it, outside too, is clipped to the box."""
    lo_, hi_ = np.asarray(lo, dtype=float), np.asarray(hi, dtype=float)
    path = np.asarray(path, dtype=float)
    out = np.clip(path, lo_, hi_)
    outside = np.any((path < lo_) | (path > hi_), axis=1)
    for i in np.nonzero(outside[1:] & ~outside[:-1])[0] + 1:  # the steps that leave the box
        out[i] = segment_exit(path[i - 1], path[i], lo_, hi_)
    return out


def _xy(p: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return p[..., 0], p[..., 1]


#: beyond these, the demos show nothing a smaller value does not (and floats overflow)
MAX_CONDITION = 1e6
MAX_NOISE = 1e3


def quadratic(condition: float = 10.0, noise: float = 0.0, name: str = "quadratic") -> Surface:
    """f(x, y) = x^2 + c y^2: a bowl whose curvatures differ by the condition number c.

    Plain gradient descent is stable only while lr < 1 / c (the steep direction), and then
    crawls along x at rate (1 - 2 lr): the classic ravine.
    """
    if not 1 <= condition <= MAX_CONDITION:
        raise ValueError(f"condition number must be from 1 to {MAX_CONDITION:,.0f}, got {number(condition)}")
    if not 0 <= noise <= MAX_NOISE:
        raise ValueError(f"gradient noise must be from 0 to {MAX_NOISE:,.0f}, got {number(noise)}")
    c = float(condition)

    def value(p):
        x, y = _xy(p)
        return x * x + c * y * y

    def grad(p):
        x, y = _xy(p)
        return np.stack([2 * x, 2 * c * y], axis=-1)

    noisy = noise > 0
    return Surface(
        name=name,
        title=f"{'Noisy quadratic' if noisy else 'Quadratic bowl'} (condition {c:g})",
        description=(
            f"f = x² + {c:g}·y². Curvature is {c:g} times steeper in y than in x"
            + (f"; every gradient carries seeded Gaussian noise (σ = {noise:g})." if noisy else ".")
        ),
        value=value,
        grad=grad,
        minima=((0.0, 0.0),),
        min_value=0.0,
        start=(-4.0, 1.5),
        bounds=((-5.0, 5.0), (-2.5, 2.5)),
        noise=float(noise),
        params={"condition": c, "noise": float(noise)},
    )


def rosenbrock(a: float = 1.0, b: float = 100.0) -> Surface:
    """f = (a - x)^2 + b (y - x^2)^2: a curved, flat-bottomed valley; minimum (a, a^2)."""

    def value(p):
        x, y = _xy(p)
        return (a - x) ** 2 + b * (y - x * x) ** 2

    def grad(p):
        x, y = _xy(p)
        inner = y - x * x
        return np.stack([-2 * (a - x) - 4 * b * x * inner, 2 * b * inner], axis=-1)

    return Surface(
        name="rosenbrock",
        title="Rosenbrock",
        description="A long curved valley with a flat floor: easy to reach, slow to follow to (1, 1).",
        value=value,
        grad=grad,
        minima=((a, a * a),),
        min_value=0.0,
        start=(-1.5, 2.0),
        bounds=((-2.0, 2.0), (-1.0, 3.0)),
        log_contours=True,
        params={"a": a, "b": b},
    )


def beale() -> Surface:
    """Beale's function: sharp ridges and flat plateaus; minimum 0 at (3, 0.5)."""

    def value(p):
        x, y = _xy(p)
        return (
            (1.5 - x + x * y) ** 2
            + (2.25 - x + x * y * y) ** 2
            + (2.625 - x + x * y**3) ** 2
        )

    def grad(p):
        x, y = _xy(p)
        t1 = 1.5 - x + x * y
        t2 = 2.25 - x + x * y * y
        t3 = 2.625 - x + x * y**3
        dx = 2 * t1 * (y - 1) + 2 * t2 * (y * y - 1) + 2 * t3 * (y**3 - 1)
        dy = 2 * t1 * x + 2 * t2 * 2 * x * y + 2 * t3 * 3 * x * y * y
        return np.stack([dx, dy], axis=-1)

    return Surface(
        name="beale",
        title="Beale",
        description="Steep walls and flat plateaus; the minimum sits at (3, 0.5).",
        value=value,
        grad=grad,
        minima=((3.0, 0.5),),
        min_value=0.0,
        start=(1.0, 1.4),
        bounds=((-4.5, 4.5), (-4.5, 4.5)),
        log_contours=True,
    )


def saddle() -> Surface:
    """f = x^2/2 - y^2/2 + y^4/4: a saddle at the origin between minima at (0, +-1), f = -1/4.

    Started on the ridge (y near 0), plain gradient descent lingers at the saddle; momentum
    and gradient noise help it escape.
    """

    def value(p):
        x, y = _xy(p)
        return 0.5 * x * x - 0.5 * y * y + 0.25 * y**4

    def grad(p):
        x, y = _xy(p)
        return np.stack([x, -y + y**3], axis=-1)

    return Surface(
        name="saddle",
        title="Saddle",
        description="A saddle point at the origin between two minima at (0, ±1): slow to escape.",
        value=value,
        grad=grad,
        minima=((0.0, 1.0), (0.0, -1.0)),
        min_value=-0.25,
        start=(-2.0, 1e-3),
        bounds=((-2.5, 2.5), (-1.8, 1.8)),
    )


def himmelblau() -> Surface:
    """Himmelblau's function: four minima, all with f = 0."""
    minima = (
        (3.0, 2.0),
        (-2.805118, 3.131312),
        (-3.779310, -3.283186),
        (3.584428, -1.848126),
    )

    def value(p):
        x, y = _xy(p)
        return (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2

    def grad(p):
        x, y = _xy(p)
        a = x * x + y - 11
        b = x + y * y - 7
        return np.stack([4 * x * a + 2 * b, 2 * a + 4 * y * b], axis=-1)

    return Surface(
        name="himmelblau",
        title="Himmelblau",
        description="Four minima of equal depth: where you end up depends on where you start.",
        value=value,
        grad=grad,
        minima=minima,
        min_value=0.0,
        start=(-0.5, -0.5),
        bounds=((-5.0, 5.0), (-5.0, 5.0)),
        log_contours=True,
    )


@dataclass(frozen=True)
class SurfaceKind:
    """A registered surface: its menu title and the factory that builds it from keyword
    parameters (see each factory for them; the built :class:`Surface` describes itself)."""

    name: str
    title: str
    build: Callable[..., Surface]


def _noisy_quadratic(condition: float = 10.0, noise: float = 1.0) -> Surface:
    return quadratic(condition, noise, "noisy_quadratic")


SURFACES: dict[str, SurfaceKind] = {
    k.name: k
    for k in (
        SurfaceKind("quadratic", "Quadratic bowl", quadratic),  # a ravine only when its condition is large
        SurfaceKind("noisy_quadratic", "Noisy quadratic", _noisy_quadratic),
        SurfaceKind("rosenbrock", "Rosenbrock", rosenbrock),
        SurfaceKind("beale", "Beale", beale),
        SurfaceKind("saddle", "Saddle", saddle),
        SurfaceKind("himmelblau", "Himmelblau", himmelblau),
    )
}


def get_surface(name: str, **params: float) -> Surface:
    """Build a registered surface by name.

    Raises
    ------
    ValueError
        For an unknown name or invalid parameters.
    """
    try:
        factory = SURFACES[name].build
    except KeyError:
        raise ValueError(f"unknown surface '{name}'; choose one of {', '.join(SURFACES)}") from None
    for key, value in params.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise ValueError(f"surface '{name}': {key} must be a finite number, got {value!r}")
    try:
        return factory(**params)
    except TypeError as exc:
        raise ValueError(f"surface '{name}' does not take these parameters: {exc}") from None
