"""Search lab through AppTest: a preset run, bad input, and the over-tuning experiment."""

from __future__ import annotations

from tests.pages.conftest import button, frame, said

SL = "app_pages/search_lab.py"


def preset(app, key: str, **widgets):
    """Open the search lab on a preset (via its link) and set number inputs by key."""
    at = app(SL, preset=key)
    for k, v in widgets.items():
        at.number_input(key=k).set_value(v)
    return at


def run_clicked(at, timeout: float = 120):
    return button(at.run(), "Run the search").click().run(timeout=timeout)


def open_tab(at, title: str):
    """The Search lab with its result tab ``title`` open (choosing a tab reruns the page; only the
    open one is built)."""
    at.session_state["sl.tab"] = title
    return at.run()


def custom(app, dataset: str):
    """The Search lab on its custom scenario, with ``dataset`` chosen."""
    at = app(SL)
    at.selectbox(key="sl.preset").set_value("custom")
    at = at.run()
    at.selectbox(key="sl.dataset").set_value(dataset)
    return at.run()


def custom_iris_run(app, strategies: list[str], budget: int):
    """A custom scenario (an SVC on iris), run with ``strategies`` for ``budget`` evaluations each."""
    at = custom(app, "iris")
    at.multiselect(key="sl.strats.custom").set_value(strategies)
    at.number_input(key="sl.budget.custom").set_value(budget)
    return run_clicked(at)


def test_branin_preset_runs_every_strategy(app):
    at = run_clicked(preset(app, "branin", **{"sl.budget.branin": 12}))
    assert not at.exception, at.exception
    labels = [m.label for m in at.metric]
    assert labels and all(label == "best value" for label in labels)
    # each card names the configuration that scored it (the lecturer's walk-through: none did)
    at_best = [c.value for c in at.caption if c.value.startswith("at x1 = ")]
    assert len(at_best) == len(labels) and all(", x2 = " in c for c in at_best)
    assert len(at.get("plotly_chart")) >= 2
    trials = frame(open_tab(at, "Trials"), "State")
    assert len(trials) == 9  # the first table is the grid's: the largest full grid in 12 is 3 x 3
    assert list(trials["Trial"]) == list(range(1, 10))


def test_small_cv_preset_runs_and_shows_fold_scores(app):
    at = custom_iris_run(app, ["random"], 4)
    assert not at.exception, at.exception
    trials = frame(open_tab(at, "Trials"), "Fold scores")
    assert len(trials) == 4 and trials["Fold scores"].str.count(",").eq(2).all()  # 3 folds


def test_ground_truth_grid_is_computed_and_kept(app):
    at = open_tab(custom_iris_run(app, ["random"], 3), "Where they looked")
    at = button(at, "Compute the ground truth: the full 7×7 grid (cached)").click().run(timeout=180)
    assert not at.exception, at.exception
    name, _, truth = at.session_state["sl.truth"]
    assert name == "iris:svc" and len(truth.trials) == 49


def test_the_budget_control_carries_its_limit(app):
    at = preset(app, "branin").run()
    budget = at.number_input(key="sl.budget.branin")
    # in the label, not a tooltip: a number over it only turns the box red, and the search ran with the
    # last value kept, without a word of why (a lecturer's walk-through)
    assert budget.max == 500 and budget.label.endswith("at most 500")


def test_grid_over_the_cap_is_refused_beside_the_run_button(app):
    at = preset(app, "branin", **{"sl.points": 100, "sl.budget.branin": 400}).run()
    assert not at.exception
    assert "this grid has 10,000 grid points; the limit is 5,000 grid points per request" in at.error[0].value
    assert button(at, "Run the search").disabled


def test_a_search_over_the_cost_ceiling_is_refused_before_it_starts(app):
    # issue 10, 2: n_estimators up to 5,000 used to run past 60 s; now the estimate refuses it
    at = custom(app, "digits")
    at.selectbox(key="sl.model.classification").set_value("random_forest")
    at = at.run()
    assert any("Estimated cost: about" in c.value for c in at.caption)
    at.number_input(key="sl.budget.custom").set_value(60)
    at = at.run()
    assert not at.exception
    assert "CPU-seconds; the limit is 240 CPU-seconds per request" in at.error[0].value
    assert button(at, "Run the search").disabled
    assert any("n_estimators 1 to 1,000" in c.value for c in at.caption)  # the model's hard bounds


