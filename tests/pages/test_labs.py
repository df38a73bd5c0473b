"""Optimizer lab, training lab and presenter mode through AppTest."""

from __future__ import annotations

import pytest

from engine.optim.presets import LR_CHOICES, PRESETS
from tests.pages.conftest import button, frame, said

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


def sweep_tab(at):
    """The Optimizer lab on its Learning-rate sweep tab, which is built only while open."""
    at.session_state["ol.tab"] = "Learning-rate sweep"
    return at.run()


def test_the_sweeps_rate_boxes_step_by_their_own_size(app):
    """One press of + took the smallest rate from 1.0e-04 to 1.0e-02 (Streamlit's step of 0.01)."""
    at = sweep_tab(app(OL))
    at = at.number_input(key="ol.sw.lo").increment().run()
    at = at.number_input(key="ol.sw.hi").decrement().run()
    assert not at.exception, at.exception
    assert at.number_input(key="ol.sw.lo").value == pytest.approx(2e-4)
    assert at.number_input(key="ol.sw.hi").value == pytest.approx(9.0)
    assert not at.error


def test_the_range_tests_rate_boxes_step_by_their_own_size(app):
    at = app(TL)
    at.session_state["tl.tab"] = "Learning-rate range test"
    at = at.run()
    at = at.number_input(key="tl.rt.lo").increment().run()
    at = at.number_input(key="tl.rt.hi").decrement().run()
    assert not at.exception, at.exception
    assert at.number_input(key="tl.rt.lo").value == pytest.approx(2e-5)  # was 1.0e-02 after one press
    assert at.number_input(key="tl.rt.hi").value == pytest.approx(9.0)


def test_optimizer_lab_sweep_follows_the_sidebars_schedule(app):
    """The labs' audit: the sweep's table was the same whatever schedule the sidebar set, while
    the runs above it followed the schedule."""
    at = sweep_tab(app(OL))
    at.multiselect(key="ol.optimizers").set_value(["sgd"])
    at = at.run()
    constant = frame(at, "Good rates")["Good rates"][0]
    at.selectbox(key="ol.schedule").set_value("exponential")
    at = at.run()
    assert not at.exception, at.exception
    assert frame(at, "Good rates")["Good rates"][0] != constant
    assert any("exponential decay schedule" in c.value for c in at.caption)


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
    assert message in said(at.error[0].value)


def test_optimizer_lab_momentum_of_one_is_a_message(app):
    at = app(OL)
    at.number_input(key="ol.momentum").set_value(1.0)
    at = at.run()
    assert not at.exception
    assert "momentum must be >= 0 and < 1, got 1" in said(at.error[0].value)


def test_optimizer_lab_too_many_runs_is_a_message(app):
    at = app(OL)
    at.text_input(key="ol.lrs").input(", ".join(str(0.001 * i) for i in range(1, 6)))
    at = at.run()
    assert ("at most 12 runs at once (15 asked: 3 optimizers × 5 rates); drop an optimizer or a rate"
            in said(at.error[0].value))


def test_training_lab_trains_and_shows_curves(app):
    at = app(TL)
    assert not at.exception
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(2)
    assert [(b.key, b.disabled) for b in at.button if b.label == "Stop"] == [("tl.stop.idle", True)]
    at = button(at.run(), "Train").click().run(timeout=120)
    assert not at.exception, at.exception
    assert len(at.get("plotly_chart")) == 1
    # live while it trained, greyed out again once it ended (a press with nothing running reran the page)
    assert [(b.key, b.disabled) for b in at.button if b.label == "Stop"] == [("tl.stop.idle", True)]
    runs = list(frame(at, "Run")["Run"])
    assert runs == ["SGD lr=0.05", "SGD + momentum lr=0.05", "Adam lr=0.001", "AdamW lr=0.003 cosine annealing"]
    # where each schedule took the rate (the labs' audit: nothing on the page showed it)
    end = list(frame(at, "Run")["Rate at the end"])
    assert end[:3] == [0.05, 0.05, 0.001] and end[3] < 0.003 / 100  # the cosine ends at its floor
    # and in a sentence, for a screen reader (which read the table's raw numbers) and a quick look
    (said,) = [c.value.replace("\\", "") for c in at.caption if "validation accuracy" in c.value]
    assert said.startswith("Best: ") and all(f"{r}" in said for r in runs), said


