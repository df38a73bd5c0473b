"""The way in: Home's cards and bank table, "Try it in the lab" with the question's own
settings, and a figure under every "Run it"."""

from __future__ import annotations

import pytest

import shutil
from urllib.parse import parse_qs

from tests.conftest import ROOT
from tests.pages.conftest import PRACTICE, button, frame

OL = "app_pages/optimizer_lab.py"


def test_home_has_a_card_for_every_way_in_and_the_whole_bank_table(app, content_dir):
    shutil.copy(ROOT / "content" / "check-search.yaml", content_dir / "check-search.yaml")
    at = app()
    assert not at.exception
    targets = [link.proto.page for link in at.get("page_link")]
    for page in ("practice", "progress", "interview", "optimizer_lab", "training_lab", "search_lab", "presenter"):
        assert any(page in t.replace("-", "_") for t in targets), (page, targets)
    (table,) = at.dataframe  # every bank at once: tall enough for its rows, so never cut off
    assert len(table.value) == 2 and table.proto.alt.startswith("The question banks")


def _answer_and_link(app, content_dir, bank: str, qid: str):
    shutil.copy(ROOT / "content" / bank, content_dir / bank)
    at = app(PRACTICE, q=qid)
    assert not at.exception, at.exception
    key = next(k for k in (c.key for c in at.checkbox) if k and qid in k) if at.checkbox else None
    if key:
        at.checkbox(key=key).check()
    else:
        at.radio[0].set_value(at.radio[0].options[0])
    at = button(at, "Submit answer").click().run()
    assert not at.exception, at.exception
    labels = ("Try it in the lab", "A related demo")
    return at, [link for link in at.get("page_link") if link.proto.label.startswith(labels)]


def test_try_it_in_the_lab_opens_the_optimizer_lab_on_the_questions_own_settings(app, content_dir):
    at, links = _answer_and_link(app, content_dir, "check-optimisers.yaml", "co-which-diverge-lr-0-15")
    (link,) = links
    assert "Optimizer lab" in link.proto.label and link.proto.page == "optimizer-lab"
    query = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
    assert query == {"surface": "quadratic", "condition": "10", "optimizers": "sgd,momentum,nesterov,adam",
                     "lr": "0.15,0.08", "only": "sgd:0.15,momentum:0.15,nesterov:0.15,adam:0.15,sgd:0.08",
                     "steps": "300", "from": "co-which-diverge-lr-0-15"}  # the question, for the way back
    lab = app(OL, **query)
    assert not lab.exception, lab.exception
    assert lab.selectbox(key="ol.surface").value == "quadratic"
    assert lab.select_slider(key="ol.condition").value == 10  # not the ravine preset's 50
    assert lab.text_input(key="ol.lrs").value == "0.15, 0.08"
    assert lab.multiselect(key="ol.optimizers").value == ["sgd", "momentum", "nesterov", "adam"]
    assert lab.slider(key="ol.steps").value == 300
    assert len(frame(lab, "Run")) == 5 and not lab.error and not lab.info  # the question's five runs, not 4 x 2


def test_the_lab_keeps_the_visitors_changes_after_a_link_and_names_what_it_could_not_show(app):
    lab = app(OL, surface="quadratic", condition="1000", lr="0.1", steps="5")
    assert not lab.exception, lab.exception
    notes = [i.value for i in lab.info]
    assert any("condition 1000" in n and "showing 100" in n for n in notes)
    assert any("steps 5" in n and "showing 10" in n for n in notes)
    lab.select_slider(key="ol.condition").set_value(2)
    lab = lab.run()
    assert lab.select_slider(key="ol.condition").value == 2  # the link is applied once, not on every rerun


def test_a_hostile_link_is_shown_as_text(app):
    lab = app(OL, surface="**bold**", lr="<script>")
    assert not lab.exception
    assert any("names a surface the lab does not have" in i.value for i in lab.info)
    assert not any("bold" in i.value or "script" in i.value for i in lab.info)  # never repeated


def test_run_it_on_cross_validation_draws_the_fold_scores(app, content_dir):
    at, _ = _answer_and_link(app, content_dir, "check-search.yaml", "cs-stratified-balanced-noisy")
    at = button(at, "Run it").click().run(timeout=180)
    assert not at.exception, at.exception
    assert any("Measured, splitter with the smaller spread of fold scores" in m.value for m in at.markdown)  # a human label, not lower_std
    charts = at.get("plotly_chart")
    assert charts and any("Fold scores" in c.proto.spec for c in charts)


def test_the_optimizer_labs_own_link_reopens_the_same_runs(app):
    from urllib.parse import parse_qsl, urlsplit

    lab = app(OL, surface="rosenbrock", optimizers="momentum,adam", lr="0.001,0.01", steps="300", start="-1,2",
              schedule="cosine", momentum="0.95", beta2="0.99", T_max="200")
    assert not lab.exception, lab.exception
    link = lab.code[-1].value
    assert urlsplit(link).path == "/optimizer-lab"
    again = app(OL, **dict(parse_qsl(urlsplit(link).query)))  # a colleague opens the copied link
    assert not again.exception and not again.info  # every setting honoured, nothing to explain
    for key in ("ol.surface", "ol.optimizers", "ol.lrs", "ol.steps", "ol.schedule", "ol.sx.rosenbrock",
                "ol.sy.rosenbrock", "ol.momentum", "ol.beta2", "ol.cosine.T_max"):
        assert again.session_state[key] == lab.session_state[key], key
    # momentum, betas and the schedule's own settings travel too (they opened at their defaults)
    assert (again.session_state["ol.momentum"], again.session_state["ol.beta2"],
            again.session_state["ol.cosine.T_max"]) == (0.95, 0.99, 200)
    assert again.code[-1].value == link


