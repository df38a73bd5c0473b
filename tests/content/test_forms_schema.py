"""The form blocks (figure, variables + compute, code, steps): valid banks load, and every broken
rule is reported as ``file:line: field path: message`` at the line of the field at fault."""

from __future__ import annotations

import pytest

from engine.content.loader import load_library, load_text
from engine.forms import FORMS, forms_of
from tests.conftest import FORMS_BANK

BANK = FORMS_BANK
TEXT = BANK.read_text()


def line_of(text: str, snippet: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(snippet, start)].count("\n") + 1


def errors_of(text: str, trusted: bool = True) -> list[str]:
    _, errors = load_text(text, "b.yaml", trusted=trusted)
    return [str(e) for e in errors]


def test_one_question_of_each_form_loads_and_is_counted():
    lib = load_library([BANK])
    assert lib.errors == ()
    assert {q.id: forms_of(q) for q in lib.questions} == {
        "form-plot": ["plot"], "form-generated": ["generated"], "form-code": ["code"],
        "form-derivation": ["derivation"]}
    # the plot's simulation draws its figure: no "Run it", so not "Check it live"
    assert lib.stats()["by_form"] == {**dict.fromkeys(FORMS, 1), "live": 0}


def broken(old: str, new: str) -> str:
    assert old in TEXT, old
    return TEXT.replace(old, new, 1)


CASES = [
    # (replace this, with this, the field path, the message, the text whose line is reported)
    ("    figure: {view: loss, neutral_labels: true}\n    simulation:", "    figure: {view: loss}\n    simulat1on:",
     None, None, None),
    ("figure: {view: loss, neutral_labels: true}", "figure: {view: fit, neutral_labels: true}",
     "questions[0].figure.view", "'fit' draws a fitting scenario, not optimizer", "figure: {view: fit"),
    ("{label: wild, optimizer", "{label: Wild-1, optimizer",
     "questions[0].figure.neutral_labels", "run label 'Wild-1' must be a plain lower-case identifier "
     "(letters, digits, _), as texts refer to it as {label}", "figure: {view: loss"),
    ("Curve {wild} climbs", "Curve {wilde} climbs",
     "questions[0].explanation", "'{wilde}' is not a run label (slow, good, wild)", "explanation: Curve"),
    ("compute: {fn: optimizer_steps,", "compute: {fn: optimiser_steps,",
     "questions[1].compute.fn", "unknown computation 'optimiser_steps'; known: optimizer_steps, schedule_lr, "
     "cv_fits, split_sizes, binary_metrics, multiclass_metrics, regression_metrics, ranking_scores, log_loss, "
     "cross_entropy, mlp_parameters, loader_steps, clip_gradients", "compute: {fn"),
    ("grads: [$g]", "grads: [$grad]",
     "questions[1].compute.args", "'$grad' is not a declared variable", "compute: {fn"),
    ("(lr {lr}, default betas)", "(lr {lr}, default betas, ending at {answer})",
     "questions[1].prompt", "'{answer}' is a computed output; showing it before the answer would give the "
     "answer away", "prompt: A weight at 0"),
    ("gets the gradient {g} on", "gets a gradient on",
     "questions[1].prompt", "the computation uses 'g' but no text shown before the answer says its value; "
     "add {g}", "prompt: A weight at 0"),
    ("      g: {low: 0.5, high: 4.0, step: 0.5}", "      g: {low: 4.0, high: 0.5}",
     "questions[1].variables.g", "low (4.0) must be below high (0.5)", "      g: {low"),
    ("    answer: {rel_tol: 0.01}", "    answer: {rel_tol: 0.01, output: nope}",
     "questions[1].answer.output", "optimizer_steps has no output 'nope'; it gives answer, update, first_update, "
     "m, v, buf, state_sum, square_avg", "    answer: {rel_tol: 0.01"),
    ("    answer: {value: 6, abs_tol: 0}", "    answer: {abs_tol: 0}",
     "questions[2].answer.value", "required (only a generated question computes its answer)",
     "    answer: {abs_tol: 0}"),
    ("run: {answer_in_stdout: true, timeout_s: 20}", "run: {answer_in_stdout: true, stdout: '6'}",
     "questions[2].code.run", "give exactly one claim: stdout (what it prints) or answer_in_stdout: true",
     "      run: {"),
    # a format the templates do not fill passed every check and reached the learner as "{answer:d}"
    ("the weight ends at {answer:.4g}.", "the weight ends at {answer:d}.",
     "questions[1].explanation", "'{answer:d}' has a format the templates do not fill; write {answer}, or a "
     "number format such as {answer:.3g}, {answer:.2f}, {answer:.2e} or {answer:.1%}", "    explanation: Adam's"),
    ("Curve {wild} climbs", "Curve {wild:,} climbs",
     "questions[0].explanation", "'{wild:,}' has a format the templates do not fill; write {wild}, or a "
     "number format such as {wild:.3g}, {wild:.2f}, {wild:.2e} or {wild:.1%}", "explanation: Curve"),
    ("        answer: \"(1 - lr h) x\"", "        answer: \"(1 - h) x\"",
     "questions[3].steps[0].answer", "answer '(1 - h) x' is not one of the choices", "        answer: \"(1 - h)"),
]


