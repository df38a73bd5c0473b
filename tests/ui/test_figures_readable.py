"""Figures people can read: the surface survives Play, one exponent format, distinct runs, labels at their lines."""

from __future__ import annotations

import numpy as np
import pytest

from engine.optim.presets import PRESETS
from engine.optim.run import RunConfig, run_many
from engine.optim.surfaces import get_surface
from engine.optim.training import TrainConfig
from engine.labels import run_label
from ui.figures_optim import colour, dash, log_axis, loss_figure, range_test_figure, trajectory_figure


def _regimes(lr=0.24):
    p = PRESETS["lr-regimes"]
    surface = get_surface(p.surface, **dict(p.surface_params))
    return surface, run_many(surface, p.configs(lr), p.steps, 0)


def test_the_surface_is_a_picture_the_frames_never_touch():
    surface, results = _regimes()
    fig = trajectory_figure(surface, results, ["SGD"])
    # a contour trace is cleared by every redrawn frame and dropped by every quick one: the
    # surface is a layout image under the plot, filling the surface's bounds
    # the minima are drawn last, over the paths (a path ending on the minimum hid its star)
    assert "contour" not in {t.type for t in fig.data} and fig.data[-1].name == "minimum"
    assert fig.data[-1].legendrank < 1000  # and still first in the legend
    (image,) = fig.layout.images
    (x0, x1), (y0, y1) = surface.bounds
    assert image.source.startswith("data:image/png;base64,") and image.layer == "below"
    assert (image.x, image.y, image.sizex, image.sizey) == (x0, y1, x1 - x0, y1 - y0)
    assert not fig.layout.xaxis.showgrid and not fig.layout.yaxis.zeroline  # no lines across it
    assert fig.frames
    for frame in fig.frames:
        assert len(fig.data) - 1 not in frame.traces and len(frame.traces) == len(frame.data)  # the minima stay
        assert all(t.type == "scatter" for t in frame.data)
    # with nothing but paths to redraw, the quick redraw-free frames serve
    play = fig.layout.updatemenus[0].buttons[0].args[1]
    assert play["frame"]["redraw"] is False
    assert all(step.args[1]["frame"]["redraw"] is False for step in fig.layout.sliders[0].steps)


@pytest.mark.parametrize("preset", ["lr-regimes", "decay"])
def test_the_paths_packed_once_are_what_plotly_sends_from_the_arrays(monkeypatch, preset):
    """The paths' coordinates are packed when the figure is built (ui.figures_optim.packed), not by
    plotly on every send: the JSON sent is the same as plotly's from float32 arrays."""
    import plotly.io as pio

    import ui.figures_optim as figures_optim

    p = PRESETS[preset]
    surface = get_surface(p.surface, **dict(p.surface_params))
    configs = p.configs(p.marks[0][1] if p.marks else 0.1)
    results = run_many(surface, configs, p.steps, 0)
    labels = [c.label for c in configs]
    ours = trajectory_figure(surface, results, labels, own_controls=False)
    monkeypatch.setattr(figures_optim, "packed", lambda v: np.ascontiguousarray(v, dtype=np.float32))
    plotlys = trajectory_figure(surface, results, labels, own_controls=False)
    assert len(ours.frames) > 10
    assert pio.to_json(ours, validate=False) == pio.to_json(plotlys, validate=False)
    assert isinstance(ours.data[1].x, dict) and not isinstance(plotlys.data[1].x, dict)  # packed, not arrays


def test_an_empty_path_packs_to_an_empty_list_as_plotly_leaves_it():
    from ui.figures_optim import packed

    assert packed(np.zeros(0)) == []
    assert packed(np.array([1.5, -2.0]))["dtype"] == "f4"


def test_paths_have_axis_labels_and_presenter_sized_fonts():
    surface, results = _regimes()
    fig = trajectory_figure(surface, results, ["SGD"], font_size=18)
    assert fig.layout.xaxis.title.text == "x" and fig.layout.yaxis.title.text == "y"
    assert fig.layout.font.size == 18
    assert fig.layout.sliders[0].ticklen == 0  # no crowd of bare ticks under the slider


