"""Each presenter demo shows what its story says, at its default settings."""

from __future__ import annotations

import pytest

from engine.optim.presets import PRESETS
from engine.optim.run import run_many, tail_window
from engine.optim.surfaces import get_surface


def runs(key: str, lr: float | None = None, seed: int = 0):
    p = PRESETS[key]
    surface = get_surface(p.surface, **dict(p.surface_params))
    return run_many(surface, p.configs(p.lr if lr is None else lr), p.steps, seed)


def test_regime_buttons_show_their_regimes():
    outcomes = {label: runs("lr-regimes", lr)[0].outcome for label, lr in PRESETS["lr-regimes"].marks}
    assert outcomes == {"Too low": "still descending", "About right": "converged", "Oscillating": "oscillating",
                        "Too high": "diverged"}


def test_momentum_gets_down_the_ravine_first():
    sgd, momentum = runs("ravine")
    assert sgd.outcome == "still descending" and sgd.steps_to_threshold is None
    assert momentum.outcome == "converged" and momentum.steps_to_threshold < PRESETS["ravine"].steps / 2


def test_one_adam_rate_suits_both_directions_where_sgd_blows_up():
    sgd, adam = runs("adam-vs-sgd")
    assert sgd.outcome == "diverged" and adam.outcome == "converged"
    # the labs' audit: the story told of SGD crawling and the room saw it blow up; both are shown now
    safe = dict(PRESETS["adam-vs-sgd"].marks)["Safe for SGD"]
    sgd, _ = runs("adam-vs-sgd", safe)
    assert safe < 1 / 100 and sgd.outcome == "still descending"


@pytest.mark.parametrize("seed", range(8))
def test_every_decay_ends_far_below_the_constant_rate(seed):
    # the story holds for any noise draw, not only for the one the presenter shows (seed 0)
    constant, *decayed = runs("decay", seed=seed)
    for r in decayed:
        assert r.tail_loss < constant.tail_loss / 3, (r.config.label, r.tail_loss, constant.tail_loss)
    assert tail_window(len(constant.losses)) == PRESETS["decay"].steps // 5


def test_the_rate_picks_the_minimum_on_himmelblau():
    ends = {}
    for label, lr in PRESETS["minima"].marks:
        (r,) = runs("minima", lr)
        ends[label] = (r.outcome, tuple(round(float(v), 2) for v in r.trajectory[-1]))
    assert ends == {"Lower-right minimum": ("converged", (3.58, -1.85)),
                    "Upper-right minimum": ("converged", (3.0, 2.0)),
                    "Cannot settle": ("oscillating", ends["Cannot settle"][1])}


def test_the_decay_story_says_what_its_rate_chart_shows():
    """It said 1/t decays slowly and exponential fast, while 1/t's rate was the lower until step 80
    (a lecturer's walk in Chromium)."""
    from engine.optim.schedules import lr_values  # held to torch's schedulers by their own tests

    p = PRESETS["decay"]
    assert "below exponential until about step 80" in p.story

    def rates(name: str) -> list[float]:
        (run,) = [r for r in p.runs if r.label.startswith(name)]
        return list(lr_values(run.schedule, p.lr, p.steps))

    exp, inv = rates("Exponential"), rates("1/t")
    crossing = next(t for t in range(1, p.steps) if inv[t] > exp[t])
    assert 75 <= crossing <= 85 and all(inv[t] < exp[t] for t in range(1, crossing))


def test_the_decay_story_says_where_cosine_keeps_the_highest_rate():
    """Cosine joined the demo (a lecturer's walk: no cosine in the Presenter, though the banks ask about
    it); the story's span, steps 50 to about 155, is read off the rates, and the rate ends near zero."""
    from engine.optim.schedules import lr_values

    p = PRESETS["decay"]
    assert "from step 50 to about step 155" in p.story
    rates = {r.label: lr_values(r.schedule, p.lr, p.steps) for r in p.runs[1:]}
    cosine = rates.pop(next(label for label in rates if label.startswith("Cosine")))
    highest = [t for t in range(p.steps) if all(cosine[t] > v[t] for v in rates.values())]
    assert highest == list(range(50, highest[-1] + 1)) and 150 <= highest[-1] <= 160
    assert cosine[-1] < p.lr / 1000
    # the slider's other step counts: T_max follows the run, so the rate still ends near zero
    for steps in (100, 500):
        run = next(r for r in p.runs if r.label.startswith("Cosine"))
        assert lr_values(run.schedule, p.lr, steps)[-1] < p.lr / 1000
