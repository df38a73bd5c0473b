"""``python -m engine validate``: exit codes, text and JSON output."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys

import pytest

from engine.cli import main
from tests.conftest import FIXTURES, ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    """``python -m engine *args`` run in this process: its exit code, stdout and stderr.

    In-process because a fresh interpreter per call cost the suite a minute (each one imports
    torch and scikit-learn again); the entry point itself is run as a command by
    ``test_the_module_runs_as_a_command``. A traceback would escape as an exception and fail the test.
    """
    out, err = io.StringIO(), io.StringIO()
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as stop:  # argparse's exit and the commands' own exit 2
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(["python", "-m", "engine", *args], code or 0, out.getvalue(), err.getvalue())


def run_command(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "engine", *args], capture_output=True, text=True, cwd=ROOT
    )


@pytest.mark.parametrize("args, code", [(("validate", "tests/content/fixtures/valid.yaml"), 0),
                                        (("optim", "--surface", "moon", "--optimizer", "sgd", "--lr", "0.1"), 2)])
def test_the_module_runs_as_a_command(args, code):
    out = run_command(*args)
    assert out.returncode == code, out.stdout + out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.strip() and len(out.stderr.strip().splitlines()) <= 2


def test_validate_valid_file_exits_0():
    out = run("validate", "tests/content/fixtures/valid.yaml")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "1 valid banks, 5 questions, 0 errors" in out.stderr


def test_validate_prints_every_error_and_exits_1():
    out = run("validate", "tests/content/fixtures/unknown_key.yaml", "tests/content/fixtures/not_permutation.yaml")
    assert out.returncode == 1
    assert out.stdout.splitlines() == [
        "tests/content/fixtures/not_permutation.yaml:8: questions[0].answer: answer is not a "
        "permutation of the items: missing 'third'; repeated 'second'",
        "tests/content/fixtures/unknown_key.yaml:9: questions[0].explanaton: unknown field "
        "'explanaton'; did you mean 'explanation'?",
    ]


def test_validate_json_counts(capsys, at_root):
    code = main(["validate", "--json", str(FIXTURES / "valid.yaml"), str(FIXTURES / "wrong_type.yaml")])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert set(data) == {"banks", "questions", "by_type", "by_difficulty", "by_topic", "by_role", "by_form",
                         "private_questions", "errors"}
    assert data["private_questions"] == 0
    assert data["by_form"] == {"plot": 0, "generated": 0, "code": 0, "derivation": 0, "live": 0}
    assert data["banks"] == 1 and data["questions"] == 5
    assert data["by_type"] == dict.fromkeys(
        ["single_choice", "multi_choice", "numeric", "ordering", "free_text"], 1
    )
    assert data["by_difficulty"] == {"easy": 5, "medium": 0, "hard": 0}
    assert data["by_topic"]["learning-rate"] == 5 and data["by_topic"]["metrics"] == 0
    assert data["by_role"] == {"data-scientist": 5, "ml-engineer": 0, "manager": 0, "creative": 0}
    assert len(data["errors"]) == 1 and data["errors"][0].startswith(
        "tests/content/fixtures/wrong_type.yaml:7: "
    )


def test_validate_a_folder_defaults_to_content():
    out = run("validate", "--json")
    data = json.loads(out.stdout)
    assert data["banks"] >= 1


def test_missing_path_and_bad_flag_exit_2():
    out = run("validate", "nowhere.yaml")
    assert out.returncode == 2
    assert out.stderr.strip() == "python -m engine validate: error: no such file or folder: nowhere.yaml"
    bad = run("validate", "--nope")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1


def test_optim_json_trajectory_starts_at_the_start_point():
    out = run("optim", "--surface", "quadratic", "--surface-param", "condition=1", "--optimizer", "sgd",
              "--lr", "0.1", "--steps", "50", "--start", "1", "0", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert {"trajectory", "losses", "lrs", "outcome", "diverged_at"} <= set(data)
    assert data["trajectory"][0] == [1.0, 0.0]
    assert data["trajectory"][1] == [0.8, 0.0]  # x - 0.1 * 2x
    assert len(data["trajectory"]) == len(data["losses"]) == 51 and len(data["lrs"]) == 50
    assert data["outcome"] == "converged" and data["diverged_at"] is None


def test_optim_divergence_is_cut_and_json_is_finite():
    out = run("optim", "--surface", "quadratic", "--surface-param", "condition=1", "--optimizer", "sgd",
              "--lr", "1.1", "--steps", "60", "--start", "1", "0", "--json")
    data = json.loads(out.stdout)
    assert data["outcome"] == "diverged" and data["diverged_at"] == 26
    assert len(data["trajectory"]) == 26
    assert "Infinity" not in out.stdout and "NaN" not in out.stdout


def test_optim_schedule_and_hyperparameters():
    out = run("optim", "--surface", "rosenbrock", "--optimizer", "adam", "--lr", "0.1", "--beta1", "0.8",
              "--steps", "40", "--schedule", "step", "step_size=10", "gamma=0.5", "--json")
    lrs = json.loads(out.stdout)["lrs"]
    assert lrs[:10] == [0.1] * 10 and lrs[10] == 0.05 and lrs[-1] == 0.0125


@pytest.mark.parametrize(
    "args, message",
    [
        (["--lr", "-0.1"], "learning rate must be > 0, got -0.1"),
        (["--lr", "0.1", "--momentum", "1"], "momentum must be >= 0 and < 1, got 1"),
        (["--lr", "0.1", "--steps", "100000"], "steps must be a whole number from 1 to 20000"),
        (["--lr", "0.1", "--schedule", "warp"], "unknown schedule 'warp'"),
        (["--lr", "0.1", "--start", "1", "nan"], "start must be two finite numbers"),
    ],
)
def test_optim_invalid_values_exit_2_with_one_line(args, message):
    out = run("optim", "--surface", "rosenbrock", "--optimizer", "momentum", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_optim_unknown_surface_and_optimizer():
    for args in (["--surface", "moon", "--optimizer", "sgd"], ["--surface", "beale", "--optimizer", "lion"]):
        out = run("optim", *args, "--lr", "0.1")
        assert out.returncode == 2 and "unknown" in out.stderr


def test_search_json_for_a_benchmark_has_regret():
    out = run("search", "--objective", "branin", "--strategy", "random", "--budget", "8", "--seed", "2", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert len(data["trials"]) == 8 and {"params", "value", "state"} <= set(data["trials"][0])
    assert data["best"]["value"] == min(t["value"] for t in data["trials"])
    assert data["regret"] == pytest.approx(data["best"]["value"] - 0.397887357729738)
    assert data["best_so_far"] == sorted(data["best_so_far"], reverse=True)


def test_search_json_for_a_model_keeps_fold_scores():
    out = run("search", "--objective", "iris:logistic", "--strategy", "grid", "--budget", "3", "--folds", "3",
              "--no-cache", "--json")
    data = json.loads(out.stdout)
    assert all(len(t["info"]["fold_scores"]) == 3 for t in data["trials"])
    assert "regret" not in data


@pytest.mark.parametrize(
    "args, message",
    [
        (["--objective", "branin", "--strategy", "random", "--budget", "0"], "budget must be a whole number"),
        (["--objective", "moon", "--strategy", "random", "--budget", "5"], "unknown objective 'moon'"),
        (["--objective", "iris:svc", "--strategy", "anneal", "--budget", "5"], "unknown strategy 'anneal'"),
        (["--objective", "iris:svc", "--strategy", "random", "--budget", "5", "--metric", "neg_mse"],
         "does not fit a classification dataset"),
    ],
)
def test_search_invalid_input_exits_2_with_one_line(args, message):
    out = run("search", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


# issue 10, 7: each of these printed a traceback, a wrong result or nothing useful
@pytest.mark.parametrize(
    "argv, message",
    [
        (["optim", "--schedule", "step", "step_size=1e308"], "step_size must be a whole number from 1 to 1,000,000,000"),
        (["optim", "--schedule", "cosine", "T_max=inf"], "schedule 'cosine': T_max must be a finite number, got inf"),
        (["optim", "--surface-param", "condition=inf", "--json"], "surface 'quadratic': condition must be a finite"),
        (["optim", "--start", "1e200", "1e200", "--json"], "start must lie within ±10,000 on both axes"),
        (["optim", "--start", "1e200", "1e200"], "start must lie within ±10,000 on both axes"),
        (["optim", "--threshold", "inf"], "the threshold must be a finite number > 0, got inf"),
        (["optim", "--threshold", "nan"], "the threshold must be a finite number > 0, got nan"),
        (["optim", "--threshold", "-1"], "the threshold must be a finite number > 0, got -1"),
        (["optim", "--lr", "1e39"], "learning rate must be at most 1,000, got 1e+39"),
        (["search", "--n-jobs", "100000"], "n_jobs must be -1 (all cores) or from 1 to 8, got 100000"),
        (["search", "--strategy", "grid", "--seed", "-1"], "seed must be a whole number from 0 to 4294967295, got -1"),
        (["search", "--objective", "digits:random_forest", "--budget", "500", "--folds", "20"],
         "CPU-seconds; the limit is 240 CPU-seconds per request"),
    ],
)
def test_cli_edges_are_one_line_and_exit_2(argv, message):
    defaults = {"optim": ["--surface", "quadratic", "--optimizer", "sgd", "--lr", "0.1", "--steps", "20"],
                "search": ["--objective", "iris:svc", "--strategy", "random", "--budget", "2", "--no-cache"]}
    given = {a for a in argv if a.startswith("--")}
    base = defaults[argv[0]]
    kept = [x for i, x in enumerate(base) if not (x.startswith("--") and x in given)
            and not (i > 0 and base[i - 1] in given)]
    out = run(argv[0], *kept, *argv[1:])
    assert out.returncode == 2, out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_validate_run_reports_an_impossible_schedule_without_a_traceback(tmp_path):
    bank = (ROOT / "tests/content/fixtures/valid.yaml").read_text() + """
  - id: sched-huge
    type: numeric
    difficulty: easy
    topics: [lr-schedules]
    roles: [ml-engineer]
    prompt: What is the rate at step 3?
    answer: {value: 0.1, abs_tol: 0.001}
    explanation: e
    model_answer: m
    key_points: [k]
    common_mistakes: [c]
    follow_ups: [f]
    simulation:
      scenario: schedule
      params: {schedule: step, schedule_params: {step_size: 1.0e+308}, lr0: 0.1, steps: 10, at: 3}
      check: {metric: lr}