def test_the_bouncing_path_zigzags():
    _, (r,) = _regimes(PRESETS["lr-regimes"].marks[2][1])
    steps = np.diff(r.trajectory[:8], axis=0)
    # y flips sign every step while x keeps its direction: a zig-zag, not a line through the minimum
    assert (np.sign(steps[:, 1][1:]) != np.sign(steps[:, 1][:-1])).all()
    assert (steps[:, 0] > 0).all()
    assert r.outcome == "oscillating"


def test_loss_axes_use_one_exponent_format():
    surface, results = _regimes(0.1)
    fig = loss_figure(surface, results, ["SGD"])
    assert fig.layout.yaxis.type == "log" and fig.layout.yaxis.exponentformat == "power"


@pytest.mark.parametrize("values", [[0.31, 2.3], [0.05, 0.4], [1.02, 1.3], [0.6, 0.61]])
def test_short_log_ranges_get_labelled_ticks_not_bare_digits(values):
    axis = log_axis(values)
    assert len(axis["tickvals"]) >= 2
    assert all(min(values) <= t <= max(values) for t in axis["tickvals"])
    assert all(float(t) == pytest.approx(v, rel=0.01) for t, v in zip(axis["ticktext"], axis["tickvals"]))


@pytest.mark.parametrize("values, labels", [([0.1004, 0.85], ["0.2", "0.3", "0.5"]),
                                            ([0.25, 0.9], ["0.3", "0.4", "0.6", "0.8"])])
def test_most_of_a_decade_gets_a_few_labels_spread_over_it(values, labels):
    """A validation loss from 0.1004 to 0.85 was labelled at every digit, 0.2 to 0.8: seven labels,
    four of them crowded into the top third of a short panel."""
    assert log_axis(values)["ticktext"] == labels


def test_long_log_ranges_tick_whole_decades():
    axis = log_axis([1e-16, 10])
    assert axis["exponentformat"] == "power" and axis["dtick"] >= 1 and "tickvals" not in axis


def test_twelve_runs_look_different():
    styles = {(colour(i), dash(i)) for i in range(12)}
    assert len({colour(i) for i in range(12)}) == 12 and len(styles) == 12
    assert len({(colour(i), dash(i)) for i in range(30)}) == 30


def test_range_test_labels_sit_at_their_lines():
    class RT:
        lrs = list(np.logspace(-5, 0, 50))
        losses = smoothed = list(np.linspace(2.3, 0.5, 50))
        suggestion = 0.000565
        min_loss_lr = 0.3

    fig = range_test_figure(RT())
    labels = {a.text.split()[0]: a.x for a in fig.layout.annotations}
    assert labels["suggested"] == pytest.approx(np.log10(0.000565))  # log axes place annotations in log10 units
    assert labels["min/10"] == pytest.approx(np.log10(0.03))
    # written as the page's metrics write them (3 significant digits), not "suggested 0.00056" beside 0.000565
    assert {a.text for a in fig.layout.annotations} == {"suggested 0.000565", "min/10 0.03"}


def test_runs_have_human_labels():
    assert run_label(TrainConfig("adam", 1e-3, label="adam_tiny")) == "Adam, lr 0.001, batch 32"
    assert run_label(TrainConfig("sgd", 0.1, label="Plain SGD")) == "Plain SGD"
    assert run_label(RunConfig("momentum", 0.01)).startswith("SGD + momentum, lr 0.01")


def test_measurements_have_human_names():
    from engine.labels import measurement_label

    assert measurement_label("sgd.first_step") == "length of the first step (SGD)"
    assert measurement_label("winner_by_final_loss") == "winner by final loss"
    assert measurement_label("lr0.01.outcome") == "outcome (lr 0.01)"
    assert measurement_label("diverged") == "runs that diverged"
    assert measurement_label("sgd_low.outcome", {"sgd_low": "SGD, lr 0.01"}) == "outcome (SGD, lr 0.01)"


def test_runs_and_values_read_as_people_name_them():
    from engine.labels import readable, run_names

    names = run_names({"runs": [{"label": "sgd", "optimizer": "sgd", "lr": 0.15},
                                {"label": "Adam at a small rate", "optimizer": "adam", "lr": 1e-4},
                                {"label": "no-rate"}]})
    assert names == {"sgd": "SGD, lr 0.15", "Adam at a small rate": "Adam at a small rate"}
    assert readable(["sgd", "other"], names) == "SGD, lr 0.15; other"
    assert readable(["sgd", "other"], names, ordered=True) == "SGD, lr 0.15 → other"
    assert (readable([]), readable(0.123456), readable(True), readable(None)) == ("none", "0.1235", "yes", "none")


