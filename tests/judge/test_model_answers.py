"""The judge recognises the banks' own model answers.

A free-text question's model answer is what a strong candidate says; when the judge reads it as
missing most key points, a candidate who answers as well is told, with high confidence, that they
covered nothing, and must correct every tick by hand. That happens when a key point describes how
an answer is delivered ("state the mechanism confidently first") rather than what it says, which
no sentence of an answer states: such points are written as the content they stand for. (The
judge found too few points in its own model answer for 12 of 56 questions on 2026-12-04.)
"""

from __future__ import annotations

import pytest

from engine.content.grading import FREE_TEXT_PASS
from engine.content.loader import load_library
from tests.conftest import ROOT

FREE_TEXT = [q for q in load_library([ROOT / "content"]).questions if q.type == "free_text"]
#: questions of the judge's labelled sets (``benchmarks/free_text_labels*.yaml``), whose key points
#: are labelled by position and so stay as they were when labelled: the judge's misses of
#: 2026-12-04 (2 or 3 points of 5 found), which its benchmark reports
LABELLED_MISSES = {"cv-nested-why", "cv-score-vs-production", "pf-manager-training-accuracy"}


@pytest.mark.parametrize("q", [pytest.param(q, marks=pytest.mark.xfail(reason="a labelled miss"))
                               if q.id in LABELLED_MISSES else q for q in FREE_TEXT], ids=lambda q: q.id)
def test_the_model_answer_covers_its_own_key_points(judge, q):
    # coverage, the share a pass needs; not the contradiction flags, which come from an int8 model
    # whose kernels (and so its borderline calls) differ from one CPU to another
    verdict = judge.judge(q, q.model_answer)
    assert verdict.score >= FREE_TEXT_PASS, [(p.text, p.covered) for p in verdict.points]


def test_the_known_misses_are_still_labelled_questions():
    import yaml

    labelled = {q["id"] for name in ("free_text_labels.yaml", "free_text_labels_fresh.yaml")
                for q in yaml.safe_load((ROOT / "benchmarks" / name).read_text())["questions"]}
    assert LABELLED_MISSES <= labelled
