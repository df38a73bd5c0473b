"""Every lab link names a real page and a preset that page knows."""

from __future__ import annotations

import pytest

from engine.content.lab_runs import lab_pairs
from engine.content.labs import LAB_PAGES, LabLink, TOPIC_LABS, lab_link, optimizer_lab_query, read_optimizer_query
from engine.content.loader import load_library
from engine.optim.presets import PRESETS
from engine.search.presets import SEARCH_PRESETS
from tests.conftest import ROOT

TRAINING_PRESETS = {"sgd-vs-adam", "batch-size", "overfit", "range-test"}
KNOWN = {"presenter": set(PRESETS), "search-lab": set(SEARCH_PRESETS), "training-lab": TRAINING_PRESETS,
         "optimizer-lab": set()}


@pytest.mark.parametrize("topic", list(TOPIC_LABS))
def test_topic_links_point_at_real_presets(topic):
    page, preset = TOPIC_LABS[topic]
    assert page in LAB_PAGES and preset in KNOWN[page]


def test_training_lab_presets_match_the_page():
    from engine.optim.training_presets import PRESETS as TRAINING_LAB_PRESETS

    assert set(TRAINING_LAB_PRESETS) == TRAINING_PRESETS


#: no lab generates text or images, so questions only on these topics have nothing to link to
NO_LAB_TOPICS = {"generative-sampling", "generative-evaluation"}


def test_every_question_a_lab_can_illustrate_has_a_link():
    lib = load_library([ROOT / "content"])
    illustratable = [q for q in lib.questions if not set(q.topics) <= NO_LAB_TOPICS and q.lab != "none"]
    linked = [q for q in illustratable if lab_link(q) is not None]
    assert len(linked) >= 0.8 * len(illustratable)
    for q in linked:
        link = lab_link(q)
        if link.page == "optimizer-lab":  # opens on the question's own settings, not a preset
            settings, notes = read_optimizer_query(link.query_params)
            assert settings.keys() >= {"surface", "optimizers", "lrs", "steps"}, q.id
            # only a clamp where the question goes beyond the lab (5 steps, condition 1000), said in a note
            assert all(n.split()[0] in {"steps", "condition"} or "steps is more" in n for n in notes), (q.id, notes)
        elif link.page == "search-lab" and link.preset is None:  # the question's own search
            from engine.search.lab_link import read_search_query

            settings, notes = read_search_query(link.query_params)
            assert settings.keys() >= {"strategies", "budget", "seed"} and notes == [], (q.id, notes)
        elif link.page == "training-lab" and link.preset is None:  # the question's own runs
            from engine.optim.training_link import read_training_query

            settings, notes = read_training_query(link.query_params)
            assert settings.keys() >= {"dataset", "epochs", "runs"} and len(settings["runs"]) >= 1, q.id
            assert notes == [], (q.id, notes)  # every setting of the question's the lab takes as it is
        else:
            assert link.preset in KNOWN[link.page], q.id


def _single(lab: str = "") -> str:
    return f"""bank: labs
title: Lab links
questions:
  - id: memory-sum
    type: single_choice
    prompt: How much memory?
    choices: [a, b, c]
    answer: b
    difficulty: easy
    topics: [resource-management]
    roles: [ml-engineer]
    explanation: Because.
    model_answer: Say this.
    key_points: [one point]
    common_mistakes: [one mistake]
    follow_ups: [one follow-up]
{lab}"""


def test_lab_none_leaves_out_the_link_a_topic_would_give():
    from engine.content.loader import load_text

    by_topic, errors = load_text(_single(), "labs.yaml")
    assert not errors and lab_link(by_topic.bank.questions[0]) == LabLink(*TOPIC_LABS["resource-management"])
    none, errors = load_text(_single("    lab: none\n"), "labs.yaml")
    assert not errors and lab_link(none.bank.questions[0]) is None
    _, errors = load_text(_single("    lab: nowhere\n"), "labs.yaml")
    assert errors and "lab" in str(errors[0])