def test_topic_map_labels_meet_the_contrast_body_text_needs():
    from engine.progress import GroupStats
    from ui.figures import AMBER, GREEN, NOT_TRIED, RED, contrast, topic_map

    assert contrast("#ffffff", "#000000") == pytest.approx(21) and contrast("#777777", "#777777") == 1
    groups = [GroupStats(k, attempts=4, correct=c, mean_score=c / 4)
              for k, c in (("a", 0), ("b", 2), ("c", 4))]
    fig = topic_map(groups, {}, {"a": 5, "b": 5, "c": 5, "d": 5})
    tiles, texts = fig.data[0].marker.colors, fig.data[0].textfont.color
    assert set(tiles) == {RED, AMBER, GREEN, NOT_TRIED}
    assert all(contrast(tile, text) >= 4.5 for tile, text in zip(tiles, texts)), list(zip(tiles, texts))
    assert list(fig.data[0].text) == ["0% average · 4 answers", "50% average · 4 answers", "100% average · 4 answers",
                                      "not tried yet"]  # words, not "50% of 4"
    # a tile too small for its words leaves them out, not shrunk to 3 px (a phone showed them so)
    assert fig.layout.uniformtext.minsize >= 10 and fig.layout.uniformtext.mode == "hide"
    # a long name is broken over lines at its spaces, so a narrow tile has room for it, and the tile
    # says only the score: on a 390 px phone 11 of the 26 tiles showed no name (a learner's
    # walk-through); the hover keeps the answers' count. A word is never cut but where it joins two
    # (a slash, a hyphen): kept whole, one wider than a narrow tile left it nameless on a phone
    wide = topic_map(groups, {"a": "Over/underfitting and bias-variance"}, {"a": 5})
    assert [list(c) for c in wide.data[0].customdata] == [["Over/<br>underfitting<br>and bias-<br>variance", "0%"]]
    assert [list(c) for c in fig.data[0].customdata] == [["a", "0%"], ["b", "50%"], ["c", "100%"], ["d", "not tried"]]
    assert wide.data[0].labels == ("Over/underfitting and bias-variance",)  # the hover's name, whole


def test_a_plot_questions_curves_differ_by_shape_not_colour_alone():
    from engine.forms.plot import PlotData, Series
    from ui.figures_forms import plot_figure

    data = PlotData(view="loss", x_title="step", y_title="loss", series=tuple(
        Series(name=n, group=i, x=tuple(range(50)), y=tuple(float(i + k) for k in range(50))) for i, n in enumerate("ABC")))
    curves = [t for t in plot_figure(data).data if t.name in {"A", "B", "C"}]
    assert len({t.marker.symbol for t in curves}) == 3  # legend and lines tell A, B and C apart in grey too
    assert all("markers" in t.mode and t.marker.maxdisplayed for t in curves)


def test_a_learning_rate_plot_of_runs_that_diverged_after_one_step_shows_the_points_and_says_why():
    from engine.optim.run import run_many as run
    from ui.figures_optim import lr_figure

    p = PRESETS["decay"]
    surface = get_surface(p.surface, **dict(p.surface_params))
    results = run(surface, p.configs(2.0), 50, 0)
    assert all(len(r.lrs) == 1 for r in results)  # lr 2 on the noisy bowl: gone after one step
    fig = lr_figure(results, [c.label for c in p.configs(2.0)])
    assert all("markers" in t.mode for t in fig.data)  # a lone point is drawn, a one-point line is not
    assert tuple(fig.layout.xaxis.range) == (-0.05, 1)
    assert "diverged after its first step" in fig.layout.annotations[0].text


