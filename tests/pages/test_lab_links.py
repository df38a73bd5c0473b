"""The Training and Search labs' "Link to these settings": a link sets the widgets once, the box holds an
address that reopens the same settings, and a hostile link shows notes, never an error.

Nothing here presses Train or Run: opening a lab on a link runs no training and no search.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from engine.optim.training_link import read_training_query
from engine.search.lab_link import read_search_query
from tests.pages.conftest import address, button, history, said

TL, SL = "app_pages/training_lab.py", "app_pages/search_lab.py"
BASE = "https://tunelab.example.org"


@pytest.fixture
def lab(app, monkeypatch):
    monkeypatch.setenv("TUNELAB_BASE_URL", BASE + "/")
    return app


def link(at, path: str) -> dict[str, str]:
    """The query of the address in the lab's link box (a whole address under TUNELAB_BASE_URL)."""
    (address,) = [c.value for c in at.code if c.value.startswith(f"{BASE}{path}?")]
    assert any(c.value.startswith(("Link to these settings", "Link to these runs")) for c in at.caption)
    return dict(parse_qsl(urlsplit(address).query, keep_blank_values=True))


def notes(at) -> list[str]:
    """The link's notes: one box, "From the link: <note>", or "From the link:" and a list."""
    (box,) = [i.value for i in at.info if i.value.startswith("From the link:")] or [""]
    lines = box.removeprefix("From the link:").strip().split("\n")
    return [line.removeprefix("- ") for line in lines if line]


# ----------------------------------------------------------------------------- Training lab
TRAINING = {"dataset": "moons", "width": "16", "depth": "2", "epochs": "5", "seed": "7",
            "runs": "sgd:0.1:cosine:16,adam:0.002,rmsprop:0.01:step:64", "tab": "range-test", "rt_opt": "adam",
            "rt_from": "0.0001", "rt_to": "1", "rt_iters": "60"}


def test_a_training_link_sets_the_controls_and_the_box_reopens_them(lab):
    at = lab(TL, **TRAINING)
    assert not at.exception, at.exception
    assert not notes(at)
    assert (at.selectbox(key="tl.dataset").value, at.select_slider(key="tl.width").value,
            at.radio(key="tl.depth").value, at.slider(key="tl.epochs").value,
            at.number_input(key="tl.seed").value) == ("moons", 16, 2, 5, 7)
    assert at.session_state["tl.tab"] == "Learning-rate range test"
    assert (at.selectbox(key="tl.rt.opt").value, at.number_input(key="tl.rt.lo").value,
            at.number_input(key="tl.rt.hi").value, at.number_input(key="tl.rt.iters").value) == ("adam", 1e-4, 1.0, 60)
    (editor,) = at.data_editor
    assert editor.value.to_dict("records") == [
        {"optimizer": "sgd", "lr": "0.1", "schedule": "cosine", "batch_size": 16},  # a rate is text, as typed
        {"optimizer": "adam", "lr": "0.002", "schedule": "constant", "batch_size": 32},
        {"optimizer": "rmsprop", "lr": "0.01", "schedule": "step", "batch_size": 64}]
    shared = link(at, "/training-lab")
    assert shared == TRAINING  # the same address, so it reopens the same settings
    assert read_training_query(shared) == read_training_query(TRAINING)
    assert not button(at, "Train").disabled and "tl.results" not in at.session_state  # nothing trained


def test_changes_after_opening_a_training_link_are_kept_and_in_the_box(lab):
    at = lab(TL, **TRAINING)
    at.slider(key="tl.epochs").set_value(9)
    at = at.run()
    assert not at.exception, at.exception
    assert at.slider(key="tl.epochs").value == 9  # the link is not applied again
    assert link(at, "/training-lab")["epochs"] == "9"
    assert at.data_editor[0].value["optimizer"].tolist() == ["sgd", "adam", "rmsprop"]