"""
    path = tmp_path / "bank.yaml"
    path.write_text(bank)
    out = run("validate", "--run", str(path))
    assert out.returncode == 1 and "Traceback" not in out.stderr + out.stdout
    assert "step_size must be a whole number from 1 to 1,000,000,000" in out.stdout


# --------------------------------------------------------------------------- draw
FORMS_DIR = "tests/content/forms"


def test_validate_json_counts_the_forms():
    out = run("validate", "--json", FORMS_DIR)
    assert json.loads(out.stdout)["by_form"] == {"plot": 1, "generated": 1, "code": 1, "derivation": 1, "live": 0}


def test_draw_prints_one_instance_of_a_generated_question_as_json():
    out = run("draw", "form-generated", "--seed", "5", "--json", "--content", FORMS_DIR)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert d["id"] == "form-generated" and d["seed"] == 5 and d["forms"] == ["generated"]
    assert "{g}" not in d["prompt"] and str(d["values"]["g"]) in d["prompt"]
    assert d["answer"]["value"] == d["outputs"]["answer"] and d["computed_by"] == "torch.optim"
    again = json.loads(run("draw", "form-generated", "--seed", "5", "--json", "--content", FORMS_DIR).stdout)
    assert again == d  # the seed reproduces it


def test_draw_a_plot_question_names_its_letters():
    d = json.loads(run("draw", "form-plot", "--seed", "2", "--json", "--content", FORMS_DIR).stdout)
    assert d["choices"] == ["A", "B", "C"] and d["letters"][d["answer"]] == "wild"
    assert d["figure"] == {"view": "loss", "series": ["A", "B", "C"]}


def test_draw_a_plain_question_and_a_derivation_in_text():
    out = run("draw", "lr-one-step-distance")
    assert out.returncode == 0 and "Answer: 0.015 (within ±1e-06)" in out.stdout
    out = run("draw", "form-derivation", "--content", FORMS_DIR)
    assert "Step 2: For which factor" in out.stdout and "answer: 2 (within ±0)" in out.stdout
    assert out.stdout.rstrip().endswith("Answer: 0.5 (within ±0.001)")


def test_draw_writes_a_multi_choice_key_as_a_set_and_an_ordering_in_order():
    """The fact-check: draw joined a multi-choice's right options with "->", as if they were an order."""
    multi = run("draw", "met-regression-error-facts").stdout
    answer = next(line for line in multi.splitlines() if line.startswith("Answer: "))
    assert "->" not in answer and "; " in answer
    ordering = run("draw", "tp-order-end-to-end").stdout
    assert " -> " in next(line for line in ordering.splitlines() if line.startswith("Answer: "))


