"""The shipped question banks: valid, and as broad as the issue asks."""

from __future__ import annotations

import re

import pytest

from engine.content.loader import load_library
from tests.conftest import ROOT

LIB = load_library([ROOT / "content"])


def test_every_bank_is_valid():
    assert [str(e) for e in LIB.errors] == []


def test_size_and_spread():
    s = LIB.stats()
    assert s["banks"] >= 8
    assert s["questions"] >= 150
    assert all(n >= 30 for n in s["by_difficulty"].values()), s["by_difficulty"]
    assert all(n >= 10 for n in s["by_type"].values()), s["by_type"]
    assert all(n >= 5 for n in s["by_role"].values()), s["by_role"]
    assert all(n >= 3 for n in s["by_topic"].values()), s["by_topic"]


#: the syllabus every audience is examined on (the mission's list); the generative topics,
#: answer structure and production constraints are extras some roles need more than others
SYLLABUS = ("parameters-vs-hyperparameters", "overfitting-underfitting", "grid-search", "random-search",
            "bayesian-optimisation", "cross-validation", "tuning-process", "metrics", "resource-management",
            "experiment-tracking", "training-loop", "learning-rate", "lr-schedules", "sgd-momentum",
            "adaptive-optimisers")


def test_every_role_can_practise_the_whole_syllabus():
    """A candidate who filters Practice by their role meets every syllabus topic several times:
    creative roles once had two questions each on grid, random and Bayesian search and on
    cross-validation, against 16 to 49 for a data scientist."""
    from engine.content.topics import ROLES

    thin = {(role, topic): n for role in ROLES for topic in SYLLABUS
            if (n := sum(role in q.roles and topic in q.topics for q in LIB.questions)) < 4}
    assert thin == {}


def test_bank_slug_matches_file_name():
    for lb in LIB.banks:
        assert lb.source.endswith(f"{lb.bank.bank}.yaml"), lb.source


@pytest.mark.parametrize("q", LIB.questions, ids=lambda q: q.id)
def test_question_quality(q):
    # choice texts are shuffled on screen, so a choice that refers to the others cannot work
    if q.type in ("single_choice", "multi_choice"):
        for c in q.choices:
            assert not re.search(r"\b(all|none|both) of the (above|others)\b", c, re.I), c
    if q.type == "multi_choice":
        assert len(q.answer) < len(q.choices), "at least one option must be wrong"
    assert len(q.explanation) >= 80, "an explanation says why right is right and wrong is wrong"
    assert len(q.model_answer) >= 60


#: how much longer than the longest wrong option the right one may be before its length gives it away
LENGTH_CUE = 1.15
#: options shorter than this are names or numbers ("Adam", "0.01"): their lengths say nothing
SENTENCE = 30
SENTENCE_CHOICES = [q for q in LIB.questions if q.type == "single_choice"
                    and max(len(c) for c in q.choices) >= SENTENCE]


def _longest_wrong(q) -> int:
    return max(len(c) for c in q.choices if c != q.answer)


@pytest.mark.parametrize("q", SENTENCE_CHOICES, ids=lambda q: q.id)
def test_the_right_option_is_not_given_away_by_its_length(q):
    # a candidate who picks the longest option should not be rewarded: banks tend to write the
    # right answer with every qualification and the wrong ones in a few words
    longest_wrong = _longest_wrong(q)
    assert len(q.answer) <= LENGTH_CUE * longest_wrong, (
        f"the right option has {len(q.answer)} characters, the longest wrong one {longest_wrong}: "
        "make a wrong option as specific, or the right one shorter")


#: a derivation's one-choice steps whose options are sentences: (question, step number, step)
SENTENCE_STEPS = [(q, i, step) for q in LIB.questions for i, step in enumerate(q.steps or [], 1)
                  if step.type == "single_choice" and max(len(c) for c in step.choices) >= SENTENCE]


@pytest.mark.parametrize("q, i, step", SENTENCE_STEPS, ids=[f"{q.id}:step{i}" for q, i, _ in SENTENCE_STEPS])
def test_a_derivation_steps_right_option_is_not_given_away_by_its_length(q, i, step):
    # the same cue as above, inside a derivation (an audit found a step's right option 2.9x the longest wrong one)
    longest_wrong = max(len(c) for c in step.choices if c != step.answer)
    assert len(step.answer) <= LENGTH_CUE * longest_wrong, (
        f"step {i}: the right option has {len(step.answer)} characters, the longest wrong one {longest_wrong}")


def test_picking_the_longest_option_or_never_picking_it_does_not_pay():
    # by chance the right one of three to five options is the longest a quarter to a third of the
    # time; far above that rewards picking the longest, far below rewards ruling it out
    longest = [q for q in SENTENCE_CHOICES
               if len(q.answer) > _longest_wrong(q)]
    assert 0.15 <= len(longest) / len(SENTENCE_CHOICES) <= 0.45, sorted(q.id for q in longest)


