"""The search-space description: validation, conditional parameters, the unit box."""

from __future__ import annotations

import numpy as np
import pytest

from engine.search.space import Param, SearchSpace
from tests.search.test_strategies import TREE


@pytest.mark.parametrize("params, message", [
    ((), "empty"),
    ((Param("a", "float", 0, 1), Param("a", "int", 0, 3)), "unique"),
    ((Param("g", "float", 0, 1, when=("kernel", ("rbf",))),
      Param("kernel", "categorical", choices=("rbf",))), "listed before it"),
    ((Param("C", "float", 1, 2), Param("g", "float", 0, 1, when=("C", (1.0,)))), "categorical"),
    ((Param("kernel", "categorical", choices=("rbf",)),
      Param("g", "float", 0, 1, when=("kernel", ("sigmoid",)))), "no choice 'sigmoid'"),
])
def test_bad_spaces_are_refused_with_a_reason(params, message):
    with pytest.raises(ValueError, match=message):
        SearchSpace(params)


def test_a_condition_needs_values():
    with pytest.raises(ValueError, match="at least one of its values"):
        Param("g", "float", 0, 1, when=("kernel", ()))


def test_active_prune_and_contains():
    linear = {"kernel": "linear", "C": 1.0, "gamma": 0.1, "degree": 3}
    assert [p.name for p in TREE.active(linear)] == ["kernel", "C"]
    assert TREE.prune(linear) == {"kernel": "linear", "C": 1.0}
    assert not TREE.contains(linear)  # an inactive parameter does not belong in a configuration
    assert TREE.contains({"kernel": "linear", "C": 1.0})
    assert not TREE.contains({"kernel": "poly", "C": 1.0, "gamma": 0.1})  # degree is missing
    assert TREE.contains({"kernel": "poly", "C": 1.0, "gamma": 0.1, "degree": 3})


def test_unit_box_round_trip_puts_inactive_parameters_in_the_middle():
    rbf = {"kernel": "rbf", "C": 10.0, "gamma": 0.01}
    u = TREE.to_unit(rbf)
    assert u[3] == 0.5  # degree is off
    back = TREE.from_unit(u)
    assert back.keys() == rbf.keys() and back["kernel"] == "rbf"
    np.testing.assert_allclose([back["C"], back["gamma"]], [10.0, 0.01])
    linear = TREE.from_unit([0.1, 0.5, 0.5, 0.9])
    assert linear.keys() == {"kernel", "C"} and linear["kernel"] == "linear"
    assert linear["C"] == pytest.approx(1.0)


def test_descriptions_and_plain_data():
    assert TREE["gamma"].describe() == "gamma ∈ [0.001, 1] log (when kernel ∈ {rbf, poly})"
    assert TREE["degree"].describe() == "degree ∈ [2, 4] (when kernel = poly)"
    assert TREE["kernel"].describe() == "kernel ∈ {linear, rbf, poly}"
    assert TREE.to_dict()[3]["when"] == {"param": "kernel", "in": ["poly"]}
    assert not SearchSpace((Param("a", "float", 0, 1),)).conditional and TREE.conditional


def test_a_range_reads_without_pythons_padded_exponents():
    from engine.search.space import Param

    assert Param("gamma", "float", 1e-5, 1, log=True).describe() == "gamma ∈ [1e-5, 1] log"
    assert Param("C", "float", 0.01, 1000, log=True).describe() == "C ∈ [0.01, 1,000] log"