@pytest.mark.parametrize(
    "args, message",
    [
        (["draw", "form-generatd", "--content", FORMS_DIR],
         "python -m engine draw: error: no question with id 'form-generatd'; did you mean 'form-generated'?"),
        (["draw", "form-plot", "--seed", "-1", "--content", FORMS_DIR],
         "python -m engine draw: error: seed must be a whole number from 0, got -1"),
        (["draw", "form-plot", "--content", "no/such/folder"],
         "python -m engine draw: error: no such file or folder: no/such/folder"),
        (["draw", "form-plot", "--seed", "x"],
         "python -m engine draw: error: argument --seed: invalid int value: 'x'"),
    ],
)
def test_draw_errors_are_one_line_and_exit_2(args, message):
    out = run(*args)
    assert (out.returncode, out.stdout, out.stderr.strip()) == (2, "", message)


def test_a_snippet_is_still_checked_when_its_questions_figure_cannot_run(monkeypatch):
    """validate --run: a question with a figure and a code snippet keeps the snippet's verdict
    when the figure's simulation fails (it used to be skipped with the figure)."""
    from engine import cli
    from engine.content.loader import load_library
    from engine.sim import scenarios
    from tests.conftest import ROOT

    lib = load_library([ROOT / "content"])
    plot = next(q for q in lib.interview_questions if q.figure is not None and q.simulation is not None)
    snippet = next(q for q in lib.interview_questions if q.code is not None and q.code.run)
    both = plot.model_copy(update={"code": snippet.code})

    def refuse(*_args, **_kwargs):
        raise ValueError("no run today")

    monkeypatch.setattr(scenarios, "run_scenario", refuse)
    out = cli._run_claims([both])
    assert out[0]["detail"] == "cannot run: no run today"
    assert [v["metric"] for v in out[1:]] == ["form:code"]