def test_a_question_on_a_surface_opens_the_optimizer_lab_with_its_own_settings():
    lib = load_library([ROOT / "content"])
    q = next(q for q in lib.questions if q.id == "co-which-diverge-lr-0-15")  # condition 10, lr 0.15
    link = lab_link(q)
    assert link.page == "optimizer-lab" and link.preset is None
    pairs = "sgd:0.15,momentum:0.15,nesterov:0.15,adam:0.15,sgd:0.08"  # five runs: only SGD also at 0.08
    assert link.query_params == {"surface": "quadratic", "condition": "10", "optimizers": "sgd,momentum,nesterov,adam",
                                 "lr": "0.15,0.08", "only": pairs, "steps": "300"}
    settings, notes = read_optimizer_query(link.query_params)
    assert settings == {"surface": "quadratic", "condition": 10, "optimizers": ["sgd", "momentum", "nesterov", "adam"],
                        "lrs": "0.15, 0.08", "steps": 300,
                        "only": (("sgd", 0.15), ("momentum", 0.15), ("nesterov", 0.15), ("adam", 0.15), ("sgd", 0.08))}
    assert notes == []


OPTIMIZER_QUESTIONS = [q for q in load_library([ROOT / "content"]).questions
                       if q.simulation is not None and q.simulation.scenario == "optimizer"]


@pytest.mark.parametrize("q", OPTIMIZER_QUESTIONS, ids=lambda q: q.id)
def test_the_lab_opened_from_a_question_runs_the_questions_pairs_of_optimizer_and_rate(q):
    """Each of the question's (optimiser, rate) pairs and no other: the lab ran every optimiser at
    every rate, and a question's four runs opened as six (the ML engineer's walk-through)."""
    settings, notes = read_optimizer_query(lab_link(q).query_params)
    assert not [n for n in notes if "rate" in n or "optimizer" in n], q.id
    runs = lab_pairs(settings["optimizers"], [float(x) for x in settings["lrs"].split(",")], settings.get("only"))
    asked = {(r["optimizer"], float(r["lr"])) for r in q.simulation.params["runs"]}
    assert len(runs) == len(set(runs)) and set(runs) == asked, q.id


def test_a_links_pairs_that_name_no_optimizer_or_no_rate_are_ignored_with_a_note():
    settings, notes = read_optimizer_query({"only": "sgd:0.1,lion:0.1,adam:fast,adam:-1,momentum:0.01"})
    assert settings["only"] == (("sgd", 0.1), ("momentum", 0.01))
    assert notes == ["Runs must read optimizer:rate (as sgd:0.01), with an optimizer the lab has and a rate from "
                     "1e-12 to 1000: 3 of the link's were left out."]


def test_the_link_keeps_start_schedule_seed_and_the_run_limit():
    runs = [{"optimizer": o, "lr": lr, "start": [1.5, -2], "schedule": "cosine"}
            for o in ("sgd", "momentum", "adam") for lr in (0.1, 0.01, 0.001, 0.3, 0.03)]
    q = optimizer_lab_query({"surface": "noisy_quadratic", "surface_params": {"condition": 50, "noise": 2.0},
                             "steps": 2000, "seed": 3, "runs": runs})
    assert q["lr"] == "0.1,0.01,0.001,0.3" and q["optimizers"] == "sgd,momentum,adam"  # 3 x 4 = 12 runs at most
    assert (q["start"], q["schedule"], q["seed"], q["noise"]) == ("1.5,-2", "cosine", "3", "2")
    settings, notes = read_optimizer_query(q)
    assert settings["steps"] == 1000 and settings["start"] == (1.5, -2.0) and settings["seed"] == 3
    assert notes == ["2000 steps is more than the lab draws (10 to 1000, in tens): showing 1000."]