def test_custom_scenario_shows_an_editable_space(app):
    at = custom(app, "iris")
    space = frame(at, "parameter")
    assert list(space["parameter"]) == ["C", "gamma"] and not space["choices / condition"].any()


def test_conditional_space_runs_and_shows_its_conditions(app):
    at = app(SL, preset="svc-kernel")
    assert not at.exception, at.exception
    objective = next(m.value for m in at.markdown if m.value.startswith("**Objective:**"))
    assert "gamma ∈ [0.0001, 0.1] log (when kernel ∈ {rbf, poly})" in objective
    assert "degree ∈ [2, 4] (when kernel = poly)" in objective
    at.multiselect(key="sl.strats.svc-kernel").set_value(["random", "tpe"])
    at.number_input(key="sl.budget.svc-kernel").set_value(8)
    at = button(at.run(), "Run the search").click().run(timeout=180)
    assert not at.exception, at.exception
    trials = frame(open_tab(at, "Trials"), "State")
    # a linear-kernel configuration sets neither gamma nor degree
    linear = trials[trials["kernel"] == "linear"]
    # an unused parameter is an infinity underneath (a null number shows as a grey "None"), "—" on screen
    assert len(linear) and (linear["gamma"] == float("inf")).all() and (linear["degree"] == float("inf")).all()


def test_gaussian_process_step_through(app):
    at = app(SL)
    at.selectbox(key="sl.preset").set_value("branin")
    at = at.run()
    at.multiselect(key="sl.strats.branin").set_value(["bayes"])
    at.number_input(key="sl.budget.branin").set_value(9)
    at = button(at.run(), "Run the search").click().run(timeout=120)
    assert not at.exception, at.exception
    at = open_tab(at, "Gaussian process")
    slider = at.select_slider(key="sl.gp.iter")
    # five initial points, then one GP fit per evaluation: the slider counts evaluations, as the text does
    assert slider.options == ["5", "6", "7", "8"] and slider.value == 8
    assert any(m.value.startswith("After 8 evaluations (5 from the initial Latin hypercube, 3 proposed by the GP)")
               for m in at.markdown)
    at = slider.set_value(5).run()
    assert not at.exception
    assert any(m.value.startswith("After 5 evaluations") and "proposes evaluation 6" in m.value
               for m in at.markdown)


def test_preset_from_the_url(app):
    at = app(SL, preset="hartmann6")
    assert not at.exception
    assert at.selectbox(key="sl.preset").value == "hartmann6"
    assert any("**Objective:** Hartmann 6-D" in m.value for m in at.markdown)


def test_the_plan_counts_its_evaluations_in_words(app):
    """A link's budget of 1 (a budget the lab takes) read "with 1 evaluations each"."""
    at = app(SL, preset="branin", budget="1")
    assert any("will do with 1 evaluation each**" in m.value for m in at.markdown)
    assert not any("1 evaluations" in m.value for m in at.markdown)


def test_overtuning_panel_explains_its_numbers(app):
    # issue 13, 5: its best CV score comes from a new search on the training part, and equal
    # nested fold scores show the right answers behind them
    at = open_tab(custom_iris_run(app, ["random"], 3), "Over-tuning")
    at.number_input(key="sl.ot.budget").set_value(3)
    at.slider(key="sl.ot.outer").set_value(2)
    at = button(at.run(), "Run the over-tuning experiment").click().run(timeout=180)
    assert not at.exception, at.exception
    captions = " ".join(c.value for c in at.caption)
    assert "on the training part only: 105 of 150 rows, the other 45 being the held-out test set" in captions
    assert captions.count(" right)") == 2  # "0.962 (51 of 53 right)" for each outer fold


def shown(element):
    """A dataframe element's cells as the browser shows them (a Styler's display values)."""
    import pyarrow as pa

    return pa.ipc.open_stream(element.proto.arrow_data.styler.display_values).read_pandas()