def test_the_training_figure_draws_each_runs_rate_per_step_under_the_epochs():
    """Under the loss and accuracy panels, the rate every mini-batch step used, one line per run in
    its colour, the step that ends epoch e at x = e; a run of many steps is thinned, its last kept."""
    from types import SimpleNamespace

    from engine.optim.schedules import ScheduleSpec
    from engine.optim.training import TrainSetup, train_many
    from ui.figures_optim import RATE_POINTS, ROW_GAP_PX, step_rates, training_figure

    setup = TrainSetup("moons", hidden=(8,), epochs=3, seed=0)
    results = train_many(setup, [TrainConfig("sgd", 0.1, batch_size=64, schedule=ScheduleSpec("step")),
                                 TrainConfig("adam", 0.01, batch_size=32, schedule=ScheduleSpec("cosine"))])
    fig = training_figure(results)
    rate_axis = fig.layout.xaxis5
    rates = [t for t in fig.data if t.xaxis == "x5"]
    assert [t.line.color for t in rates] == [colour(0), colour(1)] and not any(t.showlegend for t in rates)
    for t, r in zip(rates, results):
        assert t.x[-1] == pytest.approx(setup.epochs) and list(t.y) == list(r.step_lrs)
    assert rate_axis.title.text == "epoch" and fig.layout.yaxis5.type == "log"
    assert "Learning rate" in {a.text.split(" at ")[0] for a in fig.layout.annotations}
    # the validation panels' numbers at their right: at their left, a phone drew them against the
    # training panels beside them (the phone walk-through)
    assert fig.layout.yaxis2.side == fig.layout.yaxis4.side == "right"
    assert fig.layout.yaxis.side != "right" and fig.layout.yaxis3.side != "right"
    # training and validation on one scale per row: the gap between them is the lesson
    assert (fig.layout.yaxis2.matches, fig.layout.yaxis4.matches) == ("y", "y3")
    assert fig.layout.yaxis2.tickvals == fig.layout.yaxis.tickvals
    assert fig.layout.yaxis4.range == fig.layout.yaxis3.range

    many = SimpleNamespace(step_lrs=tuple(np.linspace(1, 0.5, 45_000)), steps_per_epoch=1_500)
    x, y = step_rates(many)
    assert len(x) <= RATE_POINTS + 1 and x[-1] == pytest.approx(30) and y[-1] == 0.5 and y[0] == 1

    # the rows' gaps hold ticks, "epoch" and the next title at any height: in Practice's 460-px "Run it"
    # the rate panel's title sat on the accuracy panels' "epoch" (a learner's walk-through)
    for height, font_size in ((460, None), (640, None), (760, None), (760, 22)):
        fig = training_figure(results, height=height, font_size=font_size)
        plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
        for upper, lower in (("yaxis", "yaxis3"), ("yaxis3", "yaxis5")):
            gap = fig.layout[upper].domain[0] - fig.layout[lower].domain[1]
            assert gap * plot_px >= ROW_GAP_PX - 1, (height, font_size, upper, gap * plot_px)


def test_the_rate_panel_keeps_three_decades_under_the_smallest_runs_rate():
    """Cosine ends at 0: on a log axis its last steps would stretch the panel over ten decades and
    flatten every other run into one line at its top."""
    from ui.figures_optim import rate_axis

    axis = rate_axis([np.full(10, 0.05), np.geomspace(3e-3, 1e-12, 10)])
    assert axis["type"] == "log" and axis["range"][0] == pytest.approx(np.log10(3e-6))
    assert axis["range"][1] > np.log10(0.05)
    assert axis["dtick"] == 2  # 5.7 decades in a short panel: a label every other decade
    two = rate_axis([np.full(10, 0.05), np.full(10, 0.01)])
    # whole decades: labels chosen for the rates (0.01, 0.02, 0.05) crowded the panel's top
    assert two["dtick"] == 1 and "tickvals" not in two


@pytest.mark.parametrize("most, step", [(0, 1), (5, 1), (6, 1), (7, 2), (13, 5), (31, 10), (920, 200), (5103, 1000)])
def test_answer_counts_tick_at_whole_round_steps(most, step):
    from ui.figures import whole_step

    assert whole_step(most) == step


def test_the_progress_bars_tick_at_round_numbers_for_a_term_of_answers():
    from engine.progress import GroupStats
    from ui.figures import outcome_bars

    fig = outcome_bars([GroupStats("easy", 3022, 1800, 0.61, 10), GroupStats("hard", 920, 500, 0.55, 0)])
    assert fig.layout.xaxis.dtick == 1000  # 0, 1000, 2000, 3000: not 0, 504, 1008, ...
    # and every tick fits: at most six steps up to the longest bar
    assert 3022 / fig.layout.xaxis.dtick <= 6


