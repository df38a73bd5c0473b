"""Figures drawn from a question's simulation: the data of the picture, not the picture.

A plot question's prompt shows a figure of its own simulation, so the picture and the answer
come from the same run. Each entry of :data:`VIEWS` names the scenario it reads and turns a
:class:`~engine.sim.scenarios.Measurement` into a :class:`PlotData` (plain numbers and names);
``ui/figures_forms.py`` draws it with plotly. With neutral labels the runs appear as A, B, C in
an order shuffled by the question's seed, so the legend, the colours and the hover text say
nothing about which setting made which curve.

numpy is imported inside the builders: the loader imports this module for the view names.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_POINTS = 400  # per series; longer runs are thinned evenly (the last point is kept)
CONTOUR_N = 60


@dataclass(frozen=True)
class Series:
    name: str
    x: tuple[Any, ...]
    y: tuple[Any, ...]
    #: colour index (the position of the name in the legend)
    group: int = 0
    dash: bool = False
    #: "x" marks where a diverged run stopped
    end_marker: str | None = None


@dataclass(frozen=True)
class PlotData:
    view: str
    x_title: str
    y_title: str
    series: tuple[Series, ...]
    x_log: bool = False
    y_log: bool = False
    #: {"x": [...], "y": [...], "z": [[...]]}: the loss surface behind optimiser paths
    contour: dict[str, Any] | None = None
    #: marked points, e.g. the minima of a surface
    points: tuple[tuple[float, float], ...] = ()
    caption: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def names(self) -> list[str]:
        return list(dict.fromkeys(s.name for s in self.series))

    def columns(self) -> dict[str, list[Any]]:
        """The figure's numbers, one entry per plotted point (curve, x, y) in each column, under
        the figure's own axis titles: the text alternative of the figure for a reader who cannot
        see it. It holds what the figure shows and no more (the curves' neutral names, no run
        labels). By column: a table is built from columns without a row of Python objects each."""
        names: list[str] = []
        xs: list[Any] = []
        ys: list[Any] = []
        for s in self.series:
            for x, y in zip(s.x, s.y):
                if x is not None and y is not None:
                    names.append(s.name)
                    xs.append(x)
                    ys.append(y)
        return {"Curve": names, self.x_title or "x": xs, self.y_title or "y": ys}

    def columns_to_read(self) -> dict[str, list[Any]]:
        """:meth:`columns` as a reader takes them in: curves that share their x values side by side
        (one row per x, a column per curve: "step, loss of A, loss of B"), every fraction to four
        significant digits, kept a number. A screen reader reads the cells as they are: the
        accessibility walk-through heard 96 rows of "A 1 3.9199999999999995", one curve after
        another, and curves B and C only after some sixty presses of the arrow key."""
        xs = [tuple(x for x, y in zip(s.x, s.y) if x is not None and y is not None) for s in self.series]
        names = self.names
        x_title, y_title = self.x_title or "x", self.y_title or "y"
        if len(self.series) > 1 and len(names) == len(self.series) and len(set(xs)) == 1:
            out: dict[str, list[Any]] = {x_title: [_four(x) for x in xs[0]]}
            for s in self.series:
                out[f"{y_title} of {s.name}"] = [_four(y) for x, y in zip(s.x, s.y) if x is not None and y is not None]
            return out
        return {k: [_four(v) for v in values] for k, values in self.columns().items()}

    def alt(self, table_below: bool = True) -> str:
        """The figure's name for a screen reader (it heard an unnamed image, then the tick
        numbers): what is plotted against what, and its curves by their neutral names, nothing
        more (the candidate's page carries it too)."""
        y, x = self.y_title or "y", self.x_title or "x"
        names = self.names
        curves = (f"; curves {', '.join(names[:-1])} and {names[-1]}" if len(names) > 1
                  else f"; one curve, {names[0]}" if names else "")
        return (f"Plot of {y} against {x}{curves}." + (" Its numbers are in the table under it." if table_below
                                                        else ""))

    def table(self) -> list[dict[str, Any]]:
        """:meth:`columns` as rows, one per plotted point."""
        columns = self.columns()
        return [dict(zip(columns, row)) for row in zip(*columns.values())]


def letters_for(labels: Sequence[str], question_id: str, seed: int) -> dict[str, str]:
    """run label -> letter (A, B, C, ...): a shuffle fixed by the question and the seed."""
    order = list(labels)
    random.Random(f"tunelab-letters:{question_id}:{int(seed)}").shuffle(order)
    return {label: string.ascii_uppercase[i] for i, label in enumerate(order)}


def _thin(xs: Sequence[Any], ys: Sequence[Any]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    n = len(xs)
    if n <= MAX_POINTS:
        return tuple(xs), tuple(ys)
    idx = sorted({round(i * (n - 1) / (MAX_POINTS - 1)) for i in range(MAX_POINTS)})
    return tuple(xs[i] for i in idx), tuple(ys[i] for i in idx)


def _four(v: Any) -> Any:
    """A fraction to four significant digits (still a float); anything else as it is."""
    if isinstance(v, float) and not v.is_integer():
        return float(f"{v:.4g}")
    return v


def _num(v: Any) -> float | None:
    import math

    v = float(v)
    return v if math.isfinite(v) else None


def _ordered(labels: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """Labels in legend order: by shown name, so A comes first whichever run it is."""
    return sorted(labels, key=lambda lab: names.get(lab, lab))


def _loss(m: Any, names: Mapping[str, str]) -> PlotData:
    import numpy as np

    surface, results, labels = m.raw
    by = dict(zip(labels, results))
    series = []
    for i, lab in enumerate(_ordered(labels, names)):
        r = by[lab]
        gap = np.maximum(np.asarray(r.losses, dtype=float) - surface.min_value, 1e-16)
        xs, ys = _thin(list(range(len(gap))), [_num(g) for g in gap])
        series.append(Series(names.get(lab, lab), xs, ys, i, end_marker="x" if r.outcome == "diverged" else None))
    return PlotData("loss", "step", "loss − minimum", tuple(series), y_log=True)


def _paths(m: Any, names: Mapping[str, str]) -> PlotData:
    from engine.optim.surfaces import clip_to_view, contour_grid

    surface, results, labels = m.raw
    (x0, x1), (y0, y1) = surface.bounds
    xs, ys, Z = contour_grid(surface, CONTOUR_N)
    by = dict(zip(labels, results))
    series = []
    for i, lab in enumerate(_ordered(labels, names)):
        r = by[lab]
        t = clip_to_view(surface, r.trajectory)
        sx, sy = _thin([_num(v) for v in t[:, 0]], [_num(v) for v in t[:, 1]])
        series.append(Series(names.get(lab, lab), sx, sy, i, end_marker="x" if r.outcome == "diverged" else None))
    contour = {"x": [round(float(v), 4) for v in xs], "y": [round(float(v), 4) for v in ys],
               "z": [[round(float(v), 4) for v in row] for row in Z]}
    return PlotData("paths", "x", "y", tuple(series), contour=contour,
                    points=tuple((float(a), float(b)) for a, b in surface.minima),
                    extra={"x_range": [x0, x1], "y_range": [y0, y1]})


def _sweep(m: Any, names: Mapping[str, str]) -> PlotData:
    import numpy as np

    s = m.raw.sweeps[0]
    gap = np.maximum(np.asarray(s.final_gap, dtype=float), 1e-16)
    series = (Series("final loss − minimum", tuple(float(v) for v in s.lrs), tuple(_num(g) for g in gap)),)
    return PlotData("sweep", "learning rate", "final loss − minimum", series, x_log=True, y_log=True)


def _best_so_far(m: Any, names: Mapping[str, str]) -> PlotData:
    import numpy as np

    series = []
    labels = list(m.raw)
    regret = None
    for i, lab in enumerate(_ordered(labels, names)):
        runs = m.raw[lab]
        curves = []
        for r in runs:
            ys = [np.nan if v is None else float(v) for v in r.best_so_far()]
            if r.optimum is not None:
                regret = True
                ys = [max(abs(v - r.optimum), 1e-12) if np.isfinite(v) else np.nan for v in ys]
            curves.append(ys)
        width = min(len(c) for c in curves)
        med = np.nanmedian(np.array([c[:width] for c in curves]), axis=0) if width else np.array([])
        series.append(Series(names.get(lab, lab), tuple(range(1, width + 1)), tuple(_num(v) for v in med), i))
    y_title = "regret of the best so far (median over seeds)" if regret else "best score so far (median over seeds)"
    return PlotData("best_so_far", "evaluations", y_title, tuple(series), y_log=bool(regret))


def _train_val(m: Any, names: Mapping[str, str]) -> PlotData:
    results = {r.config.label: r for r in m.raw}
    series = []
    for i, lab in enumerate(_ordered(list(results), names)):
        r = results[lab]
        epochs = tuple(range(1, len(r.train_loss) + 1))
        name = names.get(lab, lab)
        end = "x" if r.diverged_at_epoch is not None else None
        series.append(Series(f"{name}: training", epochs, tuple(_num(v) for v in r.train_loss), i, end_marker=end))
        series.append(Series(f"{name}: validation", epochs, tuple(_num(v) for v in r.val_loss), i, dash=True))
    return PlotData("train_val", "epoch", "loss (cross-entropy)", tuple(series), y_log=True)


def _fit(m: Any, names: Mapping[str, str]) -> PlotData:
    curves = {c.label: c for c in m.raw}
    series = []
    for i, lab in enumerate(_ordered(list(curves), names)):
        c = curves[lab]
        name = names.get(lab, lab)
        series.append(Series(f"{name}: training", c.epochs, tuple(_num(v) for v in c.train), i))
        series.append(Series(f"{name}: validation", c.epochs, tuple(_num(v) for v in c.val), i, dash=True))
    return PlotData("fit", "epoch", "mean squared error", tuple(series), y_log=True)


def _range_test(m: Any, names: Mapping[str, str]) -> PlotData:
    rt = m.raw
    series = (Series("loss per batch", tuple(rt.lrs), tuple(_num(v) for v in rt.losses), 1),
              Series("smoothed loss", tuple(rt.lrs), tuple(_num(v) for v in rt.smoothed), 0))
    return PlotData("range_test", "learning rate", "training loss", series, x_log=True)


def _schedule(m: Any, names: Mapping[str, str]) -> PlotData:
    lrs = [float(v) for v in m.raw]
    xs, ys = _thin(list(range(len(lrs))), lrs)
    return PlotData("schedule", "step", "learning rate", (Series("learning rate", xs, ys),))


@dataclass(frozen=True)
class View:
    scenario: str
    build: Callable[[Any, Mapping[str, str]], PlotData]
    #: whether the view draws one series per run label (so neutral labels apply)
    labelled: bool


#: view name -> the scenario it reads and the builder
VIEWS: dict[str, View] = {
    "loss": View("optimizer", _loss, True),
    "paths": View("optimizer", _paths, True),
    "sweep": View("lr_sweep", _sweep, False),
    "best_so_far": View("search_comparison", _best_so_far, True),
    "train_val": View("training", _train_val, True),
    "fit": View("fitting", _fit, True),
    "range_test": View("range_test", _range_test, False),
    "schedule": View("schedule", _schedule, False),
}


def run_labels(simulation: Any) -> list[str]:
    """The labels of a simulation's runs (strategies for a search comparison), in order."""
    params = simulation.params or {}
    if simulation.scenario == "search_comparison":
        return [str(s) for s in params.get("strategies", [])]
    runs = params.get("runs")
    if isinstance(runs, list):
        return [str(r.get("label")) for r in runs if isinstance(r, dict)]
    return []


def build_plot(view: str, measurement: Any, names: Mapping[str, str] | None = None, caption: str = "") -> PlotData:
    """The figure data of ``view`` for a measurement; ``names`` maps run labels to shown names."""
    v = VIEWS[view]
    if measurement.scenario != v.scenario:
        raise ValueError(f"view '{view}' draws a {v.scenario} scenario, not {measurement.scenario}")
    data = v.build(measurement, dict(names or {}))
    return PlotData(**{**data.__dict__, "caption": caption})
