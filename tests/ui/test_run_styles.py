"""Run colours by optimiser, dashes by rate (a lecturer's walk-through, finding 6): "blue is SGD, dashed is its
larger rate", the same in every figure of a set of runs."""

from __future__ import annotations

import numpy as np
import pytest

from engine.content.lab_runs import lab_configs
from engine.optim.presets import PRESETS
from engine.optim.run import RunConfig, run_many
from engine.optim.schedules import ScheduleSpec
from engine.optim.surfaces import get_surface
from engine.optim.sweep import lr_sweep
from engine.optim.training import TrainConfig, TrainResult
from engine.labels import run_label
from ui.figures import INK
from ui.figures_optim import (DASHES, PALETTE, RunStyle, colour, dash, loss_figure, lr_figure, run_styles,
                              sweep_figure, training_figure, trajectory_figure, twins)

HYPER = {"momentum": 0.9, "beta1": 0.9, "beta2": 0.999}


def _lab(optimizers, lrs):
    return lab_configs(optimizers, lrs, HYPER, ScheduleSpec(), (-4.0, 1.5))


def test_one_optimiser_at_two_rates_keeps_its_colour_and_dashes_the_larger_rate():
    sgd_small, sgd_large, adam_small, adam_large = run_styles(_lab(["sgd", "adam"], [0.01, 0.1]))
    assert sgd_small == RunStyle(PALETTE[0], "solid") and sgd_large == RunStyle(PALETTE[0], "dash")
    assert adam_small == RunStyle(PALETTE[1], "solid") and adam_large == RunStyle(PALETTE[1], "dash")
    # the smallest rate is solid whatever order the rates were typed in: "dashed" means the larger rate
    typed_large_first = run_styles(_lab(["sgd", "adam"], [0.1, 0.01]))
    assert [s.dash for s in typed_large_first] == ["dash", "solid", "dash", "solid"]
    three = run_styles([RunConfig("sgd", lr) for lr in (0.3, 0.01, 0.1)])
    assert {s.colour for s in three} == {PALETTE[0]} and [s.dash for s in three] == ["dot", "solid", "dash"]


def test_optimisers_differ_in_colour_and_a_momentum_setting_makes_another_optimiser():
    styles = run_styles(_lab(["sgd", "momentum", "adam"], [0.01, 0.1]))
    assert [s.colour for s in styles] == [PALETTE[0]] * 2 + [PALETTE[1]] * 2 + [PALETTE[2]] * 2
    plain, heavy = run_styles([RunConfig("sgd", 0.1), RunConfig("sgd", 0.1, {"momentum": 0.9})])
    assert plain.colour != heavy.colour and plain.dash == heavy.dash == "solid"