def test_the_progress_bars_segments_stand_out_from_the_page_and_are_parted_by_white():
    """The accessibility audit (W4): "Partly right" was #f59e0b, 2.15:1 on white and 1.53:1 beside the green."""
    from engine.progress import GroupStats
    from ui.figures import AMBER, GREEN, RED, contrast, outcome_bars, text_on

    fig = outcome_bars([GroupStats("easy", 6, 2, 0.5, partial=2)])
    bars = [t for t in fig.data if t.type == "bar"]
    assert [t.marker.color for t in bars] == [GREEN, AMBER, RED]
    for t in bars:
        assert contrast(t.marker.color, "#ffffff") >= 3, t.name
        assert t.marker.line.color == "#ffffff" and t.marker.line.width >= 1  # each segment parted from the next
    assert contrast(AMBER, text_on(AMBER)) >= 4.5  # the topic map's amber tiles keep readable words


def test_a_diverged_runs_cross_is_on_the_plot_where_its_path_left_it():
    """The lecturer's walk-through: the cross of a run that diverged sat a view width beyond the
    axes (the path is clipped there), so the run seemed to vanish."""

    surface = get_surface("quadratic")
    (result,) = run_many(surface, [RunConfig("sgd", 1.5)], 60, 0)
    assert result.outcome == "diverged"
    fig = trajectory_figure(surface, [result], ["SGD lr=1.5"])
    end = fig.data[2]
    (x0, x1), (y0, y1) = surface.bounds
    assert end.marker.symbol == "x" and end.cliponaxis is False
    # its one step, (-4, 1.5) -> (8, -43.5), crosses the bottom edge at x = -4 + 12 * 4 / 45
    assert (end.x[0], end.y[0]) == pytest.approx((-4 + 12 * 4 / 45, y0), abs=1e-5)
    assert tuple(fig.layout.xaxis.range) == (x0, x1)  # the view is not zoomed out to reach it
    # the line keeps the step's direction to the view's margin (each coordinate clipped on its own
    # bent it towards (8, -7.5))
    line = fig.data[1].to_plotly_json()

    def last(values):  # a packed float32 array (figures_optim.packed), or a list
        import base64

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype="f4")[-1] if isinstance(values, dict) \
            else values[-1]

    assert (last(line["x"]), last(line["y"])) == pytest.approx((-4 + 12 * 9 / 45, -7.5), abs=1e-5)


def test_runs_that_all_diverge_at_their_first_step_are_not_said_to_share_a_path():
    from ui.figures_optim import coinciding_note

    surface = get_surface("quadratic")
    blown = run_many(surface, [RunConfig("sgd", 50.0), RunConfig("momentum", 50.0)], 20, 0)
    assert [(r.outcome, r.diverged_at) for r in blown] == [("diverged", 1), ("diverged", 1)]
    assert coinciding_note(blown, ["SGD", "Momentum"]) is None
    shared = run_many(surface, [RunConfig("sgd", 0.01), RunConfig("sgd", 0.01)], 20, 0)
    assert coinciding_note(shared, ["one", "two"]) == \
        "one and two take the same path here (two is drawn dashed over it)."


def test_a_sweep_names_its_optimisers_and_its_shaded_regions():
    """The live-check walk-through: "Run it" on a sweep showed a legend "sgd" and three coloured
    bands that nothing named."""
    from engine.optim.surfaces import get_surface
    from engine.optim.sweep import log_lrs, lr_sweep
    from ui.figures_optim import sweep_figure

    fig = sweep_figure(lr_sweep(get_surface("quadratic"), ["sgd"], log_lrs(1e-3, 2, 60), 200))
    assert {t.name for t in fig.data if t.showlegend is not False} == {"SGD"}
    named = {a.text for a in fig.layout.annotations}
    assert {"too low", "too high"} <= named
    assert all(a.yref == "y domain" for a in fig.layout.annotations if a.text in ("too low", "good", "too high"))


def test_a_narrow_loss_axis_labels_its_ticks_apart():
    """Two walk-throughs read "2.35" at all four ticks of a loss that moved from 2.347 to 2.352."""
    axis = log_axis([2.347, 2.3495, 2.352])
    assert len(set(axis["ticktext"])) == len(axis["tickvals"]) >= 2