def test_training_curves_are_built_once_for_the_runs_on_screen(app, monkeypatch):
    """Every change on the page reruns it; the curves of the same runs are the figure already built
    (ui.kept_figures), and the large-text switch builds them anew."""
    import ui.figures_optim

    built = []
    real = ui.figures_optim.training_figure
    monkeypatch.setattr(ui.figures_optim, "training_figure", lambda *a, **kw: built.append(kw) or real(*a, **kw))
    at = app(TL)
    at.slider(key="tl.epochs").set_value(2)
    at = button(at.run(), "Train").click().run(timeout=120)
    assert not at.exception, at.exception
    at.run().run()
    assert len(built) == 1
    at.toggle(key="tl.large").set_value(True).run()
    assert len(built) == 2 and built[1]["font_size"]


def test_training_lab_range_test_preset_opens_its_tab(app):
    at = app(TL, preset="range-test")
    assert not at.exception
    assert at.session_state["tl.tab"] == "Learning-rate range test"
    assert "Press **Run the range test**" in at.info[0].value
    at = app(TL, preset="overfit")
    assert at.session_state["tl.tab"] == "Compare runs" and "Press **Train**" in at.info[0].value


def test_a_presets_instruction_goes_once_it_has_been_followed(app):
    # "Press Train to run it" stayed above the curves, and above a stopped run's message (a lecturer's walk-through)
    at = app(TL, preset="batch-size")  # a preset's own settings: a change of one is no longer the preset
    at = button(at, "Train").click().run(timeout=120)
    assert not at.exception, at.exception
    assert at.session_state["tl.results"]
    (banner,) = [i.value for i in at.info if i.value.startswith("Preset:")]
    assert banner.startswith("Preset: **") and "Press" not in banner


def test_a_stopped_trainings_finished_runs_are_kept_in_the_run_history(app):
    # the page showed the runs that finished before Stop; the history had nothing of them (a lecturer's
    # walk-through). The state a Stop leaves: a training under way, one of its two runs finished
    from engine.optim.training import TrainConfig, TrainSetup, train_many
    from engine.runs import RunLog
    from engine.store import LOCAL_LEARNER, open_store

    setup = TrainSetup("moons", hidden=(8,), epochs=2, seed=0)
    (done,) = train_many(setup, [TrainConfig("sgd", 0.1, batch_size=64)])
    at = app(TL)
    at.session_state["tl.training"], at.session_state["tl.finished"] = True, [done]
    at.session_state["tl.asked"], at.session_state["tl.asked_setup"] = 2, setup
    at = at.run()
    assert not at.exception, at.exception
    assert any("1 of its 2 runs had finished" in w.value for w in at.warning)
    (run,) = RunLog(open_store()).runs(LOCAL_LEARNER)
    assert run.title.endswith("(stopped: 1 of 2 runs finished)") and run.config["setup"]["hidden"] == [8]


def test_a_start_outside_the_picture_is_said_under_it(app):
    # at x = 1000 the paths were drawn off the chart, whose axes stay on the surface, without a word
    # (a lecturer's walk-through)
    at = app(OL)
    assert not [c for c in at.sidebar.caption if "outside the picture" in c.value]
    surface = at.session_state["ol.surface"]
    at.number_input(key=f"ol.sx.{surface}").set_value(1000.0)
    at = at.run()
    assert not at.exception, at.exception
    assert [c for c in at.sidebar.caption if c.value.startswith("The start (1000, ")]


def test_a_lab_link_naming_no_preset_says_so_without_repeating_it(app):
    # the Presenter and the Optimizer lab said what they changed; these two dropped it silently
    at = app(TL, preset="zzz<b>")
    assert not at.exception and "does not have" in at.info[0].value and "zzz" not in at.info[0].value
    at = app("app_pages/search_lab.py", preset="zzz<b>")
    assert not at.exception
    note = [i.value for i in at.info if "does not have" in i.value]
    assert note and "zzz" not in note[0]