@pytest.mark.parametrize("raw, said", [("99999999", "99999999 steps"), ("1e308", "1e308 steps"), ("-1e308", "-1e308:")])
def test_a_huge_step_count_is_said_as_written_not_in_309_digits(raw, said):
    """A walk-through: ``?steps=1e308`` printed 309 digits, cut at 200 before saying what it showed."""
    _, notes = read_optimizer_query({"steps": raw})
    assert len(notes) == 1 and said in notes[0] and len(notes[0]) < 100


@pytest.mark.parametrize("query, note", [
    ({"surface": "<b>x</b>"}, "names a surface the lab does not have"),
    ({"condition": "abc"}, "'condition' in the link is not a number"),
    ({"condition": "30"}, "showing 20"),
    ({"noise": "9"}, "showing 5"),
    ({"optimizers": "sgd,evil"}, "The link names 1 optimizer the lab does not have: left out"),
    ({"lr": "0.1,-1,abc,inf"}, "3 of the link's were left out"),
    ({"steps": "nan"}, "'steps' must be a finite number"),
    ({"start": "1"}, "'start' must be two numbers"),
    ({"schedule": "x"}, "names a schedule the lab does not have"),
    ({"seed": "1.5"}, "'seed' must be a whole number"),
])
def test_a_bad_link_value_is_named_in_one_sentence_and_ignored_or_clamped(query, note):
    settings, notes = read_optimizer_query(query)
    assert len(notes) == 1 and note in notes[0]
    assert set(settings) <= {"condition", "noise", "optimizers", "lrs"}


def test_no_note_repeats_the_links_own_text():
    """A note sits in an official-looking box: the walk-through's link put "Session expired: log in at
    www.evil.example" in it, quoted as an unknown surface (the other labs never repeat a link's text)."""
    from engine.content.labs import OPTIMIZER_QUERY_KEYS

    said = "Session expired log in at evil example"
    settings, notes = read_optimizer_query({**dict.fromkeys(OPTIMIZER_QUERY_KEYS, said),
                                            "only": f"sgd:{said}", "optimizers": f"sgd,{said}", "lr": f"0.1,{said}"})
    assert len(notes) >= 10 and not [n for n in notes if "evil" in n or "expired" in n], notes


def test_a_link_names_the_demo_it_opens():
    assert LabLink("presenter", "adam-vs-sgd").title == "Presenter mode: Adam vs SGD"
    assert LabLink("training-lab", "range-test").title == "Training lab: The learning-rate range test on digits"
    assert LabLink("search-lab", "branin").title.startswith("Search lab: Branin")
    assert LabLink("optimizer-lab", None, (("surface", "quadratic"),)).title == "Optimizer lab"
    for page, presets in KNOWN.items():  # every preset a link can name has a title in its lab's registry
        for preset in presets:
            assert LabLink(page, preset).title.startswith(f"{LabLink(page, None).title}: ")


def test_the_labs_own_link_reads_back_as_the_same_settings():
    from engine.content.labs import optimizer_lab_link, read_optimizer_query

    link = optimizer_lab_link("quadratic", {"condition": 100.0, "noise": 0.5}, ["sgd", "adam"], [0.01, 0.1], 300,
                              (-4.0, 1.5), "cosine", 7)
    settings, notes = read_optimizer_query(link)
    assert notes == []
    assert settings == {"surface": "quadratic", "condition": 100, "noise": 0.5, "optimizers": ["sgd", "adam"],
                        "lrs": "0.01, 0.1", "steps": 300, "start": (-4.0, 1.5), "schedule": "cosine", "seed": 7}