@pytest.mark.parametrize("values", [[0.867, 0.869, 0.870], [0.5, 0.5], [0.1, 0.99], [0.9991, 0.9995],
                                    [0.85, 1.0], [1.0, 1.0], [0.0, 1.0]])
def test_an_accuracy_axis_ticks_inside_0_to_100_and_its_ticks_differ(values):
    """An accuracy of 86.7-87.0% read "87%" at every tick, on an axis down to -50%."""
    from ui.figures_optim import share_axis

    axis = share_axis(values)
    lo, top = axis["range"]
    assert 0 <= lo < min(values) or lo == min(values) == 0
    assert max(values) < top <= max(values) + max(0.08 * (max(values) - min(values)), 0.002) + 1e-12
    ticks = axis["tickvals"]
    assert 3 <= len(ticks) <= 7 and all(lo <= t <= min(top, 1.0) for t in ticks)
    decimals = int(axis["tickformat"][1])
    assert len({f"{t:.{decimals}%}" for t in ticks}) == len(ticks)


def test_a_run_at_100_percent_accuracy_draws_under_the_panels_top():
    """Capped at 100%, the axis drew such a run along the panel's top edge: its markers cut in half
    and the panel's title ("Training accuracy") sitting on its line. No tick passes 100%."""
    from ui.figures_optim import share_axis

    axis = share_axis([0.84, 0.97, 1.0])
    lo, top = axis["range"]
    assert (top - 1.0) / (top - lo) >= 0.05 and max(axis["tickvals"]) == 1.0


def _seen(hex_colour: str, deficiency: str) -> np.ndarray:
    """CIELAB of a colour as seen with full deuteranopia or protanopia (Machado, Oliveira and Fernandes
    2009, severity 1, applied in linear RGB), or with normal vision ("none")."""
    machado = {"deut": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]],
               "prot": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                        [-0.003882, -0.048116, 1.051998]],
               "none": np.eye(3)}
    c = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.clip(np.asarray(machado[deficiency]) @ np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4),
                     0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ linear
    f = np.cbrt(np.maximum(xyz / np.array([0.95047, 1.0, 1.08883]), 0.008856))
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def test_the_first_six_run_colours_stay_apart_for_red_green_colour_blindness():
    """The order before drew the Presenter's decay demo red beside green (the lecturer's walk-through);
    simulated, its closest pair was the first run's blue and the fourth's purple, 5.3 apart for a
    deuteranope."""
    from itertools import combinations

    from ui.figures_optim import PALETTE

    for kind in ("deut", "prot", "none"):
        for a, b in combinations(PALETTE[:6], 2):
            assert np.linalg.norm(_seen(a, kind) - _seen(b, kind)) >= 15, (kind, a, b)


def test_a_schedules_rate_axis_writes_small_rates_as_numbers_not_micro():
    # plotly's own ticks read "20μ" beside a question and key written in 1e-4 notation (learners' walk-through)
    from engine.sim.scenarios import Measurement
    from ui.sim_figures import schedule_figures

    rates = list(np.linspace(1e-4, 1e-5, 50))
    (fig,) = schedule_figures(Measurement("schedule", {}, raw=rates), {"at": 10}).figures
    assert fig.layout.yaxis.tickformat == ".3~g"


def test_the_search_labs_log_axes_are_labelled_as_the_other_labs_are():
    """A regret from 70 down to 1.6 read "5, 2, 10, 5, 2" on a phone: plotly's bare minor digits."""
    from types import SimpleNamespace

    import numpy as np

    from engine.search.space import Param, SearchSpace
    from ui.figures_search import _axis, best_so_far_figure, seeds_band_figure

    run = SimpleNamespace(optimum=0.0, maximize=False, best_so_far=lambda: [70.0, 40.0, 11.0, 11.0, 1.6])
    axis = best_so_far_figure({"random": run}, {"random": "Random search"}).layout.yaxis
    assert axis.type == "log" and list(axis.ticktext) == ["2", "5", "10", "20", "50"]
    band = seeds_band_figure({"random": np.array([[70.0, 11.0, 1.6], [60.0, 9.0, 2.0]])}, {"random": "Random"},
                             maximize=False, optimum=0.0).layout.yaxis
    assert band.type == "log" and list(band.ticktext) == ["2", "5", "10", "20", "50"]
    space = SearchSpace([Param("alpha", "float", 0.5, 20.0, log=True)])
    assert _axis(space, "alpha")["ticktext"] == ["0.5", "1", "2", "5", "10", "20"]