def test_a_training_preset_link_still_opens_and_its_box_carries_the_preset_runs(lab):
    at = lab(TL, preset="batch-size")
    assert not at.exception, at.exception
    assert "Press **Train**" in at.info[0].value
    assert link(at, "/training-lab")["runs"] == "sgd:0.1:constant:8,sgd:0.1:constant:64,sgd:0.1:constant:512"


def test_a_hostile_training_link_shows_notes_not_an_error(lab):
    at = lab(TL, dataset="<script>x</script>", width="1e999", epochs="-5", seed="**bold**",
             runs="<b>evil</b>:1," + "sgd:0.1," * 10_000, tab="[x](http://evil)", rt_iters="9" * 300)
    assert not at.exception, at.exception
    said = notes(at)
    assert len(said) == 8, said  # one per bad value, one for the runs past 8, one for the unknown optimizer
    assert not any(s in n for n in said for s in ("script", "evil", "bold", "<"))
    assert at.slider(key="tl.epochs").value == 1 and len(at.data_editor[0].value) == 7  # clamped; run 1 left out
    assert link(at, "/training-lab")["runs"] == ",".join(["sgd:0.1"] * 7)


def test_a_linked_comparison_over_the_ceiling_is_refused_as_a_typed_one(lab):
    at = lab(TL, epochs="60", width="128", depth="2", runs=",".join(["sgd:0.01:constant:1"] * 8))
    assert not at.exception, at.exception
    assert not notes(at)
    (refusal,) = [said(e.value) for e in at.error if said(e.value).startswith("Cannot train these runs:")]
    assert "the limit is" in refusal and button(at, "Train").disabled


# ----------------------------------------------------------------------------- Search lab
SEARCH = {"preset": "custom", "objective": "iris:svc", "metric": "f1", "folds": "4", "stratified": "0",
          "space": "C:0.1:100:log", "strategies": "grid,tpe", "budget": "16", "seed": "3", "points": "4"}


def test_a_search_link_sets_the_controls_and_the_box_reopens_them(lab):
    at = lab(SL, **SEARCH)
    assert not at.exception, at.exception
    assert not notes(at) and not at.error
    assert at.selectbox(key="sl.preset").value == "custom" and at.radio(key="sl.kind").value == "Model on a dataset"
    assert (at.selectbox(key="sl.dataset").value, at.selectbox(key="sl.model.classification").value,
            at.selectbox(key="sl.metric.classification").value, at.slider(key="sl.folds").value,
            at.toggle(key="sl.stratified").value) == ("iris", "svc", "f1", 4, False)
    assert at.multiselect(key="sl.strats.custom").value == ["grid", "tpe"]
    assert (at.number_input(key="sl.budget.custom").value, at.number_input(key="sl.seed").value,
            at.number_input(key="sl.points").value) == (16, 3, 4)
    space = at.data_editor[0].value
    assert space[["parameter", "low", "high", "log"]].to_dict("records") == [
        {"parameter": "C", "low": 0.1, "high": 100.0, "log": True},
        {"parameter": "gamma", "low": 1e-5, "high": 1.0, "log": True}]
    assert any("C ∈ [0.1, 100] log" in m.value for m in at.markdown)
    shared = link(at, "/search-lab")
    assert shared == SEARCH
    assert read_search_query(shared) == read_search_query(SEARCH)
    assert "sl.results" not in at.session_state  # nothing searched


def test_a_search_preset_link_with_its_own_strategies(lab):
    at = lab(SL, preset="branin", strategies="random,tpe", budget="7")
    assert not at.exception, at.exception
    assert at.multiselect(key="sl.strats.branin").value == ["random", "tpe"]
    assert at.number_input(key="sl.budget.branin").value == 7
    assert link(at, "/search-lab") == {"preset": "branin", "strategies": "random,tpe", "budget": "7", "seed": "0",
                                       "points": "0"}