def test_training_lab_range_test(app):
    at = app(TL)
    at.selectbox(key="tl.dataset").set_value("moons")
    at.number_input(key="tl.rt.iters").set_value(40)
    at = at.run()
    # priced beside its button before the press, as Train is (it said nothing of its cost)
    assert any(c.value.startswith("Estimated cost:") and "per request" in c.value for c in at.caption
               if "Run the range test" not in c.value)
    at = button(at, "Run the range test").click().run(timeout=120)
    assert not at.exception, at.exception
    labels = {m.label: m.value for m in at.metric}
    assert float(labels["Suggested rate (steepest fall)"]) > 0
    assert not [i for i in at.info if i.value.startswith("The chart below is the last test's")]
    # a setting changed, or refused, under the last test's chart: said so, and refused before the press
    at.number_input(key="tl.rt.lo").set_value(-1.0)
    at = at.run()
    (note,) = [i.value for i in at.info if i.value.startswith("The chart below is the last test's")]
    assert note.startswith("The chart below is the last test's: SGD from 1e-05 to 10, 40 iterations on moons.")
    assert [b for b in at.button if b.label == "Run the range test"][0].disabled
    assert any(said(e.value) == "Cannot run the range test: learning rate must be > 0, got -1." for e in at.error)


def test_a_range_test_over_the_ceiling_is_refused_before_its_press(app, monkeypatch):
    import dataclasses

    from engine.limits import CEILINGS

    monkeypatch.setitem(CEILINGS, "training", dataclasses.replace(CEILINGS["training"], limit=0.001))
    at = app(TL)
    assert not at.exception, at.exception
    (go,) = [b for b in at.button if b.label == "Run the range test"]
    assert go.disabled
    assert any(e.value.replace("\\", "").startswith(
        "Cannot run the range test: this range test (150 iterations of 32 samples)") for e in at.error)


def test_presenter_preset_restored_from_the_url(app):
    at = app(PM, preset="ravine", lr="0.01", steps="60")
    assert not at.exception, at.exception
    assert at.title[0].value == PRESETS["ravine"].title
    assert at.select_slider(key="lr").value == 0.01
    assert at.select_slider(key="steps").value == 60
    text = " ".join(m.value for m in at.markdown)
    assert "SGD (lr 0.01)" in text and "SGD + momentum 0.9 (lr 0.01)" in text
    assert at.code[-1].value.endswith("?preset=ravine&lr=0.01&steps=60")


def test_presenter_regime_buttons_change_the_rate(app):
    at = app(PM, preset="lr-regimes")
    at = button(at, "Too high: 0.3").click().run()
    assert at.select_slider(key="lr").value == 0.3
    assert any(":red[Diverged]" in h.value for h in at.header)
    at = button(at, "Too low: 0.01").click().run()
    assert any(":blue[Still descending]" in h.value for h in at.header)


def test_presenter_unknown_preset_falls_back(app):
    at = app(PM, preset="nope")
    assert not at.exception
    assert at.title[0].value == next(iter(PRESETS.values())).title


@pytest.mark.parametrize("key", list(PRESETS))
def test_every_preset_runs(app, key):
    at = app(PM, preset=key)
    assert not at.exception, at.exception
    assert PRESETS[key].lr in LR_CHOICES


def test_a_run_the_history_cannot_keep_is_said_once_with_its_cause(app, monkeypatch):
    """The nothing-lost walk-through: on a full database "Keep these runs" toasted both "Kept in the
    run history." and "This run could not be added to the run history."."""
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from engine.runs import RunLog

    def full(self, *args, **kwargs):
        raise OperationalError("INSERT INTO runs", {}, sqlite3.OperationalError("database or disk is full"))

    monkeypatch.setattr(RunLog, "record", full)
    at = button(app(OL), "Keep these runs in the run history").click().run()
    assert not at.exception
    assert [t.value.replace("\\", "") for t in at.toast] == [
        "This run could not be added to the run history (OperationalError: database or disk is full)."]
    assert "Kept: open the Run history" not in [link.label for link in at.get("page_link")]


def test_the_optimizer_labs_runs_are_said_in_a_sentence_under_its_table(app):
    at = app(OL)
    labels = list(frame(at, "Run")["Run"])
    (said,) = [c.value.replace("\\", "") for c in at.caption if c.value.replace("\\", "").startswith(labels[0])]
    assert all(f"{label}: " in said for label in labels), said


