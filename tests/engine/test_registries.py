"""One registry per concept: the names engine/sim/params.py writes down equal the registries',
and every entry carries what the pages show about it (issue 12, 2)."""

from __future__ import annotations

from typing import get_args

import pytest

from engine.optim.optimizers import OPTIMIZERS
from engine.optim.schedules import SCHEDULES
from engine.optim.surfaces import SURFACES, get_surface
from engine.optim.training import DATASETS
from engine.search.objectives import METRICS
from engine.search.strategies import STRATEGIES
from engine.sim import params
from engine.sim.scenarios import CV_EXPERIMENTS

PAIRS = [
    (params.OptimizerName, OPTIMIZERS),
    (params.ScheduleName, SCHEDULES),
    (params.SurfaceName, SURFACES),
    (params.StrategyName, STRATEGIES),
    (params.MetricName, METRICS),
    (params.TrainDataset, DATASETS),
    (params.CVExperiment, CV_EXPERIMENTS),
]


@pytest.mark.parametrize("literal, registry", PAIRS, ids=lambda v: getattr(v, "__name__", ""))
def test_param_names_equal_the_registry(literal, registry):
    assert list(get_args(literal)) == list(registry)


def test_params_writes_no_other_list_of_registry_names():
    # every field naming an optimiser, schedule... uses the aliases above, not a fresh Literal
    source = (params.__file__ and open(params.__file__, encoding="utf-8").read())
    for literal, _ in PAIRS:
        written = "Literal[" + ", ".join(f'"{n}"' for n in get_args(literal)) + "]"
        assert source.count(written) == 1, written


@pytest.mark.parametrize("name", list(OPTIMIZERS))
def test_optimizer_entry_is_complete(name):
    spec = OPTIMIZERS[name]
    assert spec.name == name and spec.title and spec.summary and spec.torch_class and spec.default_lr > 0


@pytest.mark.parametrize("name", list(SURFACES))
def test_surface_entry_is_complete(name):
    kind = SURFACES[name]
    assert kind.name == name and kind.title and get_surface(name).description


@pytest.mark.parametrize("name", list(METRICS))
def test_metric_entry_is_complete(name):
    m = METRICS[name]
    assert m.name == name and m.title and m.binary and m.multiclass


@pytest.mark.parametrize("name", list(SCHEDULES))
def test_schedule_defaults_are_the_only_parameters(name):
    entry = SCHEDULES[name]
    assert set(entry.resolve({}, 100)) == set(entry.defaults)
    with pytest.raises(ValueError, match=f"schedule '{name}' has no parameter bogus"):
        entry.resolve({"bogus": 1.0}, 100)


def test_the_schema_names_every_scenario_of_the_registry():
    from engine.content.schema import Scenario
    from engine.sim.params import SCENARIO_PARAMS
    from engine.sim.scenarios import SCENARIOS

    assert set(get_args(Scenario)) == set(SCENARIOS) == set(SCENARIO_PARAMS)


@pytest.mark.parametrize("name", list(CV_EXPERIMENTS))
def test_cv_experiment_entry_is_complete(name):
    spec = CV_EXPERIMENTS[name]
    assert spec.name == name and spec.title and callable(spec.check_cost) and callable(spec.run)