def test_trials_table_reads_as_words_not_raw_fields(app):
    # UI audit 8: raw headers (value, std, fit_s, share, cached, reason), a column of grey "None",
    # rows numbered from 0; here a conditional space leaves gamma and degree empty for a linear kernel
    at = app(SL, preset="svc-kernel")
    at.multiselect(key="sl.strats.svc-kernel").set_value(["random"])
    at.number_input(key="sl.budget.svc-kernel").set_value(8)
    at = button(at.run(), "Run the search").click().run(timeout=180)
    assert not at.exception, at.exception
    table = next(d for d in open_tab(at, "Trials").dataframe if "State" in d.value.columns)
    data, words = table.value, shown(table)
    assert list(data.columns[:1]) == ["Trial"] and list(data["Trial"]) == list(range(1, 9))
    assert {"Score", "Fold std", "Train score", "Fold scores", "Fit time (s)", "From cache"} <= set(data.columns)
    assert not {"value", "std", "fit_s", "share", "cached", "reason", "#"} & set(data.columns)
    assert not words.isin(["None", "nan", "NaN", "<NA>"]).any().any()
    linear = words[data["kernel"] == "linear"]
    assert len(linear) and (linear["gamma"] == "—").all()
    assert data["gamma"].dtype.kind == "f" and data["gamma"].notna().all()  # numbers underneath: it sorts
    assert "this configuration does not use it" in table.proto.columns


def test_scenario_titles_and_strategy_chips_fit(app):
    # UI audit 8: the sidebar cut "SVC on breast cancer: C and gam" and "Bayesian optimisati…"
    at = app(SL, preset="svc-cancer")
    assert not at.exception, at.exception
    assert not any(s.key == "sl.preset" for s in at.sidebar.selectbox)  # in the page's width
    chips = at.multiselect(key="sl.strats.svc-cancer")
    labels = list(chips.proto.options)
    assert "Bayesian (GP + EI)" in labels and max(map(len, labels)) <= 18


def test_an_edit_the_space_table_could_not_have_sent_resets_it(app):
    from tests.pages.test_training_editor_limits import edit

    at = custom(app, "iris")
    row = {"parameter": "C", "kind": "float", "low": 0.1, "high": 10.0, "scale": "log", "choices / condition": ""}
    at = edit(at, added=[row] * 5_000)  # a fixed table: Streamlit would still append them, one by one
    assert not at.exception, at.exception
    assert any(w.value.startswith("The search space table got an edit it cannot apply") for w in at.warning)
    assert list(frame(at, "parameter")["parameter"]) == ["C", "gamma"]  # the model's own space again
    at = edit(at, edited={"7": {"low": 1.0}})  # a row the table does not have
    assert not at.exception, at.exception


def test_a_search_stopped_at_its_cpu_allowance_says_so_and_keeps_what_it_evaluated(app, monkeypatch):
    import engine.limits

    monkeypatch.setattr(engine.limits, "allowance", lambda estimate, ceiling: 1.0)
    from tests.pages.test_training_editor_limits import edit

    # Small forests on digits: about 0.2 CPU-seconds an evaluation here, so the first two (run side
    # by side) end well inside the allowance (1 to 2 s: the kernel counts whole seconds) and fifty
    # cannot, even on a machine three times as fast. With the model's own space the first two
    # could cost more than the allowance by themselves, and then nothing was kept (1 run in 3).
    at = custom(app, "digits")
    at.selectbox(key="sl.model.classification").set_value("random_forest")
    at = edit(at.run(), edited={"0": {"low": 10, "high": 12}, "1": {"low": 4, "high": 6},
                                "2": {"low": 0.15, "high": 0.25}})
    assert not at.warning, [w.value for w in at.warning]
    at.multiselect(key="sl.strats.custom").set_value(["random"])
    at.number_input(key="sl.budget.custom").set_value(50)
    at = button(at.run(), "Run the search").click().run(timeout=120)
    assert not at.exception, at.exception
    assert any("used its allowance of 1 CPU-seconds" in said(e.value) for e in at.error)
    assert any("evaluations made before it ended" in c.value for c in at.caption)
    kept = frame(open_tab(at, "Trials"), "n_estimators")
    assert 1 <= len(kept) < 50 and kept["n_estimators"].between(10, 12).all(), kept
    # and in the run history, said to be stopped: the page said what it kept, the history had nothing
    # (a lecturer's walk-through)
    from engine.runs import RunLog
    from engine.store import LOCAL_LEARNER, open_store

    (run,) = RunLog(open_store()).runs(LOCAL_LEARNER)
    assert run.title.endswith("(stopped before the end)") and run.config["stopped"] is True
    assert run.results["random"]["trials"] == len(kept)


