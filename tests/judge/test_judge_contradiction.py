"""'Contradicted' and 'covered' on the evidence a hiring team's walk-through found wrong (audit 6, finding 1).

A correct sentence was marked "contradicted · 99%" on a neighbouring key point, an answer made of one
key point had another marked contradicted, and an answer made of a listed common mistake had two key
points marked covered. The key points of a question are all true, so a sentence that states one of them
is no evidence against another.
"""

from __future__ import annotations

import pytest

from engine.content.loader import load_text

#: the uploaded bank's free-text question from the walk-through, as a team would upload it
WARMUP_BANK = """\
bank: team-upload
title: Team upload for this interview
questions:
  - id: team-free-warmup
    type: free_text
    difficulty: medium
    topics: [lr-schedules]
    roles: [ml-engineer]
    prompt: Why do large transformer runs use a learning-rate warm-up?
    explanation: Early on Adam's second-moment estimates are poor and the weights are random, so big steps are unstable.
    model_answer: >
      At the start the adaptive optimiser's variance estimates are unreliable and the model is far from a good region,
      so full-size steps can diverge. A warm-up raises the learning rate gradually so training stays stable.
    key_points:
      - Early variance estimates of the optimiser are unreliable
      - Full-size steps at the start can make training diverge
      - A warm-up raises the learning rate gradually
    common_mistakes: [Saying warm-up is only about speed]
    follow_ups: [How long a warm-up would you use?]
"""
VARIANCE = "Early variance estimates of the optimiser are unreliable"
DIVERGE = "Full-size steps at the start can make training diverge"
GRADUAL = "A warm-up raises the learning rate gradually"
MISTAKE_ONLY = "It is only to make training faster; it has nothing to do with stability."


@pytest.fixture(scope="module")
def warmup():
    loaded, errors = load_text(WARMUP_BANK, "team-upload.yaml", upload=True)
    assert not errors and loaded is not None
    (question,) = [q for q in loaded.bank.questions if q.type == "free_text"]
    return question


def by_text(judgement):
    return {p.text: p for p in judgement.points}


def test_a_correct_sentence_is_not_contradicted_on_a_neighbouring_point(judge, warmup):
    # was: "contradicted 99%" on DIVERGE, citing this very sentence (NLI 0.991), while it covered VARIANCE
    j = judge.judge(warmup, "warm-up keeps early steps small because variance estimates are unreliable.")
    points = by_text(j)
    assert j.status == "judged"
    assert not any(p.contradicted for p in j.points)
    assert points[VARIANCE].covered
    assert not points[DIVERGE].covered  # not said either: the sentence is simply no evidence about it


def test_a_full_right_answer_covers_every_point(judge, warmup):
    j = judge.judge(warmup, "Early in training the optimiser's variance estimates are unreliable, so full-size steps "
                            "can make training diverge. A warm-up raises the learning rate gradually from a small "
                            "value.")
    assert j.covered == [VARIANCE, DIVERGE, GRADUAL] and j.correct


@pytest.mark.parametrize("qid", ["cop-ema-decay-choice", "mio-take-home-exercise"])
def test_an_answer_made_of_one_key_point_contradicts_no_other(judge, bank, qid):
    # was: "The EMA is a separate copy of the weights..." contradicted "In a 4,000-step fine-tune 0.9999 leaves
    # about two thirds..." (and "Compare raw and EMA weights..."), at 0.99; likewise on the take-home question
    q = bank.question(qid)
    for point in q.key_points:
        j = judge.judge(q, point)
        said = by_text(j)[point]
        assert said.covered, point
        assert [p.text for p in j.points if p.contradicted] == [], point


def test_a_sentence_against_a_point_is_still_contradicted_beside_right_ones(judge, bank):
    """The rule spares only sentences that state a key point: a wrong sentence in an answer that also
    states other points right is still flagged (the labelled misconception answer on this question)."""
    text = ("The running mean and variance are trainable parameters, because the optimiser updates them with "
            "gradients like any weight. Gamma and beta are hyperparameters that you set before training. The "
            "number of boosting rounds from early stopping is a parameter, since it is set automatically rather "
            "than by hand. Batch size is a hyperparameter that affects gradient noise, speed and memory.")
    j = judge.judge(bank.question("pf-where-is-the-line"), text)
    points = by_text(j)
    assert points["Running statistics are data-estimated buffers, not optimised parameters"].contradicted
    assert points["Batch size is a hyperparameter affecting noise, speed and memory"].covered
    assert not j.correct


def test_the_listed_mistake_in_its_own_words_covers_nothing(judge, warmup):
    j = judge.judge(warmup, "Warm-up is only about speed.")
    assert j.covered == [] and not j.correct


def test_an_answer_made_of_the_listed_mistake_does_not_pass(judge, warmup):
    assert not judge.judge(warmup, MISTAKE_ONLY).correct


@pytest.mark.xfail(strict=True, reason=(
    "not fixed: 'It is only to make training faster;' is closer (all-MiniLM-L6-v2) to DIVERGE (0.59) and "
    "GRADUAL (0.45) than to the listed mistake 'Saying warm-up is only about speed' (0.40): without its subject "
    "the passage does not read as the mistake (with it, 'Warm-up is only to make training faster' is 0.75 from "
    "the mistake), so mistake_margin is negative and the rule covers both points at 0.54 and 0.59. Raising "
    "COVERED_AT to 0.6 would stop it but costs kappa 0.793 -> 0.666 on tuning and 0.672 -> 0.646 on heldout"))
def test_an_answer_made_of_the_listed_mistake_covers_no_point(judge, warmup):
    assert judge.judge(warmup, MISTAKE_ONLY).covered == []