def test_the_labs_link_carries_momentum_betas_and_the_schedules_own_settings():
    from engine.content.labs import optimizer_lab_link, read_optimizer_query

    hyper = {"momentum": 0.95, "beta1": 0.8, "beta2": 0.999, "alpha": 0.5}
    link = optimizer_lab_link("rosenbrock", {}, ["momentum", "adam"], [0.001], 400, (-1.0, 2.0), "step", 0,
                              hyper, {"step_size": 50.0, "gamma": 0.5})
    # only what differs from the lab's defaults, and only for optimisers on screen (no RMSprop: no alpha)
    assert {k: link[k] for k in ("momentum", "beta1", "step_size")} == {"momentum": "0.95", "beta1": "0.8",
                                                                       "step_size": "50"}
    assert not {"beta2", "alpha", "gamma"} & set(link)
    settings, notes = read_optimizer_query(link)
    assert notes == []
    assert (settings["momentum"], settings["beta1"], settings["schedule"], settings["step_size"]) == (0.95, 0.8, "step", 50)
    # a schedule's defaults follow the run's length: T_max = steps is not written
    cosine = optimizer_lab_link("quadratic", {}, ["sgd"], [0.1], 300, (1.0, 1.0), "cosine", 0, {}, {"T_max": 300.0})
    assert "T_max" not in cosine


@pytest.mark.parametrize("query, note, kept", [
    ({"momentum": "1"}, "'momentum' must be from 0 to below 1: ignored.", {}),
    ({"beta2": "-0.1"}, "'beta2' must be from 0 to below 1: ignored.", {}),
    ({"alpha": "lots"}, "'alpha' in the link is not a number: ignored.", {}),
    ({"schedule": "exponential", "gamma": "0.1"}, "gamma 0.1 is outside the lab's 0.5 to 1: showing 0.5.",
     {"gamma": 0.5}),
    ({"schedule": "cosine", "T_max": "99.6"}, "T_max 99.6 is not a whole number of steps: showing 100.",
     {"T_max": 100}),
    ({"schedule": "warmup_cosine", "warmup": "0"}, "warmup 0 is outside the lab's 1 to 10000: showing 1.",
     {"warmup": 1}),
    ({"schedule": "cosine", "gamma": "0.9"}, "'gamma' is a setting of another schedule than this link's: ignored.", {}),
    ({"k": "0.5"}, "'k' is a setting of another schedule than this link's: ignored.", {}),
])
def test_a_links_settings_outside_the_labs_controls_are_clamped_or_ignored_with_a_note(query, note, kept):
    settings, notes = read_optimizer_query(query)
    assert notes == [note]
    assert {k: v for k, v in settings.items() if k not in ("schedule",)} == kept


def test_the_labs_fields_name_real_parameters_of_every_schedule_and_optimiser():
    # conformance: one lab field per setting the sidebar shows, each a parameter its schedule or
    # optimiser really takes, with a default inside its own bounds
    from engine.content.labs import LAB_HYPER, LAB_SCHEDULE_FIELDS
    from engine.optim.optimizers import OPTIMIZERS, RANGES
    from engine.optim.schedules import SCHEDULES

    assert set(LAB_SCHEDULE_FIELDS) == set(SCHEDULES)
    for name, fields in LAB_SCHEDULE_FIELDS.items():
        for f in fields:
            assert f.name in SCHEDULES[name].defaults, (name, f.name)
            assert f.low <= f.default_for(200) <= f.high, (name, f.name)
    for name, (f, users) in LAB_HYPER.items():
        assert name == f.name and name in RANGES and set(users) <= set(OPTIMIZERS)
        lo, hi, _ = RANGES[name]
        assert lo <= f.default_for(200) < hi


def test_the_schedule_settings_are_labelled_in_words_with_torchs_name_beside():
    """The text audit: the Optimizer lab's sidebar labelled them "step_size (steps)", "gamma", "k",
    "T_max (steps)", "pct_start": torch's arguments, which a learner may not know yet."""
    from engine.content.labs import LAB_SCHEDULE_FIELDS

    fields = [f for fs in LAB_SCHEDULE_FIELDS.values() for f in fs]
    assert fields
    for f in fields:
        assert f.label[0].isupper() and " " in f.label, f.label
        assert f.name in f.label or f.label.lower().startswith(f.name), f.label


def test_a_link_says_whether_it_carries_the_questions_settings_or_a_related_demo():
    """The live-check walk-through: questions on iris folds, moons or cosine warm-up landed, under
    "Try it in the lab", on a preset about something else (breast cancer, digits, step decay)."""
    own = LabLink("optimizer-lab", None, (("surface", "quadratic"), ("lr", "0.1")))
    assert own.label == "Try it in the lab: Optimizer lab"
    demo = LabLink("search-lab", "svc-cancer")
    assert demo.label.startswith("A related demo: Search lab: ") and "breast cancer" in demo.label