def test_lab_runs_land_in_the_run_history(app):
    at = app(OL)
    at = button(at, "Keep these runs in the run history").click().run()
    # the way to them under the button (a toast alone faded, and nothing on the page had changed)
    assert [link.label for link in at.get("page_link")][-1:] == ["Kept: open the Run history"]
    at.text_input(key="ol.lrs").input("0.02")
    at.run()
    at = button(at, "Keep these runs in the run history").click().run()
    hist = app("app_pages/history.py")
    assert not hist.exception, hist.exception
    runs = frame(hist, "Kind")
    assert (runs["Kind"] == "Optimizer lab").sum() == 2  # kept twice: the defaults, then lr 0.02
    # the run first (a phone shows two or three columns), the long results last (they pushed the
    # short columns off a 1280 px screen)
    assert list(runs.columns) == ["#", "Run", "Kind", "When", "Seed", "Results"]
    assert not any(b.disabled for b in hist.get("download_button"))
    compare = frame(hist, "Run A")  # only the fields that differ: no column saying so on every row
    assert "Differs" not in compare.columns and any("lr" in f for f in compare["Field"])
    assert (compare["Run A"] != compare["Run B"]).all()


def test_empty_run_history_is_a_message(app):
    at = app("app_pages/history.py")
    assert not at.exception
    assert "No runs yet" in at.info[0].value


# ----------------------------------------------------------------------------- UI audit, fault 5
def shown(element):
    """A dataframe element as the browser shows it: a Styler's display values (its words in place of
    NaN), else the data itself."""
    import pyarrow as pa

    styler = element.proto.arrow_data.styler
    if styler.display_values:
        return pa.ipc.open_stream(styler.display_values).read_pandas()
    return element.value


def trained(app, monkeypatch, *rows):
    """The Training lab on moons for 2 epochs, opened with ``rows`` as its runs, after Train."""
    import engine.optim.training_presets as tp

    monkeypatch.setattr(tp, "DEFAULT_RUNS", tuple(tp._run(*r) for r in rows))
    at = app(TL)
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(2)
    return button(at.run(), "Train").click().run(timeout=120)


def test_training_results_table_says_what_an_empty_cell_means(app, monkeypatch):
    at = trained(app, monkeypatch, ("sgd", 1000.0), ("adam", 0.01))
    assert not at.exception, at.exception
    table = next(d for d in at.dataframe if "Run" in d.value.columns)
    data, words = table.value, shown(table)
    assert list(words["Diverged"]) == ["at epoch 1", "no"]
    assert list(words["Final train loss"])[0] == "diverged" and list(words["Best val accuracy"])[0] == "—"
    assert not words.isin(["None", "nan", "NaN"]).any().any()
    # still numbers underneath (the columns sort, the diverged run last), never null: the browser
    # shows a null number as a grey "None" whatever the Styler says
    assert data["Final train loss"].dtype.kind == "f" and data["Final train loss"].notna().all()
    assert data["Final train loss"].idxmax() == 0 and data["Best val accuracy"].idxmin() == 0
    help_ = table.proto.columns
    assert "no: it stayed finite" in help_ and "diverged in its first epoch" in help_


def test_a_diverged_run_keeps_its_legend_entry_and_no_label_on_other_curves(app, monkeypatch):
    at = trained(app, monkeypatch, ("sgd", 1000.0), ("adam", 0.01))
    import json

    fig = json.loads(at.get("plotly_chart")[0].proto.spec)
    legend = [t["name"] for t in fig["data"] if t.get("showlegend", True)]
    assert "SGD lr=1000: diverged at epoch 1" in legend and "Adam lr=0.01" in legend
    assert not [a for a in fig["layout"].get("annotations", []) if "diverged" in a["text"]]


def test_training_editor_shows_titles_not_ids(app):
    at = app(TL)
    editor = next(d for d in at.dataframe if "optimizer" in d.value.columns)
    columns = editor.proto.columns
    assert '{"value": "momentum", "label": "SGD + momentum"}' in columns
    assert '{"value": "cosine", "label": "cosine annealing"}' in columns.replace("Cosine", "cosine")


def test_training_lab_bad_rate_names_its_row_and_drops_the_press_train_hint(app, monkeypatch):
    import engine.optim.training_presets as tp

    monkeypatch.setattr(tp, "DEFAULT_RUNS", (tp._run("sgd", 0.05), tp._run("sgd", 0.0)))
    at = app(TL)
    assert not at.exception, at.exception
    assert "row 2 (SGD lr=0): learning rate must be > 0, got 0" in said(at.error[0].value)
    assert button(at, "Train").disabled
    assert not any("Press **Train**" in i.value for i in at.info)