def test_one_rate_per_optimiser_draws_as_before_solid_in_the_palettes_order():
    configs = _lab(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"], [0.01])
    assert run_styles(configs) == [RunStyle(colour(i), "solid") for i in range(7)]
    # the decay demo: five SGD runs at one rate, each under its own schedule, keep five colours
    decay = PRESETS["decay"].configs(0.1)
    assert run_styles(decay) == [RunStyle(colour(i), dash(i)) for i in range(len(decay))]
    # the Training lab's runs: a batch size of its own makes another run, not another rate
    train = [TrainConfig("adam", 1e-3, batch_size=32), TrainConfig("adam", 1e-3, batch_size=128)]
    assert run_styles(train) == [RunStyle(PALETTE[0], "solid"), RunStyle(PALETTE[1], "solid")]


def test_an_optimiser_at_more_rates_than_dashes_falls_back_to_a_colour_per_run():
    configs = [RunConfig("sgd", 0.001 * 2 ** k) for k in range(len(DASHES) + 1)]
    styles = run_styles(configs)
    assert styles == [RunStyle(colour(i), dash(i)) for i in range(len(configs))]
    assert len(set(styles)) == len(configs)
    # at as many rates as there are dashes, one colour and every dash
    styles = run_styles(configs[:-1])
    assert {s.colour for s in styles} == {PALETTE[0]} and [s.dash for s in styles] == list(DASHES)


def test_a_line_coinciding_with_others_is_dashed_over_them_with_a_dash_of_its_own():
    configs = [RunConfig("sgd", 0.01), RunConfig("sgd", 0.1), RunConfig("momentum", 0.01, {"momentum": 0.0}),
               RunConfig("adam", 0.01)]
    # momentum 0 coincides with SGD at 0.01 (solid): drawn dashed over it; Adam too, with yet another dash
    styles = run_styles(configs, [None, None, 0, 0])
    assert styles[0].dash == "solid" and styles[1] == RunStyle(PALETTE[0], "dash")
    assert styles[2] == RunStyle(PALETTE[1], "dash") and styles[3] == RunStyle(PALETTE[2], "dot")
    # a solid line over a dashed one would hide it: it takes the next dash along instead
    over_dashed = run_styles([RunConfig("sgd", 0.01), RunConfig("sgd", 0.1), RunConfig("adam", 0.01)], [None, None, 1])
    assert over_dashed[1].dash == "dash" and over_dashed[2] == RunStyle(PALETTE[1], "dot")
    # a line whose own dash already differs from the one under it keeps it (its rate's dash)
    own = run_styles([RunConfig("adam", 0.01), RunConfig("sgd", 0.01), RunConfig("sgd", 0.1)], [None, None, 0])
    assert own[2] == RunStyle(PALETTE[1], "dash")


def _by_name(traces):
    return {t.name.removesuffix(" (diverged)"): (t.line.color, t.line.dash or "solid") for t in traces}


def test_every_figure_of_a_set_of_runs_draws_each_run_in_the_same_colour_and_dash():
    """The conformance the rule is for: the legend, the paths, the loss and the rates agree."""
    configs = _lab(["sgd", "momentum", "adam"], [0.01, 0.1])
    surface = get_surface("quadratic", condition=10.0)
    results = run_many(surface, list(configs), 60, seed=0)
    labels = [c.label for c in configs]
    assert not any(j is not None for j in twins([r.trajectory for r in results]))  # no line is dashed over another
    want = {c.label: (s.colour, s.dash) for c, s in zip(configs, run_styles(configs))}
    assert len(set(want.values())) == len(want) == 6

    paths = trajectory_figure(surface, results, labels, frames=5)
    lines = [t for t in paths.data if t.mode == "lines+markers"]
    assert _by_name(lines) == want
    assert all(t.marker.color == t.line.color for t in lines)
    ends = [t for t in paths.data if t.mode == "markers" and t.name != "minimum"]
    assert [t.marker.color for t in ends] == [want[label][0] for label in labels]  # each end in its run's colour
    for frame in paths.frames:  # the animation's frames draw the runs as the last picture does
        assert _by_name([t for t in frame.data if t.mode == "lines+markers"]) == want

    loss = loss_figure(surface, results, labels)
    assert _by_name([t for t in loss.data if t.showlegend is not False]) == want

    # the rate chart draws runs with the same rates as one line, named after them all, in their rate's dash;
    # shared by three optimisers, it takes the ink's neutral colour, not the first optimiser's
    rates = lr_figure(results, labels)
    for t in rates.data:
        named = t.name.split(", ")
        assert len(named) == 3 and t.line.dash == want[named[0]][1]
    assert [(t.line.color, t.line.dash) for t in rates.data] == [(INK, "solid"), (INK, "dash")]
    # runs of one optimiser sharing their rates keep its colour
    one = [results[0], run_many(surface, [configs[0]], 60, seed=0)[0]]
    assert [t.line.color for t in lr_figure(one, [labels[0], labels[0] + " again"]).data] == [PALETTE[0]]


def test_the_training_figure_styles_its_runs_by_optimiser_in_every_panel():
    configs = [TrainConfig("sgd", 0.01), TrainConfig("sgd", 0.1), TrainConfig("adam", 0.001)]
    curve = (0.9, 0.5, 0.3)
    results = [TrainResult(c, curve, curve, (0.5, 0.7, 0.8), (0.5, 0.6, 0.7), (c.lr,) * 3, None, 0.1,
                           step_lrs=(c.lr * (1 + k),) * 6, steps_per_epoch=2) for k, c in enumerate(configs)]
    fig = training_figure(results)
    want = {run_label(c): (s.colour, s.dash) for c, s in zip(configs, run_styles(configs))}
    assert want == {"SGD, lr 0.01, batch 32": (PALETTE[0], "solid"), "SGD, lr 0.1, batch 32": (PALETTE[0], "dash"),
                    "Adam, lr 0.001, batch 32": (PALETTE[1], "solid")}
    for axis in ("x", "x2", "x3", "x4", "x5"):  # four panels of curves and the rate panel under them
        assert _by_name([t for t in fig.data if t.xaxis == axis]) == want, axis


def test_the_sweep_draws_each_optimiser_in_the_colour_of_its_runs():
    surface = get_surface("quadratic", condition=10.0)
    result = lr_sweep(surface, ["sgd", "momentum", "adam"], np.array([0.01, 0.05]), 30)
    fig = sweep_figure(result)
    for row_axis in ("x", "x2"):
        lines = [t for t in fig.data if t.xaxis == row_axis]
        assert [(t.line.color, t.line.dash) for t in lines] == [(PALETTE[i], "solid") for i in range(3)]


@pytest.mark.parametrize("rates, want", [
    ([0.01], [(PALETTE[0], "solid"), (PALETTE[1], "solid")]),  # one rate each: the colours runs had before
    ([0.01, 0.1], [(PALETTE[0], "solid"), (PALETTE[0], "dash"), (PALETTE[1], "solid"), (PALETTE[1], "dash")]),
])
def test_the_loss_chart_of_the_labs_runs_reads_blue_sgd_orange_adam(rates, want):
    configs = _lab(["sgd", "adam"], rates)
    surface = get_surface("quadratic", condition=10.0)
    results = run_many(surface, list(configs), 20, seed=0)
    fig = loss_figure(surface, results, [c.label for c in configs])
    assert [(t.line.color, t.line.dash) for t in fig.data if t.showlegend is not False] == want


def test_runs_differ_by_marker_shape_as_by_colour_in_the_loss_rate_and_training_charts():
    """The accessibility audit (M3): every run drew the same round marker, so runs were told apart by
    colour alone. Each colour has its shape, in the legend and along the line (a dozen markers a line
    at most: the loss charts run to hundreds of steps)."""
    from ui.figures_optim import MARKERS_PER_LINE, SHARED_SYMBOL, SYMBOLS

    assert len(set(SYMBOLS)) == len(SYMBOLS) == len(PALETTE) and not {"x", "star"} & set(SYMBOLS)
    configs = _lab(["sgd", "momentum", "adam"], [0.01, 0.1])
    surface = get_surface("quadratic", condition=10.0)
    results = run_many(surface, list(configs), 60, seed=0)
    labels = [c.label for c in configs]
    styles = run_styles(configs)
    lines = [t for t in loss_figure(surface, results, labels).data if t.showlegend is not False]
    assert [t.marker.symbol for t in lines] == [s.symbol for s in styles] == [SYMBOLS[0]] * 2 + [SYMBOLS[1]] * 2 + \
        [SYMBOLS[2]] * 2
    assert all("markers" in t.mode and t.marker.maxdisplayed == MARKERS_PER_LINE for t in lines)
    # a pair of runs differs by its shape or by its dash, never by its colour alone
    assert len({(s.symbol, s.dash) for s in styles}) == len(styles)
    one_each = [r for r, c in zip(results, configs) if c.lr == 0.01]
    rates = lr_figure(one_each, ["a", "b", "c"]).data
    assert [t.marker.symbol for t in rates] == [SHARED_SYMBOL]  # one line of three optimisers, in the ink
    assert [t.marker.symbol for t in lr_figure(results[:1], ["a"]).data] == [SYMBOLS[0]]

    train = [TrainConfig("sgd", 0.01), TrainConfig("adam", 0.001)]
    curve = (0.9, 0.5, 0.3)
    trained = [TrainResult(c, curve, curve, (0.5, 0.7, 0.8), (0.5, 0.6, 0.7), (c.lr,) * 3, None, 0.1,
                           step_lrs=(c.lr,) * 6, steps_per_epoch=2) for c in train]
    fig = training_figure(trained)
    for axis in ("x", "x2", "x3", "x4", "x5"):
        assert [t.marker.symbol for t in fig.data if t.xaxis == axis] == [SYMBOLS[0], SYMBOLS[1]], axis
