"""Presenter mode: links restore exactly what they say, and only ▶ Play writes to the run history."""

from __future__ import annotations

import re

import pytest

from engine.optim.presets import PRESETS
from tests.pages.conftest import address, button, frame, history

PM, HIST = "app_pages/presenter.py", "app_pages/history.py"


def runs_logged(app) -> int:
    hist = app(HIST)
    assert not hist.exception, hist.exception
    if hist.info and "No runs yet" in hist.info[0].value:
        return 0
    return len(frame(hist, "Kind"))


def test_the_readme_link_opens_at_its_rate_and_steps(app):
    at = app(PM, preset="ravine", lr="0.018", steps="150")
    assert not at.exception, at.exception
    assert at.select_slider(key="lr").value == 0.018
    assert at.select_slider(key="steps").value == 150
    assert not at.toast and not at.info  # honoured exactly: nothing to explain
    assert any("SGD (lr 0.018)" in m.value for m in at.markdown)
    assert at.code[-1].value.endswith("/presenter?preset=ravine&lr=0.018&steps=150")  # the whole link, to copy


def test_lr_one_is_restored_and_reachable(app):
    at = app(PM, preset="lr-regimes", lr="1.0")
    assert at.select_slider(key="lr").value == 1.0
    assert 1.0 in at.select_slider(key="lr").options or "1" in at.select_slider(key="lr").options
    assert not at.toast and not at.info


@pytest.mark.parametrize("raw, shown, words", [
    ("10", 2.0, "above the slider's largest"),
    ("0.00001", 0.0001, "below the slider's smallest"),
    ("-0.5", PRESETS["lr-regimes"].lr, "must be greater than 0"),
    ("abc", PRESETS["lr-regimes"].lr, "not a number"),
])
def test_a_link_it_cannot_honour_says_why(app, raw, shown, words):
    at = app(PM, preset="lr-regimes", lr=raw)
    assert not at.exception, at.exception
    assert at.select_slider(key="lr").value == shown
    assert words in at.toast[0].value
    assert not at.run().toast  # said once: the slider shows what was read


def test_loading_and_moving_the_slider_log_nothing_play_logs_one(app):
    at = app(PM, preset="lr-regimes")
    at.select_slider(key="lr").set_value(0.24).run()
    at.select_slider(key="steps").set_value(60).run()
    button(at, "Too high: 0.3").click().run()
    assert not at.exception, at.exception
    assert runs_logged(app) == 0
    at = button(at, "▶ Play").click().run()
    assert not at.exception, at.exception
    hist = app(HIST)
    runs = frame(hist, "Kind")
    assert len(runs) == 1
    assert "lr 0.3" in runs["Run"][0] and "diverged" in runs["Results"][0]
    assert "{" not in runs["Results"][0]  # a readable summary, not JSON


def test_optimizer_lab_redraws_log_nothing_until_kept(app):
    at = app("app_pages/optimizer_lab.py")
    at.text_input(key="ol.lrs").input("0.02").run()
    assert not at.exception, at.exception
    assert runs_logged(app) == 0
    button(at, "Keep these runs in the run history").click().run()
    assert runs_logged(app) == 1


def test_history_compares_two_runs_of_the_same_kind_by_default(app):
    pm = app(PM, preset="ravine")
    button(pm, "▶ Play").click().run()
    ol = app("app_pages/optimizer_lab.py")
    button(ol, "Keep these runs in the run history").click().run()
    pm.select_slider(key="lr").set_value(0.02).run()
    button(pm, "▶ Play").click().run()
    hist = app(HIST)
    kinds = frame(hist, "Kind")["Kind"].tolist()
    assert len(kinds) == 3
    a, b = hist.selectbox(key="hist.a").value, hist.selectbox(key="hist.b").value
    runs = frame(hist, "Kind").set_index("#")
    assert runs.loc[a, "Run"].startswith("Presenter") and runs.loc[b, "Run"].startswith("Presenter")
    assert a != b
    # two kinds compared: said in English ("an Optimizer lab run", not "a Optimizer lab run")
    ol_id = int(runs.index[runs["Kind"] == "Optimizer lab"][0])
    hist.selectbox(key="hist.a").set_value(ol_id).run()
    assert any("Run A is an Optimizer lab run and run B a Presenter mode run" in c.value for c in hist.caption)
    # a filter that matches nothing says so in a sentence (it was an empty table, headers and all)
    hist.text_input(key="hist.text").input("zzzz").run()
    assert not hist.exception
    assert "No run matches these filters (3 runs kept)" in hist.info[0].value and not hist.dataframe