def test_the_custom_scenario_names_metrics_datasets_and_kinds_in_words(app):
    """The text audit: the Metric box offered "roc_auc" (and "neg_mse"), the objective read "on
    noisy", the allowed ranges "1e-06 to 1e+06" and listed the RBF kernel's absent degree, and the
    space table's kind column showed Python's type names."""
    at = custom(app, "noisy")
    assert not at.exception, at.exception
    assert at.selectbox(key="sl.metric.classification").options == ["Accuracy", "F1", "ROC AUC"]
    assert "Noisy generated data" in at.selectbox(key="sl.dataset").options
    objective = next(m.value for m in at.markdown if m.value.startswith("**Objective:**"))
    assert "on noisy generated data" in objective
    ranges = next(c.value for c in at.caption if c.value.startswith("Allowed ranges"))
    assert "C 1e-6 to 1e6, gamma 1e-8 to 1,000." in ranges and "degree" not in ranges
    at.selectbox(key="sl.dataset").set_value("diabetes")
    at = at.run()
    assert at.selectbox(key="sl.metric.regression").options == ["Negative MSE"]


def test_a_benchmarks_cost_is_under_a_cpu_second_and_its_seeds_share_the_function(app):
    at = open_tab(run_clicked(preset(app, "branin", **{"sl.budget.branin": 4})), "Over several seeds")
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Estimated cost: under 1 CPU-second; at most") for c in captions), captions
    assert not any("about 0 CPU-seconds" in c for c in captions)
    over_seeds = next(c for c in captions if c.startswith("Runs every strategy"))
    assert "on the same function" in over_seeds and "cross-validation" not in over_seeds


def test_reruns_over_the_same_results_draw_the_kept_figures(app, monkeypatch):
    """A change of tab or of a control in a result tab reruns the page: the figures of the same
    results are the ones already built (ui.kept_figures), and a new search builds the open tab's
    anew (and each other tab's when it is opened)."""
    import ui.gp_view
    import ui.search_lab_tabs

    built: list[str] = []
    for module, name in [(ui.search_lab_tabs, "best_so_far_figure"), (ui.search_lab_tabs, "_sampled_points"),
                         (ui.gp_view, "gp_figure")]:
        real = getattr(module, name)
        monkeypatch.setattr(module, name,
                            lambda *a, _real=real, _name=name, **kw: built.append(_name) or _real(*a, **kw))
    at = run_clicked(preset(app, "branin", **{"sl.budget.branin": 12}))
    assert not at.exception, at.exception
    assert built == ["best_so_far_figure"] * 2  # the open tab's, only
    at = open_tab(open_tab(at, "Where they looked"), "Gaussian process")
    first = sorted(built)
    assert first == ["_sampled_points", "best_so_far_figure", "best_so_far_figure", "gp_figure"]
    at = open_tab(open_tab(at, "Best so far"), "Gaussian process")
    at.select_slider(key="sl.gp.iter").set_value(at.select_slider(key="sl.gp.iter").value).run()
    assert sorted(built) == first  # four more runs, nothing built again
    at.number_input(key="sl.budget.branin").set_value(9)
    at = run_clicked(at)  # a new search: new results (another budget: the same press at once is a double click's)
    assert not at.exception, at.exception
    assert sorted(built) == sorted(first + ["gp_figure"])  # the open tab's
    open_tab(open_tab(at, "Best so far"), "Where they looked")
    assert sorted(built) == sorted(first * 2)


