"""The figures quoted by the check-search bank (``cs-*``).

Every question of this bank is proved by a simulation, so it types no number of its own. What a
simulation does not measure is the text around it: the learning-rate refinement question quotes the
losses of runs its simulation does not make (the first grid, and the points of the wrong grids beside
their best one). Those are computed here twice: by plain gradient descent written out in numpy, and
by the engine's own optimizer scenario, and the quoted figures are asserted against both.
"""

from __future__ import annotations

import numpy as np

BANKS = ("check-search",)

CHECKS: dict = {}

#: the refinement question's setting: f = x² + 10y² from (−4, 1.5), 50 steps of plain gradient descent
_CONDITION, _START, _STEPS = 10.0, (-4.0, 1.5), 50
_FIRST = (0.003, 0.03, 0.3, 3.0)
_GRIDS = {
    "below": (0.005, 0.01, 0.015, 0.02),
    "ring": (0.025, 0.028, 0.032, 0.035),
    "up": (0.04, 0.06, 0.09, 0.13),
    "under": (0.12, 0.16, 0.2, 0.25),
}


def _numpy_losses(lrs) -> dict[float, float]:
    """Loss after the steps at each rate (inf once a run has blown up), stepped in numpy."""
    out = {}
    with np.errstate(over="ignore", invalid="ignore"):
        for lr in lrs:
            p = np.array(_START)
            curvature = np.array([2.0, 2.0 * _CONDITION])
            for _ in range(_STEPS):
                p = p - lr * curvature * p
            loss = float(p[0] ** 2 + _CONDITION * p[1] ** 2)
            closed = 16.0 * (1 - 2 * lr) ** (2 * _STEPS) + 22.5 * (1 - 20 * lr) ** (2 * _STEPS)
            assert np.isclose(loss, closed, rtol=1e-9) or not np.isfinite(loss) or loss > 1e6
            out[lr] = loss if np.isfinite(loss) and loss < 1e6 else np.inf
    return out


def _engine_losses(lrs) -> dict[float, float]:
    """The same runs through the engine's optimizer scenario (inf for a diverged run)."""
    from engine.sim.scenarios import run_scenario

    out = {}
    lrs = list(lrs)
    for i in range(0, len(lrs), 8):  # a scenario takes at most 8 runs
        chunk = lrs[i:i + 8]
        runs = [{"label": f"r{j}", "optimizer": "sgd", "lr": lr} for j, lr in enumerate(chunk)]
        v = run_scenario("optimizer", {"surface": "quadratic", "surface_params": {"condition": _CONDITION},
                                       "steps": _STEPS, "runs": runs}).values
        for j, lr in enumerate(chunk):
            out[lr] = np.inf if v[f"r{j}.outcome"] == "diverged" else v[f"r{j}.final_loss"]
    return out


def _lr_grid_refine_figures() -> None:
    """First grid: about 8.8 at 0.003, 0.033 at 0.03, 0.3 and 3 diverge. Second grids: 0.09 ends near
    4e-8, 0.06 near 4.5e-5, 0.04 near 0.0038, 0.13 diverges; the grid below the winner is best at 0.02
    (0.27, worse than 0.03), the ring around it at 0.035 (0.011, about threefold better), the grid under
    0.3 diverges at every point and 0.12 diverges last. Factors 0.82 and -0.8 at 0.09, -1.6 at 0.13;
    edge 2/20 = 0.1, best constant rate 2/22 ~ 0.09. The simulation's runs are the ones the note names."""
    from engine.content.loader import load_library
    from engine.sim.scenarios import run_scenario
    from tests.conftest import ROOT

    lrs = sorted({*_FIRST, *(lr for grid in _GRIDS.values() for lr in grid)})
    numpy_losses, engine_losses = _numpy_losses(lrs), _engine_losses(lrs)
    for lr in lrs:
        a, b = numpy_losses[lr], engine_losses[lr]
        assert (np.isinf(a) and np.isinf(b)) or np.isclose(a, b, rtol=1e-9), (lr, a, b)
    for losses in (numpy_losses, engine_losses):
        assert round(losses[0.003], 1) == 8.8 and round(losses[0.03], 3) == 0.033
        assert np.isinf(losses[0.3]) and np.isinf(losses[3.0])
        best = {name: min(grid, key=lambda lr: losses[lr]) for name, grid in _GRIDS.items()}
        assert best == {"below": 0.02, "ring": 0.035, "up": 0.09, "under": 0.12}
        assert round(losses[0.09] * 1e8) == 4 and round(losses[0.06] * 1e5, 1) == 4.5
        assert round(losses[0.04], 4) == 0.0038 and np.isinf(losses[0.13])
        assert round(losses[0.02], 2) == 0.27 and losses[0.02] > losses[0.03]
        assert round(losses[0.035], 3) == 0.011 and round(losses[0.03] / losses[0.035]) == 3
        assert all(np.isinf(losses[lr]) for lr in _GRIDS["under"])
        # the right grid wins by orders of magnitude over every other grid's best point
        assert losses[0.09] < 1e-3 * min(losses[best[name]] for name in ("below", "ring"))
    assert (round(1 - 2 * 0.09, 2), round(1 - 20 * 0.09, 2), round(1 - 20 * 0.13, 2)) == (0.82, -0.8, -1.6)
    assert 2 / 20 == 0.1 and round(2 / 22, 2) == 0.09
    # 0.12 is the point of the grid under 0.3 that holds out longest, as the note says
    runs = [{"label": f"d{j}", "optimizer": "sgd", "lr": lr} for j, lr in enumerate(_GRIDS["under"])]
    v = run_scenario("optimizer", {"surface": "quadratic", "surface_params": {"condition": _CONDITION},
                                   "steps": _STEPS, "runs": runs}).values
    assert max(range(4), key=lambda j: v[f"d{j}.diverged_at"]) == 0
    # the question runs the first grid's winner, the right grid in full and each other grid's best point
    sim = load_library([ROOT / "content"]).question("cs-lr-grid-refine-second-pass").simulation
    assert sim.params["steps"] == _STEPS and sim.params["surface_params"] == {"condition": _CONDITION}
    assert sorted(r["lr"] for r in sim.params["runs"]) == sorted([0.03, 0.02, 0.035, *_GRIDS["up"], 0.12])


#: figures the text of a question with no typed number quotes (tests/content/test_reference_numbers.py)
FIGURES = {
    "cs-lr-grid-refine-second-pass": _lr_grid_refine_figures,
}