#: "Answering 0.181 gives ...": how a numeric question's explanation names a tempting wrong number
NAMED_MISTAKE = re.compile(r"\b[Aa]nswering\s+(?:about\s+)?\$?(-?\d[\d,]*(?:\.\d+)?(?:e-?\d+)?)")
NAMED = [(q, m.group(1).replace(",", "")) for q in LIB.questions
         if q.type == "numeric" and q.answer.value is not None for m in NAMED_MISTAKE.finditer(q.explanation)]


@pytest.mark.parametrize("q, wrong", NAMED, ids=[f"{q.id}={w}" for q, w in NAMED])
def test_a_wrong_number_the_explanation_names_is_graded_wrong(q, wrong):
    # a tolerance wide enough to take the slip the explanation warns about would grade it right
    from engine.content.grading import numeric_matches

    assert not numeric_matches(float(wrong), q.answer.value, q.answer.abs_tol, q.answer.rel_tol), (
        f"{wrong} is within the tolerance of {q.answer.value}")


#: words that make a statement absolute: wrong options carried them far more often than right ones
#: (29% against 12%), so "rule out the option that says always" paid
ABSOLUTE = {"always", "never", "only", "every", "all", "cannot", "must", "no", "none", "any", "guarantee",
            "guarantees", "guaranteed", "impossible", "entirely", "completely"}


def test_absolute_words_mark_neither_the_wrong_options_nor_the_right_ones():
    right, wrong = [], []
    for q in LIB.questions:
        if q.type in ("single_choice", "multi_choice"):
            answers = {q.answer} if q.type == "single_choice" else set(q.answer)
            for c in q.choices:
                (right if c in answers else wrong).append(bool(ABSOLUTE & set(re.findall(r"[a-z]+", c.lower()))))
    in_wrong, in_right = sum(wrong) / len(wrong), sum(right) / len(right)
    assert abs(in_wrong - in_right) <= 0.05, f"options with an absolute word: wrong {in_wrong:.0%}, right {in_right:.0%}"


def test_every_shipped_simulation_names_its_runs_apart():
    """The live-check walk-through: four runs read "SGD, lr 0.05" in the legend and the measured
    line, differing by their schedules alone; two saddle runs by their starts."""
    from engine.content.loader import load_library
    from engine.labels import run_names
    from tests.conftest import ROOT

    for q in load_library([ROOT / "content"]).questions:
        if q.simulation is not None:
            names = list(run_names(q.simulation.params).values())
            assert len(names) == len(set(names)), (q.id, names)


#: how a prompt asks for decimal places: "Give 2 decimal places", "to one decimal place", "(to 3 decimals)",
#: "a decimal rounded to 3 places"
ASKED_PLACES = re.compile(r"\b(\d|one|two|three|four|five|six)\s+(?:decimal(?:s|\s+places?)|places)\b", re.IGNORECASE)
PLACE_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
#: how a prompt asks for a whole number: "Give a whole number", "Answer with the integer depth", "Give whole
#: dollars", "Round to a whole percent" (not "drawn from the whole numbers 10 to 59", which asks nothing)
ASKED_WHOLE = re.compile(r"\b(?:give|answer with|as|round to)\s+(?:a\s+|an\s+|the\s+(?:exact\s+)?)?"
                         r"(?:whole\s+(?:number|percent|dollars?)|integer)\b", re.IGNORECASE)


def _asked_places(prompt: str) -> int | None:
    flat = " ".join(prompt.split())
    asked = {int(w) if w.isdigit() else PLACE_WORDS[w.lower()] for w in ASKED_PLACES.findall(flat)}
    asked |= {0} if ASKED_WHOLE.search(flat) else set()
    assert len(asked) <= 1, f"the prompt asks for {sorted(asked)} decimal places"
    return asked.pop() if asked else None


def _numeric_answers(q):
    """(prompt, answer) of each numeric answer of ``q``: its own, and its derivation steps'."""
    own = [(q.prompt, q.answer)] if q.type == "numeric" else []
    return own + [(s.prompt, s.answer) for s in (getattr(q, "steps", None) or []) if s.type == "numeric"]


NUMERIC = [q for q in LIB.questions if _numeric_answers(q)]


@pytest.mark.parametrize("q", NUMERIC, ids=[q.id for q in NUMERIC])
def test_a_key_is_written_with_the_decimal_places_its_prompt_asks_for(q):
    """A question asking for one decimal place showed its key as "19", not "19.0" (session 30's note);
    ``places`` writes it as asked, and the key so written still grades right. A question asking for a
    whole number has ``places: 0``, so a typed fraction is refused in words, not graded wrong."""
    from engine.content.answers import key_number
    from engine.content.grading import numeric_matches
    from engine.forms.instance import draw

    for prompt, a in _numeric_answers(q):
        assert a.places == _asked_places(prompt), f"places: {a.places} for {prompt!r}"
    if not any(a.places is not None for _, a in _numeric_answers(q)):
        return
    drawn = [q] if q.variables is None else [draw(q, seed).question for seed in range(3)]
    for each in drawn:
        for _, a in _numeric_answers(each):
            shown = key_number(a.value, a.abs_tol, a.rel_tol, a.places)
            assert numeric_matches(float(shown.replace(",", "")), a.value, a.abs_tol, a.rel_tol), (shown, a.value)