def test_reset_takes_the_demo_back_to_its_own_rate_and_steps(app):
    from engine.optim.presets import PRESETS

    at = app(PM, preset="ravine", lr="0.005", steps="300")
    reset = at.button(key="pm.reset")
    assert not reset.disabled
    at = reset.click().run()
    assert (at.session_state["lr"], at.session_state["steps"]) == (PRESETS["ravine"].lr, PRESETS["ravine"].steps)
    assert at.button(key="pm.reset").disabled  # nothing left to reset
    assert at.query_params["lr"] == f"{PRESETS['ravine'].lr:g}"  # and the link follows


def test_an_address_that_opens_the_demo_on_screen_is_not_written_again(app):
    """Each write is a history entry in the browser: a related demo's ?preset=decay written out in
    full took two presses of Back to leave (the learners' walk-through)."""
    at = app(PM, preset="decay")
    assert not at.exception, at.exception
    assert set(at.query_params) == {"preset"} and at.query_params["preset"] == "decay"
    at = at.run()  # a rerun keeps it too
    assert set(at.query_params) == {"preset"}
    from engine.links import lr_options

    at.select_slider(key="lr").set_value(lr_options(at.session_state["lr"])[0]).run()
    assert set(at.query_params) == {"preset", "lr", "steps"}  # a change of the demo is written whole
    bad = app(PM, preset="decay", lr="abc")  # a link it cannot honour is put right in the address
    assert bad.query_params["lr"] != "abc"


def test_the_demo_link_is_a_whole_address_to_copy(app, monkeypatch):
    monkeypatch.setenv("TUNELAB_BASE_URL", "https://tunelab.example.org/")
    at = app(PM, preset="ravine", lr="0.018", steps="150")
    assert at.code[-1].value == "https://tunelab.example.org/presenter?preset=ravine&lr=0.018&steps=150"


def test_runs_that_take_one_path_are_named_under_the_picture(app):
    # lr 2 on the noisy bowl: the four schedules leave together at their first step
    at = app(PM, preset="decay", lr="2", steps="200")
    assert not at.exception, at.exception
    assert any("take the same path here" in c.value for c in at.caption)


def paths_figure(at) -> dict:
    import json

    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith("-pm.paths")).proto.spec)


def test_the_picture_has_one_set_of_controls_the_widgets_under_it(app):
    """A lecturer saw three: Play / Pause at the top, plotly's own under the picture, and "Go to
    step". The chart's buttons are hidden (kept as the record of how to play) and its slider only
    reads out the step; Play, Pause and "Go to step" are the widgets, keyed as before."""
    at = app(PM, preset="ravine")
    assert not at.exception, at.exception
    layout = paths_figure(at)["layout"]
    assert layout["updatemenus"][0]["visible"] is False
    slider = layout["sliders"][0]
    assert slider.get("visible", True) and slider["bgcolor"] == slider["bordercolor"] == "rgba(0,0,0,0)"
    assert [b.label for b in at.button if "Play" in b.label or "Pause" in b.label] == ["▶ Play", "❚❚ Pause"]
    assert at.button(key="pm.play") and at.button(key="pm.paths.pause") and at.select_slider(key="pm.paths.step")