def test_another_scenario_after_a_link_keeps_the_visitors_choice(lab):
    at = lab(SL, preset="branin", strategies="random", budget="7")
    at.selectbox(key="sl.preset").set_value("hartmann6")
    at = at.run()
    # the old link's settings are gone from the address: it holds the scenario on screen
    assert at.query_params["preset"] == "hartmann6" and at.query_params["budget"] != "7"
    assert at.query_params == link(at, "/search-lab")
    at.number_input(key="sl.seed").set_value(5)
    at = at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="sl.preset").value == "hartmann6" and at.number_input(key="sl.seed").value == 5
    assert link(at, "/search-lab")["preset"] == "hartmann6"


def test_a_hostile_search_link_shows_notes_not_an_error(lab):
    at = lab(SL, preset="custom", objective="iris:svc", metric="<script>x</script>", folds="1e999",
             space="C:-5:1e12:log,**gamma**:1:2", strategies="[x](http://evil)," * 5000, budget="-1", points="nan")
    assert not at.exception, at.exception
    said = notes(at)
    assert len(said) == 8, said
    assert not any(s in n for n in said for s in ("script", "evil", "**gamma", "<"))
    assert at.number_input(key="sl.budget.custom").value == 1
    assert at.data_editor[0].value["high"].tolist()[0] == 1e6  # clamped to the model's allowed range


def test_a_search_link_naming_no_scenario_it_has_says_so(lab):
    at = lab(SL, preset="zzz<b>", budget="5")
    assert not at.exception, at.exception
    assert any("does not have" in n and "zzz" not in n for n in notes(at))
    assert at.number_input(key="sl.budget.svc-cancer").value == 5


@pytest.mark.parametrize("page, keys", [(TL, "training"), (SL, "search")])
@pytest.mark.parametrize("value", ["markdown", "long"])
def test_every_link_parameter_is_inert(lab, page, keys, value):
    from engine.optim.training_link import TRAINING_QUERY_KEYS
    from engine.search.lab_link import SEARCH_QUERY_KEYS
    from tests.pages.test_inert_text import HOSTILE, assert_inert

    # Streamlit drops a query string past 524,288 characters whole: 30,000 each reaches the page
    text = HOSTILE if value == "markdown" else "x" * 30_000
    at = lab(page, **dict.fromkeys(TRAINING_QUERY_KEYS if keys == "training" else SEARCH_QUERY_KEYS, text))
    assert_inert(at)
    assert notes(at)  # each is said, as text


@pytest.mark.parametrize("page, path, change", [
    ("app_pages/optimizer_lab.py", "/optimizer-lab", ("slider", "ol.steps", 150, "steps")),
    (TL, "/training-lab", ("number_input", "tl.seed", 9, "seed")),
    (SL, "/search-lab", ("number_input", "sl.seed", 9, "seed")),
], ids=["optimizer", "training", "search"])
def test_the_address_bar_follows_the_settings_on_screen(lab, page, path, change):
    # a reload, or an address copied from the bar, reopens what is shown (it kept the link the lab
    # was opened with, while the box below said something else)
    at = lab(page)
    kind, key, value, param = change
    getattr(at, kind)(key=key).set_value(value)
    at = at.run()
    assert not at.exception, at.exception
    assert at.query_params == link(at, path) and at.query_params[param] == str(value)
    at = at.run()  # the address it wrote is not a new link: nothing is set again, no note
    assert getattr(at, kind)(key=key).value == value and not notes(at)


@pytest.mark.parametrize("asked, used", [("0", 1), ("100000", 500)])
def test_a_search_link_budget_out_of_range_says_it_was_clamped(lab, asked, used):
    """The ML engineer's walk-through: a budget of 0 or 100000 is clamped (and the address
    rewritten); the lab says so in one sentence, as its other link notes do."""
    at = lab(SL, preset="branin", budget=asked)
    assert not at.exception, at.exception
    # shown as text (its Markdown escaped), the sentence reads as written
    said = [n.replace("\\", "") for n in notes(at)]
    assert said == [f"The link's budget ({asked}) is outside 1 to 500: using {used}."]
    assert at.number_input(key="sl.budget.branin").value == used and at.query_params["budget"] == str(used)
    assert notes(at.run()) == notes(at)  # the note stays over the rewritten address


