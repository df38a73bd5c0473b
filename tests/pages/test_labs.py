"""Optimizer lab, training lab and presenter mode through AppTest."""

from __future__ import annotations

import pytest

from engine.optim.presets import LR_CHOICES, PRESETS
from tests.pages.conftest import button, frame

OL, TL, PM = "app_pages/optimizer_lab.py", "app_pages/training_lab.py", "app_pages/presenter.py"


def test_optimizer_lab_runs_the_defaults(app):
    at = app(OL)
    assert not at.exception, at.exception
    assert at.title[0].value == "Optimizer lab"
    table = frame(at, "Run")
    assert list(table["Run"]) == ["SGD", "SGD + momentum", "Adam"]
    assert set(table["Outcome"]) <= {"converged", "still descending", "oscillating"} | {
        o for o in table["Outcome"] if o.startswith("diverged")
    }
    assert len(at.get("plotly_chart")) >= 3


def test_optimizer_lab_several_rates_and_a_schedule(app):
    at = app(OL)
    at.text_input(key="ol.lrs").input("0.01, 0.1")
    at.multiselect(key="ol.optimizers").set_value(["sgd"])
    at.selectbox(key="ol.schedule").set_value("step")
    at = at.run()
    assert not at.exception
    assert list(frame(at, "Run")["Run"]) == ["SGD lr=0.01", "SGD lr=0.1"]


def test_optimizer_lab_says_when_a_run_never_reaches_the_threshold(app):
    at = app(OL)
    at.text_input(key="ol.lrs").input("0.0001, 0.05")  # 0.0001: far too low to get near in the default steps
    at.multiselect(key="ol.optimizers").set_value(["sgd"])
    at = at.run()
    assert not at.exception
    reached = dict(zip(frame(at, "Run")["Run"], frame(at, "Run")["Steps to threshold"]))
    assert reached["SGD lr=0.0001"] == "not reached"
    assert reached["SGD lr=0.05"].isdigit()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("ol.lrs", "-0.1", "learning rate must be > 0, got -0.1"),
        ("ol.lrs", "fast", "'fast' is not a number"),
    ],
)
def test_optimizer_lab_invalid_rate_is_a_message(app, field, value, message):
    at = app(OL)
    at.text_input(key=field).input(value)
    at = at.run()
    assert not at.exception
    assert message in at.error[0].value


def test_optimizer_lab_momentum_of_one_is_a_message(app):
    at = app(OL)
    at.number_input(key="ol.momentum").set_value(1.0)
    at = at.run()
    assert not at.exception
    assert "momentum must be >= 0 and < 1, got 1.0" in at.error[0].value


def test_optimizer_lab_too_many_runs_is_a_message(app):
    at = app(OL)
    at.text_input(key="ol.lrs").input(", ".join(str(0.001 * i) for i in range(1, 6)))
    at = at.run()
    assert "at most 12 runs at once (15 asked)" in at.error[0].value


def test_training_lab_trains_and_shows_curves(app):
    at = app(TL)
    assert not at.exception
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(2)
    at = button(at.run(), "Train").click().run(timeout=120)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 1
    runs = list(frame(at, "Run")["Run"])
    assert runs == ["SGD lr=0.05", "SGD + momentum lr=0.05", "Adam lr=0.001", "AdamW lr=0.003 cosine annealing"]


def test_training_lab_range_test_preset_opens_its_tab(app):
    at = app(TL, preset="range-test")
    assert not at.exception
    assert at.session_state["tl.tab"] == "Learning-rate range test"
    assert "Press **Run the range test**" in at.info[0].value
    at = app(TL, preset="overfit")
    assert at.session_state["tl.tab"] == "Compare runs" and "Press **Train**" in at.info[0].value


def test_training_lab_range_test(app):
    at = app(TL)
    at.selectbox(key="tl.dataset").set_value("moons")
    at.number_input(key="tl.rt.iters").set_value(40)
    at = button(at.run(), "Run the range test").click().run(timeout=120)
    assert not at.exception, at.exception
    labels = {m.label: m.value for m in at.metric}
    assert float(labels["Suggested rate (steepest fall)"]) > 0


def test_presenter_preset_restored_from_the_url(app):
    at = app(PM, preset="ravine", lr="0.01", steps="60")
    assert not at.exception, at.exception
    assert at.title[0].value == PRESETS["ravine"].title
    assert at.select_slider(key="lr").value == 0.01
    assert at.select_slider(key="steps").value == 60
    text = " ".join(m.value for m in at.markdown)
    assert "SGD (lr 0.01)" in text and "SGD + momentum 0.9 (lr 0.01)" in text
    assert any("?preset=ravine&lr=0.01&steps=60" in c.value for c in at.caption)


def test_presenter_regime_buttons_change_the_rate(app):
    at = app(PM, preset="lr-regimes")
    at = button(at, "Too high: 0.3").click().run()
    assert at.select_slider(key="lr").value == 0.3
    assert any(":red[Diverged]" in m.value for m in at.markdown)
    at = button(at, "Too low: 0.01").click().run()
    assert any(":blue[Still descending]" in m.value for m in at.markdown)


def test_presenter_unknown_preset_falls_back(app):
    at = app(PM, preset="nope")
    assert not at.exception
    assert at.title[0].value == next(iter(PRESETS.values())).title


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_runs(app, key):
    at = app(PM, preset=key)
    assert not at.exception, at.exception
    assert PRESETS[key].lr in LR_CHOICES


def test_lab_runs_land_in_the_run_history(app):
    at = app(OL)
    at = button(at, "Keep these runs in the run history").click().run()
    at.text_input(key="ol.lrs").input("0.02")
    at.run()
    at = button(at, "Keep these runs in the run history").click().run()
    hist = app("app_pages/history.py")
    assert not hist.exception, hist.exception
    runs = frame(hist, "Kind")
    assert (runs["Kind"] == "Optimizer lab").sum() == 2  # kept twice: the defaults, then lr 0.02
    assert not any(b.disabled for b in hist.get("download_button"))
    compare = frame(hist, "Differs")
    assert compare["Differs"].all() and any("lr" in f for f in compare["Field"])


def test_empty_run_history_is_a_message(app):
    at = app("app_pages/history.py")
    assert not at.exception
    assert "No runs yet" in at.info[0].value