def test_draw_and_validate_see_an_interview_only_bank(tmp_path, monkeypatch):
    """The authors' audit: an interview-only bank counted '0 questions' and draw said its questions
    did not exist, so its author could not preview a variant."""
    text = (FIXTURES / "valid.yaml").read_text().replace("title: A valid bank", "title: Ours\nprivate: true", 1)
    (tmp_path / "ours.yaml").write_text(text)
    out = run("validate", str(tmp_path))
    assert out.returncode == 0 and "1 valid banks, 0 questions (and 5 interview-only), 0 errors" in out.stderr
    out = run("draw", "valid-numeric", "--content", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("valid-numeric (seed 0, numeric")
    # the deployment's interview-only folder, as validate reads it (the README audit: draw did not)
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "secret.yaml").write_text((FIXTURES / "valid.yaml").read_text().replace("id: valid-", "id: secret-"))
    monkeypatch.setenv("TUNELAB_PRIVATE_DIR", str(folder))
    out = run("draw", "secret-numeric")
    assert out.returncode == 0 and out.stdout.startswith("secret-numeric (seed 0, numeric"), out.stderr
    (tmp_path / "broken.yaml").write_text("bank: b\ntitle: B\nquestions: []\n")
    out = run("draw", "nothing-like-it", "--content", str(tmp_path))
    assert out.returncode == 2 and "(1 bank file with errors left out: python -m engine validate lists them)" in out.stderr