def test_a_link_to_the_questions_own_settings_says_what_the_lab_cannot_set():
    """The live-check walk-through: "Try it in the lab" on a question of step decay at step 1,000
    of 2,000 opened the lab with no schedule and 1,000 steps; on AdamW with weight decay 0.5, a lab
    without weight decay; on two saddle starts, one start of the lab's."""
    lib = load_library([ROOT / "content"])
    label = lab_link(lib.question("co-decay-shrinks-noise-ball")).label
    assert label == "Try it in the lab: Optimizer lab (it cannot set the runs' own schedules, or steps past 1,000)"
    assert lab_link(lib.question("co-adamw-first-step")).label.endswith("(it cannot set the runs' weight decay)")
    assert lab_link(lib.question("ls-saddle-escape-steps")).label.endswith("(it cannot set the runs' own starts)")
    assert lab_link(lib.question("co-which-diverge-lr-0-15")).label == "Try it in the lab: Optimizer lab"


def test_a_search_question_opens_the_search_lab_on_its_own_strategies_and_budget():
    """The live-check walk-through: grid against random on Hartmann-6 with 12 evaluations linked to
    a preset without grid search, at 40."""
    link = lab_link(load_library([ROOT / "content"]).question("cs-hartmann6-grid-manager"))
    assert link.query_params == {"preset": "hartmann6", "strategies": "grid,random", "budget": "12", "seed": "3"}
    assert link.label == "Try it in the lab: Search lab (it cannot set seeds 4 and 5: it runs seed 3 alone)"


def test_a_step_count_past_the_lab_is_named_as_the_link_wrote_it():
    """99999999 steps read "1e+08 steps" (the lecturer's walk-through)."""
    _, notes = read_optimizer_query({"surface": "quadratic", "optimizers": "sgd", "lr": "0.1", "steps": "99999999"})
    assert notes == ["99999999 steps is more than the lab draws (10 to 1000, in tens): showing 1000."]


def test_a_question_over_seeds_0_to_n_opens_the_lab_set_to_compare_them():
    """The ML engineer's walk-through: a key measured as the median regret over seeds 0, 1, 2 could not
    be checked in the lab, whose link said it could not set the seeds after the first."""
    q = load_library([ROOT / "content"]).question("cs-branin-bayes-regret")
    link = lab_link(q)
    assert dict(link.params)["seeds"] == "3" and link.missing == ()
    assert link.label == ("Try it in the lab: Search lab (after a run, \u201cOver several seeds\u201d compares "
                          "its 3 seeds)")
    from engine.search.lab_link import read_search_query

    settings, notes = read_search_query(dict(link.params))
    assert settings["seeds"] == 3 and notes == []


#: a search topic -> the strategies that show it (one is enough)
TOPIC_STRATEGIES = {"grid-search": {"grid"}, "random-search": {"random"}, "bayesian-optimisation": {"bayes", "tpe"}}


def test_a_related_search_demo_runs_the_strategies_its_question_is_about():
    """A question comparing random search with a grid linked a preset that runs no grid (the learners'
    walk-through): the demo must show each search topic of the question."""
    from engine.search.presets import SEARCH_PRESETS

    lib = load_library([ROOT / "content"])
    wrong = []
    for q in lib.questions:
        link = lab_link(q)
        if link is None or link.page != "search-lab" or link.preset is None:
            continue
        runs = set(link.query_params.get("strategies", ",".join(SEARCH_PRESETS[link.preset].strategies)).split(","))
        missing = [t for t in q.topics if t in TOPIC_STRATEGIES and not TOPIC_STRATEGIES[t] & runs]
        if missing:
            wrong.append(f"{q.id}: {link.preset} runs none of {missing}")
    assert wrong == []