def test_only_the_open_result_tab_is_built_and_the_closed_ones_keep_their_controls(app):
    """Built together, the six tabs took 28 to 45 ms of every rerun with results on screen; now
    the closed ones cost nothing, and a control set in one keeps its value while another is open."""
    at = run_clicked(preset(app, "branin", **{"sl.budget.branin": 6}))
    assert not at.exception, at.exception
    assert not any(c.value.startswith("Runs every strategy") for c in at.caption)  # Over several seeds: closed
    assert not any("State" in d.value.columns for d in at.dataframe)  # Trials: closed
    at = open_tab(at, "Over several seeds")
    at.slider(key="sl.seeds").set_value(7).run()
    at = open_tab(open_tab(at, "Trials"), "Over several seeds")
    assert at.slider(key="sl.seeds").value == 7
    assert any(c.value.startswith("Runs every strategy 7 times") for c in at.caption)


def test_a_bayesian_search_stopped_before_its_first_gp_step_says_so():
    """The lecturer's walk-through: a stopped GP search's tab said it "ended within its initial
    design (0 points)"."""
    from streamlit.testing.v1 import AppTest

    def page():
        from types import SimpleNamespace

        from ui.gp_view import gp_iterations_view

        gp_iterations_view(SimpleNamespace(extras={}, stopped=True, trials=(1, 2, 3, 4, 5, 6, 7)), None, True)

    at = AppTest.from_function(page).run()
    assert [i.value for i in at.info] == ["This search was stopped after 7 evaluations, before its Gaussian "
                                          "process's first step: its evaluations are in the other tabs."]


def test_a_stopped_bayesian_search_keeps_the_gp_steps_it_made(app):
    """The lecturer's walk-through (left out then): a stopped GP search kept its evaluations, not
    its Gaussian process's steps. They now come with the trials as the search runs."""
    from engine.search.lab import gather_extras, run_strategies
    from engine.search.objectives import BENCHMARKS

    events = []
    full = run_strategies(BENCHMARKS["branin"], ["bayes"], 9, emit=lambda *e: events.append(e))["bayes"]
    trials, extras = [e[2] for e in events][:8], {}  # as if stopped after its 8th evaluation
    for e in events[:8]:
        gather_extras(extras, e[5])
    assert extras["iterations"] == full.extras["iterations"][:2] and extras["n_initial"] == 5
    at = preset(app, "branin")
    at.session_state["sl.running"], at.session_state["sl.running_extras"] = {"bayes": trials}, {"bayes": extras}
    at = open_tab(at.run(), "Gaussian process")
    assert not at.exception, at.exception
    assert at.select_slider(key="sl.gp.iter").options == ["5", "6"]
    assert any(c.value.startswith("This search was stopped after 8 evaluations: its Gaussian process's steps")
               for c in at.caption)


def test_over_several_seeds_opens_on_as_many_seeds_as_the_ceiling_allows(app, monkeypatch):
    """The lecturer's walk-through: on the SVM-on-digits preset the tab opened on five seeds, over
    the cost ceiling, so on a refusal. Here a ceiling that takes three at most."""
    import ui.search_lab_tabs as tabs

    real = tabs.check_request

    def three_at_most(*args, repeats: int = 1, **kwargs):
        if repeats > 3:
            raise ValueError("over the ceiling")
        return real(*args, repeats=repeats, **kwargs)

    monkeypatch.setattr(tabs, "check_request", three_at_most)
    at = open_tab(run_clicked(preset(app, "branin", **{"sl.budget.branin": 6})), "Over several seeds")
    assert not at.exception, at.exception
    assert at.slider(key="sl.seeds").value == 3
    assert not [e for e in at.error if "over the ceiling" in e.value]


def test_a_search_stopped_before_its_first_evaluation_says_it_has_no_results(app):
    """The class walk-through: stopped while it waited for a worker, a search said "the evaluations
    made so far are shown" over nothing."""
    at = preset(app, "branin")
    at.session_state["sl.running"] = {"random": [], "bayes": []}  # as a run stopped in the queue leaves it
    at.session_state["sl.stop_pressed"] = True  # as Stop's callback leaves it (a Stop press)
    at = at.run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == ["The search was stopped before its first evaluation, so it has no "
                                             "results."]
    assert not at.metric  # no result cards


def _ended_search(app):
    """The Search lab on branin, as a search of random (9 evaluations made) then TPE (none), with
    a budget of 15, leaves it while it runs."""
    from engine.search.objectives import BENCHMARKS
    from engine.search.runner import run_search

    at = preset(app, "branin", **{"sl.budget.branin": 15}).run()
    at.session_state["sl.running"] = {"random": list(run_search(BENCHMARKS["branin"], "random", 9).trials),
                                      "tpe": []}
    at.session_state["sl.running_visit"] = at.session_state["app.visit"]
    return at