def test_noisy_verdicts_name_the_window_once_and_each_run_whole(app):
    """The decay demo's cards said "Mean loss, last …" four times, cut short at 1280 px: the
    window is said once above them, each card's label is its run's name."""
    at = app(PM, preset="decay")
    assert not at.exception, at.exception
    (said,) = [c for c in at.caption if c.value.startswith("Mean loss over the last")]
    # and what the cards' percentages compare with, once: "-72% vs constant" in each card cut it in two
    assert said.value == "Mean loss over the last 40 steps; each percentage compares a run with the constant rate"
    assert "final losses: Constant (lr 0.1)" in said.proto.help  # the one noisy draw, for who asks
    # every run at the slider's rate: a card names its run alone, so five fit rows of three at 1280 px
    labels = [m.label for m in at.metric]
    assert labels == [r.label for r in PRESETS["decay"].runs] and len(labels) == 5
    deltas = [m.delta for m in at.metric][1:]
    assert deltas and all(re.fullmatch(r"[+-]\d+%", d) for d in deltas), deltas


def test_a_link_with_three_problems_says_them_in_one_box(app):
    """Three boxes, one per problem, pushed the picture and Play off a 720-px projector: one note,
    over the page's corner (tests/browser/test_presenter_play.py holds the layout)."""
    at = app(PM, preset="nope", lr="abc", steps="-3")
    assert not at.exception, at.exception
    assert not at.info
    (box,) = at.toast
    assert "does not exist" in box.value and "not a number" in box.value and "(-3)" in box.value


def test_back_shows_the_demo_that_address_opened(app, monkeypatch):
    """Back left the demo on screen and wrote its address back: a press that changed nothing."""
    at = app(PM, preset="lr-regimes")
    at = button(at, "Too high: 0.3").click().run()
    assert address(at)["lr"] == "0.3"
    at = history(at, monkeypatch, {"preset": "lr-regimes"})
    assert not at.exception, at.exception
    assert at.session_state["lr"] == PRESETS["lr-regimes"].lr and address(at) == {"preset": "lr-regimes"}


def test_a_rerun_carrying_the_address_from_before_the_last_change_keeps_the_rate_on_screen(app):
    """Two quick presses of the rate's arrow key: the second's run carried the address of before the
    first (the browser had not yet applied the first run's write), which was read as a link and put
    the old rate back on the slider, beside an address holding the new one (4 of 6 under load)."""
    at = app(PM, preset="ravine", lr="0.01", steps="100")
    at = at.select_slider(key="lr").set_value(0.015).run()
    at.query_params["lr"] = "0.01"  # the address the browser still had
    at = at.select_slider(key="lr").set_value(0.02).run()
    assert not at.exception, at.exception
    assert at.select_slider(key="lr").value == 0.02
    assert any("SGD (lr 0.02)" in m.value for m in at.markdown)
    assert at.code[-1].value.endswith("/presenter?preset=ravine&lr=0.02&steps=100")


def test_the_cards_write_the_rate_as_the_slider_does(app):
    """The slider read 0.1234 and the card "SGD (lr 0.123)"."""
    at = app(PM, preset="lr-regimes", lr="0.1234")
    assert not at.exception, at.exception
    assert any("(lr 0.1234)" in m.value for m in at.markdown)


def test_two_runs_alike_in_every_field_say_so_instead_of_an_empty_table(app):
    """Comparing two identical runs drew an empty table headed "empty", as if the page had failed."""
    from engine.runs import RunLog
    from engine.store import open_store

    log = RunLog(open_store())
    for _ in range(2):
        log.record("me", "presenter", "Presenter: lr 0.1", {"lr": 0.1}, {"SGD": {"outcome": "converged"}}, seed=0)
    hist = app(HIST)
    assert not hist.exception, hist.exception
    assert [i.value for i in hist.info] == ["These two runs have the same settings and results in every field."]
    assert len(hist.dataframe) == 1  # the runs' table alone
    hist = hist.toggle(key="hist.diff").set_value(False).run()
    assert len(hist.dataframe) == 2 and not hist.info
