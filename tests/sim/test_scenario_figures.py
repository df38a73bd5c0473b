"""Every scenario a question can run draws a figure of what it measured (conformance)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from engine.sim.scenarios import SCENARIOS, run_scenario
from tests.ui.test_figure_ink import axes_inked
from ui.sim_figures import SCENARIO_FIGURES, scenario_figures

MOONS_RUN = {"label": "sgd", "optimizer": "sgd", "lr": 0.1, "batch_size": 64}
CV = {"dataset": "iris", "model": "logistic", "model_params": {"C": 1.0}}

#: a small, quick case of every scenario (and of every cross-validation experiment)
CASES = {
    "optimizer": {"surface": "quadratic", "steps": 20, "runs": [{"label": "sgd", "optimizer": "sgd", "lr": 0.05}]},
    "schedule": {"schedule": "cosine", "lr0": 0.1, "steps": 50, "at": 10},
    "lr_sweep": {"surface": "quadratic", "optimizer": "sgd", "lr_min": 1e-3, "lr_max": 1.0, "n": 10, "steps": 20},
    "training": {"dataset": "moons", "hidden": [8], "epochs": 2, "runs": [MOONS_RUN]},
    "search_comparison": {"objective": "branin", "strategies": ["random", "grid"], "budget": 4},
    "cross_validation/stratification": {"experiment": "stratification", **CV, "seeds": [0, 1]},
    "cross_validation/k_variance": {"experiment": "k_variance", **CV, "ks": [2, 5], "seeds": [0, 1]},
    "cross_validation/overtuning": {"experiment": "overtuning", **CV, "budget": 2, "folds": 2, "outer_folds": 2},
    "fitting": {"epochs": 20, "record_every": 5, "runs": [{"label": "cubic", "degree": 3, "lr": 0.05}]},
    "range_test": {"dataset": "moons", "hidden": [8], "optimizer": "sgd", "num_iter": 20},
}


def test_every_registered_scenario_has_a_figure_and_a_case():
    assert set(SCENARIO_FIGURES) == set(SCENARIOS)
    assert {name.split("/")[0] for name in CASES} == set(SCENARIOS)


@pytest.mark.parametrize("case", list(CASES))
def test_every_scenario_draws_what_it_measured(case):
    scenario, params = case.split("/")[0], CASES[case]
    m = run_scenario(scenario, params)
    drawn = scenario_figures(m, params)
    assert drawn.figures and all(isinstance(f, go.Figure) for f in drawn.figures)
    for fig in drawn.figures:
        points = sum(len(t.y) if getattr(t, "y", None) is not None else len(getattr(t, "z", None) or ())
                     for t in fig.data)
        assert points > 0, f"{case}: a figure with nothing drawn"
        assert axes_inked(fig), f"{case}: axis text in the theme's faint grey"
    if drawn.widths is not None:
        assert len(drawn.widths) == len(drawn.figures)


def test_the_cross_validation_figure_shows_every_fold_of_every_seed():
    params = CASES["cross_validation/stratification"]
    m = run_scenario("cross_validation", params)
    fig = scenario_figures(m, params).figures[0]
    assert [len(t.y) for t in fig.data] == [2 * 3, 2 * 3]  # two seeds x three folds, plain and stratified
    assert "std" in fig.data[0].name and f"{m.values['plain.std']:.4f}" in fig.data[0].name


def test_a_search_comparison_says_what_regret_is_and_which_strategy_stopped_short():
    """On Hartmann-6 at 12 evaluations the grid is one point: a lone dot at evaluation 1, and a
    regret axis beside a question that quotes values (a learner's walk in Chromium)."""
    params = {"objective": "hartmann6", "strategies": ["grid", "random"], "budget": 12, "seeds": [3]}
    drawn = scenario_figures(run_scenario("search_comparison", params), params)
    assert "Regret is how far the best value so far is above the known minimum, -3.322." in drawn.caption
    assert "Grid search made 1 evaluation of the 12 allowed: the largest full grid within the budget." in drawn.caption
    assert [t.name for t in drawn.figures[0].data] == ["Grid search", "Random search"]


@pytest.mark.parametrize("case, names", [("optimizer", ("PATHS_ALT", "LOSS_ALT")), ("training", ("TRAINING_ALT",)),
                                         ("schedule", (None,))])
def test_a_chart_a_lab_draws_too_is_named_as_the_lab_names_it(case, names):
    """"Run it" named its paths "Chart of y against x" where the Optimizer lab says what they show (the
    accessibility audit, M2); a chart no lab draws keeps the name its axes give it (``alt`` None)."""
    import ui.figures

    params = CASES[case]
    drawn = scenario_figures(run_scenario(case, params), params)
    assert [drawn.alt(i) for i in range(len(drawn.figures))] == \
        [None if n is None else getattr(ui.figures, n) for n in names]