def test_a_search_ended_by_leaving_the_page_does_not_say_it_was_stopped(app):
    """The ML engineer's walk-through: leaving the lab mid-run, then coming back, said "The search
    was stopped" though Stop was never pressed; the card said "9 evaluations", not of how many, and
    TPE, which never ran, went unmentioned."""
    at = _ended_search(app)
    at.switch_page("app_pages/history.py").run()
    at = at.switch_page(SL).run()
    assert not at.exception, at.exception
    assert [w.value for w in at.warning] == [
        "The search ended when you left the page; the evaluations made so far are shown. TPE (Optuna) made no "
        "evaluation before the search ended."]
    # "of" the budget on screen (AppTest's return to the page reopens it on its first scenario)
    budget = at.session_state[f"sl.budget.{at.session_state['sl.preset']}"]
    assert any(c.value.startswith(f"9 of {budget} evaluations") for c in at.caption)


def test_a_search_ended_by_stop_or_by_a_control_says_which(app):
    at = _ended_search(app)
    # the page as a Stop press during the search reruns it (the live Stop is drawn only in the run that
    # searches, which AppTest cannot press into: its callback's mark, as test_hostile_visitor's press sets it)
    at.session_state["sl.stop_pressed"] = True
    at = at.run()
    assert [w.value for w in at.warning][0].startswith("The search was stopped; the evaluations made so far")
    at = _ended_search(app).run()  # a rerun of the page itself: a control changed while it ran
    assert [w.value for w in at.warning][0].startswith("The search ended when a control on the page was changed")


def test_a_search_left_before_its_first_evaluation_says_so(app):
    at = preset(app, "branin")
    at.session_state["sl.running"], at.session_state["sl.running_visit"] = {"random": []}, -1  # another visit's
    at = at.run()
    assert [w.value for w in at.warning] == ["The search ended when you left the page, before its first evaluation, "
                                             "so it has no results."]


def test_the_same_search_from_the_same_link_in_two_sessions_keeps_one_row(app):
    """The ML engineer's walk-through: two page loads of one link, each running the search, kept
    rows #4 and #5 (the repeat check was this session's only)."""
    from engine.runs import RunLog
    from engine.settings import database_url
    from engine.store import LOCAL_LEARNER, Store

    for _ in range(2):  # each a fresh AppTest: a new browser session
        at = run_clicked(app(SL, preset="branin", strategies="random", budget="3", seed="4"))
        assert not at.exception, at.exception
    assert [(r.kind, r.seed) for r in RunLog(Store(database_url())).runs(LOCAL_LEARNER)] == [("search_lab", 4)]


def test_over_several_seeds_shows_the_final_median_and_quartiles_as_numbers(app):
    """The ML engineer's walk-through: the tab showed only a figure; a question's key is a number."""
    at = open_tab(run_clicked(preset(app, "branin", **{"sl.budget.branin": 4})), "Over several seeds")
    at.slider(key="sl.seeds").set_value(3)
    at = button(at.run(), "Compare over seeds").click().run(timeout=180)
    assert not at.exception, at.exception
    assert any(c.value == "At evaluation 4, over seeds 0 to 2:" for c in at.caption)
    table = frame(at, "Median regret")
    assert list(table.columns) == ["Strategy", "Seeds", "Median regret", "Lower quartile", "Upper quartile"]
    assert len(table) == 4 and (table["Seeds"] == 3).all()


def test_stop_is_greyed_out_while_nothing_runs_and_after_a_search(app):
    """Always live, a press with nothing running seemed to do nothing (the audit of every page)."""
    at = preset(app, "branin", **{"sl.budget.branin": 4}).run()
    assert [(b.key, b.disabled) for b in at.button if b.label == "Stop"] == [("sl.stop.idle", True)]
    at = button(at, "Run the search").click().run(timeout=120)
    assert not at.exception, at.exception
    # the run that searched ends with it greyed out again: the page stays as that run left it
    assert [(b.key, b.disabled) for b in at.button if b.label == "Stop"] == [("sl.stop.idle", True)]