def test_a_run_that_diverged_says_so_in_the_loss_legend_and_run_it_shows_the_steps_asked_for():
    """A question's "Run it" drew SGD's loss to step 25 of the 60 asked for, a cross at its end, and
    nothing saying it had diverged (the audit of every page)."""
    import yaml

    from engine.sim.scenarios import run_scenario
    from tests.conftest import ROOT
    from ui.sim_figures import optimizer_figures

    bank = yaml.safe_load((ROOT / "content" / "check-optimisers.yaml").read_text())
    sim = next(q for q in bank["questions"] if q["id"] == "live-sgd-x2-lr-1-1")["simulation"]
    _, loss = optimizer_figures(run_scenario(sim["scenario"], sim["params"]), sim["params"]).figures
    assert [t.name for t in loss.data if t.showlegend is not False] == ["SGD, lr 1.1 (diverged)"]
    assert loss.layout.xaxis.range[1] == 60


def test_a_tiles_long_word_breaks_where_it_joins_two():
    """"Model and architecture hyperparameters" left its tile nameless on a phone: the word, whole,
    was wider than the tile (tests/browser/test_topic_map_phone.py counts the tiles named)."""
    import doctest

    import ui.figures
    from engine.content.topics import TOPICS

    assert doctest.testmod(ui.figures).failed == 0
    for title, _ in TOPICS.values():
        lines = ui.figures.tile_lines(title)
        assert all(len(line) <= 12 for line in lines), lines
        def letters(text: str) -> str:
            return "".join(ch for ch in text if ch.isalnum())

        assert letters("".join(lines)) == letters(title)  # nothing lost


def test_the_loss_and_rate_charts_share_their_step_axis_and_plot_area():
    """The rate's drop at step 50 sat 12 px off the loss's kink below it (a lecturer's walk)."""
    from engine.optim.run import RunConfig, run_many
    from engine.optim.schedules import ScheduleSpec
    from engine.optim.surfaces import get_surface
    from ui.figures_optim import loss_figure, lr_figure

    surface = get_surface("quadratic")
    runs = run_many(surface, [RunConfig("sgd", 0.01, schedule=ScheduleSpec("step", {"step_size": 50, "gamma": 0.5}))],
                    200)
    for font in (None, 18):
        loss, rate = (f(*args, ["SGD"], font_size=font, steps=200) for f, args in
                      ((loss_figure, (surface, runs)), (lr_figure, (runs,))))
        for part in ("xaxis.range", "margin.l", "margin.r", "yaxis.automargin"):
            a, b = loss.layout, rate.layout
            for key in part.split("."):
                a, b = a[key], b[key]
            assert a == b, (font, part, a, b)
        assert tuple(loss.layout.xaxis.range) == (-4, 200)


@pytest.mark.parametrize("font", [None, 18])
def test_a_legend_across_the_top_is_placed_from_the_figures_top_not_the_plots(font):
    """At 1920 px with large text the loss chart's legend lay over its plot, hiding SGD lr=0.1 from
    step 0 to 118 (the lecturer's walk): Plotly placed a legend given in plot units (y=1.02) from a
    top margin that shrank after the chart, drawn first narrower (its tab not yet open), widened,
    and did not place it again. Placed from the figure's top it depends on no margin, and Plotly
    reserves the plot's top under its bottom; with a toolbar, the legend starts under its row."""
    import plotly.graph_objects as go

    from engine.optim.surfaces import get_surface
    from engine.optim.sweep import log_lrs, lr_sweep
    from ui.figures import TOOLBAR_ROW, keep_toolbar_row
    from ui.figures_optim import lr_figure, sweep_figure

    surface = get_surface("quadratic")
    configs = [RunConfig(name, lr) for name in ("sgd", "momentum", "adam") for lr in (0.01, 0.1)]
    runs, labels = run_many(surface, configs, 200), [run_label(c) for c in configs]

    class RT:
        lrs = list(np.logspace(-5, 0, 50))
        losses = smoothed = list(np.linspace(2.3, 0.5, 50))
        suggestion, min_loss_lr = 0.000565, 0.3

    figures = {"loss": loss_figure(surface, runs, labels, font_size=font, steps=200),
               "lr": lr_figure(runs, labels, font_size=font, steps=200),
               "paths": trajectory_figure(surface, runs, labels, font_size=font, own_controls=False),
               "sweep": sweep_figure(lr_sweep(surface, ["sgd", "adam"], log_lrs(1e-3, 2, 20), 50), font_size=font),
               "range test": range_test_figure(RT(), font_size=font)}
    for name, fig in figures.items():
        legend = fig.layout.legend
        placed = (legend.orientation, legend.xref, legend.x, legend.xanchor, legend.yref, legend.y, legend.yanchor)
        assert placed == ("h", "paper", 0, "left", "container", 1, "top"), name
        assert legend.font.size == font, name
        kept = go.Figure(fig)
        keep_toolbar_row(kept)
        assert (1 - kept.layout.legend.y) * kept.layout.height == pytest.approx(TOOLBAR_ROW), name