def test_a_questions_link_runs_its_own_pairs_until_the_box_is_unticked(app):
    from urllib.parse import parse_qsl, urlsplit

    from engine.content.labs import lab_link
    from engine.content.loader import load_library
    from tests.conftest import ROOT
    from tests.pages.conftest import frame

    q = load_library([ROOT / "content"]).question("co-ravine-which-converge")  # SGD at two rates, two others at one
    lab = app(OL, **lab_link(q).query_params)
    assert not lab.exception, lab.exception
    assert lab.checkbox(key="ol.only").label == "Only the link's 4 runs" and lab.checkbox(key="ol.only").value
    assert list(frame(lab, "Run")["Run"]) == ["SGD lr=0.005", "SGD lr=0.025", "SGD + momentum lr=0.005",
                                              "Nesterov lr=0.005"]
    link = dict(parse_qsl(urlsplit(lab.code[-1].value).query))
    assert link["only"] == "sgd:0.005,sgd:0.025,momentum:0.005,nesterov:0.005"  # the box reopens the same four
    lab.multiselect(key="ol.optimizers").set_value(["sgd", "momentum", "nesterov", "adam"]).run()
    assert len(frame(lab, "Run")) == 6  # Adam, added since, runs at both rates
    lab.checkbox(key="ol.only").uncheck().run()
    assert len(frame(lab, "Run")) == 8  # every optimizer at every rate
    assert "only" not in dict(parse_qsl(urlsplit(lab.code[-1].value).query))


def test_a_link_setting_the_labs_widgets_logs_no_warning(app, caplog):
    # the labs set their widgets from a link through Session State on purpose; Streamlit logged a
    # "created with a default value but also had its value set via the Session State API"
    # warning for each (.streamlit/config.toml turns that check off)
    import logging

    with caplog.at_level(logging.WARNING):
        lab = app(OL, surface="rosenbrock", optimizers="sgd,adam", lr="0.001", steps="300", momentum="0.95")
    assert not lab.exception
    assert not [r for r in caplog.records if "Session State API" in r.getMessage()]


def test_try_it_in_the_lab_opens_the_training_lab_on_the_questions_own_runs(app, content_dir):
    """The live-check walk-through: a question on SGD against Adam on moons (6 epochs, three
    runs) linked to the digits preset with other rates."""
    at, links = _answer_and_link(app, content_dir, "check-optimisers.yaml", "co-train-sgd-vs-adam-moons")
    (link,) = links
    assert link.proto.label == "Try it in the lab: Training lab" and link.proto.page == "training-lab"
    query = {k: v[0] for k, v in parse_qs(link.proto.query_string).items()}
    assert query == {"dataset": "moons", "width": "32", "depth": "1", "epochs": "6", "seed": "0",
                     "runs": "sgd:0.01,adam:0.01,adam:1e-05", "from": "co-train-sgd-vs-adam-moons"}
    lab = app("app_pages/training_lab.py", **query)
    assert not lab.exception, lab.exception
    assert not lab.info or all("Press" in i.value for i in lab.info)  # nothing the lab could not take
    assert lab.selectbox(key="tl.dataset").value == "moons" and lab.slider(key="tl.epochs").value == 6
    runs = frame(lab, "optimizer")
    assert list(zip(runs["optimizer"], runs["lr"])) == [("sgd", "0.01"), ("adam", "0.01"), ("adam", "1e-05")]


def test_a_search_questions_link_opens_the_search_lab_on_its_strategies_and_budget(app):
    from engine.content.labs import lab_link
    from engine.content.loader import load_library

    link = lab_link(load_library([ROOT / "content"]).question("cs-hartmann6-grid-manager"))
    lab = app("app_pages/search_lab.py", **link.query_params)
    assert not lab.exception, lab.exception
    assert lab.multiselect(key="sl.strats.hartmann6").value == ["grid", "random"]
    assert lab.number_input(key="sl.budget.hartmann6").value == 12 and lab.number_input(key="sl.seed").value == 3


def test_a_question_over_seeds_opens_the_search_lab_set_to_compare_them(app):
    """Its key is the median regret over seeds 0, 1, 2: after a run, "Over several seeds" stands at 3."""
    from engine.content.labs import lab_link
    from engine.content.loader import load_library

    link = lab_link(load_library([ROOT / "content"]).question("cs-branin-bayes-regret"))
    lab = app("app_pages/search_lab.py", **link.query_params)
    lab = button(lab, "Run the search").click().run(timeout=120)
    lab.session_state["sl.tab"] = "Over several seeds"
    lab = lab.run()
    assert not lab.exception, lab.exception
    assert lab.slider(key="sl.seeds").value == 3


@pytest.mark.parametrize("page", ["app_pages/optimizer_lab.py", "app_pages/training_lab.py",
                                  "app_pages/search_lab.py", "app_pages/presenter.py"])
def test_a_lab_opened_from_a_question_links_back_to_it_and_only_to_a_question_practice_serves(app, content_dir, page):
    """The lab opened in the same tab with nothing naming the question it came from (learners' walk-through)."""
    from tests.content.test_private_banks import PRIVATE

    (content_dir / "hush.yaml").write_text(PRIVATE)

    def back(at):
        return [p for p in at.get("page_link") if p.proto.label == "Back to the question"]

    lab = app(page, **{"from": "valid-single"})
    assert not lab.exception, lab.exception
    (link,) = back(lab)
    assert link.proto.query_string == "q=valid-single"
    for other in ("no-such-question", "hush-single", "<b>x</b>"):  # made up, interview-only, markup: nothing
        lab = app(page, **{"from": other})
        assert not lab.exception and not back(lab), other
        assert not any(other in m.value for m in lab.markdown)
    assert not back(app(page))  # a lecturer's own link: no such line