# ----------------------------------------------------------------------------- the address and Back
@pytest.mark.parametrize("page, path, short, change", [
    ("app_pages/optimizer_lab.py", "/optimizer-lab",
     {"surface": "quadratic", "condition": "10", "optimizers": "sgd", "lr": "0.12", "steps": "200"},
     ("slider", "ol.steps", 150, "steps")),
    (TL, "/training-lab", {"preset": "sgd-vs-adam"}, ("number_input", "tl.seed", 9, "seed")),
    (SL, "/search-lab", {"preset": "branin"}, ("number_input", "sl.seed", 9, "seed")),
], ids=["optimizer", "training", "search"])
def test_a_questions_short_link_stays_in_the_address_and_back_returns_to_what_it_showed(
        lab, monkeypatch, page, path, short, change):
    """Each address a lab writes is an entry in the browser's history: a lab opened from a question
    wrote its link out in full (and the Search lab its scenario first), and it took two or three
    presses of Back to leave it."""
    opened = {**short, "from": "some-question"}
    at = lab(page, **opened)
    assert not at.exception, at.exception
    kind, key, value, param = change
    shown, full = getattr(at, kind)(key=key).value, link(at, path)
    assert full != short and address(at) == opened  # the short link reopens the same: not rewritten
    at = at.run()
    assert address(at) == opened
    getattr(at, kind)(key=key).set_value(value)
    at = at.run()
    changed = address(at)
    assert changed == {**link(at, path), "from": "some-question"} and changed[param] == str(value)
    at = history(at, monkeypatch, opened)  # Back: what the short link showed, and it stays as it is
    assert not at.exception, at.exception
    assert getattr(at, kind)(key=key).value == shown and link(at, path) == full and address(at) == opened
    at = history(at, monkeypatch, changed)  # Forward
    assert getattr(at, kind)(key=key).value == value and address(at) == changed
    at = at.run()  # a rerun carrying an older address is not Back: the setting stays
    at.query_params["seed" if param == "seed" else "steps"] = "1"
    assert getattr(at.run(), kind)(key=key).value == value


def test_a_lab_reached_from_the_menu_keeps_the_menus_address_and_back_returns_to_it(app, monkeypatch):
    from tests.pages.test_labs import back_from_another_page

    at = app("app_pages/optimizer_lab.py")
    assert address(at) == {}  # its defaults: the bare address opens them
    at = at.text_input(key="ol.lrs").set_value("0.05").run()
    assert address(at)["lr"] == "0.05"
    at = back_from_another_page(at, "app_pages/optimizer_lab.py")
    assert at.text_input(key="ol.lrs").value == "0.05" and address(at) == {}  # as it was left; not written
    at = at.text_input(key="ol.lrs").set_value("0.2").run()
    assert address(at)["lr"] == "0.2"
    at = history(at, monkeypatch, {})  # Back to the menu's address: what it showed
    assert at.text_input(key="ol.lrs").value == "0.05" and address(at) == {}


def test_a_link_the_lab_could_not_follow_is_written_as_it_follows_it(lab):
    at = lab(SL, preset="branin", budget="0", **{"from": "q"})
    assert address(at) == {**link(at, "/search-lab"), "from": "q"} and address(at)["budget"] == "1"


def test_a_scenario_that_cannot_be_set_up_is_in_the_address_alone(lab, monkeypatch):
    import engine.search.objectives

    at = lab(SL, preset="branin", budget="7")

    def fails(*args, **kwargs):
        raise ValueError("it has no objective here.")

    monkeypatch.setattr(engine.search.objectives, "parse_objective", fails)
    at.selectbox(key="sl.preset").set_value("hartmann6")
    at = at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Cannot set up this scenario: it has no objective here."]
    assert address(at) == {"preset": "hartmann6"}