def _frame_xy(trace) -> tuple:
    """A trace's coordinates as plain tuples, whether packed (figures_optim.packed) or lists."""
    import base64

    def plain(values):
        if isinstance(values, dict):
            return tuple(np.frombuffer(base64.b64decode(values["bdata"]), dtype="f4").tolist())
        return tuple(values or ())
    data = trace if isinstance(trace, dict) else trace.to_plotly_json()
    return plain(data.get("x")), plain(data.get("y"))


def test_every_path_runs_over_a_white_casing_that_moves_and_hides_with_it():
    """The accessibility audit (W2): over the darkest band of the surface's picture, round the minimum
    where every path ends, the paths' colours stood at 1.0 to 1.4:1. Each path now runs over a wider
    white line in its legend group (a click on the run in the legend hides both), which every frame of
    the animation moves to the same points as the path."""
    p = PRESETS["lr-regimes"]
    surface = get_surface(p.surface, **dict(p.surface_params))
    configs = p.configs(0.24)
    results = run_many(surface, configs, p.steps, 0)
    labels = [c.label for c in configs]
    fig = trajectory_figure(surface, results, labels, frames=8)
    paths = [i for i, t in enumerate(fig.data) if t.mode == "lines+markers"]
    casings = [i for i, t in enumerate(fig.data) if t.mode == "lines" and t.hoverinfo == "skip"]
    assert len(paths) == len(casings) == len(results)
    assert max(casings) < min(paths)  # every casing under every path (one over a twin dashed over it hid it)
    for c, q in zip(casings, paths):
        casing, path = fig.data[c], fig.data[q]
        assert casing.showlegend is False and casing.legendgroup == path.legendgroup is not None
        assert casing.line.width > path.line.width and casing.line.color == "#ffffff"
        assert _frame_xy(casing) == _frame_xy(path)
    ends = [t for t in fig.data if t.mode == "markers" and t.name != "minimum"]
    assert {t.legendgroup for t in ends} == {fig.data[q].legendgroup for q in paths}  # the end hides with its run
    for frame in fig.frames:
        moved = dict(zip(frame.traces, frame.data))
        assert set(casings) | set(paths) <= set(moved)
        for c, q in zip(casings, paths):
            assert _frame_xy(moved[c]) == _frame_xy(moved[q]) and moved[c].legendgroup == moved[q].legendgroup


def test_each_run_colour_stands_out_from_its_casing_and_the_page_and_not_from_every_band():
    """3:1 is what a line needs against what is next to it (WCAG 1.4.11): the white casing (and page)
    for every colour of the palette, which no colour reaches against every band of the surface."""
    from ui.figures import contrast
    from ui.figures_optim import CASING, PALETTE
    from ui.surface_image import band_colours

    bands = ["#%02x%02x%02x" % tuple(int(round(v)) for v in rgb) for rgb in band_colours()]
    for c in PALETTE:
        assert contrast(c, CASING) >= 3 and contrast(c, "#ffffff") >= 3, c
        assert min(contrast(c, b) for b in bands) < 3  # why the casing is there
    assert min(contrast(CASING, b) for b in bands[:4]) >= 3  # the casing shows on the dark bands round the minimum