@pytest.mark.parametrize("old, new, path, message, at", CASES[1:], ids=[c[2] for c in CASES[1:]])
def test_each_broken_rule_is_reported_at_its_field(old, new, path, message, at):
    text = broken(old, new)
    assert errors_of(text) == [f"b.yaml:{line_of(text, at)}: {path}: {message}"]


def test_a_derivation_ends_in_a_checkable_answer():
    text = broken("    type: numeric\n    difficulty: medium\n    topics: [learning-rate]\n    roles: [ml-engineer]\n"
                  "    prompt: Derive", "    type: free_text\n    difficulty: medium\n    topics: [learning-rate]\n"
                  "    roles: [ml-engineer]\n    prompt: Derive").replace("    answer: {value: 0.5, abs_tol: 0.001}\n", "")
    assert errors_of(text) == [f"b.yaml:{line_of(text, '    steps:', after='id: form-derivation')}: questions[3].steps: a derivation ends in a "
                               "checkable answer; use another type than free_text"]


def test_a_figure_needs_its_simulation():
    start, end = TEXT.index("    simulation:\n"), TEXT.index("      check: {metric: diverged}\n")
    text = TEXT[:start] + TEXT[end + len("      check: {metric: diverged}\n"):]
    assert errors_of(text) == [f"b.yaml:{line_of(text, '    figure: {view: loss')}: questions[0].figure: a figure is "
                               "drawn from the question's simulation; add a simulation block"]


def test_choices_that_are_run_labels_need_no_expect_but_others_do():
    text = broken("    choices: [slow, good, wild]\n    answer: wild",
                  "    choices: [slow, good, fast]\n    answer: fast")
    (err,) = errors_of(text)
    assert "simulation.check.expect must map every one of the choices (and nothing else), unless the choices " \
           "are all run labels" in err


def test_an_upload_may_show_code_but_never_ask_for_it_to_be_run():
    run_line = line_of(TEXT, "      run: {answer_in_stdout")
    assert errors_of(TEXT, trusted=False) == [
        f"b.yaml:{run_line}: questions[2].code.run: an uploaded bank cannot ask the engine to run its code; "
        "remove 'run' (the code is still shown)"]
    shown_only = TEXT.replace("      run: {answer_in_stdout: true, timeout_s: 20}\n", "")
    bank, errors = load_text(shown_only, "b.yaml", trusted=False)
    assert errors == [] and bank.bank.questions[2].code.run is None


def test_a_plain_question_leaves_braces_alone():
    from engine.forms.instance import draw

    q = load_library([BANK]).question("form-derivation")
    assert draw(q, 3).question is q  # nothing to draw: the instance is the question itself


def draw_concrete(q):
    """The question as a card shows it, without running its figure's simulation."""
    from engine.forms.instance import _concretise

    return _concretise(q, {}, {}, {})


def test_live_form_is_every_question_run_it_measures():
    """The live-check walk-through looked for "Run it" questions in the Form filter and found none."""
    from tests.conftest import ROOT

    lib = load_library([ROOT / "content"])
    live = {q.id for q in lib.questions if "live" in forms_of(q)}
    # a plot question's simulation draws its figure and its card has no "Run it" (the instance drops
    # the simulation): the filter offered 30 of them (the ML engineer's walk-through)
    runs_it = {q.id for q in lib.questions if q.simulation is not None and
               draw_concrete(q).simulation is not None}
    assert live == runs_it and len(live) > 50
    assert FORMS["live"].title == "Check it live"