# ----------------------------------------------------------------------------- UI audit, fault 6
def chart(at, key: str) -> dict:
    """The plotly figure (as JSON) of the chart with this key."""
    import json

    return json.loads(next(c for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")).proto.spec)


def values(array) -> list:
    """A trace's array from figure JSON: a list, or plotly's packed {"dtype", "bdata"}."""
    import base64

    import numpy as np

    if isinstance(array, dict):
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"]).tolist()
    return list(array)


def test_too_many_runs_leaves_the_sweep_tab_working(app):
    at = sweep_tab(app(OL))
    at.text_input(key="ol.lrs").input(", ".join(str(0.001 * i) for i in range(1, 6)))
    at = at.run()
    assert not at.exception, at.exception
    assert "use the Learning-rate sweep tab below" in said(at.error[0].value)
    assert len(frame(at, "Good rates")) == 3  # the sweep's table, one row per optimizer
    assert any("Learning-rate sweep tab works meanwhile" in i.value for i in at.info)


def test_the_sweeps_settings_outlive_a_look_at_another_tab(app):
    at = sweep_tab(app(OL))
    at.slider(key="ol.sw.n").set_value(40)
    at = at.run()
    assert any(c.value.startswith("40 log-spaced rates") for c in at.caption)
    at.session_state["ol.tab"] = "Trajectories"
    at = at.run()
    assert not [s for s in at.get("slider") if s.key == "ol.sw.n"]  # not built while closed
    at = sweep_tab(at)
    assert at.slider(key="ol.sw.n").value == 40


def test_learning_rate_plot_shows_the_rate_and_names_runs_that_share_it(app):
    at = app(OL)  # SGD, SGD + momentum and Adam, all at a constant 0.01
    fig = chart(at, "ol.lr")
    assert [t["name"] for t in fig["data"]] == ["SGD, SGD + momentum, Adam"]
    assert fig["layout"]["showlegend"] is True
    low, high = fig["layout"]["yaxis"]["range"]
    assert low == 0 and 0.01 < high < 0.02


def test_optimizer_lab_large_text_sets_every_plot_for_a_projector(app):
    # its legends were about 11 px: unreadable from the back of a room
    import json

    from ui.figures_optim import PROJECTOR_FONT

    keys = ("ol.paths", "ol.loss", "ol.lr", "ol.sweep")
    from ui.optim_controls import LARGE_PAGE_CSS

    def page_text_large(at) -> bool:
        return any(h.proto.body == LARGE_PAGE_CSS for h in at.get("html"))

    at = sweep_tab(app(OL))
    assert all("size" not in chart(at, k)["layout"].get("legend", {}).get("font", {}) for k in keys)
    assert not page_text_large(at)
    at.toggle(key="ol.large").set_value(True)
    at = at.run()
    assert not at.exception, at.exception
    # the page's own text too: captions, tab names, Play and "Go to step" stayed at 14-16 px beside the plots
    assert page_text_large(at)
    for key in keys:
        layout = chart(at, key)["layout"]
        assert layout["legend"]["font"]["size"] == PROJECTOR_FONT, key
        assert layout["xaxis"]["tickfont"]["size"] == PROJECTOR_FONT - 2, key
    # watched, as on the Presenter: no toolbar over the larger legend (the lecturer's walk-through)
    charts = {c.proto.id: json.loads(c.proto.config) for c in at.get("plotly_chart")}
    assert charts and all(cfg.get("displayModeBar") is False for cfg in charts.values())


def test_large_text_is_one_choice_for_both_labs(app):
    # a lecturer sets it once: the Training lab's curves follow the Optimizer lab's choice
    import json

    from ui.figures_optim import PROJECTOR_FONT

    at = app(OL)
    at.toggle(key="ol.large").set_value(True)
    at = at.run()
    at.switch_page(TL).run()
    assert not at.exception, at.exception
    assert at.toggle(key="tl.large").value is True
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(1)
    at = button(at.run(), "Train").click().run(timeout=120)
    assert not at.exception, at.exception
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["legend"]["font"]["size"] == PROJECTOR_FONT
    assert {a["font"]["size"] for a in layout["annotations"]} == {PROJECTOR_FONT}  # the panels' titles


def test_coinciding_paths_are_dashed_and_named(app):
    at = app(OL)
    at.text_input(key="ol.lrs").input("5")
    at = at.run()
    assert not at.exception, at.exception
    fig = chart(at, "ol.paths")
    dashes = {t["name"]: t["line"]["dash"] for t in fig["data"] if t.get("mode") == "lines+markers"}
    assert dashes["SGD"] == "solid" and dashes["SGD + momentum"] != "solid"
    assert any("SGD and SGD + momentum take the same path here (SGD + momentum is drawn dashed over it)." in c.value for c in at.caption)
    outcome = dict(zip(frame(at, "Run")["Run"], frame(at, "Run")["Outcome"]))
    assert outcome["SGD"] == "diverged at step 2 (plotted up to step 1)"


# ----------------------------------------------------------------------------- UI audit, fault 14
def test_presenter_too_high_names_the_last_step_its_plots_show(app):
    at = app(PM, preset="lr-regimes")
    at = button(at, "Too high: 0.3").click().run()
    assert not at.exception, at.exception
    slider_end = int(chart(at, "pm.paths")["layout"]["sliders"][0]["steps"][-1]["label"])
    loss_end = values(chart(at, "pm.loss")["data"][0]["x"])[-1]
    assert slider_end == loss_end == 14
    assert any(c.value == "at step 15 (plotted up to step 14)" for c in at.caption)  # the step, and where the plot ends


def test_presenter_clamped_link_draws_its_lone_point_on_the_steps_asked(app):
    at = app(PM, preset="ravine", lr="99", steps="5")  # clamped to lr 2 and 20 steps: both diverge at once
    assert not at.exception, at.exception
    assert any("using 2" in t.value for t in at.toast)  # the link's note (a toast: a box pushed Play off a projector)
    loss = chart(at, "pm.loss")
    low, high = loss["layout"]["xaxis"]["range"]
    assert low <= 0 and high == 20  # the step axis runs 0..20, not -1..1 around one point
    assert any("diverged at its first step" in a["text"] for a in loss["layout"]["annotations"])
    assert sum(c.value == "at its first step" for c in at.caption) == 2


def test_a_denormal_smallest_rate_in_the_sweep_is_a_sentence(app):
    at = sweep_tab(app(OL))
    at.number_input(key="ol.sw.lo").set_value(5e-324)  # a browser's number box accepts it
    at = at.run()
    assert not at.exception, at.exception
    assert any(said(e.value) == "Cannot sweep: learning rate must be at least 1e-12, got 5e-324."
               for e in at.error)


def test_one_person_runs_one_lab_job_at_a_time(app, monkeypatch):
    import ui.jobs

    at = app(TL)
    monkeypatch.setattr(ui.jobs, "job_owner", lambda: "learner:someone")
    monkeypatch.setattr(ui.jobs, "_running", {"learner:someone": "their-other-tab"})  # it is training there
    at = button(at, "Train").click().run()
    assert not at.exception, at.exception
    assert any(e.value == "Cannot train these runs: you already have a run going (in another tab); stop it or let "
                          "it finish first." for e in at.error)
    assert ui.jobs._running == {"learner:someone": "their-other-tab"}  # the other tab's run is still counted
    monkeypatch.setattr(ui.jobs, "_running", {})  # once it has finished, they may train here
    at.number_input(key="tl.seed").set_value(1)
    at = button(at, "Train").click().run(timeout=120)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.session_state["tl.results"] and ui.jobs._running == {}  # and the slot is given back


def test_a_lab_job_waits_for_a_worker_as_its_visitors_party(app, monkeypatch):
    """The queue for workers serves the party running fewest first (engine.slot_queue); without
    sign-in a lab's run names its visitor's address, so one machine's many tabs are one party."""
    import streamlit as st

    import ui.jobs

    monkeypatch.setattr(type(st.context), "ip_address", property(lambda _self: "203.0.113.7"))
    parties = []
    real_run_job = ui.jobs.run_job

    def run_job(*args, party="", **kwargs):
        parties.append(party)
        return real_run_job(*args, party=party, **kwargs)

    monkeypatch.setattr(ui.jobs, "run_job", run_job)
    at = app(TL)
    at.selectbox(key="tl.dataset").set_value("moons")
    at.slider(key="tl.epochs").set_value(1)
    at = button(at.run(), "Train").click().run(timeout=120)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.session_state["tl.results"]
    assert parties == ["address:203.0.113.7"]


def test_a_run_waits_for_this_sessions_stopped_run_to_let_its_job_go(app, monkeypatch):
    """Streamlit stops a run when the next one starts (a double click's second press) and starts
    the next at once in a new thread, while the stopped one is still ending its worker: the new run
    waits for that slot instead of refusing, and trains."""
    import threading

    import ui.jobs

    at = app(TL)
    held = {}
    real_session = ui.jobs._session

    def session():  # the slot is held by this very session, as its stopped run holds it
        me = real_session()
        if not held:
            held["me"] = me
            ui.jobs._running["session:" + me] = me
            threading.Timer(0.5, lambda: ui.jobs._running.pop("session:" + me, None)).start()
        return me

    monkeypatch.setattr(ui.jobs, "_running", {})
    monkeypatch.setattr(ui.jobs, "_session", session)
    at = button(at, "Train").click().run(timeout=120)
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert at.session_state["tl.results"] and ui.jobs._running == {}


def test_one_set_of_runs_is_drawn_once_for_everyone_who_shows_it(app, monkeypatch):
    """A class opening one link, or one visitor pressing Play: the figures of runs already drawn
    are the shared ones (ui.optim_cache.run_figure), and other runs get figures of their own."""
    import ui.figures_optim
    from ui import optim_cache

    built: list[str] = []
    for kind, build in list(optim_cache.RUN_FIGURES.items()):
        monkeypatch.setitem(optim_cache.RUN_FIGURES, kind,
                            lambda *a, _build=build, _kind=kind, **kw: built.append(_kind) or _build(*a, **kw))
    sweep = ui.figures_optim.sweep_figure
    monkeypatch.setattr(ui.figures_optim, "sweep_figure", lambda *a, **kw: built.append("sweep") or sweep(*a, **kw))
    optim_cache.run_figure.clear()
    optim_cache.sweep_figure.clear()
    first = app(OL)
    assert sorted(built) == ["loss", "lr", "paths"]  # the sweep's tab is not open: nothing swept
    first = sweep_tab(first)
    assert sorted(built) == ["loss", "lr", "paths", "sweep"]
    second = app(OL)  # another visitor, the same runs
    button(second, "▶ Play").click().run()  # a rerun of the page
    assert not second.exception, second.exception
    assert sorted(built) == ["loss", "lr", "paths", "sweep"]  # nothing drawn again
    assert chart(second, "ol.paths") == chart(first, "ol.paths")
    second.text_input(key="ol.lrs").set_value("0.02").run()  # other runs; the sweep does not use the rates
    assert sorted(built) == ["loss", "loss", "lr", "lr", "paths", "paths", "sweep"]
    assert chart(second, "ol.paths") != chart(first, "ol.paths")
    paths = [t["name"] for t in chart(first, "ol.paths")["data"] if t.get("mode") == "lines+markers"]
    assert paths == ["SGD", "SGD + momentum", "Adam"]


def back_from_another_page(at, page: str):
    """Progress, then ``page`` again through the menu, whose address carries no settings."""
    at.switch_page("app_pages/progress.py")
    at = at.run()
    for key in list(at.query_params):
        del at.query_params[key]
    at.switch_page(page)
    return at.run()


def test_each_lab_reopens_on_its_settings_after_a_visit_to_another_page(app):
    """The walk-through after Practice kept its filters: the labs reset to their defaults (a
    lecturer's link lost) after a look at another page, and a link's old notes came back."""
    at = app(OL)
    at.text_input(key="ol.lrs").set_value("0.05")
    at = back_from_another_page(at.run(), OL)
    assert not at.exception, at.exception
    assert at.text_input(key="ol.lrs").value == "0.05"
    at = app(TL, epochs="60", width="256")  # 256 is not one of the lab's widths: a note says 128
    assert any("(256)" in i.value.replace("\\", "") for i in at.info)
    at.slider(key="tl.epochs").set_value(12)
    at = back_from_another_page(at.run(), TL)
    assert not at.exception, at.exception
    assert at.slider(key="tl.epochs").value == 12 and at.select_slider(key="tl.width").value == 128
    assert not any("(256)" in i.value.replace("\\", "") for i in at.info)  # that link's note is not shown over other settings
    at = app("app_pages/search_lab.py", preset="branin")
    at.number_input(key="sl.budget.branin").set_value(14)
    at = back_from_another_page(at.run(), "app_pages/search_lab.py")
    assert not at.exception, at.exception
    assert at.selectbox(key="sl.preset").value == "branin" and at.number_input(key="sl.budget.branin").value == 14


def test_a_stopped_training_keeps_the_runs_it_had_finished(app):
    """The walk-through: Stop after three of four runs had finished showed "no results"."""
    from engine.optim.training import TrainConfig, TrainSetup, train_many

    done = train_many(TrainSetup("moons", hidden=(8,), epochs=2), [TrainConfig("sgd", 0.05)])
    at = app(TL)
    at.session_state["tl.training"], at.session_state["tl.asked"], at.session_state["tl.finished"] = True, 4, done
    at = at.run()  # the run after the one Stop ended
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [
        "The training was stopped before it finished: 1 of its 4 runs had finished; it is shown below."]
    assert len(frame(at, "Run")) == 1 and len(at.get("plotly_chart")) == 1
    at = at.run()  # said once
    assert not [w for w in at.warning if "stopped" in w.value] and len(frame(at, "Run")) == 1


def test_a_worker_that_could_not_start_is_not_blamed_on_the_settings(app, monkeypatch):
    """A module reload made every search's worker fail to start, and the page advised smaller settings."""
    import ui.jobs
    from engine.jobs import WorkerDidNotStart

    def not_started(*args, **kwargs):
        raise WorkerDidNotStart("the worker could not start: Can't pickle <class 'EvalCache'>")

    monkeypatch.setattr(ui.jobs, "run_job", not_started)
    at = button(app(TL), "Train").click().run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == [
        "Cannot train these runs: the server could not start a worker. Try again in a moment; if it keeps "
        "happening, the server's log says why. The rest of the page still works."]


def test_a_rerun_carrying_the_labs_address_from_before_its_last_change_keeps_the_setting(app):
    """As on Presenter: a quick second change's run carried the address of before the first, read as a
    link it put the old setting back on screen."""
    at = app(OL)
    at = at.slider(key="ol.steps").set_value(300).run()
    assert at.query_params["steps"] == ["300"] or at.query_params["steps"] == "300"
    at.query_params["steps"] = "200"  # the address the browser still had
    at = at.slider(key="ol.steps").set_value(400).run()
    assert not at.exception, at.exception
    assert at.slider(key="ol.steps").value == 400
    assert "steps=400" in at.code[-1].value


def test_large_text_is_in_the_address_so_a_reload_keeps_it(app):
    """A lecturer who reloaded mid-talk lost it: a reload is a new session."""
    at = app(OL)
    at = at.toggle(key="ol.large").set_value(True).run()
    assert at.query_params["large"] in ("1", ["1"])
    reloaded = app(OL, large="1")  # a new session opened on that address
    assert not reloaded.exception, reloaded.exception
    assert reloaded.toggle(key="ol.large").value is True
    reloaded = reloaded.toggle(key="ol.large").set_value(False).run()
    assert "large" not in reloaded.query_params


def test_run_history_gives_each_runs_time_on_the_learners_clock(app, monkeypatch):
    """It alone said UTC: Progress's Recent attempts and Review's "today" are on the learner's clock."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import ui.state
    from engine.runs import RunLog
    from engine.store import LOCAL_LEARNER, open_store

    RunLog(open_store()).record(LOCAL_LEARNER, "optimizer_lab", "A run", {"lr": 0.1}, {"loss": 1.0}, seed=0,
                                when=dt.datetime(2026, 12, 6, 23, 30, tzinfo=dt.timezone.utc))
    monkeypatch.setattr(ui.state, "timezone", lambda: ZoneInfo("Australia/Sydney"))
    hist = app("app_pages/history.py")
    assert not hist.exception, hist.exception
    (when,) = list(frame(hist, "When")["When"])
    assert (when.day, when.hour, when.minute) == (7, 10, 30)  # 10:30 on the 7th in Sydney
